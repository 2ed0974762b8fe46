"""Signed tree heads ("checkpoints") and receipts: their text formats, signing and checking.

Pure functions without Django, so a partner can check a checkpoint or a receipt on its own
machine with the verifier key it was given, and nothing else (ADR 17).

A checkpoint is a signed note in the C2SP ``tlog-checkpoint`` format (used by Go's checksum
database and Sigstore's logs), with the signing time as an extension line::

    renkei.example/ledger
    1234
    qKLzJ3m8...base64 root...=
    time 2026-12-04T21:00:00.000000+00:00

    — renkei.example/ledger AbCdEf...base64(key id || Ed25519 signature)...

The signature covers every line before the blank one, newlines included. The key id is the
first four bytes of SHA-256(key name || 0x0A || 0x01 || public key); a verifier key is written
``name+keyid(hex)+base64(0x01 || public key)``.
"""

from __future__ import annotations

import base64
import hashlib
import json
from dataclasses import dataclass
from datetime import datetime

from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey, Ed25519PublicKey
from cryptography.hazmat.primitives.serialization import Encoding, PublicFormat

from renkei.audit.merkle import inclusion_verify, leaf_hash

ED25519 = b"\x01"
SIGNATURE_DASH = "\u2014"
RECEIPT_FORMAT = "renkei-receipt/1"
MAX_NOTE = 8192


class CheckpointError(ValueError):
    """The text is not a checkpoint, or not one signed by a key the verifier trusts."""


def _b64(data: bytes) -> str:
    return base64.b64encode(data).decode("ascii")


def _unb64(text: str) -> bytes:
    try:
        return base64.b64decode(text, validate=True)
    except ValueError as error:
        raise CheckpointError("not base64") from error


def public_raw(key: Ed25519PublicKey) -> bytes:
    return key.public_bytes(Encoding.Raw, PublicFormat.Raw)


def key_id(name: str, public: bytes) -> bytes:
    return hashlib.sha256(name.encode() + b"\n" + ED25519 + public).digest()[:4]


def verifier_key(name: str, key: Ed25519PublicKey) -> str:
    raw = public_raw(key)
    return f"{name}+{key_id(name, raw).hex()}+{_b64(ED25519 + raw)}"


@dataclass(frozen=True)
class Verifier:
    name: str
    key_id: bytes
    key: Ed25519PublicKey


def verifier_parse(text: str) -> Verifier:
    parts = text.strip().split("+", 2)  # base64 may hold "+"; the name and id may not
    if len(parts) != 3 or not parts[0]:
        raise CheckpointError("a verifier key is name+keyid+key")
    name, hex_id, encoded = parts
    raw = _unb64(encoded)
    if len(raw) != 33 or raw[:1] != ED25519:
        raise CheckpointError("not an Ed25519 verifier key")
    if key_id(name, raw[1:]).hex() != hex_id:
        raise CheckpointError("the verifier key's id does not match its key")
    return Verifier(name, bytes.fromhex(hex_id), Ed25519PublicKey.from_public_bytes(raw[1:]))


@dataclass(frozen=True)
class Checkpoint:
    origin: str
    size: int
    root: bytes
    time: datetime
    key_name: str
    key_id: bytes
    signature: bytes

    @property
    def body(self) -> str:
        return checkpoint_body(self.origin, self.size, self.root, self.time)

    @property
    def text(self) -> str:
        stamp = _b64(self.key_id + self.signature)
        return f"{self.body}\n{SIGNATURE_DASH} {self.key_name} {stamp}\n"


def checkpoint_body(origin: str, size: int, root: bytes, time: datetime) -> str:
    return f"{origin}\n{size}\n{_b64(root)}\ntime {time.isoformat(timespec='microseconds')}\n"


def checkpoint_sign(
    *, origin: str, size: int, root: bytes, time: datetime, key: Ed25519PrivateKey
) -> Checkpoint:
    if not origin or any(ch in origin for ch in " +\n"):
        raise ValueError("a ledger's origin has no spaces, plus signs or newlines")
    body = checkpoint_body(origin, size, root, time)
    raw = public_raw(key.public_key())
    return Checkpoint(
        origin, size, root, time, origin, key_id(origin, raw), key.sign(body.encode())
    )


