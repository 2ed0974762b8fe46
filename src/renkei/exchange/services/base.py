"""What every exchange service shares: the ledger event, the cleaning of free text, and the one
transition mechanism applied to exchanges."""

from __future__ import annotations

from typing import Any

from django.db import transaction
from django.utils.translation import gettext_lazy

from renkei.accounts.models import User
from renkei.audit.services import audit_append, ledger_lock
from renkei.core.languages import language_require, translations_clean
from renkei.core.text import text_clean
from renkei.core.transitions import transition_run
from renkei.exchange.life_cycle import EXCHANGE
from renkei.exchange.models import Exchange

TEXT_LIMIT = 20_000

FIELD_LABELS = {
    "subject": gettext_lazy("Subject"),
    "body": gettext_lazy("Facts or question"),
    "message": gettext_lazy("Message"),
    "recipient": gettext_lazy("Recipient"),
    "purpose": gettext_lazy("Purpose"),
    "reference_number": gettext_lazy("Letter reference"),
    "parts": gettext_lazy("What was disclosed"),
}


def text_language(actor: User, language: str | None) -> str:
    """The language a text is written in: as given, or the author's own."""
    return language_require(language, actor.preferred_language or "en")


def exchange_translations_clean(raw: dict | None, language: str, *, reply: bool = False) -> dict:
    names = ("message",) if reply else ("subject", "body")
    limits = {"body": TEXT_LIMIT} if reply else {"subject": 200, "body": TEXT_LIMIT}
    labels = dict(zip(limits, (FIELD_LABELS[n] for n in names), strict=True))
    return translations_clean(raw, original_language=language, limits=limits, labels=labels)


def exchange_event(actor: User | None, action: str, exchange: Exchange, **summary: Any) -> None:
    audit_append(
        actor=actor,
        action=action,
        target=exchange,
        object_repr=exchange.reference,
        agreement_code=exchange.agreement.code,
        after={"status": exchange.status, **summary},
    )


def text_field(value: str, field: str, *, required: bool = True, limit: int = TEXT_LIMIT) -> str:
    return text_clean(value, field, label=FIELD_LABELS[field], limit=limit, required=required)


def exchange_transition(
    name: str,
    actor: User | None,
    exchange: Exchange,
    *,
    authorize=None,
    change=None,
    then=None,
    summary=None,
) -> Exchange:
    with transaction.atomic():
        # The ledger's head first, as a new draft takes it (ADR 16): the database's tally rows
        # (ADR 24), which this change and a draft's insert both update, are then always taken
        # after it, and a send and a draft of the same kind never wait on each other in a ring.
        ledger_lock()
        return transition_run(
            EXCHANGE,
            name,
            instance=exchange,
            actor=actor,
            authorize=authorize,
            change=change,
            then=then,
            agreement_code=exchange.agreement.code,
            object_repr=lambda locked: locked.reference,
            summary=summary,
        )


def other_side(exchange: Exchange, actor: User) -> str:
    """The side to tell about what the actor did."""
    if actor.side == exchange.originating_side:
        return exchange.recipient_side
    return exchange.originating_side
