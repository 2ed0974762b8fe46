"""Amendments through the API and the life-cycle page; the MOC as it stood on a date."""

from datetime import date

import pytest
from django.utils import timezone

from renkei.accounts.services import api_token_create
from renkei.agreements.models import Amendment

TODAY = date(2026, 12, 1)


@pytest.fixture(autouse=True)
def _today(monkeypatch):
    monkeypatch.setattr(timezone, "localdate", lambda *a: TODAY)


def _bearer(user) -> dict:
    return {"HTTP_AUTHORIZATION": f"Bearer {api_token_create(actor=None, user=user, name='t')[1]}"}


def test_api_amendment_in_force_and_the_moc_on_a_date(demo_users, client):
    isa, pk = _bearer(demo_users["isa.contact"]), _bearer(demo_users["pk.contact"])
    proposal = {
        "summary": "Answer inquiries within the service levels",
        "effective_on": "2027-01-01",
        "changes": [
            {"key": "inquiries", "action": "add", "clause": "§4(3)", "text": "照会に回答する。"}
        ],
    }
    created = client.post(
        "/api/v1/agreements/PK/amendments", proposal, content_type="application/json", **isa
    )
    assert created.status_code == 201, created.content
    assert created.json()["status"] == "proposed" and created.json()["number"] == 1
    for headers, reference in ((isa, "ISA-1"), (pk, "BEOE-9")):
        response = client.post(
            "/api/v1/agreements/PK/amendments/1/consent",
            {"consented_on": "2026-12-01", "reference": reference},
            content_type="application/json",
            **headers,
        )
        assert response.status_code == 200, response.content
    assert response.json()["status"] == "in_force"
    assert {c["side"] for c in response.json()["consents"]} == {"jp", "partner"}

    def keys_on(day):
        data = client.get(f"/api/v1/agreements/PK?on={day}").json()
        return data, {p["key"]: p for p in data["provisions"]}

    data, before = keys_on("2026-12-31")
    assert "inquiries" not in before and data["amendments"] == []
    data, after = keys_on("2027-01-01")
    assert after["inquiries"]["amendment"] == 1 and after["inquiries"]["clause"] == "§4(3)"
    assert [a["number"] for a in data["amendments"]] == [1]
    assert data["on"] == "2027-01-01" and data["in_force_on_date"] is True
    assert client.get("/api/v1/agreements/PK?on=2010-01-01").json()["in_force_on_date"] is False
    listed = client.get("/api/v1/agreements/PK/amendments", **pk).json()
    assert [a["status"] for a in listed] == ["in_force"]


@pytest.mark.parametrize("on", ["2026-13-01", "yesterday", "2026-12-01'; DROP TABLE x;--"])
def test_api_refuses_a_malformed_date(agreements, client, on):
    response = client.get("/api/v1/agreements/PK", {"on": on})
    assert response.status_code == 422
    assert response.json()["error"]["code"] == "invalid"


def test_api_bad_amendment_is_a_translated_error(demo_users, client):
    headers = _bearer(demo_users["isa.contact"])
    response = client.post(
        "/api/v1/agreements/LA/amendments",
        {"summary": "x", "changes": [{"key": "commencement", "action": "remove"}]},
        content_type="application/json",
        HTTP_ACCEPT_LANGUAGE="ja",
        **headers,
    )
    assert response.status_code == 400
    assert response.json()["error"]["code"] == "invalid_change"
    assert "変更 1" in response.json()["error"]["message"]
    assert not Amendment.objects.exists()


def test_page_propose_consent_and_public_text(demo_users, client):
    client.force_login(demo_users["isa.contact"])
    page = client.get("/work/KG/lifecycle/")
    assert page.status_code == 200 and 'data-testid="amendment-form"' in page.content.decode()
    response = client.post(
        "/work/KG/lifecycle/",
        {
            "act": "amend",
            "summary": "Twelve months' notice <script>alert(1)</script>",
            "effective_on": "",
            "change-0-key": "termination_notice",
            "change-0-action": "replace",
            "change-0-clause": "§10",
            "change-0-text": "十二箇月前に通告する。",
            "change-0-parameters": "months = 12",
        },
    )
    assert response.status_code == 302
    page = client.get("/work/KG/lifecycle/").content.decode()
    assert "<script>alert(1)</script>" not in page and "&lt;script&gt;" in page
    assert 'data-testid="amendment-status">Proposed' in page or "提案" in page
    client.post(
        "/work/KG/lifecycle/",
        {"act": "consent", "number": "1", "date": "2026-12-01", "reference": "ISA-5"},
    )
    client.force_login(demo_users["kg.contact"])
    response = client.post(
        "/work/KG/lifecycle/",
        {"act": "consent", "number": "1", "date": "2026-12-01", "reference": "KG-5"},
    )
    assert response.status_code == 302
    assert Amendment.objects.get().status == "in_force"
    public = client.get("/agreements/KG/", HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert 'data-testid="amended-by"' in public
    earlier = client.get("/agreements/KG/?on=2026-11-30").content.decode()
    assert 'data-testid="amended-by"' not in earlier


@pytest.mark.parametrize(
    "post",
    [
        {
            "act": "amend",
            "summary": "x",
            "change-0-key": "termination_notice",
            "change-0-action": "replace",
            "change-0-clause": "§10",
            "change-0-text": "t",
            "change-0-parameters": "months twelve",
        },
        {"act": "amend", "summary": "x", "effective_on": "2026-02-30"},
        {"act": "consent", "number": "1", "date": "2026-12-01", "reference": "x"},
    ],
)
def test_page_bad_input_shows_an_error_and_writes_nothing(demo_users, client, post):
    client.force_login(demo_users["isa.contact"])
    response = client.post("/work/KG/lifecycle/", post)
    assert response.status_code in (400, 404)
    assert not Amendment.objects.exists()


def test_public_page_refuses_a_malformed_date(agreements, client):
    response = client.get("/agreements/KG/?on=<script>")
    assert response.status_code == 400
    assert "<script>" not in response.content.decode().split("<main")[-1]
