"""A stored name's label ends with a word in parentheses — a status, a side — stored as its
English msgid, so that each reader sees it in their own language: ``LA-SCR-1 (Revoked)``."""

from __future__ import annotations

import re

from django import template
from django.utils.translation import gettext

register = template.Library()

# The last parenthesised word, inside any closing parentheses: "= Name (LA-1 (Revoked))".
_LAST_WORD = re.compile(r"\(([^()]+)\)(\)*)$")


@register.filter
def label_translated(label: str) -> str:
    return _LAST_WORD.sub(lambda m: f"({gettext(m.group(1))}){m.group(2)}", str(label))
