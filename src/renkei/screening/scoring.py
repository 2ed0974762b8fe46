"""How alike two names are, and why: a score from 0 to 1 with the key and the word pairs that
produced it, so an official can see what matched and how strongly."""

from __future__ import annotations

import math
from typing import NamedTuple

from rapidfuzz.distance import JaroWinkler, Levenshtein

from renkei.screening.names import NameKeys, WordForm, kanji_shinjitai

# Scripts whose romanisation loses vowels or adds them (an abjad, a syllabary): their
# consonant skeletons are compared as well.
SKELETON_SCRIPTS = frozenset({"ARABIC", "JAPANESE", "LAO", "KHMER"})
# Words of the longer name left unmatched count this much against the score.
UNMATCHED_WEIGHT = 0.1
LEGAL_KIND_MISMATCH = 0.8
SINGLE_WORD_FACTOR = 0.9
NUMBER_MISMATCH = 0.85


# Tuples, not dataclasses: a check scores some ten candidates, each with a few word pairs, and
# building these is a fair part of that time.
class WordPair(NamedTuple):
    left: str
    right: str
    similarity: float


def rounded(value: float) -> float:
    """``round(value, 3)``, the same float, in a fraction of its time: the built-in converts
    through decimal digits, and an answer rounds each of its scores. A value whose thousandfold
    lies within 10⁻⁶ of a half goes to the built-in, which decides ties on the exact value."""
    if not 0.0 < value <= 1e6:
        return round(value, 3)  # and zero's sign, and NaN
    scaled = value * 1000.0
    if abs(scaled - math.floor(scaled) - 0.5) < 1e-6:
        return round(value, 3)
    return math.floor(scaled + 0.5) / 1000.0


class NameScore(NamedTuple):
    score: float
    key: str  # which key produced the score: "original", "bare" or "skeleton"
    pairs: tuple[WordPair, ...] = ()
    unmatched: tuple[str, ...] = ()

    def explain(self) -> dict:
        return {
            "score": rounded(self.score),
            "key": self.key,
            "pairs": [
                {"left": p.left, "right": p.right, "similarity": rounded(p.similarity)}
                for p in self.pairs
            ],
            "unmatched": list(self.unmatched),
        }


_levenshtein = Levenshtein.distance
_jaro_winkler = JaroWinkler.similarity


def _edit_similarity(left: str, right: str) -> float:
    """``Levenshtein.normalized_similarity``, the same float to the last bit (1 − distance over
    the longer length), for about half of the library's work per call."""
    longest = max(len(left), len(right))
    if not longest:
        return 1.0
    distance: int = _levenshtein(left, right)
    return 1.0 - distance / longest


def word_similarity(left: str, right: str) -> float:
    if left == right:
        return 1.0
    if left.isdigit() or right.isdigit():
        return 0.0  # "Trust 2004-1" is not "Trust 2004-2"
    if len(left) == 1 or len(right) == 1:
        return 0.85 if left[0] == right[0] else 0.0  # an initial
    return _spelling_similarity(left, right)


def skeleton_word_similarity(left: str, right: str) -> float:
    """As ``word_similarity``, but a skeleton of one consonant is a short word, not an initial:
    "Ly" is "r" and "Long" "rng"."""
    if left == right:
        return 1.0
    if left.isdigit() or right.isdigit():
        return 0.0
    return _spelling_similarity(left, right)


def _spelling_similarity(left: str, right: str) -> float:
    edit = _edit_similarity(left, right)
    if edit >= 0.8:
        return edit  # Jaro-Winkler less 0.2 cannot beat it
    return max(edit, _jaro_winkler(left, right) - 0.2)


