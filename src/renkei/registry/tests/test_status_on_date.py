"""Status on any date, from the dated events — including every sequence hypothesis can find."""

from dataclasses import dataclass
from datetime import date, timedelta

from hypothesis import given, settings
from hypothesis import strategies as st

from renkei.registry.status import TRANSITIONS, EventKind, Status, status_on, transition_allowed


@dataclass
class E:
    kind: str
    effective_date: date
    valid_until: date | None = None


D = date(2025, 1, 1)


def test_a_typical_history():
    events = [
        E("applied", D),
        E("examined", D + timedelta(days=10)),
        E("accredited", D + timedelta(days=20), D + timedelta(days=20 + 3 * 365)),
        E("under_investigation", D + timedelta(days=200)),
        E("suspended", D + timedelta(days=230)),
        E("revoked", D + timedelta(days=260)),
    ]
    assert status_on(events, D - timedelta(days=1)).status == Status.NONE
    assert status_on(events, D + timedelta(days=5)).status == Status.APPLIED
    assert status_on(events, D + timedelta(days=15)).status == Status.UNDER_EXAMINATION
    on_accredited = status_on(events, D + timedelta(days=20))
    assert on_accredited.status == Status.ACCREDITED and on_accredited.sending_allowed
    assert status_on(
        events, D + timedelta(days=210)
    ).sending_allowed  # still valid while investigated
    assert not status_on(events, D + timedelta(days=240)).sending_allowed
    revoked = status_on(events, D + timedelta(days=300))
    assert revoked.status == Status.REVOKED
    assert [e.kind for e in revoked.deciding][-1] == "revoked"


def test_validity_runs_out():
    events = [E("applied", D), E("accredited", D, D + timedelta(days=30))]
    assert status_on(events, D + timedelta(days=30)).status == Status.ACCREDITED
    assert status_on(events, D + timedelta(days=31)).status == Status.EXPIRED


def test_reinstatement_restores_sending():
    events = [
        E("applied", D),
        E("accredited", D, D + timedelta(days=900)),
        E("suspended", D + timedelta(days=5)),
        E("reinstated", D + timedelta(days=9)),
    ]
    assert status_on(events, D + timedelta(days=6)).status == Status.SUSPENDED
    assert status_on(events, D + timedelta(days=9)).sending_allowed


@settings(max_examples=300, deadline=None)
@given(
    steps=st.lists(
        st.tuples(st.sampled_from(EventKind.ALL), st.integers(0, 40), st.integers(1, 800)),
        max_size=12,
    )
)
def test_replaying_accepted_events_matches_the_transition_table(steps):
    """Record events the way the service does (only allowed transitions, in date order); at
    every date the computed status is what the table says the last applicable event leads to."""
    events: list[E] = []
    day = D
    expected_on: list[tuple[date, str]] = []
    state = Status.NONE
    valid_until = None
    for kind, gap, validity in steps:
        day = day + timedelta(days=gap)
        until = day + timedelta(days=validity) if kind in ("accredited", "reinstated") else None
        if not transition_allowed(events, kind, day):
            continue
        events.append(E(kind, day, until))
        target = TRANSITIONS[kind][1]
        if target is not None:
            state = target
        if until:
            valid_until = until
        expected_on.append((day, state, valid_until))
    for day, state, until in expected_on:
        result = status_on(events, day)
        if (
            until is not None
            and day > until
            and state in (Status.ACCREDITED, Status.UNDER_INVESTIGATION, Status.SUSPENDED)
        ):
            state = Status.EXPIRED
        if len([d for d, *_ in expected_on if d == day]) == 1:
            assert result.status == state
        # invariant: sending is allowed only in the two sending statuses
        assert result.sending_allowed == (result.status in Status.SENDING_ALLOWED)
        # invariant: nothing is accredited before an accreditation event
        if not any(
            e.kind in ("accredited", "reinstated") and e.effective_date <= day for e in events
        ):
            assert not result.sending_allowed
