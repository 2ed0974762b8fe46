"""The scorer computes Levenshtein similarity from the distance; it must be rapidfuzz's
``normalized_similarity`` to the last bit, for any two strings, or every score would move."""

from hypothesis import given
from hypothesis import strategies as st
from rapidfuzz.distance import Levenshtein

from renkei.screening.scoring import _edit_similarity

# Short words from few letters (so that they often share most of them), and any text besides.
words = st.text(alphabet="abcdehiknorstu", max_size=12)


@given(words, words)
def test_the_same_as_rapidfuzz_on_words(left, right):
    assert _edit_similarity(left, right) == Levenshtein.normalized_similarity(left, right)


@given(st.text(max_size=30), st.text(max_size=30))
def test_the_same_as_rapidfuzz_on_any_text(left, right):
    assert _edit_similarity(left, right) == Levenshtein.normalized_similarity(left, right)


def test_two_empty_strings_are_alike():
    assert _edit_similarity("", "") == 1.0 == Levenshtein.normalized_similarity("", "")
