"""Attacks: another partner, drafts, examiners — through the API, pages, search, attachments."""

import pytest

from renkei.accounts.services import api_token_create
from renkei.exchange import services
from renkei.exchange.tests.factories import draft, sent

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


def bearer(user):
    return {"HTTP_AUTHORIZATION": f"Bearer {api_token_create(actor=None, user=user, name='t')[1]}"}


@pytest.fixture
def la_case(demo_users):
    exchange = sent(demo_users["la.contact"], subject="Broker Somchai deposits")
    attachment = services.attachment_add(
        actor=demo_users["la.contact"], exchange=exchange, name="e.pdf", content=PDF
    )
    return exchange, attachment


def test_other_partner_gets_404_everywhere(demo_users, client, la_case):
    exchange, attachment = la_case
    kh = bearer(demo_users["kh.contact"])
    for url in [
        f"/api/v1/exchanges/{exchange.pk}",
        f"/api/v1/exchanges/{exchange.pk}/attachments/{attachment.pk}",
        "/api/v1/agreements/LA/exchanges",
        "/api/v1/agreements/LA/exchanges?text=somchai",
        "/api/v1/agreements/LA/dashboard",
    ]:
        response = client.get(url, **kh)
        assert response.status_code == 404, url
        assert b"Somchai" not in response.content
    for url in [
        f"/api/v1/exchanges/{exchange.pk}/acknowledge",
        f"/api/v1/exchanges/{exchange.pk}/replies",
    ]:
        response = client.post(url, {"body": "x"}, content_type="application/json", **kh)
        assert response.status_code == 404
    # its own agreement's search does not reach LA's content either
    own = client.get("/api/v1/agreements/KH/exchanges?text=somchai&box=all", **kh).json()
    assert own["count"] == 0


def test_other_partner_gets_404_on_pages(demo_users, client, la_case):
    exchange, attachment = la_case
    client.force_login(demo_users["kh.contact"])
    for url in [
        f"/work/LA/exchanges/{exchange.pk}/",
        f"/work/KH/exchanges/{exchange.pk}/",  # right id, own agreement's path
        f"/work/LA/exchanges/{exchange.pk}/attachments/{attachment.pk}/",
        f"/work/KH/exchanges/{exchange.pk}/attachments/{attachment.pk}/",
        "/work/LA/exchanges/",
        "/work/LA/exchanges/dashboard/",
    ]:
        assert client.get(url).status_code == 404, url
    assert client.post(f"/work/LA/exchanges/{exchange.pk}/do/acknowledge/").status_code == 404


def test_recipient_never_sees_drafts(demo_users, client):
    exchange = draft(demo_users["la.contact"], subject="Unfinished draft")
    isa = bearer(demo_users["isa.contact"])
    assert client.get(f"/api/v1/exchanges/{exchange.pk}", **isa).status_code == 404
    listing = client.get("/api/v1/agreements/LA/exchanges?box=all", **isa).json()
    assert listing["count"] == 0
    la = bearer(demo_users["la.contact"])
    assert client.get(f"/api/v1/exchanges/{exchange.pk}", **la).status_code == 200
    assert client.get("/api/v1/agreements/LA/exchanges?box=drafts", **la).json()["count"] == 1


def test_examiners_and_administrators_do_not_read_case_traffic(demo_users, client, la_case):
    exchange, _ = la_case
    for username in ("isa.examiner", "isa.publisher", "renkei.admin"):
        response = client.get(f"/api/v1/exchanges/{exchange.pk}", **bearer(demo_users[username]))
        assert response.status_code == 404, username


def test_reads_by_the_other_side_are_on_the_record(demo_users, client, la_case):
    from renkei.audit.models import AuditEvent

    exchange, _ = la_case
    client.get(f"/api/v1/exchanges/{exchange.pk}", **bearer(demo_users["isa.contact"]))
    client.get(f"/api/v1/exchanges/{exchange.pk}", **bearer(demo_users["la.contact"]))
    reads = AuditEvent.objects.filter(action="exchange.read", object_id=str(exchange.pk))
    assert list(reads.values_list("actor_label", flat=True)) == ["isa.contact"]
