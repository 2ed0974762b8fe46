"""Public registers: no log-in, only what a publisher released, only the public fields."""

from datetime import date

from django.http import Http404
from django.shortcuts import render
from django.utils import timezone

from renkei.agreements.selectors import agreement_get_public
from renkei.core.errors import NotFound
from renkei.core.pages import MAX_LISTED_PAGE, page_number
from renkei.publication.exports import export
from renkei.registry import selectors
from renkei.registry.services import NotProvided

FORMATS = ("csv", "json", "xlsx")
PUBLIC_ORG_COLUMNS = [
    "licence_number",
    "name_original",
    "name_latin",
    "name_ja",
    "address",
    "status",
    "accredited_on",
    "valid_until",
    "revoked_on",
]


def _on(request) -> date:
    raw = request.GET.get("on", "")
    try:
        return date.fromisoformat(raw) if raw else timezone.localdate()
    except ValueError:
        return timezone.localdate()


def _not_provided(request, code: str, register: str):
    agreement = agreement_get_public(code=code)
    return render(
        request,
        "publication/not_provided.html",
        {"agreement": agreement, "register": register},
        status=404,
    )


def _public_row(row) -> dict:
    o = row.organisation
    return {
        "licence_number": o.licence_number,
        "name_original": o.name_original,
        "name_latin": o.name_latin,
        "name_ja": o.name_ja,
        "address": o.address,
        "status": row.status.status,
        "accredited_on": row.accredited_on,
        "valid_until": row.status.valid_until,
        "revoked_on": row.revoked_on,
    }


def sending_organisations(request, code: str, which: str = "accredited"):
    on = _on(request)
    q = request.GET.get("q", "")
    fmt = request.GET.get("format", "")
    page = page_number(request, limit=MAX_LISTED_PAGE)
    try:
        register = selectors.public_register(
            code, on, q, which=which, page=page, per_page=None if fmt in FORMATS else 50
        )
    except NotProvided:
        return _not_provided(request, code, "sending_organisations")
    except NotFound as exc:
        raise Http404 from exc
    agreement, rows = register.agreement, register.rows
    if fmt in FORMATS:
        columns = PUBLIC_ORG_COLUMNS + (["revocation_reason"] if which == "revocations" else [])
        data = [{**_public_row(r), "revocation_reason": r.revocation_reason} for r in rows]
        return export(
            data,
            columns,
            fmt,
            f"{agreement.code.lower()}-{'accredited' if which == 'accredited' else 'revocations'}",
            on,
        )
    return render(
        request,
        "publication/sending_organisations.html",
        {
            "agreement": agreement,
            "rows": rows[:500],
            "count": len(rows),
            "on": on,
            "q": q,
            "which": which,
        },
    )


def revocations(request, code: str):
    return sending_organisations(request, code, which="revocations")


def improvement_orders(request, code: str):
    try:
        agreement, orders = selectors.public_improvement_orders(code)
    except NotProvided:
        return _not_provided(request, code, "improvement_orders")
    except NotFound as exc:
        raise Http404 from exc
    on = timezone.localdate()
    fmt = request.GET.get("format", "")
    if fmt in FORMATS:
        data = [
            {
                "issued_on": o.issued_on,
                "target": str(o.target),
                "target_kind": o.target_kind,
                "legal_basis": o.legal_basis,
            }
            for o in orders
        ]
        return export(
            data,
            ["issued_on", "target_kind", "target", "legal_basis"],
            fmt,
            f"{agreement.code.lower()}-improvement-orders",
            on,
        )
    return render(
        request,
        "publication/improvement_orders.html",
        {"agreement": agreement, "orders": orders, "on": on},
    )


def support_organisations(request, code: str):
    q = request.GET.get("q", "")
    try:
        agreement, version, organisations = selectors.public_support_orgs(code, q)
    except NotProvided:
        return _not_provided(request, code, "support_organisations")
    except NotFound as exc:
        raise Http404 from exc
    fmt = request.GET.get("format", "")
    as_of = version.as_of if version else timezone.localdate()
    columns = [
        "registration_number",
        "registered_on",
        "expires_on",
        "name",
        "postcode",
        "address",
        "phone",
        "languages",
    ]
    if fmt in FORMATS:
        data = [{c: getattr(o, c) for c in columns} for o in organisations]
        return export(data, columns, fmt, f"{agreement.code.lower()}-support-organisations", as_of)
    return render(
        request,
        "publication/support_organisations.html",
        {
            "agreement": agreement,
            "version": version,
            "organisations": organisations[:500],
            "count": organisations.count(),
            "q": q,
        },
    )


def suspensions(request):
    return render(
        request, "publication/suspensions.html", {"suspensions": selectors.public_suspensions()}
    )
