"""Reads of the registers. Internal reads are scoped to the actor's agreements; public reads see
only what a publisher released, and only the public fields (the publication module shapes them)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from django.db.models import Prefetch, Q, QuerySet

from renkei.accounts.models import Role, User
from renkei.agreements.models import Agreement
from renkei.agreements.scoping import agreement_get_for
from renkei.agreements.selectors import agreement_get_public
from renkei.core.errors import NotFound, PermissionDenied
from renkei.registry.identifiers import licence_key, search_key
from renkei.registry.models import (
    AccreditationEvent,
    CandidateCertificate,
    ImprovementOrder,
    IntakeSuspension,
    SendingOrganisation,
    SupportOrganisation,
    SupportOrgListVersion,
)
from renkei.registry.services import require_provision
from renkei.registry.status import EventKind, StatusOnDate, status_on


def _text_filter(queryset: QuerySet, q: str) -> QuerySet:
    q = (q or "").strip()[:200]
    if not q:
        return queryset
    key = licence_key(q)
    words = search_key(q).split()
    condition = Q()
    for word in words[:5]:
        condition &= Q(search_text__contains=word)
    return queryset.filter(condition | Q(licence_key=key)) if key else queryset.filter(condition)


def sending_org_list_for(
    actor: User, agreement_code: str, q: str = ""
) -> tuple[Agreement, QuerySet]:
    agreement = agreement_get_for(actor, agreement_code)
    require_provision(agreement, "sending_org_accreditation")
    queryset = SendingOrganisation.objects.filter(agreement=agreement).prefetch_related("events")
    return agreement, _text_filter(queryset, q)


def sending_org_get_for(
    actor: User, agreement_code: str, organisation_id: int
) -> SendingOrganisation:
    agreement, queryset = sending_org_list_for(actor, agreement_code)
    organisation = (
        queryset.select_related("representative")
        .prefetch_related("officers")
        .filter(pk=organisation_id)
        .first()
    )
    if organisation is None:
        raise NotFound()
    return organisation


def organisation_status(
    organisation: SendingOrganisation, on: date, published_only: bool = False
) -> StatusOnDate:
    events = list(organisation.events.all())
    if published_only:
        return status_on([e for e in events if e.approved_at is not None], on, strict=False)
    return status_on(events, on)


@dataclass
class RegisterRow:
    organisation: SendingOrganisation
    status: StatusOnDate

    @property
    def accredited_on(self):
        for event in reversed(self.status.deciding):
            if event.kind in (EventKind.ACCREDITED, EventKind.REINSTATED):
                return event.effective_date
        return None

    @property
    def revoked_on(self):
        for event in reversed(self.status.deciding):
            if event.kind == EventKind.REVOKED:
                return event.effective_date
        return None

    @property
    def revocation_reason(self):
        for event in reversed(self.status.deciding):
            if event.kind == EventKind.REVOKED:
                return event.reason
        return ""


def public_register(
    agreement_code: str, on: date, q: str = "", which: str = "accredited"
) -> tuple[Agreement, list[RegisterRow]]:
    """The published register as of ``on``: accredited organisations, or revocations."""
    agreement = agreement_get_public(code=agreement_code)
    require_provision(agreement, "accredited_list_publication")
    published = AccreditationEvent.objects.filter(
        approved_at__isnull=False, effective_date__lte=on
    ).order_by("effective_date", "pk")
    queryset = SendingOrganisation.objects.filter(agreement=agreement)
    # Only organisations with a released event of the kind asked for can appear.
    kinds = (
        [EventKind.ACCREDITED, EventKind.REINSTATED]
        if which == "accredited"
        else [EventKind.REVOKED]
    )
    queryset = queryset.filter(
        pk__in=published.filter(kind__in=kinds, organisation__agreement=agreement).values(
            "organisation_id"
        )
    )
    queryset = _text_filter(queryset, q).prefetch_related(
        Prefetch("events", queryset=published, to_attr="published_events")
    )
    rows = []
    for organisation in queryset:
        status = status_on(organisation.published_events, on, strict=False)
        if (
            which == "accredited"
            and status.sending_allowed
            or which == "revocations"
            and any(e.kind == EventKind.REVOKED for e in status.deciding)
        ):
            rows.append(RegisterRow(organisation, status))
    rows.sort(key=lambda r: (r.organisation.name_latin or r.organisation.name_original).casefold())
    return agreement, rows


def _require_examiner(actor: User) -> None:
    if not actor.has_role(Role.EXAMINER):
        raise PermissionDenied("examiner role required", code="not_examiner")


@dataclass
class Verification:
    organisation: SendingOrganisation
    status: StatusOnDate


def verify_sending_org(
    actor: User, agreement_code: str, on: date, licence: str = "", name: str = ""
) -> tuple[Agreement, list[Verification]]:
    """For examiners: every recorded event counts (Japan was notified of them), published or not."""
    _require_examiner(actor)
    agreement = agreement_get_for(actor, agreement_code)
    require_provision(agreement, "sending_org_accreditation")
    queryset = SendingOrganisation.objects.filter(agreement=agreement)
    if licence:
        queryset = queryset.filter(licence_key=licence_key(licence))
    else:
        words = search_key(name).split()
        if not words:
            return agreement, []
        for word in words[:5]:
            queryset = queryset.filter(search_text__contains=word)
    queryset = queryset.prefetch_related(
        Prefetch("events", queryset=AccreditationEvent.objects.order_by("effective_date", "pk"))
    )[:20]
    return agreement, [Verification(o, status_on(list(o.events.all()), on)) for o in queryset]


def verify_certificate(
    actor: User, agreement_code: str, number: str, on: date
) -> tuple[Agreement, CandidateCertificate | None]:
    _require_examiner(actor)
    agreement = agreement_get_for(actor, agreement_code)
    require_provision(agreement, "candidate_certificates")
    certificate = CandidateCertificate.objects.filter(
        agreement=agreement, number_key=licence_key(number)
    ).first()
    return agreement, certificate


def certificate_validity(certificate: CandidateCertificate, on: date) -> tuple[bool, str]:
    if on < certificate.issued_on:
        return False, "not_yet_issued"
    if certificate.revoked_on is not None and on >= certificate.revoked_on:
        return False, "revoked"
    if on > certificate.valid_until:
        return False, "expired"
    return True, "valid"


def public_improvement_orders(agreement_code: str) -> tuple[Agreement, QuerySet]:
    agreement = agreement_get_public(code=agreement_code)
    require_provision(agreement, "improvement_order_notice")
    orders = ImprovementOrder.objects.filter(
        approved_at__isnull=False, agreements=agreement
    ).select_related("receiving_organisation", "support_organisation")
    return agreement, orders


def public_support_orgs(
    agreement_code: str, q: str = ""
) -> tuple[Agreement, SupportOrgListVersion | None, QuerySet]:
    agreement = agreement_get_public(code=agreement_code)
    require_provision(agreement, "support_org_list_sharing")
    version = SupportOrgListVersion.objects.filter(approved_at__isnull=False).first()
    if version is None:
        return agreement, None, SupportOrganisation.objects.none()
    queryset = SupportOrganisation.objects.filter(on_list=True)
    q = (q or "").strip()[:200]
    if q:
        queryset = queryset.filter(Q(name__icontains=q) | Q(registration_number__icontains=q))
    return agreement, version, queryset


def public_suspensions() -> QuerySet:
    return IntakeSuspension.objects.filter(approved_at__isnull=False).select_related("sector")
