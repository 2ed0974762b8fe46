"""How the words of two names are paired and weighed: one word against one, numbers, words run
together, and the split words each stored name keeps for the scoring."""

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from renkei.screening.names import WordForm, name_keys
from renkei.screening.scoring import align, name_score, word_similarity


def score(left, right, kind="person"):
    return name_score(name_keys(left), name_keys(right), kind)


@pytest.mark.parametrize(
    "left,right", [("channa", "chana"), ("rakhmonov", "rahmonov"), ("sok", "sokh")]
)
def test_one_word_against_one_scores_as_the_word_pair(left, right):
    result, pairs, unmatched = align((left,), (right,))
    assert result == pytest.approx(word_similarity(left, right))
    assert [(p.left, p.right) for p in pairs] == [(left, right)]
    assert unmatched == []


def test_one_word_unlike_another_scores_nothing_and_both_are_unmatched():
    assert align(("sok",), ("dara",)) == (0.0, [], ["sok", "dara"])
    explained = score("Sok", "Dara").explain()
    assert explained["score"] == 0.0
    assert explained["unmatched"] == ["sok", "dara"]


def test_one_word_against_a_full_name_is_thin_evidence():
    # "sok" paired (3 letters), "channa" left over in the longer name (6 letters at 0.1), and
    # the single-word factor on top.
    assert align(("sok",), ("sok", "channa"))[0] == pytest.approx(3 / (3 + 0.6) * 0.9)
    assert align(("sok", "channa"), ("sok", "channa"))[0] == 1.0


def test_different_numbers_make_different_organisations():
    assert score("Support 1", "Support 4", "organisation").score < 0.8
    assert score("Support 1", "Support 1 Co., Ltd.", "organisation").score == 1.0


def test_words_run_together_meet_their_split_form():
    for left, right in [("SergeiLavrov", "Sergei Lavrov"), ("Kim Jongun", "Kim Jong Un")]:
        result = score(left, right)
        assert result.score == 1.0
        assert result.key == "bare_joined"


def test_a_names_words_are_split_once_and_kept():
    keys = name_keys("Support 1 Khan")
    assert keys.bare_words is keys.bare_words
    assert keys.bare_words == WordForm(
        "support 1 khan", ("support", "1", "khan"), "support1khan", frozenset({"1"})
    )
    assert keys.skeleton_words.words == tuple(keys.skeleton.split())


def _align_by_the_rule(left, right, similar=word_similarity):
    """The greedy rule spelt out plainly: every pair's similarity, most similar first (ties by
    the later word first, as a reverse sort of (similarity, i, j) puts them), each word in one
    pair at most, pairs under 0.5 never taken."""
    from renkei.screening.scoring import SINGLE_WORD_FACTOR, UNMATCHED_WEIGHT

    ranked = sorted(
        ((similar(a, b), i, j) for i, a in enumerate(left) for j, b in enumerate(right)),
        reverse=True,
    )
    used_left, used_right, pairs, matched, weight = set(), set(), [], 0.0, 0.0
    for similarity, i, j in ranked:
        if similarity < 0.5 or i in used_left or j in used_right:
            continue
        used_left.add(i)
        used_right.add(j)
        pairs.append((left[i], right[j], similarity))
        length = max(len(left[i]), len(right[j]))
        matched += similarity * length
        weight += length
    rest_left = [w for i, w in enumerate(left) if i not in used_left]
    rest_right = [w for j, w in enumerate(right) if j not in used_right]
    shorter, longer = (
        (rest_left, rest_right) if len(left) <= len(right) else (rest_right, rest_left)
    )
    weight += sum(map(len, shorter)) + UNMATCHED_WEIGHT * sum(map(len, longer))
    score = matched / weight if weight else 0.0
    if min(len(left), len(right)) == 1 and max(len(left), len(right)) > 1:
        score *= SINGLE_WORD_FACTOR
    return score, pairs, rest_left + rest_right


_WORDS = st.lists(
    st.text(alphabet="aeiknorsy1", min_size=1, max_size=6) | st.sampled_from(["sok", "sokh"]),
    min_size=1,
    max_size=4,
)


@settings(max_examples=400, deadline=None)
@given(left=_WORDS, right=_WORDS)
def test_the_alignment_follows_the_greedy_rule_to_the_last_bit(left, right):
    if len(left) == len(right) == 1:
        return  # the one-word case has its own tests above
    score, pairs, unmatched = align(tuple(left), tuple(right))
    expected = _align_by_the_rule(left, right)
    assert (score, [tuple(p) for p in pairs], unmatched) == expected
