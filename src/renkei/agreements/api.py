from datetime import date

from django.http import HttpRequest
from ninja import Router

from renkei.accounts.api_auth import api_auth
from renkei.accounts.schemas import MeOut
from renkei.agreements import presenters
from renkei.agreements.schemas import AgreementOut, AgreementSummaryOut, WorkspaceOut
from renkei.agreements.scoping import agreements_visible_to
from renkei.agreements.selectors import (
    agreement_get_public,
    agreement_list_public,
    workspace_get_for,
    workspace_list_for,
)

router = Router(tags=["agreements"])


@router.get("", response=list[AgreementOut], auth=None, summary="List the MOCs (public)")
def agreement_list(request: HttpRequest):
    return [presenters.agreement_detail(a) for a in agreement_list_public()]


@router.get("/{code}", response=AgreementOut, auth=None, summary="One MOC (public)")
def agreement_detail(request: HttpRequest, code: str, on: date | None = None):
    """The MOC with the provisions in force on `on` (YYYY-MM-DD; today when left out)."""
    return presenters.agreement_detail(agreement_get_public(code=code), on)


workspace_router = Router(tags=["workspaces"], auth=api_auth)


@workspace_router.get("", response=list[AgreementSummaryOut], summary="Agreements I work in")
def workspace_list(request: HttpRequest):
    return [presenters.agreement_summary(a) for a in workspace_list_for(actor=request.auth)]


@workspace_router.get("/{code}", response=WorkspaceOut, summary="One agreement's workspace")
def workspace_detail(request: HttpRequest, code: str):
    workspace = workspace_get_for(actor=request.auth, code=code)
    agreement = workspace["agreement"]
    return {
        "agreement": presenters.agreement_summary(agreement),
        "contact_points": presenters.contact_points(agreement),
        "team": [
            {
                "username": user.username,
                "display_name": user.display_name,
                "unit": user.unit.code if user.unit else "",
                "side": user.side,
                "roles": sorted(g.role for g in user.role_grants.all()),
            }
            for user in workspace["team"]
        ],
    }


# Who I am and the agreements I work in: here rather than in accounts, which sits below the
# agreements and does not know them.
me_router = Router(tags=["accounts"], auth=api_auth)


@me_router.get("/me", response=MeOut, summary="Who I am, my unit, roles and agreements")
def me(request: HttpRequest):
    user = request.auth
    return {
        "username": user.username,
        "display_name": user.display_name,
        "side": user.side,
        "unit": user.unit,
        "roles": sorted(user.role_set()),
        "agreements": list(agreements_visible_to(user).order_by("code")),
        "preferred_language": user.preferred_language,
        "time_zone": user.zone,
        "otp_required": user.otp_required,
        "is_demo": user.is_demo,
    }
