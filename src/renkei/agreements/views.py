from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import get_language
from django.utils.translation import gettext as _

from renkei.accounts.models import EXCHANGE_ROLES
from renkei.agreements import amendments, forms, lifecycle, selectors
from renkei.agreements.provisions import BY_KEY, KEYS
from renkei.agreements.scoping import agreement_get_for
from renkei.audit.selectors import audit_events_for_agreement
from renkei.core.dates import date_parse, date_required
from renkei.core.errors import ApplicationError, NotFound


def home(request):
    if not request.user.is_authenticated:
        return render(
            request,
            "agreements/public_home.html",
            {"agreements": selectors.agreement_list_public()},
        )
    return render(
        request,
        "agreements/home.html",
        {"agreements": selectors.workspace_list_for(actor=request.user)},
    )


def agreement_list(request):
    return render(
        request, "agreements/list.html", {"agreements": selectors.agreement_list_public()}
    )


def agreement_detail(request, code: str):
    try:
        agreement = selectors.agreement_get_public(code=code)
    except NotFound as exc:
        raise Http404 from exc
    error = None
    try:
        on = date_parse(request.GET.get("on", "")) or timezone.localdate()
    except ApplicationError as exc:
        error, on = exc, timezone.localdate()
    provisions = [(BY_KEY[p.key], p) for p in selectors.sorted_provisions(agreement, on)]
    return render(
        request,
        "agreements/detail.html",
        {
            "agreement": agreement,
            "provisions": provisions,
            "on": on,
            "in_force_on_date": agreement.in_force_on(on),
            "amendments": amendments.amendments_in_force(agreement, on),
            "lang": get_language(),
            "error": error,
        },
        status=400 if error else 200,
    )


def provision_matrix_page(request):
    agreements, rows = selectors.provision_matrix()
    return render(request, "agreements/matrix.html", {"agreements": agreements, "rows": rows})


@login_required
def workspace(request, code: str):
    try:
        data = selectors.workspace_get_for(actor=request.user, code=code)
    except NotFound as exc:
        raise Http404 from exc
    agreement = data["agreement"]
    return render(
        request,
        "agreements/workspace.html",
        {
            "agreement": agreement,
            "team": data["team"],
            "events": audit_events_for_agreement(agreement_code=agreement.code, limit=15),
            "can_exchange": bool(request.user.role_set() & EXCHANGE_ROLES),
            "has_register": agreement.provision_in_force("sending_org_accreditation"),
            "has_certificates": agreement.provision_in_force("candidate_certificates"),
            "has_intake_suspension": agreement.provision_in_force("intake_suspension"),
        },
    )


def _amendment_number(post) -> int:
    try:
        return int(post.get("number", ""))
    except ValueError as exc:
        raise NotFound() from exc


def _amend(request, code: str, post) -> None:
    amendments.amendment_propose(
        actor=request.user,
        agreement_code=code,
        summary=post.get("summary", ""),
        effective_on=date_parse(post.get("effective_on", "")),
        ends_agreement_on=date_parse(post.get("ends_agreement_on", "")),
        changes=forms.amendment_changes_from_post(post),
    )


def _withdraw(request, code: str, post) -> None:
    amendments.amendment_withdraw(
        actor=request.user,
        agreement_code=code,
        number=_amendment_number(post),
        reason=post.get("reason", ""),
    )


def _consent(request, code: str, post) -> None:
    number = _amendment_number(post)
    amendments.amendment_consent_record(
        actor=request.user,
        agreement_code=code,
        number=number,
        consented_on=date_required(post.get("date")),
        reference=post.get("reference", ""),
    )


def _review(request, code: str, post) -> None:
    lifecycle.framework_review_record(
        actor=request.user,
        agreement_code=code,
        held_on=date_required(post.get("date")),
        reference=post.get("reference", ""),
        outcome=post.get("outcome", ""),
    )


def _commencement(request, code: str, post) -> None:
    lifecycle.commencement_record(
        actor=request.user,
        agreement_code=code,
        received_on=date_required(post.get("date")),
        reference=post.get("reference", ""),
    )


def _termination(request, code: str, post) -> None:
    lifecycle.termination_notice_record(
        actor=request.user,
        agreement_code=code,
        notice_date=date_required(post.get("date")),
        reference=post.get("reference", ""),
    )


# The life-cycle page's forms, by their `act` field; anything else is a termination notice,
# as before.
LIFECYCLE_ACTS = {
    "amend": _amend,
    "withdraw": _withdraw,
    "consent": _consent,
    "review": _review,
    "commencement": _commencement,
}


def _lifecycle_act(request, code: str) -> None:
    """One act from the life-cycle page's forms, through the services."""
    act = LIFECYCLE_ACTS.get(request.POST.get("act"), _termination)
    act(request, code, request.POST)


@login_required
def lifecycle_page(request, code: str):
    """Record the acts that start, amend or end the MOC (contact points), and see its life."""
    try:
        agreement = agreement_get_for(request.user, code)
    except NotFound as exc:
        raise Http404 from exc
    error = None
    if request.method == "POST":
        try:
            _lifecycle_act(request, agreement.code)
            messages.success(request, _("Recorded."))
            return redirect("lifecycle", agreement.code)
        except NotFound as exc:
            raise Http404 from exc
        except ApplicationError as exc:
            error = exc
    provision = agreement.provision("commencement")
    return render(
        request,
        "agreements/lifecycle.html",
        {
            "agreement": agreement,
            "events": agreement.lifecycle_events.all(),
            "on_notification": provision is not None
            and provision.parameters.get("rule") == "on_notification",
            "has_termination": agreement.provision_in_force("termination_notice"),
            "has_review": agreement.provision_in_force("framework_review"),
            "has_amendment": agreement.provision_in_force("amendment_by_consent"),
            "amendments": amendments.amendment_list_for(
                actor=request.user, agreement_code=agreement.code
            ),
            "amendable_keys": [k for k in KEYS if k not in amendments.NOT_AMENDABLE],
            "change_rows": range(forms.CHANGE_ROWS),
            "is_contact": request.user.has_role("contact_point_officer"),
            "form": request.POST if error else {},
            "error": error,
        },
        status=error.status if error else 200,
    )
