"""Text as renkei accepts it: one definition of the characters no input may carry, and the one
cleaning function services use for the texts they store.

Control characters (NUL above all: PostgreSQL refuses it in text, SQLite keeps it and every
reader of an export trips on it) and lone surrogates (not encodable, so unstorable) are refused
wherever they arrive: ``core.input_guard`` refuses them in every string of every request before
a view runs, and :func:`text_clean` refuses them again for texts that reach a service another way
(imports, commands). Tab, line feed and carriage return are text, not control.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterator
from typing import Any

from django.utils.translation import gettext as _

from renkei.core.errors import ApplicationError

# C0 controls but tab, LF and CR; DEL; the C1 controls; UTF-16 surrogates (never valid alone).
_FORBIDDEN = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\ud800-\udfff]")


def has_control_characters(value: str) -> bool:
    return _FORBIDDEN.search(value) is not None


def strings_with_control_characters(data: Any, path: str = "") -> Iterator[str]:
    """The paths (``details.intermediaries[0].names[1]``) of every key or string value inside a
    parsed JSON document that carries a forbidden character."""
    if isinstance(data, str):
        if has_control_characters(data):
            yield path or "$"
    elif isinstance(data, dict):
        for key, value in data.items():
            child = f"{path}.{key}" if path else str(key)
            if isinstance(key, str) and has_control_characters(key):
                yield child
            yield from strings_with_control_characters(value, child)
    elif isinstance(data, list):
        for index, value in enumerate(data):
            yield from strings_with_control_characters(value, f"{path}[{index}]")


def control_characters_error(field: str) -> ApplicationError:
    return ApplicationError(
        _("“%(field)s” contains control characters (such as NUL). Remove them and send it again.")
        % {"field": field},
        code="control_characters",
        details={"field": field},
    )


def text_clean(
    value: str | None,
    field: str,
    *,
    label: str | None = None,
    limit: int,
    required: bool = True,
) -> str:
    """A stored text: NFC, trimmed, at most ``limit`` characters, no control characters.

    ``field`` is the name the API uses (in the error's details); ``label`` the words a reader
    sees in the message, the field's name when not given."""
    shown = label or field
    value = unicodedata.normalize("NFC", (value or "").strip())
    if has_control_characters(value):
        raise control_characters_error(shown)
    if required and not value:
        raise ApplicationError(
            _("%(field)s is required.") % {"field": shown},
            code="required",
            details={"field": field},
        )
    if len(value) > limit:
        raise ApplicationError(
            _("%(field)s is longer than %(limit)d characters.") % {"field": shown, "limit": limit},
            code="invalid_text",
            details={"field": field, "limit": limit},
        )
    return value  # stored as given; pages escape on output
