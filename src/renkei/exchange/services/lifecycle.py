"""An exchange's life after drafting: sent with its deadlines, acknowledged, accepted or
closed, reopened, withdrawn; each step through the one transition mechanism."""

from __future__ import annotations

from datetime import timedelta

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from renkei.accounts.models import User
from renkei.accounts.rights import require_administrator
from renkei.agreements.models import Agreement
from renkei.audit.services import audit_append
from renkei.core.errors import ApplicationError
from renkei.core.languages import working_language_require
from renkei.core.transitions import StateConflict, state_require
from renkei.exchange import rules
from renkei.exchange.kinds import KINDS, answer_deadline_binds, kind_allowed, kind_get
from renkei.exchange.life_cycle import EXCHANGE
from renkei.exchange.models import OPEN_STATUSES, Exchange, ServiceLevel, Status
from renkei.exchange.rights import (
    require_contact_point,
    require_originator,
    require_recipient_answers,
)
from renkei.exchange.services.base import exchange_transition
from renkei.exchange.services.notifications import notify


def service_level_for(agreement: Agreement, exchange_type: str) -> tuple[int, int | None]:
    level = ServiceLevel.objects.filter(agreement=agreement, exchange_type=exchange_type).first()
    if level is not None:
        return level.acknowledge_days, level.answer_days
    expects_answer = KINDS[exchange_type].expects_answer
    return rules.DEFAULT_ACKNOWLEDGE_DAYS, rules.DEFAULT_ANSWER_DAYS if expects_answer else None


def service_level_set(
    *,
    actor: User,
    agreement: Agreement,
    exchange_type: str,
    acknowledge_days: int,
    answer_days: int | None,
) -> ServiceLevel:
    require_administrator(actor)
    kind_get(exchange_type)
    if not 1 <= acknowledge_days <= 90 or (answer_days is not None and not 1 <= answer_days <= 365):
        raise ApplicationError(
            _("Acknowledge within 1 to 90 days; answer within 1 to 365 days."),
            code="bad_service_level",
        )
    with transaction.atomic():
        level, _created = ServiceLevel.objects.update_or_create(
            agreement=agreement,
            exchange_type=exchange_type,
            defaults={"acknowledge_days": acknowledge_days, "answer_days": answer_days},
        )
        audit_append(
            actor=actor,
            action="service_level.set",
            target=level,
            agreement_code=agreement.code,
            after={
                "type": exchange_type,
                "acknowledge_days": acknowledge_days,
                "answer_days": answer_days,
            },
        )
    return level


def exchange_send(*, actor: User, exchange: Exchange) -> Exchange:
    require_contact_point(actor, exchange, exchange.originating_side)
    state_require(EXCHANGE, exchange, "send")
    if exchange.agreement.status != "in_force":
        raise ApplicationError(
            _("This MOC is not in force: nothing can be sent under it."),
            code="agreement_not_in_force",
        )
    # An exchange is judged against the provisions in force on the day it is sent: an
    # amendment since drafting may have removed its ground, or changed how it binds.
    agreement = Agreement.objects.get(pk=exchange.agreement_id)  # its provisions as of now
    sent_on = timezone.localdate()
    if not kind_allowed(agreement, exchange.exchange_type, sent_on):
        raise ApplicationError(
            _("This MOC does not provide for this kind of exchange."),
            code="type_not_provided",
            details={"type": exchange.exchange_type, "agreement": agreement.code},
        )
    ack_days, answer_days = service_level_for(agreement, exchange.exchange_type)
    screening = KINDS[exchange.exchange_type].screening

    def change(locked: Exchange) -> None:
        # Read on the locked row: an edit of the translations cannot slip past this check.
        working_language_require(
            working_language=agreement.working_language,
            original_language=locked.language,
            translations=locked.translations,
            fields=("subject", "body"),
        )
        now = timezone.now()
        locked.handling_scope = rules.confidentiality_scope(agreement, sent_on)
        locked.answer_deadline_binding = answer_deadline_binds(
            agreement, locked.exchange_type, sent_on
        )
        locked.sent_at = now
        locked.updated_at = now
        locked.acknowledge_due_at = now + timedelta(days=ack_days)
        locked.answer_due_at = now + timedelta(days=answer_days) if answer_days else None
        # The screening is the long part of a send: it runs here, on the locked exchange but
        # before the ledger's head is locked by the first event of this transaction.
        if screening is not None:
            screening.run(actor, locked)

    return exchange_transition(
        "send",
        actor,
        exchange,
        authorize=require_originator(actor),
        change=change,
        summary=lambda locked: {"answer_due_at": locked.answer_due_at},
        then=lambda locked: notify(locked, "sent", locked.recipient_side, actor),
    )


