"""Every filter the exchange lists offer is served by an index (ADR 24): the database's own plan
for each list page and each capped count reads exchanges through an index, never by scanning
the table. On PostgreSQL, sequential scans are priced out for the test, so the plan falls back
to one only where no index can serve; on SQLite, a full scan shows as ``SCAN`` without an index.
"""

import itertools
import re

import pytest
from django.db import connection

from renkei.core.pages import COUNT_CAP
from renkei.exchange.selectors import ExchangeFilters, exchange_list_for
from renkei.exchange.tests.factories import ExchangeRowFactory

BOXES = ("inbox", "outbox", "drafts", "all")
NARROWINGS = [
    {},
    {"exchange_type": "inquiry"},
    {"status": "acknowledged"},
    {"exchange_type": "misconduct_report", "status": "sent"},
    {"category": "c"},
    {"overdue": True},
    {"text": "passport"},
    {"text": "旅券"},
    {"exchange_type": "misconduct_report", "category": "a", "overdue": True},
]
CASES = list(itertools.product(("isa.contact", "la.contact"), BOXES, NARROWINGS))


def _plan(queryset) -> str:
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("SET LOCAL enable_seqscan = off")
        return queryset.explain()
    return queryset.explain()


def _table_scans(plan: str) -> list[str]:
    if connection.vendor == "postgresql":
        return re.findall(r"Seq Scan on exchange_exchange\b.*", plan)
    # SQLite: "SCAN exchange_exchange" alone is the whole table; "USING INDEX" is an index.
    return [
        line
        for line in plan.splitlines()
        if re.search(r"SCAN exchange_exchange\b", line) and "INDEX" not in line
    ]


@pytest.fixture
def some_rows(demo_users):
    for status in ("sent", "acknowledged", "answered", "closed", "draft"):
        ExchangeRowFactory.create_batch(
            3, status=status, subject="passport 旅券", categories="ac", sent_at=None
        ) if status == "draft" else ExchangeRowFactory.create_batch(
            3, status=status, subject="passport 旅券", categories="ac"
        )


@pytest.mark.parametrize(("username", "box", "narrowing"), CASES)
def test_no_list_reads_the_whole_table(demo_users, some_rows, username, box, narrowing):
    filters = ExchangeFilters(box=box, **narrowing)
    queryset = exchange_list_for(demo_users[username], "LA", filters)
    page_plan = _plan(queryset[:51])
    count_plan = _plan(queryset.order_by()[: COUNT_CAP + 1])
    assert _table_scans(page_plan) == [], page_plan
    assert _table_scans(count_plan) == [], count_plan
    if not (filters.overdue or filters.text or "One-Time Filter: false" in page_plan):
        # Read in the list's own order from an index: no sort of every matching row. (A box
        # and a status that exclude each other read nothing at all.)
        assert re.search(r"exchange_\w+_listed", page_plan), page_plan
