"""Every exchange sent, answered, consented to or disclosed gives the other side a receipt: the
event's inclusion proof against a signed checkpoint, on the exchange's page and in the API, and
only to those who may see the exchange."""

import json

from renkei.accounts.services import api_token_create
from renkei.audit.checkpoints import receipt_verify
from renkei.audit.models import AuditEvent
from renkei.exchange import services
from renkei.exchange.tests.factories import sent


def bearer(user):
    return {"HTTP_AUTHORIZATION": f"Bearer {api_token_create(actor=None, user=user, name='t')[1]}"}


def _answered(demo_users):
    la, isa = demo_users["la.contact"], demo_users["isa.contact"]
    exchange = sent(la, exchange_type="inquiry", details={})
    services.exchange_reply(
        language="en", actor=isa, exchange=exchange, body="Accredited.", is_answer=True
    )
    return exchange


def test_the_api_lists_and_serves_receipts_that_verify(demo_users, client):
    exchange = _answered(demo_users)
    la = bearer(demo_users["la.contact"])
    detail = client.get(f"/api/v1/exchanges/{exchange.pk}", **bearer(demo_users["isa.contact"]))
    assert [r["action"] for r in detail.json()["receipts"]] == [
        "exchange.sent",
        "exchange.answered",
    ]
    key = client.get("/api/v1/ledger/key", **la).json()["current"]
    for summary in detail.json()["receipts"]:
        receipt = client.get(summary["url"], **la).json()
        check = receipt_verify(receipt, [key])
        assert check.ok, check.reason
        assert check.event["object_id"] == str(exchange.pk)
        assert check.event["action"] == summary["action"]
    every = client.get(f"/api/v1/exchanges/{exchange.pk}/receipts", **la).json()
    assert len(every) == 2 and all(receipt_verify(r, [key]).ok for r in every)


def test_receipts_are_scoped_like_the_exchange(demo_users, client):
    exchange = _answered(demo_users)
    kh = bearer(demo_users["kh.contact"])
    sent_event = AuditEvent.objects.get(action="exchange.sent", object_id=str(exchange.pk))
    assert client.get(f"/api/v1/exchanges/{exchange.pk}/receipts", **kh).status_code == 404
    url = f"/api/v1/exchanges/{exchange.pk}/receipts/{sent_event.seq}"
    assert client.get(url, **kh).status_code == 404
    la = bearer(demo_users["la.contact"])
    drafted = AuditEvent.objects.get(action="exchange.drafted", object_id=str(exchange.pk))
    assert (
        client.get(f"/api/v1/exchanges/{exchange.pk}/receipts/{drafted.seq}", **la).status_code
        == 404
    )
    other = sent(demo_users["la.contact"], exchange_type="inquiry", details={})
    # Another exchange's event, asked for under this exchange: not found.
    other_event = AuditEvent.objects.get(action="exchange.sent", object_id=str(other.pk))
    assert (
        client.get(f"/api/v1/exchanges/{exchange.pk}/receipts/{other_event.seq}", **la).status_code
        == 404
    )


def test_the_exchange_page_offers_the_receipts(demo_users, client):
    exchange = _answered(demo_users)
    client.force_login(demo_users["la.contact"])
    page = client.get(f"/work/LA/exchanges/{exchange.pk}/")
    assert page.status_code == 200
    assert b'data-testid="receipts"' in page.content and b"exchange.answered" in page.content
    answered = AuditEvent.objects.get(action="exchange.answered", object_id=str(exchange.pk))
    download = client.get(f"/work/LA/exchanges/{exchange.pk}/receipts/{answered.seq}.json")
    assert download.status_code == 200
    assert "attachment" in download["Content-Disposition"]
    key = client.get("/api/v1/ledger/key").json()["current"]
    assert receipt_verify(json.loads(download.content), [key]).ok
    client.force_login(demo_users["kh.contact"])
    assert (
        client.get(f"/work/LA/exchanges/{exchange.pk}/receipts/{answered.seq}.json").status_code
        == 404
    )
