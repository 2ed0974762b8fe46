"""What the registers hand to screening: each record's names in every script, its people, its
phone, licence or registration number and address, and whether it is flagged (revoked)."""

from __future__ import annotations

from django.utils import timezone

from renkei.accounts.models import Side, User
from renkei.registry.models import ReceivingOrganisation, SendingOrganisation, SupportOrganisation
from renkei.registry.status import STATUS_WORDS, status_on
from renkei.screening.models import SourceType
from renkei.screening.services import NameInput, screen_record

FLAGGED_STATUSES = frozenset({"revoked", "suspended"})


def sending_org_entry(organisation: SendingOrganisation) -> NameInput:
    status = status_on(list(organisation.events.all()), timezone.localdate(), strict=False)
    flagged = status.status in FLAGGED_STATUSES
    # The status in English (the msgid): the review queue translates it for whoever reads it.
    label = f"{organisation.licence_number} ({STATUS_WORDS[status.status]})"
    people = [organisation.representative] if organisation.representative else []
    people += list(organisation.officers.all())
    return NameInput(
        names=[organisation.name_original, organisation.name_latin, organisation.name_ja],
        kind="organisation",
        source_type=SourceType.SENDING_ORGANISATION,
        source_id=organisation.pk,
        label=label,
        flagged=flagged,
        phone=organisation.phone,
        identifier=organisation.licence_number,
        address=organisation.address,
        people=[
            NameInput(
                names=[p.name_original, p.name_latin, p.name_ja],
                kind="person",
                source_type=SourceType.SENDING_ORGANISATION_PERSON,
                source_id=p.pk,
                label=f"{organisation.name_latin or organisation.name_original} — {label}",
                flagged=flagged,
            )
            for p in people
        ],
    )


def sending_org_screen(actor: User | None, organisation: SendingOrganisation) -> list:
    return screen_record(
        actor=actor,
        entry=sending_org_entry(organisation),
        agreement=organisation.agreement,
        side=Side.PARTNER,
    )


def support_org_entry(organisation: SupportOrganisation) -> NameInput:
    representative = organisation.representative
    return NameInput(
        names=[organisation.name],
        kind="organisation",
        source_type=SourceType.SUPPORT_ORGANISATION,
        source_id=organisation.pk,
        label=organisation.registration_number,
        identifier=organisation.registration_number,
        address=organisation.address,
        phone=organisation.phone,
        people=[
            NameInput(
                names=[representative],
                kind="person",
                source_type=SourceType.SUPPORT_ORGANISATION_PERSON,
                source_id=organisation.pk,
                label=organisation.registration_number,
            )
        ]
        if representative
        else [],
    )


def receiving_org_entry(organisation: ReceivingOrganisation) -> NameInput:
    return NameInput(
        names=[organisation.name],
        kind="organisation",
        source_type=SourceType.RECEIVING_ORGANISATION,
        source_id=organisation.pk,
        label=organisation.corporate_number,
        identifier=organisation.corporate_number,
        address=organisation.address,
    )


def receiving_org_screen(actor: User | None, organisation: ReceivingOrganisation) -> list:
    return screen_record(
        actor=actor, entry=receiving_org_entry(organisation), agreement=None, side=Side.JP
    )
