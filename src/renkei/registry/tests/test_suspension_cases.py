"""Intake-suspension follow-up: the affected workers' cases, their circumstances and decisions."""

from datetime import date

import pytest

from renkei.accounts.services import api_token_create
from renkei.audit.models import AuditEvent
from renkei.core.errors import ApplicationError, NotFound, PermissionDenied
from renkei.registry import services
from renkei.registry.models import Sector, SuspensionCase
from renkei.registry.suspension_cases import (
    suspension_case_decide,
    suspension_case_get_for,
    suspension_case_record,
    suspension_cases_for,
)


@pytest.fixture
def suspension(demo_users):
    return services.intake_suspension_record(
        language="en",
        actor=demo_users["isa.contact"],
        sector=Sector.objects.get(code="construction"),
        ssw_level=1,
        effective_date=date(2026, 11, 1),
        reason="Workforce secured",
    )


def _case(actor, suspension, code="LA", **fields):
    values = {
        "person_name": "Somphone Vongsa",
        "relation": "worker",
        "worker_ssw_level": 1,
        "employment_contract": "continuing",
        "implementation": "Works as contracted; support plan carried out.",
        "living": "Company dormitory; no arrears.",
        "residence_card_number": "ab 12345678 cd",
    }
    values.update(fields)
    return suspension_case_record(actor=actor, suspension=suspension, agreement_code=code, **values)


def _bearer(user) -> dict:
    return {"HTTP_AUTHORIZATION": f"Bearer {api_token_create(actor=None, user=user, name='t')[1]}"}


def test_japan_records_and_decides_a_case(demo_users, suspension):
    isa = demo_users["isa.contact"]
    case = _case(isa, suspension)
    assert case.residence_card_number == "AB12345678CD" and case.outcome == "pending"
    decided = suspension_case_decide(
        actor=isa,
        case=case,
        outcome="change_permitted",
        decided_on=date(2026, 11, 20),
        note="Change to another receiving organisation in the sector permitted.",
    )
    assert decided.outcome == "change_permitted"
    assert list(AuditEvent.objects.order_by("-seq").values_list("action", flat=True)[:2]) == [
        "intake.case_decided",
        "intake.case_recorded",
    ]
    with pytest.raises(ApplicationError) as twice:
        suspension_case_decide(
            actor=isa, case=case, outcome="stay_permitted", decided_on=date(2026, 11, 21), note="x"
        )
    assert twice.value.code == "invalid_transition" and twice.value.status == 409


def test_dependants_only_for_ssw_no_2(demo_users, suspension):
    isa = demo_users["isa.contact"]
    with pytest.raises(ApplicationError) as refused:
        _case(isa, suspension, relation="spouse", worker_ssw_level=1)
    assert refused.value.code == "dependant_not_provided"
    child = _case(isa, suspension, relation="child", worker_ssw_level=2, residence_card_number="")
    assert child.relation == "child"


@pytest.mark.parametrize(
    "fields,code",
    [
        ({"person_name": "  "}, "required"),
        ({"person_name": "x" * 201}, "invalid_text"),
        ({"implementation": ""}, "required"),
        ({"living": "nul\x00byte"}, "control_characters"),
        ({"relation": "cousin"}, "invalid_relation"),
        ({"worker_ssw_level": 3}, "invalid_level"),
        ({"employment_contract": "'; DROP TABLE x;--"}, "invalid_contract"),
        ({"residence_card_number": "../../etc/passwd"}, "invalid_residence_card"),
        ({"residence_card_number": "AB1234567CD"}, "invalid_residence_card"),
    ],
)
def test_bad_cases_are_refused_and_write_nothing(demo_users, suspension, fields, code):
    with pytest.raises(ApplicationError) as refused:
        _case(demo_users["isa.contact"], suspension, **fields)
    assert refused.value.code == code
    assert not SuspensionCase.objects.exists()


def test_decisions_are_checked(demo_users, suspension):
    isa = demo_users["isa.contact"]
    case = _case(isa, suspension)
    for outcome, day, code in [
        ("pending", date(2026, 11, 10), "invalid_outcome"),
        ("deport", date(2026, 11, 10), "invalid_outcome"),
        ("stay_permitted", date(2026, 10, 1), "invalid_date"),
        ("stay_permitted", date(2099, 1, 1), "future_date"),
    ]:
        with pytest.raises(ApplicationError) as refused:
            suspension_case_decide(actor=isa, case=case, outcome=outcome, decided_on=day, note="n")
        assert refused.value.code == code
    with pytest.raises(PermissionDenied):
        suspension_case_decide(
            actor=demo_users["la.contact"],
            case=case,
            outcome="stay_permitted",
            decided_on=date(2026, 11, 10),
            note="n",
        )
    assert SuspensionCase.objects.get().outcome == "pending"


