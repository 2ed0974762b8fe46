"""The ledger as a Merkle tree (RFC 9162): signed checkpoints, consistency proofs, receipts, and
the check of the database against a checkpoint someone kept (ADR 17).

The signing key is a file under ``$RENKEI_HOME/ledger-keys`` and never enters the database: an
operator who rewrites the database cannot sign a checkpoint for it without also holding the
key, and every checkpoint a partner downloaded before stays evidence of what the ledger held.
"""

from __future__ import annotations

import base64
import os
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey
from cryptography.hazmat.primitives.serialization import (
    Encoding,
    NoEncryption,
    PrivateFormat,
    load_pem_private_key,
)
from django.conf import settings
from django.db import transaction

from renkei.audit.checkpoints import (
    RECEIPT_FORMAT,
    Checkpoint,
    CheckpointError,
    checkpoint_sign,
    checkpoint_verify,
    key_id,
    public_raw,
    verifier_key,
)
from renkei.audit.hashing import stored_event_content
from renkei.audit.merkle import MerkleTree, leaf_hash
from renkei.audit.models import AuditChainHead, AuditEvent, LedgerCheckpoint

SIGNING_KEY_FILE = "signing-key.pem"
RESTORED_ACTION = "ledger.restored"

# ---------------------------------------------------------------- the signing key


def _keys_dir() -> Path:
    path = Path(settings.RENKEI_LEDGER_KEYS)
    path.mkdir(parents=True, exist_ok=True, mode=0o700)
    return path


def _write_private(path: Path, key: Ed25519PrivateKey) -> None:
    pem = key.private_bytes(Encoding.PEM, PrivateFormat.PKCS8, NoEncryption())
    descriptor = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    with os.fdopen(descriptor, "wb") as handle:
        handle.write(pem)


def _remember_verifier(key: Ed25519PrivateKey) -> str:
    origin = settings.RENKEI_LEDGER_ORIGIN
    text = verifier_key(origin, key.public_key())
    raw = public_raw(key.public_key())
    (_keys_dir() / f"{key_id(origin, raw).hex()}.pub").write_text(text + "\n")
    return text


def signing_key() -> Ed25519PrivateKey:
    """The ledger's signing key, made on first use (readable by this account only)."""
    path = _keys_dir() / SIGNING_KEY_FILE
    if not path.exists():
        key = Ed25519PrivateKey.generate()
        try:
            _write_private(path, key)
        except FileExistsError:
            pass  # another process made it a moment ago: use that one
        else:
            _remember_verifier(key)
    key = load_pem_private_key(path.read_bytes(), password=None)
    if not isinstance(key, Ed25519PrivateKey):
        raise RuntimeError(f"{path} does not hold an Ed25519 key")
    return key


def verifier_key_current() -> str:
    return _remember_verifier(signing_key())


def verifier_keys_known() -> list[str]:
    """Every key this ledger has signed with: the current one and those rotated out."""
    verifier_key_current()
    return sorted(p.read_text().strip() for p in _keys_dir().glob("*.pub"))


def signing_key_rotate() -> str:
    """A new signing key; the old one's verifier key stays, so its checkpoints still verify.
    The old private key is destroyed: nothing may be signed with it again."""
    old = _keys_dir() / SIGNING_KEY_FILE
    verifier_key_current()  # keep the old key's public half before it goes
    old.unlink(missing_ok=True)
    return verifier_key_current()


# ---------------------------------------------------------------- the tree

_TREE_CACHE: dict[tuple[int, str], MerkleTree] = {}


def _leaf_hashes(size: int) -> list[bytes]:
    hashes = AuditEvent.objects.order_by("seq").values_list("hash", flat=True)[:size]
    return [leaf_hash(bytes.fromhex(h)) for h in hashes]


def ledger_size() -> int:
    head = AuditChainHead.objects.filter(pk=1).first()
    return head.last_seq if head is not None else 0


def ledger_tree(size: int | None = None) -> MerkleTree:
    """The tree over the first ``size`` events (all committed ones by default). One tree is kept
    per process, keyed by its size and last hash: an unchanged ledger is not read again."""
    if size is None:
        size = ledger_size()
    last = AuditEvent.objects.filter(seq=size).values_list("hash", flat=True).first() or ""
    key = (size, last)
    tree = _TREE_CACHE.get(key)
    if tree is None:
        tree = MerkleTree(_leaf_hashes(size))
        if tree.size != size:
            raise CheckpointError(f"the ledger holds {tree.size} events, not {size}")
        _TREE_CACHE.clear()
        _TREE_CACHE[key] = tree
    return tree


# ---------------------------------------------------------------- checkpoints


def checkpoint_create(*, now: datetime | None = None) -> LedgerCheckpoint:
    """Sign the current tree head, keep it in the database and as a file outside it."""
    size = ledger_size()
    tree = ledger_tree(size)
    signed = checkpoint_sign(
        origin=settings.RENKEI_LEDGER_ORIGIN,
        size=size,
        root=tree.root(),
        time=(now or datetime.now(UTC)).astimezone(UTC),
        key=signing_key(),
    )
    with transaction.atomic():
        stored = LedgerCheckpoint.objects.create(
            size=size,
            root=signed.root.hex(),
            signed_at=signed.time,
            key_id=signed.key_id.hex(),
            text=signed.text,
        )
    _checkpoint_file_write(signed)
    return stored


def _checkpoint_file_write(signed: Checkpoint) -> Path:
    directory = Path(settings.RENKEI_CHECKPOINTS)
    directory.mkdir(parents=True, exist_ok=True)
    path = directory / f"checkpoint-{signed.size:012d}-{signed.time:%Y%m%dT%H%M%S%f}.txt"
    path.write_text(signed.text)
    return path


