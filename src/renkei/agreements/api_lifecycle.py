from datetime import date

from django.http import HttpRequest
from ninja import Field, Router, Schema

from renkei.agreements import lifecycle, presenters
from renkei.agreements.schemas import AgreementSummaryOut
from renkei.core.api_auth import api_auth

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
