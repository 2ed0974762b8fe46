"""The ledger's checkpoints, consistency proofs and verifier key, for both sides' users: what
a partner needs to hold the operator to what the ledger held (ADR 17)."""

from django.http import HttpRequest
from django.utils.translation import gettext as _
from ninja import Router

from renkei.accounts.api_auth import api_auth
from renkei.agreements.rights import require_party
from renkei.audit import ledger
from renkei.core.errors import ApplicationError

router = Router(tags=["ledger"], auth=api_auth)

LIST_LIMIT = 100


def _checkpoint_data(stored) -> dict:
    return {
        "size": stored.size,
        "root": stored.root,
        "signed_at": stored.signed_at,
        "key_id": stored.key_id,
        "text": stored.text,
    }


@router.get("/ledger/checkpoint", summary="The latest signed checkpoint")
def checkpoint_latest(request: HttpRequest):
    require_party(request.auth)
    stored = ledger.checkpoint_latest()
    if stored is None or stored.size < ledger.ledger_size():
        stored = ledger.checkpoint_create()
    return _checkpoint_data(stored)


@router.get("/ledger/checkpoints", summary="Signed checkpoints, newest first")
def checkpoint_list(request: HttpRequest, before_size: int | None = None):
    require_party(request.auth)
    rows = ledger.checkpoint_list(before_size=before_size, limit=LIST_LIMIT)
    return [_checkpoint_data(c) for c in rows]


@router.get(
    "/ledger/consistency",
    summary="Proof that the ledger of `second` extends `first`",
    description=(
        "Refused (400 `invalid_sizes`) unless 0 < `first` ≤ `second` ≤ the ledger's size now. "
        "Users of either side may ask; others get 403."
    ),
)
def consistency(request: HttpRequest, first: int, second: int):
    require_party(request.auth)
    try:
        proof = ledger.consistency_proof(first, second)
    except ValueError:
        raise ApplicationError(
            _("Give two sizes with 0 < first ≤ second ≤ the ledger's size (%(size)d).")
            % {"size": ledger.ledger_size()},
            code="invalid_sizes",
        ) from None
    return {"first": first, "second": second, "proof": proof}


@router.get("/ledger/key", summary="The verifier key of the ledger's checkpoints")
def verifier_key(request: HttpRequest):
    require_party(request.auth)
    return {"current": ledger.verifier_key_current(), "known": ledger.verifier_keys_known()}
