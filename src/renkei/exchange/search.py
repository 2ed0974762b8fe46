"""Text search over the exchanges by the database's own index (ADR 24): on PostgreSQL a
``pg_trgm`` GIN index serves ``search_text LIKE '%word%'`` directly; on SQLite the FTS5 table
``exchange_search`` (trigram tokenizer) finds the candidates. Both answer the same question:
the exchanges whose case-folded text holds every word.

A word shorter than three characters has no trigram, and a word found in very many exchanges
gains nothing from the index: those are checked row by row as the list is walked newest first,
which stops once a page is full.
"""

from __future__ import annotations

from django.db import connections
from django.db.models import QuerySet

MAX_WORDS = 5
# Past this many exchanges holding a word, walking the list is cheaper than the candidates.
FTS_CANDIDATES = 2_000


def search_words(text: str) -> list[str]:
    return text.casefold().split()[:MAX_WORDS]


def text_narrowed(queryset: QuerySet, text: str) -> QuerySet:
    for word in search_words(text):
        candidates = _fts_candidates(queryset.db, word)
        if candidates is not None:
            queryset = queryset.filter(pk__in=candidates)
        else:
            queryset = queryset.filter(search_text__contains=word)
    return queryset


def _glob_literal(word: str) -> str:
    # GLOB's own wildcards, each as a one-character class: the word is matched as typed.
    return "".join(f"[{c}]" if c in "*?[" else c for c in word)


def _fts_candidates(alias: str, word: str) -> list[int] | None:
    """On SQLite, the ids of the exchanges whose text holds ``word``, from the FTS5 index; None
    where the index does not help (PostgreSQL's planner chooses for itself)."""
    connection = connections[alias]
    if connection.vendor != "sqlite" or len(word) < 3:
        return None
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT rowid FROM exchange_search WHERE search_text GLOB %s LIMIT %s",
            [f"*{_glob_literal(word)}*", FTS_CANDIDATES + 1],
        )
        ids = [row[0] for row in cursor.fetchall()]
    return None if len(ids) > FTS_CANDIDATES else ids
