"""Writes for the MOC registry: loading the agreements from their data files and assigning users."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from django.db import transaction
from django.utils.translation import gettext as _

from renkei.accounts.models import Side, User
from renkei.accounts.reference_data import partner_units_sync
from renkei.accounts.rights import require_administrator
from renkei.agreements.data_files import DATA_DIR, data_file_paths, read_data_file
from renkei.agreements.models import Agreement, AgreementAssignment, Provision, Signature
from renkei.audit.services import audit_append
from renkei.core.errors import ApplicationError


@dataclass
class LoadReport:
    created: list[str] = field(default_factory=list)
    updated: list[str] = field(default_factory=list)
    unchanged: list[str] = field(default_factory=list)


def agreements_load(*, actor: User | None = None, directory: Path = DATA_DIR) -> LoadReport:
    """Create or update every agreement from its data file. Unchanged files write nothing, so
    running set-up twice changes nothing, not even the ledger."""
    report = LoadReport()
    parsed = [read_data_file(path) for path in data_file_paths(directory)]  # all checked first
    with transaction.atomic():
        for document, digest in parsed:
            agreement = Agreement.objects.filter(code=document["code"]).first()
            if agreement is not None and agreement.data_digest == digest:
                report.unchanged.append(agreement.code)
                continue
            before = {"data_digest": agreement.data_digest} if agreement else {}
            agreement = _write_agreement(agreement, document, digest)
            (report.updated if before else report.created).append(agreement.code)
            audit_append(
                actor=actor,
                action="agreement.updated" if before else "agreement.loaded",
                target=agreement,
                agreement_code=agreement.code,
                before=before,
                after={
                    "data_digest": digest,
                    "status": agreement.status,
                    "provisions": sorted(p["key"] for p in document.get("provisions", [])),
                },
            )
    return report


def _write_agreement(agreement: Agreement | None, doc: dict, digest: str) -> Agreement:
    points = doc["contact_points"]
    agreement = agreement or Agreement(code=doc["code"])
    agreement.country_ja = doc["country_ja"]
    agreement.country_en = doc["country_en"]
    agreement.time_zone = doc["time_zone"]
    agreement.working_language = doc.get("working_language", "en")
    agreement.partner_ministry_ja = doc["partner_ministry_ja"]
    agreement.partner_ministry_en = doc["partner_ministry_en"]
    agreement.partner_ministry_abbr = doc.get("partner_ministry_abbr", "")
    agreement.jp_contact_point_ja = points[Side.JP]["name_ja"]
    agreement.jp_contact_point_en = points[Side.JP]["name_en"]
    agreement.partner_contact_point_ja = points[Side.PARTNER]["name_ja"]
    agreement.partner_contact_point_en = points[Side.PARTNER]["name_en"]
    if agreement.pk is None or not agreement.lifecycle_events.exists():
        # Once the life cycle has been recorded, it — not the data file — says the status.
        agreement.status = doc["status"]
    agreement.source = doc.get("source", "")
    agreement.data_digest = digest
    agreement.full_clean()
    agreement.save()
    agreement.signatures.all().delete()
    Signature.objects.bulk_create(
        Signature(
            agreement=agreement,
            order=index,
            signed_on=sig["signed_on"],
            place_ja=sig["place_ja"],
            place_en=sig["place_en"],
        )
        for index, sig in enumerate(doc["signatures"], start=1)
    )
    agreement.provisions.all().delete()
    Provision.objects.bulk_create(
        Provision(
            agreement=agreement,
            key=p["key"],
            clause=p["clause"],
            text=p["text"].strip(),
            text_en=p.get("text_en", "").strip(),
            parameters=p.get("parameters", {}),
            note_ja=p.get("note_ja", ""),
            note_en=p.get("note_en", ""),
        )
        for p in doc.get("provisions", [])
    )
    return agreement


def assignment_add(*, actor: User | None, user: User, agreement: Agreement) -> AgreementAssignment:
    """Put ``user`` to work in ``agreement``. A partner user works in its own agreement only."""
    require_administrator(actor)
    if user.side == Side.PARTNER and user.unit.country_code != agreement.code:
        raise ApplicationError(
            _("A partner user can only be assigned to its own country's agreement."),
            code="wrong_agreement",
        )
    if user.side == Side.OPERATOR:
        raise ApplicationError(
            _("Operator accounts are not assigned to agreements."), code="wrong_agreement"
        )
    existing = AgreementAssignment.objects.filter(user=user, agreement=agreement).first()
    if existing is not None:
        return existing
    with transaction.atomic():
        assignment = AgreementAssignment.objects.create(user=user, agreement=agreement)
        audit_append(
            actor=actor,
            action="assignment.added",
            target=assignment,
            agreement_code=agreement.code,
            after={"user": user.username, "agreement": agreement.code},
        )
    return assignment


def agreements_partner_units_sync(*, actor: User | None = None) -> None:
    """Each partner's contact-point office and embassy, named from its agreement, with the
    partner's time zone: after the agreements are loaded (setup, and the tests' worlds)."""
    for agreement in Agreement.objects.order_by("code"):
        partner_units_sync(
            actor=actor,
            code=agreement.code,
            country_ja=agreement.country_ja,
            country_en=agreement.country_en,
            contact_point_ja=agreement.partner_contact_point_ja,
            contact_point_en=agreement.partner_contact_point_en,
            time_zone=agreement.time_zone,
        )
