"""A large batch is shared among forked processes: it must find exactly what one process finds,
in the same order, and a record is still never screened against itself."""

import threading

import pytest

from renkei.screening.batch import BatchName, screen_batch
from renkei.screening.matching import NameIndex, Query, StoredName
from renkei.screening.models import Hit
from renkei.screening.names import name_keys
from renkei.screening.services import screen_records
from renkei.screening.tests.factories import support_person

STORED = [
    "Sok Channa",
    "Sok Chenda",
    "ソック・チャンナー",
    "Rakhmonov Jamshed",
    "Раҳмонов Ҷамшед",
    "Chan Dara",
    "ចាន់ ដារ៉ា",
    "Mohammad Ali Khan",
    "محمد علی خان",
    "Phommavong Somchai",
    "ສົມໃຈ ພົມມະວົງ",
]
NEW = STORED + ["Sok Chana", "Rahmonov Jamshid", "Dara Chan", "Muhammad Ali", "Somchai Phomma"]


def _index() -> NameIndex:
    return NameIndex(
        [
            StoredName(pk=i, kind="person", agreement_id=1, keys=name_keys(t), source=("x", i))
            for i, t in enumerate(STORED)
        ]
    )


def _found(index, batch):
    return [
        (number, c.stored.pk, c.score, c.explain()) for number, c in screen_batch(index, batch, 0.5)
    ]


def test_forked_processes_find_what_one_process_finds(settings):
    index = _index()
    batch = [BatchName(Query(name=n)) for n in NEW * 3]
    settings.RENKEI_SCREENING_BATCH_PROCESSES = 1
    alone = _found(index, batch)
    settings.RENKEI_SCREENING_BATCH_PROCESSES = 2
    settings.RENKEI_SCREENING_BATCH_FROM = 2
    shared = _found(index, batch)
    assert shared == alone
    assert {number for number, *_ in alone} == set(range(len(batch)))  # every name found itself
    assert (NEW.index("ソック・チャンナー"), STORED.index("Sok Channa")) in {
        (number, pk) for number, pk, *_ in shared
    }


def test_a_record_is_never_its_own_candidate(settings):
    settings.RENKEI_SCREENING_BATCH_PROCESSES = 2
    settings.RENKEI_SCREENING_BATCH_FROM = 2
    index = _index()
    own = STORED.index("Sok Channa")
    batch = [BatchName(Query(name="Sok Channa"), record=frozenset({("x", own)}))] * 4
    found = {pk for _number, pk, *_ in _found(index, batch)}
    assert own not in found
    assert STORED.index("ソック・チャンナー") in found


def _store(number: int, names: list[str]) -> None:
    screen_records(actor=None, entries=[support_person(number, names)], agreement=None, side="jp")


@pytest.mark.django_db
@pytest.mark.parametrize("processes", [1, 2])
def test_a_screening_run_queues_the_same_hits_forked_or_not(settings, processes):
    settings.RENKEI_SCREENING_BATCH_PROCESSES = processes
    settings.RENKEI_SCREENING_BATCH_FROM = 2
    _store(1, ["Sok Channa", "ソック・チャンナー"])  # one record in two scripts: no hit with itself
    _store(2, ["Rakhmonov Jamshed"])
    _store(3, ["Sok Chana", "Раҳмонов Ҷамшед"])
    hits = {(h.new.source_id, h.existing.source_id) for h in Hit.objects.select_related("new")}
    assert hits == {(3, 1), (3, 2)}


def test_two_threads_forking_at_once_each_get_their_own_answer(settings):
    settings.RENKEI_SCREENING_BATCH_PROCESSES = 2
    settings.RENKEI_SCREENING_BATCH_FROM = 2
    index = _index()
    batches = {
        "khmer": [BatchName(Query(name="ចាន់ ដារ៉ា"))] * 6,
        "urdu": [BatchName(Query(name="محمد علی خان"))] * 6,
    }
    answers: dict[str, set[int]] = {}

    def screen(label: str) -> None:
        answers[label] = {pk for _n, pk, *_ in _found(index, batches[label])}

    threads = [threading.Thread(target=screen, args=(label,)) for label in batches]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert STORED.index("Chan Dara") in answers["khmer"]
    assert STORED.index("Mohammad Ali Khan") not in answers["khmer"]
    assert STORED.index("Mohammad Ali Khan") in answers["urdu"]
    assert STORED.index("Chan Dara") not in answers["urdu"]
