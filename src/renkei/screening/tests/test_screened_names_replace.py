"""Storing a record's names again: a name still there keeps its row (links to it survive the
edit) and takes the record's new details; new names are added; names gone are removed."""

import pytest

from renkei.screening.models import ScreenedName
from renkei.screening.services import screened_names_replace
from renkei.screening.tests.factories import support_organisation


@pytest.mark.django_db
def test_names_are_replaced_in_place_for_many_records_at_once():
    first = screened_names_replace(
        entries=[
            support_organisation(1, ["株式会社さくら国際"], ["佐藤健", "鈴木一郎"], "19登-000001"),
            support_organisation(2, ["有限会社みどり人材"], ["高橋花子"], "19登-000002"),
        ],
        agreement=None,
        side="jp",
    )
    assert len(first) == 5
    kept_pk = ScreenedName.objects.get(name="株式会社さくら国際").pk
    person_pk = ScreenedName.objects.get(name="佐藤健").pk

    again = screened_names_replace(
        entries=[
            support_organisation(
                1, ["株式会社さくら国際", "Sakura Kokusai"], ["佐藤健"], "19登-000001 (取消)", True
            ),
            support_organisation(2, ["有限会社みどり人材"], ["高橋花子"], "19登-000002"),
        ],
        agreement=None,
        side="jp",
    )
    assert len(again) == 5
    sakura = ScreenedName.objects.get(name="株式会社さくら国際")
    assert sakura.pk == kept_pk and sakura.flagged and sakura.label == "19登-000001 (取消)"
    assert ScreenedName.objects.get(name="佐藤健").pk == person_pk
    assert ScreenedName.objects.filter(name="Sakura Kokusai", source_id=1).exists()
    assert not ScreenedName.objects.filter(name="鈴木一郎").exists()
    assert ScreenedName.objects.count() == 5
