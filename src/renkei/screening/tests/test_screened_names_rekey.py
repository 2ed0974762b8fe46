"""Names keyed by an older matcher or library are keyed again on deploy, and screened when their
keys changed: a stored name must meet a new one as two new ones would."""

from io import StringIO

import pytest
from django.core.management import call_command

from renkei.agreements.models import Agreement
from renkei.audit.models import AuditEvent
from renkei.screening.models import Hit, IndexVersion, ScreenedName
from renkei.screening.names import keys_version, name_keys
from renkei.screening.services import NameInput, screened_names_rekey, screened_names_replace

LAO = "ສົມໃຈ ພົມມະວົງ"
LATIN = "Somchai Phommavong"


def _person(number: int, name: str) -> NameInput:
    return NameInput(
        names=[name],
        kind="person",
        source_type="sending_organisation_person",
        source_id=number,
        label=f"LA-SO-{number:03d}",
    )


@pytest.fixture
def stored(agreements):
    laos = Agreement.objects.get(code="LA")
    screened_names_replace(
        entries=[_person(1, LAO), _person(2, LATIN)], agreement=laos, side="partner"
    )
    return laos


def _index_version() -> str | None:
    return IndexVersion.objects.filter(pk=1).values_list("version", flat=True).first()


def _as_an_older_romaniser_left_it(name: str) -> None:
    # A library that did not romanise Lao kept the letters as they were.
    ScreenedName.objects.filter(name=name).update(
        key_roman=name, key_bare=name, key_skeleton=name, script="", keys_version="0ld"
    )


def test_names_keyed_by_an_older_version_are_keyed_again_and_screened(stored):
    _as_an_older_romaniser_left_it(LAO)
    index_before = _index_version()
    assert not Hit.objects.exists()

    report = screened_names_rekey(actor=None)

    assert (report.checked, report.changed, report.hits) == (1, 1, 1)
    lao = ScreenedName.objects.get(name=LAO)
    keys = name_keys(LAO)
    assert (lao.key_roman, lao.key_bare, lao.key_skeleton, lao.script) == (
        keys.roman,
        keys.bare,
        keys.skeleton,
        keys.script,
    )
    assert set(ScreenedName.objects.values_list("keys_version", flat=True)) == {keys_version()}
    hit = Hit.objects.get()
    assert {hit.new.name, hit.existing.name} == {LAO, LATIN}
    assert _index_version() != index_before
    event = AuditEvent.objects.get(action="screening.rekey")
    assert event.after["names"] == 1 and event.after["changed"] == 1
    assert event.after["hits"] == [hit.pk]


def test_a_name_whose_keys_are_the_same_is_only_stamped(stored):
    ScreenedName.objects.filter(name=LATIN).update(keys_version="0ld")
    events = AuditEvent.objects.count()

    report = screened_names_rekey(actor=None)

    assert (report.checked, report.changed, report.hits) == (1, 0, 0)
    assert ScreenedName.objects.get(name=LATIN).keys_version == keys_version()
    assert not Hit.objects.exists()
    assert AuditEvent.objects.count() == events + 1  # the re-keying, and no screening run


def test_nothing_to_do_when_every_name_is_current(stored):
    events = AuditEvent.objects.count()
    index_before = _index_version()

    report = screened_names_rekey(actor=None)

    assert (report.checked, report.changed, report.hits) == (0, 0, 0)
    assert AuditEvent.objects.count() == events
    assert _index_version() == index_before


def test_the_command_and_setup_key_again(stored):
    _as_an_older_romaniser_left_it(LAO)
    out = StringIO()
    call_command("setup", "--no-static", stdout=out)
    assert "screening keys: 1 names keyed again, 1 changed, 1 new hits" in out.getvalue()
    out = StringIO()
    call_command("screening", "rekey", stdout=out)
    assert "screening keys: 0 names keyed again, 0 changed, 0 new hits" in out.getvalue()


def test_the_keys_version_names_what_made_the_keys():
    version = keys_version()
    assert len(version) == 16 and int(version, 16) >= 0
    assert ScreenedName._meta.get_field("keys_version").max_length == len(version)
