"""Reading and checking the MOC data files (``data/<CODE>.toml``) before anything is written."""

from __future__ import annotations

import hashlib
import json
import tomllib
from datetime import date
from pathlib import Path
from typing import Any
from zoneinfo import available_timezones

from django.utils import translation

from renkei.accounts.models import PARTY_SIDES
from renkei.agreements.provisions import BY_KEY, ParameterInvalid
from renkei.core.languages import LANGUAGE_CODES

DATA_DIR = Path(__file__).resolve().parent / "data"


class DataFileError(ValueError):
    pass


def data_file_paths(directory: Path = DATA_DIR) -> list[Path]:
    return sorted(directory.glob("*.toml"))


def read_data_file(path: Path) -> tuple[dict[str, Any], str]:
    """The parsed, checked document and its digest."""
    raw = path.read_bytes()
    try:
        document = tomllib.loads(raw.decode("utf-8"))
    except (UnicodeDecodeError, tomllib.TOMLDecodeError) as exc:
        raise DataFileError(f"{path.name}: {exc}") from exc
    _check(document, path.name)
    return document, hashlib.sha256(raw).hexdigest()


def _check(doc: dict[str, Any], name: str) -> None:
    def fail(message: str) -> None:
        raise DataFileError(f"{name}: {message}")

    code = doc.get("code", "")
    if not (isinstance(code, str) and len(code) == 2 and code.isalpha() and code.isupper()):
        fail("code must be an ISO 3166 alpha-2 code")
    if name != f"{code}.toml":
        fail("the file must be named after its code")
    if doc.get("time_zone") not in available_timezones():
        fail("time_zone must be an IANA time zone, e.g. Asia/Vientiane")
    if doc.get("working_language", "en") not in LANGUAGE_CODES:
        fail(f"working_language must be one of {', '.join(LANGUAGE_CODES)}")
    for field in ("country_ja", "country_en", "partner_ministry_ja", "partner_ministry_en"):
        if not doc.get(field):
            fail(f"{field} is missing")
    if doc.get("status") not in {"signed", "in_force", "terminated"}:
        fail("status must be signed, in_force or terminated")
    for side in PARTY_SIDES:
        point = doc.get("contact_points", {}).get(side, {})
        if not (point.get("name_ja") and point.get("name_en")):
            fail(f"contact_points.{side} needs name_ja and name_en")
    signatures = doc.get("signatures", [])
    if not 1 <= len(signatures) <= 2:
        fail("an MOC has one or two signatures")
    for signature in signatures:
        if not isinstance(signature.get("signed_on"), date):
            fail("signed_on must be a date")
    seen: set[str] = set()
    for provision in doc.get("provisions", []):
        key = provision.get("key")
        if key not in BY_KEY:
            fail(f"unknown provision key {key!r}")
        if key in seen:
            fail(f"provision {key} appears twice")
        seen.add(key)
        if not provision.get("clause", "").startswith("§") or not provision.get("text", "").strip():
            fail(f"provision {key} needs a clause (§…) and its text")
        if not provision.get("text_en", "").strip():
            fail(f"provision {key} needs text_en, the English rendering of its text")
        try:
            with translation.override(None):  # the data's errors are for its maintainers
                BY_KEY[key].parameters_clean(provision.get("parameters", {}))
        except ParameterInvalid as exc:
            fail(f"provision {key}: {exc}")
    for required in ("confidentiality", "information_sharing", "commencement"):
        if required not in seen:
            fail(f"every MOC has {required}")


def canonical(doc: dict[str, Any]) -> str:
    return json.dumps(doc, sort_keys=True, ensure_ascii=False, default=str)
