"""The candidate stage in front of the score: which stored names get a full score at all. A
name it does not offer is a hit screening never makes, whatever the score would have said."""

import itertools
import threading

from renkei.screening.matching import NameIndex, StoredName
from renkei.screening.names import name_keys
from renkei.screening.scoring import name_score

# A Cambodian register: every name made of the same few dozen words, each word in dozens of
# names, so that no single word finds anything worth ranking.
WORDS = [
    "Sok",
    "Chan",
    "Kim",
    "Kem",
    "Heng",
    "Dara",
    "Chana",
    "Sophea",
    "Vanna",
    "Mao",
    "Chhim",
    "Sun",
    "Pov",
    "Srey",
    "Mom",
    "Theary",
    "Piseth",
    "Vichet",
    "Bopha",
    "Rith",
    "Samnang",
    "Sokha",
    "Vuthy",
    "Ratana",
    "Nary",
    "Sothea",
    "Kosal",
    "Borey",
    "Chenda",
    "Leakena",
]


def _index(texts: list[str]) -> NameIndex:
    return NameIndex(
        [
            StoredName(pk=i, kind="person", agreement_id=1, keys=name_keys(t), source=("x", i))
            for i, t in enumerate(texts)
        ]
    )


def _crowd(without: set[str]) -> list[str]:
    return [f"{a} {b}" for a, b in itertools.permutations(WORDS, 2) if {a, b} != without]


def test_a_khmer_name_finds_its_latin_form_in_a_crowd_of_common_words():
    texts = [*_crowd({"Chana", "Kem"}), "Chana Kem"]
    index = _index(texts)
    query = name_keys("គឹម ចាន់ណា")  # romanised "koem chanana": no word of it is stored
    assert name_score(query, index.names[-1].keys).score >= 0.83
    assert len(texts) - 1 in index.candidates(query)


def test_a_katakana_name_and_its_latin_form_find_each_other_in_a_crowd():
    # ヘン is "hen", skeleton "n"; "Heng" is "ng": only the katakana name's Latin-spelling
    # keys ("dr|ng") join them among names sharing "Dara" and every other word.
    texts = [*_crowd({"Dara", "Heng"}), "Dara Heng"]
    index = _index(texts)
    query = name_keys("ダラ・ヘン")
    assert name_score(query, index.names[-1].keys).score >= 0.83
    assert len(texts) - 1 in index.candidates(query)
    texts[-1] = "ダラ・ヘン"
    assert len(texts) - 1 in _index(texts).candidates(name_keys("Dara Heng"))


def test_a_khmer_t_meets_the_d_of_its_latin_spelling():
    # ធីតា is "theita" to anyascii, "Thida" in names: skeletons "t" and "td" shared no key.
    texts = [*_crowd({"Sun"}), "Thida Sun"]
    index = _index(texts)
    query = name_keys("ស៊ុន ធីតា")
    assert name_keys("ធីតា").skeleton == name_keys("Thida").skeleton
    assert len(texts) - 1 in index.candidates(query)


def test_an_urdu_name_finds_its_latin_form_among_its_namesakes():
    given = [
        "Ahmad",
        "Ahmed",
        "Mohammad",
        "Muhammad",
        "Ali",
        "Hussain",
        "Raza",
        "Khan",
        "Butt",
        "Shah",
        "Iqbal",
        "Nawaz",
    ]
    # Ahmed Butt would be as good a match as Ahmad Butt: neither is in the crowd.
    texts = [
        f"{a} {b}"
        for a, b in itertools.permutations(given, 2)
        if not {a, b} & {"Ahmad", "Ahmed"} or "Butt" not in (a, b)
    ]
    texts = texts * 5 + ["Ahmad Butt"]
    index = _index(texts)
    assert len(texts) - 1 in index.candidates(name_keys("احمد بٹ"))


def test_names_run_together_find_their_spaced_form():
    texts = [*_crowd(set()), "Sergei Lavrov", "Pricewaterhouse Coopers"]
    index = _index(texts)
    assert len(texts) - 2 in index.candidates(name_keys("SergeiLavrov"))
    assert len(texts) - 1 in index.candidates(name_keys("PricewaterhouseCoopers"))


def test_names_run_together_where_two_words_meet_on_one_consonant():
    # A word's skeleton collapses doubled consonants, so "RamiMakhlouf" is rmkrb; the spaced
    # form's words run together must be collapsed the same way (rm + mkrb), or the two share
    # no key at all and the look-up never offers the pair the score calls identical.
    texts = [*_crowd(set()), "Rami Makhlouf", "Ahmad Dawood"]
    index = _index(texts)
    for query, position in (("RamiMakhlouf", -2), ("AhmadDawood", -1)):
        assert len(texts) + position in index.candidates(name_keys(query)), query
        assert name_score(name_keys(query), name_keys(texts[position])).score == 1.0


def test_a_name_run_together_ranks_its_spaced_form_before_its_namesakes():
    # Ranked on their words sorted, "SergeiLavrov" met "lavrov sergei" and the pool's best
    # were "Sergei Avrov" and "Serge Lavrov"; a name of one word is now ranked against the
    # names' words in their own order ("sergei lavrov").
    firsts = ["Sergei", "Sergey", "Serge", "Sergio", "Sergeiy"]
    lasts = ["Lavrov", "Lavrova", "Lavrin", "Lavrenko", "Laverov", "Levrov", "Avrov", "Savrov"]
    texts = [
        f"{a} {b}" for a, b in itertools.product(firsts, lasts) if (a, b) != (firsts[0], lasts[0])
    ]
    texts.append("Sergei Lavrov")
    found = _index(texts).candidates(name_keys("SergeiLavrov"))
    assert found[0] == len(texts) - 1


def test_initials_written_apart_find_them_run_together():
    texts = [*_crowd(set()), "A.B.C. Company", "J. R. R. Tolkien"]
    index = _index(texts)
    assert len(texts) - 2 in index.candidates(name_keys("ABC Company"))
    assert len(texts) - 1 in index.candidates(name_keys("JRR Tolkien"))
    # And the other way round.
    index = _index([*_crowd(set()), "ABC Company"])
    assert len(texts) - 2 in index.candidates(name_keys("A. B. C. Co., Ltd."))


def test_candidates_are_narrowed_to_the_callers_agreements_before_ranking():
    names = [
        StoredName(pk=i, kind="person", agreement_id=1, keys=name_keys("Sok Channa"))
        for i in range(200)
    ] + [StoredName(pk=999, kind="person", agreement_id=2, keys=name_keys("Sok Channa"))]
    index = NameIndex(names)
    found = index.candidates(name_keys("Sok Channa"), agreements=frozenset({2}))
    assert found == [200]  # not crowded out by 200 names the caller may not see
    assert index.candidates(name_keys("Sok Channa"), agreements=frozenset({3})) == []


def test_japanese_keys_are_made_safely_from_many_threads():
    # A threaded server answers checks in parallel; SudachiPy refuses a tokenizer shared
    # between threads ("Tokenizer is already in use").
    names = [
        f"{family}{given}"
        for family in ["山田", "田中", "佐藤", "鈴木", "高橋"]
        for given in ["太郎", "花子", "一郎", "次郎"]
    ]
    expected = {n: name_keys.__wrapped__(n).roman for n in names}
    errors: list[BaseException] = []

    def work():
        try:
            for _ in range(30):
                for n in names:
                    assert name_keys.__wrapped__(n).roman == expected[n]
        except BaseException as exc:  # noqa: BLE001 - reported below
            errors.append(exc)

    threads = [threading.Thread(target=work) for _ in range(4)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert errors == []
