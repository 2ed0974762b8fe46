"""Drafting an exchange: the kind allowed by the agreement and the actor's side, its details
validated by the kind, a reference number, and the draft's ledger event."""

from __future__ import annotations

from datetime import datetime

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from pydantic import ValidationError

from renkei.accounts.models import User
from renkei.agreements.models import Agreement
from renkei.agreements.scoping import agreement_get_for
from renkei.audit.models import ReservedReference
from renkei.audit.services import ledger_lock
from renkei.core.errors import ApplicationError, NotFound, PermissionDenied
from renkei.core.transitions import state_require
from renkei.exchange import rules
from renkei.exchange.kinds import KINDS, answer_deadline_binds, kind_allowed, kind_get, notice
from renkei.exchange.life_cycle import EXCHANGE
from renkei.exchange.models import (
    Accuracy,
    Exchange,
    HandlingRestriction,
    Reliability,
    Status,
)
from renkei.exchange.rights import embassy_only, require_drafter
from renkei.exchange.services.base import (
    exchange_event,
    exchange_transition,
    exchange_translations_clean,
    text_field,
    text_language,
)


def details_validate(agreement: Agreement, exchange_type: str, details: dict) -> dict:
    kind = kind_get(exchange_type)
    try:
        model = kind.details_model.model_validate(details or {})
    except ValidationError as exc:
        raise ApplicationError(
            _("The details of this exchange are not valid."),
            code="invalid_details",
            details={"errors": [{"loc": list(e["loc"]), "msg": e["msg"]} for e in exc.errors()]},
        ) from exc
    data = model.model_dump(mode="json")
    if kind.check_details is not None:
        kind.check_details(agreement, data)
    return data


def _grading(source_reliability: str, information_accuracy: int | None, restrictions: list[str]):
    if source_reliability and source_reliability not in Reliability.values:
        raise ApplicationError(_("Source reliability is A, B, C or X."), code="invalid_grading")
    if information_accuracy is not None and information_accuracy not in Accuracy.values:
        raise ApplicationError(_("Information accuracy is 1 to 4."), code="invalid_grading")
    unknown = set(restrictions or []) - set(HandlingRestriction.values)
    if unknown:
        raise ApplicationError(_("Unknown handling restriction."), code="invalid_handling")
    return sorted(set(restrictions or []))


def _search_text(
    exchange_type: str, subject: str, body: str, details: dict, translations: dict
) -> str:
    names = KINDS[exchange_type].search_names(details)
    rendered = [text for rendering in translations.values() for text in rendering.values()]
    return "\n".join([subject, body, *rendered, *names]).casefold()


def _next_reference(agreement: Agreement, now: datetime) -> str:
    # The ledger's head is locked by the caller, so two drafts cannot take the same number.
    prefix = f"{agreement.code}-{now:%Y}-"
    issued = [
        Exchange.objects.filter(agreement=agreement, reference__startswith=prefix)
        .order_by("-reference")
        .values_list("reference", flat=True)
        .first(),
        # Numbers a restore from an older backup lost the records of (ADR 18).
        ReservedReference.objects.filter(reference__startswith=prefix)
        .order_by("-reference")
        .values_list("reference", flat=True)
        .first(),
    ]
    last = max((int(r.rsplit("-", 1)[1]) for r in issued if r), default=0)
    return f"{prefix}{last + 1:06d}"


def _require_may_start(actor: User, agreement: Agreement, exchange_type: str) -> None:
    if embassy_only(actor):
        raise PermissionDenied(
            _("Embassy officers answer return requests; they do not start exchanges.")
        )
    if agreement.status == "terminated" or (
        agreement.end_date is not None and timezone.localdate() >= agreement.end_date
    ):
        raise ApplicationError(_("This MOC has ended: it is read-only."), code="agreement_ended")
    if not kind_allowed(agreement, exchange_type):
        raise ApplicationError(
            _("This MOC does not provide for this kind of exchange."),
            code="type_not_provided",
            details={"type": exchange_type, "agreement": agreement.code},
        )
    if actor.side not in KINDS[exchange_type].originating_sides:
        raise PermissionDenied(
            _("Under this MOC this kind of exchange starts on the other side."),
            code="wrong_side",
        )


