"""The Japanese side's registers on one page: receiving organisations and improvement orders,
the registered-support-organisation list, intake suspensions — and their release to the public."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _

from renkei.accounts.models import Side
from renkei.agreements.scoping import agreements_visible_to
from renkei.core.dates import date_required
from renkei.core.errors import ApplicationError
from renkei.core.languages import text_columns, texts_from_post
from renkei.registry import services
from renkei.registry.models import (
    ImprovementOrder,
    IntakeSuspension,
    ReceivingOrganisation,
    Sector,
    SupportOrganisation,
    SupportOrgListVersion,
)
from renkei.registry.support_list import support_org_list_share, support_orgs_import

JAPANESE_ROLES = {"contact_point_officer", "officer", "publisher"}


def _register_receiving(request) -> str:
    post = request.POST
    services.receiving_org_register(
        actor=request.user,
        corporate_number=post.get("corporate_number", ""),
        name=post.get("name", ""),
        address=post.get("address", ""),
    )
    return _("Receiving organisation registered.")


def _texts(request, names: tuple[str, ...]) -> dict:
    """Texts written side by side (``findings_ja``, ``findings_en``): the originals, their
    language and renderings, as the services take them."""
    language, texts, translations = texts_from_post(request.POST, names, request.LANGUAGE_CODE)
    return {**texts, "language": language, "translations": translations}


def _record_order(request) -> str:
    post = request.POST
    kind = post.get("target_kind", "")
    identifier = post.get("target", "").strip()
    to_receiving = kind == "receiving_organisation"
    services.improvement_order_record(
        actor=request.user,
        target_kind=kind,
        receiving_organisation=ReceivingOrganisation.objects.filter(
            corporate_number=identifier
        ).first()
        if to_receiving
        else None,
        support_organisation=None
        if to_receiving
        else SupportOrganisation.objects.filter(registration_number=identifier).first(),
        issued_on=date_required(post.get("issued_on")),
        **_texts(request, ("legal_basis", "findings")),
        agreement_codes=post.getlist("agreements"),
    )
    return _("Improvement order recorded and notified.")


def _import_list(request) -> str:
    upload = request.FILES.get("file")
    if upload is None:
        raise ApplicationError(_("Choose a file."), code="no_file")
    as_of = date_required(request.POST["as_of"]) if request.POST.get("as_of") else None
    report = support_orgs_import(
        actor=request.user, content=upload.read(), filename=upload.name, as_of=as_of
    )
    return _("The list is unchanged.") if report.unchanged else _("List imported.")


def _share_list(request) -> str:
    version = SupportOrgListVersion.objects.filter(pk=request.POST.get("version")).first()
    if version is None:
        raise Http404
    support_org_list_share(
        actor=request.user, version=version, agreement_code=request.POST.get("agreement", "")
    )
    return _("List shared.")


def _suspend(request) -> str:
    post = request.POST
    sector = Sector.objects.filter(code=post.get("sector")).first()
    if sector is None:
        raise ApplicationError(_("Choose a sector."), code="required")
    level = post.get("ssw_level", "")
    services.intake_suspension_record(
        actor=request.user,
        sector=sector,
        ssw_level=int(level) if level.isdigit() else 0,
        effective_date=date_required(post.get("effective_date")),
        **_texts(request, ("reason",)),
    )
    return _("Intake suspended and partners notified.")


def _lift(request) -> str:
    suspension = IntakeSuspension.objects.filter(pk=request.POST.get("suspension")).first()
    if suspension is None:
        raise Http404
    services.intake_suspension_lift(
        actor=request.user,
        suspension=suspension,
        lifted_on=date_required(request.POST.get("lifted_on")),
    )
    return _("Intake resumed and partners notified.")


RELEASABLE = {
    "order": ImprovementOrder,
    "version": SupportOrgListVersion,
    "suspension": IntakeSuspension,
}


def _approve(request) -> str:
    model = RELEASABLE.get(request.POST.get("kind"))
    entry = model.objects.filter(pk=request.POST.get("id")).first() if model else None
    if entry is None:
        raise Http404
    services.publication_approve(actor=request.user, entry=entry)
    return _("Released to the public pages.")


# The page's forms, by their `action` field: each does one thing and says what it did.
ACTIONS = {
    "receiving": _register_receiving,
    "order": _record_order,
    "import": _import_list,
    "share": _share_list,
    "suspend": _suspend,
    "lift": _lift,
    "approve": _approve,
}


def _act(request) -> str:
    action = ACTIONS.get(request.POST.get("action", ""))
    if action is None:
        raise Http404
    return action(request)


@login_required
def japanese_registers(request):
    user = request.user
    if user.side != Side.JP or not (user.role_set() & JAPANESE_ROLES):
        raise Http404
    error = None
    if request.method == "POST":
        try:
            messages.success(request, _act(request))
            return redirect("registers")
        except ApplicationError as exc:
            error = exc
    agreements = list(agreements_visible_to(user))
    return render(
        request,
        "registry/japan.html",
        {
            "error": error,
            "receiving": ReceivingOrganisation.objects.all()[:50],
            "orders": ImprovementOrder.objects.select_related(
                "receiving_organisation", "support_organisation"
            ).prefetch_related("agreements")[:50],
            "versions": SupportOrgListVersion.objects.all()[:10],
            "suspensions": IntakeSuspension.objects.select_related("sector")[:50],
            "sectors": Sector.objects.all(),
            # Only the partners a notice can reach today, named in the reader's language.
            "order_agreements": [
                a
                for a in agreements
                if a.provision_in_force("improvement_order_notice")
                and a.in_force_on(timezone.localdate())
            ],
            "share_agreements": [
                a for a in agreements if a.provision_in_force("support_org_list_sharing")
            ],
            "is_publisher": user.has_role("publisher"),
            "post": request.POST,
            "text_columns": text_columns(request.LANGUAGE_CODE, "en"),
        },
        status=error.status if error else 200,
    )
