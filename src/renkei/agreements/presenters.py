"""Shaping agreements into plain data, shared by the API and `renkei agreements show --json`."""

from typing import Any

from renkei.agreements.models import Agreement, Provision
from renkei.agreements.provisions import BY_KEY
from renkei.agreements.selectors import sorted_provisions


def _bilingual(ja: str, en: str) -> dict[str, str]:
    return {"ja": ja, "en": en}


def agreement_summary(agreement: Agreement) -> dict[str, Any]:
    return {
        "code": agreement.code,
        "country": _bilingual(agreement.country_ja, agreement.country_en),
        "partner_ministry": _bilingual(
            agreement.partner_ministry_ja, agreement.partner_ministry_en
        ),
        "partner_ministry_abbr": agreement.partner_ministry_abbr,
        "status": agreement.status,
        "status_label": str(agreement.get_status_display()),
        "commenced_on": agreement.commenced_on,
        "end_date": agreement.end_date,
    }


def contact_points(agreement: Agreement) -> list[dict[str, Any]]:
    return [
        {
            "side": "jp",
            "name": _bilingual(agreement.jp_contact_point_ja, agreement.jp_contact_point_en),
        },
        {
            "side": "partner",
            "name": _bilingual(
                agreement.partner_contact_point_ja, agreement.partner_contact_point_en
            ),
        },
    ]


def provision_data(provision: Provision) -> dict[str, Any]:
    data = {
        "key": provision.key,
        "title": str(BY_KEY[provision.key].title),
        "clause": provision.clause,
        "text": provision.text,
        "note": _bilingual(provision.note_ja, provision.note_en) if provision.note_en else None,
        "parameters": provision.parameters,
    }
    data.update(provision.parameters)
    return data


def agreement_detail(agreement: Agreement) -> dict[str, Any]:
    return {
        **agreement_summary(agreement),
        "signatures": [
            {"signed_on": s.signed_on, "place": _bilingual(s.place_ja, s.place_en)}
            for s in agreement.signatures.all()
        ],
        "contact_points": contact_points(agreement),
        "provisions": [provision_data(p) for p in sorted_provisions(agreement)],
    }
