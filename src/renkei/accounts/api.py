from django.http import HttpRequest
from ninja import Router, Status

from renkei.accounts.api_auth import api_auth
from renkei.accounts.schemas import TokenCreatedOut, TokenIn, TokenOut
from renkei.accounts.selectors import api_token_list_for
from renkei.accounts.services import api_token_create, api_token_revoke

router = Router(tags=["accounts"], auth=api_auth)


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
