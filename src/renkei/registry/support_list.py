"""Importing ISA's list of registered support organisations (登録支援機関一覧): xlsx, or csv in
UTF-8 (with or without BOM) or Shift_JIS; idempotent, with the difference to the last import."""

from __future__ import annotations

import csv
import dataclasses
import hashlib
import io
import re
import unicodedata
from dataclasses import dataclass
from datetime import date, datetime

from django.db import transaction
from django.utils.translation import gettext as _

from renkei.accounts.models import Role, Side, User
from renkei.agreements.scoping import agreement_get_for
from renkei.audit.services import audit_append
from renkei.core.errors import ApplicationError
from renkei.exchange.services import notice_send
from renkei.registry.models import SupportOrganisation, SupportOrgListVersion
from renkei.registry.provisions import require_provision
from renkei.registry.rights import require_side_role
from renkei.registry.tasks import support_orgs_screen

MAX_BYTES = 20 * 1024 * 1024
MAX_ROWS = 200_000

COLUMNS: dict[str, tuple[str, ...]] = {
    "registration_number": ("登録番号", "registration number", "registration_number"),
    "registered_on": ("登録年月日", "登録日", "registration date", "registered_on"),
    "name": ("氏名又は名称", "名称", "name"),
    "postcode": ("郵便番号", "postcode"),
    "address": ("住所", "所在地", "address"),
    "phone": ("電話番号", "phone"),
    "representative": ("代表者の氏名", "代表者名", "代表者", "representative"),
    "office": ("支援を行う事務所の所在地", "支援事務所", "事務所", "office"),
    "support_start": (
        "支援業務開始予定年月日",
        "支援開始日",
        "support start date",
        "support_start",
    ),
    "languages": ("対応可能言語", "言語", "languages"),
    "remarks": ("備考", "remarks"),
}
REQUIRED = ("registration_number", "name")
FIELDS = tuple(COLUMNS)
REGISTRATION = re.compile(r"^\d{2}登-\d{6}$")
ERAS = {"令和": 2018, "平成": 1988}


@dataclass
class ImportReport:
    version: SupportOrgListVersion
    unchanged: bool


def _norm(value) -> str:
    if value is None:
        return ""
    if isinstance(value, datetime):
        return value.date().isoformat()
    if isinstance(value, date):
        return value.isoformat()
    return unicodedata.normalize("NFKC", str(value)).strip()


def parse_date(value: str) -> date | None:
    value = _norm(value)
    if not value:
        return None
    era = re.fullmatch(r"(令和|平成)(元|\d{1,2})年(\d{1,2})月(\d{1,2})日", value)
    if era:
        year = 1 if era.group(2) == "元" else int(era.group(2))
        return date(ERAS[era.group(1)] + year, int(era.group(3)), int(era.group(4)))
    match = re.fullmatch(r"(\d{4})[-/.年](\d{1,2})[-/.月](\d{1,2})日?", value)
    if match:
        return date(int(match.group(1)), int(match.group(2)), int(match.group(3)))
    raise ValueError(value)


def _rows_from_bytes(content: bytes, filename: str) -> list[list[str]]:
    if content[:4] == b"PK\x03\x04" or filename.lower().endswith(".xlsx"):
        from openpyxl import load_workbook

        try:
            workbook = load_workbook(io.BytesIO(content), read_only=True, data_only=False)
        except Exception as exc:  # openpyxl raises many kinds for a broken file
            raise ApplicationError(
                _("The spreadsheet cannot be read."), code="unreadable_file"
            ) from exc
        sheet = workbook.worksheets[0]
        return [[_norm(cell) for cell in row] for row in sheet.iter_rows(values_only=True)]
    for encoding in ("utf-8-sig", "cp932"):
        try:
            text = content.decode(encoding)
            break
        except UnicodeDecodeError:
            continue
    else:
        raise ApplicationError(
            _("The file is neither UTF-8 nor Shift_JIS text."), code="unreadable_file"
        )
    return [[_norm(cell) for cell in row] for row in csv.reader(io.StringIO(text))]


