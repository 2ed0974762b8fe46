import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from renkei.agreements.provisions import KEYS
from renkei.agreements.selectors import agreement_get_public
from renkei.core.errors import NotFound


@pytest.fixture
def api(client):
    return client


def test_list_is_public_and_has_all_five(agreements, client):
    response = client.get("/api/v1/agreements")
    assert response.status_code == 200
    assert [a["code"] for a in response.json()] == ["KG", "KH", "LA", "PK", "TJ"]


def test_detail_returns_provisions_with_keys_clauses_texts_and_parameters(agreements, client):
    data = client.get("/api/v1/agreements/PK").json()
    assert data["partner_ministry"]["en"].startswith("Ministry of Overseas Pakistanis")
    assert data["status"] == "in_force"
    assert data["signatures"] == [
        {"signed_on": "2019-12-23", "place": {"ja": "イスラマバード", "en": "Islamabad"}}
    ]
    assert {p["side"] for p in data["contact_points"]} == {"jp", "partner"}
    by_key = {p["key"]: p for p in data["provisions"]}
    assert set(by_key) <= set(KEYS)
    assert "sending_org_accreditation" not in by_key
    assert by_key["confidentiality"]["scope"] == "anyone"
    assert by_key["confidentiality"]["clause"] == "§3"
    assert "書面による同意" in by_key["confidentiality"]["text"]
    assert by_key["information_sharing"]["misconduct_categories"] == ["a", "b", "c", "d", "e"]
    assert by_key["commencement"]["rule"] == "on_signature"
    assert [p["key"] for p in data["provisions"]] == [k for k in KEYS if k in by_key]


def test_lower_case_code_is_accepted(agreements, client):
    assert client.get("/api/v1/agreements/kg").json()["code"] == "KG"


@pytest.mark.parametrize(
    "code", ["XX", "JP", "ZZZ", "1=1", "%3Cscript%3E", "..%2F..%2Fetc", "ＬＡ"]
)
def test_unknown_or_hostile_code_is_a_json_404(agreements, client, code):
    response = client.get(f"/api/v1/agreements/{code}")
    assert response.status_code == 404
    assert response.json()["error"]["code"] == "not_found"


def test_openapi_and_docs_work_offline(agreements, client):
    schema = client.get("/api/v1/openapi.json").json()
    assert "/api/v1/agreements/{code}" in schema["paths"]
    assert "/api/v1/me" in schema["paths"]
    docs = client.get("/api/v1/docs").content.decode()
    assert "/static/ninja/swagger-ui-bundle.js" in docs
    assert "cdn" not in docs.lower()


def test_error_message_is_translated(agreements, client):
    response = client.get("/api/v1/agreements/XX", HTTP_ACCEPT_LANGUAGE="ja")
    assert response.json()["error"]["message"] == "見つかりません。"


@pytest.mark.django_db
@settings(max_examples=200, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(code=st.text(max_size=12))
def test_any_code_either_names_an_agreement_or_is_not_found(agreements, code):
    try:
        agreement = agreement_get_public(code=code)
    except NotFound:
        return
    assert agreement.code == code.strip().upper()
