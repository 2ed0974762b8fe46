"""Writes for the registers. Each checks the agreement's provisions and the actor's side and
role, runs in one transaction, appends to the ledger, and sends the notice the MOC calls for
through the exchange app."""

from __future__ import annotations

import unicodedata
from datetime import date

from django.db import transaction
from django.utils import timezone, translation
from django.utils.translation import get_language
from django.utils.translation import gettext as _

from renkei.accounts.models import Role, Side, User
from renkei.agreements.models import Agreement
from renkei.agreements.scoping import agreement_get_for
from renkei.audit.services import audit_record
from renkei.core.dates import date_not_future
from renkei.core.errors import ApplicationError, Conflict, NotFound
from renkei.core.languages import shared_texts_clean
from renkei.core.text import text_clean
from renkei.core.transitions import row_lock, state_require, transition_run
from renkei.exchange.services import notice_send
from renkei.registry.certificates import (  # noqa: F401  (the app's services, by one name)
    candidate_certificate_record,
    candidate_certificate_revoke,
)
from renkei.registry.identifiers import corporate_number_valid, licence_key, search_key
from renkei.registry.life_cycle import SUSPENSION
from renkei.registry.models import (
    AccreditationEvent,
    ImprovementOrder,
    IntakeSuspension,
    Person,
    ReceivingOrganisation,
    Sector,
    SendingOrganisation,
    SupportOrganisation,
    SupportOrgListVersion,
)
from renkei.registry.provisions import NotProvided, require_provision  # noqa: F401
from renkei.registry.public_status import public_status_refresh
from renkei.registry.rights import require_side_role
from renkei.registry.screening_inputs import receiving_org_screen, sending_org_screen
from renkei.registry.status import TRANSITIONS, EventKind, status_on

# ---------------------------------------------------------------- sending organisations


def _person(name: str) -> Person | None:
    name = (name or "").strip()
    if not name:
        return None
    return Person.objects.create(name_original=text_clean(name, _("Name"), limit=200))


def sending_org_create(
    *,
    actor: User,
    agreement_code: str,
    name_original: str,
    licence_number: str,
    name_latin: str = "",
    name_ja: str = "",
    address: str = "",
    phone: str = "",
    representative: str = "",
    officers: list[str] | None = None,
) -> SendingOrganisation:
    agreement = agreement_get_for(actor, agreement_code)
    require_provision(agreement, "sending_org_accreditation")
    require_side_role(actor, Side.PARTNER, (Role.CONTACT_POINT_OFFICER, Role.OFFICER))
    key = licence_key(licence_number)
    if not key or len(key) > 100:
        raise ApplicationError(_("Give the licence number."), code="required")
    if SendingOrganisation.objects.filter(agreement=agreement, licence_key=key).exists():
        raise ApplicationError(
            _("An organisation with this licence number is already registered."),
            code="duplicate_licence",
        )
    with transaction.atomic():
        organisation = SendingOrganisation.objects.create(
            agreement=agreement,
            name_original=text_clean(name_original, _("Name"), limit=300),
            name_latin=text_clean(name_latin, _("Name"), limit=300, required=False),
            name_ja=text_clean(name_ja, _("Name"), limit=300, required=False),
            licence_number=text_clean(licence_number, _("Licence number"), limit=100),
            licence_key=key,
            address=text_clean(address, _("Address"), limit=500, required=False),
            phone=text_clean(phone, _("Phone"), limit=50, required=False),
            representative=_person(representative),
        )
        for name in officers or []:
            person = _person(name)
            if person is not None:
                organisation.officers.add(person)
        organisation.search_text = search_key(
            organisation.name_original,
            organisation.name_latin,
            organisation.name_ja,
            organisation.licence_key,
        )
        organisation.save(update_fields=["search_text"])
        # Screening first: it bumps the index version before the ledger's head is locked, the
        # order every writer keeps (ADR 16), and the long part runs outside the ledger lock.
        sending_org_screen(actor, organisation)
        audit_record(actor, "sending_org.registered", organisation, agreement.code, licence=key)
    return organisation


