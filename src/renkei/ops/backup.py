"""`renkei backup FILE` and `renkei restore FILE` (ADR 18).

A backup is one tar.gz file holding:

- ``manifest.json``: format, time, database kind, the ledger's size and last hash, and the
  SHA-256 of every other member;
- ``database.sqlite3`` (SQLite's online backup API, consistent while the server runs) or
  ``database.pgdump`` (``pg_dump --format=custom``);
- ``media/…``: the attachments;
- ``checkpoint.txt``: a checkpoint signed at the moment of the backup.

The ledger's signing key is not in it: whoever holds a backup must not be able to sign for the
ledger. Keep ``$RENKEI_HOME/ledger-keys`` safe on its own.

A restore refuses a database that holds data unless forced, puts back the database and the
attachments, migrates, reserves every id and reference number that the journal shows the lost
events had handed out, and records a ``ledger.restored`` event saying what was restored from
when and how many events the newest checkpoint it knows says were lost.
"""

from __future__ import annotations

import glob
import hashlib
import io
import json
import os
import shutil
import subprocess
import tarfile
import tempfile
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

from django.apps import apps
from django.conf import settings
from django.core.management import call_command
from django.db import connection, connections, transaction
from django.db.models import Max

FORMAT = "renkei-backup/1"


class BackupError(Exception):
    """A backup or restore that cannot be done, said in words an operator can act on."""


