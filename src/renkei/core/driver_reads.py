"""One read on the database driver's own connection, for the statement the name check runs on
every call (ADR 7, amended).

Django's cursor layer (its wrappers, the debug check, the placeholder rewriting for SQLite) cost
more than the statement it ran. This keeps what of it matters: the connection is opened (or
reopened after a failed health check) as Django's cursor would, a broken transaction is refused,
and errors come out as Django's, with the connection marked so that Django closes it after the
request. What is lost: the statement is not in ``connection.queries`` under DEBUG.
"""

from __future__ import annotations

import re
from functools import cache

from django.db import DEFAULT_DB_ALIAS, connections

_PYFORMAT = re.compile(r"%\((\w+)\)s")


@cache
def _named(sql: str) -> str:
    """``%(name)s`` placeholders as SQLite's ``:name``; psycopg takes them as written. The
    statements have no literal ``%`` (Django's cursor would unescape ``%%`` for SQLite)."""
    return _PYFORMAT.sub(r":\1", sql)


def driver_rows(sql: str, params: dict, alias: str = DEFAULT_DB_ALIAS) -> list[tuple]:
    """All rows of ``sql`` (``%(name)s`` placeholders, every value in ``params``) on the
    database ``alias``."""
    db = connections[alias]  # once: each use of ``connection`` looks it up again
    db.close_if_health_check_failed()
    db.ensure_connection()
    db.validate_thread_sharing()
    db.validate_no_broken_transaction()
    with db.wrap_database_errors:
        if db.vendor == "sqlite":
            return db.connection.execute(_named(sql), params).fetchall()
        with db.connection.cursor() as cursor:
            cursor.execute(sql, params)
            return cursor.fetchall()
