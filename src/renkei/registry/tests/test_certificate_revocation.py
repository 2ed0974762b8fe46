"""Cambodia's contact point revokes a candidate certificate it issued (KH §5(3)); from that day
Japan's examiners are told it is not valid, and a second revocation is refused."""

from datetime import date, timedelta

from django.utils import timezone

from renkei.accounts.services import api_token_create
from renkei.audit.models import AuditEvent
from renkei.registry import services
from renkei.registry.models import CandidateCertificate
from renkei.registry.tests.factories import KH_SENDER, kh_sender


def bearer(user):
    return {"HTTP_AUTHORIZATION": f"Bearer {api_token_create(actor=None, user=user, name='t')[1]}"}


def issued(demo_users) -> CandidateCertificate:
    kh_sender(demo_users["kh.contact"])
    return services.candidate_certificate_record(
        actor=demo_users["kh.contact"],
        agreement_code="KH",
        number="KH-C-0042",
        candidate_name="Sok Dara",
        issued_on=date(2025, 1, 1),
        valid_until=date(2027, 1, 1),
        sending_organisation_licence=KH_SENDER,
    )


def revoke(client, user, certificate, on, code="KH"):
    return client.post(
        f"/api/v1/agreements/{code}/candidate-certificates/{certificate.pk}/revoke",
        {"revoked_on": on},
        content_type="application/json",
        **bearer(user),
    )


def test_a_revoked_certificate_is_not_valid_from_its_revocation(demo_users, client):
    certificate = issued(demo_users)
    answer = revoke(client, demo_users["kh.contact"], certificate, "2025-06-01")
    assert answer.status_code == 200, answer.content
    assert answer.json()["status"] == "revoked"
    examiner = bearer(demo_users["isa.examiner"])
    url = "/api/v1/verify/candidate-certificate?agreement=KH&number=KH-C-0042&on="
    assert client.get(url + "2025-05-31", **examiner).json()["valid"] is True
    after = client.get(url + "2025-06-02", **examiner).json()
    assert after["valid"] is False and after["reason"] == "revoked"
    assert AuditEvent.objects.filter(action="certificate.revoked").count() == 1


def test_revocation_refused_twice_before_issue_in_the_future_and_by_others(demo_users, client):
    certificate = issued(demo_users)
    kh = demo_users["kh.contact"]
    tomorrow = (timezone.localdate() + timedelta(days=1)).isoformat()
    assert revoke(client, kh, certificate, tomorrow).json()["error"]["code"] == "future_date"
    early = revoke(client, kh, certificate, "2024-12-31").json()
    assert early["error"]["code"] == "invalid_event_sequence"
    # Japan's side does not revoke Cambodia's certificates; Laos does not even see them.
    assert revoke(client, demo_users["isa.contact"], certificate, "2025-06-01").status_code == 403
    assert revoke(client, demo_users["la.contact"], certificate, "2025-06-01").status_code == 404
    assert revoke(client, kh, certificate, "2025-06-01").status_code == 200
    again = revoke(client, kh, certificate, "2025-07-01")
    assert again.status_code == 409 and again.json()["error"]["code"] == "invalid_transition"
    certificate.refresh_from_db()
    assert certificate.revoked_on == date(2025, 6, 1)
