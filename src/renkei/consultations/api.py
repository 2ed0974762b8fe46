from datetime import date, datetime

from django.http import HttpRequest
from ninja import Field, Router, Schema, Status

from renkei.accounts.api_auth import api_auth
from renkei.consultations import selectors, services
from renkei.core.errors import NotFound
from renkei.core.idempotency import run_idempotent

router = Router(tags=["consultations"], auth=api_auth)


class TitleTranslation(Schema):
    title: str = Field("", max_length=300)


class DescriptionTranslation(Schema):
    description: str = Field("", max_length=5000)


LANGUAGE = Field(None, max_length=5, description="ja or en; the author's by default")
WORKING_LANGUAGE = Field(
    None,
    description="Renderings by language code; the agreement's working language (English) must "
    "be here unless it is the text's own language.",
)


class AgendaIn(Schema):
    topic: str = Field(..., max_length=1)
    title: str = Field(..., max_length=300)
    language: str | None = LANGUAGE
    translations: dict[str, TitleTranslation] | None = WORKING_LANGUAGE
    exchange: str = Field("", max_length=30, description="reference of a sent exchange")
    sending_organisation: str = Field("", max_length=100, description="licence number")
    improvement_order: int | None = None


class MeetingIn(Schema):
    kind: str
    starts_at: datetime
    place: str = Field(..., max_length=300)
    attendees: str = Field("", max_length=2000)
    agenda: list[AgendaIn] = Field(..., min_length=1, max_length=30)


class MinutesIn(Schema):
    minutes_ja: str = Field(..., max_length=50000)
    minutes_en: str = Field(..., max_length=50000)


class ActionIn(Schema):
    description: str = Field(..., max_length=5000)
    language: str | None = LANGUAGE
    translations: dict[str, DescriptionTranslation] | None = WORKING_LANGUAGE
    owner_side: str
    due_on: date


def _meeting(m) -> dict:
    return {
        "id": m.pk,
        "agreement": m.agreement.code,
        "kind": m.kind,
        "state": m.state,
        "proposed_by_side": m.proposed_by_side,
        "starts_at": m.starts_at,
        "place": m.place,
        "agenda": [
            {
                "topic": i.topic,
                "title": i.title,
                "language": i.language,
                "translations": i.translations,
                "exchange": i.exchange.reference if i.exchange else None,
                "sending_organisation": (
                    i.sending_organisation.licence_number if i.sending_organisation else None
                ),
                "improvement_order": i.improvement_order_id,
            }
            for i in m.agenda.all()
        ],
        "minutes_ja": m.minutes_ja,
        "minutes_en": m.minutes_en,
        "approved_by_jp_at": m.approved_by_jp_at,
        "approved_by_partner_at": m.approved_by_partner_at,
        "actions": [
            {
                "id": a.pk,
                "description": a.description,
                "language": a.language,
                "translations": a.translations,
                "owner_side": a.owner_side,
                "due_on": a.due_on,
                "state": a.state,
            }
            for a in m.actions.all()
        ],
    }


@router.get("/agreements/{code}/consultations", summary="Consultations of an agreement")
def meeting_list(request: HttpRequest, code: str):
    return [
        _meeting(m)
        for m in selectors.meeting_list_for(request.auth, code).select_related("agreement")
    ]


@router.post(
    "/agreements/{code}/consultations",
    response={201: dict},
    summary="Propose a consultation",
    description=(
        "Only a contact point officer (403). The kind must be one the agreement provides for, "
        "the date in the future, each agenda topic one the agreement allows, and texts within "
        "their limits (400 with the rule's code otherwise)."
    ),
)
def meeting_propose(request: HttpRequest, code: str, payload: MeetingIn):
    def produce():
        meeting = services.meeting_propose(
            actor=request.auth,
            agreement_code=code,
            kind=payload.kind,
            starts_at=payload.starts_at,
            place=payload.place,
            attendees=payload.attendees,
            agenda=[i.dict() for i in payload.agenda],
        )
        return _meeting(meeting)

    return run_idempotent(request, 201, produce)


@router.get("/agreements/{code}/consultations/{meeting_id}", summary="One consultation")
def meeting_detail(request: HttpRequest, code: str, meeting_id: int):
    return _meeting(selectors.meeting_get_for(request.auth, code, meeting_id))


@router.post("/agreements/{code}/consultations/{meeting_id}/accept", summary="Accept a proposal")
def meeting_accept(request: HttpRequest, code: str, meeting_id: int):
    meeting = selectors.meeting_get_for(request.auth, code, meeting_id)
    return _meeting(services.meeting_answer(actor=request.auth, meeting=meeting, accept=True))


@router.post("/agreements/{code}/consultations/{meeting_id}/decline", summary="Decline a proposal")
def meeting_decline(request: HttpRequest, code: str, meeting_id: int):
    meeting = selectors.meeting_get_for(request.auth, code, meeting_id)
    return _meeting(services.meeting_answer(actor=request.auth, meeting=meeting, accept=False))


@router.post(
    "/agreements/{code}/consultations/{meeting_id}/minutes",
    summary="Write the minutes (resets approvals)",
)
def minutes_write(request: HttpRequest, code: str, meeting_id: int, payload: MinutesIn):
    meeting = selectors.meeting_get_for(request.auth, code, meeting_id)
    return _meeting(services.minutes_write(actor=request.auth, meeting=meeting, **payload.dict()))


@router.post(
    "/agreements/{code}/consultations/{meeting_id}/approve",
    summary="Approve the minutes for your side",
)
def minutes_approve(request: HttpRequest, code: str, meeting_id: int):
    meeting = selectors.meeting_get_for(request.auth, code, meeting_id)
    return _meeting(services.minutes_approve(actor=request.auth, meeting=meeting))


@router.post(
    "/agreements/{code}/consultations/{meeting_id}/actions",
    response={201: dict},
    summary="Record a decision or corrective action",
)
def action_add(request: HttpRequest, code: str, meeting_id: int, payload: ActionIn):
    meeting = selectors.meeting_get_for(request.auth, code, meeting_id)
    action = services.action_add(actor=request.auth, meeting=meeting, **payload.dict())
    return Status(201, {"id": action.pk, "state": action.state, "due_on": action.due_on})


@router.post(
    "/agreements/{code}/consultation-actions/{action_id}/done",
    summary="Close an action (owning side)",
)
def action_done(request: HttpRequest, code: str, action_id: int):
    open_actions = selectors.open_actions_for(request.auth, code)
    action = open_actions.filter(pk=action_id).first()
    if action is None:
        raise NotFound()
    action = services.action_close(actor=request.auth, action=action)
    return {"id": action.pk, "state": action.state, "done_on": action.done_on}
