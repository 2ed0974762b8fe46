from datetime import date

import pytest

from renkei.core.errors import ApplicationError, PermissionDenied
from renkei.exchange.models import Exchange
from renkei.registry import services
from renkei.registry.identifiers import corporate_number_valid
from renkei.registry.models import (
    IntakeSuspension,
    ReceivingOrganisation,
    Sector,
    SupportOrganisation,
)


@pytest.mark.parametrize(
    "number,ok",
    [
        ("1180301018771", True),
        ("7000012050002", True),
        ("2180301018771", False),
        ("118030101877", False),
        ("１１８０３０１０１８７７１", True),
        ("11803010187a1", False),
    ],
)
def test_corporate_number_check_digit(number, ok):
    assert corporate_number_valid(number) is ok


def test_wrong_check_digit_is_refused(demo_users):
    with pytest.raises(ApplicationError) as excinfo:
        services.receiving_org_register(
            actor=demo_users["isa.contact"], corporate_number="2180301018771", name="X"
        )
    assert excinfo.value.code == "invalid_corporate_number"
    assert not ReceivingOrganisation.objects.exists()


def test_improvement_order_notifies_the_chosen_partners_that_provide_for_it(demo_users):
    isa = demo_users["isa.contact"]
    company = services.receiving_org_register(
        actor=isa, corporate_number="1180301018771", name="Example KK"
    )
    order = services.improvement_order_record(
        language="en",
        actor=isa,
        target_kind="receiving_organisation",
        receiving_organisation=company,
        issued_on=date(2026, 10, 1),
        legal_basis="入管法第19条の21",
        findings="Unpaid wages",
        agreement_codes=["LA", "KH"],
    )
    assert set(Exchange.objects.values_list("agreement__code", flat=True)) == {"LA", "KH"}
    assert order.agreements.count() == 2
    with pytest.raises(services.NotProvided):
        services.improvement_order_record(
            language="en",
            actor=isa,
            target_kind="receiving_organisation",
            receiving_organisation=company,
            issued_on=date(2026, 10, 1),
            legal_basis="x",
            findings="y",
            agreement_codes=["PK"],
        )


def test_support_organisation_orders_only_where_the_moc_covers_them(demo_users):
    isa = demo_users["isa.contact"]
    rso = SupportOrganisation.objects.create(
        registration_number="19登-000001", name="RSO", row_digest="x"
    )
    services.improvement_order_record(
        language="en",
        actor=isa,
        target_kind="registered_support_organisation",
        support_organisation=rso,
        issued_on=date(2026, 10, 1),
        legal_basis="x",
        findings="y",
        agreement_codes=["KH"],
    )
    with pytest.raises(ApplicationError) as excinfo:
        services.improvement_order_record(
            language="en",
            actor=isa,
            target_kind="registered_support_organisation",
            support_organisation=rso,
            issued_on=date(2026, 10, 1),
            legal_basis="x",
            findings="y",
            agreement_codes=["LA"],
        )
    assert excinfo.value.code == "target_not_provided"


def test_intake_suspension_notifies_partners_in_force_and_is_public_after_approval(
    demo_users, client
):
    isa = demo_users["isa.contact"]
    sector = Sector.objects.get(code="construction")
    suspension = services.intake_suspension_record(
        language="en",
        actor=isa,
        sector=sector,
        ssw_level=1,
        effective_date=date(2026, 12, 1),
        reason="Quota reached",
    )
    notified = set(Exchange.objects.values_list("agreement__code", flat=True))
    assert notified == {"KH", "PK", "LA", "KG"}  # TJ is signed but not in force
    assert "Quota reached" not in client.get("/public/suspensions/").content.decode()
    services.publication_approve(actor=demo_users["isa.publisher"], entry=suspension)
    assert "Quota reached" in client.get("/public/suspensions/").content.decode()
    with pytest.raises(ApplicationError):
        services.intake_suspension_record(
            language="en",
            actor=isa,
            sector=sector,
            ssw_level=1,
            effective_date=date(2026, 12, 2),
            reason="again",
        )
    services.intake_suspension_lift(actor=isa, suspension=suspension, lifted_on=date(2027, 1, 1))
    assert IntakeSuspension.objects.get().lifted_on == date(2027, 1, 1)
    with pytest.raises(PermissionDenied):
        services.intake_suspension_record(
            language="en",
            actor=demo_users["la.contact"],
            sector=sector,
            ssw_level=2,
            effective_date=date(2026, 12, 1),
            reason="x",
        )


def test_orders_and_suspensions_reach_the_partners_in_their_working_language(demo_users, client):
    from renkei.registry.models import ImprovementOrder

    isa = demo_users["isa.contact"]
    company = services.receiving_org_register(
        actor=isa, corporate_number="1180301018771", name="Example KK"
    )
    order = {
        "actor": isa,
        "target_kind": "receiving_organisation",
        "receiving_organisation": company,
        "issued_on": date(2026, 10, 1),
        "legal_basis": "入管法第19条の21",
        "findings": "賃金の未払い",
        "agreement_codes": ["LA"],
    }
    with pytest.raises(ApplicationError) as refused:
        services.improvement_order_record(**order)  # Japanese only
    assert refused.value.code == "working_language_missing"
    assert not ImprovementOrder.objects.exists() and not Exchange.objects.exists()
    english = {"legal_basis": "Immigration Control Act, Art. 19-21", "findings": "Unpaid wages"}
    recorded = services.improvement_order_record(**order, translations={"en": english})
    notice = Exchange.objects.get(agreement__code="LA")
    assert notice.language == "ja" and "Unpaid wages" in notice.translations["en"]["body"]
    services.publication_approve(actor=demo_users["isa.publisher"], entry=recorded)
    public = client.get("/public/LA/improvement-orders/", HTTP_ACCEPT_LANGUAGE="en")
    assert "Immigration Control Act, Art. 19-21" in public.content.decode()
    sector = Sector.objects.first()
    with pytest.raises(ApplicationError) as refused:
        services.intake_suspension_record(
            actor=isa, sector=sector, ssw_level=1, effective_date=date(2026, 10, 1), reason="充足"
        )
    assert refused.value.code == "working_language_missing"
    assert not IntakeSuspension.objects.exists()
