"""The exchange kinds, one module each, listed here explicitly: adding a kind is adding its
module and one line below (docs/architecture.md, "Adding an exchange kind")."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from datetime import date

from renkei.agreements.models import Agreement
from renkei.core.errors import ApplicationError
from renkei.exchange.kinds import (
    exam_fraud_report,
    inquiry,
    misconduct_report,
    notice,
    referral,
    return_request,
)
from renkei.exchange.kinds.base import Kind

KINDS: dict[str, Kind] = {
    kind.key: kind
    for kind in (
        misconduct_report.KIND,
        exam_fraud_report.KIND,
        inquiry.KIND,
        referral.KIND,
        notice.KIND,
        return_request.KIND,
    )
}


def kind_get(key: str) -> Kind:
    """The kind stored on an exchange; an unknown key is refused as input."""
    from django.utils.translation import gettext as _

    kind = KINDS.get(key)
    if kind is None:
        raise ApplicationError(
            _("Unknown exchange type."), code="unknown_type", details={"type": key}
        )
    return kind


def kind_allowed(agreement: Agreement, key: str, on: date | None = None) -> bool:
    kind = KINDS.get(key)
    return kind is not None and agreement.provision_in_force(kind.provision, on)


def kinds_allowed(agreement: Agreement, side: str, on: date | None = None) -> list[Kind]:
    """The kinds this side may start under this agreement, in the registry's order."""
    return [
        kind
        for kind in KINDS.values()
        if side in kind.originating_sides and kind_allowed(agreement, kind.key, on)
    ]


def answer_deadline_binds(agreement: Agreement, key: str, on: date | None = None) -> bool:
    kind = KINDS[key]
    return kind.binding_provision is not None and agreement.provision_in_force(
        kind.binding_provision, on
    )


def kinds_with_embassy() -> list[str]:
    return [kind.key for kind in KINDS.values() if kind.embassy_answers]


@contextmanager
def kind_registered(kind: Kind) -> Iterator[Kind]:
    """A kind added for a while: for tests that prove a new kind needs nothing but itself."""
    if kind.key in KINDS:
        raise ValueError(f"kind {kind.key!r} is already registered")
    KINDS[kind.key] = kind
    try:
        yield kind
    finally:
        del KINDS[kind.key]


def kinds_table_markdown() -> str:
    """The kinds as the docs list them (docs/architecture.md), written from the registry."""
    rows = [
        "| kind | clauses | needs provision | sent by | answered | deadline binds under |",
        "|---|---|---|---|---|---|",
    ]
    for kind in KINDS.values():
        rows.append(
            f"| `{kind.key}` | {kind.clause} | `{kind.provision}` | "
            f"{', '.join(kind.originating_sides)} | {'yes' if kind.expects_answer else 'no'} | "
            f"{f'`{kind.binding_provision}`' if kind.binding_provision else '—'} |"
        )
    return "\n".join(rows) + "\n"
