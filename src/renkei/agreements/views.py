from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import render
from django.utils.translation import get_language

from renkei.accounts.models import EXCHANGE_ROLES
from renkei.agreements import selectors
from renkei.agreements.provisions import BY_KEY
from renkei.agreements.scoping import agreement_get_for
from renkei.audit.selectors import audit_events_for_agreement
from renkei.core.errors import NotFound


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
    provisions = [(BY_KEY[p.key], p) for p in selectors.sorted_provisions(agreement)]
    return render(
        request,
        "agreements/detail.html",
        {"agreement": agreement, "provisions": provisions, "lang": get_language()},
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
            "has_register": agreement.has_provision("sending_org_accreditation"),
            "has_certificates": agreement.has_provision("candidate_certificates"),
        },
    )


@login_required
def lifecycle_page(request, code: str):
    """Record the acts that start or end the MOC (contact points), and see its life so far."""
    from datetime import date as date_type

    from django.contrib import messages
    from django.shortcuts import redirect
    from django.utils.translation import gettext as _

    from renkei.agreements import lifecycle
    from renkei.core.errors import ApplicationError

    try:
        agreement = agreement_get_for(request.user, code)
    except NotFound as exc:
        raise Http404 from exc
    error = None
    if request.method == "POST":
        try:
            try:
                day = date_type.fromisoformat(request.POST.get("date", ""))
            except ValueError as exc:
                raise ApplicationError(
                    _("Give the date as YYYY-MM-DD."), code="invalid_date"
                ) from exc
            if request.POST.get("act") == "review":
                lifecycle.framework_review_record(
                    actor=request.user,
                    agreement_code=code,
                    held_on=day,
                    reference=request.POST.get("reference", ""),
                    outcome=request.POST.get("outcome", ""),
                )
            elif request.POST.get("act") == "commencement":
                lifecycle.commencement_record(
                    actor=request.user,
                    agreement_code=code,
                    received_on=day,
                    reference=request.POST.get("reference", ""),
                )
            else:
                lifecycle.termination_notice_record(
                    actor=request.user,
                    agreement_code=code,
                    notice_date=day,
                    reference=request.POST.get("reference", ""),
                )
            messages.success(request, _("Recorded."))
            return redirect("lifecycle", agreement.code)
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
            "has_termination": agreement.has_provision("termination_notice"),
            "has_review": agreement.has_provision("framework_review"),
            "is_contact": request.user.has_role("contact_point_officer"),
            "error": error,
        },
        status=error.status if error else 200,
    )
