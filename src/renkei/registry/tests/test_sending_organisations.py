from datetime import date, timedelta

import pytest
from django.utils import timezone

from renkei.audit.models import AuditEvent
from renkei.core.errors import ApplicationError, NotFound, PermissionDenied
from renkei.exchange.models import Exchange
from renkei.registry import services
from renkei.registry.models import AccreditationEvent, SendingOrganisation
from renkei.registry.tests.factories import accredited, organisation


def test_accreditation_notifies_japan_through_a_notice(demo_users):
    org = accredited(demo_users["la.contact"])
    notice = Exchange.objects.get(agreement__code="LA", exchange_type="notice")
    assert notice.status == "sent" and notice.originating_side == "partner"
    assert notice.details == {"notice_kind": "accreditation_granted"}
    assert org.licence_number in notice.subject
    actions = list(AuditEvent.objects.filter(agreement_code="LA").values_list("action", flat=True))
    assert "accreditation.accredited" in actions and "exchange.sent" in actions


def test_pakistan_has_no_register(demo_users, client):
    with pytest.raises(services.NotProvided) as excinfo:
        organisation(demo_users["pk.contact"], code="PK", licence="PK-1")
    assert excinfo.value.status == 409 and excinfo.value.code == "not_provided"
    from renkei.accounts.services import api_token_create

    token = api_token_create(actor=None, user=demo_users["pk.contact"], name="t")[1]
    response = client.get(
        "/api/v1/agreements/PK/sending-organisations", HTTP_AUTHORIZATION=f"Bearer {token}"
    )
    assert response.status_code == 409 and response.json()["error"]["code"] == "not_provided"
    public = client.get("/public/PK/sending-organisations/")
    assert public.status_code == 404 and b'data-testid="not-provided"' in public.content


@pytest.mark.parametrize(
    "kind,when,code",
    [
        ("revoked", date(2024, 1, 1), "invalid_event_sequence"),  # before accreditation
        ("reinstated", date(2024, 1, 1), "invalid_event_sequence"),
        ("examined", date(2024, 1, 1), "invalid_event_sequence"),
    ],
)
def test_events_out_of_sequence_are_refused(demo_users, kind, when, code):
    org = organisation(demo_users["la.contact"])
    with pytest.raises(ApplicationError) as excinfo:
        services.accreditation_record(
            actor=demo_users["la.contact"],
            organisation=org,
            kind=kind,
            effective_date=when,
            reason="x",
        )
    assert excinfo.value.code == code
    assert not AccreditationEvent.objects.exists()


def test_future_dated_and_backdated_events_are_refused(demo_users):
    la = demo_users["la.contact"]
    org = accredited(la)
    with pytest.raises(ApplicationError) as excinfo:
        services.accreditation_record(
            actor=la,
            organisation=org,
            kind="revoked",
            effective_date=timezone.localdate() + timedelta(days=1),
            reason="x",
        )
    assert excinfo.value.code == "future_date"
    with pytest.raises(ApplicationError) as excinfo:
        services.accreditation_record(
            actor=la,
            organisation=org,
            kind="revoked",
            effective_date=date(2024, 12, 31),
            reason="x",
        )
    assert excinfo.value.code in ("out_of_order", "invalid_event_sequence")
    with pytest.raises(ApplicationError) as excinfo:
        services.accreditation_record(
            actor=la, organisation=org, kind="revoked", effective_date=date(2025, 6, 1)
        )
    assert excinfo.value.code == "required"  # a revocation needs its reason


def test_only_the_partner_contact_point_records(demo_users):
    org = organisation(demo_users["la.contact"])
    with pytest.raises(PermissionDenied):
        services.accreditation_record(
            actor=demo_users["isa.contact"],
            organisation=org,
            kind="applied",
            effective_date=date(2025, 1, 1),
        )
    with pytest.raises(NotFound):
        services.accreditation_record(
            actor=demo_users["kh.contact"],
            organisation=org,
            kind="applied",
            effective_date=date(2025, 1, 1),
        )


def test_duplicate_licence_in_any_writing_is_refused(demo_users):
    organisation(demo_users["la.contact"], licence="LA-SO-001")
    with pytest.raises(ApplicationError) as excinfo:
        organisation(demo_users["la.contact"], licence="ＬＡ－ＳＯ－００１")
    assert excinfo.value.code == "duplicate_licence"
    assert SendingOrganisation.objects.count() == 1


def test_people_are_linked(demo_users):
    org = organisation(demo_users["la.contact"])
    assert str(org.representative) == "Somchai Phommavong"
    assert [str(p) for p in org.officers.all()] == ["Bounmy Keo"]


def test_scoping_on_the_internal_register(demo_users, client):
    org = accredited(demo_users["la.contact"])
    client.force_login(demo_users["kh.contact"])
    assert client.get(f"/work/LA/registry/{org.pk}/").status_code == 404
    assert client.get(f"/work/KH/registry/{org.pk}/").status_code == 404
    assert client.get("/work/LA/registry/").status_code == 404
    client.force_login(demo_users["la.contact"])
    assert client.get(f"/work/LA/registry/{org.pk}/").status_code == 200


def test_scoping_on_the_register_api(demo_users, client):
    from renkei.accounts.services import api_token_create

    org = accredited(demo_users["la.contact"])
    kh = {
        "HTTP_AUTHORIZATION": f"Bearer {api_token_create(actor=None, user=demo_users['kh.contact'], name='t')[1]}"
    }
    for url in (
        "/api/v1/agreements/LA/sending-organisations",
        f"/api/v1/agreements/LA/sending-organisations/{org.pk}",
        f"/api/v1/agreements/KH/sending-organisations/{org.pk}",
    ):
        assert client.get(url, **kh).status_code == 404, url
    response = client.post(
        f"/api/v1/agreements/LA/sending-organisations/{org.pk}/events",
        {"kind": "revoked", "effective_date": "2025-06-01", "reason": "x"},
        content_type="application/json",
        **kh,
    )
    assert response.status_code == 404
    assert org.events.count() == 2


def test_referral_and_investigation_result_on_the_organisation_page(demo_users, client):
    from renkei.exchange import services as exchange_services

    org = accredited(demo_users["la.contact"])
    referral = exchange_services.exchange_create(
        language="en",
        actor=demo_users["isa.contact"],
        agreement_code="LA",
        exchange_type="referral",
        subject="Fees without breakdown",
        body="Workers report undisclosed fees.",
        details={"sending_organisation_name": "Lao Manpower", "licence_number": "la so 001"},
    )
    exchange_services.exchange_send(actor=demo_users["isa.contact"], exchange=referral)
    exchange_services.exchange_reply(
        language="en",
        actor=demo_users["la.contact"],
        exchange=referral,
        body="Guidance given; fees refunded.",
        is_answer=True,
    )
    client.force_login(demo_users["la.contact"])
    page = client.get(f"/work/LA/registry/{org.pk}/").content.decode()
    assert referral.reference in page and "Guidance given; fees refunded." in page
