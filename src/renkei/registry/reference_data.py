import tomllib
from pathlib import Path

from django.db import transaction

from renkei.audit.services import audit_append
from renkei.registry.models import Sector

SECTORS_FILE = Path(__file__).resolve().parent / "data" / "sectors.toml"


def sectors_load() -> int:
    """The SSW sectors from ``data/sectors.toml``; changes only what differs, and records it."""
    rows = tomllib.loads(SECTORS_FILE.read_text(encoding="utf-8"))["sectors"]
    changed = 0
    with transaction.atomic():
        for ordering, row in enumerate(rows, start=1):
            sector = Sector.objects.filter(code=row["code"]).first()
            values = {"name_ja": row["name_ja"], "name_en": row["name_en"], "ordering": ordering}
            if sector is not None and all(getattr(sector, k) == v for k, v in values.items()):
                continue
            sector, _ = Sector.objects.update_or_create(code=row["code"], defaults=values)
            audit_append(actor=None, action="sector.loaded", target=sector, after=values)
            changed += 1
    return changed
