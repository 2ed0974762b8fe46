"""KH/KG/TJ §8, PK §6: Japan asks the partner and its embassy for a temporary passport so that a
worker can return; the embassy answers with the ministry."""

from __future__ import annotations

from datetime import date
from typing import Annotated, Literal

from django.http import QueryDict
from django.utils.translation import gettext_lazy
from pydantic import StringConstraints, model_validator

from renkei.accounts.models import Side
from renkei.exchange.kinds.base import Country, Kind, Name, Strict, post_or_none


class ReturnRequestDetails(Strict):
    person_name: Name
    nationality: Country
    date_of_birth: date | None = None
    passport_status: Literal["valid", "expired", "lost", "withheld", "none"]
    passport_number: Annotated[str, StringConstraints(max_length=20)] = ""
    ssw_level: Literal[1, 2]
    dependant: bool = False
    needed_by: date

    @model_validator(mode="after")
    def _dependants_only_for_no_2(self) -> ReturnRequestDetails:
        if self.dependant and self.ssw_level != 2:
            raise ValueError("dependants exist only for SSW No. 2")
        return self


def _from_post(post: QueryDict) -> dict:
    level = (post.get("ssw_level") or "").strip()
    return {
        "person_name": post.get("person_name", ""),
        "nationality": post.get("nationality", "").strip().upper(),
        "date_of_birth": post_or_none(post.get("date_of_birth")),
        "passport_status": post.get("passport_status", ""),
        "passport_number": post.get("passport_number", "").strip(),
        "ssw_level": int(level) if level.isdigit() else level,
        "dependant": post.get("dependant") == "1",
        "needed_by": post_or_none(post.get("needed_by")),
    }


KIND = Kind(
    key="return_request",
    label=gettext_lazy("Return-assistance request"),
    clause="§8 (PK §6)",
    provision="return_cooperation",
    binding_provision="return_cooperation",
    originating_sides=(Side.JP,),
    expects_answer=True,
    details_model=ReturnRequestDetails,
    # The response (a passport issued, or why not) is kept with the request's details.
    personal_details=("person_name", "date_of_birth", "passport_number", "response"),
    recorded_details=("response",),
    embassy_answers=True,
    form_template="exchange/kinds/return_request_form.html",
    detail_template="exchange/kinds/return_request_detail.html",
    details_from_post=_from_post,
)
