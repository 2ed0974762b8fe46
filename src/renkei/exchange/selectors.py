"""Reads of the exchange app, always through the actor: agreement scoping first, then the rule
that drafts are seen by their own side only."""

from __future__ import annotations

import statistics
from dataclasses import dataclass
from datetime import datetime, timedelta

from django.db.models import Q, QuerySet
from django.utils import timezone

from renkei.accounts.models import User
from renkei.agreements.scoping import agreement_get_for, agreements_visible_to
from renkei.core.errors import ApplicationError, NotFound
from renkei.exchange.models import (
    AWAITING_ANSWER,
    OPEN_STATUSES,
    Attachment,
    Exchange,
    ExchangeType,
    Notification,
    Status,
)
from renkei.exchange.services import can_work_on_exchanges

BOXES = ("inbox", "outbox", "drafts", "all")


def exchange_queryset_for(actor: User) -> QuerySet[Exchange]:
    if actor is None or not actor.is_authenticated or not can_work_on_exchanges(actor):
        return Exchange.objects.none()
    return Exchange.objects.filter(agreement__in=agreements_visible_to(actor)).exclude(
        Q(status=Status.DRAFT) & ~Q(originating_side=actor.side)
    )


def exchange_get_for(actor: User, exchange_id: int, agreement_code: str | None = None) -> Exchange:
    queryset = exchange_queryset_for(actor).select_related("agreement", "created_by")
    if agreement_code is not None:
        queryset = queryset.filter(agreement__code=(agreement_code or "").upper())
    exchange = queryset.filter(pk=exchange_id).first()
    if exchange is None:
        raise NotFound()
    return exchange


@dataclass(frozen=True)
class ExchangeFilters:
    box: str = "all"
    exchange_type: str = ""
    status: str = ""
    category: str = ""
    overdue: bool = False
    text: str = ""


def _check_filters(filters: ExchangeFilters) -> None:
    from django.utils.translation import gettext as _

    if filters.box not in BOXES:
        raise ApplicationError(
            _("Unknown box."), code="invalid_filter", details={"box": filters.box}
        )
    if filters.exchange_type and filters.exchange_type not in ExchangeType.values:
        raise ApplicationError(_("Unknown exchange type."), code="invalid_filter")
    if filters.status and filters.status not in Status.values:
        raise ApplicationError(_("Unknown status."), code="invalid_filter")
    if filters.category and not (len(filters.category) == 1 and filters.category in "abcde"):
        raise ApplicationError(_("Unknown conduct category."), code="invalid_filter")
    if len(filters.text) > 200:
        raise ApplicationError(_("The search text is too long."), code="invalid_filter")


def exchange_list_for(
    actor: User, agreement_code: str, filters: ExchangeFilters, now: datetime | None = None
) -> QuerySet[Exchange]:
    _check_filters(filters)
    agreement = agreement_get_for(actor, agreement_code)
    now = now or timezone.now()
    queryset = exchange_queryset_for(actor).filter(agreement=agreement)
    if filters.box == "inbox":
        queryset = queryset.exclude(originating_side=actor.side)
    elif filters.box == "outbox":
        queryset = queryset.filter(originating_side=actor.side).exclude(status=Status.DRAFT)
    elif filters.box == "drafts":
        queryset = queryset.filter(originating_side=actor.side, status=Status.DRAFT)
    if filters.exchange_type:
        queryset = queryset.filter(exchange_type=filters.exchange_type)
    if filters.status:
        queryset = queryset.filter(status=filters.status)
    if filters.category:
        queryset = queryset.filter(categories__contains=filters.category)
    if filters.overdue:
        queryset = queryset.filter(
            Q(status=Status.SENT, acknowledge_due_at__lt=now)
            | Q(status__in=AWAITING_ANSWER, answer_due_at__lt=now)
        )
    if filters.text.strip():
        for word in filters.text.casefold().split()[:5]:
            queryset = queryset.filter(search_text__contains=word)
    return queryset.select_related("agreement").order_by("-sent_at", "-created_at", "-pk")


