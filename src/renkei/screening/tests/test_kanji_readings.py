"""A name all in kanji against a Latin spelling is compared by its Hepburn reading, with a long
o written short (佐藤 is "satou" to the reading, "Sato" in a passport), and never by its
consonant skeleton, which is too thin for Japanese given names: 美穂 "miho" and "Emi" are both
"m", 健 "ken" and "Keiko" both begin "k"."""

import pytest
from django.conf import settings

from renkei.screening.names import name_keys
from renkei.screening.scoring import name_score


def score(left, right, kind="person"):
    return name_score(name_keys(left), name_keys(right), kind)


@pytest.mark.parametrize(
    "kanji,latin",
    [
        ("佐藤陽子", "Yoko Sato"),  # satou youko
        ("伊藤翔太", "Shota Ito"),  # itou shouta
        ("大野一郎", "Ichiro Ono"),  # oono ichirou
        ("井上隆", "Takashi Inoue"),  # the o and u of Inoue are two syllables, kept
        ("加藤浩二", "Koji Kato"),
    ],
)
def test_a_kanji_name_meets_its_passport_spelling(kanji, latin):
    assert score(kanji, latin).score >= settings.RENKEI_SCREENING_THRESHOLD
    assert score(latin, kanji).score >= settings.RENKEI_SCREENING_THRESHOLD


@pytest.mark.parametrize(
    "kanji,latin",
    [
        ("木村美穂", "Emi Kimura"),
        ("佐藤健", "Keiko Sato"),
        ("中村恵子", "Ken Nakamura"),
        ("松本拓也", "Yuta Matsumoto"),
    ],
)
def test_other_given_names_stay_apart(kanji, latin):
    assert score(kanji, latin).score < settings.RENKEI_SCREENING_THRESHOLD


def test_the_long_o_is_written_short_but_not_across_syllables():
    assert name_keys("佐藤陽子").short_vowel_words.text == "sato yoko"
    assert name_keys("Satoh Inoue").short_vowel_words.text == "sato inoue"


def test_katakana_in_a_name_keeps_the_skeleton():
    # ソック is "sokku": only the skeleton ("sk") meets "Sok".
    assert score("ソック・チャンナー", "Sok Channa").key.startswith("skeleton")
    assert score("山田ソック", "Yamada Sok").key.startswith("skeleton")
