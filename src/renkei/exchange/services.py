"""Every write of the exchange app. Each function takes the acting user, checks the agreement's
provisions and the actor's rights, runs in one transaction and appends one ledger event;
notifications go out on commit."""

from __future__ import annotations

import hashlib
from datetime import date, datetime, timedelta
from typing import Any

import filetype
from django.conf import settings
from django.core.files.base import ContentFile
from django.db import transaction
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from pydantic import ValidationError

from renkei.accounts.models import EXCHANGE_ROLES, Role, Side, User
from renkei.accounts.services import require_administrator
from renkei.agreements.models import Agreement
from renkei.agreements.scoping import agreement_get_for
from renkei.audit.models import ReservedReference
from renkei.audit.services import audit_append, ledger_lock
from renkei.core.errors import ApplicationError, NotFound, PermissionDenied
from renkei.core.text import text_clean
from renkei.core.transitions import StateConflict, state_require, transition_run
from renkei.exchange import rules
from renkei.exchange.details import DETAIL_MODELS
from renkei.exchange.life_cycle import CONSENT_REQUEST, EXCHANGE
from renkei.exchange.models import (
    AWAITING_ANSWER,
    OPEN_STATUSES,
    Accuracy,
    Attachment,
    Consent,
    ConsentRequest,
    Disclosure,
    Exchange,
    ExchangeType,
    HandlingRestriction,
    Notification,
    RecipientKind,
    Reliability,
    Reply,
    ServiceLevel,
    Status,
    attachment_path,
)
from renkei.screening.models import SourceType
from renkei.screening.services import NameInput, screen_records

TEXT_LIMIT = 20_000


FIELD_LABELS = {
    "subject": gettext_lazy("Subject"),
    "body": gettext_lazy("Facts or question"),
    "message": gettext_lazy("Message"),
    "recipient": gettext_lazy("Recipient"),
    "purpose": gettext_lazy("Purpose"),
    "reference_number": gettext_lazy("Letter reference"),
    "parts": gettext_lazy("What was disclosed"),
}


# ---------------------------------------------------------------- rights


def can_work_on_exchanges(actor: User) -> bool:
    return bool(actor.role_set() & (EXCHANGE_ROLES | {Role.EMBASSY_OFFICER}))


def embassy_only(actor: User) -> bool:
    """An embassy officer takes part in return cooperation only."""
    roles = actor.role_set()
    return Role.EMBASSY_OFFICER in roles and not roles & EXCHANGE_ROLES


def may_answer_for_recipient(actor: User, exchange: Exchange) -> bool:
    if actor.side != exchange.recipient_side:
        return False
    if actor.has_role(Role.CONTACT_POINT_OFFICER):
        return True
    # The partner's embassy answers return-assistance requests with its ministry (§8).
    return exchange.exchange_type == ExchangeType.RETURN_REQUEST and actor.has_role(
        Role.EMBASSY_OFFICER
    )


def _require_drafter(actor: User) -> None:
    if not can_work_on_exchanges(actor):
        raise NotFound()  # examiners, publishers, administrators do not see case traffic


def _require_contact_point(actor: User, exchange: Exchange, side: str) -> None:
    if actor.side != side or not actor.has_role(Role.CONTACT_POINT_OFFICER):
        raise PermissionDenied(
            _("Only the originating contact point may do this.")
            if side == exchange.originating_side
            else _("Only the receiving contact point may do this."),
            code="not_contact_point",
        )


def _event(actor: User, action: str, exchange: Exchange, **summary: Any) -> None:
    audit_append(
        actor=actor,
        action=action,
        target=exchange,
        object_repr=exchange.reference,
        agreement_code=exchange.agreement.code,
        after={"status": exchange.status, **summary},
    )


def _clean_text(value: str, field: str, *, required: bool = True, limit: int = TEXT_LIMIT) -> str:
    return text_clean(value, field, label=FIELD_LABELS[field], limit=limit, required=required)


# ---------------------------------------------------------------- drafting