def _header(rows: list[list[str]]) -> tuple[int, dict[str, int]]:
    wanted = {alias.casefold(): field for field, aliases in COLUMNS.items() for alias in aliases}
    for index, row in enumerate(rows[:15]):
        mapping = {}
        for position, cell in enumerate(row):
            field = wanted.get(cell.casefold())
            if field and field not in mapping:
                mapping[field] = position
        if "registration_number" in mapping:
            missing = [f for f in REQUIRED if f not in mapping]
            if missing:
                raise ApplicationError(
                    _("Columns missing: %(columns)s.")
                    % {"columns": ", ".join(COLUMNS[f][0] for f in missing)},
                    code="missing_columns",
                    details={"missing": missing},
                )
            return index, mapping
    raise ApplicationError(
        _("No header row with a registration number column (登録番号) was found."),
        code="missing_columns",
    )


def _as_of_in(rows: list[list[str]]) -> date | None:
    for row in rows[:10]:
        for cell in row:
            match = re.search(
                r"((?:令和|平成)(?:元|\d{1,2})年\d{1,2}月\d{1,2}日|\d{4}[-/.年]\d{1,2}[-/.月]\d{1,2}日?)\s*(?:現在|時点)",
                cell,
            )
            if match:
                return parse_date(match.group(1))
    return None


def _registration(value: str) -> str:
    return re.sub(r"[‐‑‒–—―ー－]", "-", value.replace(" ", ""))


def _parse(content: bytes, filename: str) -> tuple[list[dict], date | None]:
    rows = _rows_from_bytes(content, filename)
    header_index, mapping = _header(rows)
    records, errors, seen = [], [], {}
    for line, row in enumerate(rows[header_index + 1 :], start=header_index + 2):
        if not any(row):
            continue
        record = {f: (row[i] if i < len(row) else "") for f, i in mapping.items()}
        record["registration_number"] = _registration(record["registration_number"])
        number = record["registration_number"]
        if not REGISTRATION.match(number):
            errors.append({"row": line, "error": "registration_number", "value": number[:40]})
            continue
        if number in seen:
            errors.append(
                {"row": line, "error": "duplicate", "value": number, "first_row": seen[number]}
            )
            continue
        seen[number] = line
        for field in ("registered_on", "support_start"):
            try:
                record[field] = parse_date(record.get(field, ""))
            except ValueError:
                errors.append({"row": line, "error": field, "value": str(record.get(field))[:40]})
        if not record.get("name"):
            errors.append({"row": line, "error": "name", "value": ""})
        records.append(record)
        if len(records) > MAX_ROWS:
            raise ApplicationError(_("The list has too many rows."), code="too_many_rows")
    if errors:
        duplicates = [e for e in errors if e["error"] == "duplicate"]
        raise ApplicationError(
            _("Duplicate registration numbers in the file.")
            if duplicates
            else _("Some rows are not valid; nothing was imported."),
            code="duplicate_registration" if duplicates else "invalid_rows",
            details={"errors": errors[:100], "count": len(errors)},
        )
    return records, _as_of_in(rows)


def _digest(record: dict) -> str:
    canonical = "\x1f".join(str(record.get(f) or "") for f in FIELDS)
    return hashlib.sha256(canonical.encode()).hexdigest()


@dataclass
class _ListDiff:
    """What an imported list changes: numbers added, changed and no longer listed, and the rows
    to create and to update."""

    added: list[str] = dataclasses.field(default_factory=list)
    changed: list[str] = dataclasses.field(default_factory=list)
    removed: list[str] = dataclasses.field(default_factory=list)
    new_rows: list[SupportOrganisation] = dataclasses.field(default_factory=list)
    updated_rows: list[SupportOrganisation] = dataclasses.field(default_factory=list)