def _sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        for block in iter(lambda: handle.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def _vendor() -> str:
    return connection.vendor  # "sqlite" or "postgresql"


def _pg_tool(name: str) -> str:
    found = shutil.which(name) or next(
        iter(sorted(glob.glob(f"/usr/lib/postgresql/*/bin/{name}"), reverse=True)), None
    )
    if found is None:
        raise BackupError(f"{name} is not installed (Debian: postgresql-client)")
    return found


def _pg_url() -> str:
    db = settings.DATABASES["default"]
    user = db.get("USER") or ""
    password = f":{db['PASSWORD']}" if db.get("PASSWORD") else ""
    at = f"{user}{password}@" if user else ""
    port = f":{db['PORT']}" if db.get("PORT") else ""
    return f"postgresql://{at}{db.get('HOST') or 'localhost'}{port}/{db['NAME']}"


def _database_dump(directory: Path) -> Path:
    if _vendor() == "sqlite":
        import sqlite3

        target = directory / "database.sqlite3"
        source = sqlite3.connect(settings.DATABASES["default"]["NAME"])
        copy = sqlite3.connect(target)
        try:
            source.backup(copy)  # a consistent copy while writers go on
        finally:
            copy.close()
            source.close()
        return target
    target = directory / "database.pgdump"
    done = subprocess.run(  # noqa: S603 - our tool, our arguments
        [_pg_tool("pg_dump"), "--format=custom", "--no-owner", "--file", str(target), _pg_url()],
        capture_output=True,
        text=True,
    )
    if done.returncode != 0:
        raise BackupError(f"pg_dump failed: {done.stderr.strip()}")
    return target


@dataclass(frozen=True)
class BackupReport:
    path: Path
    ledger_size: int
    attachments: int


def backup_write(path: Path) -> BackupReport:
    from renkei.audit.ledger import checkpoint_create, ledger_size
    from renkei.audit.models import AuditEvent

    checkpoint = checkpoint_create()  # the state the backup attests, signed now
    size = ledger_size()
    last = AuditEvent.objects.filter(seq=size).values_list("hash", flat=True).first() or ""
    media = Path(settings.MEDIA_ROOT)
    with tempfile.TemporaryDirectory(prefix="renkei-backup-") as scratch:
        scratch_path = Path(scratch)
        dump = _database_dump(scratch_path)
        (scratch_path / "checkpoint.txt").write_text(checkpoint.text, encoding="utf-8")
        files = {
            dump.name: _sha256(dump),
            "checkpoint.txt": _sha256(scratch_path / "checkpoint.txt"),
        }
        attachments = [p for p in media.rglob("*") if p.is_file()] if media.exists() else []
        for item in attachments:
            files[f"media/{item.relative_to(media).as_posix()}"] = _sha256(item)
        manifest = {
            "format": FORMAT,
            "created_at": datetime.now(UTC).isoformat(),
            "database": _vendor(),
            "ledger_size": size,
            "ledger_last_hash": last,
            "checkpoint_size": checkpoint.size,
            "files": files,
        }
        partial = path.with_name(path.name + ".partial")
        with tarfile.open(partial, "w:gz") as archive:
            data = json.dumps(manifest, indent=2).encode()
            info = tarfile.TarInfo("manifest.json")
            info.size = len(data)
            archive.addfile(info, io.BytesIO(data))
            archive.add(dump, arcname=dump.name)
            archive.add(scratch_path / "checkpoint.txt", arcname="checkpoint.txt")
            for item in attachments:
                archive.add(item, arcname=f"media/{item.relative_to(media).as_posix()}")
        os.replace(partial, path)  # a half-written backup never carries the final name
    return BackupReport(path, size, len(attachments))


# ---------------------------------------------------------------- restore


def _holds_data() -> bool:
    tables = set(connection.introspection.table_names())
    with connection.cursor() as cursor:
        for table in ("audit_auditevent", "accounts_user", "exchange_exchange"):
            if table in tables:
                cursor.execute(f"SELECT 1 FROM {table} LIMIT 1")  # noqa: S608 - fixed names
                if cursor.fetchone():
                    return True
    return False


def _safe_members(archive: tarfile.TarFile) -> dict[str, tarfile.TarInfo]:
    members = {}
    for member in archive.getmembers():
        name = member.name
        if not member.isfile() or name.startswith("/") or ".." in Path(name).parts:
            raise BackupError(f"the backup holds an unsafe entry: {name!r}")
        members[name] = member
    return members


def _read_backup(path: Path, scratch: Path) -> dict:
    try:
        archive = tarfile.open(path, "r:gz")  # noqa: SIM115 - closed by the with below
    except (OSError, tarfile.TarError) as error:
        raise BackupError(f"{path} is not a renkei backup: {error}") from error
    with archive:
        members = _safe_members(archive)
        if "manifest.json" not in members:
            raise BackupError(f"{path} has no manifest: not a renkei backup")
        manifest = json.loads(archive.extractfile(members["manifest.json"]).read())
        if manifest.get("format") != FORMAT:
            raise BackupError(f"{path} is not a {FORMAT} file")
        for name, digest in manifest["files"].items():
            if name not in members:
                raise BackupError(f"the backup lacks {name}")
            # Written by hand from checked names (regular files, no absolute or ".." paths):
            # the tarfile filters are not in every Python 3.11.
            destination = scratch / name
            destination.parent.mkdir(parents=True, exist_ok=True)
            with archive.extractfile(members[name]) as source, destination.open("wb") as out:
                shutil.copyfileobj(source, out)
            if _sha256(scratch / name) != digest:
                raise BackupError(f"{name} in the backup does not match its checksum")
    return manifest


def _database_restore(manifest: dict, scratch: Path) -> None:
    if manifest["database"] != _vendor():
        raise BackupError(
            f"the backup is of a {manifest['database']} database; this one is {_vendor()}"
        )
    connections.close_all()
    if _vendor() == "sqlite":
        target = Path(settings.DATABASES["default"]["NAME"])
        for stale in (Path(f"{target}-wal"), Path(f"{target}-shm")):
            stale.unlink(missing_ok=True)  # an old write-ahead log must not replay over it
        staged = target.with_name(target.name + ".restoring")
        shutil.copyfile(scratch / "database.sqlite3", staged)
        os.replace(staged, target)
        return
    done = subprocess.run(  # noqa: S603 - our tool, our arguments
        [
            _pg_tool("pg_restore"),
            "--clean",
            "--if-exists",
            "--no-owner",
            "--no-privileges",
            "--single-transaction",
            "--exit-on-error",
            "--dbname",
            _pg_url(),
            str(scratch / "database.pgdump"),
        ],
        capture_output=True,
        text=True,
    )
    if done.returncode != 0:
        raise BackupError(f"pg_restore failed: {done.stderr.strip()[-2000:]}")


def _media_restore(scratch: Path) -> int:
    source = scratch / "media"
    if not source.exists():
        return 0
    target = Path(settings.MEDIA_ROOT)
    count = 0
    for item in source.rglob("*"):
        if item.is_file():
            destination = target / item.relative_to(source)
            destination.parent.mkdir(parents=True, exist_ok=True)
            shutil.copyfile(item, destination)  # files written since stay: evidence is kept
            count += 1
    return count


def _newest_known_checkpoint() -> tuple[int, str] | None:
    """The newest checkpoint in the checkpoint files, which live outside the database."""
    from renkei.audit.checkpoints import CheckpointError, checkpoint_parse

    best = None
    for path in Path(settings.RENKEI_CHECKPOINTS).glob("checkpoint-*.txt"):
        try:
            parsed = checkpoint_parse(path.read_text(encoding="utf-8"))
        except (CheckpointError, OSError, UnicodeDecodeError):
            continue
        if best is None or parsed.size > best[0]:
            best = (parsed.size, path.name)
    return best


def _reserve_lost(lost: list[dict]) -> tuple[dict[str, int], list[str]]:
    """Ids and exchange references the lost events handed out: never to be issued again."""
    from renkei.audit.models import ReservedReference

    highest: dict[str, int] = {}
    models_by_table = {}
    references: list[str] = []
    for line in lost:
        try:
            model = apps.get_model(line["type"])
        except (LookupError, ValueError):
            continue
        if str(line.get("id", "")).isdigit():
            table = model._meta.db_table
            models_by_table[table] = model
            highest[table] = max(highest.get(table, 0), int(line["id"]))
        if line["type"] == "exchange.exchange" and line.get("repr"):
            references.append(line["repr"])
    with connection.cursor() as cursor:
        for table, top in highest.items():
            if connection.vendor == "postgresql":
                stored = models_by_table[table]._default_manager.aggregate(top=Max("id"))["top"]
                cursor.execute(
                    "SELECT setval(pg_get_serial_sequence(%s, 'id'), %s)",
                    [table, max(top, stored or 1)],
                )
            else:
                cursor.execute("SELECT seq FROM sqlite_sequence WHERE name = %s", [table])
                row = cursor.fetchone()
                if row is None:
                    cursor.execute(
                        "INSERT INTO sqlite_sequence (name, seq) VALUES (%s, %s)", [table, top]
                    )
                elif row[0] < top:
                    cursor.execute(
                        "UPDATE sqlite_sequence SET seq = %s WHERE name = %s", [top, table]
                    )
    for reference in sorted(set(references)):
        ReservedReference.objects.get_or_create(
            reference=reference[:30], defaults={"reason": "issued before a restore lost it"}
        )
    return highest, sorted(set(references))


@dataclass(frozen=True)
class RestoreReport:
    restored_size: int
    known_size: int | None
    lost: int | None
    attachments: int
    reserved_ids: dict[str, int]
    reserved_references: list[str]


def restore(path: Path, *, force: bool = False) -> RestoreReport:
    from renkei.audit.journal import journal_read, journal_rotate
    from renkei.audit.ledger import RESTORED_ACTION
    from renkei.audit.services import audit_append

    if not force and _holds_data():
        raise BackupError(
            "the database holds data: restoring would replace it. Stop the server and workers, "
            "and give --force if that is what you mean."
        )
    # What the running instance knew before the database goes back in time.
    known = _newest_known_checkpoint()
    journal = journal_read()
    with tempfile.TemporaryDirectory(prefix="renkei-restore-") as scratch:
        scratch_path = Path(scratch)
        manifest = _read_backup(path, scratch_path)
        _database_restore(manifest, scratch_path)
        attachments = _media_restore(scratch_path)
    call_command("migrate", interactive=False, verbosity=0)
    kept = int(manifest["ledger_size"])
    lost_lines = [line for line in journal if int(line.get("seq", 0)) > kept]
    known_size = known[0] if known else None
    if lost_lines:
        known_size = max(known_size or 0, max(int(line["seq"]) for line in lost_lines))
    lost = max(known_size - kept, 0) if known_size is not None else None
    # The ledger forks here: the old journal is set aside, the restore's event begins a new one.
    journal_rotate(datetime.now(UTC).strftime("%Y%m%dT%H%M%S"))
    with transaction.atomic():
        reserved_ids, references = _reserve_lost(lost_lines)
        audit_append(
            actor=None,
            action=RESTORED_ACTION,
            object_type="ledger",
            object_id=str(kept),
            object_repr=f"restored from {path.name}",
            after={
                "restored_size": kept,
                "backup_created_at": manifest["created_at"],
                "backup_file": path.name,
                "backup_sha256": _sha256(path),
                "newest_checkpoint_known": known_size,
                "events_lost": lost,
                "ids_reserved": reserved_ids,
                "references_reserved": references,
            },
        )
    return RestoreReport(kept, known_size, lost, attachments, reserved_ids, references)
