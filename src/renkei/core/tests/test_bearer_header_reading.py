"""The API's bearer scheme reads the Authorization header from ``request.META`` (ADR 10's
short stack builds no header mapping); what it hands on as the token must be what ninja's own
HttpBearer would hand on, for any header."""

import pytest
from django.test import RequestFactory
from hypothesis import given
from hypothesis import strategies as st
from ninja.security import HttpBearer

from renkei.accounts.api_auth import BearerToken


class Seen:
    """Both schemes, recording the token instead of looking it up."""

    def __init__(self):
        self.token = None

    def authenticate(self, request, token):
        self.token = token
        return token


class OursSeen(Seen, BearerToken):
    pass


class NinjaSeen(Seen, HttpBearer):
    pass


def handed_on(header: str | None) -> tuple[object, object]:
    meta = {} if header is None else {"HTTP_AUTHORIZATION": header}
    results = []
    for scheme in (OursSeen(), NinjaSeen()):
        request = RequestFactory().get("/api/v1/me", **meta)
        results.append((scheme(request), scheme.token))
    return results[0], results[1]


@pytest.mark.parametrize(
    "header",
    [
        None,
        "",
        "Bearer rk_abc",
        "bearer rk_abc",
        "BEARER rk_abc",
        "Bearer  rk_abc",
        "Bearer rk_abc extra words",
        "Bearer",
        "Bearer ",
        "Basic dXNlcjpwYXNz",
        "Bearer\trk_abc",
        "Bearerrk_abc",
    ],
)
def test_the_token_ninja_would_hand_on(header):
    ours, ninjas = handed_on(header)
    assert ours == ninjas


@given(st.text(alphabet=st.characters(min_codepoint=32, max_codepoint=126), max_size=40))
def test_any_printable_header(header):
    ours, ninjas = handed_on(header)
    assert ours == ninjas
