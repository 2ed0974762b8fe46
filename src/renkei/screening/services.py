"""Screening writes: keeping the stored names' keys, running a screening when a record is
registered, accredited, imported or reported, and a reviewer's decision on a hit.

The other apps hand their names in as ``NameInput``; screening never reads their tables."""

from __future__ import annotations

import uuid
from dataclasses import dataclass, field

from django.conf import settings
from django.db import transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _

from renkei.accounts.models import Role, User
from renkei.agreements.models import Agreement
from renkei.audit.services import audit_append
from renkei.core.errors import ApplicationError, PermissionDenied
from renkei.core.transitions import state_require, transition_run
from renkei.screening.batch import BatchName, screen_batch
from renkei.screening.life_cycle import HIT
from renkei.screening.matching import Query, identifier_key, phone_key
from renkei.screening.models import Hit, IndexVersion, ScreenedName
from renkei.screening.names import MAX_NAME_LENGTH, clean, keys_version, name_keys
from renkei.screening.selectors import (
    chunks,
    flags_for_many,
    hit_get_for,
    hit_pairs_known,
    index_for_screening,
    stored_name,
)


@dataclass
class NameInput:
    """A record's names as its app hands them over: the name in every script it is written in
    (``names``), and for an organisation its people (each a ``NameInput`` of kind person)."""

    names: list[str]
    kind: str  # "person" or "organisation"
    source_type: str
    source_id: int
    label: str
    flagged: bool = False
    phone: str = ""
    identifier: str = ""
    address: str = ""
    people: list[NameInput] = field(default_factory=list)


def screening_name_clean(name: str) -> str:
    """A name to screen: some letters, at most ``MAX_NAME_LENGTH`` characters once cleaned."""
    if not isinstance(name, str):
        raise ApplicationError(_("A name is text."), code="invalid_name")
    cleaned = clean(name)
    if len(cleaned) > MAX_NAME_LENGTH:
        raise ApplicationError(
            _("A name has at most %(max)d characters.") % {"max": MAX_NAME_LENGTH},
            code="name_too_long",
        )
    if not name_keys(cleaned).bare:
        raise ApplicationError(
            _(
                "Give a name with letters in it: emoji, symbols and invisible characters are not a name."
            ),
            code="empty_name",
        )
    return cleaned


def _row(
    entry: NameInput, name: str, agreement: Agreement | None, side: str, parent=None
) -> ScreenedName:
    region = agreement.code if agreement is not None else "JP"
    return ScreenedName(
        source_type=entry.source_type,
        source_id=entry.source_id,
        agreement=agreement,
        originating_side=side,
        kind=entry.kind,
        name=clean(name)[:MAX_NAME_LENGTH],
        parent_type=parent.source_type if parent else "",
        parent_id=parent.source_id if parent else None,
        label=entry.label[:300],
        flagged=entry.flagged,
        phone=phone_key(entry.phone, region)[:20],
        identifier=identifier_key(entry.identifier)[:100],
        address=" ".join(name_keys(entry.address).roman.split())[:600] if entry.address else "",
        **_name_key_values(name),
    )


def _name_key_values(name: str) -> dict[str, str]:
    keys = name_keys(name)
    return {
        "key_original": keys.original[:300],
        "key_roman": keys.roman[:600],
        "key_bare": keys.bare[:600],
        "key_skeleton": keys.skeleton[:600],
        "script": keys.script,
        "legal_kinds": ",".join(sorted(keys.legal_kinds)),
        "keys_version": keys_version(),
    }


_ROW_FIELDS = [
    "keys_version",
    "agreement",
    "originating_side",
    "kind",
    "name",
    "parent_type",
    "parent_id",
    "label",
    "flagged",
    "key_roman",
    "key_bare",
    "key_skeleton",
    "script",
    "legal_kinds",
    "phone",
    "identifier",
    "address",
]


