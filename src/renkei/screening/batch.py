"""Screening many names at once — `renkei screening run`, a register imported whole: each name's
candidates found and scored against the index, those at the threshold kept. A batch of
``RENKEI_SCREENING_BATCH_FROM`` names or more is shared among ``RENKEI_SCREENING_BATCH_PROCESSES``
processes forked from this one, which read the index this process built (copy-on-write, nothing
rebuilt) and send back only what scored; the work is pure computation, no database, so a forked
child never touches the parent's connections (ADR 13)."""

from __future__ import annotations

import gc
import multiprocessing
import threading
from typing import NamedTuple

from django.conf import settings

from renkei.screening.matching import Candidate, NameIndex, Query, score_candidate
from renkei.screening.names import NameKeys

CHUNKS_PER_PROCESS = 8  # shares handed out in turn, so that one slow share holds no one up


class BatchName(NamedTuple):
    query: Query
    keys: NameKeys | None = None  # the query's own keys unless given (a stored name's)
    record: frozenset[tuple[str, int]] = frozenset()  # its own records: never candidates


def screen_batch(
    index: NameIndex, names: list[BatchName], threshold: float
) -> list[tuple[int, Candidate]]:
    """(number of the name in ``names``, candidate) for every stored name scoring at least
    ``threshold`` against it, name by name, each name's candidates in the index's order."""
    processes = settings.RENKEI_SCREENING_BATCH_PROCESSES
    if processes < 2 or len(names) < settings.RENKEI_SCREENING_BATCH_FROM:
        found = _screen_share(index, names, threshold, 0, len(names))
    else:
        found = _screen_forked(index, names, threshold, processes)
    return [
        (number, Candidate(stored=index.names[position], name=name, score=score, fields=fields))
        for number, position, name, score, fields in found
    ]


def _screen_share(
    index: NameIndex, names: list[BatchName], threshold: float, start: int, stop: int
) -> list[tuple]:
    found = []
    for number in range(start, stop):
        query, keys, record = names[number]
        keys = keys if keys is not None else query.keys
        for position in index.candidates(keys, query.phone, query.identifier):
            stored = index.names[position]
            if stored.source in record or (stored.parent is not None and stored.parent in record):
                continue
            candidate = score_candidate(query, keys, stored, index.people_of.get(stored.source, []))
            if candidate.score >= threshold:
                found.append((number, position, candidate.name, candidate.score, candidate.fields))
    return found


# What the forked children screen: set in the parent just before the fork, read by the children
# (a fork copies it; nothing is pickled but the shares' bounds and what scored). One batch forks
# at a time, so that two threads' batches never hand their children each other's names.
_FORKED: tuple[NameIndex, list[BatchName], float] | None = None
_FORKING = threading.Lock()


def _screen_forked(
    index: NameIndex, names: list[BatchName], threshold: float, processes: int
) -> list[tuple]:
    global _FORKED
    size = -(-len(names) // (processes * CHUNKS_PER_PROCESS))
    shares = [(start, min(start + size, len(names))) for start in range(0, len(names), size)]
    with _FORKING:
        _FORKED = (index, names, threshold)
        try:
            # Each child keeps its collector off what it inherited: a full collection walking
            # the index would write to every page of it, copying the parent's memory page by page.
            with multiprocessing.get_context("fork").Pool(processes, initializer=gc.freeze) as pool:
                parts = pool.map(_screen_forked_share, shares, chunksize=1)
        finally:
            _FORKED = None
    return [entry for part in parts for entry in part]


def _screen_forked_share(share: tuple[int, int]) -> list[tuple]:
    index, names, threshold = _FORKED
    return _screen_share(index, names, threshold, *share)