def _diff(records: list[dict]) -> _ListDiff:
    diff = _ListDiff()
    existing = {o.registration_number: o for o in SupportOrganisation.objects.all()}
    for record in records:
        digest = _digest(record)
        values = {
            f: record.get(f) or ("" if f not in ("registered_on", "support_start") else None)
            for f in FIELDS
        }
        current = existing.get(record["registration_number"])
        if current is None:
            diff.added.append(record["registration_number"])
            diff.new_rows.append(SupportOrganisation(**values, row_digest=digest))
        elif current.row_digest != digest or not current.on_list:
            diff.changed.append(record["registration_number"])
            for name, value in values.items():
                setattr(current, name, value)
            current.row_digest = digest
            current.on_list = True
            diff.updated_rows.append(current)
    listed = {r["registration_number"] for r in records}
    diff.removed = sorted(n for n, o in existing.items() if o.on_list and n not in listed)
    return diff


def support_orgs_import(
    *, actor: User | None, content: bytes, filename: str, as_of: date | None = None
) -> ImportReport:
    if actor is not None:
        require_side_role(actor, Side.JP, (Role.CONTACT_POINT_OFFICER, Role.OFFICER))
    if len(content) > MAX_BYTES:
        raise ApplicationError(
            _("The file is larger than %(mb)s MB.") % {"mb": MAX_BYTES // (1024 * 1024)},
            code="file_too_large",
        )
    records, found_as_of = _parse(content, filename)
    as_of = as_of or found_as_of
    if as_of is None:
        raise ApplicationError(_("Give the list's as-of date."), code="missing_as_of")
    file_sha = hashlib.sha256(content).hexdigest()
    diff = _diff(records)
    added, changed, removed = diff.added, diff.changed, diff.removed
    latest = SupportOrgListVersion.objects.first()
    if not (added or changed or removed) and latest is not None and latest.as_of == as_of:
        return ImportReport(latest, unchanged=True)
    with transaction.atomic():
        SupportOrganisation.objects.bulk_create(diff.new_rows, batch_size=2000)
        SupportOrganisation.objects.bulk_update(
            diff.updated_rows, [*FIELDS, "row_digest", "on_list"], batch_size=2000
        )
        SupportOrganisation.objects.filter(registration_number__in=removed).update(on_list=False)
        version = SupportOrgListVersion.objects.create(
            as_of=as_of,
            file_sha256=file_sha,
            rows=len(records),
            added=added,
            changed=changed,
            removed=removed,
            imported_by=actor,
        )
        if added or changed:
            numbers = added + changed
            transaction.on_commit(lambda: support_orgs_screen.enqueue(numbers))
        audit_append(
            actor=actor,
            action="support_list.imported",
            target=version,
            after={
                "as_of": as_of.isoformat(),
                "rows": len(records),
                "added": len(added),
                "changed": len(changed),
                "removed": len(removed),
                "sha256": file_sha,
            },
        )
    return ImportReport(version, unchanged=False)


def support_org_list_share(
    *, actor: User, version: SupportOrgListVersion, agreement_code: str
) -> None:
    """Japan shares a version with a partner (§6(3); KH §6(4)): a notice carrying the diff."""
    agreement = agreement_get_for(actor, agreement_code)
    require_provision(agreement, "support_org_list_sharing")
    require_side_role(actor, Side.JP, (Role.CONTACT_POINT_OFFICER,))
    lines = [
        f"登録支援機関一覧 / Registered support organisations, {version.as_of.isoformat()}: {version.rows}",
        f"追加 added: {len(version.added)}; 変更 changed: {len(version.changed)}; 削除 removed: {len(version.removed)}",
    ]
    for label, numbers in (("+", version.added), ("~", version.changed), ("-", version.removed)):
        lines += [f"{label} {n}" for n in numbers[:2000]]
    with transaction.atomic():
        notice_send(
            actor=actor,
            agreement=agreement,
            notice_kind="support_org_list",
            subject=f"登録支援機関一覧 / Support organisation list {version.as_of}",
            body="\n".join(lines),
        )
        audit_append(
            actor=actor, action="support_list.shared", target=version, agreement_code=agreement.code
        )
