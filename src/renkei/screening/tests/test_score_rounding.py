"""Answers round every score to three places with ``scoring.rounded``; it must give what
``round(score, 3)`` gives, to the last bit, or answers would change with it."""

import math

from hypothesis import given
from hypothesis import strategies as st

from renkei.screening.scoring import rounded


@given(st.floats(min_value=0.0, max_value=1.0))
def test_the_same_as_round_on_scores(value):
    assert rounded(value) == round(value, 3)


@given(st.floats(allow_nan=False))
def test_the_same_as_round_on_any_number(value):
    assert rounded(value) == round(value, 3)
    assert math.copysign(1.0, rounded(value)) == math.copysign(1.0, round(value, 3))


def test_ties_and_their_neighbours_round_as_the_built_in_does():
    # 0.0025 is stored a little above the tie and rounds up; 0.0015 too; a thousandth times
    # each of these is exactly .5, which rounding the product would send to the even side.
    for thousandths in range(1000):
        tie = thousandths / 1000 + 0.0005
        for value in (math.nextafter(tie, 0.0), tie, math.nextafter(tie, 1.0)):
            assert rounded(value) == round(value, 3), value
    assert rounded(0.0025) == 0.003 == round(0.0025, 3)


def test_zero_nan_and_infinity_keep_their_kind():
    assert math.copysign(1.0, rounded(-0.0)) == -1.0
    assert math.isnan(rounded(math.nan))
    assert rounded(math.inf) == math.inf