def _validated_details(agreement: Agreement, exchange_type: str, details: dict) -> dict:
    try:
        model = DETAIL_MODELS[exchange_type].model_validate(details or {})
    except ValidationError as exc:
        raise ApplicationError(
            _("The details of this exchange are not valid."),
            code="invalid_details",
            details={"errors": [{"loc": list(e["loc"]), "msg": e["msg"]} for e in exc.errors()]},
        ) from exc
    data = model.model_dump(mode="json")
    if exchange_type == ExchangeType.MISCONDUCT_REPORT:
        allowed = rules.misconduct_categories(agreement)
        unknown = sorted(set(data["categories"]) - set(allowed))
        if unknown:
            raise ApplicationError(
                _("Unknown conduct category: %(letters)s. This MOC lists %(allowed)s.")
                % {"letters": ", ".join(unknown), "allowed": ", ".join(allowed)},
                code="unknown_category",
                details={"unknown": unknown, "allowed": allowed},
            )
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


def _search_text(subject: str, body: str, details: dict) -> str:
    names = [
        name
        for intermediary in details.get("intermediaries", [])
        for name in intermediary.get("names", []) + intermediary.get("identifiers", [])
    ]
    names += [p.get("name", "") for p in details.get("persons", [])]
    names.append(details.get("sending_organisation_name", ""))
    return "\n".join([subject, body, *names]).casefold()


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
) -> Exchange:
    """A draft. Only the drafting side sees it until it is sent."""
    _require_drafter(actor)
    if embassy_only(actor):
        raise PermissionDenied(
            _("Embassy officers answer return requests; they do not start exchanges.")
        )
    agreement = agreement_get_for(actor, agreement_code)
    if agreement.status == "terminated" or (
        agreement.end_date is not None and timezone.localdate() >= agreement.end_date
    ):
        raise ApplicationError(_("This MOC has ended: it is read-only."), code="agreement_ended")
    if exchange_type not in rules.TYPE_RULES or not rules.type_allowed(agreement, exchange_type):
        raise ApplicationError(
            _("This MOC does not provide for this kind of exchange."),
            code="type_not_provided",
            details={"type": exchange_type, "agreement": agreement.code},
        )
    if actor.side not in rules.TYPE_RULES[exchange_type].originating_sides:
        raise PermissionDenied(
            _("Under this MOC this kind of exchange starts on the other side."),
            code="wrong_side",
        )
    subject = _clean_text(subject, "subject", limit=200)
    body = _clean_text(body, "body")
    data = _validated_details(agreement, exchange_type, details or {})
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
            details=data,
            categories="".join(data.get("categories", [])),
            source_reliability=source_reliability,
            information_accuracy=information_accuracy,
            handling_scope=rules.confidentiality_scope(agreement),
            handling_restrictions=restrictions,
            answer_deadline_binding=rules.answer_deadline_binds(agreement, exchange_type),
            search_text=_search_text(subject, body, data),
            created_at=now,
            updated_at=now,
        )
        _event(actor, "exchange.drafted", exchange, type=exchange_type)
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
) -> Exchange:
    """Only the fields given change; the rest are kept as they are on the locked row, so an edit
    racing another edit or the send never writes back what it read earlier."""
    _require_drafter(actor)
    if actor.side != exchange.originating_side:
        raise NotFound()
    state_require(EXCHANGE, exchange, "edit")
    subject = None if subject is None else _clean_text(subject, "subject", limit=200)
    body = None if body is None else _clean_text(body, "body")
    if details is not None:
        details = _validated_details(exchange.agreement, exchange.exchange_type, details)

    def change(locked: Exchange) -> None:
        if subject is not None:
            locked.subject = subject
        if body is not None:
            locked.body = body
        if details is not None:
            locked.details = details
            locked.categories = "".join(details.get("categories", []))
        if source_reliability is not None:
            locked.source_reliability = source_reliability
        if information_accuracy is not None:
            locked.information_accuracy = information_accuracy
        locked.handling_restrictions = _grading(
            locked.source_reliability,
            locked.information_accuracy,
            locked.handling_restrictions
            if handling_restrictions is None
            else handling_restrictions,
        )
        locked.search_text = _search_text(locked.subject, locked.body, locked.details)
        locked.updated_at = timezone.now()

    return _exchange_transition("edit", actor, exchange, change=change)


# ---------------------------------------------------------------- life cycle


def service_level_for(agreement: Agreement, exchange_type: str) -> tuple[int, int | None]:
    level = ServiceLevel.objects.filter(agreement=agreement, exchange_type=exchange_type).first()
    if level is not None:
        return level.acknowledge_days, level.answer_days
    expects_answer = rules.TYPE_RULES[exchange_type].expects_answer
    return rules.DEFAULT_ACKNOWLEDGE_DAYS, rules.DEFAULT_ANSWER_DAYS if expects_answer else None


