"""Asking for one provision gives what the whole set of provisions in force on that day holds
for its key: the signed text, then each amendment in force by then that adds, replaces or
removes it, in the order they took effect."""

from datetime import date, timedelta

import pytest
from django.utils import timezone

from renkei.agreements.amendments import NOT_AMENDABLE
from renkei.agreements.models import Agreement
from renkei.agreements.provisions import BY_KEY
from renkei.agreements.tests.factories import PK_INQUIRIES, amendment_agreed

TODAY = date(2026, 12, 1)
FIRST, SECOND, THIRD = date(2027, 1, 1), date(2027, 6, 1), date(2028, 1, 1)


@pytest.fixture
def today(monkeypatch):
    day = {"value": TODAY}
    monkeypatch.setattr(timezone, "localdate", lambda *a: day["value"])
    return day


def _shown(provision) -> tuple | None:
    # Provisions made from an amendment are new objects on every call: compare what they say.
    if provision is None:
        return None
    return (
        provision.key,
        provision.clause,
        provision.text,
        provision.parameters,
        getattr(provision, "amendment_number", None),
    )


def test_one_key_is_answered_as_the_whole_set_answers_it_on_every_day(demo_users, today):
    isa, pk = demo_users["isa.contact"], demo_users["pk.contact"]
    signed_keys = sorted(p.key for p in Agreement.objects.get(code="PK").provisions_on(TODAY))
    removed = next(k for k in signed_keys if k not in NOT_AMENDABLE)
    amendment_agreed(isa, pk, "PK", [PK_INQUIRIES], effective_on=FIRST)
    amendment_agreed(
        isa,
        pk,
        "PK",
        [
            {**PK_INQUIRIES, "action": "replace", "clause": "§4(3bis)"},
            {"key": removed, "action": "remove"},
        ],
        effective_on=SECOND,
    )
    amendment_agreed(isa, pk, "PK", [{"key": "inquiries", "action": "remove"}], effective_on=THIRD)

    agreement = Agreement.objects.get(code="PK")
    days = [d + timedelta(days=shift) for d in (TODAY, FIRST, SECOND, THIRD) for shift in (-1, 0)]
    answers = {}
    for day in days:
        whole = {p.key: p for p in agreement.provisions_on(day)}
        for key in BY_KEY:
            one = agreement.provision(key, day)
            assert _shown(one) == _shown(whole.get(key)), (key, day)
            answers[key, day] = _shown(one)
    # The history the amendments wrote, as one key sees it.
    assert answers["inquiries", FIRST - timedelta(days=1)] is None
    assert answers["inquiries", FIRST][1] == "§4(3)"
    assert answers["inquiries", SECOND][1] == "§4(3bis)"
    assert answers["inquiries", THIRD] is None
    assert answers[removed, SECOND - timedelta(days=1)] is not None
    assert answers[removed, SECOND] is None
    # Without a day, today's: the day is asked for once amendments are in force.
    today["value"] = SECOND
    assert _shown(Agreement.objects.get(code="PK").provision("inquiries"))[1] == "§4(3bis)"
