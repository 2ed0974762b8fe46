"""The public register's status periods (ADR 14): derived data, compiled from the released
accreditation events and nothing else, so that it can always be compiled again.

``public_status_refresh`` runs inside the write that releases an event (``accreditation_approve``),
in its transaction: a page read after the release sees the new periods, and a release that rolls
back leaves the old ones. Whoever loads released events in bulk, around the services (a data
migration, a benchmark), calls it for those organisations afterwards.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date
from typing import NamedTuple

from django.db import transaction

from renkei.registry.models import AccreditationEvent, PublicStatusPeriod
from renkei.registry.status import StatusPeriod, status_periods

_BATCH = 500  # organisations per statement: well inside every database's parameter limit


class _Released(NamedTuple):
    kind: str
    effective_date: date
    valid_until: date | None


def released_periods(rows: Iterable[tuple]) -> dict[int, tuple[int, list[StatusPeriod]]]:
    """Periods per organisation from released-event rows ``(organisation_id, agreement_id, kind,
    effective_date, valid_until)`` ordered by organisation, date and recording: the agreement
    of each, and its periods as the public register replays them (partial history)."""
    grouped: dict[int, tuple[int, list]] = {}
    for organisation_id, agreement_id, kind, effective_date, valid_until in rows:
        grouped.setdefault(organisation_id, (agreement_id, []))[1].append(
            _Released(kind, effective_date, valid_until)
        )
    return {
        organisation_id: (agreement_id, status_periods(events, strict=False))
        for organisation_id, (agreement_id, events) in grouped.items()
    }


def released_rows(event_model, **filters):
    """The released events as ``released_periods`` reads them. ``event_model`` is the model,
    or the migration's historical one."""
    return (
        event_model.objects.filter(approved_at__isnull=False, **filters)
        .order_by("organisation_id", "effective_date", "pk")
        .values_list(
            "organisation_id", "organisation__agreement_id", "kind", "effective_date", "valid_until"
        )
    )


def period_objects(period_model, rows: Iterable[tuple]) -> list:
    """Unsaved period rows compiled from ``released_rows``."""
    return [
        period_model(
            organisation_id=organisation_id,
            agreement_id=agreement_id,
            starts_on=period.starts_on,
            ends_on=period.ends_on,
            status=period.status,
        )
        for organisation_id, (agreement_id, periods) in released_periods(rows).items()
        for period in periods
    ]


def public_status_refresh(organisation_ids: Iterable[int]) -> None:
    """Compile these organisations' periods again from their released events."""
    ids = sorted(set(organisation_ids))
    with transaction.atomic():
        for start in range(0, len(ids), _BATCH):
            chunk = ids[start : start + _BATCH]
            rows = released_rows(AccreditationEvent, organisation_id__in=chunk)
            PublicStatusPeriod.objects.filter(organisation_id__in=chunk).delete()
            PublicStatusPeriod.objects.bulk_create(
                period_objects(PublicStatusPeriod, rows), batch_size=2000
            )


def public_status_rebuild() -> None:
    """Every organisation's periods compiled again (after a bulk load of released events)."""
    released = AccreditationEvent.objects.filter(approved_at__isnull=False)
    with transaction.atomic():
        PublicStatusPeriod.objects.all().delete()
        public_status_refresh(released.values_list("organisation_id", flat=True).distinct())