def checkpoint_parse(text: str) -> Checkpoint:
    if len(text) > MAX_NOTE:
        raise CheckpointError("too long for a checkpoint")
    body, separator, signatures = text.partition("\n\n")
    if not separator:
        raise CheckpointError("no signature block")
    lines = body.split("\n")
    if len(lines) < 4 or not lines[3].startswith("time "):
        raise CheckpointError("a checkpoint has an origin, a size, a root and a time")
    origin, size_text, root_text, time_line = lines[:4]
    if not size_text.isdigit():
        raise CheckpointError("the size is not a number")
    root = _unb64(root_text)
    if len(root) != 32:
        raise CheckpointError("the root is not a SHA-256 hash")
    try:
        time = datetime.fromisoformat(time_line[5:])
    except ValueError as error:
        raise CheckpointError("the time is not ISO 8601") from error
    signature_line = signatures.strip("\n").split("\n")[0]
    parts = signature_line.split(" ")
    if len(parts) != 3 or parts[0] != SIGNATURE_DASH:
        raise CheckpointError("the signature line is not '— name signature'")
    stamp = _unb64(parts[2])
    if len(stamp) != 68:
        raise CheckpointError("not an Ed25519 signature")
    checkpoint = Checkpoint(origin, int(size_text), root, time, parts[1], stamp[:4], stamp[4:])
    if checkpoint.body != body + "\n":
        raise CheckpointError("the checkpoint's lines are not in their canonical form")
    return checkpoint


def checkpoint_verify(text: str, verifiers: list[str]) -> Checkpoint:
    """The checkpoint, if one of ``verifiers`` signed it; raises :class:`CheckpointError`."""
    checkpoint = checkpoint_parse(text)
    for verifier in map(verifier_parse, verifiers):
        if verifier.name == checkpoint.key_name and verifier.key_id == checkpoint.key_id:
            try:
                verifier.key.verify(checkpoint.signature, checkpoint.body.encode())
            except InvalidSignature as error:
                raise CheckpointError("the signature does not verify") from error
            return checkpoint
    raise CheckpointError(
        f"signed by key {checkpoint.key_name}+{checkpoint.key_id.hex()}, which is not trusted here"
    )


# ---------------------------------------------------------------- receipts


@dataclass(frozen=True)
class ReceiptCheck:
    ok: bool
    reason: str
    event: dict | None = None


def receipt_verify(receipt: dict | str, verifiers: list[str]) -> ReceiptCheck:
    """A receipt proves that an event, as its content reads, is in the ledger whose signed
    checkpoint it carries. Nothing but the receipt and the verifier key is needed."""
    if isinstance(receipt, str):
        try:
            receipt = json.loads(receipt)
        except ValueError:
            return ReceiptCheck(False, "not JSON")
    if not isinstance(receipt, dict) or receipt.get("format") != RECEIPT_FORMAT:
        return ReceiptCheck(False, f"not a {RECEIPT_FORMAT} receipt")
    try:
        checkpoint = checkpoint_verify(receipt["checkpoint"], verifiers)
        content = receipt["event"]["content"]
        digest = hashlib.sha256(content.encode("utf-8")).digest()
        event = json.loads(content)
        index = int(receipt["leaf_index"])
        proof = [_unb64(p) for p in receipt["inclusion_proof"]]
    except CheckpointError as error:
        return ReceiptCheck(False, f"checkpoint: {error}")
    except (KeyError, TypeError, ValueError) as error:
        return ReceiptCheck(False, f"malformed receipt: {error}")
    if digest.hex() != receipt["event"].get("hash"):
        return ReceiptCheck(False, "the event's content does not hash to its hash")
    if event.get("seq") != index + 1:
        return ReceiptCheck(False, "the event's sequence number is not its place in the tree")
    if int(receipt.get("tree_size", -1)) != checkpoint.size:
        return ReceiptCheck(False, "the proof is for another size than the checkpoint's")
    if not inclusion_verify(
        leaf=leaf_hash(digest),
        index=index,
        size=checkpoint.size,
        proof=proof,
        root=checkpoint.root,
    ):
        return ReceiptCheck(False, "the inclusion proof does not lead to the checkpoint's root")
    return ReceiptCheck(True, "included", event)
