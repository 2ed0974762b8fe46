import json

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from renkei.agreements.models import Agreement
from renkei.audit.models import AuditEvent


def run(*args) -> str:
    from io import StringIO

    out = StringIO()
    call_command(*args, stdout=out)
    return out.getvalue()


@pytest.mark.django_db
def test_setup_is_idempotent():
    run("setup", "--no-static")
    counts = (Agreement.objects.count(), AuditEvent.objects.count())
    output = run("setup", "--no-static")
    assert "0 created, 0 updated, 5 unchanged" in output
    assert (Agreement.objects.count(), AuditEvent.objects.count()) == counts


def test_agreements_show_json(agreements):
    data = json.loads(run("agreements", "show", "PK", "--json"))
    keys = [p["key"] for p in data["provisions"]]
    assert "confidentiality" in keys and "sending_org_accreditation" not in keys
    assert all({"key", "clause", "text"} <= set(p) for p in data["provisions"])


def test_agreements_list(agreements):
    lines = run("agreements", "list").splitlines()
    assert [line.split()[0] for line in lines[1:]] == ["KG", "KH", "LA", "PK", "TJ"]


def test_agreements_show_unknown_code(agreements):
    with pytest.raises(CommandError, match="no agreement"):
        run("agreements", "show", "XX")


def test_demo_is_idempotent_and_prints_passwords(agreements):
    first = run("demo", "--accounts-only")
    assert "la.contact" in first and "renkei-demo-2026" in first
    events = AuditEvent.objects.count()
    second = run("demo", "--accounts-only")
    assert second.count("(exists, demo account)") == len(second.splitlines())
    assert AuditEvent.objects.count() == events


def test_tokens_create_prints_token_last(demo_users, client):
    token = run("tokens", "create", "la.contact").splitlines()[-1]
    assert token.startswith("rk_")
    me = client.get("/api/v1/me", HTTP_AUTHORIZATION=f"Bearer {token}").json()
    assert me["username"] == "la.contact"


def test_tokens_create_for_unknown_user(agreements):
    with pytest.raises(CommandError, match="no user"):
        run("tokens", "create", "nobody")


def test_users_assign_refuses_a_partner_in_another_agreement(demo_users):
    with pytest.raises(CommandError, match="own country|自国の協力覚書"):
        run("users", "assign", "la.contact", "KH")
    with pytest.raises(CommandError):
        run("users", "assign", "la.contact", "K'")


def test_users_assign_and_require_otp(demo_users):
    from renkei.accounts.tests.factories import UserFactory

    UserFactory(username="npa.officer", unit_code="npa")
    assert "works in TJ" in run("users", "assign", "npa.officer", "TJ")
    assert "required" in run("users", "require-otp", "npa.officer")


def test_agreements_show_on_a_date_marks_amended_provisions(demo_users, monkeypatch):
    from datetime import date

    from django.utils import timezone

    from renkei.agreements.tests.factories import PK_INQUIRIES, amendment_agreed

    monkeypatch.setattr(timezone, "localdate", lambda *a: date(2026, 12, 1))
    amendment_agreed(
        demo_users["isa.contact"], demo_users["pk.contact"], "PK", [PK_INQUIRIES], date(2027, 1, 1)
    )
    later = run("agreements", "show", "PK", "--on", "2027-01-01")
    assert "provisions in force on 2027-01-01" in later
    assert "inquiries" in later and "(amendment No. 1)" in later
    assert "inquiries" not in run("agreements", "show", "PK", "--on", "2026-12-31")
