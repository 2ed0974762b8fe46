"""The workspace's ledger page: the signed checkpoints to download and keep, the verifier key,
and how to check the ledger against them (ADR 17). Checkpoints cover the whole ledger; they
reveal its size and a hash, nothing of any agreement's content."""

from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpResponse
from django.shortcuts import render

from renkei.agreements.rights import require_party
from renkei.agreements.scoping import agreement_get_for
from renkei.audit import ledger
from renkei.audit.models import LedgerCheckpoint
from renkei.core.errors import NotFound


def _agreement(request, code: str):
    try:
        require_party(request.user)
        return agreement_get_for(request.user, code)
    except NotFound as exc:
        raise Http404 from exc


@login_required
def ledger_page(request, code: str):
    agreement = _agreement(request, code)
    return render(
        request,
        "agreements/ledger.html",
        {
            "agreement": agreement,
            "checkpoints": ledger.checkpoint_list(limit=50),
            "size": ledger.ledger_size(),
            "verifier_key": ledger.verifier_key_current(),
            "known_keys": ledger.verifier_keys_known(),
        },
    )


def _download(stored: LedgerCheckpoint) -> HttpResponse:
    response = HttpResponse(stored.text, content_type="text/plain; charset=utf-8")
    name = f"renkei-checkpoint-{stored.size}-{stored.signed_at:%Y%m%dT%H%M%SZ}.txt"
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    return response


@login_required
def checkpoint_download(request, code: str, checkpoint_id: int):
    _agreement(request, code)
    stored = ledger.checkpoint_get(checkpoint_id)
    if stored is None:
        raise Http404
    return _download(stored)


@login_required
def checkpoint_latest_download(request, code: str):
    """The ledger as it stands now, signed (a new checkpoint if the last one is behind)."""
    _agreement(request, code)
    stored = ledger.checkpoint_latest()
    if stored is None or stored.size < ledger.ledger_size():
        stored = ledger.checkpoint_create()
    return _download(stored)
