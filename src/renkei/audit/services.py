"""Writes to the ledger. Every other app's services call :func:`audit_append` inside their own
transaction, so the event commits or rolls back with the change it records."""

from __future__ import annotations

import json
import secrets
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

from django.db import connection, transaction
from django.db.models import Model

from renkei.audit.hashing import (
    GENESIS_HASH,
    canonical_content,
    event_hash,
    personal_commitment,
    stored_event_content,
)
from renkei.audit.journal import journal_append_on_commit
from renkei.audit.models import AuditChainHead, AuditEvent


def _json_safe(value: Any) -> Any:
    # Round-trip through JSON so the hash is computed over exactly what the JSONField stores.
    return json.loads(json.dumps(value or {}, ensure_ascii=False, default=str, sort_keys=True))


def ledger_lock() -> AuditChainHead:
    """Lock the ledger's head now, in the caller's transaction. Every appending transaction takes
    it; a service that must serialise something else anyway (numbering) takes it first, so no
    writer holds another row while waiting for the head that a second writer holds (ADR 16)."""
    if not connection.in_atomic_block:
        raise RuntimeError("ledger_lock must run inside the service's transaction")
    head, _created = AuditChainHead.objects.select_for_update().get_or_create(
        pk=1, defaults={"last_seq": 0, "last_hash": GENESIS_HASH}
    )
    return head


def audit_append(
    *,
    actor: Model | None,
    action: str,
    target: Model | None = None,
    object_type: str = "",
    object_id: str = "",
    object_repr: str = "",
    agreement_code: str = "",
    before: dict[str, Any] | None = None,
    after: dict[str, Any] | None = None,
    personal: dict[str, Any] | None = None,
) -> AuditEvent:
    """``personal``: values about a person the event must record, which the retention schedule
    will erase; the chain covers them through a salted commitment only (ADR 21)."""
    if not connection.in_atomic_block:
        raise RuntimeError("audit_append must run inside the service's transaction")
    if target is not None:
        object_type = object_type or target._meta.label_lower
        object_id = object_id or str(target.pk)
        object_repr = object_repr or str(target)[:300]
    head = ledger_lock()
    # Microsecond precision in UTC: what the hash covers must survive the database round trip.
    occurred_at = datetime.now(UTC)
    fields = {
        "seq": head.last_seq + 1,
        "occurred_at": occurred_at,
        "actor_id": actor.pk if actor is not None else None,
        "actor_label": actor.get_username() if actor is not None else "system",
        "action": action,
        "object_type": object_type,
        "object_id": object_id,
        "object_repr": object_repr,
        "agreement_code": agreement_code,
        "before": _json_safe(before),
        "after": _json_safe(after),
        "prev_hash": head.last_hash,
    }
    extra = {}
    if personal:
        personal = _json_safe(personal)
        salt = secrets.token_hex(16)
        fields["personal_commitment"] = personal_commitment(salt, personal)
        extra = {"personal": personal, "personal_salt": salt}
    digest = event_hash(canonical_content(**fields))
    event = AuditEvent.objects.create(hash=digest, **fields, **extra)
    head.last_seq = event.seq
    head.last_hash = digest
    head.save(update_fields=["last_seq", "last_hash"])
    journal_append_on_commit(event)
    return event


@dataclass(frozen=True)
class VerifyResult:
    ok: bool
    checked: int
    broken_seq: int | None = None
    reason: str = ""


def audit_record(
    actor: Model | None, action: str, target: Model, agreement_code: str = "", **after: Any
) -> AuditEvent:
    """``audit_append`` as the services use it most: the actor, what it did, to what, under
    which agreement, and a summary of the state after."""
    return audit_append(
        actor=actor, action=action, target=target, agreement_code=agreement_code, after=after
    )


def audit_verify() -> VerifyResult:
    """Walk the chain from the first event; report the first event that does not hold."""
    expected_prev = GENESIS_HASH
    expected_seq = 1
    checked = 0
    with transaction.atomic():
        for event in AuditEvent.objects.order_by("seq").iterator(chunk_size=2000):
            if event.seq != expected_seq:
                return VerifyResult(False, checked, event.seq, f"expected event #{expected_seq}")
            if event.prev_hash != expected_prev:
                return VerifyResult(False, checked, event.seq, "previous hash does not match")
            if event_hash(stored_event_content(event)) != event.hash:
                return VerifyResult(False, checked, event.seq, "content does not match its hash")
            if event.personal is not None and event.personal_commitment != personal_commitment(
                event.personal_salt, event.personal
            ):
                return VerifyResult(
                    False, checked, event.seq, "personal data does not match its commitment"
                )
            expected_prev = event.hash
            expected_seq += 1
            checked += 1
        head = AuditChainHead.objects.filter(pk=1).first()
        if head is not None and (head.last_seq != checked or head.last_hash != expected_prev):
            return VerifyResult(
                False, checked, checked + 1, "events after the last stored one are missing"
            )
    return VerifyResult(True, checked)


def audit_personal_erase(*, object_type: str, object_ids: list[str]) -> int:
    """Erase the personal values (and their salts) the ledger holds for these objects; the
    commitments stay, so every hash still verifies. Runs inside the erasing service's
    transaction, which records the erasure itself as an event."""
    if not connection.in_atomic_block:
        raise RuntimeError("audit_personal_erase must run inside the service's transaction")
    # update(), not save(): events are append-only; these two columns are outside the hash.
    return AuditEvent.objects.filter(
        object_type=object_type, object_id__in=object_ids, personal__isnull=False
    ).update(personal=None, personal_salt="")
