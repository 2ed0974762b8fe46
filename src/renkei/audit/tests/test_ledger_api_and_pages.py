"""Both sides' users get the latest checkpoint, any consistency proof and the verifier key from
the API; a partner downloads checkpoints from its workspace; the worker signs them on its own."""

import base64
from datetime import timedelta

from django.utils import timezone

from renkei.accounts.services import api_token_create
from renkei.audit.checkpoints import checkpoint_parse, checkpoint_verify
from renkei.audit.ledger import checkpoint_create, checkpoint_due, ledger_size
from renkei.audit.merkle import consistency_verify
from renkei.audit.models import LedgerCheckpoint
from renkei.exchange.tests.factories import sent


def bearer(user):
    return {"HTTP_AUTHORIZATION": f"Bearer {api_token_create(actor=None, user=user, name='t')[1]}"}


def test_latest_checkpoint_and_consistency_through_the_api(demo_users, client):
    la = bearer(demo_users["la.contact"])
    first = client.get("/api/v1/ledger/checkpoint", **la).json()
    sent(demo_users["la.contact"])
    second = client.get("/api/v1/ledger/checkpoint", **bearer(demo_users["isa.contact"])).json()
    assert second["size"] > first["size"] == checkpoint_parse(first["text"]).size
    keys = client.get("/api/v1/ledger/key", **la).json()["known"]
    assert checkpoint_verify(second["text"], keys).size == second["size"]
    proof = client.get(
        f"/api/v1/ledger/consistency?first={first['size']}&second={second['size']}", **la
    ).json()["proof"]
    assert consistency_verify(
        old_size=first["size"],
        new_size=second["size"],
        old_root=bytes.fromhex(first["root"]),
        new_root=bytes.fromhex(second["root"]),
        proof=[base64.b64decode(p) for p in proof],
    )
    listed = client.get("/api/v1/ledger/checkpoints", **la).json()
    assert [c["size"] for c in listed] == [second["size"], first["size"]]


def test_bad_sizes_get_a_translated_error_and_no_one_unauthenticated_gets_anything(
    demo_users, client
):
    la = bearer(demo_users["la.contact"])
    size = ledger_size()
    for query in (f"first=0&second={size}", f"first={size}&second=1", f"first=1&second={size + 5}"):
        response = client.get(f"/api/v1/ledger/consistency?{query}", **la)
        assert response.status_code == 400 and response.json()["error"]["code"] == "invalid_sizes"
    japanese = client.get(
        "/api/v1/ledger/consistency?first=0&second=1", HTTP_ACCEPT_LANGUAGE="ja", **la
    )
    assert "台帳の件数" in japanese.json()["error"]["message"]
    assert client.get("/api/v1/ledger/consistency?first=x&second=1", **la).status_code == 422
    for path in ("checkpoint", "checkpoints", "key", "consistency?first=1&second=1"):
        assert client.get(f"/api/v1/ledger/{path}").status_code == 401
    assert client.get("/api/v1/ledger/key", **bearer(demo_users["renkei.admin"])).status_code == 404


def test_a_partner_downloads_checkpoints_from_its_workspace(demo_users, client):
    client.force_login(demo_users["la.contact"])
    page = client.get("/work/LA/ledger/")
    assert page.status_code == 200 and b'data-testid="verifier-key"' in page.content
    latest = client.get("/work/LA/ledger/checkpoint.txt")
    assert latest.status_code == 200 and latest["Content-Type"].startswith("text/plain")
    stored = LedgerCheckpoint.objects.get()
    assert latest.content.decode() == stored.text
    again = client.get(f"/work/LA/ledger/checkpoints/{stored.pk}.txt")
    assert again.content == latest.content
    assert client.get("/work/KH/ledger/").status_code == 404  # another agreement's workspace
    assert client.get(f"/work/KH/ledger/checkpoints/{stored.pk}.txt").status_code == 404
    assert client.get("/work/LA/ledger/checkpoints/999999.txt").status_code == 404
    client.logout()
    assert client.get("/work/LA/ledger/").status_code == 302


def test_the_worker_signs_a_checkpoint_when_the_ledger_grew_and_the_interval_passed(demo_users):
    first = checkpoint_create()
    now = timezone.now()
    assert checkpoint_due(minutes=60, now=now + timedelta(hours=2)) is None  # nothing new
    sent(demo_users["la.contact"])
    assert checkpoint_due(minutes=60, now=now + timedelta(minutes=10)) is None  # too soon
    due = checkpoint_due(minutes=60, now=now + timedelta(minutes=61))
    assert due is not None and due.size > first.size
    assert checkpoint_due(minutes=0, now=now + timedelta(days=1)) is None  # turned off
