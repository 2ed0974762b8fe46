"""The ledger's canonical form: the one place that says what an event's hash covers."""

import hashlib
import json
from datetime import datetime
from typing import Any

GENESIS_HASH = "0" * 64


def canonical_content(
    *,
    seq: int,
    occurred_at: datetime,
    actor_id: int | None,
    actor_label: str,
    action: str,
    object_type: str,
    object_id: str,
    object_repr: str,
    agreement_code: str,
    before: Any,
    after: Any,
    prev_hash: str,
    personal_commitment: str = "",
) -> bytes:
    document = {
        "seq": seq,
        "occurred_at": occurred_at.isoformat(timespec="microseconds"),
        "actor_id": actor_id,
        "actor_label": actor_label,
        "action": action,
        "object_type": object_type,
        "object_id": object_id,
        "object_repr": object_repr,
        "agreement_code": agreement_code,
        "before": before,
        "after": after,
        "prev_hash": prev_hash,
    }
    # Personal data is covered by its salted commitment, never by its values, so that erasing the
    # values (and the salt) leaves every hash intact (ADR 21). Absent for events without any,
    # which keeps the hashes of every event written before the field existed.
    if personal_commitment:
        document["personal_commitment"] = personal_commitment
    return json.dumps(
        document, sort_keys=True, ensure_ascii=False, separators=(",", ":"), default=str
    ).encode("utf-8")


def event_hash(content: bytes) -> str:
    return hashlib.sha256(content).hexdigest()


def stored_event_content(event: Any) -> bytes:
    """The canonical content of an event as stored: what its hash must be the hash of."""
    from datetime import UTC

    return canonical_content(
        seq=event.seq,
        occurred_at=event.occurred_at.astimezone(UTC),
        actor_id=event.actor_id,
        actor_label=event.actor_label,
        action=event.action,
        object_type=event.object_type,
        object_id=event.object_id,
        object_repr=event.object_repr,
        agreement_code=event.agreement_code,
        before=event.before,
        after=event.after,
        prev_hash=event.prev_hash,
        personal_commitment=event.personal_commitment,
    )


def personal_commitment(salt: str, values: Any) -> str:
    """SHA-256 over the salt and the canonical JSON of the personal values: binding (the values
    cannot change under it) and, once the salt is erased, revealing nothing of short values such
    as a passport number, which a bare hash would let anyone guess."""
    body = json.dumps(
        values, sort_keys=True, ensure_ascii=False, separators=(",", ":"), default=str
    )
    return hashlib.sha256(f"{salt}:{body}".encode()).hexdigest()
