import pytest
from django_otp.oath import totp
from django_otp.plugins.otp_totp.models import TOTPDevice

from renkei.accounts.models import MinistryUnit, User
from renkei.accounts.services import user_create, user_set_otp_required
from renkei.accounts.tests.factories import PASSWORD, UserFactory
from renkei.audit.models import AuditEvent
from renkei.core.errors import ApplicationError


def login(client, username, password):
    return client.post("/accounts/login/", {"username": username, "password": password})


def test_login_sets_users_language_and_logout(demo_users, client):
    response = login(client, "la.contact", "renkei-demo-2026")
    assert response.status_code == 302
    assert response.cookies["django_language"].value == "en"
    client.post("/accounts/logout/")
    response = login(client, "isa.contact", "renkei-demo-2026")
    assert response.cookies["django_language"].value == "ja"


def test_wrong_password_is_a_clear_translated_error(demo_users, client):
    response = client.post(
        "/accounts/login/",
        {"username": "la.contact", "password": "nope"},
        HTTP_ACCEPT_LANGUAGE="ja",
    )
    assert response.status_code == 200
    assert "ユーザー名又はパスワードが正しくありません。" in response.content.decode()


@pytest.mark.argon2
def test_passwords_are_hashed_with_argon2(agreements):
    user = UserFactory()
    assert user.password.startswith("argon2")


def test_weak_password_is_refused(agreements):
    with pytest.raises(ApplicationError) as excinfo:
        user_create(
            actor=None,
            username="weak2",
            password="12345678",
            unit=MinistryUnit.objects.get(code="mofa"),
            roles=[],
        )
    assert "password" in excinfo.value.details
    assert not User.objects.filter(username="weak2").exists()


def test_required_second_factor_enrols_then_verifies(agreements, client, settings):
    settings.OTP_TOTP_THROTTLE_FACTOR = 0  # django-otp delays retries after a failure
    user = UserFactory(username="secure.officer")
    user_set_otp_required(actor=None, user=user, required=True)
    response = login(client, "secure.officer", PASSWORD)
    assert response["Location"] == "/accounts/otp/setup/"
    # Nothing else is reachable before the code, including session calls to the API.
    assert client.get("/").status_code == 302
    assert client.get("/api/v1/me").status_code == 401
    client.get("/accounts/otp/setup/")
    device = TOTPDevice.objects.get(user=user, confirmed=False)
    assert client.post("/accounts/otp/setup/", {"token": "000000"}).status_code == 200
    code = f"{totp(device.bin_key, device.step, device.t0, device.digits, device.drift):06d}"
    assert client.post("/accounts/otp/setup/", {"token": code})["Location"] == "/"
    assert client.get("/").status_code == 200
    assert AuditEvent.objects.filter(action="otp.device_confirmed", object_id=str(user.pk)).exists()
    # The next log-in asks for a code from the confirmed device.
    client.post("/accounts/logout/")
    assert login(client, "secure.officer", PASSWORD)["Location"] == "/accounts/otp/verify/"
    assert client.post("/accounts/otp/verify/", {"token": "12ab56"}).status_code == 200
    assert client.get("/").status_code == 302


def test_demo_users_are_exempt_and_marked(demo_users, client):
    user = demo_users["la.contact"]
    user_set_otp_required(actor=None, user=user, required=True)
    login(client, "la.contact", "renkei-demo-2026")
    page = client.get("/", HTTP_ACCEPT_LANGUAGE="en")
    assert page.status_code == 200
    assert "Demo account" in page.content.decode()
