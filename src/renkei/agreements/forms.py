"""Reading the life-cycle page's amendment form into what the services take."""

from __future__ import annotations

from django.http import QueryDict
from django.utils.translation import gettext as _

from renkei.core.errors import ApplicationError

CHANGE_ROWS = 3
_LIST_PARAMETERS = ("misconduct_categories", "topics", "targets")


def parameters_from_text(text: str) -> dict:
    """``months = 12`` / ``targets = receiving_organisation, registered_support_organisation``"""
    parameters: dict = {}
    for line in (text or "").splitlines():
        if not line.strip():
            continue
        name, separator, value = line.partition("=")
        name, value = name.strip(), value.strip()
        if not separator or not name:
            raise ApplicationError(
                _("Write each parameter on its own line as name = value."), code="invalid_change"
            )
        if name == "months":
            try:
                parameters[name] = int(value)
            except ValueError as exc:
                raise ApplicationError(
                    _("months is a whole number from 1 to 60."), code="invalid_change"
                ) from exc
        elif name in _LIST_PARAMETERS:
            parameters[name] = [v.strip() for v in value.split(",") if v.strip()]
        else:
            parameters[name] = value
    return parameters


def amendment_changes_from_post(post: QueryDict) -> list[dict]:
    """The filled rows of the form's change table; a row without a key is left out."""
    changes = []
    for row in range(CHANGE_ROWS):
        key = post.get(f"change-{row}-key", "").strip()
        if not key:
            continue
        changes.append(
            {
                "key": key,
                "action": post.get(f"change-{row}-action", ""),
                "clause": post.get(f"change-{row}-clause", ""),
                "text": post.get(f"change-{row}-text", ""),
                "parameters": parameters_from_text(post.get(f"change-{row}-parameters", "")),
            }
        )
    return changes