def checkpoint_latest() -> LedgerCheckpoint | None:
    return LedgerCheckpoint.objects.order_by("-size", "-signed_at").first()


def checkpoint_list(*, before_size: int | None = None, limit: int = 100) -> list[LedgerCheckpoint]:
    rows = LedgerCheckpoint.objects.order_by("-size", "-signed_at")
    if before_size is not None:
        rows = rows.filter(size__lt=before_size)
    return list(rows[:limit])


def checkpoint_get(checkpoint_id: int) -> LedgerCheckpoint | None:
    return LedgerCheckpoint.objects.filter(pk=checkpoint_id).first()


def checkpoint_covering(seq: int) -> LedgerCheckpoint:
    """The newest checkpoint that includes event ``seq``; a new one if none does yet."""
    latest = checkpoint_latest()
    if latest is not None and latest.size >= seq:
        return latest
    return checkpoint_create()


def checkpoint_due(*, minutes: int, now: datetime | None = None) -> LedgerCheckpoint | None:
    """Run by `renkei worker`: a checkpoint when the ledger grew and the last is ``minutes``
    old."""
    if minutes <= 0:
        return None
    now = now or datetime.now(UTC)
    latest = checkpoint_latest()
    if latest is not None and (
        latest.size == ledger_size() or (now - latest.signed_at).total_seconds() < minutes * 60
    ):
        return None
    return checkpoint_create(now=now)


def consistency_proof(first: int, second: int) -> list[str]:
    """The RFC 9162 proof that the ledger of ``second`` events extends the one of ``first``."""
    if not 0 < first <= second <= ledger_size():
        raise ValueError("0 < first <= second <= the ledger's size")
    return [_b64(p) for p in ledger_tree(second).consistency_proof(first)]


def _b64(data: bytes) -> str:
    return base64.b64encode(data).decode("ascii")


# ---------------------------------------------------------------- receipts


def receipt_for(event: AuditEvent) -> dict:
    """What the other side keeps to prove, without the database, that the event is in the
    ledger: its content, its inclusion proof and the signed checkpoint the proof leads to."""
    checkpoint = checkpoint_covering(event.seq)
    tree = ledger_tree(checkpoint.size)
    return {
        "format": RECEIPT_FORMAT,
        "event": {
            "seq": event.seq,
            "action": event.action,
            "content": stored_event_content(event).decode("utf-8"),
            "hash": event.hash,
        },
        "leaf_index": event.seq - 1,
        "tree_size": checkpoint.size,
        "inclusion_proof": [_b64(p) for p in tree.inclusion_proof(event.seq - 1)],
        "checkpoint": checkpoint.text,
    }


# ---------------------------------------------------------------- checking the database


@dataclass(frozen=True)
class LedgerCheck:
    ok: bool
    message: str
    lost: int = 0


def ledger_check_against(text: str, verifiers: list[str] | None = None) -> LedgerCheck:
    """Does the ledger in the database still extend the checkpoint ``text``? Verified with the
    given verifier keys (a partner's pinned copy), or the keys this ledger knows."""
    try:
        checkpoint = checkpoint_verify(text, verifiers or verifier_keys_known())
    except CheckpointError as error:
        return LedgerCheck(False, f"checkpoint refused: {error}")
    if checkpoint.origin != settings.RENKEI_LEDGER_ORIGIN:
        return LedgerCheck(
            False, f"the checkpoint is of {checkpoint.origin}, not {settings.RENKEI_LEDGER_ORIGIN}"
        )
    signed = f"{checkpoint.size} events signed at {checkpoint.time:%Y-%m-%d %H:%M:%S %Z}"
    seqs = list(AuditEvent.objects.order_by("seq").values_list("seq", flat=True))
    size = len(seqs)
    numbered = seqs[: checkpoint.size] == list(range(1, checkpoint.size + 1))
    if (
        size >= checkpoint.size
        and numbered
        and MerkleTree(_leaf_hashes(checkpoint.size)).root() == checkpoint.root
    ):
        return LedgerCheck(True, f"the ledger of {size} events extends the checkpoint of {signed}")
    # It does not. A restore from an older backup says how many events it lost.
    restore = _restore_that_lost(checkpoint.size)
    if restore is not None:
        kept = int(restore.after["restored_size"])
        return LedgerCheck(
            False,
            f"{checkpoint.size - kept} events were lost: the checkpoint covers {signed}, and "
            f"on {restore.occurred_at:%Y-%m-%d} the ledger was restored from a backup holding "
            f"{kept} (event #{restore.seq})",
            lost=checkpoint.size - kept,
        )
    if size < checkpoint.size:
        return LedgerCheck(
            False,
            f"{checkpoint.size - size} events are missing: the ledger holds {size}, "
            f"the checkpoint covers {signed}",
            lost=checkpoint.size - size,
        )
    if not numbered:
        return LedgerCheck(False, f"events among the first {checkpoint.size} were removed")
    return LedgerCheck(
        False,
        f"the first {checkpoint.size} events do not hash to the checkpoint's root: events "
        "among them were changed, reordered or replaced since it was signed",
    )


def _restore_that_lost(size: int) -> AuditEvent | None:
    for event in AuditEvent.objects.filter(action=RESTORED_ACTION).order_by("seq"):
        kept = (event.after or {}).get("restored_size")
        # The restore is the first event after what the backup held.
        if isinstance(kept, int) and kept < size and event.seq == kept + 1:
            return event
    return None
