from datetime import date

from django.http import HttpRequest
from ninja import Field, Router, Schema

from renkei.accounts.api_auth import api_auth
from renkei.core.errors import NotFound
from renkei.core.idempotency import run_idempotent
from renkei.registry import suspension_cases
from renkei.registry.models import IntakeSuspension, ReceivingOrganisation, SuspensionCase
from renkei.registry.retention import cases_as_shown

router = Router(tags=["intake-suspension cases"], auth=api_auth)


class CaseIn(Schema):
    agreement: str = Field(..., max_length=2, description="The person's agreement (nationality)")
    person_name: str = Field(..., max_length=200)
    relation: str = Field(..., description="worker, spouse or child")
    worker_ssw_level: int
    employment_contract: str = Field(
        ..., description="continuing, ending, ended or changing_employer"
    )
    employment_note: str = Field("", max_length=5000)
    implementation: str = Field(..., max_length=5000)
    living: str = Field(..., max_length=5000)
    residence_card_number: str = Field("", max_length=40)
    receiving_organisation: str = Field("", max_length=13, description="法人番号")


class DecisionIn(Schema):
    outcome: str = Field(..., description="stay_permitted, change_permitted or stay_not_permitted")
    decided_on: date
    note: str = Field(..., max_length=5000)


class CaseOut(Schema):
    id: int
    suspension: int
    agreement: str
    person_name: str
    relation: str
    worker_ssw_level: int
    residence_card_number: str
    receiving_organisation: str | None
    employment_contract: str
    employment_note: str
    implementation: str
    living: str
    outcome: str
    decided_on: date | None
    decision_note: str
    personal_data: str = Field(
        ..., description="visible, blocked (contact points only) or erased: the retention schedule"
    )


def _case_out(case: SuspensionCase) -> dict:
    return {
        "id": case.pk,
        "suspension": case.suspension_id,
        "agreement": case.agreement.code,
        "person_name": case.person_name,
        "relation": case.relation,
        "worker_ssw_level": case.worker_ssw_level,
        "residence_card_number": case.residence_card_number,
        "receiving_organisation": (
            case.receiving_organisation.corporate_number if case.receiving_organisation else None
        ),
        "employment_contract": case.employment_contract,
        "employment_note": case.employment_note,
        "implementation": case.implementation,
        "living": case.living,
        "outcome": case.outcome,
        "decided_on": case.decided_on,
        "decision_note": case.decision_note,
        "personal_data": case.personal_state or "visible",
    }


def _suspension(suspension_id: int) -> IntakeSuspension:
    suspension = IntakeSuspension.objects.filter(pk=suspension_id).first()
    if suspension is None:
        raise NotFound()
    return suspension


@router.get(
    "/intake-suspensions/{suspension_id}/cases",
    response=list[CaseOut],
    summary="Affected workers' cases you may read",
)
def case_list(request: HttpRequest, suspension_id: int):
    cases = suspension_cases.suspension_cases_for(request.auth, _suspension(suspension_id))
    return [_case_out(c) for c in cases_as_shown(request.auth, cases)]


@router.post(
    "/intake-suspensions/{suspension_id}/cases",
    response={201: CaseOut},
    summary="Record an affected worker's or dependant's case",
)
def case_create(request: HttpRequest, suspension_id: int, payload: CaseIn):
    suspension = _suspension(suspension_id)
    data = payload.dict()
    agreement_code = data.pop("agreement")
    number = data.pop("receiving_organisation")
    receiving = None
    if number:
        receiving = ReceivingOrganisation.objects.filter(corporate_number=number).first()
        if receiving is None:
            raise NotFound()

    def produce():
        case = suspension_cases.suspension_case_record(
            actor=request.auth,
            suspension=suspension,
            agreement_code=agreement_code,
            receiving_organisation=receiving,
            **data,
        )
        return _case_out(case)

    return run_idempotent(request, 201, produce)


@router.post(
    "/suspension-cases/{case_id}/decision", response=CaseOut, summary="Record the decision"
)
def case_decide(request: HttpRequest, case_id: int, payload: DecisionIn):
    case = suspension_cases.suspension_case_get_for(request.auth, case_id)
    decided = suspension_cases.suspension_case_decide(
        actor=request.auth, case=case, **payload.dict()
    )
    return _case_out(decided)