def exchange_create(
    *,
    actor: User,
    agreement_code: str,
    exchange_type: str,
    subject: str,
    body: str,
    details: dict | None = None,
    source_reliability: str = "",
    information_accuracy: int | None = None,
    handling_restrictions: list[str] | None = None,
    language: str | None = None,
    translations: dict | None = None,
) -> Exchange:
    """A draft. Only the drafting side sees it until it is sent. ``language`` is the one subject
    and body are written in (the author's by default); ``translations`` renders them into
    others, and the agreement's working language must be among them by the time it is sent."""
    require_drafter(actor)
    agreement = agreement_get_for(actor, agreement_code)
    _require_may_start(actor, agreement, exchange_type)
    subject = text_field(subject, "subject", limit=200)
    body = text_field(body, "body")
    language = text_language(actor, language)
    rendered = exchange_translations_clean(translations, language)
    data = details_validate(agreement, exchange_type, details or {})
    restrictions = _grading(source_reliability, information_accuracy, handling_restrictions or [])
    now = timezone.now()
    with transaction.atomic():
        # Numbering is serialised by the ledger's head, which this draft's event takes anyway:
        # one lock, so a draft made inside another service's transaction (a notice to Japan
        # after a register's event) cannot deadlock with a plain draft.
        ledger_lock()
        exchange = Exchange.objects.create(
            agreement=agreement,
            reference=_next_reference(agreement, now),
            exchange_type=exchange_type,
            originating_side=actor.side,
            created_by=actor,
            status=Status.DRAFT,
            subject=subject,
            body=body,
            language=language,
            translations=rendered,
            details=data,
            categories="".join(data.get("categories", [])),
            source_reliability=source_reliability,
            information_accuracy=information_accuracy,
            handling_scope=rules.confidentiality_scope(agreement),
            handling_restrictions=restrictions,
            answer_deadline_binding=answer_deadline_binds(agreement, exchange_type),
            search_text=_search_text(exchange_type, subject, body, data, rendered),
            created_at=now,
            updated_at=now,
        )
        exchange_event(actor, "exchange.drafted", exchange, type=exchange_type)
    return exchange


def exchange_update_draft(
    *,
    actor: User,
    exchange: Exchange,
    subject: str | None = None,
    body: str | None = None,
    details: dict | None = None,
    source_reliability: str | None = None,
    information_accuracy: int | None = None,
    handling_restrictions: list[str] | None = None,
    translations: dict | None = None,
) -> Exchange:
    """Only the fields given change; the rest are kept as they are on the locked row, so an edit
    racing another edit or the send never writes back what it read earlier."""
    require_drafter(actor)
    if actor.side != exchange.originating_side:
        raise NotFound()
    state_require(EXCHANGE, exchange, "edit")
    subject = None if subject is None else text_field(subject, "subject", limit=200)
    body = None if body is None else text_field(body, "body")
    if details is not None:
        details = details_validate(exchange.agreement, exchange.exchange_type, details)
    if translations is not None:
        translations = exchange_translations_clean(translations, exchange.language)

    def change(locked: Exchange) -> None:
        for name, value in (
            ("subject", subject),
            ("body", body),
            ("source_reliability", source_reliability),
            ("information_accuracy", information_accuracy),
        ):
            if value is not None:
                setattr(locked, name, value)
        if translations is not None:
            locked.translations = translations
        if details is not None:
            locked.details = details
            locked.categories = "".join(details.get("categories", []))
        locked.handling_restrictions = _grading(
            locked.source_reliability,
            locked.information_accuracy,
            locked.handling_restrictions
            if handling_restrictions is None
            else handling_restrictions,
        )
        locked.search_text = _search_text(
            locked.exchange_type,
            locked.subject,
            locked.body,
            locked.details,
            locked.translations,
        )
        locked.updated_at = timezone.now()

    return exchange_transition("edit", actor, exchange, change=change)


def notice_send(
    *,
    actor: User,
    agreement: Agreement,
    notice_kind: str,
    subject: str,
    body: str,
    language: str | None = None,
    translations: dict | None = None,
) -> Exchange:
    """A notice the MOC calls for (accreditation, revocation, improvement order...), sent by
    another app's service: it gets deadlines, a thread and a record like any other exchange.
    The text is in the agreement's working language unless ``language`` says otherwise."""
    from renkei.exchange.services.lifecycle import exchange_send

    draft = exchange_create(
        actor=actor,
        agreement_code=agreement.code,
        exchange_type=notice.KIND.key,
        subject=subject[:200],
        body=body,
        details={"notice_kind": notice_kind},
        language=language or agreement.working_language,
        translations=translations,
    )
    return exchange_send(actor=actor, exchange=draft)
