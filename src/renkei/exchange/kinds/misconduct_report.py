"""§4(1): either side shares information on brokers' misconduct, conduct (a)–(e), promptly.
The intermediaries named are screened against every stored name when the report is sent."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from typing import Annotated, Literal

from django.http import QueryDict
from django.utils import translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from pydantic import Field, StringConstraints, model_validator

from renkei.accounts.models import Side
from renkei.agreements.models import Agreement
from renkei.core.errors import ApplicationError
from renkei.core.pages import rows_shown
from renkei.core.places import country_choices, currency_choices, local_currency
from renkei.exchange.kinds.base import (
    Country,
    Kind,
    Letter,
    Name,
    Screening,
    Strict,
    post_lines,
    post_or_none,
)
from renkei.screening.models import SourceType
from renkei.screening.services import NameInput, screen_records

# (a) money or property taken, (b) penalty contracts, (e) fees: where amounts make sense.
AMOUNT_CATEGORIES = {"a", "b", "e"}
INTERMEDIARY_ROWS = 10  # at most, on the compose page: one to start, "add another" for more
INTERMEDIARIES_PER_REPORT = 100  # more than a report may name (the details allow 20)


class Intermediary(Strict):
    kind: Literal["individual", "corporation"]
    country: Country
    names: list[Name] = Field(min_length=1, max_length=10)
    identifiers: list[Name] = Field(default_factory=list, max_length=10)


class Amount(Strict):
    amount: Decimal = Field(ge=0, le=Decimal("1e12"), max_digits=15, decimal_places=2)
    currency: Annotated[str, StringConstraints(pattern=r"^[A-Z]{3}$")]


class MisconductDetails(Strict):
    intermediaries: list[Intermediary] = Field(min_length=1, max_length=20)
    categories: list[Letter] = Field(min_length=1, max_length=5)
    period_from: date | None = None
    period_to: date | None = None
    amounts: list[Amount] = Field(default_factory=list, max_length=10)
    workers_affected: int | None = Field(default=None, ge=0, le=1_000_000)

    @model_validator(mode="after")
    def _coherent(self) -> MisconductDetails:
        if len(set(self.categories)) != len(self.categories):
            raise ValueError("each category letter once")
        if self.period_from and self.period_to and self.period_from > self.period_to:
            raise ValueError("the period ends before it starts")
        if self.amounts and not AMOUNT_CATEGORIES & set(self.categories):
            raise ValueError("amounts belong to categories (a), (b) or (e)")
        self.categories = sorted(self.categories)
        return self


def misconduct_categories(agreement: Agreement) -> list[str]:
    provision = agreement.provision("information_sharing")
    return list(provision.parameters.get("misconduct_categories", [])) if provision else []


def _check_categories(agreement: Agreement, details: dict) -> None:
    allowed = misconduct_categories(agreement)
    unknown = sorted(set(details["categories"]) - set(allowed))
    if unknown:
        raise ApplicationError(
            _("Unknown conduct category: %(letters)s. This MOC lists %(allowed)s.")
            % {"letters": ", ".join(unknown), "allowed": ", ".join(allowed)},
            code="unknown_category",
            details={"field": "categories", "unknown": unknown, "allowed": allowed},
        )


def _from_post(post: QueryDict) -> dict:
    intermediaries = [
        {
            "kind": post.get(f"int{i}_kind", ""),
            "country": post.get(f"int{i}_country", "").strip().upper(),
            "names": post_lines(post.get(f"int{i}_names")),
            "identifiers": post_lines(post.get(f"int{i}_identifiers")),
        }
        for i in range(INTERMEDIARY_ROWS)
        if post_lines(post.get(f"int{i}_names"))
    ]
    details = {
        "intermediaries": intermediaries,
        "categories": post.getlist("categories"),
        "period_from": post_or_none(post.get("period_from")),
        "period_to": post_or_none(post.get("period_to")),
        "workers_affected": post_or_none(post.get("workers_affected")),
    }
    if post_or_none(post.get("amount")):
        details["amounts"] = [
            {
                "amount": post.get("amount").strip(),
                "currency": post.get("currency", "").strip().upper(),
            }
        ]
    return details


def _form_context(agreement: Agreement, post: QueryDict) -> dict:
    """The compose form's choices in the reader's language (the partner's country and
    currency first), and the intermediary blocks with what was typed in them."""
    language = translation.get_language() or "ja"
    shown = rows_shown(post, "int_rows", INTERMEDIARY_ROWS)
    return {
        "categories": misconduct_categories(agreement),
        "checked_categories": post.getlist("categories"),
        "countries": country_choices(language, [agreement.code, "JP"]),
        "currencies": currency_choices(
            language, ["USD", "JPY", local_currency(agreement.code) or "USD"]
        ),
        "default_country": agreement.code,
        "int_rows_shown": shown,
        "int_may_add": shown < INTERMEDIARY_ROWS,
        "intermediary_rows": [
            {
                "i": i,
                "kind": post.get(f"int{i}_kind", "corporation"),
                "country": post.get(f"int{i}_country", agreement.code).upper(),
                "names": post.get(f"int{i}_names", ""),
                "identifiers": post.get(f"int{i}_identifiers", ""),
            }
            for i in range(shown)
        ],
    }


def _names(details: dict) -> list[str]:
    return [
        name
        for intermediary in details.get("intermediaries", [])
        for name in intermediary.get("names", []) + intermediary.get("identifiers", [])
    ]


def _source_ids(exchange) -> list[int]:
    # One screening record per intermediary: the report's id and the intermediary's place in it.
    return [
        exchange.pk * INTERMEDIARIES_PER_REPORT + position
        for position, _intermediary in enumerate(exchange.details.get("intermediaries", []))
    ]


def intermediaries_screen(actor, exchange) -> list:
    """The intermediaries a report names are screened against every stored name; each is
    flagged, so a sending organisation's officer who matches one later is a hit."""
    # The side in English (the msgid): the review queue translates it for whoever reads it.
    with translation.override(None):
        side = str(Side(exchange.originating_side).label)
    intermediaries = exchange.details.get("intermediaries", [])
    entries = [
        NameInput(
            names=intermediary["names"],
            kind="person" if intermediary["kind"] == "individual" else "organisation",
            source_type=SourceType.INTERMEDIARY,
            source_id=source_id,
            label=f"{exchange.reference} ({side})",
            flagged=True,
            identifier=(intermediary.get("identifiers") or [""])[0],
        )
        for source_id, intermediary in zip(_source_ids(exchange), intermediaries, strict=True)
    ]
    return screen_records(
        actor=actor, entries=entries, agreement=exchange.agreement, side=exchange.originating_side
    )


KIND = Kind(
    key="misconduct_report",
    label=gettext_lazy("Misconduct report"),
    clause="§4(1) (a)–(e)",
    provision="information_sharing",
    originating_sides=(Side.JP, Side.PARTNER),
    expects_answer=True,
    details_model=MisconductDetails,
    personal_details=("intermediaries",),
    form_template="exchange/kinds/misconduct_report_form.html",
    detail_template="exchange/kinds/misconduct_report_detail.html",
    details_from_post=_from_post,
    check_details=_check_categories,
    search_names=_names,
    screening=Screening(
        run=intermediaries_screen, source_type=SourceType.INTERMEDIARY, source_ids=_source_ids
    ),
    context=lambda agreement, post: _form_context(agreement, post),
)
