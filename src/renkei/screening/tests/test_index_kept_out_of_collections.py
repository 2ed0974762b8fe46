"""The in-memory index is frozen out of the garbage collector's full collections once built, and
a rebuilt index lets the old one go."""

import gc
import weakref

import pytest

from renkei.screening.selectors import index_for_screening
from renkei.screening.services import NameInput, screen_records


def _store(number: int, name: str) -> None:
    entry = NameInput(
        names=[name],
        kind="organisation",
        source_type="support_organisation",
        source_id=number,
        label=f"19登-{number:06d}",
    )
    screen_records(actor=None, entries=[entry], agreement=None, side="jp")


@pytest.mark.django_db
def test_a_built_index_is_frozen_and_the_old_one_released():
    _store(1, "株式会社さくら国際")
    first = index_for_screening()
    stored = first.names[0]
    assert gc.get_freeze_count() > 0
    assert not any(o is stored for o in gc.get_objects())  # not walked by collections
    old = weakref.ref(first)
    del first, stored

    _store(2, "有限会社みどり人材")
    second = index_for_screening()
    assert {n.name for n in second.names} >= {"株式会社さくら国際", "有限会社みどり人材"}
    assert old() is None
