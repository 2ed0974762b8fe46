"""Reads to a PostgreSQL read replica, when one is configured (``DATABASE_REPLICA_URL``;
docs/scaling.md). Django's own database routing does the work; this module only says when a read
may go to the replica:

- never inside a transaction on the primary: a service reads what it is about to change, and
  the row locks, there;
- never for the tables that decide who the caller is or guard a write (sessions, users and
  tokens, lock-outs, rate counters, idempotency records, the ledger): a replica a second behind
  must not keep a revoked token alive or log an officer out;
- never during a request that writes, nor for a few seconds after a browser's own write
  (``READ_PRIMARY_COOKIE``), so the page it is sent to shows what it just did; a program asks
  for the same with ``X-Renkei-Read: primary``.

Everything else a selector reads — exchanges, registers, consultations, screening — may come
from the replica.
"""

from __future__ import annotations

from contextvars import ContextVar

from django.db import DEFAULT_DB_ALIAS, connections, router

REPLICA = "replica"
READ_PRIMARY_COOKIE = "renkei_read_primary"
READ_PRIMARY_HEADER = "HTTP_X_RENKEI_READ"
PIN_SECONDS = 5

# Apps whose tables are read on the primary always (see the module's docstring).
PRIMARY_APPS = frozenset(
    {
        "accounts",
        "audit",
        "auth",
        "axes",
        "contenttypes",
        "core",
        "django_cache",
        "otp_static",
        "otp_totp",
        "sessions",
    }
)

_read_primary: ContextVar[bool] = ContextVar("renkei_read_primary", default=False)


class PrimaryReplicaRouter:
    def db_for_read(self, model, **hints):
        if (
            _read_primary.get()
            or model._meta.app_label in PRIMARY_APPS
            or connections[DEFAULT_DB_ALIAS].in_atomic_block
        ):
            return DEFAULT_DB_ALIAS
        return REPLICA

    def db_for_write(self, model, **hints):
        return DEFAULT_DB_ALIAS

    def allow_relation(self, obj1, obj2, **hints):
        return True  # the same data on both

    def allow_migrate(self, db, app_label, model_name=None, **hints):
        return db == DEFAULT_DB_ALIAS  # the replica follows the primary by itself


def read_alias(model) -> str:
    """The alias a plain-SQL read of ``model``'s table should use (the ORM asks by itself)."""
    return router.db_for_read(model)


class ReadPrimaryMiddleware:
    """Pins the request's reads to the primary when it writes, or when the caller wrote a moment
    ago or asks for it; marks a browser that wrote, for ``PIN_SECONDS``."""

    SAFE = frozenset({"GET", "HEAD", "OPTIONS", "TRACE"})

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        writes = request.method not in self.SAFE
        pinned = (
            writes
            or request.COOKIES.get(READ_PRIMARY_COOKIE) == "1"
            or request.META.get(READ_PRIMARY_HEADER, "").lower() == "primary"
        )
        token = _read_primary.set(pinned)
        try:
            response = self.get_response(request)
        finally:
            _read_primary.reset(token)
        if writes and "HTTP_AUTHORIZATION" not in request.META:
            response.set_cookie(
                READ_PRIMARY_COOKIE, "1", max_age=PIN_SECONDS, httponly=True, samesite="Lax"
            )
        return response
