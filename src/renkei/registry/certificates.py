"""Cambodia's candidate certificates (KH §5(3), §6(1)): recorded and revoked by the partner's
contact point, each naming the accredited organisation the candidate is sent through where the
MOC sends workers only through accredited organisations (§5(2))."""

from __future__ import annotations

from datetime import date

from django.db import IntegrityError, transaction
from django.utils.translation import gettext as _

from renkei.accounts.models import Role, Side, User
from renkei.agreements.models import Agreement
from renkei.agreements.scoping import agreement_get_for
from renkei.audit.services import audit_record
from renkei.core.dates import date_not_future
from renkei.core.errors import ApplicationError, Conflict, NotFound
from renkei.core.text import text_clean
from renkei.core.transitions import state_require, transition_run
from renkei.registry.identifiers import licence_key
from renkei.registry.life_cycle import CERTIFICATE
from renkei.registry.models import CandidateCertificate, SendingOrganisation
from renkei.registry.provisions import require_provision
from renkei.registry.rights import require_side_role
from renkei.registry.status import Status, status_on


def candidate_certificate_record(
    *,
    actor: User,
    agreement_code: str,
    number: str,
    candidate_name: str,
    issued_on: date,
    valid_until: date,
    date_of_birth: date | None = None,
    passport_number: str = "",
    sending_organisation_licence: str = "",
) -> CandidateCertificate:
    agreement = agreement_get_for(actor, agreement_code)
    require_provision(agreement, "candidate_certificates", issued_on)
    require_side_role(actor, Side.PARTNER, (Role.CONTACT_POINT_OFFICER, Role.OFFICER))
    key = licence_key(number)
    if not key:
        raise ApplicationError(_("Give the certificate number."), code="required")
    date_not_future(issued_on, _("The issue date"))
    if valid_until <= issued_on:
        raise ApplicationError(_("The validity must end after it starts."), code="invalid_period")
    if CandidateCertificate.objects.filter(agreement=agreement, number_key=key).exists():
        raise ApplicationError(
            _("This certificate number is already recorded."), code="duplicate_number"
        )
    sender = _certificate_sender(agreement, sending_organisation_licence, issued_on)
    fields = {
        "sending_organisation": sender,
        "number": text_clean(number, _("Certificate number"), limit=50),
        "candidate_name": text_clean(candidate_name, _("Candidate"), limit=200),
        "passport_number": text_clean(
            passport_number, _("Passport number"), limit=20, required=False
        ).upper(),
    }
    try:
        with transaction.atomic():
            certificate = CandidateCertificate.objects.create(
                agreement=agreement,
                number_key=key,
                date_of_birth=date_of_birth,
                issued_on=issued_on,
                valid_until=valid_until,
                recorded_by=actor,
                **fields,
            )
            audit_record(actor, "certificate.issued", certificate, agreement.code, status="valid")
    except IntegrityError:
        # The same number recorded by another officer a moment ago: the constraint decides.
        raise ApplicationError(
            _("This certificate number is already recorded."), code="duplicate_number"
        ) from None
    return certificate


def _certificate_sender(
    agreement: Agreement, licence: str, issued_on: date
) -> SendingOrganisation | None:
    """The organisation a certified candidate is sent through. Where the MOC sends workers only
    through accredited organisations (KH §5(2)), it must be named and accredited on the day the
    certificate is issued."""
    only_accredited = agreement.provision_in_force("accredited_senders_only", issued_on)
    key = licence_key(licence or "")
    if not key:
        if only_accredited:
            raise ApplicationError(
                _("Name the accredited sending organisation the candidate is sent through."),
                code="sender_required",
            )
        return None
    sender = SendingOrganisation.objects.filter(agreement=agreement, licence_key=key).first()
    if sender is None:
        raise ApplicationError(
            _("No sending organisation with this licence number is registered."),
            code="unknown_sending_organisation",
        )
    if (
        only_accredited
        and status_on(list(sender.events.all()), issued_on).status != Status.ACCREDITED
    ):
        raise Conflict(
            _(
                "This sending organisation was not accredited on the issue date: under this MOC "
                "workers are sent only through accredited organisations."
            ),
            code="sender_not_accredited",
        )
    return sender


def candidate_certificate_revoke(
    *, actor: User, certificate: CandidateCertificate, revoked_on: date
) -> CandidateCertificate:
    agreement = certificate.agreement
    require_side_role(actor, Side.PARTNER, (Role.CONTACT_POINT_OFFICER,))
    if actor.unit.country_code != agreement.code:
        raise NotFound()
    date_not_future(revoked_on, _("The revocation date"))
    state_require(CERTIFICATE, certificate, "revoke")
    if revoked_on < certificate.issued_on:
        raise ApplicationError(
            _("This certificate cannot be revoked on that date."), code="invalid_event_sequence"
        )

    def change(locked: CandidateCertificate) -> None:
        locked.revoked_on = revoked_on

    return transition_run(
        CERTIFICATE,
        "revoke",
        instance=certificate,
        actor=actor,
        change=change,
        agreement_code=agreement.code,
    )