def service_level_set(
    *,
    actor: User,
    agreement: Agreement,
    exchange_type: str,
    acknowledge_days: int,
    answer_days: int | None,
) -> ServiceLevel:
    require_administrator(actor)
    if exchange_type not in rules.TYPE_RULES:
        raise ApplicationError(_("Unknown exchange type."), code="unknown_type")
    if not 1 <= acknowledge_days <= 90 or (answer_days is not None and not 1 <= answer_days <= 365):
        raise ApplicationError(
            _("Acknowledge within 1 to 90 days; answer within 1 to 365 days."),
            code="bad_service_level",
        )
    with transaction.atomic():
        level, _created = ServiceLevel.objects.update_or_create(
            agreement=agreement,
            exchange_type=exchange_type,
            defaults={"acknowledge_days": acknowledge_days, "answer_days": answer_days},
        )
        audit_append(
            actor=actor,
            action="service_level.set",
            target=level,
            agreement_code=agreement.code,
            after={
                "type": exchange_type,
                "acknowledge_days": acknowledge_days,
                "answer_days": answer_days,
            },
        )
    return level


INTERMEDIARIES_PER_REPORT = 100  # more than a report may name (details.py allows 20)


def intermediaries_screen(actor: User | None, exchange: Exchange) -> list:
    """The intermediaries a misconduct report names are screened against every stored name;
    each is flagged, so a sending organisation's officer who matches one later is a hit."""
    # The side in English (the msgid): the review queue translates it for whoever reads it.
    with translation.override(None):
        side = str(Side(exchange.originating_side).label)
    entries = [
        NameInput(
            names=intermediary["names"],
            kind="person" if intermediary["kind"] == "individual" else "organisation",
            source_type=SourceType.INTERMEDIARY,
            # One record per intermediary: the report's id and the intermediary's place in it.
            source_id=exchange.pk * INTERMEDIARIES_PER_REPORT + position,
            label=f"{exchange.reference} ({side})",
            flagged=True,
            identifier=(intermediary.get("identifiers") or [""])[0],
        )
        for position, intermediary in enumerate(exchange.details.get("intermediaries", []))
    ]
    return screen_records(
        actor=actor, entries=entries, agreement=exchange.agreement, side=exchange.originating_side
    )


def _exchange_transition(
    name: str,
    actor: User | None,
    exchange: Exchange,
    *,
    authorize=None,
    change=None,
    then=None,
    summary=None,
) -> Exchange:
    return transition_run(
        EXCHANGE,
        name,
        instance=exchange,
        actor=actor,
        authorize=authorize,
        change=change,
        then=then,
        agreement_code=exchange.agreement.code,
        object_repr=lambda locked: locked.reference,
        summary=summary,
    )


def _originator(actor: User):
    return lambda locked: _require_contact_point(actor, locked, locked.originating_side)


def _recipient_answers(actor: User):
    def authorize(locked: Exchange) -> None:
        if not may_answer_for_recipient(actor, locked):
            _require_contact_point(actor, locked, locked.recipient_side)

    return authorize


def exchange_send(*, actor: User, exchange: Exchange) -> Exchange:
    _require_contact_point(actor, exchange, exchange.originating_side)
    state_require(EXCHANGE, exchange, "send")
    if exchange.agreement.status != "in_force":
        raise ApplicationError(
            _("This MOC is not in force: nothing can be sent under it."),
            code="agreement_not_in_force",
        )
    # An exchange is judged against the provisions in force on the day it is sent: an
    # amendment since drafting may have removed its ground, or changed how it binds.
    agreement = Agreement.objects.get(pk=exchange.agreement_id)  # its provisions as of now
    sent_on = timezone.localdate()
    if not rules.type_allowed(agreement, exchange.exchange_type, sent_on):
        raise ApplicationError(
            _("This MOC does not provide for this kind of exchange."),
            code="type_not_provided",
            details={"type": exchange.exchange_type, "agreement": agreement.code},
        )
    ack_days, answer_days = service_level_for(agreement, exchange.exchange_type)

    def change(locked: Exchange) -> None:
        now = timezone.now()
        locked.handling_scope = rules.confidentiality_scope(agreement, sent_on)
        locked.answer_deadline_binding = rules.answer_deadline_binds(
            agreement, locked.exchange_type, sent_on
        )
        locked.sent_at = now
        locked.updated_at = now
        locked.acknowledge_due_at = now + timedelta(days=ack_days)
        locked.answer_due_at = now + timedelta(days=answer_days) if answer_days else None
        # The screening is the long part of a send: it runs here, on the locked exchange but
        # before the ledger's head is locked by the first event of this transaction.
        if locked.exchange_type == ExchangeType.MISCONDUCT_REPORT:
            intermediaries_screen(actor, locked)

    return _exchange_transition(
        "send",
        actor,
        exchange,
        authorize=_originator(actor),
        change=change,
        summary=lambda locked: {"answer_due_at": locked.answer_due_at},
        then=lambda locked: _notify(locked, "sent", locked.recipient_side, actor),
    )


