"""POST /api/v1/screening/check: ranked, explained, scoped — and bad names answered clearly."""

import pytest

from renkei.accounts.services import api_token_create
from renkei.registry.tests.factories import organisation


def _post(client, user, body):
    token = api_token_create(actor=None, user=user, name="t")[1]
    return client.post(
        "/api/v1/screening/check",
        body,
        content_type="application/json",
        HTTP_AUTHORIZATION=f"Bearer {token}",
        HTTP_ACCEPT_LANGUAGE="en",
    )


def test_candidates_are_ranked_and_explained(demo_users, client):
    la = demo_users["la.contact"]
    organisation(la, licence="LA-5", representative="Somchai Phommavong", officers=[])
    response = _post(client, la, {"names": ["ສົມໃຈ ພົມມະວົງ"], "kind": "person"})
    assert response.status_code == 200
    top = response.json()["candidates"][0]
    assert top["record"]["name"] == "Somchai Phommavong" and top["hit"]
    assert top["explanation"]["name"]["key"] == "bare"  # Lao romanised in spoken order
    pairs = top["explanation"]["name"]["pairs"]
    assert {(p["left"], p["right"]) for p in pairs} == {
        ("somchai", "somchai"),
        ("phommavong", "phommavong"),
    }
    by_licence = _post(
        client,
        la,
        {"names": ["Totally Different"], "kind": "organisation", "identifier": "ｌａ－５"},
    ).json()
    assert any(
        f["field"] == "identifier"
        for c in by_licence["candidates"]
        for f in c["explanation"]["fields"]
    )


@pytest.mark.parametrize(
    "body,code",
    [
        ({"names": []}, "empty_name"),
        ({"names": [""]}, "empty_name"),
        ({"names": ["\u200b\u200d\u200f"]}, "empty_name"),
        ({"names": ["😀🙏"]}, "empty_name"),
        ({"names": ["x" * 10000]}, "name_too_long"),
        ({"names": ["Sok Channa"], "kind": "robot"}, "invalid_kind"),
    ],
)
def test_bad_names_are_answered_clearly(demo_users, client, body, code):
    response = _post(client, demo_users["isa.contact"], body)
    assert response.status_code == 400
    assert response.json()["error"]["code"] == code
    assert response.json()["error"]["message"]


@pytest.mark.parametrize(
    "name", ["Sok Чанна Channa", "\u202bSok Channa\u202c", "Sok\u200bChanna", "Sok <script>"]
)
def test_odd_but_valid_names_are_checked(demo_users, client, name):
    assert _post(client, demo_users["isa.contact"], {"names": [name]}).status_code == 200


def test_a_number_is_not_a_name_list(demo_users, client):
    assert _post(client, demo_users["isa.contact"], {"names": [123]}).status_code == 422


def test_examiners_and_anonymous_cannot_screen(demo_users, client):
    assert _post(client, demo_users["isa.examiner"], {"names": ["Sok"]}).status_code == 404
    assert (
        client.post(
            "/api/v1/screening/check", {"names": ["Sok"]}, content_type="application/json"
        ).status_code
        == 401
    )


def test_names_with_less_than_half_in_common_are_not_listed(demo_users, client):
    la = demo_users["la.contact"]
    organisation(la, licence="LA-6", representative="Somchai Phommavong", officers=[])
    # One word of two in common scores about 0.32: found by the index, not worth a reader's time.
    checked = _post(client, la, {"names": ["Somchai Xyzzyqwertyuiop"]}).json()
    assert "Somchai Phommavong" not in {c["record"]["name"] for c in checked["candidates"]}
    assert all(c["score"] >= 0.5 for c in checked["candidates"])
    longer = _post(client, la, {"names": ["Somchai Phommavong Khamla"]}).json()
    assert longer["candidates"][0]["record"]["name"] == "Somchai Phommavong"


def test_a_name_sent_in_several_scripts_lists_each_record_once_with_its_best_form(
    demo_users, client
):
    la = demo_users["la.contact"]
    organisation(la, licence="LA-7", representative="Somchai Phommavong", officers=[])
    forms = ["Somchay Phommavong", "ສົມໃຈ ພົມມະວົງ", "Somchai Phommavong"]
    answer = _post(client, la, {"names": forms}).json()
    found = [c for c in answer["candidates"] if c["record"]["name"] == "Somchai Phommavong"]
    assert len(found) == 1  # reached by every form, listed once
    # The misspelt form came first; the record carries the score of a form that matches fully.
    assert found[0]["score"] == 1.0 and found[0]["query"] != "Somchay Phommavong"
    scores = [c["score"] for c in answer["candidates"]]
    assert scores == sorted(scores, reverse=True)
    # Another partner sending the same forms sees nothing of Laos's register.
    kh = _post(client, demo_users["kh.contact"], {"names": forms}).json()
    assert all(c["record"]["agreement"] != "LA" for c in kh["candidates"])
    assert not [c for c in kh["candidates"] if c["record"]["name"] == "Somchai Phommavong"]
