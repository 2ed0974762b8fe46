"""Races as an operator would meet them: a real gunicorn with four workers on a fresh database
(SQLite here, PostgreSQL when DATABASE_URL names one), requests from threads released together
by a barrier, and the outcome read back from the database and `renkei audit verify`."""

from __future__ import annotations

import os
import threading
from collections.abc import Callable

import pytest

from renkei.ops.instance import Instance, Response, instance_create

TRIALS = int(os.environ.get("RENKEI_RACE_TRIALS", "20"))


@pytest.fixture(scope="session")
def live(tmp_path_factory) -> Instance:
    instance = instance_create(tmp_path_factory.mktemp("race-instance"))
    try:
        instance.set_up().start(workers=4)
        yield instance
    finally:
        instance.close()


def race(*calls: Callable[[], Response]) -> list[Response]:
    """Run the calls in threads released at the same moment; their answers in call order."""
    barrier = threading.Barrier(len(calls))
    answers: list[Response | BaseException | None] = [None] * len(calls)

    def run(position: int, call: Callable[[], Response]) -> None:
        barrier.wait()
        try:
            answers[position] = call()
        except BaseException as error:  # reported below, in the test's thread
            answers[position] = error

    threads = [threading.Thread(target=run, args=pair) for pair in enumerate(calls)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(120)
    for answer in answers:
        if isinstance(answer, BaseException) or answer is None:
            raise AssertionError(f"a racing request failed: {answer!r}")
    return answers  # type: ignore[return-value]


def statuses(answers: list[Response]) -> list[int]:
    return [a.status for a in answers]


def assert_one_winner(answers: list[Response]) -> int:
    """Exactly one 2xx; every other answer is a 409 naming the state it found. The winner's
    position."""
    codes = statuses(answers)
    winners = [i for i, code in enumerate(codes) if 200 <= code < 300]
    assert len(winners) == 1, f"answers {codes}: {[a.body for a in answers]}"
    for i, answer in enumerate(answers):
        if i != winners[0]:
            assert answer.status == 409, answer.body
            assert answer.body["error"]["code"] == "invalid_transition"
            assert answer.body["error"]["details"]["status"]
    return winners[0]


def events(live: Instance, object_type: str, object_id, action: str | None = None) -> list[str]:
    rows = live.sql(
        "SELECT action FROM audit_auditevent WHERE object_type = %s AND object_id = %s"
        " ORDER BY seq",
        (object_type, str(object_id)),
    )
    found = [row[0] for row in rows]
    return [a for a in found if a == action] if action else found


def assert_ledger_allows_every_history(live: Instance) -> None:
    done = live.renkei("audit", "verify", check=False)
    assert done.returncode == 0, done.stdout + done.stderr
    assert "every history allowed" in done.stdout
