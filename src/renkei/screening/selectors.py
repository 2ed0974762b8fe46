"""Screening reads, scoped: Japan's users see names and hits of the agreements they work in and
Japan's own registers; a partner sees only names of its own agreement, and only hits whose both
sides are of its agreement — a hit never shows one partner what another gave Japan (§3)."""

from __future__ import annotations

from django.conf import settings
from django.db import connection
from django.db.models import Q, QuerySet

from renkei.accounts.models import Side, User
from renkei.agreements.models import Agreement
from renkei.agreements.scoping import (
    ASSIGNED_AGREEMENTS_SQL,
    agreement_ids_among,
    agreement_ids_visible_to,
)
from renkei.core.db_router import read_alias
from renkei.core.driver_reads import driver_rows
from renkei.core.errors import NotFound
from renkei.screening.matching import (
    Candidate,
    NameIndex,
    Query,
    StoredName,
    cached_index,
    identifier_key,
    phone_key,
    score_candidate,
)
from renkei.screening.models import Hit, IndexVersion, ScreenedName
from renkei.screening.names import NameKeys, name_keys
from renkei.screening.rights import may_screen  # noqa: F401  (the pages ask it here)


def _scope(actor: User) -> tuple[set[int], bool]:
    """The agreement ids the actor sees, and whether it sees Japan's own registers."""
    if not may_screen(actor):
        raise NotFound()
    return agreement_ids_visible_to(actor), actor.side == Side.JP


def candidate_record(stored: StoredName) -> dict:
    source_type, source_id = stored.source
    return {
        "id": stored.pk,
        "name": stored.name,
        "kind": stored.kind,
        "source_type": source_type,
        "source_id": source_id,
        "label": stored.label,
        "agreement": stored.agreement_code,
        "flagged": stored.flagged,
    }


def stored_name(row: ScreenedName, codes: dict[int, str] | None = None) -> StoredName:
    return StoredName(
        pk=row.pk,
        kind=row.kind,
        agreement_id=row.agreement_id,
        keys=NameKeys(
            original=row.key_original,
            script=row.script,
            roman=row.key_roman,
            bare=row.key_bare,
            skeleton=row.key_skeleton,
            legal_kinds=frozenset(filter(None, row.legal_kinds.split(","))),
        ),
        phone=row.phone,
        identifier=row.identifier,
        address=row.address,
        source=(row.source_type, row.source_id),
        parent=(row.parent_type, row.parent_id) if row.parent_id is not None else None,
        name=row.name,
        label=row.label,
        agreement_code=(codes or {}).get(row.agreement_id),
        flagged=row.flagged,
    )


def index_for_screening() -> NameIndex:
    """Every stored name, indexed once per process and rebuilt when any of them changes."""
    with connection.cursor() as cursor:
        cursor.execute(_VERSION)
        found = cursor.fetchone()
    return cached_index(found[0] if found else 0, _build_index)


def scope_and_index_for(actor: User) -> tuple[frozenset[int | None], NameIndex]:
    """The agreements whose names the actor may see (``None`` among them stands for Japan's own
    registers, support and receiving organisations, which only Japan's side sees) and the index,
    read in one statement with its version, on the driver's connection: every check needs both,
    and Django's cursor layer cost more than the little the statement reads (ADR 7)."""
    if not may_screen(actor):
        raise NotFound()
    rows = driver_rows(_SCOPE_AND_VERSION, {"user": actor.pk}, read_alias(ScreenedName))
    version = next((text for kind, _pk, text in rows if kind == 0), 0)
    assigned = [(pk, code) for kind, pk, code in rows if kind == 1]
    agreements = frozenset(agreement_ids_among(actor, assigned))
    if actor.side == Side.JP:
        agreements |= {None}
    return agreements, cached_index(version, _build_index)


_VERSION = f"SELECT version FROM {IndexVersion._meta.db_table} WHERE id = 1"  # noqa: S608
# The version (kind 0, as text) and the actor's assigned agreements (kind 1, id and code), as
# (kind, id, text) rows.
_SCOPE_AND_VERSION = (
    f"SELECT 0, 0, version FROM {IndexVersion._meta.db_table} WHERE id = 1"  # noqa: S608
    f" UNION ALL SELECT 1, assigned.id, assigned.code FROM ({ASSIGNED_AGREEMENTS_SQL}) assigned"
)


def _build_index() -> NameIndex:
    codes = dict(Agreement.objects.values_list("pk", "code"))
    return NameIndex([stored_name(row, codes) for row in ScreenedName.objects.all()])


def screening_check_for(actor: User, query: Query, limit: int = 10) -> list[Candidate]:
    """Ranked candidates for a name the caller gives, among the names it may see, from
    ``RENKEI_SCREENING_CANDIDATE_FLOOR`` up; writes nothing."""
    return _checked(*scope_and_index_for(actor), query)[:limit]


def screening_check_many_for(
    actor: User, queries: list[Query], limit: int = 20
) -> list[tuple[Candidate, Query]]:
    """The same for one person or organisation written several ways: each stored name once,
    with its best score and the form that reached it. The scope and the index are read once."""
    agreements, index = scope_and_index_for(actor)
    best: dict[int, tuple[Candidate, Query]] = {}
    for query in queries:
        for candidate in _checked(agreements, index, query)[:10]:
            pk = candidate.stored.pk
            if pk not in best or candidate.score > best[pk][0].score:
                best[pk] = (candidate, query)
    return sorted(best.values(), key=lambda pair: pair[0].score, reverse=True)[:limit]


