"""The retention schedule for exchanges: visible for a period after closing, then blocked to all
but the contact points, then erased; the ledger verifies before and after, and the erasure is
on the record."""

import os
from datetime import timedelta

import pytest
from django.core.management import call_command
from django.utils import timezone

from renkei.accounts.services import api_token_create
from renkei.audit.models import AuditEvent
from renkei.audit.services import audit_verify
from renkei.exchange import services
from renkei.exchange.models import Exchange
from renkei.exchange.tests.factories import sent
from renkei.ops.retention import retention_run

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


def _bearer(user):
    return {"HTTP_AUTHORIZATION": f"Bearer {api_token_create(actor=None, user=user, name='t')[1]}"}


@pytest.fixture
def closed_report(demo_users):
    isa, la = demo_users["isa.contact"], demo_users["la.contact"]
    exchange = sent(isa)
    services.exchange_reply(
        language="en", actor=la, exchange=exchange, body="Broker Somchai was questioned."
    )
    attachment = services.attachment_add(
        actor=isa, exchange=exchange, name="passport.pdf", content=PDF
    )
    services.exchange_close(actor=isa, exchange=exchange)
    return exchange, attachment


def _closed_days_ago(exchange, days):
    Exchange.objects.filter(pk=exchange.pk).update(closed_at=timezone.now() - timedelta(days=days))


def test_a_recently_closed_exchange_is_untouched(demo_users, closed_report):
    exchange, _ = closed_report
    _closed_days_ago(exchange, 30)
    assert retention_run()["exchanges_blocked"] == 0
    exchange.refresh_from_db()
    assert exchange.personal_state == "" and exchange.body


def test_after_the_visible_period_only_contact_points_see_personal_data(
    demo_users, client, closed_report
):
    exchange, attachment = closed_report
    _closed_days_ago(exchange, 200)
    assert retention_run()["exchanges_blocked"] == 1
    url = f"/api/v1/exchanges/{exchange.pk}"
    liaison = client.get(url, **_bearer(demo_users["mhlw.liaison"])).json()
    assert liaison["personal_data"] == "blocked"
    assert liaison["body"] == "" and "intermediaries" not in liaison["details"]
    assert liaison["replies"][0]["body"] == "" and liaison["attachments"] == []
    download = f"{url}/attachments/{attachment.pk}"
    assert client.get(download, **_bearer(demo_users["mhlw.liaison"])).status_code == 404
    contact = client.get(url, **_bearer(demo_users["la.contact"])).json()
    assert contact["body"] and contact["details"]["intermediaries"]
    assert client.get(download, **_bearer(demo_users["la.contact"])).status_code == 200
    assert AuditEvent.objects.filter(action="exchange.personal_blocked").count() == 1


def test_after_the_erase_period_personal_data_and_files_are_gone_and_the_ledger_verifies(
    demo_users, client, closed_report, django_capture_on_commit_callbacks
):
    exchange, attachment = closed_report
    stored = attachment.file.path
    _closed_days_ago(exchange, 1200)
    with django_capture_on_commit_callbacks(execute=True):  # the file goes once it commits
        counts = retention_run()
    assert counts["exchanges_erased"] == 1
    exchange.refresh_from_db()
    attachment.refresh_from_db()
    assert exchange.personal_state == "erased"
    assert exchange.body == "" and "intermediaries" not in exchange.details
    assert exchange.details["categories"] == ["a", "e"]  # what the report was about stays
    assert exchange.subject and exchange.reference
    assert "somchai" not in exchange.search_text
    assert exchange.replies.get().body == ""
    assert attachment.erased_at and attachment.original_name == "" and not attachment.file
    assert attachment.sha256  # the record that something was attached
    assert not os.path.exists(stored)
    erased = AuditEvent.objects.get(action="exchange.personal_erased")
    assert erased.object_id == str(exchange.pk)
    assert erased.after["attachments"] == 1 and erased.after["replies"] == 1
    assert audit_verify().ok
    call_command("audit", "verify")  # the operator's command, too
    page = client.get(
        f"/api/v1/exchanges/{exchange.pk}", **_bearer(demo_users["la.contact"])
    ).json()
    assert page["personal_data"] == "erased" and page["body"] == ""
    assert retention_run()["exchanges_erased"] == 0  # once


def test_an_agreement_can_keep_data_longer(demo_users, closed_report, settings):
    exchange, _ = closed_report
    settings.RENKEI_RETENTION_BY_AGREEMENT = "LA=400:2000"
    _closed_days_ago(exchange, 300)
    assert retention_run()["exchanges_blocked"] == 0
    _closed_days_ago(exchange, 1200)
    counts = retention_run()
    assert counts["exchanges_erased"] == 0 and counts["exchanges_blocked"] == 1


def test_open_exchanges_are_never_touched(demo_users):
    exchange = sent(demo_users["isa.contact"])
    Exchange.objects.filter(pk=exchange.pk).update(updated_at=timezone.now() - timedelta(days=5000))
    assert retention_run() == {
        "exchanges_blocked": 0,
        "exchanges_erased": 0,
        "cases_blocked": 0,
        "cases_erased": 0,
        "certificates_erased": 0,
    }


def test_the_command_reports_what_it_did(demo_users, closed_report, capsys):
    exchange, _ = closed_report
    call_command("retention", "run", "--as-of", (timezone.now() + timedelta(days=1200)).isoformat())
    assert "1 erased" in capsys.readouterr().out
