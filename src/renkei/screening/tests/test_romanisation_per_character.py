"""Romanising and telling the script go character by character through small caches; they must
give what the plain expressions give: anyascii over the whole name with everything that is not a
letter, mark or digit made a space, and the script most of the letters are in (the first met on
a tie) — on names from every script the product meets, with emoji, symbols and invisible marks."""

import unicodedata

from anyascii import anyascii
from hypothesis import given, settings
from hypothesis import strategies as st

from renkei.screening import names
from renkei.screening.names import _letter_script, romanise, script_of


def reference_ascii(text: str) -> str:
    kept = "".join(c if unicodedata.category(c)[0] in "LMN" or c in "&'" else " " for c in text)
    return anyascii(kept).lower()


def reference_script(text: str) -> str:
    counts: dict[str, int] = {}
    for char in text:
        if char.isalpha():
            script = _letter_script(char)
            counts[script] = counts.get(script, 0) + 1
    return max(counts, key=counts.__getitem__) if counts else ""


SAMPLES = (
    "Sok Channa Раҳмонов Ҷамшед Асанов Бакыт ສົມໃຈ ພົມມະວົງ សុខ ចាន់ណា វិចិត្រ محمد علی خان "
    "ソック・チャンナー 山田 太郎 株式会社 Nguyễn Văn An & Sons O'Brien Ａｂｃ ①② 😀 ☃ \u200b\u200d\u202e"
)
text = st.text(alphabet=st.sampled_from(sorted(set(SAMPLES))), max_size=40) | st.text(max_size=20)


@settings(max_examples=600, deadline=None)
@given(text)
def test_character_by_character_is_the_whole_name(value):
    assert "".join(map(names._ascii_letter, value)).lower() == reference_ascii(value)
    assert script_of(value) == reference_script(value)


def test_names_of_every_script():
    for name in SAMPLES.split(" "):
        assert script_of(name) == reference_script(name)
        assert "".join(map(names._ascii_letter, name)).lower() == reference_ascii(name)
    assert romanise("ສົມໃຈ ພົມມະວົງ") and romanise("😀") == ""
    # Two letters each: the script met first.
    assert script_of("Ab ສມ") == "LATIN" and script_of("ສມ Ab") == "LAO"