def exchange_acknowledge(*, actor: User, exchange: Exchange) -> Exchange:
    _recipient_answers(actor)(exchange)

    def change(locked: Exchange) -> None:
        now = timezone.now()
        locked.acknowledged_at = now
        locked.hours_to_acknowledge = locked.hours_since_sent(now)
        locked.updated_at = now

    return _exchange_transition(
        "acknowledge",
        actor,
        exchange,
        authorize=_recipient_answers(actor),
        change=change,
        then=lambda locked: _notify(locked, "acknowledged", locked.originating_side, actor),
    )


def exchange_reply(*, actor: User, exchange: Exchange, body: str, is_answer: bool = False) -> Reply:
    """A message in the thread from either side; ``is_answer`` from the receiving contact
    point answers the exchange."""
    _require_drafter(actor)
    name = "answer" if is_answer else "reply"
    if is_answer:
        _recipient_answers(actor)(exchange)
        if not rules.TYPE_RULES[exchange.exchange_type].expects_answer:
            raise ApplicationError(
                _("A notice is acknowledged, not answered."), code="no_answer_expected"
            )
    state_require(EXCHANGE, exchange, name)
    body = _clean_text(body, "message")
    created: list[Reply] = []

    def change(locked: Exchange) -> None:
        now = timezone.now()
        if is_answer:
            if locked.acknowledged_at is None:
                locked.acknowledged_at = now
                locked.hours_to_acknowledge = locked.hours_since_sent(now)
            locked.answered_at = now
            locked.hours_to_answer = locked.hours_since_sent(now)
        locked.updated_at = now
        created.append(
            Reply.objects.create(
                exchange=locked,
                author=actor,
                side=actor.side,
                body=body,
                is_answer=is_answer,
                created_at=now,
            )
        )

    def then(locked: Exchange) -> None:
        other = (
            locked.recipient_side
            if actor.side == locked.originating_side
            else locked.originating_side
        )
        _notify(locked, "answered" if is_answer else "replied", other, actor)

    _exchange_transition(
        name,
        actor,
        exchange,
        authorize=_recipient_answers(actor) if is_answer else None,
        change=change,
        summary=lambda _locked: {"reply": created[0].pk},
        then=then,
    )
    return created[0]


def exchange_accept(*, actor: User, exchange: Exchange) -> Exchange:
    _require_contact_point(actor, exchange, exchange.originating_side)
    return _finish(actor, exchange, "accept", "accepted")


def exchange_close(*, actor: User, exchange: Exchange) -> Exchange:
    _require_contact_point(actor, exchange, exchange.originating_side)
    return _finish(actor, exchange, "close", "closed")


def _finish(actor: User, exchange: Exchange, name: str, notice: str) -> Exchange:
    def change(locked: Exchange) -> None:
        locked.closed_at = locked.updated_at = timezone.now()

    return _exchange_transition(
        name,
        actor,
        exchange,
        authorize=_originator(actor),
        change=change,
        then=lambda locked: _notify(locked, notice, locked.recipient_side, actor),
    )


def exchange_reopen(*, actor: User, exchange: Exchange) -> Exchange:
    """The requester is not satisfied after all: back to the recipient, with a fresh answer due."""
    _require_contact_point(actor, exchange, exchange.originating_side)
    _ack_days, answer_days = service_level_for(exchange.agreement, exchange.exchange_type)

    def change(locked: Exchange) -> None:
        now = timezone.now()
        locked.status = Status.ACKNOWLEDGED if locked.acknowledged_at else Status.SENT
        locked.closed_at = None
        locked.answered_at = None
        locked.hours_to_answer = None
        locked.answer_due_at = now + timedelta(days=answer_days) if answer_days else None
        locked.updated_at = now

    return _exchange_transition(
        "reopen",
        actor,
        exchange,
        authorize=_originator(actor),
        change=change,
        then=lambda locked: _notify(locked, "reopened", locked.recipient_side, actor),
    )


