"""Turning the compose page's fields into the details the service validates. The rules live in
`details.py` and `services.py`; this only reshapes form input."""

from __future__ import annotations

from django.http import QueryDict

from renkei.exchange.models import ExchangeType

INTERMEDIARY_ROWS = 3


def _lines(value: str) -> list[str]:
    return [line.strip() for line in (value or "").splitlines() if line.strip()]


def _or_none(value: str):
    value = (value or "").strip()
    return value or None


def details_from_post(exchange_type: str, post: QueryDict) -> dict:
    if exchange_type == ExchangeType.MISCONDUCT_REPORT:
        intermediaries = []
        for i in range(INTERMEDIARY_ROWS):
            names = _lines(post.get(f"int{i}_names", ""))
            if not names:
                continue
            intermediaries.append(
                {
                    "kind": post.get(f"int{i}_kind", ""),
                    "country": post.get(f"int{i}_country", "").strip().upper(),
                    "names": names,
                    "identifiers": _lines(post.get(f"int{i}_identifiers", "")),
                }
            )
        details = {
            "intermediaries": intermediaries,
            "categories": post.getlist("categories"),
            "period_from": _or_none(post.get("period_from")),
            "period_to": _or_none(post.get("period_to")),
            "workers_affected": _or_none(post.get("workers_affected")),
        }
        if _or_none(post.get("amount")):
            details["amounts"] = [
                {
                    "amount": post.get("amount").strip(),
                    "currency": post.get("currency", "").strip().upper(),
                }
            ]
        return details
    if exchange_type == ExchangeType.EXAM_FRAUD_REPORT:
        return {
            "kind": post.get("fraud_kind", ""),
            "exam": post.get("exam", ""),
            "exam_name": post.get("exam_name", "").strip(),
            "exam_date": _or_none(post.get("exam_date")),
            "exam_place": post.get("exam_place", "").strip(),
            "persons": [{"name": name} for name in _lines(post.get("persons", ""))],
        }
    if exchange_type == ExchangeType.REFERRAL:
        return {
            "sending_organisation_name": post.get("sending_organisation_name", ""),
            "licence_number": post.get("licence_number", "").strip(),
        }
    if exchange_type == ExchangeType.RETURN_REQUEST:
        level = (post.get("ssw_level") or "").strip()
        return {
            "person_name": post.get("person_name", ""),
            "nationality": post.get("nationality", "").strip().upper(),
            "date_of_birth": _or_none(post.get("date_of_birth")),
            "passport_status": post.get("passport_status", ""),
            "passport_number": post.get("passport_number", "").strip(),
            "ssw_level": int(level) if level.isdigit() else level,
            "dependant": post.get("dependant") == "1",
            "needed_by": _or_none(post.get("needed_by")),
        }
    if exchange_type == ExchangeType.NOTICE:
        return {"notice_kind": post.get("notice_kind", "").strip() or "general"}
    return {}


def accuracy_from_post(post: QueryDict) -> int | None:
    value = (post.get("information_accuracy") or "").strip()
    return int(value) if value.isdigit() else None
