from zoneinfo import ZoneInfo

from django.contrib.auth.models import AnonymousUser
from django.shortcuts import redirect
from django.urls import reverse
from django.utils import timezone


class SecondFactorMiddleware:
    """A user whose administrator requires a second factor reaches nothing but the code page
    until the code is given. Session calls to the API count as anonymous until then; bearer
    tokens are separate credentials and are checked by the API itself."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        from renkei.accounts.views import second_factor_url

        user = request.user
        if user.is_authenticated:
            pending = second_factor_url(user)
            if pending:
                if request.path.startswith("/api/"):
                    request.user = AnonymousUser()
                elif not self._exempt(request.path):
                    return redirect(pending)
        return self.get_response(request)

    @staticmethod
    def _exempt(path: str) -> bool:
        allowed = (
            reverse("accounts:otp_verify"),
            reverse("accounts:otp_setup"),
            reverse("accounts:logout"),
            reverse("set_language"),
            "/static/",
        )
        return path.startswith(allowed)


class TimeZoneMiddleware:
    """Every date and time on a page is shown in the reader's zone: their choice, else their
    unit's (Vientiane for the Lao ministry, Tokyo for ISA and for embassies in Japan). Anonymous
    readers see Japan's time, the site's."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        user = getattr(request, "user", None)
        if user is not None and user.is_authenticated:
            timezone.activate(ZoneInfo(user.zone))
        else:
            timezone.deactivate()
        try:
            return self.get_response(request)
        finally:
            timezone.deactivate()
