"""API calls that present a bearer token go through a shorter middleware stack (ADR 10).

A program calling ``/api/`` with ``Authorization: Bearer …`` is judged on its token alone:
sessions, CSRF, the login lockout, the second-factor redirect, messages and htmx belong to the
pages, and a program's call pays for none of them. It keeps what every response needs: the
security headers, the language from ``Accept-Language``, the common URL rules, and the input
gate (no control character anywhere, bodies within their limits), whose refusals are in the
caller's language.
"""

from __future__ import annotations

from django.conf import settings
from django.contrib.auth.models import AnonymousUser
from django.core.handlers.wsgi import WSGIHandler
from django.utils import translation
from django.utils.cache import patch_vary_headers

BEARER_API_MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "renkei.core.bearer_calls.CallerLanguageMiddleware",
    "renkei.core.input_guard.InputGuardMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "renkei.core.bearer_calls.NoSessionMiddleware",
]


def is_bearer_api_call(environ: dict) -> bool:
    # The scheme in any case, as the API's own token check reads it ("bearer", "BEARER").
    return (
        environ.get("PATH_INFO", "").startswith("/api/")
        and environ.get("HTTP_AUTHORIZATION", "")[:7].lower() == "bearer "
    )


class CallerLanguageMiddleware:
    """Django's LocaleMiddleware less what only pages use: the API has no language prefix in its
    URLs (no i18n_patterns), so the language is the caller's (its language cookie, else
    ``Accept-Language``, else Japanese) and nothing is redirected. The answer says which
    language it is in and that it varies by ``Accept-Language``, as LocaleMiddleware's does."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        translation.activate(translation.get_language_from_request(request))
        request.LANGUAGE_CODE = language = translation.get_language()
        response = self.get_response(request)
        patch_vary_headers(response, ("Accept-Language",))
        response.headers.setdefault("Content-Language", language)
        return response


class NoSessionMiddleware:
    """Until the token is checked the caller is anonymous; a session cookie sent along is not
    read, so a rejected token is never rescued by a browser's session."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        request.user = AnonymousUser()
        return self.get_response(request)


class BearerApiHandler(WSGIHandler):
    """Django's own WSGI handler, built over ``BEARER_API_MIDDLEWARE``."""

    def load_middleware(self, is_async: bool = False) -> None:
        # Django builds the chain from settings.MIDDLEWARE and nothing else; the list is swapped
        # for the build only, once, while the process starts and before it serves anything.
        full = settings.MIDDLEWARE
        settings.MIDDLEWARE = [
            *(
                ["renkei.core.db_router.ReadPrimaryMiddleware"]
                if "replica" in settings.DATABASES
                else []
            ),
            *BEARER_API_MIDDLEWARE,
        ]
        try:
            super().load_middleware(is_async)
        finally:
            settings.MIDDLEWARE = full


def with_bearer_api_handler(pages: WSGIHandler):
    """The WSGI application: bearer-token API calls to the short stack, the rest to ``pages``."""
    bearer = BearerApiHandler()

    def application(environ, start_response):
        handler = bearer if is_bearer_api_call(environ) else pages
        return handler(environ, start_response)

    return application
