"""§3: nothing the other side gave is disclosed without its written consent. The holder asks,
the originator grants or refuses, and every disclosure (or refusal) is on the record."""

from __future__ import annotations

from datetime import date

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from renkei.accounts.models import User
from renkei.audit.services import audit_append
from renkei.core.errors import ApplicationError, NotFound, PermissionDenied
from renkei.core.transitions import state_require, transition_run
from renkei.exchange.life_cycle import CONSENT_REQUEST
from renkei.exchange.models import (
    Attachment,
    Consent,
    ConsentRequest,
    Disclosure,
    Exchange,
    HandlingRestriction,
    RecipientKind,
    Status,
)
from renkei.exchange.rights import require_contact_point, require_drafter
from renkei.exchange.services.base import exchange_event, text_field
from renkei.exchange.services.notifications import notify


def _recipient(kind: str, name: str, purpose: str) -> tuple[str, str, str]:
    if kind not in RecipientKind.values:
        raise ApplicationError(_("Unknown kind of recipient."), code="invalid_recipient")
    return (
        kind,
        text_field(name, "recipient", limit=200),
        text_field(purpose, "purpose", limit=300),
    )


def consent_request_create(
    *, actor: User, exchange: Exchange, recipient_kind: str, recipient_name: str, purpose: str
) -> ConsentRequest:
    """The holding side asks the originator for written consent to a disclosure."""
    require_drafter(actor)
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
        notify(exchange, "consent_requested", exchange.originating_side, actor)
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
    require_contact_point(actor, exchange, exchange.originating_side)
    kind, name, purpose = _recipient(recipient_kind, recipient_name, purpose)
    reference_number = text_field(reference_number, "reference_number", limit=100)
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
        exchange_event(
            actor, "consent.recorded", exchange, consent=consent.pk, recipient=name, purpose=purpose
        )
        notify(exchange, "consent_granted", exchange.recipient_side, actor)

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
        authorize=lambda _locked: require_contact_point(actor, exchange, exchange.originating_side),
        change=change,
        then=then,
        agreement_code=exchange.agreement.code,
        object_repr=lambda _locked: exchange.reference,
        summary=lambda _locked: {"exchange": exchange.pk},
    )


def consent_request_refuse(*, actor: User, request: ConsentRequest) -> ConsentRequest:
    exchange = request.exchange
    require_contact_point(actor, exchange, exchange.originating_side)
    state_require(CONSENT_REQUEST, request, "refuse")

    def change(locked: ConsentRequest) -> None:
        locked.decided_at = timezone.now()

    return _consent_request_transition(
        "refuse",
        actor,
        request,
        change=change,
        then=lambda _locked: notify(exchange, "consent_refused", exchange.recipient_side, actor),
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
    require_drafter(actor)
    if actor.side != exchange.recipient_side or exchange.status == Status.DRAFT:
        raise PermissionDenied(
            _("Disclosures are recorded by the side that received the information."),
            code="not_holder",
        )
    kind, name, purpose = _recipient(recipient_kind, recipient_name, purpose)
    parts = text_field(parts, "parts", limit=2000)
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
        exchange_event(
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
        exchange_event(
            actor, "disclosure.refused", exchange, recipient=name, purpose=purpose, reason=reason
        )
