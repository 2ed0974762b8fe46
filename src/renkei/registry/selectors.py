"""Reads of the registers. Internal reads are scoped to the actor's agreements; public reads see
only what a publisher released, and only the public fields (the publication module shapes them)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from functools import partial
from typing import NamedTuple

from django.db.models import Q, QuerySet
from django.utils import timezone

from renkei.accounts.models import User
from renkei.agreements.models import Agreement
from renkei.agreements.scoping import (
    agreement_get_for,
    agreement_rows_get_for,
    assigned_agreement_read,
    beside_assigned,
)
from renkei.agreements.selectors import agreement_get_public
from renkei.core.errors import NotFound
from renkei.registry.identifiers import licence_key, search_key
from renkei.registry.models import (
    AccreditationEvent,
    CandidateCertificate,
    ImprovementOrder,
    IntakeSuspension,
    PublicStatusPeriod,
    SendingOrganisation,
    SupportOrganisation,
    SupportOrgListVersion,
)
from renkei.registry.provisions import require_provision
from renkei.registry.rights import require_examiner
from renkei.registry.status import EventKind, Status, StatusOnDate, status_on


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


class PublicEvent(NamedTuple):
    # A tuple, not a model: the public register replays thousands of these per page.
    organisation_id: int
    kind: str
    effective_date: date
    valid_until: date | None
    reason: str


@dataclass
class PublicRegister:
    agreement: Agreement
    rows: list[RegisterRow]
    total: int
    page: int
    per_page: int | None


def public_register(
    agreement_code: str,
    on: date,
    q: str = "",
    which: str = "accredited",
    page: int = 1,
    per_page: int | None = 50,
) -> PublicRegister:
    """The published register as of ``on``: accredited organisations, or revocations. Which
    organisations are listed comes from one query — the status periods compiled from the
    released events (ADR 14), or the released revocations — and only the requested page's
    organisations are loaded and their released events replayed for what the rows show."""
    agreement = agreement_get_public(code=agreement_code)
    require_provision(agreement, "accredited_list_publication")
    organisations = _text_filter(SendingOrganisation.objects.filter(agreement=agreement), q)
    if which == "accredited":
        listed = PublicStatusPeriod.objects.filter(
            Q(ends_on__isnull=True) | Q(ends_on__gt=on),
            agreement=agreement,
            status__in=Status.SENDING_ALLOWED,
            starts_on__lte=on,
        )
    else:
        # Listed once revoked, whatever followed: the revocation stays on the record.
        listed = AccreditationEvent.objects.filter(
            organisation__agreement=agreement,
            approved_at__isnull=False,
            kind=EventKind.REVOKED,
            effective_date__lte=on,
        )
    names = (
        organisations.filter(pk__in=listed.values("organisation_id"))
        .order_by()  # ordered below, by the name as shown
        .values_list("pk", "name_latin", "name_original")
    )
    ordered = [
        pk for pk, latin, original in sorted(names, key=lambda n: ((n[1] or n[2]).casefold(), n[0]))
    ]
    page = max(page, 1)
    chosen = ordered if per_page is None else ordered[(page - 1) * per_page : page * per_page]
    loaded = SendingOrganisation.objects.in_bulk(chosen)
    statuses = _released_statuses(chosen, on)
    rows = [RegisterRow(loaded[pk], statuses[pk]) for pk in chosen]
    return PublicRegister(agreement, rows, len(ordered), page, per_page)


def _released_statuses(organisation_ids: list[int], on: date) -> dict[int, StatusOnDate]:
    """The status on ``on`` of each organisation replayed from its released events only, as
    plain tuples, a few hundred organisations per statement."""
    history: dict[int, list[PublicEvent]] = {pk: [] for pk in organisation_ids}
    for start in range(0, len(organisation_ids), 500):
        released = (
            AccreditationEvent.objects.filter(
                organisation_id__in=organisation_ids[start : start + 500],
                approved_at__isnull=False,
                effective_date__lte=on,
            )
            .order_by("organisation_id", "effective_date", "pk")
            .values_list("organisation_id", "kind", "effective_date", "valid_until", "reason")
        )
        for event in map(PublicEvent._make, released):
            history[event.organisation_id].append(event)
    return {pk: status_on(events, on, strict=False) for pk, events in history.items()}


@dataclass
class Verification:
    organisation: SendingOrganisation
    status: StatusOnDate


def verify_sending_org(
    actor: User, agreement_code: str, on: date, licence: str = "", name: str = ""
) -> tuple[Agreement, list[Verification]]:
    """For examiners: every recorded event counts (Japan was notified of them), published or
    not. One query for the organisations with their events, in order."""
    require_examiner(actor)
    if licence:
        # The examiners' usual question (ADR 7): the agreement with the licence's organisation,
        # and the organisation's events, in one round trip.
        agreement, organisation, (events,) = agreement_rows_get_for(
            actor,
            agreement_code,
            _VERIFY_ORGANISATION,
            {"key": licence_key(licence)},
            beside=(_VERIFY_EVENTS,),
        )
        require_provision(agreement, "sending_org_accreditation")
        return agreement, _verified(organisation, events, on)
    agreement = agreement_get_for(actor, agreement_code)
    require_provision(agreement, "sending_org_accreditation")
    words = search_key(name).split()
    if not words:
        return agreement, []
    organisations = SendingOrganisation.objects.filter(agreement=agreement)
    for word in words[:5]:
        organisations = organisations.filter(search_text__contains=word)
    chosen = organisations.values("pk")[:20]
    events = AccreditationEvent.objects.filter(organisation__in=chosen)
    events = events.select_related("organisation").order_by(
        "organisation_id", "effective_date", "pk"
    )
    grouped: dict[int, tuple[SendingOrganisation, list]] = {}
    for event in events:
        grouped.setdefault(event.organisation_id, (event.organisation, []))[1].append(event)
    # A licence names at most one organisation; a name search may also find organisations
    # that are registered without any event yet.
    if not (licence and grouped):
        for organisation in SendingOrganisation.objects.filter(pk__in=chosen).exclude(
            pk__in=list(grouped)
        ):
            grouped[organisation.pk] = (organisation, [])
    return agreement, [Verification(o, status_on(evs, on)) for o, evs in grouped.values()]


# The examiners' hot path reads the agreement with the licence's organisation, and beside it the
# organisation's events (ADR 7): two statements sent together, so that on PostgreSQL they are one
# round trip. One statement joining the events repeated the organisation's five columns on each
# of its events' rows, and making those values Python objects cost more than a second statement.
# Of the agreement it loads what the answer and the provision check use: its other fifteen
# columns took a third of the statement's time and most of the model's.
_VERIFY_ORGANISATION = assigned_agreement_read(
    columns="o.id, o.licence_number, o.name_original, o.name_latin, o.name_ja",
    joins=f"LEFT JOIN {SendingOrganisation._meta.db_table} o"
    " ON o.agreement_id = a.id AND o.licence_key = %(key)s",
    only=("code", "data_digest", "amendments_in_force"),
)
_VERIFY_EVENTS = beside_assigned(
    columns="e.kind, e.effective_date, e.valid_until, e.reason",
    joins=f"JOIN {SendingOrganisation._meta.db_table} o"
    " ON o.agreement_id = a.id AND o.licence_key = %(key)s"
    f" JOIN {AccreditationEvent._meta.db_table} e ON e.organisation_id = o.id",
    order="e.effective_date, e.id",
)


class VerifiedOrganisation(NamedTuple):
    pk: int
    licence_number: str
    name_original: str
    name_latin: str
    name_ja: str


class VerifiedEvent(NamedTuple):
    kind: str
    effective_date: date
    valid_until: date | None
    reason: str

    def get_kind_display(self) -> str:
        return str(dict(AccreditationEvent.KIND_CHOICES).get(self.kind, self.kind))


_verified_event = partial(tuple.__new__, VerifiedEvent)  # VerifiedEvent._make, in C


def _verified(organisation: tuple, events: list[tuple], on: date) -> list[Verification]:
    """The licence's organisation (its columns, Nones where there is none) with its events'
    rows, verified on ``on``."""
    if organisation[0] is None:
        return []
    # Each row is already (kind, effective_date, valid_until, reason), dates as dates on both
    # databases (the driver's connection converts them as Django's cursor does): made events
    # in C, not through a Python constructor fifty times.
    found = VerifiedOrganisation(*organisation)
    return [Verification(found, status_on(list(map(_verified_event, events)), on))]


def verify_certificate(
    actor: User, agreement_code: str, number: str, on: date
) -> tuple[Agreement, CandidateCertificate | None]:
    require_examiner(actor)
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


def referrals_for(actor: User, organisation: SendingOrganisation) -> list:
    """Japan's referrals that name this organisation (by licence number, or by name when no
    licence was given), with the partner's investigation result: the answer in each thread."""
    from renkei.exchange.selectors import referrals_for_agreement

    referrals = referrals_for_agreement(actor, organisation.agreement)
    names = {
        search_key(n)
        for n in (organisation.name_original, organisation.name_latin, organisation.name_ja)
        if n
    }
    found = []
    for referral in referrals:
        details = referral.details or {}
        given = licence_key(details.get("licence_number", ""))
        if (given and given == organisation.licence_key) or (
            not given and search_key(details.get("sending_organisation_name", "")) in names
        ):
            answer = next((r for r in reversed(list(referral.replies.all())) if r.is_answer), None)
            found.append((referral, answer))
    return found


