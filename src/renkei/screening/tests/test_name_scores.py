"""Pairs that must match and must not, and the explanation a hit carries."""

import pytest
from django.conf import settings

from renkei.screening.names import name_keys
from renkei.screening.scoring import name_score


def score(left, right, kind="person"):
    return name_score(name_keys(left), name_keys(right), kind)


@pytest.mark.parametrize(
    "left,right",
    [
        ("Раҳмонов Ҷамшед", "Rakhmonov Jamshed"),
        ("ソック・チャンナー", "Sok Channa"),
        ("សុខ ចាន់ណា", "Sok Channa"),
        ("ສົມໃຈ ພົມມະວົງ", "Somchai Phommavong"),
        ("محمد علی خان", "Muhammad Ali Khan"),
        ("Асанов Бакыт", "Asanov Bakyt"),
        ("山田太郎", "Yamada Taro"),
        ("Channa Sok", "Sok Channa"),  # order
        ("Rakhmonov Jamshed", "Rahmonov Jamshed"),  # spelling
        ("山田太郎", "山田 太郎"),  # a space in kanji
        ("山田太郎", "ヤマダ・タロウ"),
        # One person's name in the old character forms and in today's
        ("渡邊健一", "渡辺健一"),
        ("齋藤 花子", "斎藤 花子"),
        ("濱田 澤子", "浜田 沢子"),
    ],
)
def test_must_match(left, right):
    assert score(left, right).score >= settings.RENKEI_SCREENING_THRESHOLD


@pytest.mark.parametrize(
    "left,right,kind",
    [
        ("Sok Channa", "Sok Chenda", "person"),
        ("Sok Channa", "Sok", "person"),
        ("Deutsche Bank AG", "Deutsche Bank GmbH", "organisation"),
        ("Lao Manpower Export Co., Ltd.", "Vientiane Labour Supply Co., Ltd.", "organisation"),
        ("Bounmy Keo", "Bounmy Khamphoui", "person"),
        # Kanji that read alike are other names: ishiguchi hiromi / naomi, hashiguchi youta / kouta
        ("石口大美", "石口直美", "person"),
        ("橋口陽太", "橋口康太", "person"),
        # Today's form of an old character does not make a different name the same
        ("渡邊健一", "渡辺健二", "person"),
    ],
)
def test_must_not_match(left, right, kind):
    assert score(left, right, kind).score < settings.RENKEI_SCREENING_THRESHOLD


def test_a_hit_explains_itself():
    explained = score("Rakhmonov Jamshed", "Раҳмонов Ҷамшед").explain()
    assert explained["key"] == "bare"
    pairs = {(p["left"], p["right"]): p["similarity"] for p in explained["pairs"]}
    assert pairs[("jamshed", "jamshed")] == 1.0
    assert 0.8 < pairs[("rakhmonov", "rahmonov")] < 1.0


def test_cross_script_hits_say_they_came_from_the_skeleton():
    assert score("ソック・チャンナー", "Sok Channa").key.startswith("skeleton")


def test_empty_names_never_match():
    assert score("", "Sok Channa").score == 0.0
    assert score("😀", "😀").score == 0.0


def test_a_name_of_common_words_still_finds_its_namesake():
    from renkei.screening.matching import NameIndex, StoredName

    stored = [
        StoredName(pk=i, kind="person", agreement_id=1, keys=name_keys(f"Mohammad {w}"))
        for i, w in enumerate(["Ali"] * 300 + [f"Khan{i}" for i in range(300)])
    ]
    stored += [
        StoredName(pk=1000 + i, kind="person", agreement_id=1, keys=name_keys(f"Ali Raza {i}"))
        for i in range(300)
    ]
    index = NameIndex(stored)
    assert index.common < 300  # "mohammad" and "ali" are both common words here
    found = index.candidates(name_keys("Mohammad Ali"))
    assert found and all(index.names[p].keys.bare == "mohammad ali" for p in found)
