"""Reads of the exchange app, always through the actor: agreement scoping first, then the rule
that drafts are seen by their own side only."""

from __future__ import annotations

import statistics
from dataclasses import dataclass
from datetime import datetime, timedelta

from django.db.models import Count, Q, QuerySet, Sum
from django.utils import timezone

from renkei.accounts.models import User, side_other
from renkei.agreements.scoping import agreement_get_for, agreements_visible_to
from renkei.audit.ledger import receipt_for
from renkei.audit.models import AuditEvent
from renkei.core.errors import ApplicationError, NotFound
from renkei.core.pages import ListPage, list_page
from renkei.exchange.kinds import KINDS, kinds_with_embassy, referral
from renkei.exchange.models import (
    OPEN_STATUSES,
    Attachment,
    ConsentRequest,
    Exchange,
    ExchangeTally,
    Notification,
    Status,
)
from renkei.exchange.retention import personal_hidden_from
from renkei.exchange.rights import can_work_on_exchanges, embassy_only
from renkei.exchange.search import text_narrowed

BOXES = ("inbox", "outbox", "drafts", "all")


def exchange_queryset_for(actor: User) -> QuerySet[Exchange]:
    if actor is None or not actor.is_authenticated or not can_work_on_exchanges(actor):
        return Exchange.objects.none()
    return _seen_by(actor, Exchange.objects.filter(agreement__in=agreements_visible_to(actor)))


def referrals_for_agreement(actor: User, agreement) -> QuerySet[Exchange]:
    """Japan's referrals of sending organisations under one agreement, with their threads."""
    return (
        exchange_queryset_for(actor)
        .filter(agreement=agreement, exchange_type=referral.KIND.key)
        .prefetch_related("replies")
    )


def exchanges_to_screen():
    """Every sent exchange of a kind that screens the names it carries, with its screening:
    for `renkei screening run` (not an actor's read)."""
    screened = {key: kind.screening for key, kind in KINDS.items() if kind.screening is not None}
    exchanges = Exchange.objects.filter(
        exchange_type__in=list(screened), sent_at__isnull=False
    ).select_related("agreement")
    for exchange in exchanges:
        yield exchange, screened[exchange.exchange_type]


def _exchanges_in(actor: User, agreement_code: str) -> tuple:
    """One agreement's exchanges as the actor may see them; the agreement is checked once here
    rather than as a sub-query in every statement."""
    agreement = agreement_get_for(actor, agreement_code)
    if not can_work_on_exchanges(actor):
        raise NotFound()
    return agreement, _seen_by(actor, Exchange.objects.filter(agreement=agreement))


def _seen_by(actor: User, queryset: QuerySet) -> QuerySet:
    """The rows of ``queryset`` (exchanges, or their tally) the actor may see: the other side's
    drafts never; an embassy only the kinds that involve it."""
    queryset = queryset.exclude(Q(status=Status.DRAFT) & ~Q(originating_side=actor.side))
    if embassy_only(actor):
        queryset = queryset.filter(exchange_type__in=kinds_with_embassy())
    return queryset


def awaited_before(moment: datetime) -> Q:
    """Exchanges awaiting something due before ``moment`` (overdue, when it is now). "Not null"
    is implied by "before", but said: PostgreSQL plans a statement prepared on the server once
    for any moment (ADR 11), and only this way does that plan still read the index of awaited
    exchanges rather than walk the whole list."""
    return Q(next_due_at__isnull=False, next_due_at__lt=moment)


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
    if filters.exchange_type and filters.exchange_type not in KINDS:
        raise ApplicationError(_("Unknown exchange type."), code="invalid_filter")
    if filters.status and filters.status not in Status.values:
        raise ApplicationError(_("Unknown status."), code="invalid_filter")
    if filters.category and not (len(filters.category) == 1 and filters.category in "abcde"):
        raise ApplicationError(_("Unknown conduct category."), code="invalid_filter")
    if len(filters.text) > 200:
        raise ApplicationError(_("The search text is too long."), code="invalid_filter")


def _narrowed(actor: User, queryset: QuerySet, filters: ExchangeFilters) -> QuerySet:
    """The box, kind, status and category filters, on exchanges or on their tally alike."""
    if filters.box == "inbox":
        # Equality, not "not mine": the index on (agreement, side, …) then serves the walk.
        queryset = queryset.filter(originating_side=side_other(actor.side))
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
    return queryset


def exchange_list_for(
    actor: User, agreement_code: str, filters: ExchangeFilters, now: datetime | None = None
) -> QuerySet[Exchange]:
    _check_filters(filters)
    _agreement, queryset = _exchanges_in(actor, agreement_code)
    return _listed(actor, queryset, filters, now)


def _listed(
    actor: User, queryset: QuerySet, filters: ExchangeFilters, now: datetime | None
) -> QuerySet[Exchange]:
    queryset = _narrowed(actor, queryset, filters)
    if filters.overdue:
        queryset = queryset.filter(awaited_before(now or timezone.now()))
    queryset = text_narrowed(queryset, filters.text)
    return queryset.select_related("agreement").order_by("-listed_at", "-pk")


