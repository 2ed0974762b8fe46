"""Reads to a read replica (core/db_router.py, docs/scaling.md).

On PostgreSQL, a real server with two connections to the same server: the primary, and a
"replica" that is a copy of it taken before the writes below — a replica far behind, so where
each read went shows in what it answers. Everywhere, the router's rules one by one."""

import json
import urllib.parse

import pytest
from django.db import connection, transaction
from django.http import HttpResponse
from django.test import RequestFactory

from renkei.accounts.models import User
from renkei.core import db_router
from renkei.exchange.models import Exchange
from renkei.ops.instance import _TOKENS_SCRIPT, _postgres_admin, instance_create

INQUIRY = {
    "type": "inquiry",
    "subject": "Is this sending organisation accredited?",
    "body": "Please confirm.",
    "details": {},
    "language": "en",
}


@pytest.mark.skipif(connection.vendor != "postgresql", reason="a replica is PostgreSQL's")
def test_reads_go_to_the_replica_and_writes_to_the_primary(tmp_path):
    live = instance_create(tmp_path / "instance")
    replica_name = ""
    try:
        live.set_up(users=("la.contact", "isa.contact"))
        primary_name = urllib.parse.urlsplit(live.database_url).path.lstrip("/")
        replica_name = f"{primary_name}_replica"
        with _postgres_admin(live.database_url) as admin:
            admin.execute(f'CREATE DATABASE "{replica_name}" TEMPLATE "{primary_name}"')
        replica_url = urllib.parse.urlsplit(live.database_url)._replace(path=f"/{replica_name}")
        live.extra_env = {"DATABASE_REPLICA_URL": replica_url.geturl()}
        live.start(workers=2)

        # A write, and the reads inside it, on the primary (the replica refuses writes).
        created = live.call("POST", "/api/v1/agreements/LA/exchanges", "la.contact", INQUIRY)
        assert created.status == 201, created.body
        sent = live.call("POST", f"/api/v1/exchanges/{created.body['id']}/send", "la.contact")
        assert sent.status == 200 and sent.body["status"] == "sent", sent.body
        reference = created.body["reference"]

        # A plain read answers from the replica, which has not seen the write.
        inbox = live.call("GET", "/api/v1/agreements/LA/exchanges?box=inbox", "isa.contact")
        assert inbox.status == 200, inbox.body
        assert reference not in [item["reference"] for item in inbox.body["items"]]
        assert inbox.body["count"] == 0

        # Asked for the primary, the same read sees it.
        fresh = live.call(
            "GET",
            "/api/v1/agreements/LA/exchanges?box=inbox",
            "isa.contact",
            headers={"X-Renkei-Read": "primary"},
        )
        assert [item["reference"] for item in fresh.body["items"]] == [reference]
        assert fresh.body["count"] == 1

        # Who the caller is comes from the primary: a token made after the copy works.
        newer = json.loads(live.python(_TOKENS_SCRIPT, "la.contact").strip().splitlines()[-1])
        live.tokens["la.newer"] = newer["la.contact"]
        assert live.call("GET", "/api/v1/me", "la.newer").status == 200
    finally:
        live.stop()
        if replica_name:
            with _postgres_admin(live.database_url) as admin:
                admin.execute(f'DROP DATABASE IF EXISTS "{replica_name}" WITH (FORCE)')
        live.close()


@pytest.mark.django_db(transaction=True)
def test_the_router_keeps_writes_identity_and_transactions_on_the_primary():
    router = db_router.PrimaryReplicaRouter()
    assert router.db_for_read(Exchange) == "replica"
    assert router.db_for_read(User) == "default"
    assert router.db_for_write(Exchange) == "default"
    with transaction.atomic(durable=False):
        assert router.db_for_read(Exchange) == "default"
    assert router.allow_migrate("replica", "exchange") is False
    assert router.allow_migrate("default", "exchange") is True


@pytest.mark.parametrize(
    ("method", "cookie", "header", "pinned", "marks"),
    [
        ("GET", "", "", False, False),
        ("POST", "", "", True, True),
        ("GET", "1", "", True, False),
        ("GET", "", "primary", True, False),
        ("GET", "0", "replica", False, False),
    ],
)
def test_a_request_that_writes_or_follows_a_write_reads_the_primary(
    method, cookie, header, pinned, marks
):
    seen = {}

    def view(request):
        seen["read"] = db_router.PrimaryReplicaRouter().db_for_read(Exchange)
        return HttpResponse("ok")

    request = getattr(RequestFactory(), method.lower())("/work/LA/exchanges/")
    if cookie:
        request.COOKIES[db_router.READ_PRIMARY_COOKIE] = cookie
    if header:
        request.META[db_router.READ_PRIMARY_HEADER] = header
    response = db_router.ReadPrimaryMiddleware(view)(request)
    assert seen["read"] == ("default" if pinned else "replica")
    assert (db_router.READ_PRIMARY_COOKIE in response.cookies) is marks
    # The pin ends with the request.
    assert db_router.PrimaryReplicaRouter().db_for_read(Exchange) == "replica"