# The events the partner notifies to Japan, each under the provision that calls for it:
# the accredited list (§7(2), KH §5(1)) and its revocations (§7(4), KH §5(4)).
NOTICE_KINDS = {
    EventKind.ACCREDITED: ("accreditation_granted", "accredited_list_publication"),
    EventKind.REVOKED: ("accreditation_revoked", "revocation_notice"),
    EventKind.REINSTATED: ("accreditation_reinstated", "accredited_list_publication"),
}


def _accreditation_history_check(
    organisation: SendingOrganisation, kind: str, effective_date: date
) -> None:
    events = list(organisation.events.order_by("effective_date", "pk"))
    if events and effective_date < events[-1].effective_date:
        raise ApplicationError(
            _("Events are recorded in date order: the last one is dated %(date)s.")
            % {"date": events[-1].effective_date.isoformat()},
            code="out_of_order",
        )
    current = status_on(events, effective_date)
    allowed_from, _target = TRANSITIONS[kind]
    if current.status not in allowed_from:
        raise Conflict(
            _("On %(date)s the organisation is %(status)s: this event cannot follow.")
            % {"date": effective_date.isoformat(), "status": current.label},
            code="invalid_event_sequence",
            details={"status": current.status, "event": kind},
        )


def accreditation_record(
    *,
    actor: User,
    organisation: SendingOrganisation,
    kind: str,
    effective_date: date,
    valid_until: date | None = None,
    reason: str = "",
) -> AccreditationEvent:
    """One dated event of the accreditation history. The partner's contact point records it;
    accreditations, revocations and reinstatements are notified to Japan (§7(2)(4), KH §5)."""
    agreement = Agreement.objects.get(pk=organisation.agreement_id)  # its provisions as of now
    require_provision(agreement, "sending_org_accreditation", effective_date)
    require_side_role(actor, Side.PARTNER, (Role.CONTACT_POINT_OFFICER,))
    if actor.unit.country_code != agreement.code:
        raise NotFound()
    _accreditation_event_check(kind, effective_date, valid_until, reason)
    with transaction.atomic():
        # Judged on the history read under the organisation's lock: two officers recording
        # a revocation at once cannot both find the organisation accredited.
        organisation = row_lock(organisation)
        _accreditation_history_check(organisation, kind, effective_date)
        event = AccreditationEvent.objects.create(
            organisation=organisation,
            kind=kind,
            effective_date=effective_date,
            valid_until=valid_until,
            reason=text_clean(reason, _("Reason"), limit=5000, required=False),
            recorded_by=actor,
        )
        # Accrediting screens the organisation again; a revocation flags it and its people.
        # Before the ledger event: the index version, then the ledger's head (ADR 16).
        sending_org_screen(actor, organisation)
        audit_record(
            actor,
            f"accreditation.{kind}",
            organisation,
            agreement.code,
            event=event.pk,
            date=effective_date,
        )
        _accreditation_notice(actor, agreement, organisation, event)
    return event


def _accreditation_event_check(
    kind: str, effective_date: date, valid_until: date | None, reason: str
) -> None:
    """What an event must carry, before any history is read: a known kind, a date not in the
    future, a validity period for accreditations only, a reason for revocations."""
    if kind not in TRANSITIONS:
        raise ApplicationError(_("Unknown kind of event."), code="invalid_event")
    date_not_future(effective_date, _("The effective date"))
    if kind in (EventKind.ACCREDITED, EventKind.REINSTATED):
        if valid_until is None and kind == EventKind.ACCREDITED:
            raise ApplicationError(_("Give the end of the validity period."), code="required")
        if valid_until is not None and valid_until <= effective_date:
            raise ApplicationError(
                _("The validity must end after it starts."), code="invalid_period"
            )
    elif valid_until is not None:
        raise ApplicationError(
            _("Only accreditations have a validity period."), code="invalid_period"
        )
    if kind in (EventKind.REVOKED, EventKind.SUSPENDED) and not (reason or "").strip():
        raise ApplicationError(_("Give the reason."), code="required")


