"""Accreditation status on any date, computed from the dated events: a query, not a guess.

Pure functions over (kind, effective date, valid-until) triples, so they can be tested on every
event sequence without a database.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, timedelta
from typing import NamedTuple, Protocol

from django.utils.translation import gettext, gettext_noop


class EventKind:
    APPLIED = "applied"
    EXAMINED = "examined"
    ACCREDITED = "accredited"
    GUIDANCE = "guidance"
    UNDER_INVESTIGATION = "under_investigation"
    SUSPENDED = "suspended"
    REVOKED = "revoked"
    REINSTATED = "reinstated"
    EXPIRED = "expired"

    ALL = (
        APPLIED,
        EXAMINED,
        ACCREDITED,
        GUIDANCE,
        UNDER_INVESTIGATION,
        SUSPENDED,
        REVOKED,
        REINSTATED,
        EXPIRED,
    )


class Status:
    NONE = "not_accredited"
    APPLIED = "applied"
    UNDER_EXAMINATION = "under_examination"
    ACCREDITED = "accredited"
    UNDER_INVESTIGATION = "under_investigation"
    SUSPENDED = "suspended"
    REVOKED = "revoked"
    EXPIRED = "expired"

    # An organisation through which workers may be sent on that date.
    SENDING_ALLOWED = (ACCREDITED, UNDER_INVESTIGATION)


# The words for each status, in English: msgids, translated where they are shown. Screening
# labels store the English word so that a page can translate it for whoever reads it.
STATUS_WORDS = {
    Status.NONE: gettext_noop("Not accredited"),
    Status.APPLIED: gettext_noop("Applied"),
    Status.UNDER_EXAMINATION: gettext_noop("Under examination"),
    Status.ACCREDITED: gettext_noop("Accredited"),
    Status.UNDER_INVESTIGATION: gettext_noop("Under investigation"),
    Status.SUSPENDED: gettext_noop("Suspended"),
    Status.REVOKED: gettext_noop("Revoked"),
    Status.EXPIRED: gettext_noop("Expired"),
}


# From which statuses each event may be recorded, and the status it leads to (None: unchanged).
TRANSITIONS: dict[str, tuple[tuple[str, ...], str | None]] = {
    EventKind.APPLIED: ((Status.NONE, Status.REVOKED, Status.EXPIRED), Status.APPLIED),
    EventKind.EXAMINED: ((Status.APPLIED,), Status.UNDER_EXAMINATION),
    EventKind.ACCREDITED: ((Status.APPLIED, Status.UNDER_EXAMINATION), Status.ACCREDITED),
    EventKind.GUIDANCE: ((Status.ACCREDITED, Status.UNDER_INVESTIGATION, Status.SUSPENDED), None),
    EventKind.UNDER_INVESTIGATION: ((Status.ACCREDITED,), Status.UNDER_INVESTIGATION),
    EventKind.SUSPENDED: ((Status.ACCREDITED, Status.UNDER_INVESTIGATION), Status.SUSPENDED),
    EventKind.REVOKED: (
        (Status.ACCREDITED, Status.UNDER_INVESTIGATION, Status.SUSPENDED),
        Status.REVOKED,
    ),
    EventKind.REINSTATED: ((Status.SUSPENDED, Status.UNDER_INVESTIGATION), Status.ACCREDITED),
    EventKind.EXPIRED: (
        (Status.ACCREDITED, Status.UNDER_INVESTIGATION, Status.SUSPENDED),
        Status.EXPIRED,
    ),
}


class EventLike(Protocol):
    kind: str
    effective_date: date
    valid_until: date | None


@dataclass
class StatusOnDate:
    status: str
    valid_until: date | None = None
    deciding: list = field(default_factory=list)  # the events that led here, oldest first

    @property
    def sending_allowed(self) -> bool:
        return self.status in Status.SENDING_ALLOWED

    @property
    def label(self) -> str:
        return gettext(STATUS_WORDS[self.status])


_EXPIRING = (Status.ACCREDITED, Status.UNDER_INVESTIGATION, Status.SUSPENDED)
_RENEWING = (EventKind.ACCREDITED, EventKind.REINSTATED)  # events that set a new validity


def _expire(result: StatusOnDate, on: date) -> None:
    # An accreditation ends by itself the day after its validity: a change of status as real
    # as any recorded event, and later events are judged against it.
    if result.status in _EXPIRING and result.valid_until is not None and on > result.valid_until:
        result.status = Status.EXPIRED


def status_on(events: list[EventLike], on: date, strict: bool = True) -> StatusOnDate:
    """``events`` in recording order (effective date, then sequence). ``strict=False`` replays
    a partial history (the published events only), where a step's predecessors may be missing."""
    # The status and validity are kept in locals while the history is replayed: a verification
    # replays fifty events, and the public register's periods replay a history once per date
    # on which its status may change.
    status, valid_until, deciding = Status.NONE, None, []
    for event in events:
        effective = event.effective_date
        if effective > on:
            break
        if valid_until is not None and effective > valid_until and status in _EXPIRING:
            status = Status.EXPIRED  # as _expire: the validity ended before this event
        kind = event.kind
        allowed_from, target = TRANSITIONS[kind]
        if strict and status not in allowed_from:
            continue  # recorded events are checked on entry; tolerate imported history
        if target is not None:
            status = target
        if kind in _RENEWING and event.valid_until:
            valid_until = event.valid_until
        elif kind == EventKind.APPLIED:
            valid_until = None
        deciding.append(event)
    result = StatusOnDate(status, valid_until, deciding)
    _expire(result, on)
    return result


class StatusPeriod(NamedTuple):
    starts_on: date
    ends_on: date | None  # the first day it no longer holds; None: it still holds
    status: str


def status_periods(events: list[EventLike], strict: bool = True) -> list[StatusPeriod]:
    """``status_on`` for every date at once, as consecutive periods (not-accredited ones left
    out). ``status_on`` changes only where its answer can: on an event's effective date and on
    the day after a validity ends. So the status is asked once for each of those dates and
    holds until the next; two periods of one status that meet are one period."""
    changes = {e.effective_date for e in events}
    changes |= {e.valid_until + timedelta(days=1) for e in events if _before_max(e.valid_until)}
    dates = sorted(changes)
    periods: list[StatusPeriod] = []
    for i, starts_on in enumerate(dates):
        status = status_on(events, starts_on, strict).status
        ends_on = dates[i + 1] if i + 1 < len(dates) else None
        if periods and periods[-1].status == status:
            periods[-1] = periods[-1]._replace(ends_on=ends_on)
        else:
            periods.append(StatusPeriod(starts_on, ends_on, status))
    return [p for p in periods if p.status != Status.NONE]


def _before_max(day: date | None) -> bool:
    return day is not None and day < date.max


def transition_allowed(events: list[EventLike], kind: str, on: date) -> bool:
    allowed_from, _target = TRANSITIONS[kind]
    return status_on(events, on).status in allowed_from
