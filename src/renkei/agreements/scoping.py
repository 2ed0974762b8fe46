"""The one place that decides which agreements a user works in.

Every agreement-scoped read in every app goes through here: the pages, the API, exports and
search. The MOC texts themselves are public; what an agreement's *workspace* holds is not.

- Anonymous users: no agreement.
- A partner user: at most its own country's agreement, and only if assigned to it. The unit's
  country is checked again here, so a stray assignment row cannot open another agreement.
- A Japanese-side user: the agreements assigned to it (the JP contact point has all five).
- Operators and administrators without assignments: none. They run the system; they do not read
  case content by default.
"""

from __future__ import annotations

from typing import NamedTuple

from django.db import connection, connections
from django.db.models import Field, QuerySet
from django.db.models.base import DEFERRED

from renkei.accounts.models import Side
from renkei.agreements.models import Agreement, AgreementAssignment
from renkei.core.db_router import read_alias
from renkei.core.driver_reads import driver_reads
from renkei.core.errors import NotFound


def agreements_visible_to(actor) -> QuerySet[Agreement]:
    if actor is None or not actor.is_authenticated or not actor.is_active:
        return Agreement.objects.none()
    queryset = Agreement.objects.filter(assignments__user=actor)
    if actor.side == Side.PARTNER:
        queryset = queryset.filter(code=actor.unit.country_code)
    elif actor.side != Side.JP:
        return Agreement.objects.none()
    return queryset.distinct()


def agreement_codes_visible_to(actor) -> set[str]:
    return set(agreements_visible_to(actor).values_list("code", flat=True))


def agreement_code_clean(code: str) -> str | None:
    """An agreement code is two ASCII letters; anything else names no agreement."""
    code = (code or "").strip().upper()
    if len(code) == 2 and code.isascii() and code.isalpha():
        return code
    return None


# Every scoped request runs this; as plain SQL on the driver's connection (ADR 7) it costs a
# fraction of the compiled ORM query, and the row is made an Agreement with the converters
# Django compiles for it, once per database (a RawQuerySet compiles them again on every call).
# Named parameters: for positional ones Django's SQLite backend rewrites the statement with a
# regular expression on every execution.
_AGREEMENT_FIELDS = tuple(Agreement._meta.concrete_fields)


class AgreementRead(NamedTuple):
    """``agreement_get_for``'s statement as a hot path reads it, and which of the agreement's
    fields the statement loads (their columns come first in each row)."""

    sql: str
    fields: tuple[Field, ...]


def assigned_agreement_read(
    columns: str = "", joins: str = "", only: tuple[str, ...] = ()
) -> AgreementRead:
    """The statement of ``agreement_get_for``: the agreement ``a`` by its code (``%(code)s``) if
    the user (``%(user)s``) is assigned to it. A hot path may read a row of its own in the same
    statement: ``columns`` from ``joins``, LEFT JOINs on ``a`` whose other parameters the path
    passes (``agreement_row_get_for``). It may also load ``only`` the agreement's fields it
    uses, as ``QuerySet.only`` does: the id always, the others deferred, which Django loads from
    the database if anything asks for them. Built once, where the path is defined."""
    fields = _AGREEMENT_FIELDS
    if only:
        unknown = set(only) - {f.attname for f in fields}
        if unknown:
            raise ValueError(f"Agreement has no fields {sorted(unknown)}")
        fields = tuple(f for f in fields if f.primary_key or f.attname in only)
    sql = (
        "SELECT "  # noqa: S608 - table and column names from the models, values as parameters
        + ", ".join(f"a.{connection.ops.quote_name(f.column)}" for f in fields)
        + (f", {columns}" if columns else "")
        + f" FROM {Agreement._meta.db_table} a"
        f" JOIN {AgreementAssignment._meta.db_table} s ON s.agreement_id = a.id"
        + (f" {joins}" if joins else "")
        + " WHERE a.code = %(code)s AND s.user_id = %(user)s"
    )
    return AgreementRead(sql, fields)


_ASSIGNED_AGREEMENT = assigned_agreement_read()
_ATTNAMES = [f.attname for f in _AGREEMENT_FIELDS]
# Per database and read: the converters of the read's columns, and where each goes among the
# model's fields.
_CONVERTERS: dict[tuple[str, tuple[Field, ...]], tuple[list, list[int]]] = {}


def _agreement_from_row(alias: str, fields: tuple[Field, ...], row: tuple) -> Agreement:
    compiled = _CONVERTERS.get((alias, fields))
    if compiled is None:
        compiler = Agreement.objects.using(alias).all().query.get_compiler(alias)
        columns = [f.get_col(Agreement._meta.db_table) for f in fields]
        compiled = _CONVERTERS[alias, fields] = (
            list(compiler.get_converters(columns).items()),
            [_AGREEMENT_FIELDS.index(f) for f in fields],
        )
    converters, places = compiled
    values = list(row)
    if converters:
        db = connections[alias]  # this thread's connection, as the ORM passes it
        for position, (functions, expression) in converters:
            for convert in functions:
                values[position] = convert(values[position], expression, db)
    if len(places) < len(_AGREEMENT_FIELDS):
        # The fields not read are marked deferred, as from_db would mark them; placed here by
        # positions worked out once, where from_db searches the names on every call.
        every = [DEFERRED] * len(_AGREEMENT_FIELDS)
        for place, value in zip(places, values, strict=True):
            every[place] = value
        values = every
    return Agreement.from_db(alias, _ATTNAMES, values)


