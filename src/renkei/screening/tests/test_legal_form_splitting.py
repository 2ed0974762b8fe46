"""Legal-form words are split off by trying, at each word, only the lengths of the forms that
start with it; the answer must be the plain rule's — at each word the longest of six, five …
one words that is a form — on names mixing forms, parts of forms and other words."""

from hypothesis import given, settings
from hypothesis import strategies as st

from renkei.screening.names import legal_forms, split_legal_forms


def reference_split(roman: str) -> tuple[str, frozenset[str]]:
    forms = legal_forms()
    words = roman.split()
    kept, kinds, index = [], set(), 0
    while index < len(words):
        for length in (6, 5, 4, 3, 2, 1):
            phrase = " ".join(words[index : index + length])
            if phrase in forms:
                if forms[phrase] != "generic":
                    kinds.add(forms[phrase])
                index += length
                break
        else:
            kept.append(words[index])
            index += 1
    return (" ".join(kept) if kept else roman), frozenset(kinds)


FORM_WORDS = sorted({word for phrase in legal_forms() for word in phrase.split()})
WORDS = FORM_WORDS + ["sok", "channa", "lao", "manpower", "asia", "star", "khan"]


@settings(max_examples=500, deadline=None)
@given(st.lists(st.sampled_from(WORDS), min_size=1, max_size=9))
def test_splitting_agrees_with_the_plain_rule(words):
    roman = " ".join(words)
    assert split_legal_forms(roman) == reference_split(roman)


def test_every_form_alone_and_inside_a_name():
    for phrase in legal_forms():
        for roman in (phrase, f"sok {phrase}", f"{phrase} channa", f"lao {phrase} {phrase}"):
            assert split_legal_forms(roman) == reference_split(roman)
    assert split_legal_forms("lao manpower co ltd")[0] == "lao manpower"