def test_a_lifted_suspension_takes_no_new_cases_and_partners_cannot_record(demo_users, suspension):
    with pytest.raises(PermissionDenied):
        _case(demo_users["la.contact"], suspension)
    with pytest.raises(NotFound):
        _case(demo_users["isa.contact"], suspension, code="XX")
    services.intake_suspension_lift(
        actor=demo_users["isa.contact"], suspension=suspension, lifted_on=date(2026, 11, 15)
    )
    with pytest.raises(ApplicationError) as refused:
        _case(demo_users["isa.contact"], suspension)
    assert refused.value.code == "suspension_lifted"


def test_a_partner_reads_only_its_own_nationals_cases(demo_users, suspension, client):
    isa, kh, la = demo_users["isa.contact"], demo_users["kh.contact"], demo_users["la.contact"]
    lao = _case(isa, suspension, code="LA", person_name="Lao worker <script>x</script>")
    _case(isa, suspension, code="KH", person_name="Sok Channa")
    assert [c.person_name for c in suspension_cases_for(kh, suspension)] == ["Sok Channa"]
    assert len(suspension_cases_for(isa, suspension)) == 2
    with pytest.raises(NotFound):
        suspension_case_get_for(kh, lao.pk)

    listed = client.get(f"/api/v1/intake-suspensions/{suspension.pk}/cases", **_bearer(kh))
    assert [c["person_name"] for c in listed.json()] == ["Sok Channa"]
    decision = client.post(
        f"/api/v1/suspension-cases/{lao.pk}/decision",
        {"outcome": "stay_permitted", "decided_on": "2026-11-10", "note": "x"},
        content_type="application/json",
        **_bearer(kh),
    )
    assert decision.status_code == 404

    client.force_login(kh)
    assert client.get("/work/LA/suspension-cases/").status_code == 404
    assert client.get(f"/registers/suspensions/{suspension.pk}/").status_code == 404
    page = client.get("/work/KH/suspension-cases/").content.decode()
    assert "Sok Channa" in page and "Lao worker" not in page
    client.force_login(la)
    page = client.get("/work/LA/suspension-cases/").content.decode()
    assert "&lt;script&gt;x&lt;/script&gt;" in page and "<script>x</script>" not in page


def test_api_and_page_record_a_case(demo_users, suspension, client):
    isa = demo_users["isa.contact"]
    created = client.post(
        f"/api/v1/intake-suspensions/{suspension.pk}/cases",
        {
            "agreement": "KG",
            "person_name": "Асанов Бакыт",
            "relation": "worker",
            "worker_ssw_level": 1,
            "employment_contract": "ended",
            "implementation": "Contract ended on 2026-10-31.",
            "living": "Looking for a new employer.",
        },
        content_type="application/json",
        **_bearer(isa),
    )
    assert created.status_code == 201, created.content
    assert created.json()["agreement"] == "KG"
    bad = client.post(
        f"/api/v1/intake-suspensions/{suspension.pk}/cases",
        {
            "agreement": "KG",
            "person_name": "x",
            "relation": "worker",
            "worker_ssw_level": 1,
            "employment_contract": "ended",
            "implementation": "x",
            "living": "x",
            "receiving_organisation": "0000000000000",
        },
        content_type="application/json",
        **_bearer(isa),
    )
    assert bad.status_code == 404
    client.force_login(isa)
    page = client.get(f"/registers/suspensions/{suspension.pk}/")
    assert page.status_code == 200 and "Асанов Бакыт" in page.content.decode()
    response = client.post(
        f"/registers/suspensions/{suspension.pk}/",
        {
            "action": "case",
            "agreement": "LA",
            "person_name": "Noy",
            "relation": "spouse",
            "worker_ssw_level": "1",
            "employment_contract": "continuing",
            "implementation": "x",
            "living": "y",
        },
    )
    assert response.status_code == 400
    assert 'data-testid="form-error"' in response.content.decode()
    response = client.post(
        f"/registers/suspensions/{suspension.pk}/",
        {
            "action": "decide",
            "case": created.json()["id"],
            "outcome": "stay_not_permitted",
            "decided_on": "2026-11-20",
            "note": "No employer found within the period.",
        },
    )
    assert response.status_code == 302
    assert SuspensionCase.objects.get(pk=created.json()["id"]).outcome == "stay_not_permitted"
    assert (
        client.post(
            f"/registers/suspensions/{suspension.pk}/", {"action": "decide", "case": "abc"}
        ).status_code
        == 404
    )
