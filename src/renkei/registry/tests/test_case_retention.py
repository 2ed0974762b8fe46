"""A decided suspension case's personal data is blocked, then erased, by the retention schedule;
the ledger keeps only a salted commitment to the person's name and card number, so erasing them
leaves every hash intact, and a changed value is caught while it is still there."""

from datetime import date, timedelta

import pytest
from django.utils import timezone

from renkei.audit.hashing import personal_commitment
from renkei.audit.models import AuditEvent
from renkei.audit.services import audit_verify
from renkei.ops.retention import retention_run
from renkei.registry.models import SuspensionCase
from renkei.registry.retention import cases_as_shown
from renkei.registry.suspension_cases import suspension_case_decide
from renkei.registry.tests.test_suspension_cases import _case, suspension  # noqa: F401


@pytest.fixture
def decided(demo_users, suspension):  # noqa: F811
    isa = demo_users["isa.contact"]
    case = _case(isa, suspension)
    return suspension_case_decide(
        actor=isa, case=case, outcome="stay_permitted", decided_on=date(2026, 11, 20), note="ok"
    )


def _decided_days_ago(case, days):
    SuspensionCase.objects.filter(pk=case.pk).update(
        decided_on=timezone.localdate() - timedelta(days=days)
    )


def test_the_ledger_holds_a_commitment_not_the_name(decided):
    recorded = AuditEvent.objects.get(action="intake.case_recorded")
    assert "Somphone" not in recorded.object_repr
    assert "Somphone" not in str(recorded.after)
    assert recorded.personal == {
        "person_name": "Somphone Vongsa",
        "residence_card_number": "AB12345678CD",
    }
    assert recorded.personal_commitment == personal_commitment(
        recorded.personal_salt, recorded.personal
    )
    assert audit_verify().ok


def test_a_changed_personal_value_breaks_verification(decided):
    AuditEvent.objects.filter(action="intake.case_recorded").update(
        personal={"person_name": "Someone Else", "residence_card_number": "AB12345678CD"}
    )
    result = audit_verify()
    assert not result.ok and "commitment" in result.reason


def test_blocked_then_erased_and_the_ledger_still_verifies(demo_users, decided):
    _decided_days_ago(decided, 200)
    assert retention_run()["cases_blocked"] == 1
    case = SuspensionCase.objects.get(pk=decided.pk)
    [for_liaison] = cases_as_shown(demo_users["mhlw.liaison"], [case])
    assert for_liaison.person_name == "" and for_liaison.living == ""
    [for_contact] = cases_as_shown(demo_users["isa.contact"], [SuspensionCase.objects.get()])
    assert for_contact.person_name == "Somphone Vongsa"

    _decided_days_ago(decided, 1200)
    assert retention_run()["cases_erased"] == 1
    case.refresh_from_db()
    assert case.person_name == "" and case.residence_card_number == "" and case.living == ""
    assert case.outcome == "stay_permitted"  # the case itself stays
    recorded = AuditEvent.objects.get(action="intake.case_recorded")
    assert recorded.personal is None and recorded.personal_salt == ""
    assert recorded.personal_commitment  # the chain still covers it
    erased = AuditEvent.objects.get(action="intake.case_personal_erased")
    assert erased.after["ledger_values_erased"] == 1
    assert audit_verify().ok


def test_pending_cases_are_kept(demo_users, suspension):  # noqa: F811
    _case(demo_users["isa.contact"], suspension)
    assert retention_run()["cases_erased"] == 0


def test_an_expired_certificate_loses_its_candidate_but_still_verifies(demo_users, client):
    from renkei.accounts.services import api_token_create
    from renkei.registry import services
    from renkei.registry.models import CandidateCertificate
    from renkei.registry.tests.factories import KH_SENDER, kh_sender

    kh_sender(demo_users["kh.contact"])
    today = timezone.localdate()
    for number, until in [("KH-C-OLD", today - timedelta(days=1200)), ("KH-C-NEW", today)]:
        services.candidate_certificate_record(
            actor=demo_users["kh.contact"],
            agreement_code="KH",
            number=number,
            candidate_name="Sok Dara",
            passport_number="N1234567",
            issued_on=until - timedelta(days=365),
            valid_until=until,
            sending_organisation_licence=KH_SENDER,
        )
    assert retention_run()["certificates_erased"] == 1
    old = CandidateCertificate.objects.get(number="KH-C-OLD")
    assert old.candidate_name == "" and old.passport_number == ""
    assert CandidateCertificate.objects.get(number="KH-C-NEW").candidate_name == "Sok Dara"
    secret = api_token_create(actor=None, user=demo_users["isa.examiner"], name="t")[1]
    answer = client.get(
        "/api/v1/verify/candidate-certificate?agreement=KH&number=KH-C-OLD",
        HTTP_AUTHORIZATION=f"Bearer {secret}",
    ).json()
    assert answer["valid"] is False and answer["reason"] == "expired"
    assert AuditEvent.objects.filter(action="certificate.personal_erased").count() == 1
    assert audit_verify().ok
