"""How long django-axes keeps a (user name, address) pair locked: ``AXES_COOLOFF_MINUTES`` for
the first lock, twice as long for each further lock of the same pair within a day, never more
than a day. A guesser slows down geometrically; an officer who mistyped five times waits minutes.
"""

from __future__ import annotations

from datetime import timedelta

from axes.models import AccessFailureLog
from django.conf import settings
from django.http import HttpRequest
from django.utils import timezone

LONGEST = timedelta(days=1)


def earlier_locks(username: str, ip_address: str) -> int:
    """Locks of this pair in the last day, the one being served included."""
    since = timezone.now() - LONGEST
    return AccessFailureLog.objects.filter(
        username=username, ip_address=ip_address, locked_out=True, attempt_time__gte=since
    ).count()


def cool_off(request: HttpRequest | None = None) -> timedelta:
    base = timedelta(minutes=settings.RENKEI_AXES_COOLOFF_MINUTES)
    if request is None:
        return base
    username = (getattr(request, "axes_credentials", None) or {}).get("username") or (
        request.POST.get("username", "") if request.method == "POST" else ""
    )
    ip_address = getattr(request, "axes_ip_address", "")
    if not username or not ip_address:
        return base
    locks = earlier_locks(username, ip_address)
    return min(base * 2 ** max(locks - 1, 0), LONGEST)
