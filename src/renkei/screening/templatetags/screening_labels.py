"""Screening's stored words in the reader's language. A stored name's label ends with a word in
parentheses — a status, a side — stored as its English msgid: ``LA-SCR-1 (Revoked)``. A hit's
explanation names its key and fields by code (the API's words); pages say what they mean."""

from __future__ import annotations

import re

from django import template
from django.utils.translation import gettext, gettext_lazy

register = template.Library()

# The last parenthesised word, inside any closing parentheses: "= Name (LA-1 (Revoked))".
_LAST_WORD = re.compile(r"\(([^()]+)\)(\)*)$")


@register.filter
def label_translated(label: str) -> str:
    return _LAST_WORD.sub(lambda m: f"({gettext(m.group(1))}){m.group(2)}", str(label))


KEY_WORDS = {
    "original": gettext_lazy("as written"),
    "bare": gettext_lazy("romanised, legal-form words removed"),
    "skeleton": gettext_lazy("consonant skeleton"),
}
KEY_SUFFIX_WORDS = {
    "_joined": gettext_lazy("words run together"),
    "+legal_form": gettext_lazy("legal forms differ"),
}
FIELD_WORDS = {
    "phone": gettext_lazy("Phone"),
    "identifier": gettext_lazy("Licence or registration number"),
    "address": gettext_lazy("Address"),
    "person": gettext_lazy("Same representative or officer"),
}


@register.filter
def key_described(key: str) -> str:
    """``bare_joined+legal_form`` → "romanised, legal-form words removed, words run together,
    legal forms differ"; a key it does not know is shown as it is."""
    key, suffixes = str(key), []
    for suffix in ("+legal_form", "_joined"):  # appended in this order, so taken off in reverse
        if key.endswith(suffix):
            key = key.removesuffix(suffix)
            suffixes.insert(0, str(KEY_SUFFIX_WORDS[suffix]))
    return ", ".join([str(KEY_WORDS.get(key, key)), *suffixes])


@register.filter
def field_described(field: str) -> str:
    return str(FIELD_WORDS.get(str(field), field))


def _percent(similarity) -> int:
    try:
        return round(float(similarity) * 100)
    except (TypeError, ValueError):
        return 0


@register.filter
def alike(similarity) -> str:
    """0.75 → "75% alike": a score in words, the figure itself in a tooltip."""
    from django.utils.translation import gettext

    return gettext("%(percent)d%% alike") % {"percent": _percent(similarity)}


@register.filter
def pair_described(pair: dict) -> str:
    """{"left": "brt", "right": "brgt", "similarity": 0.75} → "“brt” resembles “brgt”, 75%
    alike": how two keys of the names compare."""
    from django.utils.translation import gettext

    return gettext("“%(left)s” resembles “%(right)s”, %(percent)d%% alike") % {
        "left": pair.get("left", ""),
        "right": pair.get("right", ""),
        "percent": _percent(pair.get("similarity")),
    }