def exchange_count_for(
    actor: User, agreement_code: str, filters: ExchangeFilters
) -> tuple[int, bool] | None:
    """(count, exact) of a list from the kept tally, without counting exchanges; None for the
    filters a tally cannot answer (overdue, text), which are counted up to a cap instead."""
    _check_filters(filters)
    agreement, _queryset = _exchanges_in(actor, agreement_code)
    return _tallied(actor, agreement, filters)


def _tallied(actor: User, agreement, filters: ExchangeFilters) -> tuple[int, bool] | None:
    if filters.overdue or filters.text.strip():
        return None
    tally = _narrowed(
        actor, _seen_by(actor, ExchangeTally.objects.filter(agreement=agreement)), filters
    )
    return tally.aggregate(total=Sum("n"))["total"] or 0, True


def exchange_page_for(
    actor: User,
    agreement_code: str,
    filters: ExchangeFilters,
    *,
    cursor: str = "",
    page: int = 1,
    per_page: int = 50,
    now: datetime | None = None,
) -> ListPage:
    """One page of a list, newest first: after ``cursor``, or page ``page`` of the first ones;
    the total from the tally where it can answer."""
    _check_filters(filters)
    agreement, queryset = _exchanges_in(actor, agreement_code)
    return list_page(
        _listed(actor, queryset, filters, now),
        field="listed_at",
        cursor=cursor,
        page=page,
        per_page=per_page,
        count=_tallied(actor, agreement, filters),
    )


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
    if attachment is None or attachment.erased_at or personal_hidden_from(actor, exchange):
        raise NotFound()
    return attachment


def consent_request_get_for(actor: User, exchange: Exchange, request_id: int) -> ConsentRequest:
    """A consent request of an exchange the caller has already fetched through the scoping."""
    consent_request = ConsentRequest.objects.filter(pk=request_id, exchange=exchange).first()
    if consent_request is None:
        raise NotFound()
    return consent_request


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
WINDOW_DAYS = 90


def dashboard_for(actor: User, agreement_code: str, now: datetime | None = None) -> Dashboard:
    """The deadlines dashboard, at a cost that does not grow with the years (ADR 24): the open
    count from the kept tally; overdue and due soon from the index of awaited deadlines (the
    open backlog only); the timings and the weekly chart from the covering index over a fixed
    window of the latest weeks."""
    agreement, exchanges = _exchanges_in(actor, agreement_code)
    now = now or timezone.now()
    tally = _seen_by(actor, ExchangeTally.objects.filter(agreement=agreement))
    open_count = tally.filter(status__in=OPEN_STATUSES).aggregate(total=Sum("n"))["total"]
    deadlines = exchanges.filter(awaited_before(now + DUE_SOON)).aggregate(
        overdue=Count("pk", filter=Q(next_due_at__lt=now)),
        due_soon=Count("pk", filter=Q(next_due_at__gte=now)),
    )
    since = now - timedelta(days=WINDOW_DAYS)
    recent = exchanges.filter(sent_at__gte=since, sent_at__lte=now)
    ack_hours = [
        h
        for (h,) in recent.filter(hours_to_acknowledge__isnull=False).values_list(
            "hours_to_acknowledge"
        )
    ]
    answer_hours = [
        h for (h,) in recent.filter(hours_to_answer__isnull=False).values_list("hours_to_answer")
    ]
    start_of_week = timezone.localtime(now).replace(hour=0, minute=0, second=0, microsecond=0)
    start_of_week -= timedelta(days=start_of_week.weekday())
    bounds = [start_of_week - timedelta(weeks=i) for i in range(11, -2, -1)]
    per_week = exchanges.filter(sent_at__gte=bounds[0], sent_at__lt=bounds[-1]).aggregate(
        **{
            f"w{i}": Count("pk", filter=Q(sent_at__gte=bounds[i], sent_at__lt=bounds[i + 1]))
            for i in range(12)
        }
    )
    weeks = [(bounds[i].strftime("%m-%d"), per_week[f"w{i}"]) for i in range(12)]
    return Dashboard(
        open=open_count or 0,
        due_soon=deadlines["due_soon"],
        overdue=deadlines["overdue"],
        median_hours_to_acknowledge=round(statistics.median(ack_hours), 1) if ack_hours else None,
        median_hours_to_answer=round(statistics.median(answer_hours), 1) if answer_hours else None,
        sent_per_week=weeks,
        window_days=WINDOW_DAYS,
    )


# What the other side is given a receipt for: what was sent, answered, consented to, disclosed.
RECEIPT_ACTIONS = (
    "exchange.sent",
    "exchange.acknowledged",
    "exchange.answered",
    "exchange.withdrawn",
    "consent.recorded",
    "disclosure.recorded",
)


def exchange_receipt_events_for(actor: User, exchange: Exchange) -> list[AuditEvent]:
    """The ledger events of an exchange the caller has already fetched through the scoping."""
    return list(
        AuditEvent.objects.filter(
            object_type="exchange.exchange",
            object_id=str(exchange.pk),
            action__in=RECEIPT_ACTIONS,
        ).order_by("seq")
    )


def exchange_receipt_for(actor: User, exchange: Exchange, seq: int) -> dict:
    """One event's receipt: its inclusion proof against a signed checkpoint (one is signed if
    none covers the event yet)."""
    event = next((e for e in exchange_receipt_events_for(actor, exchange) if e.seq == seq), None)
    if event is None:
        raise NotFound()
    return receipt_for(event)
