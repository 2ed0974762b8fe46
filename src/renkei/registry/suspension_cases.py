"""Intake-suspension follow-up (LA/KG/TJ/KH §8, PK §6): while intake in a sector is suspended,
Japan records the affected workers' — and, for SSW No. 2, their dependants' — cases with the
circumstances the MOC has it consider (employment contract, implementation, living), and what it
decided. The partner of the person's agreement reads its nationals' cases; nobody else does."""

from __future__ import annotations

import re
import unicodedata
from datetime import date

from django.db import transaction
from django.db.models import QuerySet
from django.utils.translation import gettext as _

from renkei.accounts.models import Role, Side, User
from renkei.agreements.scoping import agreement_get_for, scope_to_agreements
from renkei.audit.services import audit_append
from renkei.core.dates import date_not_future
from renkei.core.errors import ApplicationError, NotFound
from renkei.core.text import text_clean
from renkei.core.transitions import state_require, transition_run
from renkei.registry.life_cycle import SUSPENSION_CASE
from renkei.registry.models import IntakeSuspension, ReceivingOrganisation, SuspensionCase
from renkei.registry.provisions import require_provision
from renkei.registry.rights import require_side_role

RECORDING_ROLES = (Role.CONTACT_POINT_OFFICER, Role.OFFICER)
# 2 letters, 8 digits, 2 letters (在留カード番号).
_RESIDENCE_CARD = re.compile(r"[A-Z]{2}[0-9]{8}[A-Z]{2}")


def residence_card_clean(value: str) -> str:
    value = unicodedata.normalize("NFKC", value or "").strip().upper().replace(" ", "")
    if value and not _RESIDENCE_CARD.fullmatch(value):
        raise ApplicationError(
            _("A residence card number is 2 letters, 8 digits and 2 letters."),
            code="invalid_residence_card",
        )
    return value


def _case_check(
    suspension: IntakeSuspension, relation: str, worker_ssw_level: int, employment_contract: str
) -> None:
    """A case is recorded under a suspension still in force, for a worker or (SSW No. 2 only,
    §8) a dependant, with the state of the employment contract."""
    if suspension.lifted_on is not None:
        raise ApplicationError(
            _("This suspension has been lifted: its cases are closed to new entries."),
            code="suspension_lifted",
        )
    if relation not in SuspensionCase.Relation.values:
        raise ApplicationError(_("Choose the person's relation."), code="invalid_relation")
    if worker_ssw_level not in (1, 2):
        raise ApplicationError(_("SSW level is 1 or 2."), code="invalid_level")
    if relation != SuspensionCase.Relation.WORKER and worker_ssw_level != 2:
        raise ApplicationError(
            _("Only a worker with SSW No. 2 status has dependants under the MOC."),
            code="dependant_not_provided",
        )
    if employment_contract not in SuspensionCase.Contract.values:
        raise ApplicationError(
            _("Choose the state of the employment contract."), code="invalid_contract"
        )


def suspension_case_record(
    *,
    actor: User,
    suspension: IntakeSuspension,
    agreement_code: str,
    person_name: str,
    relation: str,
    worker_ssw_level: int,
    employment_contract: str,
    implementation: str,
    living: str,
    employment_note: str = "",
    residence_card_number: str = "",
    receiving_organisation: ReceivingOrganisation | None = None,
) -> SuspensionCase:
    require_side_role(actor, Side.JP, RECORDING_ROLES)
    agreement = agreement_get_for(actor, agreement_code)
    require_provision(agreement, "intake_suspension", suspension.effective_date)
    _case_check(suspension, relation, worker_ssw_level, employment_contract)
    with transaction.atomic():
        case = SuspensionCase.objects.create(
            suspension=suspension,
            agreement=agreement,
            person_name=text_clean(person_name, _("Name"), limit=200),
            relation=relation,
            worker_ssw_level=worker_ssw_level,
            residence_card_number=residence_card_clean(residence_card_number),
            receiving_organisation=receiving_organisation,
            employment_contract=employment_contract,
            employment_note=text_clean(
                employment_note, _("Employment contract"), limit=5000, required=False
            ),
            implementation=text_clean(
                implementation, _("Implementation circumstances"), limit=5000
            ),
            living=text_clean(living, _("Living circumstances"), limit=5000),
            recorded_by=actor,
        )
        audit_append(
            actor=actor,
            action="intake.case_recorded",
            target=case,
            agreement_code=agreement.code,
            after={"suspension": suspension.pk, "status": case.outcome},
            personal={
                "person_name": case.person_name,
                "residence_card_number": case.residence_card_number,
            },
        )
    return case


def suspension_case_decide(
    *, actor: User, case: SuspensionCase, outcome: str, decided_on: date, note: str
) -> SuspensionCase:
    require_side_role(actor, Side.JP, (Role.CONTACT_POINT_OFFICER,))
    case = suspension_case_get_for(actor, case.pk)
    state_require(SUSPENSION_CASE, case, "decide")
    if outcome not in SuspensionCase.Outcome.values or outcome == SuspensionCase.Outcome.PENDING:
        raise ApplicationError(_("Choose the decision."), code="invalid_outcome")
    date_not_future(decided_on, _("The decision date"))
    if decided_on < case.suspension.effective_date:
        raise ApplicationError(
            _("The decision cannot precede the suspension."), code="invalid_date"
        )
    note = text_clean(note, _("Decision"), limit=5000)

    def change(locked: SuspensionCase) -> None:
        locked.outcome = outcome
        locked.decided_on = decided_on
        locked.decision_note = note

    return transition_run(
        SUSPENSION_CASE,
        "decide",
        instance=case,
        actor=actor,
        change=change,
        agreement_code=case.agreement.code,
        summary=lambda _locked: {"outcome": outcome},
    )


# ---------------------------------------------------------------- reads


def suspension_cases_for(actor: User, suspension: IntakeSuspension) -> QuerySet[SuspensionCase]:
    """The cases the actor may read: Japan's across its agreements, a partner only its own."""
    return scope_to_agreements(
        SuspensionCase.objects.filter(suspension=suspension), actor
    ).select_related("agreement", "receiving_organisation")


def suspension_case_get_for(actor: User, case_id: int) -> SuspensionCase:
    case = (
        scope_to_agreements(SuspensionCase.objects.filter(pk=case_id), actor)
        .select_related("agreement", "suspension")
        .first()
    )
    if case is None:
        raise NotFound()
    return case


def suspension_cases_for_agreement(actor: User, agreement_code: str) -> QuerySet[SuspensionCase]:
    agreement = agreement_get_for(actor, agreement_code)
    return SuspensionCase.objects.filter(agreement=agreement).select_related(
        "suspension__sector", "receiving_organisation"
    )
