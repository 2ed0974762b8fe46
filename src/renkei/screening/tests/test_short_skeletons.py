"""Short names' skeletons: a skeleton of one consonant is a short word, not an initial ("Ly" is
"r", "Long" is "rng": no 0.85 for a shared first letter), and a word's first y is a consonant
(Khmer យឹម "Yim" is not "Um", Urdu یاسر "ysr" is "Yasser")."""

import pytest
from django.conf import settings

from renkei.screening.names import name_keys
from renkei.screening.scoring import name_score


def score(left, right):
    return name_score(name_keys(left), name_keys(right), "person")


@pytest.mark.parametrize(
    "left,right",
    [
        ("ឡុង វាសនា", "Ly Veasna"),
        ("យឹម សុផល", "Sophal Um"),
        ("យឹម បុប្ផា", "Bopha Um"),
    ],
)
def test_short_names_that_share_a_letter_stay_apart(left, right):
    assert score(left, right).score < settings.RENKEI_SCREENING_THRESHOLD


@pytest.mark.parametrize(
    "left,right",
    [
        ("យឹម សុផល", "Sophal Yim"),
        ("ឡុង វាសនា", "Long Veasna"),
        ("یاسر جٹ", "Yasser Jat"),
        ("ユキ・タナカ", "Yuki Tanaka"),
    ],
)
def test_the_same_short_names_still_meet(left, right):
    assert score(left, right).score >= settings.RENKEI_SCREENING_THRESHOLD


def test_a_first_y_stays_in_the_skeleton():
    assert name_keys("យឹម").skeleton == name_keys("Yim").skeleton == "ym"
    assert name_keys("Um").skeleton == "m"
    assert name_keys("Bounmy").skeleton == "bnm"  # a y that is a vowel still goes
