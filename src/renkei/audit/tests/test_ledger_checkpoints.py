"""Signed checkpoints make the ledger checkable without trusting the database: wiped, truncated,
re-chained, reordered ledgers and foreign keys all fail `renkei audit verify --checkpoint`; an
untouched or grown ledger passes; a receipt verifies with no database at all."""

import json
from datetime import UTC

import pytest
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import connection, transaction

from renkei.audit.checkpoints import (
    CheckpointError,
    checkpoint_parse,
    checkpoint_sign,
    checkpoint_verify,
    receipt_verify,
    verifier_key,
)
from renkei.audit.hashing import GENESIS_HASH, canonical_content, event_hash
from renkei.audit.ledger import (
    checkpoint_create,
    consistency_proof,
    ledger_check_against,
    receipt_for,
    signing_key_rotate,
    verifier_key_current,
    verifier_keys_known,
)
from renkei.audit.merkle import consistency_verify
from renkei.audit.models import AuditChainHead, AuditEvent
from renkei.audit.services import audit_append, audit_verify

TABLE = AuditEvent._meta.db_table


def _append(n: int, start: int = 0) -> None:
    for i in range(start, start + n):
        with transaction.atomic():
            audit_append(
                actor=None,
                action="test.event",
                object_type="test",
                object_id=str(i),
                object_repr=f"event {i} 送出機関",
                agreement_code="LA",
                after={"i": i},
            )


def _checkpoint_file(tmp_path) -> str:
    path = tmp_path / "checkpoint.txt"
    call_command("audit", "checkpoint", "--out", str(path))
    return str(path)


def _rechain(rows: list[dict]) -> None:
    """Rewrite the whole ledger as `rows` with fresh hashes, as an operator with plain SHA-256
    and write access to the database could."""
    prev = GENESIS_HASH
    with connection.cursor() as cursor:
        cursor.execute(f"DELETE FROM {TABLE}")
        for seq, row in enumerate(rows, start=1):
            fields = {**row, "seq": seq, "prev_hash": prev}
            digest = event_hash(canonical_content(**fields))
            cursor.execute(
                f"INSERT INTO {TABLE} (seq, occurred_at, actor_id, actor_label, action,"
                " object_type, object_id, object_repr, agreement_code, before, after,"
                " prev_hash, hash) VALUES (%s, %s, NULL, %s, %s, %s, %s, %s, %s, %s, %s, %s, %s)",
                [
                    seq,
                    fields["occurred_at"],
                    fields["actor_label"],
                    fields["action"],
                    fields["object_type"],
                    fields["object_id"],
                    fields["object_repr"],
                    fields["agreement_code"],
                    json.dumps(fields["before"]),
                    json.dumps(fields["after"]),
                    prev,
                    digest,
                ],
            )
            prev = digest
    AuditChainHead.objects.filter(pk=1).update(last_seq=len(rows), last_hash=prev)


def _rows() -> list[dict]:
    return [
        {
            "occurred_at": e.occurred_at.astimezone(UTC),
            "actor_id": None,
            "actor_label": e.actor_label,
            "action": e.action,
            "object_type": e.object_type,
            "object_id": e.object_id,
            "object_repr": e.object_repr,
            "agreement_code": e.agreement_code,
            "before": e.before,
            "after": e.after,
        }
        for e in AuditEvent.objects.order_by("seq")
    ]


def _refused(path: str, match: str) -> None:
    with pytest.raises(CommandError, match=match):
        call_command("audit", "verify", "--checkpoint", path)


@pytest.mark.django_db
def test_an_untouched_and_a_grown_ledger_extend_the_checkpoint(tmp_path, capsys):
    _append(5)
    path = _checkpoint_file(tmp_path)
    call_command("audit", "verify", "--checkpoint", path)
    assert "extends the checkpoint of 5 events" in capsys.readouterr().out
    _append(3, start=5)
    call_command("audit", "verify", "--checkpoint", path)
    assert "ledger of 8 events extends the checkpoint of 5" in capsys.readouterr().out


@pytest.mark.django_db(transaction=True)
def test_a_wiped_ledger_fails(tmp_path):
    _append(4)
    path = _checkpoint_file(tmp_path)
    with connection.cursor() as cursor:
        cursor.execute(f"DELETE FROM {TABLE}")
    AuditChainHead.objects.all().delete()
    assert audit_verify().ok  # "0 events verified": the chain alone cannot tell
    _refused(path, "4 events are missing: the ledger holds 0")


@pytest.mark.django_db(transaction=True)
def test_a_truncated_ledger_with_its_head_fixed_up_fails(tmp_path):
    _append(6)
    path = _checkpoint_file(tmp_path)
    last = AuditEvent.objects.get(seq=4)
    with connection.cursor() as cursor:
        cursor.execute(f"DELETE FROM {TABLE} WHERE seq > 4")
    AuditChainHead.objects.filter(pk=1).update(last_seq=4, last_hash=last.hash)
    assert audit_verify().ok
    _refused(path, "2 events are missing")
    assert ledger_check_against((tmp_path / "checkpoint.txt").read_text()).lost == 2


