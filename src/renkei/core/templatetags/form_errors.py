"""`{{ error|error_for:"subject" }}`: the part of an ApplicationError that concerns one field,
to show beside it (the whole error stays at the top of the form, for screen readers)."""

from __future__ import annotations

from django import template

register = template.Library()


@register.filter
def error_for(error, name: str) -> str:
    if not error:
        return ""
    details = getattr(error, "details", None) or {}
    if details.get("field") == name:
        return str(error.message)
    return "; ".join(
        str(e.get("msg", ""))
        for e in details.get("errors", [])
        if e.get("loc") and str(e["loc"][0]) == name
    )
