from datetime import date

from django.http import HttpRequest
from django.utils import timezone
from ninja import Field, Router, Schema, Status

from renkei.accounts.api_auth import api_auth
from renkei.core.errors import NotFound
from renkei.core.idempotency import run_idempotent
from renkei.registry import selectors, services
from renkei.registry.models import (
    ImprovementOrder,
    IntakeSuspension,
    ReceivingOrganisation,
    Sector,
    SupportOrganisation,
    SupportOrgListVersion,
)
from renkei.registry.support_list import support_org_list_share

router = Router(tags=["registers"], auth=api_auth)


class OrganisationIn(Schema):
    name_original: str = Field(..., max_length=300)
    licence_number: str = Field(..., max_length=100)
    name_latin: str = Field("", max_length=300)
    name_ja: str = Field("", max_length=300)
    address: str = Field("", max_length=500)
    phone: str = Field("", max_length=50)
    representative: str = Field("", max_length=200)
    officers: list[str] = Field(default_factory=list, max_length=30)


class EventIn(Schema):
    kind: str
    effective_date: date
    valid_until: date | None = None
    reason: str = Field("", max_length=5000)


class CertificateIn(Schema):
    number: str = Field(..., max_length=50)
    candidate_name: str = Field(..., max_length=200)
    issued_on: date
    valid_until: date
    date_of_birth: date | None = None
    passport_number: str = Field("", max_length=20)
    sending_organisation_licence: str = Field(
        "",
        max_length=100,
        description="Licence number of the sending organisation the candidate is sent "
        "through; required, and accredited on the issue date, where the MOC has "
        "`accredited_senders_only` (409 `sender_not_accredited`).",
    )


class CertificateRevokeIn(Schema):
    revoked_on: date


class ReceivingIn(Schema):
    corporate_number: str = Field(..., max_length=20)
    name: str = Field(..., max_length=300)
    address: str = Field("", max_length=500)


LANGUAGE = Field(None, max_length=5, description="ja or en; the author's by default")
TRANSLATIONS = Field(
    None,
    description="The texts rendered by language code; the partners' working language (English) "
    "must be here unless it is the texts' own language.",
)


class OrderTranslation(Schema):
    legal_basis: str = Field("", max_length=300)
    findings: str = Field("", max_length=10000)


class OrderIn(Schema):
    target_kind: str
    target_id: int
    issued_on: date
    legal_basis: str = Field(..., max_length=300)
    findings: str = Field(..., max_length=10000)
    agreements: list[str] = Field(..., min_length=1, max_length=30)
    language: str | None = LANGUAGE
    translations: dict[str, OrderTranslation] | None = TRANSLATIONS


class ReasonTranslation(Schema):
    reason: str = Field("", max_length=5000)


class SuspensionIn(Schema):
    sector: str
    ssw_level: int
    effective_date: date
    reason: str = Field(..., max_length=5000)
    language: str | None = LANGUAGE
    translations: dict[str, ReasonTranslation] | None = TRANSLATIONS


def _translations(given) -> dict | None:
    return None if given is None else {code: text.dict() for code, text in given.items()}


def _organisation(o, on: date | None = None) -> dict:
    status = selectors.organisation_status(o, on or timezone.localdate())
    return {
        "id": o.pk,
        "agreement": o.agreement.code,
        "name_original": o.name_original,
        "name_latin": o.name_latin,
        "name_ja": o.name_ja,
        "licence_number": o.licence_number,
        "address": o.address,
        "phone": o.phone,
        "status": status.status,
        "valid_until": status.valid_until,
        "events": [
            {
                "id": e.pk,
                "kind": e.kind,
                "effective_date": e.effective_date,
                "valid_until": e.valid_until,
                "reason": e.reason,
                "published": e.approved_at is not None,
            }
            for e in o.events.all()
        ],
    }


@router.get("/agreements/{code}/sending-organisations", summary="Sending organisations (scoped)")
def organisation_list(request: HttpRequest, code: str, q: str = ""):
    _agreement, queryset = selectors.sending_org_list_for(request.auth, code, q)
    return [_organisation(o) for o in queryset.select_related("agreement")[:200]]


@router.post(
    "/agreements/{code}/sending-organisations",
    response={201: dict},
    summary="Register a sending organisation",
)
def organisation_create(request: HttpRequest, code: str, payload: OrganisationIn):
    def produce():
        organisation = services.sending_org_create(
            actor=request.auth, agreement_code=code, **payload.dict()
        )
        return _organisation(organisation)

    return run_idempotent(request, 201, produce)


@router.get(
    "/agreements/{code}/sending-organisations/{organisation_id}",
    summary="One sending organisation with its history",
)
def organisation_detail(request: HttpRequest, code: str, organisation_id: int):
    return _organisation(selectors.sending_org_get_for(request.auth, code, organisation_id))


@router.post(
    "/agreements/{code}/sending-organisations/{organisation_id}/events",
    response={201: dict},
    summary="Record an accreditation event",
)
def event_create(request: HttpRequest, code: str, organisation_id: int, payload: EventIn):
    organisation = selectors.sending_org_get_for(request.auth, code, organisation_id)

    def produce():
        services.accreditation_record(
            actor=request.auth, organisation=organisation, **payload.dict()
        )
        organisation.refresh_from_db()
        return _organisation(selectors.sending_org_get_for(request.auth, code, organisation_id))

    return run_idempotent(request, 201, produce)


