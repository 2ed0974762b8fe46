"""A Japanese name's words without kanji are kept as written rather than cut into morphemes by
SudachiPy and put back together: the reading must be what reading every word through SudachiPy
gives, for katakana, hiragana, kanji and whatever else an official types between them."""

import re

from hypothesis import given, settings
from hypothesis import strategies as st

from renkei.screening import names
from renkei.screening.names import _is_ideograph, _japanese_reading


def reference_reading(text: str) -> str:
    """The reading as it was made before: every word through SudachiPy."""
    words = []
    for chunk in re.split(r"[\s・･·]+", text):
        word, previous_kanji = "", False
        for morpheme in names._sudachi().tokenize(chunk) if chunk else ():
            surface = morpheme.surface()
            has_kanji = any(map(_is_ideograph, surface))
            if word and (has_kanji or previous_kanji):
                words.append(word)
                word = ""
            word += morpheme.reading_form() if has_kanji else surface
            previous_kanji = has_kanji
        if word:
            words.append(word)
    latin = names._kana_to_latin().transliterate(" ".join(words).replace("ー", ""))
    latin = names._SMALL_VOWEL.sub(names._with_small_vowel, latin)
    return re.sub(r"n(?=[bmp])", "m", latin.replace("~", ""))


SAMPLES = (
    "ソック・チャンナー ラフモノフ ジャムシェド ポンマウォン ヴィエンチャン ツァ ウォ イェ ンー ッ "
    "ひらがな ゆうこ 山田太郎 渡邊 株式会社 日本マンパワー 々 Sok 12 Ａ ・･· \u3000"
)
japanese = st.text(alphabet=st.sampled_from(sorted(set(SAMPLES))), min_size=1, max_size=30)


@settings(max_examples=300, deadline=None)
@given(japanese)
def test_words_without_kanji_read_as_sudachi_would_read_them(value):
    assert _japanese_reading(value) == reference_reading(value)


def test_katakana_names_are_not_handed_to_the_dictionary(monkeypatch):
    katakana = ["ソック・チャンナー", "ポンマウォン ブンミー", "ラフモノフ・ジャムシェド"]
    expected = [reference_reading(name) for name in katakana]

    def refuse():
        raise AssertionError("SudachiPy asked for a word without kanji")

    monkeypatch.setattr(names, "_sudachi", refuse)
    assert [_japanese_reading(name) for name in katakana] == expected
