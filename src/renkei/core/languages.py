"""Texts in two languages: what the author wrote, in the author's language, and its renderings.

The MOCs are signed in English, so English is the working language between the two sides
(``Agreement.working_language``): whatever crosses to the other side carries it. A record keeps
its original in its own fields and the renderings as ``{"en": {"subject": ..., "body": ...}}``.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping

from django.conf import settings
from django.utils.translation import gettext as _

from renkei.core.errors import ApplicationError
from renkei.core.text import text_clean

LANGUAGE_CODES: tuple[str, ...] = tuple(code for code, _name in settings.LANGUAGES)


def language_name(code: str) -> str:
    """The language's name in the reader's language ("English", "英語")."""
    from django.utils.translation import gettext

    return gettext(dict(settings.LANGUAGES).get(code, code))


def language_require(code: str | None, default: str) -> str:
    code = (code or default or "").strip().lower()
    if code not in LANGUAGE_CODES:
        raise ApplicationError(
            _("The language must be one of: %(codes)s.") % {"codes": ", ".join(LANGUAGE_CODES)},
            code="unknown_language",
            details={"language": code[:10]},
        )
    return code


def translations_clean(
    raw: Mapping | None,
    *,
    original_language: str,
    limits: Mapping[str, int],
    labels: Mapping[str, str],
) -> dict[str, dict[str, str]]:
    """Renderings of a text into the other languages: every language known, not the original's,
    only the fields the record has, each cleaned like the original; empty renderings dropped."""
    if raw is None:
        return {}
    if not isinstance(raw, Mapping):
        raise ApplicationError(_("Translations are given per language."), code="invalid")
    cleaned: dict[str, dict[str, str]] = {}
    for code, texts in raw.items():
        code = language_require(code, "")
        if code == original_language:
            raise ApplicationError(
                _("A translation cannot be in the original's own language."),
                code="invalid",
                details={"language": code},
            )
        if not isinstance(texts, Mapping) or set(texts) - set(limits):
            raise ApplicationError(
                _("A translation has only these fields: %(fields)s.")
                % {"fields": ", ".join(limits)},
                code="invalid",
                details={"language": code},
            )
        rendering = {
            name: text_clean(
                texts.get(name), f"translations.{code}.{name}", label=labels[name], limit=limit
            )
            for name, limit in limits.items()
            if (texts.get(name) or "").strip()
        }
        if rendering:
            cleaned[code] = rendering
    return cleaned


def working_language_require(
    *,
    working_language: str,
    original_language: str,
    translations: Mapping[str, Mapping[str, str]],
    fields: tuple[str, ...],
) -> None:
    """Refuses a text bound for the other side that lacks the agreement's working language."""
    if original_language == working_language:
        return
    rendering = translations.get(working_language) or {}
    missing = [name for name in fields if not (rendering.get(name) or "").strip()]
    if missing:
        raise ApplicationError(
            _(
                "Give the text in %(language)s, the working language of this MOC, before it "
                "goes to the other side."
            )
            % {"language": language_name(working_language)},
            code="working_language_missing",
            details={"language": working_language, "fields": missing},
        )


def texts_from_post(
    post: Mapping, names: tuple[str, ...], reader_language: str
) -> tuple[str, dict[str, str], dict[str, dict[str, str]]]:
    """A form written side by side (``subject_ja``, ``subject_en``...): the original is the
    reader's own column if they wrote in it, the first other column written otherwise; the rest
    are its translations. Returns (language, original texts, translations)."""
    columns = [reader_language, *(code for code in LANGUAGE_CODES if code != reader_language)]
    written = {
        code: {name: (post.get(f"{name}_{code}") or "").strip() for name in names}
        for code in columns
    }
    language = next((code for code in columns if any(written[code].values())), reader_language)
    translations = {
        code: {name: text for name, text in written[code].items() if text}
        for code in columns
        if code != language and any(written[code].values())
    }
    return language, written[language], translations


def text_columns(reader_language: str, working_language: str) -> list[dict]:
    """A form's languages side by side: the writer's own first, then the others, the working
    language marked as the one the other side reads."""
    codes = [reader_language, *(code for code in LANGUAGE_CODES if code != reader_language)]
    return [
        {"code": code, "name": language_name(code), "working": code == working_language}
        for code in codes
    ]


def record_text(record, field: str, language: str) -> str:
    """``field`` of a record with ``language`` and ``translations``, in ``language`` when it
    has a rendering there, as written otherwise."""
    original = getattr(record, field, "") or ""
    if language == record.language:
        return original
    return (record.translations.get(language) or {}).get(field) or original


def shared_texts_clean(
    *,
    author_language: str,
    language: str | None,
    translations: Mapping | None,
    limits: Mapping[str, int],
    labels: Mapping[str, str],
    working_languages: Iterable[str],
) -> dict:
    """Texts shared with the other side (an agenda item, an action, a notice published to the
    partners): their language (the author's by default) and renderings, each recipient's
    working language among them. Returns the model fields ``language`` and ``translations``."""
    language = language_require(language, author_language)
    rendered = translations_clean(
        translations, original_language=language, limits=limits, labels=labels
    )
    for working in sorted(set(working_languages)):
        working_language_require(
            working_language=working,
            original_language=language,
            translations=rendered,
            fields=tuple(limits),
        )
    return {"language": language, "translations": rendered}
