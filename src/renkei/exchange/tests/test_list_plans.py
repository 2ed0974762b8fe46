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


@pytest.fixture
def years_of_history(demo_users, agreements):
    """Three years of settled exchanges in LA and KH, as the planner's statistics see them."""
    from datetime import timedelta

    from django.utils import timezone

    from renkei.exchange.models import Exchange

    now = timezone.now()
    rows = [
        ExchangeRowFactory.build(
            agreement=agreements[code],
            status="closed",
            sent_at=now - timedelta(hours=9 * n),
            exchange_type="return_request" if n % 2 else "inquiry",
            originating_side="jp" if n % 3 else "partner",
            hours_to_acknowledge=n % 50,
        )
        for code in ("LA", "KH")
        for n in range(3000)
    ]
    Exchange.objects.bulk_create(rows, batch_size=500)
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")


def test_long_lists_are_read_in_their_own_order_from_an_index(demo_users, years_of_history):
    """Where a list holds thousands of rows, a page of 50 reads them in the list's order from
    an index that ends in it, and stops: no sort of every matching row. (On a handful of rows
    the planner may as well sort them, so this is asked of years of history.)"""
    lists = [
        ("isa.contact", ExchangeFilters(box="inbox")),
        ("isa.contact", ExchangeFilters(box="outbox")),
        ("isa.contact", ExchangeFilters(box="all")),
        ("isa.contact", ExchangeFilters(box="all", status="closed")),
        ("isa.contact", ExchangeFilters(box="outbox", exchange_type="inquiry")),
        ("la.contact", ExchangeFilters(box="inbox", status="closed")),
    ]
    for username, filters in lists:
        queryset = exchange_list_for(demo_users[username], "LA", filters)
        plan = _plan(queryset[:51])
        assert re.search(r"exchange_\w+_listed", plan), (filters, plan)
        assert not re.search(r"^\s*(->\s*)?Sort\b|TEMP B-TREE FOR ORDER BY", plan, re.M), (
            filters,
            plan,
        )


@pytest.mark.parametrize("username", ["isa.contact", "la.contact", "kh.embassy"])
def test_the_dashboard_reads_only_bounded_ranges(demo_users, years_of_history, username):
    from django.test.utils import CaptureQueriesContext

    from renkei.exchange.selectors import dashboard_for

    code = "KH" if username.startswith("kh") else "LA"
    with CaptureQueriesContext(connection) as queries:
        board = dashboard_for(demo_users[username], code)
    statements = [q["sql"] for q in queries.captured_queries if '"exchange_exchange"' in q["sql"]]
    assert statements and board.open >= 0
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute("SET LOCAL enable_seqscan = off")
        for sql in statements:
            prefix = "EXPLAIN " if connection.vendor == "postgresql" else "EXPLAIN QUERY PLAN "
            cursor.execute(prefix + sql)
            plan = "\n".join(" ".join(str(c) for c in row) for row in cursor.fetchall())
            assert _table_scans(plan) == [], (sql, plan)
            # A bounded range: the awaited deadlines or the latest weeks, never the agreement's
            # whole history.
            assert re.search(r"exchange_(awaited|sent)\b", plan), (sql, plan)


def _pg_type(value) -> str:
    from datetime import datetime

    if isinstance(value, bool):
        return "boolean"
    if isinstance(value, int):
        return "bigint"
    return "timestamptz" if isinstance(value, datetime) else "text"


def _pg_literal(value) -> str:
    from datetime import datetime

    if isinstance(value, bool):
        return str(value).lower()
    if isinstance(value, int):
        return str(value)
    text = value.isoformat() if isinstance(value, datetime) else str(value)
    return "'" + text.replace("'", "''") + "'"


@pytest.mark.skipif(connection.vendor != "postgresql", reason="server-side plans are PostgreSQL's")
def test_overdue_reads_the_awaited_index_even_in_a_generic_plan(demo_users, years_of_history):
    """A statement prepared on the server (ADR 11) is planned once for any moment; the plan must
    still read the awaited exchanges' index, not walk the whole list filtering by the date."""
    from datetime import timedelta

    from django.utils import timezone

    now = timezone.now()
    for n in range(40):
        ExchangeRowFactory(status="sent", acknowledge_due_at=now + timedelta(days=n - 20))
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE exchange_exchange")
    filters = ExchangeFilters(box="all", overdue=True)
    queryset = exchange_list_for(demo_users["isa.contact"], "LA", filters)
    for statement in (queryset[:51], queryset.order_by()[: COUNT_CAP + 1]):
        sql, params = statement.query.sql_with_params()
        numbers = itertools.count(1)
        prepared = re.sub(r"%s", lambda _match: f"${next(numbers)}", sql)
        with connection.cursor() as cursor:
            cursor.execute("DEALLOCATE ALL")
            types = ", ".join(_pg_type(value) for value in params)
            cursor.execute(f"PREPARE listed ({types}) AS {prepared}")
            cursor.execute("SET LOCAL plan_cache_mode = force_generic_plan")
            literals = ", ".join(_pg_literal(value) for value in params)
            cursor.execute(f"EXPLAIN EXECUTE listed({literals})")
            plan = "\n".join(row[0] for row in cursor.fetchall())
            cursor.execute("DEALLOCATE listed")
        assert "exchange_awaited" in plan, plan
