"""Countries and currencies to choose from, named in the reader's language (Babel's CLDR data):
the ones a form needs most first, then every other in alphabetical order of its name."""

from __future__ import annotations

from functools import lru_cache

from babel import Locale
from babel.numbers import get_territory_currencies, list_currencies


@lru_cache(maxsize=8)
def _territories(language: str) -> dict[str, str]:
    names = Locale.parse(language).territories
    return {code: name for code, name in names.items() if len(code) == 2 and code.isalpha()}


@lru_cache(maxsize=8)
def _currencies(language: str) -> dict[str, str]:
    names = Locale.parse(language).currencies
    return {code: names.get(code, code) for code in list_currencies()}


def _ordered(names: dict[str, str], first: list[str]) -> list[tuple[str, str]]:
    head = [(code, names[code]) for code in dict.fromkeys(first) if code in names]
    rest = sorted(
        ((code, name) for code, name in names.items() if code not in dict(head)),
        key=lambda pair: pair[1],
    )
    return head + rest


def country_choices(language: str, first: list[str]) -> list[tuple[str, str]]:
    """(ISO 3166 alpha-2 code, name), ``first`` at the top."""
    return _ordered(_territories(language), first)


def local_currency(country_code: str) -> str | None:
    current = get_territory_currencies(country_code)
    return current[0] if current else None


def currency_choices(language: str, first: list[str]) -> list[tuple[str, str]]:
    """(ISO 4217 code, name), ``first`` at the top."""
    return _ordered(_currencies(language), first)
