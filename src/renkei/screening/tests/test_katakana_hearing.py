"""A Japanese name against another script is compared as katakana hears it: Lao "v" and
katakana ウォ are one sound, a final ng is ン, and ン before m is m. Between other scripts the
plain skeleton stays, because an Urdu w is often a vowel."""

import pytest
from django.conf import settings

from renkei.screening.names import name_keys
from renkei.screening.scoring import name_score


def score(left, right, kind="person"):
    return name_score(name_keys(left), name_keys(right), kind)


@pytest.mark.parametrize(
    "katakana,latin",
    [
        ("バキト・ポンマウォン", "Bakyt Phommavong"),  # ウォ as Lao ວ, romanised v
        ("ソパル・インタウォン", "Sophal Inthavong"),
        ("ブンミー・ソック", "Bounmy Sok"),  # ンミ is read "mmi"
        ("ウィリアム・スミス", "William Smith"),
    ],
)
def test_katakana_meets_the_latin_spelling(katakana, latin):
    assert score(katakana, latin).score >= settings.RENKEI_SCREENING_THRESHOLD
    assert score(latin, katakana).score >= settings.RENKEI_SCREENING_THRESHOLD


@pytest.mark.parametrize(
    "katakana,latin",
    [
        ("ブンミー・ソック", "Bounthan Sok"),
        ("ポンマウォン・ダラ", "Phommasack Dara"),
        ("ソック・チャンナー", "Sok Chenda"),
    ],
)
def test_other_names_stay_apart(katakana, latin):
    assert score(katakana, latin).score < settings.RENKEI_SCREENING_THRESHOLD


def test_the_kana_skeleton_folds_what_katakana_cannot_tell_apart():
    assert name_keys("ポンマウォン").kana_skeleton_words.text == "bmbn"
    assert name_keys("Phommavong").kana_skeleton_words.text == "bmbn"
    assert name_keys("Bounmy").kana_skeleton_words.text == name_keys("ブンミー").skeleton


def test_urdu_and_latin_keep_the_plain_skeleton():
    # Under the katakana rule "Awan" would be "bn" against اعوان's "n"; the plain skeletons
    # meet. The pair is in the Urdu held-out set.
    for urdu, latin in [("بلال اعوان", "Bilal Awan"), ("عمران اعوان", "Awan Imran")]:
        assert score(urdu, latin).score >= settings.RENKEI_SCREENING_THRESHOLD
