"""Bearer-token API calls through the production WSGI application: the short middleware stack
answers them, keeps the security headers and the language, and never falls back on a session."""

import io
import json
import sys

import pytest
from django.core.signals import request_finished, request_started
from django.db import close_old_connections

from renkei.accounts.services import api_token_create
from renkei.core.bearer_calls import is_bearer_api_call
from renkei.wsgi import application


@pytest.fixture
def wsgi(db):
    """Calls renkei.wsgi.application as a server would. Django closes the database connection
    around each request, which would end the test's transaction: those hooks are off meanwhile,
    as in Django's own test client."""
    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)

    def call(method, path, body=None, query="", **headers):
        raw = (
            body
            if isinstance(body, bytes)
            else json.dumps(body).encode()
            if body is not None
            else b""
        )
        environ = {
            "REQUEST_METHOD": method,
            "PATH_INFO": path,
            "QUERY_STRING": query,
            "SERVER_NAME": "testserver",
            "SERVER_PORT": "80",
            "HTTP_HOST": "testserver",
            "wsgi.url_scheme": "http",
            "wsgi.input": io.BytesIO(raw),
            "wsgi.errors": sys.stderr,
            "CONTENT_LENGTH": str(len(raw)),
            "CONTENT_TYPE": "application/json",
            **{"HTTP_" + k.upper(): v for k, v in headers.items()},
        }
        started = {}

        def start_response(status, response_headers, exc_info=None):
            started["status"] = int(status.split()[0])
            started["headers"] = response_headers

        content = b"".join(application(environ, start_response))
        return started["status"], started["headers"], content

    yield call
    request_started.connect(close_old_connections)
    request_finished.connect(close_old_connections)


def _header(headers, name):
    return [v for k, v in headers if k.lower() == name.lower()]


def test_only_api_paths_with_a_bearer_token_take_the_short_stack():
    assert is_bearer_api_call({"PATH_INFO": "/api/v1/health", "HTTP_AUTHORIZATION": "Bearer x"})
    assert is_bearer_api_call({"PATH_INFO": "/api/v1/health", "HTTP_AUTHORIZATION": "bearer x"})
    assert not is_bearer_api_call({"PATH_INFO": "/api/v1/health"})
    assert not is_bearer_api_call(
        {"PATH_INFO": "/accounts/login/", "HTTP_AUTHORIZATION": "Bearer x"}
    )
    assert not is_bearer_api_call({"PATH_INFO": "/api/v1/health", "HTTP_AUTHORIZATION": "Basic x"})


def test_a_bearer_call_is_answered_with_the_security_headers_and_no_cookie(wsgi, demo_users):
    token = api_token_create(actor=None, user=demo_users["la.contact"], name="t")[1]
    status, headers, content = wsgi(
        "POST",
        "/api/v1/screening/check",
        {"names": ["Somchai"]},
        authorization=f"Bearer {token}",
    )
    assert status == 200 and "candidates" in json.loads(content)
    assert _header(headers, "X-Content-Type-Options") == ["nosniff"]
    assert _header(headers, "X-Frame-Options") == ["DENY"]
    assert _header(headers, "Referrer-Policy") == ["same-origin"]
    assert not _header(headers, "Set-Cookie")  # no session, no CSRF cookie


def test_a_bad_token_is_not_rescued_by_a_session_cookie(wsgi, demo_users, client):
    client.force_login(demo_users["isa.contact"])
    session = client.cookies["sessionid"].value
    for scheme in ("Bearer", "bearer"):  # the token check reads the scheme in any case
        status, _, content = wsgi(
            "GET", "/api/v1/me", authorization=f"{scheme} rk_bad", cookie=f"sessionid={session}"
        )
        assert status == 401
    assert json.loads(content)["error"]["code"] == "unauthorized"
    # The same session without the token header still works through the pages' stack.
    status, _, content = wsgi("GET", "/api/v1/me", cookie=f"sessionid={session}")
    assert status == 200 and json.loads(content)["username"] == "isa.contact"


def test_the_language_comes_from_the_caller(wsgi, demo_users):
    token = api_token_create(actor=None, user=demo_users["la.contact"], name="t")[1]
    answers = {}
    for language in ("ja", "en"):
        status, _, content = wsgi(
            "POST",
            "/api/v1/screening/check",
            {"names": []},
            authorization=f"Bearer {token}",
            accept_language=language,
        )
        assert status == 400
        answers[language] = json.loads(content)["error"]["message"]
    assert answers["en"] == "Give at least one name."
    assert answers["ja"] != answers["en"] and any("\u3040" <= c <= "\u9fff" for c in answers["ja"])


@pytest.mark.parametrize(
    "body",
    [b"{not json", b'{"names": ["' + b"a" * 300_000 + b'"]}', b'{"names": "<script>"}'],
)
def test_bad_bodies_get_a_clear_error_on_the_short_stack(wsgi, demo_users, body):
    token = api_token_create(actor=None, user=demo_users["la.contact"], name="t")[1]
    status, _, content = wsgi(
        "POST", "/api/v1/screening/check", body, authorization=f"Bearer {token}"
    )
    assert 400 <= status < 500
    error = json.loads(content)["error"]
    assert error["code"] and error["message"]


def test_pages_keep_the_full_stack_even_with_a_token_header(wsgi):
    status, headers, _ = wsgi("GET", "/accounts/login/", authorization="Bearer rk_anything")
    assert status == 200
    assert any("csrftoken" in v for v in _header(headers, "Set-Cookie"))


def test_the_answer_says_its_language_and_that_it_varies_with_the_callers(wsgi, demo_users):
    token = api_token_create(actor=None, user=demo_users["la.contact"], name="t")[1]
    for asked, answered in (("en", "en"), ("ja", "ja"), ("fr", "ja"), ("en-GB,en;q=0.8", "en")):
        status, headers, _ = wsgi(
            "POST",
            "/api/v1/screening/check",
            {"names": ["Somchai"]},
            authorization=f"Bearer {token}",
            accept_language=asked,
        )
        assert status == 200
        assert _header(headers, "Content-Language") == [answered]
        assert "Accept-Language" in ", ".join(_header(headers, "Vary"))


def test_the_api_has_no_language_prefix_in_its_urls():
    # The short stack's language middleware leaves out LocaleMiddleware's handling of language
    # prefixes; it is right only while the URLs have none.
    from django.conf import settings
    from django.conf.urls.i18n import is_language_prefix_patterns_used

    assert is_language_prefix_patterns_used(settings.ROOT_URLCONF) == (False, False)


@pytest.mark.parametrize(
    "path,body",
    [
        # Found by the API fuzz test on PostgreSQL: a NUL in a token's name reached the
        # database (500) because the short stack had no input gate.
        ("/api/v1/me/tokens", {"name": "a\u0000b", "days": 10}),
        ("/api/v1/screening/check", {"names": ["Somchai\u0087"]}),
        ("/api/v1/screening/check?x=%00", {"names": ["Somchai"]}),
    ],
)
def test_the_input_gate_guards_the_short_stack_too(wsgi, demo_users, path, body):
    from renkei.accounts.models import ApiToken

    token = api_token_create(actor=None, user=demo_users["la.contact"], name="t")[1]
    path, _, query = path.partition("?")
    status, _, content = wsgi("POST", path, body, authorization=f"Bearer {token}", query=query)
    assert status == 400, content
    assert json.loads(content)["error"]["code"] == "control_characters"
    assert ApiToken.objects.count() == 1  # only the caller's own
