"""Screening when records are saved: hits, flags, review decisions in the ledger, and scoping —
a partner never sees a hit that touches another partner's records (§3)."""

import re
from datetime import date

import pytest

from renkei.accounts.services import api_token_create
from renkei.audit.models import AuditEvent
from renkei.core.errors import ApplicationError, NotFound, PermissionDenied
from renkei.exchange.tests.factories import sent
from renkei.registry import services as registry
from renkei.registry.tests.factories import organisation
from renkei.screening.models import Hit, ScreenedName
from renkei.screening.selectors import hits_for, links_for
from renkei.screening.services import hit_review

REPORT = {
    "intermediaries": [
        {
            "kind": "individual",
            "country": "LA",
            "names": ["ສົມສັກ ພັນທະວົງ", "Somsak Phanthavong"],
            "identifiers": [],
        }
    ],
    "categories": ["a"],
    "workers_affected": 3,
}


def _bearer(user) -> dict:
    return {"HTTP_AUTHORIZATION": f"Bearer {api_token_create(actor=None, user=user, name='t')[1]}"}


def test_a_revoked_organisations_officer_in_a_new_organisation_is_flagged(demo_users):
    la = demo_users["la.contact"]
    old = organisation(la, licence="LA-OLD-1", officers=["Bounmy Keo"])
    registry.accreditation_record(
        actor=la, organisation=old, kind="applied", effective_date=date(2025, 1, 1)
    )
    registry.accreditation_record(
        actor=la,
        organisation=old,
        kind="accredited",
        effective_date=date(2025, 1, 2),
        valid_until=date(2028, 1, 1),
    )
    registry.accreditation_record(
        actor=la,
        organisation=old,
        kind="revoked",
        effective_date=date(2026, 3, 1),
        reason="Deposits taken",
    )
    assert ScreenedName.objects.filter(source_id=old.pk, flagged=True).exists()
    organisation(
        la,
        licence="LA-NEW-9",
        name_original="ບໍລິສັດ ແຮງງານ ໃໝ່",
        name_latin="New Horizon Manpower Sole Co., Ltd.",
        name_ja="",
        officers=["BOUNMY KEO"],
    )
    hit = Hit.objects.get(new__name="BOUNMY KEO")
    assert hit.existing.name == "Bounmy Keo" and hit.existing.parent_id == old.pk
    assert any("(Revoked)" in flag for flag in hit.explanation["flags"])
    assert hit.explanation["name"]["key"] == "original" and hit.score == 1.0
    assert AuditEvent.objects.filter(action="screening.run").exists()
    # A new name, but the same address and the same people: the organisation itself is a hit,
    # and the explanation says why.
    company = Hit.objects.get(new__source_type="sending_organisation", new__name__startswith="New")
    assert {f["field"] for f in company.explanation["fields"]} >= {"address", "person"}


def test_a_partner_never_sees_a_hit_on_another_partners_intermediary(demo_users, client):
    la, kh, isa = demo_users["la.contact"], demo_users["kh.contact"], demo_users["isa.contact"]
    sent(la, details=REPORT)
    organisation(
        kh,
        code="KH",
        licence="KH-77",
        name_original="ក្រុមហ៊ុន ធនធានមនុស្ស",
        name_latin="Human Resources Co., Ltd.",
        representative="Somsak Phanthavong",
        officers=[],
    )
    hit = Hit.objects.get(new__source_type="sending_organisation_person")
    assert hit.existing.source_type == "intermediary" and hit.existing.agreement.code == "LA"
    assert list(hits_for(isa)) == [hit]
    assert list(hits_for(kh)) == [] and list(hits_for(la)) == []
    with pytest.raises(NotFound):
        hit_review(actor=kh, hit_id=hit.pk, decision="confirmed", reason="same")

    listed = client.get("/api/v1/screening/hits", **_bearer(kh)).json()
    assert listed == []
    checked = client.post(
        "/api/v1/screening/check",
        {"names": ["Somsak Phanthavong"]},
        content_type="application/json",
        **_bearer(kh),
    ).json()
    assert all(c["record"]["agreement"] in ("KH", None) for c in checked["candidates"])
    assert "intermediary" not in {c["record"]["source_type"] for c in checked["candidates"]}
    for_japan = client.post(
        "/api/v1/screening/check",
        {"names": ["ສົມສັກ ພັນທະວົງ"]},
        content_type="application/json",
        **_bearer(isa),
    ).json()
    top = for_japan["candidates"][0]
    assert top["hit"] and top["record"]["agreement"] in ("LA", "KH")
    client.force_login(kh)
    assert "Somsak" not in client.get("/screening/").content.decode()
    # Japan's decision on the cross-agreement hit reaches neither agreement's activity list.
    hit_review(actor=isa, hit_id=hit.pk, decision="confirmed", reason="Same person")
    event = AuditEvent.objects.latest("seq")
    assert event.action == "screening.hit_confirmed" and event.agreement_code == ""
    assert "ສົມສັກ" not in event.object_repr and "Somsak" not in event.object_repr
    assert "ສົມສັກ" not in client.get("/work/KH/").content.decode()


