"""How long personal data stays visible, then blocked, under each agreement (ADR 21): the
defaults of the settings, or the agreement's own periods from ``RETENTION_BY_AGREEMENT``."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

from django.conf import settings
from django.core.exceptions import ImproperlyConfigured


@dataclass(frozen=True)
class RetentionPeriods:
    visible_days: int
    erase_days: int

    def block_before(self, now: datetime) -> datetime:
        """Records closed before this moment are blocked."""
        return now - timedelta(days=self.visible_days)

    def erase_before(self, now: datetime) -> datetime:
        return now - timedelta(days=self.erase_days)


def _overrides() -> dict[str, RetentionPeriods]:
    found = {}
    for pair in filter(
        None, (p.strip() for p in settings.RENKEI_RETENTION_BY_AGREEMENT.split(","))
    ):
        code, _eq, periods = pair.partition("=")
        visible, _colon, erase = periods.partition(":")
        if not (visible.isdigit() and erase.isdigit()) or int(visible) > int(erase):
            raise ImproperlyConfigured(
                f"RETENTION_BY_AGREEMENT: {pair!r} is not CODE=visible:erase with visible ≤ erase"
            )
        found[code.strip().upper()] = RetentionPeriods(int(visible), int(erase))
    return found


def retention_periods(agreement_code: str) -> RetentionPeriods:
    default = RetentionPeriods(
        settings.RENKEI_RETENTION_VISIBLE_DAYS, settings.RENKEI_RETENTION_ERASE_DAYS
    )
    return _overrides().get(agreement_code.upper(), default)
