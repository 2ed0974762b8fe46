import functools

from django.contrib import messages
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from renkei.agreements.scoping import agreement_get_for, agreements_visible_to
from renkei.agreements.selectors import agreement_list_public
from renkei.core.dates import date_parse
from renkei.core.errors import ApplicationError, NotFound
from renkei.core.views import scoped_page
from renkei.registry import selectors, services
from renkei.registry.models import AccreditationEvent
from renkei.registry.provisions import NotProvided
from renkei.screening.models import SourceType
from renkei.screening.selectors import links_for


def _scoped(fn):
    """As every scoped page, and a plain "not provided" page where the MOC has no register."""

    @functools.wraps(fn)
    def wrapper(request, *args, **kwargs):
        try:
            return fn(request, *args, **kwargs)
        except NotProvided:
            agreement = agreement_get_for(request.user, kwargs.get("code", ""))
            return render(
                request, "registry/not_provided.html", {"agreement": agreement}, status=404
            )

    return scoped_page(wrapper)


@_scoped
def organisation_list(request, code: str):
    error = None
    if request.method == "POST":
        try:
            organisation = services.sending_org_create(
                actor=request.user,
                agreement_code=code,
                name_original=request.POST.get("name_original", ""),
                name_latin=request.POST.get("name_latin", ""),
                name_ja=request.POST.get("name_ja", ""),
                licence_number=request.POST.get("licence_number", ""),
                address=request.POST.get("address", ""),
                phone=request.POST.get("phone", ""),
                representative=request.POST.get("representative", ""),
                officers=[
                    line for line in request.POST.get("officers", "").splitlines() if line.strip()
                ],
            )
            messages.success(request, _("Organisation registered."))
            return redirect("registry:detail", organisation.agreement.code, organisation.pk)
        except ApplicationError as exc:
            if isinstance(exc, NotFound | NotProvided):
                raise
            error = exc
    q = request.GET.get("q", "")
    agreement, queryset = selectors.sending_org_list_for(request.user, code, q)
    today = timezone.localdate()
    rows = [(o, selectors.organisation_status(o, today)) for o in queryset[:200]]
    return render(
        request,
        "registry/list.html",
        {
            "agreement": agreement,
            "rows": rows,
            "q": q,
            "error": error,
            "post": request.POST,
            "can_register": request.user.is_partner,
            "unaccredited_referrals": selectors.referrals_naming_unaccredited(
                request.user, agreement
            ),
        },
        status=400 if error else 200,
    )


@_scoped
def organisation_detail(request, code: str, organisation_id: int):
    return _render_detail(request, code, organisation_id)


@_scoped
@require_POST
def event_create(request, code: str, organisation_id: int):
    organisation = selectors.sending_org_get_for(request.user, code, organisation_id)
    try:
        services.accreditation_record(
            actor=request.user,
            organisation=organisation,
            kind=request.POST.get("kind", ""),
            effective_date=date_parse(request.POST.get("effective_date")) or timezone.localdate(),
            valid_until=date_parse(request.POST.get("valid_until")),
            reason=request.POST.get("reason", ""),
        )
    except ApplicationError as exc:
        if isinstance(exc, NotFound | NotProvided):
            raise
        return _render_detail(request, code, organisation_id, exc)
    messages.success(request, _("Event recorded."))
    return redirect("registry:detail", code.upper(), organisation_id)


def _render_detail(request, code, organisation_id, exc=None):
    organisation = selectors.sending_org_get_for(request.user, code, organisation_id)
    today = timezone.localdate()
    return render(
        request,
        "registry/detail.html",
        {
            "agreement": organisation.agreement,
            "organisation": organisation,
            "status": selectors.organisation_status(organisation, today),
            "events": list(organisation.events.all()),
            "kinds": AccreditationEvent.KIND_CHOICES,
            "public_kinds": AccreditationEvent.PUBLIC_KINDS,
            "can_record": request.user.is_partner
            and request.user.has_role("contact_point_officer"),
            "can_publish": request.user.is_partner and request.user.has_role("publisher"),
            "error": exc,
            "today": today.isoformat(),
            "referrals": selectors.referrals_for(request.user, organisation),
            "screening_links": links_for(
                request.user, SourceType.SENDING_ORGANISATION, organisation.pk
            ),
        },
        status=exc.status if exc else 200,
    )


