"""A read on the driver's own connection answers what Django's cursor answers, and keeps what
of Django's cursor layer matters: the connection opened on demand, a broken transaction
refused, errors as Django's with the connection marked for closing (ADR 7)."""

import pytest
from django.db import DatabaseError, connection, transaction
from django.db.transaction import TransactionManagementError

from renkei.agreements.models import Agreement
from renkei.core.driver_reads import driver_reads, driver_rows

CODES = f"SELECT id, code FROM {Agreement._meta.db_table} WHERE code <> %(code)s ORDER BY id"  # noqa: S608


def _django_rows(sql: str, params: dict) -> list[tuple]:
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        return cursor.fetchall()


def test_the_rows_are_those_of_djangos_cursor(agreements):
    for code in ("LA", "KH", "none such"):
        rows = driver_rows(CODES, {"code": code})
        assert rows == _django_rows(CODES, {"code": code})
        assert {c for _pk, c in rows} == set(agreements) - {code}


def test_statements_read_together_answer_as_each_alone(agreements):
    # On PostgreSQL they go to the server together (pipeline mode): each still gets its own rows,
    # in its order, with its own parameters.
    by_code = f"SELECT id, code FROM {Agreement._meta.db_table} WHERE code = %(code)s"  # noqa: S608
    statements = [(CODES, {"code": "LA"}), (by_code, {"code": "KH"}), (CODES, {"code": "none"})]
    assert driver_reads(statements) == [_django_rows(sql, params) for sql, params in statements]
    assert driver_reads([(by_code, {"code": "none"})] * 2) == [[], []]


@pytest.mark.django_db(transaction=True)
def test_a_failed_statement_among_several_leaves_the_connection_usable(agreements):
    broken = ("SELECT nothing FROM no_such_table WHERE x = %(x)s", {"x": 1})
    for statements in ([broken, (CODES, {"code": "LA"})], [(CODES, {"code": "LA"}), broken]):
        with pytest.raises(DatabaseError):
            driver_reads(statements)
        assert connection.is_usable()
        assert driver_rows(CODES, {"code": "LA"}) == _django_rows(CODES, {"code": "LA"})


def test_a_hostile_value_is_only_a_value(agreements):
    # Spliced into the statement, each would match every agreement or drop the table.
    by_code = f"SELECT code FROM {Agreement._meta.db_table} WHERE code = %(code)s"  # noqa: S608
    for hostile in ("LA' OR '1'='1", "LA'; DROP TABLE agreements_agreement; --"):
        assert driver_rows(by_code, {"code": hostile}) == []
    assert driver_rows(by_code, {"code": "LA"}) == [("LA",)]
    assert Agreement.objects.count() == len(agreements)


@pytest.mark.django_db(transaction=True)
def test_a_closed_connection_is_opened_again(agreements):
    connection.close()
    if connection.connection is not None:
        pytest.skip("Django keeps an in-memory SQLite test database open")
    assert {c for _pk, c in driver_rows(CODES, {"code": ""})} == set(agreements)


def test_an_error_is_djangos_and_marks_the_connection(agreements):
    connection.errors_occurred = False
    with pytest.raises(DatabaseError), transaction.atomic():
        driver_rows("SELECT nothing FROM no_such_table WHERE x = %(x)s", {"x": 1})
    assert connection.errors_occurred  # so Django closes it after the request if unusable


def test_a_broken_transaction_is_refused(agreements):
    with transaction.atomic():
        connection.needs_rollback = True
        with pytest.raises(TransactionManagementError):
            driver_rows(CODES, {"code": "LA"})
        connection.needs_rollback = False


@pytest.mark.skipif(
    connection.vendor != "postgresql", reason="prepared statements are PostgreSQL's"
)
def test_on_postgresql_the_read_is_prepared_like_djangos(agreements):
    def prepared() -> int:
        return _django_rows(
            "SELECT count(*) FROM pg_prepared_statements"
            " WHERE statement LIKE %(like)s AND statement NOT LIKE %(own)s",
            {"like": "%code <>%", "own": "%pg_prepared_statements%"},
        )[0][0]

    before = prepared()
    for _ in range(8):
        driver_rows(CODES, {"code": "LA"})
    assert prepared() == before + 1  # ADR 11: planned once on the connection


@pytest.fixture
def health_checks(monkeypatch):
    """The connection health checks (``SELECT 1``) the reads make, counted."""
    made = []
    usable = connection.is_usable

    def counted() -> bool:
        made.append(1)
        return usable()

    monkeypatch.setattr(connection, "is_usable", counted)
    return made


@pytest.mark.django_db(transaction=True)
def test_a_read_is_the_health_check_of_its_request(agreements, health_checks):
    driver_rows(CODES, {"code": ""})  # the connection is open
    connection.health_check_done = False  # as at the start of the next request
    assert {c for _pk, c in driver_rows(CODES, {"code": "LA"})} == set(agreements) - {"LA"}
    assert health_checks == []  # no SELECT 1 before it: one round trip, not two
    assert connection.health_check_done  # nor before the request's other statements


@pytest.mark.django_db(transaction=True)
def test_a_failed_statement_is_not_run_again(agreements, health_checks):
    driver_rows(CODES, {"code": ""})
    connection.health_check_done = False
    with pytest.raises(DatabaseError):
        driver_rows("SELECT nothing FROM no_such_table WHERE x = %(x)s", {"x": 1})
    assert health_checks == [1]  # the connection was asked, answered, and kept
    assert connection.connection is not None and connection.errors_occurred


@pytest.mark.skipif(
    connection.vendor != "postgresql", reason="SQLite has no server to lose the connection"
)
@pytest.mark.django_db(transaction=True)
def test_a_connection_the_server_ended_is_opened_again(agreements, health_checks):
    import psycopg

    driver_rows(CODES, {"code": ""})
    ended = connection.connection.info.backend_pid
    with psycopg.connect(connection.connection.info.dsn, autocommit=True) as other:
        other.execute("SELECT pg_terminate_backend(%s)", [ended])  # as a restart does
    connection.health_check_done = False
    assert {c for _pk, c in driver_rows(CODES, {"code": "LA"})} == set(agreements) - {"LA"}
    assert health_checks == [1]  # asked only once the read had failed
    assert connection.connection.info.backend_pid != ended


def test_inside_a_transaction_djangos_check_still_decides(agreements, health_checks):
    connection.health_check_done = False
    driver_rows(CODES, {"code": "LA"})  # pytest-django's transaction is open
    assert health_checks == ([1] if connection.health_check_enabled else [])
