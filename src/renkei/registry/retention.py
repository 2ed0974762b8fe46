"""The retention schedule for the registry (ADR 21): intake-suspension cases and candidate
certificates no longer in force.

Intake-suspension cases (ADR 21): a decided case's personal data
(the person's name, residence card number and circumstances) stays visible for a period after
the decision, is then blocked to all but the contact points, then erased. The case itself (its
suspension, agreement, relation, outcome and dates) stays, and so does every ledger hash.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime

from django.db import transaction
from django.db.models import QuerySet
from django.utils import timezone

from renkei.accounts.models import Role, User
from renkei.agreements.models import Agreement
from renkei.agreements.retention import retention_periods
from renkei.audit.services import audit_append, audit_personal_erase
from renkei.core.transitions import row_lock
from renkei.registry.models import CandidateCertificate, SuspensionCase

BLOCKED, ERASED = "blocked", "erased"
PERSONAL_FIELDS = (
    "person_name",
    "residence_card_number",
    "employment_note",
    "implementation",
    "living",
)


def case_personal_hidden_from(actor: User, case: SuspensionCase) -> bool:
    if case.personal_state == ERASED:
        return True
    return case.personal_state == BLOCKED and not actor.has_role(Role.CONTACT_POINT_OFFICER)


def cases_as_shown(actor: User, cases: Iterable[SuspensionCase]) -> list[SuspensionCase]:
    """The cases with the personal fields blanked where the schedule hides them (in memory;
    nothing is saved)."""
    shown = list(cases)
    for case in shown:
        if case_personal_hidden_from(actor, case):
            for field in PERSONAL_FIELDS:
                setattr(case, field, "")
    return shown


def _decided_before(agreement: Agreement, day) -> QuerySet[SuspensionCase]:
    return SuspensionCase.objects.filter(agreement=agreement, decided_on__lt=day).exclude(
        outcome=SuspensionCase.Outcome.PENDING
    )


def case_personal_block(case: SuspensionCase) -> bool:
    with transaction.atomic():
        locked = row_lock(case)
        if locked.personal_state or locked.outcome == SuspensionCase.Outcome.PENDING:
            return False
        locked.personal_state, locked.personal_state_at = BLOCKED, timezone.now()
        locked.save(update_fields=["personal_state", "personal_state_at"])
        audit_append(
            actor=None,
            action="intake.case_personal_blocked",
            target=locked,
            agreement_code=locked.agreement.code,
            after={"retention": "blocked"},
        )
    return True


def case_personal_erase(case: SuspensionCase) -> bool:
    with transaction.atomic():
        locked = row_lock(case)
        if locked.personal_state == ERASED or locked.outcome == SuspensionCase.Outcome.PENDING:
            return False
        for field in PERSONAL_FIELDS:
            setattr(locked, field, "")
        locked.personal_state, locked.personal_state_at = ERASED, timezone.now()
        locked.save(update_fields=[*PERSONAL_FIELDS, "personal_state", "personal_state_at"])
        values = audit_personal_erase(
            object_type=SuspensionCase._meta.label_lower, object_ids=[str(locked.pk)]
        )
        audit_append(
            actor=None,
            action="intake.case_personal_erased",
            target=locked,
            agreement_code=locked.agreement.code,
            after={"fields": list(PERSONAL_FIELDS), "ledger_values_erased": values},
        )
    return True


def cases_retention_run(now: datetime | None = None) -> dict[str, int]:
    now = now or timezone.now()
    counts = {"cases_blocked": 0, "cases_erased": 0}
    for agreement in Agreement.objects.all():
        periods = retention_periods(agreement.code)
        erase_day = timezone.localdate(periods.erase_before(now))
        block_day = timezone.localdate(periods.block_before(now))
        for case in _decided_before(agreement, erase_day).exclude(personal_state=ERASED):
            counts["cases_erased"] += case_personal_erase(case)
        for case in _decided_before(agreement, block_day).filter(personal_state=""):
            counts["cases_blocked"] += case_personal_block(case)
    return counts


CERTIFICATE_PERSONAL_FIELDS = ("candidate_name", "date_of_birth", "passport_number")


def certificates_retention_run(now: datetime | None = None) -> dict[str, int]:
    """A certificate revoked or expired longer ago than the erase period loses its candidate's
    name, birth date and passport number; its number and status stay, so the examiners' check
    still answers "revoked" or "expired" for it. No page shows these fields, so there is no
    blocked stage to keep."""
    now = now or timezone.now()
    erased = 0
    for agreement in Agreement.objects.all():
        day = timezone.localdate(retention_periods(agreement.code).erase_before(now))
        due = CandidateCertificate.objects.filter(agreement=agreement).exclude(candidate_name="")
        due = due.filter(revoked_on__lt=day) | due.filter(valid_until__lt=day)
        for certificate in due:
            with transaction.atomic():
                locked = row_lock(certificate)
                locked.candidate_name, locked.date_of_birth, locked.passport_number = "", None, ""
                locked.save(update_fields=list(CERTIFICATE_PERSONAL_FIELDS))
                audit_append(
                    actor=None,
                    action="certificate.personal_erased",
                    target=locked,
                    agreement_code=agreement.code,
                    after={"fields": list(CERTIFICATE_PERSONAL_FIELDS)},
                )
                erased += 1
    return {"certificates_erased": erased}
