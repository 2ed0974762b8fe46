"""Normalising and checking identifiers: licence numbers, 法人番号, search keys."""

from __future__ import annotations

import re
import unicodedata

_SEPARATORS = re.compile(r"[\s\-‐‑‒–—―ー_/.,・]+")


def licence_key(value: str) -> str:
    """`ＬＡ－００１ / 2024` and `la-001/2024` are the same licence."""
    return _SEPARATORS.sub("", unicodedata.normalize("NFKC", value or "")).upper()


def search_key(*parts: str) -> str:
    return "\n".join(unicodedata.normalize("NFKC", p or "").casefold() for p in parts if p)


def corporate_number_valid(value: str) -> bool:
    """法人番号: 13 digits, the first a check digit over the other twelve
    (9 − (Σ Pn·Qn mod 9), Pn the n-th digit from the right, Qn 1 for odd n and 2 for even n)."""
    value = unicodedata.normalize("NFKC", value or "").strip()
    if not re.fullmatch(r"\d{13}", value):
        return False
    base = value[1:]
    total = sum(int(base[-n]) * (1 if n % 2 else 2) for n in range(1, 13))
    return int(value[0]) == 9 - total % 9