def test_review_decisions_are_ledger_events_and_links_show_on_both_records(demo_users, client):
    la = demo_users["la.contact"]
    first = organisation(la, licence="LA-1", officers=["Khamphet Sisavath"])
    second = organisation(
        la, licence="LA-2", name_latin="Other Name Co., Ltd.", officers=["Khamphet Sisavath"]
    )
    hits = list(hits_for(la))
    assert hits, "the shared officer and the shared Lao name are hits"
    with pytest.raises(ApplicationError) as no_reason:
        hit_review(actor=la, hit_id=hits[0].pk, decision="confirmed", reason="  ")
    assert no_reason.value.code == "required"
    with pytest.raises(ApplicationError) as bad:
        hit_review(actor=la, hit_id=hits[0].pk, decision="maybe", reason="x")
    assert bad.value.code == "invalid_decision"
    with pytest.raises(PermissionDenied):
        hit_review(
            actor=demo_users["isa.contact"].__class__.objects.get(username="mhlw.liaison"),
            hit_id=hits[0].pk,
            decision="confirmed",
            reason="x",
        )
    reviewed = hit_review(actor=la, hit_id=hits[0].pk, decision="confirmed", reason="Same ID card")
    event = AuditEvent.objects.latest("seq")
    assert event.action == "screening.hit_confirmed" and event.agreement_code == "LA"
    with pytest.raises(ApplicationError) as twice:
        hit_review(actor=la, hit_id=reviewed.pk, decision="dismissed", reason="x")
    assert twice.value.code == "invalid_transition" and twice.value.status == 409
    assert reviewed in links_for(la, "sending_organisation", first.pk)
    assert reviewed in links_for(la, "sending_organisation", second.pk)
    client.force_login(la)
    page = client.get(f"/work/LA/registry/{second.pk}/").content.decode()
    links = page.split('data-testid="screening-links"')[1].split("</ul>")[0]
    assert "Same ID card" in links


def test_the_review_page_confirms_and_dismisses(demo_users, client):
    la = demo_users["la.contact"]
    organisation(la, licence="LA-1", officers=["Khamphet Sisavath"])
    organisation(la, licence="LA-2", name_latin="Other Name", officers=["Khamphet Sisavath"])
    hit = hits_for(la).first()
    client.force_login(la)
    page = client.get("/screening/", HTTP_ACCEPT_LANGUAGE="en")
    assert page.status_code == 200 and 'data-testid="hit"' in page.content.decode()
    # The evidence reads in words: a score as "…% alike", never a bare figure or key~key.
    row = page.content.decode().split('data-testid="hit"')[1].split("</tr>")[0]
    assert "% alike" in row
    assert not re.search(r">\s*\d\.\d{3}\s*<", row) and "</code>~<code>" not in row
    response = client.post(
        "/screening/", {"hit": hit.pk, "decision": "dismissed", "reason": "Namesakes"}
    )
    assert response.status_code == 302
    assert Hit.objects.get(pk=hit.pk).status == "dismissed"
    assert client.post("/screening/", {"hit": "x"}).status_code == 404
    client.force_login(demo_users["isa.examiner"])
    assert client.get("/screening/").status_code == 404


def test_a_receiving_organisation_is_screened_against_support_organisations(demo_users):
    from renkei.registry.models import SupportOrganisation
    from renkei.registry.screening_inputs import support_org_entry
    from renkei.screening.services import screen_records

    isa = demo_users["isa.contact"]
    support = SupportOrganisation.objects.create(
        registration_number="19登-000777", name="株式会社さくら人材サポート", row_digest="x"
    )
    screen_records(actor=isa, entries=[support_org_entry(support)], agreement=None, side="jp")
    registry.receiving_org_register(
        actor=isa, corporate_number="1180301018771", name="さくら人材サポート株式会社"
    )
    hit = Hit.objects.get(new__source_type="receiving_organisation")
    assert hit.existing.source_type == "support_organisation"
    assert list(hits_for(isa)) == [hit]
    assert list(hits_for(demo_users["la.contact"])) == []  # Japan's registers: Japan only


def test_a_confirmed_link_shows_on_the_report_too(demo_users, client):
    la, isa = demo_users["la.contact"], demo_users["isa.contact"]
    report = sent(la, details=REPORT)
    organisation(la, licence="LA-9", representative="Somsak Phanthavong", officers=[])
    hit = Hit.objects.get(existing__source_type="intermediary")
    hit_review(actor=isa, hit_id=hit.pk, decision="confirmed", reason="Same passport number")
    client.force_login(isa)
    page = client.get(f"/work/LA/exchanges/{report.pk}/").content.decode()
    assert "Same passport number" in page.split('data-testid="screening-links"')[1]
    client.force_login(demo_users["kh.contact"])
    assert client.get(f"/work/LA/exchanges/{report.pk}/").status_code == 404
