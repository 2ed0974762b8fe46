"""backup → more writes → restore → `verify --checkpoint` reports exactly the events lost, and
nothing lost is handed out again. Run with the real commands on a throw-away instance, on SQLite
and (under ./scripts/with-postgres) on PostgreSQL."""

from __future__ import annotations

import re

import pytest

from renkei.audit.checkpoints import checkpoint_parse
from renkei.ops.instance import instance_create

ATTACH = """
import sys, django
django.setup()
from renkei.accounts.models import User
from renkei.exchange.models import Exchange
from renkei.exchange.services import attachment_add
exchange = Exchange.objects.get(pk=int(sys.argv[1]))
attachment = attachment_add(actor=User.objects.get(username="la.contact"), exchange=exchange,
                            name="letter.txt", content="署名済みの書簡 / signed letter".encode())
print(attachment.sha256, attachment.file.name)
"""


def _draft(instance, subject):
    created = instance.call(
        "POST",
        "/api/v1/agreements/LA/exchanges",
        "la.contact",
        {"type": "inquiry", "subject": subject, "body": "Facts.", "details": {}, "language": "en"},
    )
    assert created.status == 201, created.body
    return created.body


@pytest.fixture
def instance(tmp_path):
    made = instance_create(tmp_path / "home")
    made.set_up().start(workers=2)
    yield made
    made.close()


def test_a_restore_reports_what_it_lost_and_never_reissues_it(instance, tmp_path):
    kept = _draft(instance, "Before the backup")
    sha, stored_name = instance.python(ATTACH, str(kept["id"])).split()
    instance.renkei("audit", "checkpoint", "--out", str(tmp_path / "early.txt"))
    backup = tmp_path / "renkei.tar.gz"
    done = instance.renkei("backup", str(backup))
    backup_size = int(re.search(r"(\d+) ledger events", done.stdout).group(1))
    lost = [_draft(instance, f"After the backup {i}") for i in range(3)]
    instance.renkei("audit", "checkpoint", "--out", str(tmp_path / "late.txt"))
    late = checkpoint_parse((tmp_path / "late.txt").read_text())
    instance.stop()

    refused = instance.renkei("restore", str(backup), check=False)
    assert refused.returncode != 0 and "holds data" in refused.stderr
    restored = instance.renkei("restore", str(backup), "--force")
    assert f"{late.size - backup_size} events after the backup were lost" in restored.stdout

    failed = instance.renkei(
        "audit", "verify", "--checkpoint", str(tmp_path / "late.txt"), check=False
    )
    assert failed.returncode != 0
    assert f"{late.size - backup_size} events were lost" in failed.stderr
    instance.renkei("audit", "verify", "--checkpoint", str(tmp_path / "early.txt"))

    instance.start(workers=2)
    fresh = _draft(instance, "After the restore")
    assert fresh["reference"] not in {e["reference"] for e in lost}
    assert fresh["id"] > max(e["id"] for e in lost)
    assert instance.call("GET", f"/api/v1/exchanges/{kept['id']}", "la.contact").status == 200
    gone = instance.call("GET", f"/api/v1/exchanges/{lost[0]['id']}", "la.contact")
    assert gone.status == 404
    assert (instance.home / "media" / stored_name).read_bytes().decode().startswith("署名済み")
    # The ledger after the restore is whole again from its own point of view.
    instance.renkei("audit", "verify")


def test_a_backup_restores_into_an_empty_instance(instance, tmp_path):
    _draft(instance, "Carried over")
    backup = tmp_path / "renkei.tar.gz"
    instance.renkei("backup", str(backup))
    empty = instance_create(tmp_path / "elsewhere")
    try:
        empty.renkei("restore", str(backup))
        rows = empty.sql("SELECT subject FROM exchange_exchange")
        assert rows == [("Carried over",)]
        last = empty.sql("SELECT action FROM audit_auditevent ORDER BY seq DESC LIMIT 1")
        assert last == [("ledger.restored",)]
        empty.renkei("audit", "verify")
    finally:
        empty.close()


def test_a_file_that_is_not_a_backup_is_refused(instance, tmp_path):
    bogus = tmp_path / "bogus.tar.gz"
    bogus.write_bytes(b"not a tarball")
    done = instance.renkei("restore", str(bogus), "--force", check=False)
    assert done.returncode != 0 and "not a renkei backup" in done.stderr
    done = instance.renkei("restore", str(tmp_path / "missing.tar.gz"), check=False)
    assert done.returncode != 0 and "no backup at" in done.stderr


def test_a_backup_with_a_path_trick_is_refused_and_writes_nothing(instance, tmp_path):
    import io
    import json
    import tarfile

    evil = tmp_path / "evil.tar.gz"
    with tarfile.open(evil, "w:gz") as archive:
        for name, data in (
            ("manifest.json", json.dumps({"format": "renkei-backup/1", "files": {}}).encode()),
            ("../../outside.txt", b"escaped"),
        ):
            info = tarfile.TarInfo(name)
            info.size = len(data)
            archive.addfile(info, io.BytesIO(data))
    before = instance.sql("SELECT COUNT(*) FROM audit_auditevent")
    done = instance.renkei("restore", str(evil), "--force", check=False)
    assert done.returncode != 0 and "unsafe entry" in done.stderr
    assert not (tmp_path.parent / "outside.txt").exists()
    assert instance.sql("SELECT COUNT(*) FROM audit_auditevent") == before
