"""The API's JSON encoder: orjson for the plain data most answers are made of, Django's encoder
for the rest, so every answer keeps the shapes it had (dates as Django writes them, decimals
and translated strings as text). One difference: a plain ``Enum`` is written as its value, not
as ``Colour.RED``; the API's choices are str enums, written as their value either way."""

from __future__ import annotations

from datetime import date
from typing import Any

import orjson
from django.http import HttpRequest
from ninja.renderers import BaseRenderer
from ninja.responses import NinjaJSONEncoder

_fallback = NinjaJSONEncoder().default
# Dates and times go to Django's encoder (milliseconds, "Z"), as they always have.
_OPTIONS = orjson.OPT_PASSTHROUGH_DATETIME


def _default(value: Any) -> Any:
    # A plain date is what Django's encoder writes as ``isoformat()``: written here without
    # the two encoders' chain of checks, which a verification's fifty-event history paid
    # fifty times over.
    if type(value) is date:
        return value.isoformat()
    return _fallback(value)


class OrjsonRenderer(BaseRenderer):
    media_type = "application/json"

    def render(self, request: HttpRequest, data: Any, *, response_status: int) -> bytes:
        return orjson.dumps(data, default=_default, option=_OPTIONS)
