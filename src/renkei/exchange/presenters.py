"""Exchanges as plain data for the API (and the JSON stored for idempotent retries)."""

from typing import Any

from renkei.accounts.models import User
from renkei.exchange.models import Exchange
from renkei.exchange.retention import details_without_personal, personal_hidden_from


def exchange_data(exchange: Exchange, actor: User) -> dict[str, Any]:
    hidden = personal_hidden_from(actor, exchange)
    return {
        "id": exchange.pk,
        "reference": exchange.reference,
        "agreement": exchange.agreement.code,
        "type": exchange.exchange_type,
        "status": exchange.status,
        "originating_side": exchange.originating_side,
        "direction": "outgoing" if exchange.originating_side == actor.side else "incoming",
        "subject": exchange.subject,
        "body": "" if hidden else exchange.body,
        "language": exchange.language,
        "translations": _translations_shown(exchange.translations, hidden),
        "details": details_without_personal(exchange) if hidden else exchange.details,
        "personal_data": exchange.personal_state or "visible",
        "categories": list(exchange.categories),
        "source_reliability": exchange.source_reliability,
        "information_accuracy": exchange.information_accuracy,
        "handling_scope": exchange.handling_scope,
        "handling_restrictions": exchange.handling_restrictions,
        "answer_deadline_binding": exchange.answer_deadline_binding,
        "created_at": exchange.created_at,
        "sent_at": exchange.sent_at,
        "acknowledged_at": exchange.acknowledged_at,
        "answered_at": exchange.answered_at,
        "closed_at": exchange.closed_at,
        "acknowledge_due_at": exchange.acknowledge_due_at,
        "answer_due_at": exchange.answer_due_at,
        "overdue": exchange.is_overdue(),
    }


def _translations_shown(translations: dict, hidden: bool) -> dict:
    """Renderings follow their original: a body blocked to the reader is blocked in every
    language (subjects are not personal data)."""
    if not hidden:
        return translations
    return {
        code: {"subject": text["subject"]} if text.get("subject") else {}
        for code, text in translations.items()
    }


def reply_data(reply, *, hidden: bool) -> dict[str, Any]:
    return {
        "id": reply.pk,
        "author": reply.author.username,
        "side": reply.side,
        "body": "" if hidden else reply.body,
        "language": reply.language,
        "translations": {} if hidden else reply.translations,
        "is_answer": reply.is_answer,
        "created_at": reply.created_at,
    }


def attachment_data(a) -> dict[str, Any]:
    return {
        "id": a.pk,
        "name": a.original_name,
        "content_type": a.content_type,
        "size": a.size,
        "sha256": a.sha256,
        "side": a.side,
        "created_at": a.created_at,
    }


def exchange_detail_data(exchange: Exchange, actor: User, thread: dict) -> dict[str, Any]:
    hidden = personal_hidden_from(actor, exchange)
    return {
        **exchange_data(exchange, actor),
        "replies": [reply_data(r, hidden=hidden) for r in thread["replies"]],
        "attachments": [] if hidden else [attachment_data(a) for a in thread["attachments"]],
        "consent_requests": [consent_request_data(r) for r in thread["consent_requests"]],
        "consents": [consent_data(c) for c in thread["consents"]],
        "disclosures": [disclosure_data(d) for d in thread["disclosures"]],
    }


def consent_data(c) -> dict[str, Any]:
    return {
        "id": c.pk,
        "recipient_kind": c.recipient_kind,
        "recipient_name": c.recipient_name,
        "purpose": c.purpose,
        "judicial_use": c.judicial_use,
        "reference_number": c.reference_number,
        "consent_date": c.consent_date,
        "scan_attachment_id": c.scan_id,
        "recorded_at": c.recorded_at,
    }


def disclosure_data(d) -> dict[str, Any]:
    return {
        "id": d.pk,
        "recipient_kind": d.recipient_kind,
        "recipient_name": d.recipient_name,
        "purpose": d.purpose,
        "parts": d.parts,
        "judicial_use": d.judicial_use,
        "consent_id": d.consent_id,
        "disclosed_at": d.disclosed_at,
    }


def consent_request_data(r) -> dict[str, Any]:
    return {
        "id": r.pk,
        "recipient_kind": r.recipient_kind,
        "recipient_name": r.recipient_name,
        "purpose": r.purpose,
        "state": r.state,
        "created_at": r.created_at,
    }


def receipt_summary(event, exchange: Exchange) -> dict[str, Any]:
    return {
        "seq": event.seq,
        "action": event.action,
        "occurred_at": event.occurred_at,
        "url": f"/api/v1/exchanges/{exchange.pk}/receipts/{event.seq}",
    }
