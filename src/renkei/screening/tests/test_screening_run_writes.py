"""What a screening run writes, in bulk: one hit per pair of records (two records screened
together find each other once), none for a pair queued or decided before, the flags of the name,
its organisation and its confirmed links on each hit, and the ledger listing the hits' ids."""

import pytest

from renkei.audit.models import AuditEvent
from renkei.screening.models import Hit, ScreenedName
from renkei.screening.selectors import flags_for_many, stored_name
from renkei.screening.services import NameInput, hit_review, screen_records
from renkei.screening.tests.factories import support_organisation


def _screen(*entries: NameInput) -> list[Hit]:
    return screen_records(actor=None, entries=list(entries), agreement=None, side="jp")


@pytest.mark.django_db
def test_two_records_screened_together_make_one_hit_and_the_ledger_lists_it():
    hits = _screen(
        support_organisation(1, ["株式会社さくら国際"]),
        support_organisation(2, ["さくら国際株式会社"]),
    )
    assert len(hits) == 1 and Hit.objects.count() == 1
    event = AuditEvent.objects.get(action="screening.run")
    assert event.after["hits"] == [hits[0].pk] == list(Hit.objects.values_list("pk", flat=True))


@pytest.mark.django_db
def test_a_pair_queued_or_decided_before_is_not_queued_again(demo_users):
    _screen(support_organisation(1, ["Sakura Kokusai Co., Ltd."]))
    first = _screen(support_organisation(2, ["Sakura Kokusai K.K."]))
    assert len(first) == 1
    hit_review(
        actor=demo_users["isa.contact"],
        hit_id=first[0].pk,
        decision=Hit.Status.DISMISSED,
        reason="Different owners",
    )
    # Either record screened again, alone or together: the pair is known from either side.
    assert _screen(support_organisation(2, ["Sakura Kokusai K.K."])) == []
    assert _screen(support_organisation(1, ["Sakura Kokusai Co., Ltd."])) == []
    assert (
        _screen(
            support_organisation(1, ["Sakura Kokusai Co., Ltd."]),
            support_organisation(2, ["Sakura Kokusai K.K."]),
        )
        == []
    )
    assert Hit.objects.count() == 1


@pytest.mark.django_db
def test_hits_carry_the_flags_of_the_name_its_organisation_and_its_links(demo_users):
    _screen(support_organisation(1, ["Midori Jinzai"], flagged=True, people=["Tanaka Hiroshi"]))
    _screen(support_organisation(2, ["Aoba Support"], people=["TANAKA Hiroshi"]))
    person_hit = Hit.objects.get(new__name="TANAKA Hiroshi")
    assert person_hit.explanation["flags"] == ["19登-000001"]  # through the person's organisation

    _screen(support_organisation(3, ["Midori Jinzai K.K."]))
    organisation_hit = Hit.objects.get(new__name="Midori Jinzai K.K.")
    assert organisation_hit.explanation["flags"] == ["19登-000001"]  # the name itself
    hit_review(
        actor=demo_users["isa.contact"],
        hit_id=organisation_hit.pk,
        decision=Hit.Status.CONFIRMED,
        reason="Same registration office and owner",
    )
    # Confirmed the same as a flagged organisation: a hit against the new one says so.
    _screen(support_organisation(4, ["Midori Jinzai Kabushiki Kaisha"]))
    linked = Hit.objects.get(new__name="Midori Jinzai Kabushiki Kaisha", existing__source_id=3)
    assert linked.explanation["flags"] == ["= Midori Jinzai (19登-000001)"]
    # Read together, each side of the link keeps its own flags: the flagged one gains no link to
    # a name that is not flagged.
    flagged, new = (
        stored_name(ScreenedName.objects.get(source_type="support_organisation", source_id=i))
        for i in (1, 3)
    )
    assert flags_for_many([flagged, new]) == {
        flagged.pk: ["19登-000001"],
        new.pk: ["= Midori Jinzai (19登-000001)"],
    }


@pytest.mark.django_db
def test_flags_read_for_many_names_are_each_names_own():
    _screen(
        support_organisation(
            1, ["Midori Jinzai"], flagged=True, people=["Tanaka Hiroshi", "Suzuki Aiko"]
        ),
        support_organisation(2, ["Aoba Support"], people=["Sato Ken"]),
        support_organisation(3, ["Kaede Kyodo"], flagged=True),
    )
    names = [stored_name(row) for row in ScreenedName.objects.order_by("pk")]
    many = flags_for_many(names)
    assert many == {n.pk: flags_for_many([n])[n.pk] for n in names}  # read alone, the same
    assert {n.name: many[n.pk] for n in names} == {
        "Midori Jinzai": ["19登-000001"],
        "Tanaka Hiroshi": ["19登-000001"],
        "Suzuki Aiko": ["19登-000001"],
        "Aoba Support": [],
        "Sato Ken": [],
        "Kaede Kyodo": ["19登-000003"],
    }
