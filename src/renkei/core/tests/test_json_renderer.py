"""The API's orjson renderer writes what Django's JSON encoder wrote, for every kind of value
the API answers with."""

import datetime
import json
import uuid
from decimal import Decimal
from enum import Enum

from django.utils.translation import gettext_lazy, override
from ninja.responses import NinjaJSONEncoder

from renkei.core.json_renderer import DateOnlyAnswer, OrjsonRenderer


class Colour(Enum):
    RED = "red"


def test_every_kind_of_value_is_written_as_django_wrote_it():
    data = {
        "when": datetime.datetime(2026, 11, 22, 7, 39, 24, 123456, tzinfo=datetime.UTC),
        "naive": datetime.datetime(2026, 11, 22, 7, 39, 24, 123456),
        "day": datetime.date(2026, 11, 22),
        "time": datetime.time(7, 39, 24, 500000),
        "amount": Decimal("12.50"),
        "id": uuid.UUID("12345678-1234-5678-1234-567812345678"),
        "message": gettext_lazy("Not found."),
        "names": ["ສົມໃຈ", "ソック・チャンナー", "<script>"],
        "score": 0.833,
        "nothing": None,
        "nested": [{"a": (1, 2)}],
    }
    with override("ja"):
        ours = json.loads(OrjsonRenderer().render(None, data, response_status=200))
        django = json.loads(json.dumps(data, cls=NinjaJSONEncoder))
    assert ours == django
    assert ours["when"] == "2026-11-22T07:39:24.123Z"
    assert ours["amount"] == "12.50"
    assert ours["message"] != "Not found."  # translated when written


def test_a_plain_enum_is_written_as_its_value():
    # Django's encoder wrote "Colour.RED"; the API's own choices are str enums, written as their
    # value by both.
    assert OrjsonRenderer().render(None, {"c": Colour.RED}, response_status=200) == b'{"c":"red"}'


def test_the_answer_is_utf8_bytes():
    rendered = OrjsonRenderer().render(None, {"name": "ソック"}, response_status=200)
    assert isinstance(rendered, bytes) and "ソック".encode() in rendered


def test_a_date_only_answer_is_written_as_the_plain_path_writes_it():
    # Dates written by orjson itself must be the bytes the fallback wrote, with everything else
    # an answer holds beside them.
    data = {
        "on": datetime.date(2026, 11, 22),
        "first": datetime.date(1, 1, 1),
        "last": datetime.date(9999, 12, 31),
        "events": [
            {"effective_date": datetime.date(2024, 2, 29), "valid_until": None, "reason": "<b>"},
            {"effective_date": datetime.date(2025, 1, 5), "valid_until": datetime.date(2028, 1, 4)},
        ],
        "amount": Decimal("12.50"),
        "message": gettext_lazy("Not found."),
        "colour": Colour.RED,
        "pair": (1, "ສົມໃຈ"),
        "score": 0.833,
    }
    renderer = OrjsonRenderer()
    with override("ja"):
        plain = renderer.render(None, data, response_status=200)
        dated = renderer.render(None, DateOnlyAnswer(data), response_status=200)
    assert dated == plain
    assert b'"first":"0001-01-01"' in dated
