"""On PostgreSQL a statement run again and again on one connection is prepared on the server,
so that the reads every request makes (the caller's scope, the index version) are planned once
(ADR 11)."""

import pytest
from django.db import connection

from renkei.agreements.scoping import agreement_ids_visible_to

pytestmark = pytest.mark.skipif(
    connection.vendor != "postgresql", reason="prepared statements are PostgreSQL's"
)


def _prepared_scope_reads() -> int:
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT count(*) FROM pg_prepared_statements"
            " WHERE statement LIKE %s AND statement NOT LIKE %s",
            ["%agreementassignment%", "%pg_prepared_statements%"],
        )
        return cursor.fetchone()[0]


def test_the_scope_read_is_prepared_after_a_few_uses(demo_users):
    officer = demo_users["la.contact"]
    before = _prepared_scope_reads()
    answers = {frozenset(agreement_ids_visible_to(officer)) for _ in range(8)}
    assert len(answers) == 1 and answers.pop()  # the same agreements every time
    assert _prepared_scope_reads() == before + 1
