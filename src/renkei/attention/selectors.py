"""What needs an officer's attention across every agreement they work in: the exchanges that
are late on our side, those awaiting our answer, consents the other side asked of us, our
actions falling due and consultations the other side proposed. Each read goes through the
owning app's actor-scoped selector, so nothing here widens what anyone sees."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime, timedelta

from django.db.models import QuerySet
from django.utils import timezone

from renkei.accounts.models import User
from renkei.agreements.scoping import agreements_visible_to
from renkei.consultations.models import Action, Meeting
from renkei.exchange.models import AWAITING_ANSWER, ConsentRequest
from renkei.exchange.rights import can_work_on_exchanges, embassy_only
from renkei.exchange.selectors import awaited_before, exchange_queryset_for

SHOWN = 20  # rows per section; the count says how many there are in all
ACTIONS_AHEAD = timedelta(days=30)


@dataclass
class Section:
    key: str
    rows: list = field(default_factory=list)
    count: int = 0


@dataclass
class Attention:
    overdue: Section
    to_answer: Section
    consents: Section
    actions: Section
    proposals: Section

    @property
    def sections(self) -> list[Section]:
        return [self.overdue, self.to_answer, self.consents, self.actions, self.proposals]

    @property
    def total(self) -> int:
        return sum(section.count for section in self.sections)


def _section(key: str, queryset: QuerySet) -> Section:
    return Section(key=key, rows=list(queryset[:SHOWN]), count=queryset.count())


def attention_for(actor: User, now: datetime | None = None) -> Attention | None:
    """None for whoever does not work on exchanges (the public, administrators, examiners)."""
    if not can_work_on_exchanges(actor):
        return None
    now = now or timezone.now()
    incoming = exchange_queryset_for(actor).exclude(originating_side=actor.side)
    late = awaited_before(now)
    overdue = incoming.filter(late).select_related("agreement").order_by("next_due_at", "pk")
    to_answer = (
        incoming.filter(status__in=AWAITING_ANSWER, answer_due_at__gte=now)
        .exclude(late)  # shown once, under overdue
        .select_related("agreement")
        .order_by("answer_due_at", "pk")
    )
    consents = (
        ConsentRequest.objects.filter(
            exchange__in=exchange_queryset_for(actor).filter(originating_side=actor.side),
            state=ConsentRequest.State.PENDING,
        )
        .select_related("exchange__agreement")
        .order_by("created_at", "pk")
    )
    actions, proposals = _consultations(actor, now)
    return Attention(
        _section("overdue", overdue),
        _section("to_answer", to_answer),
        _section("consents", consents),
        _section("actions", actions),
        _section("proposals", proposals),
    )


def _consultations(actor: User, now: datetime) -> tuple[QuerySet, QuerySet]:
    """Our open actions due within a month (or late), and the other side's proposals."""
    if embassy_only(actor):  # embassies take part in return requests only
        return Action.objects.none(), Meeting.objects.none()
    agreements = agreements_visible_to(actor)
    actions = (
        Action.objects.filter(
            meeting__agreement__in=agreements,
            state=Action.State.OPEN,
            owner_side=actor.side,
            due_on__lte=(now + ACTIONS_AHEAD).date(),
        )
        .select_related("meeting__agreement")
        .order_by("due_on", "pk")
    )
    proposals = (
        Meeting.objects.filter(
            agreement__in=agreements, state=Meeting.State.PROPOSED, starts_at__gte=now
        )
        .exclude(proposed_by_side=actor.side)
        .select_related("agreement")
        .order_by("starts_at", "pk")
    )
    return actions, proposals
