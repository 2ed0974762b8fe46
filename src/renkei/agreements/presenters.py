"""Shaping agreements into plain data, shared by the API and `renkei agreements show --json`."""

from datetime import date
from typing import Any

from django.utils import timezone

from renkei.accounts.models import Side
from renkei.agreements.amendments import amendments_in_force
from renkei.agreements.models import Agreement, Amendment, Provision
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
            "side": Side.JP,
            "name": _bilingual(agreement.jp_contact_point_ja, agreement.jp_contact_point_en),
        },
        {
            "side": Side.PARTNER,
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
        "amendment": provision.amendment_number,
        "effective_on": provision.effective_on,
    }
    data.update(provision.parameters)
    return data


def amendment_data(amendment: Amendment) -> dict[str, Any]:
    return {
        "number": amendment.number,
        "summary": amendment.summary,
        "status": amendment.status,
        "status_label": str(amendment.get_status_display()),
        "proposed_by_side": amendment.proposed_by_side,
        "proposed_on": amendment.proposed_on,
        "effective_on": amendment.effective_on,
        "ends_agreement_on": amendment.ends_agreement_on,
        "changes": [
            {
                "key": c.key,
                "action": c.action,
                "clause": c.clause,
                "text": c.text,
                "parameters": c.parameters,
            }
            for c in amendment.changes.all()
        ],
        "consents": [
            {"side": c.side, "consented_on": c.consented_on, "reference": c.reference}
            for c in amendment.consents.all()
        ],
        "closed_reason": amendment.closed_reason,
    }


def agreement_detail(agreement: Agreement, on: date | None = None) -> dict[str, Any]:
    """The MOC as it stood on ``on`` (today by default): the provisions then in force, with the
    amendments that had taken effect by then."""
    on = on or timezone.localdate()
    return {
        **agreement_summary(agreement),
        "on": on,
        "in_force_on_date": agreement.in_force_on(on),
        "amendments": [
            {
                "number": a.number,
                "summary": a.summary,
                "effective_on": a.effective_on,
                "changes": [{"key": c.key, "action": c.action} for c in a.changes.all()],
            }
            for a in amendments_in_force(agreement, on)
        ],
        "signatures": [
            {"signed_on": s.signed_on, "place": _bilingual(s.place_ja, s.place_en)}
            for s in agreement.signatures.all()
        ],
        "contact_points": contact_points(agreement),
        "provisions": [provision_data(p) for p in sorted_provisions(agreement, on)],
    }