def exchange_thread_for(actor: User, exchange: Exchange) -> dict:
    """Everything the exchange page shows, in a fixed number of queries."""
    return {
        "replies": list(exchange.replies.select_related("author__unit")),
        "attachments": list(exchange.attachments.all()),
        "consent_requests": list(exchange.consent_requests.select_related("requested_by")),
        "consents": list(exchange.consents.select_related("recorded_by", "scan")),
        "disclosures": list(exchange.disclosures.select_related("disclosed_by", "consent")),
    }


def attachment_get_for(actor: User, exchange_id: int, attachment_id: int) -> Attachment:
    exchange = exchange_get_for(actor, exchange_id)
    attachment = Attachment.objects.filter(pk=attachment_id, exchange=exchange).first()
    if attachment is None:
        raise NotFound()
    return attachment


def notification_list_for(actor: User, unread_only: bool = False, limit: int = 100):
    queryset = Notification.objects.filter(
        user=actor, exchange__agreement__in=agreements_visible_to(actor)
    ).select_related("exchange__agreement")
    if unread_only:
        queryset = queryset.filter(read_at__isnull=True)
    return queryset[:limit]


def notification_unread_count(actor: User) -> int:
    if not actor.is_authenticated:
        return 0
    return Notification.objects.filter(user=actor, read_at__isnull=True).count()


@dataclass
class Dashboard:
    open: int
    due_soon: int
    overdue: int
    median_hours_to_acknowledge: float | None
    median_hours_to_answer: float | None
    sent_per_week: list[tuple[str, int]]
    window_days: int = 90


DUE_SOON = timedelta(days=3)


def dashboard_for(actor: User, agreement_code: str, now: datetime | None = None) -> Dashboard:
    agreement = agreement_get_for(actor, agreement_code)
    now = now or timezone.now()
    exchanges = exchange_queryset_for(actor).filter(agreement=agreement)
    open_qs = exchanges.filter(status__in=OPEN_STATUSES)
    overdue_q = Q(status=Status.SENT, acknowledge_due_at__lt=now) | Q(
        status__in=AWAITING_ANSWER, answer_due_at__lt=now
    )
    due_soon_q = Q(
        status=Status.SENT, acknowledge_due_at__gte=now, acknowledge_due_at__lt=now + DUE_SOON
    ) | Q(status__in=AWAITING_ANSWER, answer_due_at__gte=now, answer_due_at__lt=now + DUE_SOON)
    since = now - timedelta(days=90)
    recent = exchanges.filter(sent_at__gte=since)
    ack_hours = [
        (ack - sent).total_seconds() / 3600
        for sent, ack in recent.filter(acknowledged_at__isnull=False).values_list(
            "sent_at", "acknowledged_at"
        )
    ]
    answer_hours = [
        (ans - sent).total_seconds() / 3600
        for sent, ans in recent.filter(answered_at__isnull=False).values_list(
            "sent_at", "answered_at"
        )
    ]
    weeks = []
    start_of_week = (now - timedelta(days=now.weekday())).replace(
        hour=0, minute=0, second=0, microsecond=0
    )
    sent_dates = list(
        exchanges.filter(sent_at__gte=start_of_week - timedelta(weeks=11)).values_list(
            "sent_at", flat=True
        )
    )
    for i in range(11, -1, -1):
        begin = start_of_week - timedelta(weeks=i)
        end = begin + timedelta(weeks=1)
        weeks.append((begin.strftime("%m-%d"), sum(1 for d in sent_dates if begin <= d < end)))
    return Dashboard(
        open=open_qs.count(),
        due_soon=exchanges.filter(due_soon_q).count(),
        overdue=exchanges.filter(overdue_q).count(),
        median_hours_to_acknowledge=round(statistics.median(ack_hours), 1) if ack_hours else None,
        median_hours_to_answer=round(statistics.median(answer_hours), 1) if answer_hours else None,
        sent_per_week=weeks,
    )