def exchange_acknowledge(*, actor: User, exchange: Exchange) -> Exchange:
    require_recipient_answers(actor)(exchange)

    def change(locked: Exchange) -> None:
        now = timezone.now()
        locked.acknowledged_at = now
        locked.hours_to_acknowledge = locked.hours_since_sent(now)
        locked.updated_at = now

    return exchange_transition(
        "acknowledge",
        actor,
        exchange,
        authorize=require_recipient_answers(actor),
        change=change,
        then=lambda locked: notify(locked, "acknowledged", locked.originating_side, actor),
    )


def exchange_accept(*, actor: User, exchange: Exchange) -> Exchange:
    require_contact_point(actor, exchange, exchange.originating_side)
    return _finish(actor, exchange, "accept", "accepted")


def exchange_close(*, actor: User, exchange: Exchange) -> Exchange:
    require_contact_point(actor, exchange, exchange.originating_side)
    return _finish(actor, exchange, "close", "closed")


def _finish(actor: User, exchange: Exchange, name: str, notice: str) -> Exchange:
    def change(locked: Exchange) -> None:
        locked.closed_at = locked.updated_at = timezone.now()

    return exchange_transition(
        name,
        actor,
        exchange,
        authorize=require_originator(actor),
        change=change,
        then=lambda locked: notify(locked, notice, locked.recipient_side, actor),
    )


def exchange_reopen(*, actor: User, exchange: Exchange) -> Exchange:
    """The requester is not satisfied after all: back to the recipient, with a fresh answer due."""
    require_contact_point(actor, exchange, exchange.originating_side)
    _ack_days, answer_days = service_level_for(exchange.agreement, exchange.exchange_type)

    def change(locked: Exchange) -> None:
        now = timezone.now()
        locked.status = Status.ACKNOWLEDGED if locked.acknowledged_at else Status.SENT
        locked.closed_at = None
        locked.answered_at = None
        locked.hours_to_answer = None
        locked.answer_due_at = now + timedelta(days=answer_days) if answer_days else None
        locked.updated_at = now

    return exchange_transition(
        "reopen",
        actor,
        exchange,
        authorize=require_originator(actor),
        change=change,
        then=lambda locked: notify(locked, "reopened", locked.recipient_side, actor),
    )


def exchange_withdraw(*, actor: User, exchange: Exchange) -> Exchange:
    require_contact_point(actor, exchange, exchange.originating_side)
    was_sent: list[bool] = []

    def change(locked: Exchange) -> None:
        # Read on the locked row: a draft sent a moment ago must be withdrawn with a notice.
        was_sent.append(locked.sent_at is not None)
        locked.closed_at = locked.updated_at = timezone.now()

    def then(locked: Exchange) -> None:
        if was_sent[0]:
            notify(locked, "withdrawn", locked.recipient_side, actor)

    return exchange_transition(
        "withdraw", actor, exchange, authorize=require_originator(actor), change=change, then=then
    )


def exchange_read_record(*, actor: User, exchange: Exchange) -> None:
    """DESIGN §1: every read of content the other side originated is on the record."""
    if actor.side == exchange.originating_side:
        return
    with transaction.atomic():
        audit_append(
            actor=actor,
            action="exchange.read",
            target=exchange,
            object_repr=exchange.reference,
            agreement_code=exchange.agreement.code,
        )


def exchanges_close_for_ended_agreements() -> int:
    """Open exchanges of an MOC that has ended are closed as "agreement ended" (run by the
    worker after the agreements' end dates); they stay readable to whoever could read them."""
    closed = 0
    open_items = Exchange.objects.filter(
        agreement__status="terminated", status__in=(Status.DRAFT, *OPEN_STATUSES)
    ).select_related("agreement")
    for exchange in open_items:

        def change(locked: Exchange) -> None:
            locked.closed_reason = "agreement_ended"
            locked.closed_at = timezone.now()

        try:
            exchange_transition("end_with_agreement", None, exchange, change=change)
        except StateConflict:
            continue  # finished by its contact point a moment ago
        closed += 1
    return closed
