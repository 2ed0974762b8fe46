"""How long lists are read a page at a time (ADR 24).

A list is walked from the top of an index in a fixed order, newest first; each page ends with a
*cursor*, the position of its last row, and the next page starts after it, at the same cost
however deep it is. Page numbers still work for the first :data:`MAX_PAGE` pages (an offset the
database reads past, bounded); a page past the last one is an empty page. Totals are counted
up to :data:`COUNT_CAP` and shown as "1,000+" past it, unless the list has a kept tally.
"""

from __future__ import annotations

import base64
import binascii
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

from django.db.models import Q, QuerySet
from django.http import Http404, HttpRequest
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from renkei.core.errors import ApplicationError

MAX_PAGE = 100
MAX_PER_PAGE = 100
COUNT_CAP = 1_000
MAX_CURSOR = 100


@dataclass(frozen=True)
class Position:
    """Where a page ended: the row's place in the order (a moment) and its id."""

    moment: datetime
    pk: int


def cursor_encode(moment: datetime, pk: int) -> str:
    raw = f"{moment.astimezone(UTC).isoformat()}|{pk}".encode()
    return base64.urlsafe_b64encode(raw).decode().rstrip("=")


def cursor_decode(cursor: str) -> Position:
    """The position a cursor names; a clear 400 for anything that is not one of ours."""
    invalid = ApplicationError(
        _("This list position is not valid; start again from the first page."),
        code="invalid_cursor",
    )
    if len(cursor) > MAX_CURSOR or not cursor.isascii():
        raise invalid
    try:
        raw = base64.urlsafe_b64decode(cursor + "=" * (-len(cursor) % 4)).decode()
        moment_text, pk_text = raw.split("|")
        moment = datetime.fromisoformat(moment_text)
        pk = int(pk_text)
    except (ValueError, binascii.Error, UnicodeDecodeError):
        raise invalid from None
    if moment.tzinfo is None or not pk_text.isdigit() or not 0 < pk < 2**62:
        raise invalid
    return Position(moment, pk)


def keyset_after(queryset: QuerySet, field: str, position: Position) -> QuerySet:
    """The rows after ``position`` in the order (``-field``, ``-pk``). The bound on ``field``
    alone lets the database start its index walk there."""
    return queryset.filter(
        Q(**{f"{field}__lt": position.moment})
        | Q(**{field: position.moment, "pk__lt": position.pk}),
        **{f"{field}__lte": position.moment},
    )


def count_capped(queryset: QuerySet, cap: int | None = None) -> tuple[int, bool]:
    """(count, exact): the rows counted up to ``cap`` (:data:`COUNT_CAP`), so the cost stops
    there."""
    cap = COUNT_CAP if cap is None else cap
    counted = queryset.order_by()[: cap + 1].count()
    return min(counted, cap), counted <= cap


@dataclass(frozen=True)
class ListPage:
    items: list[Any]
    count: int
    count_exact: bool
    page: int | None  # None when the page was read after a cursor
    per_page: int
    next_cursor: str | None

    def count_text(self, one: str, many: str) -> str:
        """ "24 exchanges", "1,000+ exchanges": ``one``/``many`` are ngettext forms with
        %(count)s."""
        shown = f"{self.count:,}" if self.count_exact else f"{self.count:,}+"
        return ngettext(one, many, self.count if self.count_exact else 2) % {"count": shown}


def list_page(
    queryset: QuerySet,
    *,
    field: str,
    cursor: str = "",
    page: int = 1,
    per_page: int,
    count: tuple[int, bool] | None = None,
) -> ListPage:
    """One page of ``queryset`` in the order (``-field``, ``-pk``): after ``cursor`` when given,
    else page ``page`` by offset. ``count`` is the list's total when the caller keeps one;
    otherwise it is counted up to :data:`COUNT_CAP`."""
    ordered = queryset.order_by(f"-{field}", "-pk")
    if cursor:
        rows = list(keyset_after(ordered, field, cursor_decode(cursor))[: per_page + 1])
    else:
        start = (page - 1) * per_page
        rows = list(ordered[start : start + per_page + 1])
    items = rows[:per_page]
    following = None
    if len(rows) > per_page:
        following = cursor_encode(getattr(items[-1], field), items[-1].pk)
    total, exact = count if count is not None else count_capped(queryset)
    return ListPage(items, total, exact, None if cursor else page, per_page, following)


# A list paged in Python over rows already read (the public register sorts its names as shown,
# ADR 14) costs no database offset; its pages run this far.
MAX_LISTED_PAGE = 10_000


def page_number(request: HttpRequest, name: str = "page", limit: int | None = None) -> int:
    """The page a list page was asked for: 1 when absent or not a whole number; a 404 past
    ``limit`` (:data:`MAX_PAGE`)."""
    raw = request.GET.get(name, "1").strip()
    if not raw.isascii() or not raw.isdigit():
        return 1
    if len(raw) > 6 or int(raw) > (MAX_PAGE if limit is None else limit):
        raise Http404
    return max(int(raw), 1)


def rows_shown(post, name: str, limit: int) -> int:
    """How many repeated blocks (agenda items, intermediaries) a form shows: one to start;
    an "add another" button (``more`` = ``name``) posts the form back with one more, so no
    script is needed and nothing typed is lost."""
    raw = str(post.get(name, "1")).strip()
    shown = int(raw) if raw.isascii() and raw.isdigit() and len(raw) <= 6 else 1
    if post.get("more") == name:
        shown += 1
    return max(1, min(shown, limit))
