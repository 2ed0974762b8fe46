"""One pass of the retention schedule over every app that keeps personal data (ADR 21); run by
`renkei retention run` and swept by `renkei worker`. Public registers are not touched: they
are published on purpose."""

from __future__ import annotations

from datetime import datetime

from django.utils import timezone

from renkei.exchange.retention import exchanges_retention_run
from renkei.registry.retention import cases_retention_run, certificates_retention_run


def retention_run(now: datetime | None = None) -> dict[str, int]:
    now = now or timezone.now()
    return {
        **exchanges_retention_run(now),
        **cases_retention_run(now),
        **certificates_retention_run(now),
    }
