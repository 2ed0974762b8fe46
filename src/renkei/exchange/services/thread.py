"""The thread of an exchange: replies from either side, and the recipient's answer."""

from __future__ import annotations

from datetime import date

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from renkei.accounts.models import User
from renkei.core.errors import ApplicationError
from renkei.core.languages import working_language_require
from renkei.core.transitions import state_require
from renkei.exchange.kinds import KINDS, return_request
from renkei.exchange.life_cycle import EXCHANGE
from renkei.exchange.models import Exchange, Reply
from renkei.exchange.rights import require_drafter, require_recipient_answers
from renkei.exchange.services.base import (
    exchange_transition,
    exchange_translations_clean,
    other_side,
    text_field,
    text_language,
)
from renkei.exchange.services.notifications import notify


def exchange_reply(
    *,
    actor: User,
    exchange: Exchange,
    body: str,
    is_answer: bool = False,
    language: str | None = None,
    translations: dict | None = None,
) -> Reply:
    """A message in the thread from either side; ``is_answer`` from the receiving contact
    point answers the exchange. The other side reads it, so it carries the working language."""
    require_drafter(actor)
    name = "answer" if is_answer else "reply"
    if is_answer:
        require_recipient_answers(actor)(exchange)
        if not KINDS[exchange.exchange_type].expects_answer:
            raise ApplicationError(
                _("A notice is acknowledged, not answered."), code="no_answer_expected"
            )
    state_require(EXCHANGE, exchange, name)
    body = text_field(body, "message")
    language = text_language(actor, language)
    rendered = exchange_translations_clean(translations, language, reply=True)
    working_language_require(
        working_language=exchange.agreement.working_language,
        original_language=language,
        translations=rendered,
        fields=("body",),
    )
    created: list[Reply] = []

    def change(locked: Exchange) -> None:
        now = timezone.now()
        if is_answer:
            if locked.acknowledged_at is None:
                locked.acknowledged_at = now
                locked.hours_to_acknowledge = locked.hours_since_sent(now)
            locked.answered_at = now
            locked.hours_to_answer = locked.hours_since_sent(now)
        locked.updated_at = now
        created.append(
            Reply.objects.create(
                exchange=locked,
                author=actor,
                side=actor.side,
                body=body,
                language=language,
                translations=rendered,
                is_answer=is_answer,
                created_at=now,
            )
        )

    exchange_transition(
        name,
        actor,
        exchange,
        authorize=require_recipient_answers(actor) if is_answer else None,
        change=change,
        summary=lambda _locked: {"reply": created[0].pk},
        then=lambda locked: notify(
            locked, "answered" if is_answer else "replied", other_side(locked, actor), actor
        ),
    )
    return created[0]


def _return_response(
    issued: bool, passport_number: str, issued_on: date | None, reason: str
) -> tuple[str, dict]:
    if not issued:
        reason = text_field(reason, "message", limit=2000)
        return f"発給不可 / Cannot be issued: {reason}", {"issued": False, "reason": reason}
    passport_number = (passport_number or "").strip().upper()
    if not passport_number or len(passport_number) > 20 or issued_on is None:
        raise ApplicationError(
            _("Give the temporary passport's number and date of issue."), code="required"
        )
    if issued_on > timezone.localdate():
        raise ApplicationError(_("The date cannot be in the future."), code="future_date")
    body = f"臨時旅券発給 / Temporary passport issued: {passport_number}, {issued_on.isoformat()}"
    return body, {
        "issued": True,
        "passport_number": passport_number,
        "issued_on": issued_on.isoformat(),
    }


def return_request_respond(
    *,
    actor: User,
    exchange: Exchange,
    issued: bool,
    passport_number: str = "",
    issued_on: date | None = None,
    reason: str = "",
) -> Reply:
    """The partner ministry or its embassy answers: a temporary passport was issued (number,
    date), or why it cannot be."""
    if exchange.exchange_type != return_request.KIND.key:
        raise ApplicationError(_("This is not a return-assistance request."), code="wrong_type")
    body, response = _return_response(issued, passport_number, issued_on, reason)

    def change(locked: Exchange) -> None:
        locked.details = {**locked.details, "response": response}

    with transaction.atomic():
        # The response's words carry English beside Japanese: it is in the working language.
        reply = exchange_reply(
            actor=actor,
            exchange=exchange,
            body=body,
            is_answer=True,
            language=exchange.agreement.working_language,
        )
        exchange_transition(
            "record_response",
            actor,
            exchange,
            authorize=require_recipient_answers(actor),
            change=change,
        )
    return reply
