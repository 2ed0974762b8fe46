from django.conf import settings
from django.http import HttpRequest
from ninja.security import HttpBearer, django_auth

from renkei.core.rate_limits import rate_limit_check


class BearerToken(HttpBearer):
    """``Authorization: Bearer rk_…``; the token's user becomes ``request.auth``."""

    def __call__(self, request: HttpRequest):
        # ninja's HttpBearer, reading the one header from META: ``request.headers`` builds a
        # mapping of every header first, which a check paid for on every call and used once.
        scheme, _space, token = request.META.get("HTTP_AUTHORIZATION", "").partition(" ")
        if scheme.lower() != self.openapi_scheme:
            return None
        return self.authenticate(request, token)

    def authenticate(self, request: HttpRequest, token: str):
        from renkei.accounts.services import api_token_authenticate

        user = api_token_authenticate(token)
        if user is not None:
            request.user = user
            # Counted per token, after it proved valid: an unknown token costs no counter row.
            rate_limit_check(
                request, group="api-token", key=token, rate=settings.RENKEI_API_RATE_LIMIT
            )
        return user


# Tokens for programs; the session (with CSRF on writes) for the pages' own calls.
api_auth = [BearerToken(), django_auth]
