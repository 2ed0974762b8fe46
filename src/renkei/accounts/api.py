from django.http import HttpRequest
from ninja import Router, Status

from renkei.accounts.schemas import MeOut, TokenCreatedOut, TokenIn, TokenOut
from renkei.accounts.selectors import api_token_list_for
from renkei.accounts.services import api_token_create, api_token_revoke
from renkei.agreements.scoping import agreements_visible_to
from renkei.core.api_auth import api_auth

router = Router(tags=["accounts"], auth=api_auth)


@router.get("/me", response=MeOut, summary="Who I am, my unit, roles and agreements")
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
        "otp_required": user.otp_required,
        "is_demo": user.is_demo,
    }


@router.get("/me/tokens", response=list[TokenOut], summary="My API tokens")
def token_list(request: HttpRequest):
    return list(api_token_list_for(actor=request.auth))


@router.post("/me/tokens", response={201: TokenCreatedOut}, summary="Create an API token")
def token_create(request: HttpRequest, payload: TokenIn):
    token, secret = api_token_create(
        actor=request.auth, user=request.auth, name=payload.name, days=payload.days
    )
    return Status(201, {**TokenOut.model_validate(token).model_dump(), "token": secret})


@router.delete("/me/tokens/{token_id}", response=TokenOut, summary="Revoke one of my tokens")
def token_revoke(request: HttpRequest, token_id: int):
    return api_token_revoke(actor=request.auth, token_id=token_id)