@router.post(
    "/agreements/{code}/sending-organisations/{organisation_id}/events/{event_id}/publish",
    summary="Release an event to the public register",
)
def event_publish(request: HttpRequest, code: str, organisation_id: int, event_id: int):
    organisation = selectors.sending_org_get_for(request.auth, code, organisation_id)
    event = organisation.events.filter(pk=event_id).first()
    if event is None:
        raise NotFound()
    services.accreditation_approve(actor=request.auth, event=event)
    return _organisation(selectors.sending_org_get_for(request.auth, code, organisation_id))


@router.post(
    "/agreements/{code}/candidate-certificates",
    response={201: dict},
    summary="Record a candidate certificate",
)
def certificate_create(request: HttpRequest, code: str, payload: CertificateIn):
    def produce():
        c = services.candidate_certificate_record(
            actor=request.auth, agreement_code=code, **payload.dict()
        )
        return {"id": c.pk, "number": c.number, "status": c.status, "valid_until": c.valid_until}

    return run_idempotent(request, 201, produce)


@router.post(
    "/agreements/{code}/candidate-certificates/{certificate_id}/revoke",
    response={200: dict},
    summary="Revoke a candidate certificate",
    description=(
        "The partner's contact point revokes a certificate it issued (KH §5(3)); from the "
        "revocation date the verification answers that it is not valid. Refused with 409 "
        "`invalid_transition` when it is revoked already, 400 `invalid_event_sequence` before "
        "its issue date and 400 `future_date` after today."
    ),
)
def certificate_revoke(
    request: HttpRequest, code: str, certificate_id: int, payload: CertificateRevokeIn
):
    certificate = selectors.certificate_get_for(request.auth, code, certificate_id)
    c = services.candidate_certificate_revoke(
        actor=request.auth, certificate=certificate, revoked_on=payload.revoked_on
    )
    return {"id": c.pk, "number": c.number, "status": c.status, "revoked_on": c.revoked_on}


@router.post(
    "/receiving-organisations",
    response={201: dict},
    summary="Register a receiving organisation (法人番号 checked)",
)
def receiving_create(request: HttpRequest, payload: ReceivingIn):
    o = services.receiving_org_register(actor=request.auth, **payload.dict())
    return Status(201, {"id": o.pk, "corporate_number": o.corporate_number, "name": o.name})


@router.post(
    "/improvement-orders",
    response={201: dict},
    summary="Record an improvement order and notify partners",
)
def order_create(request: HttpRequest, payload: OrderIn):
    model = (
        ReceivingOrganisation
        if payload.target_kind == "receiving_organisation"
        else SupportOrganisation
    )
    target = model.objects.filter(pk=payload.target_id).first()
    if target is None:
        raise NotFound()

    def produce():
        order = services.improvement_order_record(
            actor=request.auth,
            target_kind=payload.target_kind,
            issued_on=payload.issued_on,
            legal_basis=payload.legal_basis,
            findings=payload.findings,
            agreement_codes=payload.agreements,
            language=payload.language,
            translations=_translations(payload.translations),
            receiving_organisation=target if model is ReceivingOrganisation else None,
            support_organisation=target if model is SupportOrganisation else None,
        )
        return {"id": order.pk, "notified": sorted(a.code for a in order.agreements.all())}

    return run_idempotent(request, 201, produce)


@router.post(
    "/intake-suspensions",
    response={201: dict},
    summary="Suspend intake in a sector",
    description=(
        "Japan's side only (403). `sector` is a sector code (404 otherwise) and `ssw_level` one "
        "the sector has; the suspension reaches the agreements in force that provide for it "
        "(400 with the rule's code otherwise)."
    ),
)
def suspension_create(request: HttpRequest, payload: SuspensionIn):
    sector = Sector.objects.filter(code=payload.sector).first()
    if sector is None:
        raise NotFound()

    def produce():
        s = services.intake_suspension_record(
            actor=request.auth,
            sector=sector,
            ssw_level=payload.ssw_level,
            effective_date=payload.effective_date,
            reason=payload.reason,
            language=payload.language,
            translations=_translations(payload.translations),
        )
        return {
            "id": s.pk,
            "sector": sector.code,
            "ssw_level": s.ssw_level,
            "effective_date": s.effective_date,
        }

    return run_idempotent(request, 201, produce)


@router.post("/intake-suspensions/{suspension_id}/lift", summary="Lift a suspension")
def suspension_lift(request: HttpRequest, suspension_id: int, lifted_on: date):
    suspension = IntakeSuspension.objects.filter(pk=suspension_id).first()
    if suspension is None:
        raise NotFound()
    s = services.intake_suspension_lift(
        actor=request.auth, suspension=suspension, lifted_on=lifted_on
    )
    return {"id": s.pk, "lifted_on": s.lifted_on}


@router.post(
    "/support-organisation-lists/{version_id}/share", summary="Share a list version with a partner"
)
def support_list_share(request: HttpRequest, version_id: int, agreement: str):
    version = SupportOrgListVersion.objects.filter(pk=version_id).first()
    if version is None:
        raise NotFound()
    support_org_list_share(actor=request.auth, version=version, agreement_code=agreement)
    return {"shared": True, "agreement": agreement.upper()}


PUBLISHABLE = {
    "improvement-orders": ImprovementOrder,
    "support-organisation-lists": SupportOrgListVersion,
    "intake-suspensions": IntakeSuspension,
}


@router.post(
    "/publication/{kind}/{entry_id}/approve", summary="Release a Japanese entry to the public pages"
)
def publication_approve(request: HttpRequest, kind: str, entry_id: int):
    model = PUBLISHABLE.get(kind)
    entry = model.objects.filter(pk=entry_id).first() if model else None
    if entry is None:
        raise NotFound()
    services.publication_approve(actor=request.auth, entry=entry)
    return {"approved": True}
