"""The public register's status periods (ADR 14): the same answer as replaying the released
events, for every event sequence and date; compiled again by each release; and what the
register pages list follows from them."""

import importlib
from dataclasses import dataclass
from datetime import date, timedelta

from django.apps import apps
from hypothesis import given, settings
from hypothesis import strategies as st

from renkei.registry import services
from renkei.registry.models import AccreditationEvent, PublicStatusPeriod
from renkei.registry.public_status import public_status_rebuild
from renkei.registry.selectors import public_register
from renkei.registry.status import EventKind, Status, status_on, status_periods
from renkei.registry.tests.factories import accredited

D = date(2025, 1, 1)


@dataclass
class E:
    kind: str
    effective_date: date
    valid_until: date | None = None


def status_from_periods(periods, on: date) -> str:
    holding = [p for p in periods if p.starts_on <= on and (p.ends_on is None or on < p.ends_on)]
    assert len(holding) <= 1, holding  # periods never overlap
    return holding[0].status if holding else Status.NONE


events_strategy = st.lists(
    st.tuples(
        st.sampled_from(EventKind.ALL),
        st.integers(0, 60),  # days after the previous event (0: the same day)
        st.one_of(st.none(), st.integers(0, 900)),  # validity, for any kind: partial histories
    ),
    max_size=10,
)


def build(steps) -> list[E]:
    events, day = [], D
    for kind, gap, validity in steps:
        day += timedelta(days=gap)
        events.append(E(kind, day, None if validity is None else day + timedelta(days=validity)))
    return events


@settings(max_examples=400, deadline=None)
@given(steps=events_strategy, probes=st.lists(st.integers(-5, 2000), max_size=30))
def test_periods_answer_what_the_replay_answers_on_every_date(steps, probes):
    events = build(steps)
    for strict in (False, True):
        periods = status_periods(events, strict=strict)
        # Every date on which the answer may change, its eve, and dates anywhere.
        days = {e.effective_date for e in events} | {D + timedelta(days=p) for p in probes}
        days |= {e.valid_until + timedelta(days=k) for e in events if e.valid_until for k in (0, 1)}
        days |= {d - timedelta(days=1) for d in list(days)}
        for on in sorted(days):
            assert status_from_periods(periods, on) == status_on(events, on, strict).status, on


def test_periods_of_a_plain_history():
    events = [
        E("accredited", D, D + timedelta(days=30)),
        E("revoked", D + timedelta(days=10)),
        E("accredited", D + timedelta(days=40), D + timedelta(days=100)),
    ]
    assert [(p.starts_on, p.ends_on, p.status) for p in status_periods(events, strict=False)] == [
        (D, D + timedelta(days=10), Status.ACCREDITED),
        (D + timedelta(days=10), D + timedelta(days=40), Status.REVOKED),
        (D + timedelta(days=40), D + timedelta(days=101), Status.ACCREDITED),
        (D + timedelta(days=101), None, Status.EXPIRED),
    ]


def test_a_validity_to_the_end_of_the_calendar_never_expires():
    periods = status_periods([E("accredited", D, date.max)], strict=False)
    assert [(p.starts_on, p.ends_on, p.status) for p in periods] == [(D, None, Status.ACCREDITED)]


def publish(actor, org):
    for event in org.events.filter(kind__in=AccreditationEvent.PUBLIC_KINDS, approved_at=None):
        services.accreditation_approve(actor=actor, event=event)


def listed(on: date, which: str = "accredited") -> list[str]:
    return [r.organisation.licence_number for r in public_register("LA", on, which=which).rows]


def stored_periods() -> list[tuple]:
    return sorted(
        PublicStatusPeriod.objects.values_list(
            "organisation_id", "agreement_id", "starts_on", "ends_on", "status"
        )
    )


def test_each_release_compiles_the_organisations_periods_again(demo_users):
    la = demo_users["la.contact"]
    org = accredited(la, licence="LA-P-1", until=date(2027, 1, 9))
    assert not PublicStatusPeriod.objects.exists()  # recorded, not released
    assert listed(date(2025, 6, 1)) == []
    publish(la, org)
    assert listed(date(2025, 6, 1)) == ["LA-P-1"]
    assert listed(date(2025, 1, 9)) == []  # before the accreditation
    assert listed(date(2027, 1, 10)) == []  # the validity ran out: no write needed for that

    services.accreditation_record(
        actor=la, organisation=org, kind="revoked", effective_date=date(2025, 9, 1), reason="Fees"
    )
    assert listed(date(2025, 9, 2)) == ["LA-P-1"]  # the revocation is not released yet
    assert listed(date(2025, 9, 2), "revocations") == []
    publish(la, org)
    assert listed(date(2025, 9, 2)) == []
    assert listed(date(2025, 8, 31)) == ["LA-P-1"]
    revoked = public_register("LA", date(2025, 9, 2), which="revocations").rows
    assert [(r.organisation.licence_number, r.revoked_on) for r in revoked] == [
        ("LA-P-1", date(2025, 9, 1))
    ]
    assert revoked[0].status.status == Status.REVOKED


def test_what_the_releases_compiled_equals_a_compilation_from_scratch(demo_users):
    la = demo_users["la.contact"]
    first = accredited(la, licence="LA-P-1")
    second = accredited(la, licence="LA-P-2", name_latin="Second Co.")
    services.accreditation_record(
        actor=la, organisation=first, kind="suspended", effective_date=date(2025, 2, 1), reason="x"
    )
    services.accreditation_record(
        actor=la, organisation=first, kind="revoked", effective_date=date(2025, 3, 1), reason="y"
    )
    publish(la, first)
    publish(la, second)
    compiled = stored_periods()
    assert compiled
    public_status_rebuild()
    assert stored_periods() == compiled


def test_the_migration_compiles_the_periods_of_existing_releases(demo_users):
    la = demo_users["la.contact"]
    publish(la, accredited(la, licence="LA-P-1"))
    publish(la, accredited(la, licence="LA-P-2", name_latin="Second Co."))
    compiled = stored_periods()
    PublicStatusPeriod.objects.all().delete()
    migration = importlib.import_module("renkei.registry.migrations.0003_public_status_periods")
    migration.compile_periods(apps, None)
    assert stored_periods() == compiled and compiled


def test_pages_and_exports_list_what_the_periods_hold(demo_users, client):
    la = demo_users["la.contact"]
    publish(la, accredited(la, licence="LA-P-1", until=date(2026, 1, 9)))
    publish(la, accredited(la, licence="LA-P-2", name_latin="Second Co.", until=date(2030, 1, 9)))
    page = client.get("/public/LA/sending-organisations/?on=2026-06-01").content.decode()
    assert "LA-P-2" in page and "LA-P-1" not in page  # LA-P-1's validity ended in January
    csv = client.get("/public/LA/sending-organisations/?on=2025-06-01&format=csv").content.decode()
    assert "LA-P-1" in csv and "LA-P-2" in csv