def _accreditation_notice(
    actor: User, agreement: Agreement, organisation: SendingOrganisation, event
) -> None:
    """The notice to Japan that the MOC calls for this kind of event, if it calls for one."""
    notice_kind, provision = NOTICE_KINDS.get(event.kind, ("", ""))
    if not notice_kind or not agreement.provision_in_force(provision, event.effective_date):
        return
    # Written in the MOC's working language, whichever language the officer's page is in.
    with translation.override(agreement.working_language):
        label = str(dict(AccreditationEvent.KIND_CHOICES)[event.kind])
    period = event.effective_date.isoformat() + (
        f" – {event.valid_until.isoformat()}" if event.valid_until else ""
    )
    notice_send(
        actor=actor,
        agreement=agreement,
        notice_kind=notice_kind,
        subject=f"{label}: {organisation} ({organisation.licence_number})",
        body=f"{label} — {organisation.name_original} / {organisation.name_latin} "
        f"({organisation.licence_number}), {period}"
        + (f"\n{event.reason}" if event.reason else ""),
    )


def accreditation_approve(*, actor: User, event: AccreditationEvent) -> AccreditationEvent:
    """A publisher of the partner (which publishes the list, §7(2)) releases the event to the
    public register. Only the public kinds can be released."""
    agreement = event.organisation.agreement
    require_provision(agreement, "accredited_list_publication")
    require_side_role(actor, Side.PARTNER, (Role.PUBLISHER,))
    if actor.unit.country_code != agreement.code:
        raise NotFound()
    if event.kind not in AccreditationEvent.PUBLIC_KINDS:
        raise ApplicationError(_("This kind of event is not published."), code="not_public")
    with transaction.atomic():
        event = row_lock(event)
        if event.approved_at is not None:
            return event  # released already, perhaps a moment ago: once is enough
        event.approved_by = actor
        event.approved_at = timezone.now()
        event.save(update_fields=["approved_by", "approved_at"])
        public_status_refresh([event.organisation_id])
        audit_record(
            actor, "accreditation.published", event.organisation, agreement.code, event=event.pk
        )
    return event


# ---------------------------------------------------------------- receiving organisations, orders


def receiving_org_register(
    *, actor: User, corporate_number: str, name: str, address: str = ""
) -> ReceivingOrganisation:
    require_side_role(actor, Side.JP, (Role.CONTACT_POINT_OFFICER, Role.OFFICER))
    number = unicodedata.normalize("NFKC", corporate_number or "").strip()
    if not corporate_number_valid(number):
        raise ApplicationError(
            _("This is not a valid corporate number (13 digits with a correct check digit)."),
            code="invalid_corporate_number",
        )
    existing = ReceivingOrganisation.objects.filter(corporate_number=number).first()
    if existing is not None:
        return existing
    with transaction.atomic():
        organisation = ReceivingOrganisation.objects.create(
            corporate_number=number,
            name=text_clean(name, _("Name"), limit=300),
            address=text_clean(address, _("Address"), limit=500, required=False),
        )
        receiving_org_screen(actor, organisation)  # before the ledger lock, as above
        audit_record(actor, "receiving_org.registered", organisation)
    return organisation


