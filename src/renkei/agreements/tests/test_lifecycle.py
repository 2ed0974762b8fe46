"""Commencement on notification, termination by notice, and the end it brings."""

from datetime import date, timedelta

import pytest
from django.utils import timezone

from renkei.agreements.lifecycle import (
    add_months,
    agreements_end_due,
    commencement_record,
    termination_notice_record,
)
from renkei.agreements.models import Agreement
from renkei.audit.models import AuditEvent
from renkei.core.errors import ApplicationError, PermissionDenied
from renkei.exchange import services as exchanges
from renkei.exchange.models import Exchange


@pytest.mark.parametrize(
    "day,months,end",
    [
        (date(2026, 12, 1), 6, date(2027, 6, 1)),
        (date(2026, 8, 31), 6, date(2027, 2, 28)),
        (date(2027, 12, 31), 2, date(2028, 2, 29)),
    ],
)
def test_add_months(day, months, end):
    assert add_months(day, months) == end


def test_kyrgyz_notice_ends_the_moc_six_months_later_and_refuses_new_exchanges(
    demo_users, settings, monkeypatch
):
    kg, isa = demo_users["kg.contact"], demo_users["isa.contact"]
    open_case = exchanges.exchange_send(
        actor=isa,
        exchange=exchanges.exchange_create(
            language="en",
            actor=isa,
            agreement_code="KG",
            exchange_type="inquiry",
            subject="Q",
            body="?",
        ),
    )
    monkeypatch.setattr(timezone, "localdate", lambda *a: date(2026, 12, 1))
    agreement = termination_notice_record(
        actor=kg,
        agreement_code="KG",
        notice_date=date(2026, 12, 1),
        reference="Note verbale 12/2026",
    )
    assert agreement.end_date == date(2027, 6, 1)
    assert AuditEvent.objects.latest("seq").action == "agreement.termination_noticed"
    assert agreement.in_force_on(date(2027, 5, 31)) and not agreement.in_force_on(date(2027, 6, 1))
    # still in force before the end date
    exchanges.exchange_send(
        actor=isa,
        exchange=exchanges.exchange_create(
            language="en",
            actor=isa,
            agreement_code="KG",
            exchange_type="inquiry",
            subject="Q2",
            body="?",
        ),
    )
    monkeypatch.setattr(timezone, "localdate", lambda *a: date(2027, 6, 1))
    with pytest.raises(ApplicationError) as excinfo:
        exchanges.exchange_create(
            language="en",
            actor=isa,
            agreement_code="KG",
            exchange_type="inquiry",
            subject="Late",
            body="?",
        )
    assert excinfo.value.code == "agreement_ended"
    assert agreements_end_due(today=date(2027, 6, 1)) == ["KG"]
    assert exchanges.exchanges_close_for_ended_agreements() == 2
    open_case.refresh_from_db()
    assert (open_case.status, open_case.closed_reason) == ("closed", "agreement_ended")
    assert Agreement.objects.get(code="KG").status == "terminated"
    # still readable to those who could read it
    from renkei.exchange.selectors import exchange_get_for

    assert exchange_get_for(kg, open_case.pk).pk == open_case.pk


@pytest.mark.parametrize("code,user", [("LA", "la.contact"), ("KH", "isa.contact")])
def test_mocs_without_a_termination_clause_refuse_the_notice(demo_users, code, user):
    with pytest.raises(ApplicationError) as excinfo:
        termination_notice_record(
            actor=demo_users[user],
            agreement_code=code,
            notice_date=date(2026, 11, 1),
            reference="x",
        )
    assert excinfo.value.code == "termination_not_provided"
    assert "amendment" in excinfo.value.message or "修正" in excinfo.value.message
    assert Agreement.objects.get(code=code).end_date is None


