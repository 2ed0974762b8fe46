import pytest

from renkei.accounts.services import api_token_create
from renkei.exchange.models import Exchange, Reply
from renkei.exchange.tests.factories import MISCONDUCT_DETAILS


def bearer(user, **extra):
    return {
        "HTTP_AUTHORIZATION": f"Bearer {api_token_create(actor=None, user=user, name='t')[1]}",
        **extra,
    }


def payload(**kw):
    return {
        "type": "misconduct_report",
        "subject": "Deposits",
        "body": "Facts",
        "details": MISCONDUCT_DETAILS,
        **kw,
    }


def test_duplicate_post_with_same_key_is_applied_once(demo_users, client):
    headers = bearer(demo_users["la.contact"], HTTP_IDEMPOTENCY_KEY="abc-123")
    first = client.post(
        "/api/v1/agreements/LA/exchanges", payload(), content_type="application/json", **headers
    )
    second = client.post(
        "/api/v1/agreements/LA/exchanges", payload(), content_type="application/json", **headers
    )
    assert first.status_code == second.status_code == 201
    assert first.json() == second.json()
    assert Exchange.objects.count() == 1
    send1 = client.post(
        f"/api/v1/exchanges/{first.json()['id']}/send",
        **{**headers, "HTTP_IDEMPOTENCY_KEY": "send-1"},
    )
    send2 = client.post(
        f"/api/v1/exchanges/{first.json()['id']}/send",
        **{**headers, "HTTP_IDEMPOTENCY_KEY": "send-1"},
    )
    assert send1.status_code == send2.status_code == 200  # not a 409 for the retry


def test_same_key_different_request_is_refused(demo_users, client):
    headers = bearer(demo_users["la.contact"], HTTP_IDEMPOTENCY_KEY="k1")
    client.post(
        "/api/v1/agreements/LA/exchanges", payload(), content_type="application/json", **headers
    )
    other = client.post(
        "/api/v1/agreements/LA/exchanges",
        payload(subject="Other"),
        content_type="application/json",
        **headers,
    )
    assert other.status_code == 422
    assert other.json()["error"]["code"] == "idempotency_key_reused"
    assert Exchange.objects.count() == 1


def test_reply_retry_makes_one_reply(demo_users, client):
    la = bearer(demo_users["la.contact"])
    created = client.post(
        "/api/v1/agreements/LA/exchanges", payload(), content_type="application/json", **la
    ).json()
    client.post(f"/api/v1/exchanges/{created['id']}/send", **la)
    headers = bearer(demo_users["isa.contact"], HTTP_IDEMPOTENCY_KEY="r-1")
    for _ in range(3):
        r = client.post(
            f"/api/v1/exchanges/{created['id']}/replies",
            {"body": "Noted", "language": "en"},
            content_type="application/json",
            **headers,
        )
        assert r.status_code == 201
    assert Reply.objects.count() == 1


@pytest.mark.parametrize(
    "body,code",
    [
        (payload(type="referral"), "wrong_side"),
        (payload(details={**MISCONDUCT_DETAILS, "categories": ["q"]}), "invalid_details"),
        (
            payload(details={**MISCONDUCT_DETAILS, "categories": ["f"], "amounts": []}),
            "unknown_category",
        ),
        (payload(subject=""), "required"),
        (payload(details={"intermediaries": "DROP TABLE"}), "invalid_details"),
        ({"type": "inquiry"}, "invalid"),
    ],
)
def test_bad_input_is_a_clear_error_and_writes_nothing(demo_users, client, body, code):
    response = client.post(
        "/api/v1/agreements/LA/exchanges",
        body,
        content_type="application/json",
        **bearer(demo_users["la.contact"]),
    )
    assert response.status_code in (400, 403, 422)
    assert response.json()["error"]["code"] == code
    assert response.json()["error"]["message"]
    assert not Exchange.objects.exists()


