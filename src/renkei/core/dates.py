"""Dates typed by people: one reading of YYYY-MM-DD for every form, query and API parameter,
with one translated refusal, and the one rule that what happened cannot be dated tomorrow."""

from __future__ import annotations

from datetime import date

from django.utils import timezone
from django.utils.translation import gettext as _

from renkei.core.errors import ApplicationError


def date_parse(value: str | None) -> date | None:
    """``YYYY-MM-DD`` as a date; blank is None; anything else a 400 ``invalid_date``."""
    value = (value or "").strip()
    if not value:
        return None
    try:
        return date.fromisoformat(value)
    except ValueError as exc:
        raise ApplicationError(_("Give the date as YYYY-MM-DD."), code="invalid_date") from exc


def date_required(value: str | None) -> date:
    parsed = date_parse(value)
    if parsed is None:
        raise ApplicationError(_("Give the date as YYYY-MM-DD."), code="invalid_date")
    return parsed


def date_or_today(value: str | None) -> date:
    return date_parse(value) or timezone.localdate()


def date_not_future(value: date, label: str) -> date:
    if value > timezone.localdate():
        raise ApplicationError(
            _("%(field)s cannot be in the future.") % {"field": label}, code="future_date"
        )
    return value