def _checked(agreements: frozenset[int | None], index: NameIndex, query: Query) -> list[Candidate]:
    keys = query.keys
    phone = phone_key(query.phone)
    identifier = identifier_key(query.identifier)
    if query.phone or query.identifier or query.address:  # a name alone needs no normalising
        query = Query(
            name=query.name,
            kind=query.kind,
            phone=phone,
            identifier=identifier,
            address=" ".join(name_keys(query.address).roman.split()) if query.address else "",
            people=query.people,
        )
    scored = [
        score_candidate(query, keys, index.names[p], index.people_of.get(index.names[p].source, []))
        for p in index.candidates(keys, phone, identifier, agreements)
    ]
    floor = settings.RENKEI_SCREENING_CANDIDATE_FLOOR
    return sorted((c for c in scored if c.score >= floor), key=lambda c: c.score, reverse=True)


def names_by_pk(pks: set[int]) -> dict[int, ScreenedName]:
    return {
        row.pk: row for row in ScreenedName.objects.filter(pk__in=pks).select_related("agreement")
    }


def _hit_scope(actor: User) -> Q:
    ids, japanese = _scope(actor)

    def side(field: str) -> Q:
        visible = Q(**{f"{field}__in": ids})
        return visible | Q(**{f"{field}__isnull": True}) if japanese else visible

    return side("new_agreement") & side("existing_agreement")


def hits_for(actor: User, status: str | None = None) -> QuerySet[Hit]:
    queryset = Hit.objects.filter(_hit_scope(actor)).select_related(
        "new__agreement", "existing__agreement", "reviewed_by"
    )
    if status:
        queryset = queryset.filter(status=status)
    return queryset


def hit_get_for(actor: User, hit_id: int) -> Hit:
    hit = hits_for(actor).filter(pk=hit_id).first()
    if hit is None:
        raise NotFound()
    return hit


def links_for(actor: User, source_type: str, source_id: int) -> list[Hit]:
    """Confirmed hits touching a record's names (the organisation and its people)."""
    if not may_screen(actor):
        return []
    record = Q(source_type=source_type, source_id=source_id) | Q(
        parent_type=source_type, parent_id=source_id
    )
    names = ScreenedName.objects.filter(record).values_list("pk", flat=True)
    return list(
        hits_for(actor, Hit.Status.CONFIRMED).filter(Q(new__in=names) | Q(existing__in=names))
    )


# Ids per IN (...) list: well under SQLite's and PostgreSQL's limits on parameters.
IN_CHUNK = 2000


def chunks(items: list, size: int = IN_CHUNK):
    for start in range(0, len(items), size):
        yield items[start : start + size]


def hit_pairs_known(pairs: set[tuple[tuple[str, int], tuple[str, int]]]) -> set:
    """Which pairs of records already have a hit, queued or decided, from either side: the hits
    whose new side is any record of the pairs, read in a few queries."""
    by_type: dict[str, set[int]] = {}
    for pair in pairs:
        for source_type, source_id in pair:
            by_type.setdefault(source_type, set()).add(source_id)
    known = set()
    for source_type, ids in by_type.items():
        for chunk in chunks(sorted(ids)):
            rows = Hit.objects.filter(
                new__source_type=source_type, new__source_id__in=chunk
            ).values_list(
                "new__source_type", "new__source_id", "existing__source_type", "existing__source_id"
            )
            for new_type, new_id, old_type, old_id in rows:
                known.add(((new_type, new_id), (old_type, old_id)))
                known.add(((old_type, old_id), (new_type, new_id)))
    return known & pairs


def flags_for_many(names: list[StoredName]) -> dict[int, list[str]]:
    """Why each stored name needs attention — it is flagged itself (a revoked organisation, a
    reported intermediary), its organisation is, or a confirmed link joins it to one that is —
    in a few queries whatever their number (a screening run flags every hit it queues): at most
    three flags of the name and its organisation, in the order they were stored, then at most
    three confirmed links, the strongest first."""
    pks = sorted({n.pk for n in names})
    own: dict[int, str] = {}
    for chunk in chunks(pks):
        own.update(
            ScreenedName.objects.filter(pk__in=chunk, flagged=True).values_list("pk", "label")
        )
    parents: dict[str, set[int]] = {}
    for n in names:
        if n.parent is not None:
            parents.setdefault(n.parent[0], set()).add(n.parent[1])
    of_parent: dict[tuple[str, int], list[tuple[int, str]]] = {}
    for source_type, ids in parents.items():
        for chunk in chunks(sorted(ids)):
            flagged = ScreenedName.objects.filter(
                source_type=source_type, source_id__in=chunk, flagged=True
            ).values_list("pk", "source_id", "label")
            for pk, source_id, label in flagged:
                of_parent.setdefault((source_type, source_id), []).append((pk, label))
    linked: dict[int, list[str]] = {}
    for chunk in chunks(pks):
        confirmed = Hit.objects.filter(status=Hit.Status.CONFIRMED).filter(
            Q(new_id__in=chunk, existing__flagged=True)
            | Q(existing_id__in=chunk, new__flagged=True)
        )
        mine = set(chunk)
        for hit in confirmed.select_related("new", "existing"):  # strongest first
            for pk, other in ((hit.new_id, hit.existing), (hit.existing_id, hit.new)):
                if pk in mine and other.flagged:
                    linked.setdefault(pk, []).append(f"= {other.name} ({other.label})")
    flags = {}
    for n in names:
        rows = [(n.pk, own[n.pk])] if n.pk in own else []
        rows += of_parent.get(n.parent, []) if n.parent is not None else []
        labels = [label for _pk, label in sorted(set(rows))[:3]]
        flags[n.pk] = list(dict.fromkeys(labels + linked.get(n.pk, [])[:3]))
    return flags
