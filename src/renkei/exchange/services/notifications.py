"""Who is told what about an exchange: the in-product inbox, e-mail on commit, and the
reminders before and after a deadline."""

from __future__ import annotations

from datetime import datetime, timedelta

from django.db import transaction
from django.utils import timezone

from renkei.accounts.models import EXCHANGE_ROLES, Role, Side, User
from renkei.audit.services import audit_append
from renkei.core.errors import NotFound
from renkei.exchange.kinds import KINDS
from renkei.exchange.models import AWAITING_ANSWER, Exchange, Notification, Status

REMINDER_WINDOW_ACK = timedelta(days=1)
REMINDER_WINDOW_ANSWER = timedelta(days=3)


def _recipients(exchange: Exchange, side: str, exclude: User | None) -> list[User]:
    roles = set(EXCHANGE_ROLES)
    kind = KINDS.get(exchange.exchange_type)
    if kind is not None and kind.embassy_answers:
        roles.add(Role.EMBASSY_OFFICER)
    users = (
        User.objects.filter(
            is_active=True,
            assignments__agreement=exchange.agreement,
            unit__side=side,
            role_grants__role__in=roles,
        )
        .distinct()
        .select_related("unit")
    )
    if side == Side.PARTNER:
        users = users.filter(unit__country_code=exchange.agreement.code)
    return [u for u in users if exclude is None or u.pk != exclude.pk]


def notify(exchange: Exchange, event: str, side: str, actor: User | None) -> list[Notification]:
    notifications = Notification.objects.bulk_create(
        Notification(user=user, exchange=exchange, event=event)
        for user in _recipients(exchange, side, actor)
    )
    ids = [n.pk for n in notifications if n.pk]
    if ids:
        from renkei.exchange.tasks import notification_email_send

        transaction.on_commit(lambda: [notification_email_send.enqueue(pk) for pk in ids])
    return notifications


def notification_mark_read(*, actor: User, notification_id: int) -> Notification:
    notification = Notification.objects.filter(pk=notification_id, user=actor).first()
    if notification is None:
        raise NotFound()
    if notification.read_at is None:
        notification.read_at = timezone.now()
        notification.save(update_fields=["read_at"])  # the reader's own inbox: not a ledger matter
    return notification


def _reminders_due(exchange: Exchange, now: datetime) -> list[str]:
    events = []
    if exchange.status == Status.SENT and exchange.acknowledge_due_at:
        events.append("ack_overdue" if now > exchange.acknowledge_due_at else "ack_due_soon")
    if exchange.answer_due_at and exchange.answer_due_at <= now + REMINDER_WINDOW_ANSWER:
        events.append("answer_overdue" if now > exchange.answer_due_at else "answer_due_soon")
    return events


def deadline_reminders_run(*, now: datetime | None = None) -> int:
    """Notify the receiving side before a deadline and again once it has passed; each reminder
    once per exchange. Run by `renkei worker`."""
    now = now or timezone.now()
    sent = 0
    candidates = Exchange.objects.filter(status__in=AWAITING_ANSWER).select_related("agreement")
    for exchange in candidates.filter(
        answer_due_at__lte=now + REMINDER_WINDOW_ANSWER
    ) | candidates.filter(status=Status.SENT, acknowledge_due_at__lte=now + REMINDER_WINDOW_ACK):
        for event in _reminders_due(exchange, now):
            if Notification.objects.filter(exchange=exchange, event=event).exists():
                continue
            with transaction.atomic():
                created = notify(exchange, event, exchange.recipient_side, None)
                if event.endswith("overdue"):
                    notify(exchange, event, exchange.originating_side, None)
                audit_append(
                    actor=None,
                    action=f"exchange.reminder.{event}",
                    target=exchange,
                    object_repr=exchange.reference,
                    agreement_code=exchange.agreement.code,
                )
            sent += len(created)
    return sent