def _order_recipients(
    actor: User, agreement_codes: list[str], target_kind: str, issued_on: date
) -> list[Agreement]:
    """The partners to notify: at least one, each under an MOC that on the issue date provides
    for improvement-order notices to this kind of organisation."""
    agreements = [agreement_get_for(actor, code) for code in dict.fromkeys(agreement_codes)]
    if not agreements:
        raise ApplicationError(_("Choose at least one partner to notify."), code="required")
    today = timezone.localdate()
    for agreement in agreements:
        if not agreement.in_force_on(today):
            # Said before anything is written: the notice could not be sent under it.
            raise ApplicationError(
                _("The MOC with %(country)s is not in force: nothing can be sent under it.")
                % {"country": agreement.country(get_language())},
                code="agreement_not_in_force",
                details={"agreement": agreement.code},
            )
        provision = agreement.provision("improvement_order_notice", issued_on)
        if provision is None:
            raise NotProvided("improvement_order_notice")
        if target_kind not in provision.parameters.get("targets", []):
            raise ApplicationError(
                _(
                    "The MOC with %(code)s does not cover improvement orders to this kind of organisation."
                )
                % {"code": agreement.code},
                code="target_not_provided",
            )
    return agreements


def improvement_order_record(
    *,
    actor: User,
    target_kind: str,
    issued_on: date,
    legal_basis: str,
    findings: str,
    agreement_codes: list[str],
    receiving_organisation: ReceivingOrganisation | None = None,
    support_organisation: SupportOrganisation | None = None,
    language: str | None = None,
    translations: dict | None = None,
) -> ImprovementOrder:
    """Japan records an improvement order and notifies the chosen partners whose MOC provides
    for it for this kind of target (KH also for registered support organisations), in each
    one's working language."""
    require_side_role(actor, Side.JP, (Role.CONTACT_POINT_OFFICER,))
    target = (
        receiving_organisation if target_kind == "receiving_organisation" else support_organisation
    )
    if target_kind not in dict(ImprovementOrder.TARGET_CHOICES) or target is None:
        raise ApplicationError(
            _("Name the organisation the order was issued to."), code="invalid_target"
        )
    date_not_future(issued_on, _("The issue date"))
    agreements = _order_recipients(actor, agreement_codes, target_kind, issued_on)
    texts = shared_texts_clean(
        author_language=actor.preferred_language or "en",
        language=language,
        translations=translations,
        limits={"legal_basis": 300, "findings": 10000},
        labels={"legal_basis": _("Legal basis"), "findings": _("Findings")},
        working_languages=[a.working_language for a in agreements],
    )
    with transaction.atomic():
        order = ImprovementOrder.objects.create(
            target_kind=target_kind,
            receiving_organisation=receiving_organisation
            if target_kind == "receiving_organisation"
            else None,
            support_organisation=support_organisation
            if target_kind != "receiving_organisation"
            else None,
            issued_on=issued_on,
            legal_basis=text_clean(legal_basis, _("Legal basis"), limit=300),
            findings=text_clean(findings, _("Findings"), limit=10000),
            recorded_by=actor,
            **texts,
        )
        order.agreements.set(agreements)
        audit_record(
            actor, "improvement_order.recorded", order, ",".join(a.code for a in agreements)
        )
        for agreement in agreements:
            subject = f"改善命令 / Improvement order: {target}"

            def body(legal_basis: str, findings: str) -> str:
                return f"{issued_on.isoformat()} — {legal_basis}\n{target}\n\n{findings}"

            notice_send(
                actor=actor,
                agreement=agreement,
                notice_kind="improvement_order",
                subject=subject,
                body=body(order.legal_basis, order.findings),
                **_notice_languages(order, subject, body, ("legal_basis", "findings")),
            )
    return order


def publication_approve(*, actor: User, entry) -> object:
    """A Japanese publisher releases an improvement order, a support-list version or a
    suspension to the public pages."""
    require_side_role(actor, Side.JP, (Role.PUBLISHER,))
    if not isinstance(entry, ImprovementOrder | SupportOrgListVersion | IntakeSuspension):
        raise ApplicationError(_("This entry is not published."), code="not_public")
    with transaction.atomic():
        entry = row_lock(entry)
        if entry.approved_at is None:  # released once, however many publishers press at once
            entry.approved_at = timezone.now()
            entry.save(update_fields=["approved_at"])
            audit_record(actor, "publication.approved", entry)
    return entry


