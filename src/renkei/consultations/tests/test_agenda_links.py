"""Agenda items link to the exchanges and register entries they discuss — only within the
meeting's agreement and only to what the proposer may read."""

from datetime import date, timedelta

import pytest
from django.utils import timezone

from renkei.accounts.services import api_token_create
from renkei.consultations import services
from renkei.consultations.models import AgendaItem, Meeting
from renkei.core.errors import ApplicationError
from renkei.exchange import services as exchanges
from renkei.exchange.tests.factories import sent
from renkei.registry import services as registry
from renkei.registry.tests.factories import organisation


def _propose(actor, agenda, code="LA"):
    return services.meeting_propose(
        language="en",
        actor=actor,
        agreement_code=code,
        kind="periodic",
        starts_at=timezone.now() + timedelta(days=10),
        place="Vientiane",
        agenda=agenda,
    )


def _sent(actor, code):
    return exchanges.exchange_send(
        actor=actor,
        exchange=exchanges.exchange_create(
            language="en",
            actor=actor,
            agreement_code=code,
            exchange_type="inquiry",
            subject="Q",
            body="?",
        ),
    )


@pytest.fixture
def entries(demo_users):
    isa, la = demo_users["isa.contact"], demo_users["la.contact"]
    company = registry.receiving_org_register(
        actor=isa, corporate_number="1180301018771", name="Example KK"
    )
    order = registry.improvement_order_record(
        language="en",
        actor=isa,
        target_kind="receiving_organisation",
        receiving_organisation=company,
        issued_on=date(2026, 11, 1),
        legal_basis="入管法第71条の4",
        findings="Unpaid wages",
        agreement_codes=["LA"],
    )
    return {
        "la_exchange": _sent(isa, "LA"),
        "kh_exchange": _sent(isa, "KH"),
        "organisation": organisation(la),
        "order": order,
    }


def test_items_link_to_an_exchange_an_organisation_and_an_order(demo_users, entries, client):
    isa = demo_users["isa.contact"]
    meeting = _propose(
        isa,
        [
            {
                "topic": "b",
                "title": "Broker X",
                "exchange": entries["la_exchange"].reference.lower(),
            },
            {"topic": "c", "title": "Sending org", "sending_organisation": "la-so-001"},
            {"topic": "c", "title": "Order", "improvement_order": entries["order"].pk},
        ],
    )
    items = list(meeting.agenda.all())
    assert items[0].exchange == entries["la_exchange"]
    assert items[1].sending_organisation == entries["organisation"]
    assert items[2].improvement_order == entries["order"]
    client.force_login(demo_users["la.contact"])
    page = client.get(f"/work/LA/consultations/{meeting.pk}/").content.decode()
    assert entries["la_exchange"].reference in page
    assert 'data-testid="agenda-organisation"' in page and 'data-testid="agenda-order"' in page
    token = api_token_create(actor=None, user=demo_users["la.contact"], name="t")[1]
    api = client.get(
        f"/api/v1/agreements/LA/consultations/{meeting.pk}", HTTP_AUTHORIZATION=f"Bearer {token}"
    )
    agenda = api.json()["agenda"]
    assert agenda[0]["exchange"] == entries["la_exchange"].reference
    assert agenda[1]["sending_organisation"] == "LA-SO-001"
    assert agenda[2]["improvement_order"] == entries["order"].pk


@pytest.mark.parametrize(
    "item,code",
    [
        ({"exchange": "kh"}, "unknown_exchange"),
        ({"exchange": "LA-2026-999999"}, "unknown_exchange"),
        ({"exchange": "' OR 1=1 --"}, "unknown_exchange"),
        ({"sending_organisation": "NOPE-1"}, "unknown_sending_organisation"),
        ({"improvement_order": "1; DROP TABLE"}, "unknown_improvement_order"),
        ({"improvement_order": 999999}, "unknown_improvement_order"),
    ],
)
def test_links_outside_the_agreement_or_unknown_are_refused(demo_users, entries, item, code):
    if item.get("exchange") == "kh":
        item = {"exchange": entries["kh_exchange"].reference}
    with pytest.raises(ApplicationError) as refused:
        _propose(demo_users["isa.contact"], [{"topic": "b", "title": "t", **item}])
    assert refused.value.code == code
    assert not Meeting.objects.exists() and not AgendaItem.objects.exists()


def test_a_draft_and_an_order_not_notified_to_the_agreement_are_refused(demo_users, entries):
    isa = demo_users["isa.contact"]
    draft = exchanges.exchange_create(
        language="en",
        actor=isa,
        agreement_code="LA",
        exchange_type="inquiry",
        subject="Draft",
        body="?",
    )
    with pytest.raises(ApplicationError):
        _propose(isa, [{"topic": "b", "title": "t", "exchange": draft.reference}])
    with pytest.raises(ApplicationError) as refused:
        _propose(
            isa, [{"topic": "c", "title": "t", "improvement_order": entries["order"].pk}], "KG"
        )
    assert refused.value.code == "unknown_improvement_order"
    assert not Meeting.objects.exists()


def test_the_page_form_links_an_exchange(demo_users, entries, client):
    client.force_login(demo_users["isa.contact"])
    response = client.post(
        "/work/LA/consultations/",
        {
            "kind": "periodic",
            "starts_at": (timezone.localtime() + timedelta(days=7)).strftime("%Y-%m-%dT%H:%M"),
            "place": "Video",
            "topic0": "b",
            "title_en0": "Broker",
            "exchange0": entries["la_exchange"].reference,
            "organisation0": "LA-SO-001",
        },
    )
    assert response.status_code == 302, response.content.decode()[:500]
    item = AgendaItem.objects.get()
    assert item.exchange == entries["la_exchange"]
    assert item.sending_organisation == entries["organisation"]


def test_the_form_offers_the_agreements_own_exchanges_and_organisations(demo_users, client):
    la_report = sent(demo_users["la.contact"])
    kh_report = sent(demo_users["kh.contact"], code="KH")
    client.force_login(demo_users["isa.contact"])
    form = client.get("/work/LA/consultations/").content.decode()
    offered = form.split('id="related-exchanges"')[1].split("</datalist>")[0]
    assert la_report.reference in offered and kh_report.reference not in offered