@_scoped
@require_POST
def event_publish(request, code: str, organisation_id: int, event_id: int):
    organisation = selectors.sending_org_get_for(request.user, code, organisation_id)
    event = organisation.events.filter(pk=event_id).first()
    if event is None:
        raise NotFound()
    try:
        services.accreditation_approve(actor=request.user, event=event)
    except ApplicationError as exc:
        if isinstance(exc, NotFound | NotProvided):
            raise
        return _render_detail(request, code, organisation_id, exc)
    messages.success(request, _("Released to the public register."))
    return redirect("registry:detail", code.upper(), organisation_id)


def verify_page(request):
    """The examiner's look-up: one form, one definite answer. Anyone else is told who may
    verify and how, and where the public registers are, rather than sent to a log-in page."""
    if not request.user.is_authenticated or not request.user.has_role("examiner"):
        return render(
            request,
            "registry/verify_about.html",
            {"agreements": agreement_list_public()},
            status=403 if request.user.is_authenticated else 200,
        )
    agreements = [
        a
        for a in agreements_visible_to(request.user)
        if a.provision_in_force("sending_org_accreditation")
        or a.provision_in_force("candidate_certificates")
    ]
    result = None
    error = None
    if request.GET.get("agreement"):
        try:
            on = date_parse(request.GET.get("on")) or timezone.localdate()
            what = request.GET.get("what", "organisation")
            if what == "certificate":
                agreement, certificate = selectors.verify_certificate(
                    request.user, request.GET["agreement"], request.GET.get("number", ""), on
                )
                valid, reason = (
                    selectors.certificate_validity(certificate, on)
                    if certificate
                    else (False, "not_found")
                )
                result = {
                    "kind": "certificate",
                    "certificate": certificate,
                    "valid": valid,
                    "reason": reason,
                    "on": on,
                }
            else:
                query = request.GET.get("number", "").strip()
                agreement, matches = selectors.verify_sending_org(
                    request.user,
                    request.GET["agreement"],
                    on,
                    licence=query if request.GET.get("by") != "name" else "",
                    name=query if request.GET.get("by") == "name" else "",
                )
                result = {"kind": "organisation", "matches": matches, "on": on}
        except NotProvided:
            error = _("This MOC does not provide for this register.")
        except NotFound:
            error = _("Unknown agreement.")
        except ApplicationError as exc:
            error = exc.message
    return render(
        request,
        "registry/verify.html",
        {"agreements": agreements, "result": result, "error": error, "params": request.GET},
    )


@_scoped
def certificate_list(request, code: str):
    """Candidate certificates (only where the MOC has `candidate_certificates`)."""
    agreement = agreement_get_for(request.user, code)
    services.require_provision(agreement, "candidate_certificates")
    error = None
    if request.method == "POST":
        try:
            services.candidate_certificate_record(
                actor=request.user,
                agreement_code=code,
                number=request.POST.get("number", ""),
                candidate_name=request.POST.get("candidate_name", ""),
                issued_on=date_parse(request.POST.get("issued_on")) or timezone.localdate(),
                valid_until=date_parse(request.POST.get("valid_until")) or timezone.localdate(),
                date_of_birth=date_parse(request.POST.get("date_of_birth")),
                passport_number=request.POST.get("passport_number", ""),
                sending_organisation_licence=request.POST.get("sending_organisation_licence", ""),
            )
            messages.success(request, _("Certificate recorded."))
            return redirect("registry:certificates", agreement.code)
        except ApplicationError as exc:
            if isinstance(exc, NotFound | NotProvided):
                raise
            error = exc
    return render(
        request,
        "registry/certificates.html",
        {
            "agreement": agreement,
            "certificates": selectors.certificate_list_for(request.user, agreement.code),
            "error": error,
            "can_record": request.user.is_partner,
            "senders_required": agreement.provision_in_force("accredited_senders_only"),
        },
        status=error.status if error else 200,
    )
