"""Rate limits on the API (per token) and on log-in (per address), counted with django-ratelimit
in the database cache, so that every server process counts against the same window (ADR 20).

A limit is a rate such as ``600/m``; an empty one is no limit.
"""

from __future__ import annotations

from django.core.cache.backends.db import DatabaseCache
from django.db import connections, router, transaction
from django.http import HttpRequest
from django.utils.translation import gettext as _
from django_ratelimit.core import get_usage

from renkei.core.errors import ApplicationError


class RateLimited(ApplicationError):
    status = 429

    def __init__(self, retry_after: int):
        super().__init__(
            _("Too many requests. Wait %(seconds)d seconds, then try again.")
            % {"seconds": retry_after},
            code="rate_limited",
            details={"retry_after": retry_after},
        )
        self.retry_after = retry_after


def rate_limit_check(request: HttpRequest, *, group: str, key: str, rate: str) -> None:
    """Counts this request against ``rate`` for ``key`` and raises :class:`RateLimited` once
    the window's count is past it."""
    if not rate:
        return
    usage = get_usage(
        request, group=group, key=lambda _group, _request: key, rate=rate, increment=True
    )
    if usage is not None and usage["should_limit"]:
        raise RateLimited(max(int(usage["time_left"]), 1))


class AtomicDatabaseCache(DatabaseCache):
    """Django's database cache with an increment two processes cannot interleave: the row is
    locked (PostgreSQL) or the database's one writer held (SQLite, whose transactions here begin
    IMMEDIATE) between reading the count and writing it back."""

    def incr(self, key, delta=1, version=None):
        db = router.db_for_write(self.cache_model_class)
        connection = connections[db]
        table = connection.ops.quote_name(self._table)
        with transaction.atomic(using=db):
            if connection.vendor == "postgresql":
                with connection.cursor() as cursor:
                    cursor.execute(
                        # the table name is ours (settings), quoted; the key is a parameter
                        f"SELECT cache_key FROM {table} WHERE cache_key = %s FOR UPDATE",  # noqa: S608
                        [self.make_and_validate_key(key, version=version)],
                    )
            return super().incr(key, delta, version)
