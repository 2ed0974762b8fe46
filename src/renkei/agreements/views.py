from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import render
from django.utils.translation import get_language

from renkei.accounts.models import EXCHANGE_ROLES
from renkei.agreements import selectors
from renkei.agreements.provisions import BY_KEY
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
