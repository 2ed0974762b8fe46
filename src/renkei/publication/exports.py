"""Register downloads: CSV, JSON and XLSX, each with its as-of date (in the file name; in the
JSON document; on the XLSX sheet's first row). Cells that a spreadsheet would run as a formula
are neutralised."""

from __future__ import annotations

import csv
import io
import json
from datetime import date

from django.http import HttpResponse

FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def safe_cell(value) -> str:
    text = "" if value is None else str(value)
    return "'" + text if text.startswith(FORMULA_START) else text


def export(rows: list[dict], columns: list[str], fmt: str, name: str, as_of: date) -> HttpResponse:
    filename = f"{name}-{as_of.isoformat()}"
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
    sheet = workbook.create_sheet(name[:31])
    sheet.append(["as_of", as_of.isoformat()])
    sheet.append(columns)
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
