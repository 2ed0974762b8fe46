"""Rate limits per API token and per log-in address: 429, Retry-After, a translated error; the
counters in the database cache, shared by every server process."""

import pytest
from django.core.cache import caches

from renkei.accounts.services import api_token_create

LIST = "/api/v1/agreements/LA/exchanges"


def _bearer(user):
    return {"HTTP_AUTHORIZATION": f"Bearer {api_token_create(actor=None, user=user, name='t')[1]}"}


def test_a_token_past_its_rate_gets_429_with_retry_after(demo_users, client, settings):
    settings.RENKEI_API_RATE_LIMIT = "5/m"
    first, second = _bearer(demo_users["la.contact"]), _bearer(demo_users["la.contact"])
    assert [client.get(LIST, **first).status_code for _ in range(5)] == [200] * 5
    refused = client.get(LIST, HTTP_ACCEPT_LANGUAGE="ja", **first)
    assert refused.status_code == 429
    assert 1 <= int(refused["Retry-After"]) <= 65
    error = refused.json()["error"]
    assert error["code"] == "rate_limited"
    assert "リクエストが多すぎます" in error["message"]
    assert client.get(LIST, **second).status_code == 200  # each token has its own count


def test_no_limit_when_the_rate_is_empty(demo_users, client, settings):
    settings.RENKEI_API_RATE_LIMIT = ""
    headers = _bearer(demo_users["la.contact"])
    assert {client.get(LIST, **headers).status_code for _ in range(30)} == {200}


def test_log_in_is_limited_per_address(demo_users, client, settings):
    settings.RENKEI_LOGIN_RATE_LIMIT = "3/m"
    for name in ["a", "b", "c"]:
        client.post(
            "/accounts/login/", {"username": name, "password": "x"}, REMOTE_ADDR="192.0.2.1"
        )
    refused = client.post(
        "/accounts/login/",
        {"username": "la.contact", "password": "renkei-demo-2026"},
        REMOTE_ADDR="192.0.2.1",
        HTTP_ACCEPT_LANGUAGE="en",
    )
    assert refused.status_code == 429
    assert int(refused["Retry-After"]) >= 1
    assert "Too many requests" in refused.content.decode()
    assert "_auth_user_id" not in client.session
    other = client.post(
        "/accounts/login/",
        {"username": "la.contact", "password": "renkei-demo-2026"},
        REMOTE_ADDR="192.0.2.2",
    )
    assert other.status_code == 302


@pytest.mark.django_db
def test_the_counters_live_in_the_database():
    cache = caches["ratelimit"]
    cache.add("k", 0)
    assert [cache.incr("k") for _ in range(3)] == [1, 2, 3]
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute("SELECT COUNT(*) FROM renkei_rate_limits")
        assert cursor.fetchone()[0] >= 1
