"""A journal of the ledger kept outside the database: one line per committed event (its number,
hash and object), appended to a file under ``$RENKEI_HOME`` when the event's transaction
commits.

It is what survives when the database is restored from an older backup: the restore reads it
to reserve every id and reference number the lost events had handed out, so none is issued
again (ADR 18). It is not the evidence — the signed checkpoints are — and a crash between the
commit and the append can leave out the last line, which the checkpoints still count as lost.
"""

from __future__ import annotations

import json
import os
from pathlib import Path
from typing import Any

from django.conf import settings
from django.db import transaction


def journal_path() -> Path:
    return Path(settings.RENKEI_LEDGER_JOURNAL)


def journal_line(event: Any) -> str:
    return json.dumps(
        {
            "seq": event.seq,
            "hash": event.hash,
            "type": event.object_type,
            "id": event.object_id,
            "repr": event.object_repr,
            "action": event.action,
        },
        ensure_ascii=False,
    )


def _append(line: str) -> None:
    path = journal_path()
    path.parent.mkdir(parents=True, exist_ok=True)
    # O_APPEND: each line lands whole at the end, whichever worker process writes it.
    descriptor = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_APPEND, 0o600)
    try:
        os.write(descriptor, (line + "\n").encode("utf-8"))
    finally:
        os.close(descriptor)


def journal_append_on_commit(event: Any) -> None:
    line = journal_line(event)
    transaction.on_commit(lambda: _append(line))


def journal_read(path: Path | None = None) -> list[dict]:
    path = path or journal_path()
    if not path.exists():
        return []
    lines = []
    for raw in path.read_text(encoding="utf-8").splitlines():
        try:
            lines.append(json.loads(raw))
        except ValueError:
            continue  # a line cut short by a crash
    return lines


def journal_rotate(suffix: str) -> Path | None:
    """Set the journal aside (after a restore, the ledger forks: a new journal begins)."""
    path = journal_path()
    if not path.exists():
        return None
    kept = path.with_name(f"{path.stem}.{suffix}{path.suffix}")
    path.rename(kept)
    return kept
