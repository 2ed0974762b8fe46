from datetime import date

import pytest

from renkei.core.errors import ApplicationError, PermissionDenied
from renkei.exchange import services
from renkei.exchange.models import Exchange, Notification
from renkei.exchange.selectors import exchange_get_for, exchange_queryset_for

DETAILS = {
    "person_name": "Sok Dara",
    "nationality": "KH",
    "passport_status": "lost",
    "ssw_level": 1,
    "needed_by": "2026-12-20",
}


def request(actor, code="KH", **details):
    exchange = services.exchange_create(
        language="en",
        actor=actor,
        agreement_code=code,
        exchange_type="return_request",
        subject="Temporary passport for return",
        body="Stay not permitted; passport lost.",
        details={**DETAILS, **details},
    )
    return services.exchange_send(actor=actor, exchange=exchange)


def test_laos_refuses_with_a_message_that_cites_the_moc(demo_users):
    with pytest.raises(ApplicationError) as excinfo:
        request(demo_users["isa.contact"], code="LA", nationality="LA")
    assert excinfo.value.code == "type_not_provided"
    assert "MOC" in excinfo.value.message or "協力覚書" in excinfo.value.message
    assert not Exchange.objects.exists()


def test_cambodia_request_reaches_the_embassy_which_answers(demo_users):
    isa, embassy = demo_users["isa.contact"], demo_users["kh.embassy"]
    exchange = request(isa)
    assert Notification.objects.filter(user=embassy, exchange=exchange, event="sent").exists()
    assert exchange_get_for(embassy, exchange.pk).pk == exchange.pk
    services.return_request_respond(
        actor=embassy,
        exchange=exchange,
        issued=True,
        passport_number="tp0012345",
        issued_on=date(2026, 11, 20),
    )
    exchange.refresh_from_db()
    assert exchange.status == "answered"
    assert exchange.details["response"] == {
        "issued": True,
        "passport_number": "TP0012345",
        "issued_on": "2026-11-20",
    }


def test_embassy_sees_only_return_requests_and_starts_nothing(demo_users):
    from renkei.exchange.tests.factories import sent

    request(demo_users["isa.contact"])
    sent(
        demo_users["kh.contact"],
        code="KH",
        details={
            "intermediaries": [{"kind": "individual", "country": "KH", "names": ["X"]}],
            "categories": ["c"],
        },
    )
    embassy = demo_users["kh.embassy"]
    assert set(exchange_queryset_for(embassy).values_list("exchange_type", flat=True)) == {
        "return_request"
    }
    with pytest.raises(PermissionDenied):
        services.exchange_create(
            language="en",
            actor=embassy,
            agreement_code="KH",
            exchange_type="inquiry",
            subject="x",
            body="y",
        )


def test_dependants_only_for_ssw_no_2(demo_users):
    with pytest.raises(ApplicationError) as excinfo:
        request(demo_users["isa.contact"], dependant=True, ssw_level=1)
    assert excinfo.value.code == "invalid_details"
    assert (
        request(demo_users["isa.contact"], dependant=True, ssw_level=2).details["dependant"] is True
    )


def test_cannot_issue_needs_a_reason_and_other_embassies_get_404(demo_users):
    exchange = request(demo_users["isa.contact"])
    with pytest.raises(ApplicationError):
        services.return_request_respond(
            actor=demo_users["kh.embassy"], exchange=exchange, issued=False, reason=""
        )
    from renkei.core.errors import NotFound

    with pytest.raises(NotFound):
        exchange_get_for(demo_users["pk.embassy"], exchange.pk)
    services.return_request_respond(
        actor=demo_users["kh.contact"],
        exchange=exchange,
        issued=False,
        reason="Identity not confirmed",
    )
    exchange.refresh_from_db()
    assert exchange.details["response"]["issued"] is False


def test_request_and_answer_through_the_pages(demo_users, client):
    client.force_login(demo_users["isa.contact"])
    response = client.post(
        "/work/KH/exchanges/new/return_request/",
        {
            "subject_en": "Return",
            "body_en": "Stay not permitted.",
            "person_name": "Sok Dara",
            "nationality": "kh",
            "passport_status": "lost",
            "ssw_level": "1",
            "needed_by": "2026-12-20",
            "send": "1",
        },
    )
    exchange = Exchange.objects.get()
    assert response.status_code == 302 and exchange.status == "draft"
    client.post(response["Location"], {"step": "send"})
    exchange.refresh_from_db()
    assert exchange.status == "sent"
    assert client.get("/work/LA/exchanges/new/return_request/").status_code == 404
    client.force_login(demo_users["kh.embassy"])
    page = client.get(f"/work/KH/exchanges/{exchange.pk}/").content.decode()
    assert 'data-testid="return-respond"' in page
    client.post(
        f"/work/KH/exchanges/{exchange.pk}/return-response/",
        {"issued": "1", "passport_number": "TP1", "issued_on": "2026-11-20"},
    )
    exchange.refresh_from_db()
    assert (
        exchange.status == "answered" and exchange.details["response"]["passport_number"] == "TP1"
    )