def align(
    left: tuple[str, ...] | list[str],
    right: tuple[str, ...] | list[str],
    similar=word_similarity,
) -> tuple[float, list[WordPair], list[str]]:
    """Pair the words greedily, most similar first, in any order; weigh by length."""
    if len(left) == 1 and len(right) == 1:  # the commonest case, without the bookkeeping
        a, b = left[0], right[0]
        similarity = similar(a, b)
        if similarity >= 0.5:
            length = max(len(a), len(b))  # as below, to the last bit
            return similarity * length / length, [WordPair(a, b, similarity)], []
        return 0.0, [], [a, b]
    # Only pairs that can be taken are sorted: most similar first, ties as they always ranked.
    candidates = [
        (similarity, i, j)
        for i, a in enumerate(left)
        for j, b in enumerate(right)
        if (similarity := similar(a, b)) >= 0.5
    ]
    candidates.sort(reverse=True)
    # A word taken into a pair leaves its place empty; what is left is unmatched.
    open_left: list[str | None] = list(left)
    open_right: list[str | None] = list(right)
    pairs: list[WordPair] = []
    matched = weight = 0.0
    for similarity, i, j in candidates:
        word_left, word_right = open_left[i], open_right[j]
        if word_left is None or word_right is None:
            continue
        open_left[i] = open_right[j] = None
        pairs.append(WordPair(word_left, word_right, similarity))
        length = max(len(word_left), len(word_right))
        matched += similarity * length
        weight += length
    unmatched_left = [w for w in open_left if w is not None]
    unmatched_right = [w for w in open_right if w is not None]
    if len(left) <= len(right):
        shorter_unmatched, longer_unmatched = unmatched_left, unmatched_right
    else:
        shorter_unmatched, longer_unmatched = unmatched_right, unmatched_left
    weight += sum(map(len, shorter_unmatched)) + UNMATCHED_WEIGHT * sum(map(len, longer_unmatched))
    score = matched / weight if weight else 0.0
    if min(len(left), len(right)) == 1 and max(len(left), len(right)) > 1:
        score *= SINGLE_WORD_FACTOR  # one word against a full name is thin evidence
    return score, pairs, unmatched_left + unmatched_right


def _compare(left: WordForm, right: WordForm, key: str) -> NameScore:
    score, pairs, unmatched = align(
        left.words, right.words, skeleton_word_similarity if key == "skeleton" else word_similarity
    )
    # Words run together or split apart ("Jong-un" / "Jongun"): compare without spaces too.
    numbers_differ = left.numbers != right.numbers
    if score < 1.0 and not numbers_differ and (len(left.words) > 1 or len(right.words) > 1):
        joined = _edit_similarity(left.joined, right.joined)
        if joined > score:
            return NameScore(joined, key + "_joined")
    if numbers_differ and left.numbers and right.numbers:
        score *= NUMBER_MISMATCH  # "Support 1" and "Support 4" are two organisations
    return NameScore(score, key, tuple(pairs), tuple(unmatched))


def name_score(left: NameKeys, right: NameKeys, kind: str = "person") -> NameScore:
    """``kind`` is ``person`` or ``organisation``; organisations differ in legal form too."""
    best = _name_score(left, right)
    kinds_differ = bool(left.legal_kinds and right.legal_kinds) and not (
        left.legal_kinds & right.legal_kinds
    )
    if kind == "organisation" and kinds_differ:
        # "Deutsche Bank AG" is not "Deutsche Bank GmbH".
        best = NameScore(
            best.score * LEGAL_KIND_MISMATCH, best.key + "+legal_form", best.pairs, best.unmatched
        )
    if kind == "person" and best.key != "original" and _kanji(left) and _kanji(right):
        # Officials writing one Japanese person's name in kanji write the same characters; a
        # reading that different characters share (陽太 / 康太, 大美 / 直美) is another name. Old
        # forms are compared in today's form (渡邊 / 渡辺); rarer variants (渡邉) are lost.
        same = _edit_similarity(_letters(left.original), _letters(right.original))
        best = NameScore(best.score * same, best.key + "+kanji", best.pairs, best.unmatched)
    return best


def _kanji(keys: NameKeys) -> bool:
    return keys.script == "JAPANESE" and any("\u4e00" <= c <= "\u9fff" for c in keys.original)


def _kanji_only(keys: NameKeys) -> bool:
    return keys.script == "JAPANESE" and all(
        "\u4e00" <= c <= "\u9fff" or c == "々" for c in keys.original if c.isalpha()
    )


def _letters(text: str) -> str:
    return "".join(c for c in kanji_shinjitai(text) if c.isalpha())


def _name_score(left: NameKeys, right: NameKeys) -> NameScore:
    if not left.bare or not right.bare:
        return NameScore(0.0, "empty")
    if left.original == right.original:
        return NameScore(1.0, "original")
    best = _compare(left.bare_words, right.bare_words, "bare")
    if {left.script, right.script} & SKELETON_SCRIPTS and left.script != right.script:
        if _kanji_only(left) or _kanji_only(right):
            # A name all in kanji is read in Hepburn: between its reading and a Latin spelling
            # only the long vowels differ, and its skeleton is too thin to compare (美穂 "miho"
            # and "Emi" are both "m"). Katakana in a name (日本マンパワー) keeps the skeleton.
            by_vowels = _compare(left.short_vowel_words, right.short_vowel_words, "bare")
            return by_vowels if by_vowels.score > best.score else best
        if "JAPANESE" in (left.script, right.script):
            by_skeleton = _compare(left.kana_skeleton_words, right.kana_skeleton_words, "skeleton")
        else:
            by_skeleton = _compare(left.skeleton_words, right.skeleton_words, "skeleton")
        if by_skeleton.score > best.score:
            best = by_skeleton
    return best
