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


class DateOnlyAnswer:
    """An answer whose only dates and times are plain dates, which orjson writes itself, as
    Django's encoder does (YYYY-MM-DD), with no call back into Python per date: a verification
    lists fifty dated events, and the calls were most of its JSON's cost. A datetime or a time
    in it would be written in orjson's form, not the API's, so only an answer made of dates is
    wrapped; a test holds each one's bytes to the plain path's."""

    __slots__ = ("data",)

    def __init__(self, data: Any):
        self.data = data


class OrjsonRenderer(BaseRenderer):
    media_type = "application/json"

    def render(self, request: HttpRequest, data: Any, *, response_status: int) -> bytes:
        if type(data) is DateOnlyAnswer:
            return orjson.dumps(data.data, default=_fallback)
        return orjson.dumps(data, default=_default, option=_OPTIONS)
