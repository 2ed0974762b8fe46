from django.conf import settings
from django.http import HttpRequest
from django.utils.translation import gettext as _
from ninja import Router

from renkei.accounts.api_auth import api_auth
from renkei.core.errors import ApplicationError, NotFound
from renkei.screening import selectors, services
from renkei.screening.matching import Query
from renkei.screening.models import Hit, ScreenedName
from renkei.screening.schemas import CheckIn, ReviewIn
from renkei.screening.scoring import rounded

router = Router(tags=["screening"], auth=api_auth)


def _record(row: ScreenedName) -> dict:
    return {
        "id": row.pk,
        "name": row.name,
        "kind": row.kind,
        "source_type": row.source_type,
        "source_id": row.source_id,
        "label": row.label,
        "agreement": row.agreement.code if row.agreement_id else None,
        "flagged": row.flagged,
    }


def _hit(hit: Hit) -> dict:
    return {
        "id": hit.pk,
        "status": hit.status,
        "score": rounded(hit.score),
        "new": _record(hit.new),
        "existing": _record(hit.existing),
        "explanation": hit.explanation,
        "reason": hit.reason,
        "reviewed_at": hit.reviewed_at,
    }


@router.post(
    "/screening/check",
    summary="Ranked candidates for a name, with explanations",
    description=(
        "For officers who may screen (404 for others). The name must hold some letters and at "
        "most the documented number of characters once cleaned (400 `invalid_name`, "
        "`name_too_long`, `empty_name`)."
    ),
)
def check(request: HttpRequest, payload: CheckIn):
    if not selectors.may_screen(request.auth):
        raise NotFound()
    if not payload.names:
        raise ApplicationError(_("Give at least one name."), code="empty_name")
    if payload.kind not in ("person", "organisation"):
        raise ApplicationError(_("The kind is person or organisation."), code="invalid_kind")
    names = [services.screening_name_clean(name) for name in payload.names]
    people = tuple(services.screening_name_clean(p) for p in payload.people)
    threshold = settings.RENKEI_SCREENING_THRESHOLD
    queries = [
        Query(
            name=name,
            kind=payload.kind,
            phone=payload.phone,
            identifier=payload.identifier,
            address=payload.address,
            people=people,
        )
        for name in names
    ]
    ranked = selectors.screening_check_many_for(request.auth, queries)
    return {
        "threshold": threshold,
        "candidates": [
            {
                "score": rounded(c.score),
                "hit": c.score >= threshold,
                "query": query.name,
                "record": selectors.candidate_record(c.stored),
                "explanation": c.explain(),
            }
            for c, query in ranked
        ],
    }


@router.get("/screening/hits", summary="The review queue (hits you may see)")
def hit_list(request: HttpRequest, status: str = "open"):
    if status not in Hit.Status.values:
        raise ApplicationError(
            _("The status is open, confirmed or dismissed."), code="invalid_status"
        )
    return [_hit(h) for h in selectors.hits_for(request.auth, status)[:200]]


@router.post("/screening/hits/{hit_id}/confirm", summary="Same person or organisation")
def hit_confirm(request: HttpRequest, hit_id: int, payload: ReviewIn):
    hit = services.hit_review(
        actor=request.auth, hit_id=hit_id, decision=Hit.Status.CONFIRMED, reason=payload.reason
    )
    return _hit(hit)


@router.post("/screening/hits/{hit_id}/dismiss", summary="Not the same; say why")
def hit_dismiss(request: HttpRequest, hit_id: int, payload: ReviewIn):
    hit = services.hit_review(
        actor=request.auth, hit_id=hit_id, decision=Hit.Status.DISMISSED, reason=payload.reason
    )
    return _hit(hit)