def exchange_withdraw(*, actor: User, exchange: Exchange) -> Exchange:
    _require_contact_point(actor, exchange, exchange.originating_side)
    was_sent: list[bool] = []

    def change(locked: Exchange) -> None:
        # Read on the locked row: a draft sent a moment ago must be withdrawn with a notice.
        was_sent.append(locked.sent_at is not None)
        locked.closed_at = locked.updated_at = timezone.now()

    def then(locked: Exchange) -> None:
        if was_sent[0]:
            _notify(locked, "withdrawn", locked.recipient_side, actor)

    return _exchange_transition(
        "withdraw", actor, exchange, authorize=_originator(actor), change=change, then=then
    )


def exchange_read_record(*, actor: User, exchange: Exchange) -> None:
    """DESIGN §1: every read of content the other side originated is on the record."""
    if actor.side == exchange.originating_side:
        return
    with transaction.atomic():
        audit_append(
            actor=actor,
            action="exchange.read",
            target=exchange,
            object_repr=exchange.reference,
            agreement_code=exchange.agreement.code,
        )


# ---------------------------------------------------------------- attachments

ALLOWED_TYPES = {
    "application/pdf": "pdf",
    "image/png": "png",
    "image/jpeg": "jpg",
    "image/tiff": "tif",
    "application/vnd.openxmlformats-officedocument.wordprocessingml.document": "docx",
    "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet": "xlsx",
    "application/vnd.oasis.opendocument.text": "odt",
    "application/vnd.oasis.opendocument.spreadsheet": "ods",
}


def _sniff(content: bytes) -> str | None:
    """The content's real type from its bytes; plain UTF-8 text without control bytes is text."""
    kind = filetype.guess(content)
    if kind is not None:
        return kind.mime if kind.mime in ALLOWED_TYPES else None
    try:
        text = content.decode("utf-8")
    except UnicodeDecodeError:
        return None
    if any(ord(ch) < 32 and ch not in "\t\r\n" for ch in text[:65536]):
        return None
    return "text/plain"


def _safe_name(name: str) -> str:
    name = (name or "").replace("\\", "/").rsplit("/", 1)[-1]
    name = "".join(ch for ch in name if ch.isprintable() and ch not in '<>:"|?*').strip(" .")
    return (name or "attachment")[:200]


