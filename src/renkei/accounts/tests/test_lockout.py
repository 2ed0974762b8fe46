"""Repeated failures lock a user name at one address, for longer each time; the officer still
logs in from another address, and nobody can lock them out from elsewhere."""

from axes.models import AccessAttempt, AccessFailureLog
from django.test import RequestFactory

from renkei.accounts.lockout import cool_off

RIGHT = "renkei-demo-2026"


def login(client, username, password, ip="203.0.113.7"):
    return client.post(
        "/accounts/login/",
        {"username": username, "password": password},
        REMOTE_ADDR=ip,
        HTTP_ACCEPT_LANGUAGE="en",
    )


def _lock(client, settings, ip="203.0.113.7"):
    for _ in range(settings.AXES_FAILURE_LIMIT):
        login(client, "la.contact", "wrong-password", ip)


def test_failures_lock_the_name_at_that_address_even_for_the_right_password(
    demo_users, client, settings
):
    _lock(client, settings)
    response = login(client, "la.contact", RIGHT)
    assert response.status_code == 429
    assert "Too many failed log-in attempts" in response.content.decode()
    assert "_auth_user_id" not in client.session


def test_the_officer_still_logs_in_from_another_address(demo_users, client, settings):
    _lock(client, settings, ip="203.0.113.7")  # an attacker who knows the user name
    response = login(client, "la.contact", RIGHT, ip="198.51.100.20")
    assert response.status_code == 302
    assert client.session["_auth_user_id"] == str(demo_users["la.contact"].pk)


def test_another_name_at_the_locked_address_is_not_locked(demo_users, client, settings):
    _lock(client, settings)
    assert login(client, "kh.contact", RIGHT).status_code == 302


def _cool_off_for(username, ip):
    request = RequestFactory().post("/accounts/login/", {"username": username})
    request.axes_ip_address = ip
    return cool_off(request)


def test_each_further_lock_lasts_twice_as_long(demo_users, client, settings):
    base = _cool_off_for("la.contact", "203.0.113.7")
    _lock(client, settings)
    assert _cool_off_for("la.contact", "203.0.113.7") == base
    AccessAttempt.objects.all().delete()  # the first lock ran out
    _lock(client, settings)
    assert AccessFailureLog.objects.filter(locked_out=True).count() == 2
    assert _cool_off_for("la.contact", "203.0.113.7") == 2 * base
    assert _cool_off_for("la.contact", "198.51.100.20") == base  # not another address's


def test_the_proxy_count_reads_the_client_from_the_right(demo_users, client, settings):
    settings.RENKEI_PROXY_COUNT = 1
    for _ in range(settings.AXES_FAILURE_LIMIT):
        client.post(
            "/accounts/login/",
            {"username": "la.contact", "password": "nope"},
            HTTP_X_FORWARDED_FOR="10.9.9.9, 203.0.113.7",  # the left part is the client's word
        )
    assert set(AccessAttempt.objects.values_list("ip_address", flat=True)) == {"203.0.113.7"}