def test_tajikistan_refuses_exchanges_until_the_notification_is_recorded(demo_users):
    tj, isa = demo_users["tj.contact"], demo_users["isa.contact"]
    draft = exchanges.exchange_create(
        language="en", actor=tj, agreement_code="TJ", exchange_type="inquiry", subject="Q", body="?"
    )
    with pytest.raises(ApplicationError) as excinfo:
        exchanges.exchange_send(actor=tj, exchange=draft)
    assert excinfo.value.code == "agreement_not_in_force"
    with pytest.raises(PermissionDenied):
        commencement_record(
            actor=tj, agreement_code="TJ", received_on=date(2024, 9, 1), reference="x"
        )
    with pytest.raises(ApplicationError):
        commencement_record(
            actor=isa, agreement_code="TJ", received_on=date(2024, 8, 1), reference="x"
        )  # before signature
    with pytest.raises(ApplicationError):
        commencement_record(
            actor=isa,
            agreement_code="TJ",
            received_on=timezone.localdate() + timedelta(days=1),
            reference="x",
        )
    commencement_record(
        actor=isa, agreement_code="TJ", received_on=date(2024, 9, 1), reference="MOFA note 2024/77"
    )
    draft.agreement.refresh_from_db()
    exchanges.exchange_send(actor=tj, exchange=draft)
    assert Exchange.objects.get(pk=draft.pk).status == "sent"
    with pytest.raises(ApplicationError) as excinfo:
        commencement_record(
            actor=isa, agreement_code="LA", received_on=date(2024, 9, 1), reference="x"
        )
    assert excinfo.value.code == "not_on_notification"


def test_reloading_data_keeps_the_recorded_life_cycle(demo_users):
    from renkei.agreements.data_files import DATA_DIR, read_data_file
    from renkei.agreements.services import _write_agreement

    commencement_record(
        actor=demo_users["isa.contact"],
        agreement_code="TJ",
        received_on=date(2024, 9, 1),
        reference="note",
    )
    document, digest = read_data_file(DATA_DIR / "TJ.toml")
    _write_agreement(Agreement.objects.get(code="TJ"), document, "0" * 64)
    assert Agreement.objects.get(code="TJ").status == "in_force"


def test_lifecycle_api(demo_users, client):
    from renkei.accounts.services import api_token_create

    token = api_token_create(actor=None, user=demo_users["la.contact"], name="t")[1]
    response = client.post(
        "/api/v1/agreements/LA/termination-notice",
        {"notice_date": "2026-11-01", "reference": "x"},
        content_type="application/json",
        HTTP_AUTHORIZATION=f"Bearer {token}",
    )
    assert (
        response.status_code == 400
        and response.json()["error"]["code"] == "termination_not_provided"
    )
    other = client.post(
        "/api/v1/agreements/KG/termination-notice",
        {"notice_date": "2026-11-01", "reference": "x"},
        content_type="application/json",
        HTTP_AUTHORIZATION=f"Bearer {token}",
    )
    assert other.status_code == 404


def test_lifecycle_page(demo_users, client):
    client.force_login(demo_users["isa.contact"])
    page = client.get("/work/TJ/lifecycle/", HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert "Notification of completed procedures received" in page
    bad = client.post(
        "/work/TJ/lifecycle/", {"act": "commencement", "date": "bad", "reference": "x"}
    )
    assert bad.status_code == 400
    client.post(
        "/work/TJ/lifecycle/",
        {"act": "commencement", "date": "2024-09-01", "reference": "MOFA note"},
    )
    assert Agreement.objects.get(code="TJ").status == "in_force"
    la = client.get("/work/LA/lifecycle/", HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert "only an amendment" in la
    client.force_login(demo_users["kh.contact"])
    assert client.get("/work/LA/lifecycle/").status_code == 404


def test_framework_review_only_where_provided(demo_users):
    from renkei.agreements.lifecycle import framework_review_record

    event = framework_review_record(
        actor=demo_users["la.contact"],
        agreement_code="LA",
        held_on=date(2026, 4, 1),
        reference="Joint review 2026",
        outcome="Framework kept; contact points confirmed.",
    )
    assert event.kind == "framework_review"
    with pytest.raises(ApplicationError) as excinfo:
        framework_review_record(
            actor=demo_users["isa.contact"],
            agreement_code="TJ",
            held_on=date(2026, 4, 1),
            reference="x",
            outcome="y",
        )
    assert excinfo.value.code == "not_provided"  # TJ §9 has amendment only
    with pytest.raises(ApplicationError):
        framework_review_record(
            actor=demo_users["isa.contact"],
            agreement_code="LA",
            held_on=date(2026, 4, 1),
            reference="x",
            outcome="",
        )
