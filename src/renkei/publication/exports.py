"""Register downloads: CSV, JSON and XLSX, each with its as-of date (in every file name; in the
JSON document; as the XLSX sheet's name). The CSV's first line is its stable machine column
names; the XLSX's is the columns named in the reader's language. Cells that a spreadsheet would
run as a formula are neutralised."""

from __future__ import annotations

import csv
import io
import json
from datetime import date

from django.http import HttpResponse
from django.utils.translation import gettext_lazy

FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def safe_cell(value) -> str:
    text = "" if value is None else str(value)
    return "'" + text if text.startswith(FORMULA_START) else text


# The spreadsheet's header row, in the reader's language: people open the XLSX; programs read
# the CSV and JSON, whose machine names stay stable whatever the language.
COLUMN_LABELS = {
    "licence_number": gettext_lazy("Licence number"),
    "name_original": gettext_lazy("Name (original)"),
    "name_latin": gettext_lazy("Name (Latin script)"),
    "name_ja": gettext_lazy("Name (Japanese)"),
    "address": gettext_lazy("Address"),
    "status": gettext_lazy("Status"),
    "accredited_on": gettext_lazy("Accredited on"),
    "valid_until": gettext_lazy("Valid until"),
    "revoked_on": gettext_lazy("Revoked on"),
    "revocation_reason": gettext_lazy("Reason for revocation"),
    "issued_on": gettext_lazy("Issued on"),
    "target_kind": gettext_lazy("Kind of organisation"),
    "target": gettext_lazy("Organisation"),
    "legal_basis": gettext_lazy("Legal basis"),
    "registration_number": gettext_lazy("Registration number"),
    "registered_on": gettext_lazy("Registered on"),
    "expires_on": gettext_lazy("Expires on"),
    "name": gettext_lazy("Name"),
    "postcode": gettext_lazy("Postcode"),
    "phone": gettext_lazy("Phone"),
    "languages": gettext_lazy("Languages"),
}


def export(rows: list[dict], columns: list[str], fmt: str, name: str, as_of: date) -> HttpResponse:
    filename = f"{name}-{as_of.isoformat()}"  # the as-of date, in every format's file name
    if fmt == "json":
        body = json.dumps(
            {"as_of": as_of.isoformat(), "count": len(rows), "items": rows},
            ensure_ascii=False,
            default=str,
            indent=1,
        )
        response = HttpResponse(body, content_type="application/json; charset=utf-8")
        response["Content-Disposition"] = f'attachment; filename="{filename}.json"'
        return response
    if fmt == "csv":
        buffer = io.StringIO()
        writer = csv.writer(buffer)
        # The column names on the first line, as every CSV reader expects; the as-of date is in
        # the file's name (and in the JSON), not on a line of its own.
        writer.writerow(columns)
        for row in rows:
            writer.writerow([safe_cell(row.get(c)) for c in columns])
        # BOM so that Excel in Japan opens UTF-8 correctly.
        response = HttpResponse(
            "\ufeff" + buffer.getvalue(), content_type="text/csv; charset=utf-8"
        )
        response["Content-Disposition"] = f'attachment; filename="{filename}.csv"'
        return response
    from openpyxl import Workbook

    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet(as_of.isoformat())
    sheet.append([str(COLUMN_LABELS.get(c, c)) for c in columns])
    for row in rows:
        sheet.append([safe_cell(row.get(c)) for c in columns])
    buffer = io.BytesIO()
    workbook.save(buffer)
    response = HttpResponse(
        buffer.getvalue(),
        content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    )
    response["Content-Disposition"] = f'attachment; filename="{filename}.xlsx"'
    return response