def attachment_add(*, actor: User, exchange: Exchange, name: str, content: bytes) -> Attachment:
    _require_drafter(actor)

    def authorize(locked: Exchange) -> None:
        if locked.status == Status.DRAFT and actor.side != locked.originating_side:
            raise NotFound()

    authorize(exchange)
    state_require(EXCHANGE, exchange, "attach")
    limit = settings.RENKEI_ATTACHMENT_MAX_BYTES
    if len(content) > limit:
        raise ApplicationError(
            _("The file is larger than %(mb)s MB.") % {"mb": limit // (1024 * 1024)},
            code="file_too_large",
            details={"size": len(content), "limit": limit},
        )
    if not content:
        raise ApplicationError(_("The file is empty."), code="empty_file")
    content_type = _sniff(content)
    if content_type is None:
        raise ApplicationError(
            _(
                "This kind of file is not accepted. Send PDF, images, office documents or plain text."
            ),
            code="file_type_refused",
        )
    digest = hashlib.sha256(content).hexdigest()
    added: list[Attachment] = []

    def change(locked: Exchange) -> None:
        attachment = Attachment(
            exchange=locked,
            uploaded_by=actor,
            side=actor.side,
            original_name=_safe_name(name),
            content_type=content_type,
            size=len(content),
            sha256=digest,
        )
        stored_name = attachment_path(attachment, "")
        if attachment.file.storage.exists(stored_name):
            attachment.file.name = stored_name  # same bytes already kept: content-addressed
        else:
            attachment.file.save(digest, ContentFile(content), save=False)
        attachment.save()
        added.append(attachment)

    def then(locked: Exchange) -> None:
        if locked.status != Status.DRAFT:
            other = (
                locked.recipient_side
                if actor.side == locked.originating_side
                else locked.originating_side
            )
            _notify(locked, "attachment", other, actor)

    _exchange_transition(
        "attach",
        actor,
        exchange,
        authorize=authorize,
        change=change,
        summary=lambda _locked: {"attachment": added[0].pk, "sha256": digest},
        then=then,
    )
    return added[0]


# ---------------------------------------------------------------- consent and disclosure (§3)


def _recipient(kind: str, name: str, purpose: str) -> tuple[str, str, str]:
    if kind not in RecipientKind.values:
        raise ApplicationError(_("Unknown kind of recipient."), code="invalid_recipient")
    return (
        kind,
        _clean_text(name, "recipient", limit=200),
        _clean_text(purpose, "purpose", limit=300),
    )


def consent_request_create(
    *, actor: User, exchange: Exchange, recipient_kind: str, recipient_name: str, purpose: str
) -> ConsentRequest:
    """The holding side asks the originator for written consent to a disclosure."""
    _require_drafter(actor)
    if actor.side != exchange.recipient_side or exchange.status == Status.DRAFT:
        raise PermissionDenied(_("Consent is asked by the side that received the information."))
    kind, name, purpose = _recipient(recipient_kind, recipient_name, purpose)
    with transaction.atomic():
        request = ConsentRequest.objects.create(
            exchange=exchange,
            requested_by=actor,
            recipient_kind=kind,
            recipient_name=name,
            purpose=purpose,
        )
        _consent_request_event(actor, "consent.requested", request, recipient=name, purpose=purpose)
        _notify(exchange, "consent_requested", exchange.originating_side, actor)
    return request


def _consent_request_event(actor: User, action: str, request: ConsentRequest, **summary) -> None:
    audit_append(
        actor=actor,
        action=action,
        target=request,
        object_repr=request.exchange.reference,
        agreement_code=request.exchange.agreement.code,
        after={"status": request.state, "exchange": request.exchange_id, **summary},
    )


def consent_record(
    *,
    actor: User,
    exchange: Exchange,
    recipient_kind: str,
    recipient_name: str,
    purpose: str,
    reference_number: str,
    consent_date: date,
    judicial_use: bool = False,
    scan: Attachment | None = None,
    request: ConsentRequest | None = None,
) -> Consent:
    """The originator's contact point records its written consent (letter reference, date,
    scan)."""
    _require_contact_point(actor, exchange, exchange.originating_side)
    kind, name, purpose = _recipient(recipient_kind, recipient_name, purpose)
    reference_number = _clean_text(reference_number, "reference_number", limit=100)
    if consent_date > timezone.localdate():
        raise ApplicationError(_("The consent cannot be dated in the future."), code="future_date")
    if scan is not None and scan.exchange_id != exchange.pk:
        raise NotFound()
    if request is not None and request.exchange_id != exchange.pk:
        raise NotFound()
    if request is not None:
        state_require(CONSENT_REQUEST, request, "grant")
    recorded: list[Consent] = []

    def record(locked_request: ConsentRequest | None) -> None:
        if locked_request is not None:
            locked_request.decided_at = timezone.now()
        consent = Consent.objects.create(
            exchange=exchange,
            request=locked_request,
            recipient_kind=kind,
            recipient_name=name,
            purpose=purpose,
            judicial_use=judicial_use,
            reference_number=reference_number,
            consent_date=consent_date,
            scan=scan,
            recorded_by=actor,
        )
        recorded.append(consent)

    def then(_locked=None) -> None:
        consent = recorded[0]
        _event(
            actor, "consent.recorded", exchange, consent=consent.pk, recipient=name, purpose=purpose
        )
        _notify(exchange, "consent_granted", exchange.recipient_side, actor)

    if request is None:
        with transaction.atomic():
            record(None)
            then()
    else:
        # Two contact points answering one request at once: the locked request admits one.
        _consent_request_transition("grant", actor, request, change=record, then=then)
    return recorded[0]


def _consent_request_transition(name, actor, request, *, change=None, then=None):
    exchange = request.exchange
    return transition_run(
        CONSENT_REQUEST,
        name,
        instance=request,
        actor=actor,
        authorize=lambda _locked: _require_contact_point(
            actor, exchange, exchange.originating_side
        ),
        change=change,
        then=then,
        agreement_code=exchange.agreement.code,
        object_repr=lambda _locked: exchange.reference,
        summary=lambda _locked: {"exchange": exchange.pk},
    )


def consent_request_refuse(*, actor: User, request: ConsentRequest) -> ConsentRequest:
    exchange = request.exchange
    _require_contact_point(actor, exchange, exchange.originating_side)
    state_require(CONSENT_REQUEST, request, "refuse")

    def change(locked: ConsentRequest) -> None:
        locked.decided_at = timezone.now()

    return _consent_request_transition(
        "refuse",
        actor,
        request,
        change=change,
        then=lambda _locked: _notify(exchange, "consent_refused", exchange.recipient_side, actor),
    )


def disclosure_needs_consent(exchange: Exchange, recipient_kind: str, judicial_use: bool) -> bool:
    if exchange.handling_scope == "anyone":  # e.g. PK §3: no disclosure to anyone without consent
        return True
    if recipient_kind != RecipientKind.MOC_PARTY:
        return True
    return judicial_use and HandlingRestriction.NO_JUDICIAL_USE in exchange.handling_restrictions


def disclosure_record(
    *,
    actor: User,
    exchange: Exchange,
    recipient_kind: str,
    recipient_name: str,
    purpose: str,
    parts: str,
    judicial_use: bool = False,
) -> Disclosure:
    """Record a disclosure of what the other side gave us; refused (and the refusal recorded)
    unless the originator's written consent covers this recipient and purpose."""
    _require_drafter(actor)
    if actor.side != exchange.recipient_side or exchange.status == Status.DRAFT:
        raise PermissionDenied(
            _("Disclosures are recorded by the side that received the information."),
            code="not_holder",
        )
    kind, name, purpose = _recipient(recipient_kind, recipient_name, purpose)
    parts = _clean_text(parts, "parts", limit=2000)
    consent = None
    if (
        kind == RecipientKind.PUBLIC
        and HandlingRestriction.NO_PUBLICATION in exchange.handling_restrictions
    ):
        _refuse_disclosure(actor, exchange, name, purpose, "no_publication")
        raise PermissionDenied(
            _("The originator marked this exchange never to be published."), code="no_publication"
        )
    if disclosure_needs_consent(exchange, kind, judicial_use):
        consent = _matching_consent(exchange, kind, name, purpose, judicial_use)
        if consent is None:
            _refuse_disclosure(actor, exchange, name, purpose, "consent_required")
            raise PermissionDenied(
                _("No written consent of the originator covers this recipient and purpose (§3)."),
                code="consent_required",
            )
    with transaction.atomic():
        disclosure = Disclosure.objects.create(
            exchange=exchange,
            consent=consent,
            recipient_kind=kind,
            recipient_name=name,
            purpose=purpose,
            parts=parts,
            judicial_use=judicial_use,
            disclosed_by=actor,
        )
        _event(
            actor,
            "disclosure.recorded",
            exchange,
            disclosure=disclosure.pk,
            consent=consent.pk if consent else None,
            recipient=name,
        )
    return disclosure


def _matching_consent(exchange, kind, name, purpose, judicial_use) -> Consent | None:
    for consent in exchange.consents.all():
        if (
            consent.recipient_kind == kind
            and consent.recipient_name.casefold() == name.casefold()
            and consent.purpose.casefold() == purpose.casefold()
            and (consent.judicial_use or not judicial_use)
        ):
            return consent
    return None


def _refuse_disclosure(actor, exchange, name, purpose, reason) -> None:
    # Its own transaction: the refusal stays on the record although the request fails.
    with transaction.atomic():
        _event(
            actor, "disclosure.refused", exchange, recipient=name, purpose=purpose, reason=reason
        )


# ---------------------------------------------------------------- notifications


def _recipients(exchange: Exchange, side: str, exclude: User | None) -> list[User]:
    roles = set(EXCHANGE_ROLES)
    if exchange.exchange_type == ExchangeType.RETURN_REQUEST:
        roles.add(Role.EMBASSY_OFFICER)
    users = (
        User.objects.filter(
            is_active=True,
            assignments__agreement=exchange.agreement,
            unit__side=side,
            role_grants__role__in=roles,
        )
        .distinct()
        .select_related("unit")
    )
    if side == "partner":
        users = users.filter(unit__country_code=exchange.agreement.code)
    return [u for u in users if exclude is None or u.pk != exclude.pk]


def _notify(exchange: Exchange, event: str, side: str, actor: User | None) -> list[Notification]:
    notifications = Notification.objects.bulk_create(
        Notification(user=user, exchange=exchange, event=event)
        for user in _recipients(exchange, side, actor)
    )
    ids = [n.pk for n in notifications if n.pk]
    if ids:
        from renkei.exchange.tasks import notification_email_send

        transaction.on_commit(lambda: [notification_email_send.enqueue(pk) for pk in ids])
    return notifications


def notification_mark_read(*, actor: User, notification_id: int) -> Notification:
    notification = Notification.objects.filter(pk=notification_id, user=actor).first()
    if notification is None:
        raise NotFound()
    if notification.read_at is None:
        notification.read_at = timezone.now()
        notification.save(update_fields=["read_at"])  # the reader's own inbox: not a ledger matter
    return notification


REMINDER_WINDOW_ACK = timedelta(days=1)
REMINDER_WINDOW_ANSWER = timedelta(days=3)


def deadline_reminders_run(*, now: datetime | None = None) -> int:
    """Notify the receiving side before a deadline and again once it has passed; each reminder
    once per exchange. Run by `renkei worker`."""
    now = now or timezone.now()
    sent = 0
    candidates = Exchange.objects.filter(status__in=AWAITING_ANSWER).select_related("agreement")
    for exchange in candidates.filter(
        answer_due_at__lte=now + REMINDER_WINDOW_ANSWER
    ) | candidates.filter(status=Status.SENT, acknowledge_due_at__lte=now + REMINDER_WINDOW_ACK):
        events = []
        if exchange.status == Status.SENT and exchange.acknowledge_due_at:
            events.append("ack_overdue" if now > exchange.acknowledge_due_at else "ack_due_soon")
        if exchange.answer_due_at and exchange.answer_due_at <= now + REMINDER_WINDOW_ANSWER:
            events.append("answer_overdue" if now > exchange.answer_due_at else "answer_due_soon")
        for event in events:
            if Notification.objects.filter(exchange=exchange, event=event).exists():
                continue
            with transaction.atomic():
                created = _notify(exchange, event, exchange.recipient_side, None)
                if event.endswith("overdue"):
                    _notify(exchange, event, exchange.originating_side, None)
                audit_append(
                    actor=None,
                    action=f"exchange.reminder.{event}",
                    target=exchange,
                    object_repr=exchange.reference,
                    agreement_code=exchange.agreement.code,
                )
            sent += len(created)
    return sent


def exchanges_close_for_ended_agreements() -> int:
    """Open exchanges of an MOC that has ended are closed as "agreement ended" (run by the
    worker after the agreements' end dates); they stay readable to whoever could read them."""
    closed = 0
    open_items = Exchange.objects.filter(
        agreement__status="terminated", status__in=(Status.DRAFT, *OPEN_STATUSES)
    ).select_related("agreement")
    for exchange in open_items:

        def change(locked: Exchange) -> None:
            locked.closed_reason = "agreement_ended"
            locked.closed_at = timezone.now()

        try:
            _exchange_transition("end_with_agreement", None, exchange, change=change)
        except StateConflict:
            continue  # finished by its contact point a moment ago
        closed += 1
    return closed


def return_request_respond(
    *,
    actor: User,
    exchange: Exchange,
    issued: bool,
    passport_number: str = "",
    issued_on: date | None = None,
    reason: str = "",
) -> Reply:
    """The partner ministry or its embassy answers: a temporary passport was issued (number,
    date), or why it cannot be."""
    if exchange.exchange_type != ExchangeType.RETURN_REQUEST:
        raise ApplicationError(_("This is not a return-assistance request."), code="wrong_type")
    if issued:
        passport_number = (passport_number or "").strip().upper()
        if not passport_number or len(passport_number) > 20 or issued_on is None:
            raise ApplicationError(
                _("Give the temporary passport's number and date of issue."), code="required"
            )
        if issued_on > timezone.localdate():
            raise ApplicationError(_("The date cannot be in the future."), code="future_date")
        body = (
            f"臨時旅券発給 / Temporary passport issued: {passport_number}, {issued_on.isoformat()}"
        )
        response = {
            "issued": True,
            "passport_number": passport_number,
            "issued_on": issued_on.isoformat(),
        }
    else:
        reason = _clean_text(reason, "message", limit=2000)
        body = f"発給不可 / Cannot be issued: {reason}"
        response = {"issued": False, "reason": reason}

    def change(locked: Exchange) -> None:
        locked.details = {**locked.details, "response": response}

    with transaction.atomic():
        reply = exchange_reply(actor=actor, exchange=exchange, body=body, is_answer=True)
        _exchange_transition(
            "record_response",
            actor,
            exchange,
            authorize=_recipient_answers(actor),
            change=change,
        )
    return reply