def agreement_get_for(actor, code: str) -> Agreement:
    """The agreement, if the actor works in it; otherwise the same 404 as for a code that does
    not exist, so probing reveals nothing."""
    return agreement_row_get_for(actor, code, _ASSIGNED_AGREEMENT, {})[0]


def agreement_row_get_for(
    actor, code: str, read: AgreementRead, params: dict
) -> tuple[Agreement, tuple]:
    """``agreement_get_for`` by a statement from ``assigned_agreement_read``, and what that
    statement reads beside the agreement (Nones where its joins found nothing): one round trip
    where a hot path would make two. The same rules, the same 404."""
    agreement, row, _rows = agreement_rows_get_for(actor, code, read, params)
    return agreement, row


def agreement_rows_get_for(
    actor, code: str, read: AgreementRead, params: dict, beside: tuple[str, ...] = ()
) -> tuple[Agreement, tuple, list[list[tuple]]]:
    """``agreement_row_get_for``, with the rows of statements made by ``beside_assigned``,
    read in the same round trip (``driver_reads``) with the same parameters."""
    code = agreement_code_clean(code)
    if code is None or actor is None or not actor.is_authenticated or not actor.is_active:
        raise NotFound()
    # The same rule as agreements_visible_to, for one code: one indexed join, no DISTINCT
    # (a user is assigned to an agreement at most once).
    if actor.side == Side.PARTNER and actor.unit.country_code != code:
        raise NotFound()
    if actor.side not in (Side.JP, Side.PARTNER):
        raise NotFound()
    alias = read_alias(Agreement)
    params = {**params, "code": code, "user": actor.pk}
    rows, *others = driver_reads([(read.sql, params), *((sql, params) for sql in beside)], alias)
    if not rows:
        raise NotFound()
    row, width = rows[0], len(read.fields)
    return _agreement_from_row(alias, read.fields, row[:width]), row[width:], others


def beside_assigned(columns: str, joins: str, order: str = "") -> str:
    """A statement of a hot path's own rows, ``columns`` from ``joins`` on the agreement ``a``,
    found only where the user is assigned to it: to be read beside ``assigned_agreement_read``'s
    statement (``agreement_rows_get_for``), which it cannot wait for, scoped by the same join."""
    return (
        f"SELECT {columns} FROM {Agreement._meta.db_table} a"  # noqa: S608 - names from the models
        f" JOIN {AgreementAssignment._meta.db_table} s ON s.agreement_id = a.id {joins}"
        " WHERE a.code = %(code)s AND s.user_id = %(user)s"
        + (f" ORDER BY {order}" if order else "")
    )


def scope_to_agreements(queryset: QuerySet, actor, field: str = "agreement") -> QuerySet:
    """Narrow any queryset with an agreement foreign key to what the actor may see."""
    return queryset.filter(**{f"{field}__in": agreements_visible_to(actor)})


# The agreements assigned to a user, as (id, code) rows; ``agreement_ids_among`` then applies the
# rules. Public so that a hot path may read them in the same statement as something of its own
# (the screening check reads its index version with them). One named parameter, ``user`` (the
# user's id): for positional ones Django's SQLite backend runs a regular expression over the
# whole statement on every execution.
ASSIGNED_AGREEMENTS_SQL = (
    f"SELECT a.id, a.code FROM {Agreement._meta.db_table} a"  # noqa: S608 - names from the models
    f" JOIN {AgreementAssignment._meta.db_table} s ON s.agreement_id = a.id"
    " WHERE s.user_id = %(user)s"
)


def may_have_agreements(actor) -> bool:
    return bool(
        actor is not None
        and actor.is_authenticated
        and actor.is_active
        and actor.side in (Side.JP, Side.PARTNER)
    )


def agreement_ids_among(actor, assigned: list[tuple[int, str]]) -> set[int]:
    """Which of the actor's ``assigned`` (id, code) rows it sees: the rules of
    ``agreements_visible_to``."""
    if not may_have_agreements(actor):
        return set()
    if actor.side == Side.PARTNER:
        return {pk for pk, code in assigned if code == actor.unit.country_code}
    return {pk for pk, _code in assigned}


def agreement_ids_visible_to(actor) -> set[int]:
    """The ids of ``agreements_visible_to(actor)``, the same rules in one plain query."""
    if not may_have_agreements(actor):
        return set()
    with connection.cursor() as cursor:
        cursor.execute(ASSIGNED_AGREEMENTS_SQL, {"user": actor.pk})
        return agreement_ids_among(actor, cursor.fetchall())
