from django.http import HttpRequest
from django.utils.translation import gettext as _
from ninja import Router

from renkei.accounts.api_auth import api_auth
from renkei.core.dates import date_or_today
from renkei.core.errors import ApplicationError, NotFound
from renkei.core.json_renderer import DateOnlyAnswer
from renkei.registry import selectors

router = Router(tags=["verification"], auth=api_auth)


def _event(e) -> dict:
    return {
        "kind": e.kind,
        "effective_date": e.effective_date,
        "valid_until": e.valid_until,
        "reason": e.reason,
    }


@router.get(
    "/verify/sending-organisation",
    summary="Was this sending organisation accredited on that date?",
    description=(
        "Give `licence` or `name` (400 `invalid` when both are blank); `on` is a date "
        "YYYY-MM-DD (400 `invalid_date` otherwise), today when absent. An agreement that is not "
        "there, or does not provide for accreditation, is a 404."
    ),
)
def verify_sending_organisation(
    request: HttpRequest, agreement: str, licence: str = "", name: str = "", on: str | None = None
):
    day = date_or_today(on)
    if not (licence or name).strip():
        raise ApplicationError(_("Give a licence number or a name."), code="invalid")
    found_agreement, matches = selectors.verify_sending_org(
        request.auth, agreement, day, licence=licence, name=name
    )
    if not matches:
        raise NotFound(
            _(
                "No sending organisation of this agreement matches: it is not accredited under this MOC."
            ),
            details={
                "agreement": found_agreement.code,
                "on": day.isoformat(),
                "licence": licence,
                "name": name,
            },
        )
    # Dates and no times: written by orjson itself (ADR 25), a fifty-event history's dates
    # without a call back into Python for each.
    return DateOnlyAnswer(
        {
            "agreement": found_agreement.code,
            "on": day,
            "matches": [
                {
                    "id": m.organisation.pk,
                    "licence_number": m.organisation.licence_number,
                    "name_original": m.organisation.name_original,
                    "name_latin": m.organisation.name_latin,
                    "name_ja": m.organisation.name_ja,
                    "status": m.status.status,
                    "accredited": m.status.sending_allowed,
                    "valid_until": m.status.valid_until,
                    "deciding_events": [_event(e) for e in m.status.deciding],
                }
                for m in matches
            ],
        }
    )


@router.get(
    "/verify/candidate-certificate",
    summary="Is this candidate certificate valid on that date?",
    description=(
        "`on` is a date YYYY-MM-DD (400 `invalid_date` otherwise), today when absent. No "
        "certificate of that number under that agreement is a 404."
    ),
)
def verify_candidate_certificate(
    request: HttpRequest, agreement: str, number: str, on: str | None = None
):
    day = date_or_today(on)
    found_agreement, certificate = selectors.verify_certificate(
        request.auth, agreement, number, day
    )
    if certificate is None:
        raise NotFound(
            _("No certificate with this number was issued: the candidate is not certified."),
            details={"agreement": found_agreement.code, "number": number, "on": day.isoformat()},
        )
    valid, reason = selectors.certificate_validity(certificate, day)
    return {
        "agreement": found_agreement.code,
        "on": day,
        "valid": valid,
        "reason": reason,
        "certificate": {
            "number": certificate.number,
            "candidate_name": certificate.candidate_name,
            "date_of_birth": certificate.date_of_birth,
            "passport_number": certificate.passport_number,
            "issued_on": certificate.issued_on,
            "valid_until": certificate.valid_until,
            "revoked_on": certificate.revoked_on,
        },
    }


health_router = Router(tags=["health"])


@health_router.get("/health", auth=None, summary="Liveness: a constant answer")
def health(request: HttpRequest):
    return {"ok": True}
