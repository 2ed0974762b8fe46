"""What an exchange kind is: everything the product needs to know about one kind of exchange,
declared in one place (its module beside this one) and read by the services, the pages, the
API, the retention schedule and the screening."""

from __future__ import annotations

import datetime
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Annotated, Any

from django.http import QueryDict
from django.utils.functional import Promise
from django.utils.translation import gettext
from pydantic import BaseModel, ConfigDict, StringConstraints

if TYPE_CHECKING:
    from renkei.accounts.models import User
    from renkei.agreements.models import Agreement
    from renkei.exchange.models import Exchange

Name = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=200)]
Country = Annotated[str, StringConstraints(pattern=r"^[A-Z]{2}$")]
Letter = Annotated[str, StringConstraints(pattern=r"^[a-z]$")]


class Strict(BaseModel):
    """A kind's details: unknown fields are refused, not dropped."""

    model_config = ConfigDict(extra="forbid")


@dataclass(frozen=True)
class Screening:
    """A kind whose exchanges name people or organisations to screen when it is sent."""

    run: Callable[[User | None, Exchange], list]  # screen the exchange's names; the hits
    source_type: str  # screening's SourceType of the records it stores
    source_ids: Callable[[Exchange], list[int]]  # the records, to show confirmed links


@dataclass(frozen=True)
class Kind:
    key: str  # stored on the exchange; never renamed
    label: Promise  # translated, for pages and lists
    provision: str  # the provision key that must be in force for the kind to be used
    originating_sides: tuple[str, ...]  # the sides that may start one
    expects_answer: bool  # answered (inquiry, referral) or only acknowledged (notice)
    details_model: type[Strict]
    clause: str = ""  # the MOC clauses it carries out, in words, for the docs
    binding_provision: str | None = None  # where in force, the answer deadline binds
    body_label: Promise | None = None  # the body's label, if not "Facts"
    personal_details: tuple[str, ...] = ()  # details about people: retention blocks, erases
    recorded_details: tuple[str, ...] = ()  # details a service adds after drafting
    embassy_answers: bool = False  # the partner's embassy takes part (return cooperation)
    # The compose page's fields and the details' display. Without them the page shows one
    # field per detail of the details model (text, number, date or check box).
    form_template: str | None = None
    detail_template: str | None = None
    details_from_post: Callable[[QueryDict], dict] | None = None
    # Checks that need the agreement (e.g. the conduct categories its MOC lists).
    check_details: Callable[[Agreement, dict], None] | None = None
    # The names in the details that search finds besides the subject and the body.
    search_names: Callable[[dict], list[str]] = field(default=lambda details: [])
    screening: Screening | None = None
    # Extra for the compose page, from the agreement and what was posted (kept on a re-render).
    context: Callable[[Agreement, Any], dict[str, Any]] | None = None

    def post_to_details(self, post: QueryDict) -> dict:
        if self.details_from_post is not None:
            return self.details_from_post(post)
        return generic_details_from_post(self.details_model, post)

    def generic_fields(self) -> list[dict]:
        """The details model's fields for the generic form and display."""
        return [
            {
                "name": name,
                "label": _field_label(name, info.title),
                "input": _INPUTS.get(info.annotation, "text"),
                "required": info.is_required(),
            }
            for name, info in self.details_model.model_fields.items()
        ]

    def detail_rows(self, details: dict) -> list[tuple[str, Any]]:
        """The details as (label, value) pairs, for a kind without a template of its own."""
        return [(f["label"], (details or {}).get(f["name"])) for f in self.generic_fields()]


def _field_label(name: str, title: str | None) -> str:
    # A field's title is an English msgid, translated here when the page is drawn.
    return gettext(title or name.replace("_", " ").capitalize())


_INPUTS = {int: "number", datetime.date: "date", bool: "checkbox", datetime.date | None: "date"}


def generic_details_from_post(model: type[Strict], post: QueryDict) -> dict:
    details: dict[str, Any] = {}
    for name, info in model.model_fields.items():
        raw = (post.get(f"detail_{name}") or "").strip()
        if info.annotation is bool:
            details[name] = raw == "1"
        elif raw or info.is_required():
            details[name] = raw
    return details


def post_lines(value: str | None) -> list[str]:
    return [line.strip() for line in (value or "").splitlines() if line.strip()]


def post_or_none(value: str | None) -> str | None:
    value = (value or "").strip()
    return value or None