# ---------------------------------------------------------------- intake suspensions


def intake_suspension_record(
    *,
    actor: User,
    sector: Sector,
    ssw_level: int,
    effective_date: date,
    reason: str,
    language: str | None = None,
    translations: dict | None = None,
) -> IntakeSuspension:
    require_side_role(actor, Side.JP, (Role.CONTACT_POINT_OFFICER,))
    if ssw_level not in (1, 2):
        raise ApplicationError(_("SSW level is 1 or 2."), code="invalid_level")
    texts = shared_texts_clean(
        author_language=actor.preferred_language or "en",
        language=language,
        translations=translations,
        limits={"reason": 5000},
        labels={"reason": _("Reason")},
        working_languages=[
            a.working_language for a in _suspension_recipients(actor, effective_date)
        ],
    )
    with transaction.atomic():
        row_lock(sector)  # two records for one sector at once: the second sees the first
        if IntakeSuspension.objects.filter(
            sector=sector, ssw_level=ssw_level, lifted_on__isnull=True
        ).exists():
            raise Conflict(
                _("Intake in this sector is already suspended."), code="already_suspended"
            )
        suspension = IntakeSuspension.objects.create(
            sector=sector,
            ssw_level=ssw_level,
            effective_date=effective_date,
            reason=text_clean(reason, _("Reason"), limit=5000),
            recorded_by=actor,
            **texts,
        )
        audit_record(actor, "intake.suspended", suspension, status="suspended")
        _notify_suspension(
            actor, suspension, "intake_suspension", "受入れの一時停止 / Intake suspended"
        )
    return suspension


def intake_suspension_lift(
    *, actor: User, suspension: IntakeSuspension, lifted_on: date
) -> IntakeSuspension:
    require_side_role(actor, Side.JP, (Role.CONTACT_POINT_OFFICER,))
    state_require(SUSPENSION, suspension, "lift")
    if lifted_on < suspension.effective_date:
        raise ApplicationError(
            _("This suspension cannot be lifted on that date."), code="invalid_event_sequence"
        )

    def change(locked: IntakeSuspension) -> None:
        locked.lifted_on = lifted_on

    return transition_run(
        SUSPENSION,
        "lift",
        instance=suspension,
        actor=actor,
        change=change,
        then=lambda locked: _notify_suspension(
            actor, locked, "intake_resumed", "受入れの再開 / Intake resumed"
        ),
    )


def _suspension_recipients(actor: User, effective_date: date) -> list[Agreement]:
    return [
        agreement
        for agreement in Agreement.objects.filter(
            status="in_force", assignments__user=actor
        ).distinct()
        if agreement.provision_in_force("intake_suspension", effective_date)
    ]


def _notify_suspension(actor, suspension, kind, title) -> None:
    subject = (
        f"{title}: {suspension.sector.name_ja} / {suspension.sector.name_en} "
        f"({suspension.ssw_level})"
    )

    def body(reason: str) -> str:
        lifted = f" – {suspension.lifted_on.isoformat()}" if suspension.lifted_on else ""
        return f"{suspension.effective_date.isoformat()}{lifted}\n{reason}"

    for agreement in _suspension_recipients(actor, suspension.effective_date):
        notice_send(
            actor=actor,
            agreement=agreement,
            notice_kind=kind,
            subject=subject,
            body=body(suspension.reason),
            **_notice_languages(suspension, subject, body, ("reason",)),
        )


def _notice_languages(record, subject: str, body, fields: tuple[str, ...]) -> dict:
    """The notice in the record's language, with a rendering for each of its translations (the
    subject, already in both languages, stays as it is)."""
    renderings = {
        code: {
            "subject": subject,
            "body": body(*(text.get(name) or getattr(record, name) for name in fields)),
        }
        for code, text in record.translations.items()
    }
    return {"language": record.language, "translations": renderings}