def screened_names_replace(
    *, entries: list[NameInput], agreement: Agreement | None, side: str
) -> list[ScreenedName]:
    """Store records' names (an organisation with its people) in place of what was stored for
    them; a name that is still there keeps its row, so confirmed links survive an edit. One read,
    bulk writes: a list import hands over thousands of records. Runs inside the caller's
    transaction; the caller bumps the index version once it is done."""
    existing: dict[tuple, ScreenedName] = {}
    for chunk in chunks(entries, 400):
        by_type: dict[str, list[int]] = {}
        for entry in chunk:
            by_type.setdefault(entry.source_type, []).append(entry.source_id)
        records = Q()
        for source_type, ids in by_type.items():
            records |= Q(source_type=source_type, source_id__in=ids)
            records |= Q(parent_type=source_type, parent_id__in=ids)
        for row in ScreenedName.objects.filter(records):
            existing[(row.source_type, row.source_id, row.key_original)] = row
    added: list[ScreenedName] = []
    kept: list[ScreenedName] = []
    for entry in entries:
        for record, parent in [(entry, None), *((person, entry) for person in entry.people)]:
            for name in dict.fromkeys(n for n in record.names if n and name_keys(n).bare):
                row = _row(record, name, agreement, side, parent)
                old = existing.pop((row.source_type, row.source_id, row.key_original), None)
                if old is None:
                    added.append(row)
                    continue
                row.pk = old.pk
                kept.append(row)
                if _row_values(row) != _row_values(old):
                    # One UPDATE per changed name: Django's bulk_update builds a CASE per field
                    # and row, far slower than this for the few names an edit changes.
                    row.save(update_fields=_ROW_FIELDS)
    ScreenedName.objects.bulk_create(added, batch_size=500)
    gone = [row.pk for row in existing.values()]
    for chunk in chunks(gone, 500):
        ScreenedName.objects.filter(pk__in=chunk).delete()
    return added + kept


def _row_values(row: ScreenedName) -> tuple:
    return tuple(getattr(row, ScreenedName._meta.get_field(name).attname) for name in _ROW_FIELDS)


def index_version_bump() -> None:
    """Tell every process its in-memory index is stale (in the caller's transaction)."""
    token = uuid.uuid4().hex
    if not IndexVersion.objects.filter(pk=1).update(version=token):
        IndexVersion.objects.update_or_create(pk=1, defaults={"version": token})


def _batch_name(index, row: ScreenedName) -> BatchName:
    new = stored_name(row)
    people = tuple(p.keys.original for p in index.people_of.get(new.source, []))
    query = Query(
        name=row.name,
        kind=row.kind,
        phone=row.phone,
        identifier=row.identifier,
        address=row.address,
        people=people,
    )
    # A record is not screened against itself: its other names, its organisation, its people
    # (records screened in the same batch are screened against each other).
    record = frozenset({new.source} | ({new.parent} if new.parent is not None else set()))
    return BatchName(query, new.keys, record)


def _best_per_pair(names: list[ScreenedName], threshold: float) -> dict[tuple, tuple]:
    """One candidate per pair of records (not per pair of their names in different scripts):
    the best-scored, at or above the threshold."""
    index = index_for_screening()
    batch = [_batch_name(index, row) for row in names]
    best: dict[tuple, tuple] = {}
    for number, candidate in screen_batch(index, batch, threshold):
        row, stored = names[number], candidate.stored
        pair = ((row.source_type, row.source_id), stored.source)
        if pair not in best or candidate.score > best[pair][2].score:
            best[pair] = (row, stored, candidate)
    return best


def screening_run(
    *, actor: User | None, names: list[ScreenedName], threshold: float | None = None
) -> list[Hit]:
    """Screen ``names`` against every other stored name; each pair at or above the threshold
    becomes an open hit for review (once per pair)."""
    threshold = settings.RENKEI_SCREENING_THRESHOLD if threshold is None else threshold
    best = _best_per_pair(names, threshold)
    # Queued or decided already, from either side — or queued a moment ago in this batch, where
    # two records screened together find each other.
    taken = hit_pairs_known(set(best))
    fresh = []
    for (new_source, old_source), found in best.items():
        if (new_source, old_source) not in taken:
            fresh.append(found)
            taken |= {(new_source, old_source), (old_source, new_source)}
    flags = flags_for_many([stored for _row, stored, _candidate in fresh])
    hits = Hit.objects.bulk_create(
        [
            Hit(
                new_id=row.pk,
                existing_id=stored.pk,
                score=candidate.score,
                explanation={**candidate.explain(), "flags": flags[stored.pk]},
                new_agreement_id=row.agreement_id,
                existing_agreement_id=stored.agreement_id,
            )
            for row, stored, candidate in fresh
        ]
    )
    # The keys are derived data; what a screening writes that matters is its hits.
    if hits:
        audit_append(
            actor=actor,
            action="screening.run",
            object_type="screening",
            object_id=f"{names[0].source_type}:{names[0].source_id}",
            agreement_code=names[0].agreement.code if names[0].agreement_id else "",
            after={"names": len(names), "hits": [h.pk for h in hits]},
        )
    return hits