@pytest.mark.django_db(transaction=True)
def test_an_edited_and_rechained_ledger_fails(tmp_path):
    _append(5)
    path = _checkpoint_file(tmp_path)
    rows = _rows()
    rows[1]["object_repr"] = "a different organisation"
    _rechain(rows)
    assert audit_verify().ok  # every hash and link holds again
    _refused(path, "do not hash to the checkpoint's root")


@pytest.mark.django_db(transaction=True)
def test_a_reordered_ledger_fails(tmp_path):
    _append(5)
    path = _checkpoint_file(tmp_path)
    rows = _rows()
    rows[1], rows[2] = rows[2], rows[1]
    _rechain(rows)
    assert audit_verify().ok
    _refused(path, "do not hash to the checkpoint's root")


@pytest.mark.django_db
def test_a_checkpoint_of_another_key_fails(tmp_path, settings):
    _append(3)
    stranger = checkpoint_sign(
        origin=settings.RENKEI_LEDGER_ORIGIN,
        size=3,
        root=b"\x00" * 32,
        time=AuditEvent.objects.latest("seq").occurred_at,
        key=Ed25519PrivateKey.generate(),
    )
    path = tmp_path / "stranger.txt"
    path.write_text(stranger.text)
    _refused(str(path), "not trusted here")
    # Signed by this ledger's key, but pinned against another: refused too.
    own = _checkpoint_file(tmp_path)
    pinned = verifier_key(settings.RENKEI_LEDGER_ORIGIN, Ed25519PrivateKey.generate().public_key())
    with pytest.raises(CommandError, match="not trusted"):
        call_command("audit", "verify", "--checkpoint", own, "--key", pinned)


@pytest.mark.django_db
def test_a_changed_signature_or_line_fails(tmp_path):
    _append(2)
    text = checkpoint_create().text
    keys = verifier_keys_known()
    assert checkpoint_verify(text, keys).size == 2
    with pytest.raises(CheckpointError):
        checkpoint_verify(text.replace("\n2\n", "\n3\n", 1), keys)
    lines = text.split("\n")
    lines[-2] = lines[-2][:-6] + "AAAAA="
    with pytest.raises(CheckpointError):
        checkpoint_verify("\n".join(lines), keys)


@pytest.mark.django_db
def test_a_rotated_key_keeps_old_checkpoints_verifiable(tmp_path, capsys):
    _append(2)
    old_key = verifier_key_current()
    path = _checkpoint_file(tmp_path)
    new_key = signing_key_rotate()
    assert new_key != old_key and set(verifier_keys_known()) == {old_key, new_key}
    call_command("audit", "verify", "--checkpoint", path)
    assert "extends" in capsys.readouterr().out
    newer = checkpoint_create()
    assert checkpoint_parse(newer.text).key_id.hex() == new_key.split("+")[1]
    with pytest.raises(CheckpointError):
        checkpoint_verify(newer.text, [old_key])


@pytest.mark.django_db
def test_consistency_proofs_between_any_two_sizes(tmp_path):
    _append(3)
    first = checkpoint_parse(checkpoint_create().text)
    _append(6, start=3)
    second = checkpoint_parse(checkpoint_create().text)
    import base64

    proof = [base64.b64decode(p) for p in consistency_proof(first.size, second.size)]
    assert consistency_verify(
        old_size=3, new_size=9, old_root=first.root, new_root=second.root, proof=proof
    )
    with pytest.raises(ValueError):
        consistency_proof(5, 20)


@pytest.fixture
def receipt_and_key(db, tmp_path):
    _append(6)
    event = AuditEvent.objects.get(seq=4)
    receipt = receipt_for(event)
    path = tmp_path / "receipt.json"
    path.write_text(json.dumps(receipt))
    return path, verifier_key_current()


def test_a_receipt_verifies_with_no_database(receipt_and_key, django_db_blocker):
    path, key = receipt_and_key
    with django_db_blocker.block():  # any database access now fails the test
        check = receipt_verify(path.read_text(), [key])
        assert check.ok, check.reason
        assert check.event["seq"] == 4 and check.event["object_id"] == "3"
        receipt = json.loads(path.read_text())
        forged = json.loads(receipt["event"]["content"])
        forged["object_repr"] = "another organisation"
        receipt["event"]["content"] = json.dumps(forged, ensure_ascii=False)
        assert not receipt_verify(receipt, [key]).ok
        receipt = json.loads(path.read_text())
        receipt["leaf_index"] = 2
        assert not receipt_verify(receipt, [key]).ok
        assert not receipt_verify(path.read_text(), [key.replace(key.split("+")[1], "00000000")]).ok
        assert not receipt_verify("not json", [key]).ok
        call_command("audit", "verify-receipt", str(path), "--key", key)
