"""One read on the database driver's own connection, for the statement the name check runs on
every call (ADR 7, amended).

Django's cursor layer (its wrappers, the debug check, the placeholder rewriting for SQLite) cost
more than the statement it ran. This keeps what of it matters: the connection is opened as
Django's cursor would, a broken transaction is refused, and errors come out as Django's, with
the connection marked so that Django closes it after the request. What is lost: the statement is
not in ``connection.queries`` under DEBUG.

Django's connection health check (``CONN_HEALTH_CHECKS``) sends ``SELECT 1`` before a request's
first statement on a kept connection: on PostgreSQL a round trip as dear as the read itself. Here
the read is the check: outside a transaction it runs at once, and only if it fails on a
connection that then proves unusable is the connection opened again and the read run again. A
request after a database restart still gets its answer (ADR 11, amended)"""

from __future__ import annotations

import re
from collections.abc import Sequence
from functools import cache

from django.db import DEFAULT_DB_ALIAS, DatabaseError, connections

_PYFORMAT = re.compile(r"%\((\w+)\)s")


@cache
def _named(sql: str) -> str:
    """``%(name)s`` placeholders as SQLite's ``:name``; psycopg takes them as written. The
    statements have no literal ``%`` (Django's cursor would unescape ``%%`` for SQLite)."""
    return _PYFORMAT.sub(r":\1", sql)


def driver_rows(sql: str, params: dict, alias: str = DEFAULT_DB_ALIAS) -> list[tuple]:
    """All rows of ``sql`` (``%(name)s`` placeholders, every value in ``params``) on the
    database ``alias``."""
    return driver_reads(((sql, params),), alias)[0]


def driver_reads(
    statements: Sequence[tuple[str, dict]], alias: str = DEFAULT_DB_ALIAS
) -> list[list[tuple]]:
    """The rows of each statement, as ``driver_rows`` reads them, for statements that do not
    wait for each other's answers: on PostgreSQL they go to the server together in psycopg's
    pipeline mode, one round trip for all of them."""
    db = connections[alias]  # once: each use of ``connection`` looks it up again
    # A read outside a transaction may be run again on a new connection; inside one, the
    # connection is the transaction's, and Django's own check decides as it always did.
    unchecked = db.health_check_enabled and not db.health_check_done and not db.in_atomic_block
    if not unchecked:
        db.close_if_health_check_failed()
    db.ensure_connection()
    db.validate_thread_sharing()
    db.validate_no_broken_transaction()
    try:
        answers = _answers(db, statements)
    except DatabaseError:
        if not unchecked or db.is_usable():
            raise  # the statement failed, not the connection
        db.close()  # what a failed health check does, then the read on a new connection
        db.ensure_connection()
        answers = _answers(db, statements)
    db.health_check_done = True  # the connection answered: this request needs no other check
    return answers


def _answers(db, statements: Sequence[tuple[str, dict]]) -> list[list[tuple]]:
    with db.wrap_database_errors:
        if db.vendor == "sqlite":
            execute = db.connection.execute
            return [execute(_named(sql), params).fetchall() for sql, params in statements]
        connection = db.connection
        if len(statements) == 1:
            with connection.cursor() as cursor:
                cursor.execute(*statements[0])
                return [cursor.fetchall()]
        cursors = [connection.cursor() for _ in statements]
        try:
            with connection.pipeline():
                for cursor, (sql, params) in zip(cursors, statements, strict=True):
                    cursor.execute(sql, params)
            return [cursor.fetchall() for cursor in cursors]
        finally:
            for cursor in cursors:
                cursor.close()
