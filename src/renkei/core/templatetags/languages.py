"""`{{ record|in_reader_language:"subject" }}`: a text in the reader's language when it has a
rendering in it, the original otherwise; `{{ record|other_languages }}`: the rest, for the
"also in" disclosure. Works on any record with ``language`` and ``translations``."""

from __future__ import annotations

from django import template
from django.utils.translation import get_language

from renkei.core.languages import language_name, record_text

register = template.Library()


def _reader() -> str:
    return (get_language() or "ja")[:2]


@register.filter
def in_reader_language(record, field: str) -> str:
    return record_text(record, field, _reader())


@register.filter
def shown_language(record, field: str) -> str:
    """The language in which ``in_reader_language`` shows ``field``."""
    reader = _reader()
    if reader != record.language and (record.translations.get(reader) or {}).get(field):
        return reader
    return record.language


@register.filter
def other_languages(record, field: str) -> list[dict]:
    """Every version of ``field`` the reader is not shown first: [{"language", "name",
    "original", "text"}], the original marked so."""
    shown = shown_language(record, field)
    versions = [(record.language, getattr(record, field, "") or "", True)]
    versions += [
        (code, (text or {}).get(field, ""), False) for code, text in record.translations.items()
    ]
    return [
        {"language": code, "name": language_name(code), "original": original, "text": text}
        for code, text, original in versions
        if code != shown and text
    ]
