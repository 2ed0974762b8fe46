from django.http import HttpRequest
from ninja.security import HttpBearer, django_auth


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
        return user


# Tokens for programs; the session (with CSRF on writes) for the pages' own calls.
api_auth = [BearerToken(), django_auth]
