from datetime import timedelta

import pytest
from django.utils import timezone

from renkei.accounts.models import ApiToken
from renkei.accounts.services import api_token_create, api_token_revoke
from renkei.audit.models import AuditEvent
from renkei.core.errors import ApplicationError, NotFound


def auth(secret):
    return {"HTTP_AUTHORIZATION": f"Bearer {secret}"}


def test_token_is_stored_hashed_and_works(demo_users, client):
    token, secret = api_token_create(actor=None, user=demo_users["isa.contact"], name="cli")
    assert secret not in (token.key_hash, token.prefix)
    assert not ApiToken.objects.filter(key_hash=secret).exists()
    me = client.get("/api/v1/me", **auth(secret)).json()
    assert me["username"] == "isa.contact"
    assert len(me["agreements"]) == 5
    assert me["is_demo"] is True


@pytest.mark.parametrize(
    "header",
    [
        "Bearer junk",
        "Bearer rk_",
        "Bearer rk_00000000_" + "x" * 43,
        "Bearer " + "rk_" + "a" * 5000,
        "Basic dXNlcjpwYXNz",
        "Bearer ' OR 1=1 --",
        "",
    ],
)
def test_malformed_or_unknown_token_is_401_json(demo_users, client, header):
    response = client.get("/api/v1/me", HTTP_AUTHORIZATION=header)
    assert response.status_code == 401
    body = response.json()
    assert body["error"]["code"] == "unauthorized"
    assert "Bearer" in body["error"]["message"]


def test_revoked_token_is_401(demo_users, client):
    token, secret = api_token_create(actor=None, user=demo_users["la.contact"], name="t")
    api_token_revoke(actor=demo_users["la.contact"], token_id=token.pk)
    assert client.get("/api/v1/me", **auth(secret)).status_code == 401


def test_expired_token_is_401(demo_users, client):
    token, secret = api_token_create(actor=None, user=demo_users["la.contact"], name="t")
    ApiToken.objects.filter(pk=token.pk).update(expires_at=timezone.now() - timedelta(seconds=1))
    assert client.get("/api/v1/me", **auth(secret)).status_code == 401


def test_token_of_deactivated_user_is_401(demo_users, client):
    user = demo_users["la.contact"]
    _token, secret = api_token_create(actor=None, user=user, name="t")
    user.is_active = False
    user.save(update_fields=["is_active"])
    assert client.get("/api/v1/me", **auth(secret)).status_code == 401


def test_create_list_and_revoke_through_the_api(demo_users, client):
    _t, secret = api_token_create(actor=None, user=demo_users["kh.contact"], name="first")
    created = client.post(
        "/api/v1/me/tokens",
        {"name": "sync job", "days": 30},
        content_type="application/json",
        **auth(secret),
    )
    assert created.status_code == 201
    new = created.json()
    assert new["token"].startswith("rk_")
    listed = client.get("/api/v1/me/tokens", **auth(secret)).json()
    assert {t["name"] for t in listed} == {"first", "sync job"}
    assert all("token" not in t for t in listed)
    revoked = client.delete(f"/api/v1/me/tokens/{new['id']}", **auth(secret))
    assert revoked.status_code == 200 and revoked.json()["revoked_at"]
    assert client.get("/api/v1/me", **auth(new["token"])).status_code == 401


@pytest.mark.parametrize(
    "payload",
    [
        {"name": ""},
        {"name": "x" * 101},
        {"name": "ok", "days": 0},
        {"name": "ok", "days": 9999},
        {},
    ],
)
def test_bad_token_requests_are_422_and_write_nothing(demo_users, client, payload):
    _t, secret = api_token_create(actor=None, user=demo_users["kh.contact"], name="first")
    before = (ApiToken.objects.count(), AuditEvent.objects.count())
    response = client.post(
        "/api/v1/me/tokens", payload, content_type="application/json", **auth(secret)
    )
    assert response.status_code == 422
    assert response.json()["error"]["code"] == "invalid"
    assert (ApiToken.objects.count(), AuditEvent.objects.count()) == before


def test_cannot_revoke_someone_elses_token(demo_users, client):
    other, _ = api_token_create(actor=None, user=demo_users["kh.contact"], name="theirs")
    _t, secret = api_token_create(actor=None, user=demo_users["la.contact"], name="mine")
    assert client.delete(f"/api/v1/me/tokens/{other.pk}", **auth(secret)).status_code == 404
    with pytest.raises(NotFound):
        api_token_revoke(actor=demo_users["la.contact"], token_id=other.pk)
    other.refresh_from_db()
    assert other.revoked_at is None


def test_service_rejects_bad_expiry(demo_users):
    with pytest.raises(ApplicationError):
        api_token_create(actor=None, user=demo_users["la.contact"], name="t", days=400)


def test_token_page_creates_and_revokes(demo_users, client):
    client.force_login(demo_users["la.contact"])
    page = client.post("/accounts/tokens/", {"name": "from page", "days": "10"})
    assert page.status_code == 200
    assert b'data-testid="new-token"' in page.content
    token = ApiToken.objects.get(name="from page")
    client.post(f"/accounts/tokens/{token.pk}/revoke/")
    token.refresh_from_db()
    assert token.revoked_at is not None
    bad = client.post("/accounts/tokens/", {"name": "<script>alert(1)</script>", "days": "abc"})
    assert bad.status_code == 400
    assert not ApiToken.objects.filter(name__contains="script").exists()


def test_every_token_write_is_on_the_ledger(demo_users):
    before = AuditEvent.objects.count()
    token, _ = api_token_create(
        actor=demo_users["la.contact"], user=demo_users["la.contact"], name="t"
    )
    api_token_revoke(actor=demo_users["la.contact"], token_id=token.pk)
    actions = list(AuditEvent.objects.order_by("seq").values_list("action", flat=True))[before:]
    assert actions == ["api_token.created", "api_token.revoked"]
