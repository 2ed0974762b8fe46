"""`{{ moment|when }}`: a date and time in the reader's zone, with the zone said: "2027-01-15
10:00 JST" to a reader in Tokyo, "2027-01-15 08:00 UTC+7" to one in Vientiane. A time without
its zone misleads whoever reads it in another country."""

from __future__ import annotations

from datetime import datetime

from django import template
from django.utils import timezone

register = template.Library()


def zone_label(moment: datetime) -> str:
    name = moment.tzname() or ""
    if name.isalpha():  # JST, PKT, UTC
        return name
    offset = moment.utcoffset()
    minutes = int(offset.total_seconds() // 60) if offset is not None else 0
    sign = "+" if minutes >= 0 else "-"
    hours, rest = divmod(abs(minutes), 60)
    return f"UTC{sign}{hours}" + (f":{rest:02d}" if rest else "")


@register.filter
def when(value: datetime | None, precision: str = "") -> str:
    """``|when`` to the minute; ``|when:"seconds"`` where the second matters (checkpoints)."""
    if not value:
        return ""
    moment = timezone.localtime(value) if timezone.is_aware(value) else value
    shown = f"{moment:%Y-%m-%d %H:%M:%S}" if precision == "seconds" else f"{moment:%Y-%m-%d %H:%M}"
    return f"{shown} {zone_label(moment)}"