def screen_record(*, actor: User | None, entry: NameInput, agreement, side: str) -> list[Hit]:
    """What the other apps call when they save a record that has names."""
    return screen_records(actor=actor, entries=[entry], agreement=agreement, side=side)


def screen_records(
    *, actor: User | None, entries: list[NameInput], agreement, side: str
) -> list[Hit]:
    """Many records of one agreement (or of Japan's registers) at once: stored first, then
    screened against one index (a list import). One transaction, the caller's if it has one:
    the worker screening an import has none, and the hits and their ledger event go together."""
    with transaction.atomic():
        names = screened_names_replace(entries=entries, agreement=agreement, side=side)
        index_version_bump()
        return screening_run(actor=actor, names=names)


@dataclass(frozen=True)
class RekeyReport:
    checked: int  # stored names keyed by another version
    changed: int  # of those, names whose keys are now different
    hits: int  # new hits from screening the changed names


def screened_names_rekey(*, actor: User | None = None) -> RekeyReport:
    """Key again the stored names whose keys another version of the matcher or its libraries
    made (``keys_version``), and screen those whose keys changed: a new spelling rule can let
    names meet that did not before. `renkei setup` runs it on every deploy; when every name is
    current it asks the database one question and writes nothing."""
    version = keys_version()
    stale_names = ScreenedName.objects.exclude(keys_version=version)
    if not stale_names.exists():
        return RekeyReport(0, 0, 0)
    with transaction.atomic():
        stale = list(stale_names.order_by("pk").values_list("pk", flat=True))
        changed: list[ScreenedName] = []
        for chunk in chunks(stale, 1000):  # a chunk at a time: a library upgrade re-keys all
            same: list[int] = []
            for row in ScreenedName.objects.filter(pk__in=chunk).select_related("agreement"):
                values = _name_key_values(row.name)
                if all(getattr(row, f) == v for f, v in values.items() if f != "keys_version"):
                    same.append(row.pk)
                    continue
                for field_name, value in values.items():
                    setattr(row, field_name, value)
                row.save(update_fields=list(values))
                changed.append(row)
            ScreenedName.objects.filter(pk__in=same).update(keys_version=version)
        index_version_bump()
        # Screened per agreement, so that each run's ledger event is filed where its names are.
        by_agreement: dict[int | None, list[ScreenedName]] = {}
        for row in changed:
            by_agreement.setdefault(row.agreement_id, []).append(row)
        hits = [
            hit for rows in by_agreement.values() for hit in screening_run(actor=actor, names=rows)
        ]
        audit_append(
            actor=actor,
            action="screening.rekey",
            object_type="screening",
            object_id=f"keys:{version}",
            after={"names": len(stale), "changed": len(changed), "hits": [h.pk for h in hits]},
        )
    return RekeyReport(len(stale), len(changed), len(hits))


def hit_review(*, actor: User, hit_id: int, decision: str, reason: str) -> Hit:
    """A contact point confirms a hit ("same person or organisation as") or dismisses it."""
    hit = hit_get_for(actor, hit_id)
    if not actor.has_role(Role.CONTACT_POINT_OFFICER):
        raise PermissionDenied(_("Only a contact point may review hits."), code="not_contact_point")
    if decision not in (Hit.Status.CONFIRMED, Hit.Status.DISMISSED):
        raise ApplicationError(_("Confirm or dismiss."), code="invalid_decision")
    name = "confirm" if decision == Hit.Status.CONFIRMED else "dismiss"
    state_require(HIT, hit, name)
    reason = (reason or "").strip()
    if not reason or len(reason) > 2000:
        raise ApplicationError(_("Give the reason (up to 2,000 characters)."), code="required")

    def change(locked: Hit) -> None:
        locked.reason = reason
        locked.reviewed_by = actor
        locked.reviewed_at = timezone.now()

    return transition_run(
        HIT,
        name,
        instance=hit,
        actor=actor,
        change=change,
        # Neither name goes into the ledger line, and a hit across agreements is filed under
        # none of them: an agreement's activity list must not show the other side's name.
        object_repr=lambda locked: f"screening hit {locked.pk}",
        agreement_code=(
            hit.new.agreement.code
            if hit.new.agreement_id and hit.new_agreement_id == hit.existing_agreement_id
            else ""
        ),
        summary=lambda locked: {
            "new": locked.new_id,
            "existing": locked.existing_id,
            "reason": reason,
        },
    )
