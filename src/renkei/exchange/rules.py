"""What the agreement says about every exchange, whatever its kind: asked of the agreement's
provisions, never of the country. What differs by kind is declared in `exchange/kinds/`."""

from __future__ import annotations

from datetime import date

from django.http import QueryDict

from renkei.agreements.models import Agreement

DEFAULT_ACKNOWLEDGE_DAYS = 3
DEFAULT_ANSWER_DAYS = 30


def confidentiality_scope(agreement: Agreement, on: date | None = None) -> str:
    provision = agreement.provision("confidentiality", on)
    return provision.parameters.get("scope", "anyone") if provision else "anyone"


def accuracy_from_post(post: QueryDict) -> int | None:
    value = (post.get("information_accuracy") or "").strip()
    return int(value) if value.isdigit() else None
