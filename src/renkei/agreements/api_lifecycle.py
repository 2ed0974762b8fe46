from datetime import date

from django.http import HttpRequest
from ninja import Field, Router, Schema, Status

from renkei.accounts.api_auth import api_auth
from renkei.agreements import amendments, lifecycle, presenters
from renkei.agreements.schemas import AgreementSummaryOut, AmendmentOut

router = Router(tags=["agreement life cycle"], auth=api_auth)


class CommencementIn(Schema):
    received_on: date
    reference: str = Field(..., max_length=200)


class TerminationIn(Schema):
    notice_date: date
    reference: str = Field(..., max_length=200)


@router.post(
    "/{code}/commencement",
    response=AgreementSummaryOut,
    summary="Record receipt of the notification that starts the MOC",
)
def commencement(request: HttpRequest, code: str, payload: CommencementIn):
    agreement = lifecycle.commencement_record(
        actor=request.auth, agreement_code=code, **payload.dict()
    )
    return presenters.agreement_summary(agreement)


@router.post(
    "/{code}/termination-notice",
    response=AgreementSummaryOut,
    summary="Record a notice of termination",
)
def termination_notice(request: HttpRequest, code: str, payload: TerminationIn):
    agreement = lifecycle.termination_notice_record(
        actor=request.auth, agreement_code=code, **payload.dict()
    )
    return presenters.agreement_summary(agreement)


class AmendmentChangeIn(Schema):
    key: str = Field(..., max_length=40)
    action: str = Field(..., max_length=10, description="add, replace or remove")
    clause: str = Field("", max_length=40)
    text: str = Field("", max_length=10000)
    parameters: dict = {}


class AmendmentIn(Schema):
    summary: str = Field(..., max_length=5000)
    effective_on: date | None = Field(
        None, description="Left out: in force on the day the second consent is recorded"
    )
    ends_agreement_on: date | None = None
    changes: list[AmendmentChangeIn] = Field([], max_length=amendments.MAX_CHANGES)


class ConsentIn(Schema):
    consented_on: date
    reference: str = Field(..., max_length=200)


class WithdrawIn(Schema):
    reason: str = Field(..., max_length=2000)


@router.get(
    "/{code}/amendments",
    response=list[AmendmentOut],
    summary="Amendments proposed, in force, withdrawn or declined",
)
def amendment_list(request: HttpRequest, code: str):
    found = amendments.amendment_list_for(actor=request.auth, agreement_code=code)
    return [presenters.amendment_data(a) for a in found]


@router.post(
    "/{code}/amendments",
    response={201: AmendmentOut},
    summary="Propose an amendment (in force only with both sides' written consent)",
    description=(
        "Only a contact point officer of either side (403). Each change names a provision the "
        "agreement's data declares, with parameters of that provision's types, and a date from "
        "today on; the agreement must be in force (400 with the rule's code otherwise)."
    ),
)
def amendment_propose(request: HttpRequest, code: str, payload: AmendmentIn):
    data = payload.dict()
    amendment = amendments.amendment_propose(
        actor=request.auth,
        agreement_code=code,
        summary=data["summary"],
        effective_on=data["effective_on"],
        ends_agreement_on=data["ends_agreement_on"],
        changes=data["changes"],
    )
    return Status(201, presenters.amendment_data(amendment))


@router.post(
    "/{code}/amendments/{number}/consent",
    response=AmendmentOut,
    summary="Record your side's written consent",
    description=(
        "Only a contact point officer (403), once per side, while the amendment is proposed "
        "(409 otherwise); the reference of the written consent is required (400)."
    ),
)
def amendment_consent(request: HttpRequest, code: str, number: int, payload: ConsentIn):
    amendment = amendments.amendment_consent_record(
        actor=request.auth, agreement_code=code, number=number, **payload.dict()
    )
    return presenters.amendment_data(amendment)


@router.post(
    "/{code}/amendments/{number}/withdraw",
    response=AmendmentOut,
    summary="Withdraw your side's proposal, or decline the other side's",
)
def amendment_withdraw(request: HttpRequest, code: str, number: int, payload: WithdrawIn):
    amendment = amendments.amendment_withdraw(
        actor=request.auth, agreement_code=code, number=number, reason=payload.reason
    )
    return presenters.amendment_data(amendment)
