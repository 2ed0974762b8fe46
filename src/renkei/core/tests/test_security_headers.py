"""The browser policy every response carries, and HTTPS's defaults."""

import json
import os
import subprocess
import sys

import pytest


def _settings_under(**env) -> dict:
    code = (
        "import json, renkei.settings as s; print(json.dumps({'secure': s.SESSION_COOKIE_SECURE,"
        " 'csrf': s.CSRF_COOKIE_SECURE, 'hsts': getattr(s, 'SECURE_HSTS_SECONDS', 0)}))"
    )
    environ = {k: v for k, v in os.environ.items() if k not in ("DEBUG", "HTTPS")}
    environ.update(env)
    out = subprocess.run([sys.executable, "-c", code], env=environ, capture_output=True, text=True)
    return json.loads(out.stdout)


@pytest.mark.parametrize(
    ("env", "on"),
    [
        ({}, True),
        ({"DEBUG": "true"}, False),
        ({"HTTPS": "false"}, False),
        ({"DEBUG": "true", "HTTPS": "true"}, True),
    ],
)
def test_https_is_on_unless_debug_or_turned_off(env, on):
    values = _settings_under(**env)
    assert values["secure"] is on and values["csrf"] is on
    assert (values["hsts"] >= 365 * 24 * 3600) is on


def test_every_page_carries_the_strict_policy(agreements, client):
    response = client.get("/agreements/LA/")
    policy = response["Content-Security-Policy"]
    assert "default-src 'none'" in policy
    assert "script-src 'self'" in policy and "style-src 'self'" in policy
    assert "unsafe-inline" not in policy and "unsafe-eval" not in policy
    assert "frame-ancestors 'none'" in policy
    assert "camera=()" in response["Permissions-Policy"]
    assert response["X-Frame-Options"] == "DENY"


def test_hsts_is_sent_over_https_behind_the_proxy(agreements, client, settings):
    # The suite runs with the defaults (DEBUG off), so HTTPS is on.
    assert settings.SESSION_COOKIE_SECURE
    response = client.get("/agreements/", HTTP_X_FORWARDED_PROTO="https")
    assert response["Strict-Transport-Security"].startswith("max-age=31536000")
    plain = client.get("/agreements/")
    assert "Strict-Transport-Security" not in plain


def test_the_session_cookie_is_secure(demo_users, client):
    response = client.post(
        "/accounts/login/",
        {"username": "la.contact", "password": "renkei-demo-2026"},
        HTTP_X_FORWARDED_PROTO="https",
    )
    cookie = response.cookies["sessionid"]
    assert cookie["secure"] and cookie["httponly"]
