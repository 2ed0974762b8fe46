"""`{{ "LA"|country_name }}` → "Laos" / 「ラオス」; `{{ amount|money:"USD" }}` → "USD 3,000" (the
ISO code, never a "$" that reads differently in each country, and the reader's separators);
`{{ n|number }}` → "12,345" (CLDR data via Babel)."""

from __future__ import annotations

from decimal import Decimal, InvalidOperation

from babel import Locale
from babel.numbers import format_decimal
from django import template
from django.utils.translation import get_language

register = template.Library()


def _locale() -> str:
    return (get_language() or "ja")[:2]


@register.filter
def country_name(code: str) -> str:
    code = (code or "").upper()
    return Locale.parse(_locale()).territories.get(code, code)


@register.filter
def money(amount, currency: str) -> str:
    try:
        value = Decimal(str(amount))
    except (InvalidOperation, ValueError):
        return f"{amount} {currency}"
    figure = format_decimal(value, format="#,##0.##", locale=_locale())
    return f"{(currency or '').upper()}\u00a0{figure}"


@register.filter
def number(value) -> str:
    """A count or figure with the reader's separators: 12,345."""
    try:
        return format_decimal(value, locale=_locale())
    except (InvalidOperation, ValueError, TypeError):
        return str(value)
