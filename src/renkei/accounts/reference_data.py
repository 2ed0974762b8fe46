import tomllib
from pathlib import Path

from renkei.accounts.models import MinistryUnit, Side, UnitKind
from renkei.accounts.services import unit_upsert

UNITS_FILE = Path(__file__).resolve().parent / "data" / "units.toml"


def units_load(*, actor=None) -> list[MinistryUnit]:
    """The Japanese-side and operator units from ``data/units.toml``; idempotent."""
    document = tomllib.loads(UNITS_FILE.read_text(encoding="utf-8"))
    units = []
    for row in document["units"]:
        country = "JP" if row["side"] == Side.JP else "ZZ"
        units.append(unit_upsert(actor=actor, country_code=country, **row))
    return units


def partner_units_sync(
    *,
    actor=None,
    code: str,
    country_ja: str,
    country_en: str,
    contact_point_ja: str,
    contact_point_en: str,
    time_zone: str = "Asia/Tokyo",
) -> list[MinistryUnit]:
    """A partner's contact-point office and its embassy in Japan, named from its agreement."""
    lower = code.lower()
    return [
        unit_upsert(
            actor=actor,
            code=f"{lower}-contact",
            name_ja=contact_point_ja,
            name_en=contact_point_en,
            side=Side.PARTNER,
            kind=UnitKind.CONTACT_POINT,
            country_code=code,
            time_zone=time_zone,
        ),
        unit_upsert(
            actor=actor,
            code=f"{lower}-embassy",
            name_ja=f"在日本{country_ja}大使館",
            name_en=f"Embassy of the {country_en} in Japan",
            side=Side.PARTNER,
            kind=UnitKind.EMBASSY,
            country_code=code,
        ),
    ]
