"""The Japanese registers page and the certificates page, end to end through their forms."""

import io
import re

from renkei.exchange.models import Exchange
from renkei.registry.models import (
    CandidateCertificate,
    ImprovementOrder,
    IntakeSuspension,
    SupportOrgListVersion,
)
from renkei.registry.tests.test_support_list_import import csv_bytes, row


def test_japanese_registers_page(demo_users, client, agreements):
    client.force_login(demo_users["isa.contact"])
    assert client.get("/registers/").status_code == 200
    bad = client.post(
        "/registers/", {"action": "receiving", "corporate_number": "2180301018771", "name": "X"}
    )
    assert bad.status_code == 400 and b'data-testid="form-error"' in bad.content
    client.post(
        "/registers/",
        {"action": "receiving", "corporate_number": "1180301018771", "name": "Example KK"},
    )
    client.post(
        "/registers/",
        {
            "action": "order",
            "target_kind": "receiving_organisation",
            "target": "1180301018771",
            "issued_on": "2026-10-01",
            "legal_basis_ja": "入管法",
            "findings_ja": "賃金の未払い",
            "legal_basis_en": "Immigration Control Act",
            "findings_en": "Unpaid wages",
            "agreements": ["LA", "KG"],
        },
    )
    assert ImprovementOrder.objects.count() == 1
    assert set(Exchange.objects.values_list("agreement__code", flat=True)) == {"LA", "KG"}
    # The next step is in reach: the notices sent, and who releases the order to the public.
    registers = client.get("/registers/", HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert "/work/LA/exchanges/?box=outbox&amp;type=notice" in registers
    assert "A publisher releases it from this page" in registers
    upload = io.BytesIO(csv_bytes([row(1)], "cp932"))
    upload.name = "list.csv"
    client.post("/registers/", {"action": "import", "file": upload})
    version = SupportOrgListVersion.objects.get()
    client.post("/registers/", {"action": "share", "version": version.pk, "agreement": "KH"})
    assert Exchange.objects.filter(
        agreement__code="KH", details__notice_kind="support_org_list"
    ).exists()
    client.post(
        "/registers/",
        {
            "action": "suspend",
            "sector": "construction",
            "ssw_level": "1",
            "effective_date": "2026-12-01",
            "reason_en": "Quota",
        },
    )
    assert IntakeSuspension.objects.count() == 1
    client.force_login(demo_users["isa.publisher"])
    client.post(
        "/registers/",
        {"action": "approve", "kind": "suspension", "id": IntakeSuspension.objects.get().pk},
    )
    assert IntakeSuspension.objects.get().approved_at is not None
    client.force_login(demo_users["la.contact"])
    assert client.get("/registers/").status_code == 404


def test_certificates_page_only_for_cambodia(demo_users, client):
    from renkei.registry.tests.factories import KH_SENDER, kh_sender

    kh_sender(demo_users["kh.contact"])
    client.force_login(demo_users["kh.contact"])
    response = client.post(
        "/work/KH/registry/certificates/",
        {
            "number": "KH-C-1",
            "candidate_name": "Sok Dara",
            "issued_on": "2026-01-01",
            "valid_until": "2027-01-01",
            "sending_organisation_licence": KH_SENDER,
        },
    )
    assert response.status_code == 302
    assert CandidateCertificate.objects.filter(number="KH-C-1").exists()
    client.force_login(demo_users["la.contact"])
    page = client.get("/work/LA/registry/certificates/")
    assert page.status_code == 404 and b'data-testid="not-provided"' in page.content
    client.force_login(demo_users["la.contact"])
    assert client.get("/work/KH/registry/certificates/").status_code == 404


def test_the_order_form_offers_partners_in_force_by_name_and_keeps_what_was_typed(
    demo_users, client, agreements
):
    client.force_login(demo_users["isa.contact"])
    page = client.get("/registers/", HTTP_ACCEPT_LANGUAGE="en").content.decode()
    offered = re.findall(r'value="(\w\w)" checked data-testid="order-partner"', page)
    assert "TJ" not in offered and "LA" in offered  # Tajikistan's MOC has not commenced
    assert "Lao People&#x27;s Democratic Republic (LA)" in page
    client.post(
        "/registers/",
        {"action": "receiving", "corporate_number": "1180301018771", "name": "Example KK"},
    )
    refused = client.post(
        "/registers/",
        {
            "action": "order",
            "target_kind": "receiving_organisation",
            "target": "1180301018771",
            "issued_on": "2026-10-01",
            "legal_basis_ja": "入管法第19条の21",
            "findings_ja": "3か月の賃金未払い",
            "legal_basis_en": "Immigration Control Act, Art. 19-21",
            "findings_en": "Unpaid wages for three months",
            "agreements": ["LA", "TJ"],  # a forged or stale form
        },
        HTTP_ACCEPT_LANGUAGE="en",
    )
    text = refused.content.decode()
    assert refused.status_code == 400 and "Tajikistan" in text
    assert "Unpaid wages for three months" in text and "入管法第19条の21" in text
    assert not ImprovementOrder.objects.exists() and not Exchange.objects.exists()