def test_error_messages_are_translated(demo_users, client):
    response = client.post(
        "/api/v1/agreements/PK/exchanges",
        payload(type="referral"),
        content_type="application/json",
        HTTP_ACCEPT_LANGUAGE="ja",
        **bearer(demo_users["isa.contact"]),
    )
    assert response.json()["error"]["code"] == "type_not_provided"
    assert "協力覚書" in response.json()["error"]["message"]


def test_list_filters(demo_users, client):
    la = bearer(demo_users["la.contact"])
    for subject, details in [
        ("Deposits", MISCONDUCT_DETAILS),
        ("Violence", {**MISCONDUCT_DETAILS, "categories": ["c"], "amounts": []}),
    ]:
        e = client.post(
            "/api/v1/agreements/LA/exchanges",
            payload(subject=subject, details=details),
            content_type="application/json",
            **la,
        ).json()
        client.post(f"/api/v1/exchanges/{e['id']}/send", **la)
    isa = bearer(demo_users["isa.contact"])

    def count(query):
        return client.get(f"/api/v1/agreements/LA/exchanges?{query}", **isa).json()["count"]

    assert count("box=inbox") == 2
    assert count("box=outbox") == 0
    assert count("category=c") == 1
    assert count("category=e") == 1
    assert count("text=violence") == 1
    assert count("text=ບໍລິສັດ") == 2  # names in Lao script are searchable
    assert count("status=sent&type=misconduct_report") == 2
    assert count("overdue=true") == 0
    bad = client.get("/api/v1/agreements/LA/exchanges?box=evil", **isa)
    assert bad.status_code == 400 and bad.json()["error"]["code"] == "invalid_filter"


def test_consent_and_disclosure_through_the_api(demo_users, client):
    la, isa = bearer(demo_users["la.contact"]), bearer(demo_users["isa.contact"])
    created = client.post(
        "/api/v1/agreements/LA/exchanges", payload(), content_type="application/json", **la
    ).json()
    client.post(f"/api/v1/exchanges/{created['id']}/send", **la)
    base = f"/api/v1/exchanges/{created['id']}"
    recipient = {
        "recipient_kind": "agency",
        "recipient_name": "Labour Bureau",
        "purpose": "Inspection",
    }
    refused = client.post(
        f"{base}/disclosures",
        {**recipient, "parts": "names"},
        content_type="application/json",
        **isa,
    )
    assert refused.status_code == 403 and refused.json()["error"]["code"] == "consent_required"
    asked = client.post(
        f"{base}/consent-requests", recipient, content_type="application/json", **isa
    )
    assert asked.status_code == 201 and asked.json()["state"] == "pending"
    wrong = client.post(
        f"{base}/consents",
        {
            **recipient,
            "reference_number": "L-1",
            "consent_date": "2026-11-01",
            "request_id": 999999,
        },
        content_type="application/json",
        **la,
    )
    assert wrong.status_code == 404
    granted = client.post(
        f"{base}/consents",
        {
            **recipient,
            "reference_number": "L-1",
            "consent_date": "2026-11-01",
            "request_id": asked.json()["id"],
        },
        content_type="application/json",
        **la,
    )
    assert granted.status_code == 201, granted.content
    done = client.post(
        f"{base}/disclosures",
        {**recipient, "parts": "names"},
        content_type="application/json",
        **isa,
    )
    assert done.status_code == 201 and done.json()["consent_id"] == granted.json()["id"]
    detail = client.get(base, **la).json()
    assert [r["state"] for r in detail["consent_requests"]] == ["granted"]
    assert len(detail["disclosures"]) == 1
    second = client.post(
        f"{base}/consent-requests",
        {**recipient, "purpose": "Press"},
        content_type="application/json",
        **isa,
    ).json()
    refused = client.post(f"{base}/consent-requests/{second['id']}/refuse", **la)
    assert refused.status_code == 200 and refused.json()["state"] == "refused"
    kh = bearer(demo_users["kh.contact"])
    assert client.post(f"{base}/consent-requests/{second['id']}/refuse", **kh).status_code == 404