@dataclass(frozen=True)
class UnaccreditedReferral:
    referral: object  # the exchange
    organisation: SendingOrganisation | None  # None: no organisation of this agreement found
    status: StatusOnDate | None


def referrals_naming_unaccredited(actor: User, agreement) -> list[UnaccreditedReferral]:
    """Where the MOC sends workers only through accredited organisations (KH §5(2)), Japan's
    referrals that name an organisation not accredited on the day the referral was sent (or
    none registered by that licence or name): flagged on the register's page."""
    if not agreement.provision_in_force("accredited_senders_only"):
        return []
    from renkei.exchange.selectors import referrals_for_agreement

    organisations = list(
        SendingOrganisation.objects.filter(agreement=agreement).prefetch_related("events")
    )
    by_licence = {o.licence_key: o for o in organisations}
    by_name = {
        search_key(n): o
        for o in organisations
        for n in (o.name_original, o.name_latin, o.name_ja)
        if n
    }
    flagged = []
    for referral in referrals_for_agreement(actor, agreement).filter(sent_at__isnull=False):
        details = referral.details or {}
        licence = licence_key(details.get("licence_number", ""))
        named = details.get("sending_organisation_name", "")
        organisation = by_licence.get(licence) if licence else by_name.get(search_key(named))
        if organisation is None:
            flagged.append(UnaccreditedReferral(referral, None, None))
            continue
        day = timezone.localtime(referral.sent_at).date()
        status = status_on(list(organisation.events.all()), day, strict=False)
        if status.status != Status.ACCREDITED:
            flagged.append(UnaccreditedReferral(referral, organisation, status))
    return flagged


def certificate_get_for(
    actor: User, agreement_code: str, certificate_id: int
) -> CandidateCertificate:
    agreement = agreement_get_for(actor, agreement_code)
    require_provision(agreement, "candidate_certificates")
    certificate = CandidateCertificate.objects.filter(
        agreement=agreement, pk=certificate_id
    ).first()
    if certificate is None:
        raise NotFound()
    return certificate


def certificate_list_for(actor: User, agreement_code: str) -> QuerySet[CandidateCertificate]:
    agreement = agreement_get_for(actor, agreement_code)
    require_provision(agreement, "candidate_certificates")
    return (
        CandidateCertificate.objects.filter(agreement=agreement)
        .select_related("sending_organisation")
        .order_by("-issued_on", "-pk")[:200]
    )
