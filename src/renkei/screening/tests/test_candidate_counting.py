"""The candidate stage counts the keys each stored name shares with the query in arrays (numpy);
it must offer exactly the names the plain rule offers — a Counter over the postings, filled key
by key from the rarest, names tied on their count taken in the order they were first met. Registers are drawn
from a few words so that common words, ties at the pool's edge, the every-word-common fallback,
shared phones and narrowed scopes all occur; the pool is made small as well as its real size, so
that it is cut among tied names often. Both ways of counting are held to the rule: in arrays, and
in Python for the few hundred postings of a check (``SMALL_TALLY``)."""

import itertools
from collections import Counter
from itertools import islice
from unittest import mock

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from renkei.screening import matching
from renkei.screening.matching import NameIndex, StoredName, _index_words
from renkei.screening.names import name_keys

WORDS = ["Sok", "Chan", "Dara", "Heng", "Khan", "Ali", "Mohammad", "Kim", "Vanna", "Srey"]
WORDS += ["ソック", "ສົມ", "Рахмонов", "محمد"]
PHONES = ["", "", "", "+85512345678", "+85598765432"]
AGREEMENTS = [1, 1, 2, 3, None]


def reference_candidates(index: NameIndex, keys, phone="", identifier="", agreements=None):
    """The candidate rule as a Counter says it, over the index's own postings and ranking."""
    if agreements is not None and index.agreement_ids <= agreements:
        agreements = None
    found: Counter[int] = Counter()
    rare: list[int] = []
    common: list[list[int]] = []
    # Key by key, the rarest first (fewest names), ties in the keys' own order.
    words = [w for w in _index_words(keys) if w in index.by_word]
    for word in sorted(words, key=lambda w: len(index.by_word[w])):
        positions = index.by_word[word].tolist()
        if len(positions) <= (index.common_shape if word[0] in "=+" else index.common):
            found.update(positions)
            if len(positions) <= matching.RARE_KEY:
                rare += positions
        elif word[0] not in "~=+":
            common.append(positions)
    if not found and common:
        common.sort(key=len)
        shared = set(common[0]).intersection(*common[1:])
        if agreements is not None:
            shared = {p for p in shared if index.agreement_of[p] in agreements}
        found.update(sorted(shared)[: index.common])
    for position in index.by_phone.get(phone, ()) if phone else ():
        found[position] += matching.CORROBORATED
    for position in index.by_identifier.get(identifier, ()) if identifier else ():
        found[position] += matching.CORROBORATED
    if agreements is not None:
        found = Counter({p: n for p, n in found.items() if index.agreement_of[p] in agreements})
    if not found:
        return []
    pool = _reference_most_shared(found)
    best = index._ranked(
        pool,
        index.sorted_bare,
        keys,
        keys.bare,
        matching.PREFILTER_LIMIT,
        matching.PREFILTER_CUTOFF,
    )
    best += index._ranked(
        pool,
        index.sorted_skeleton,
        keys,
        keys.skeleton,
        matching.SKELETON_LIMIT,
        matching.SKELETON_CUTOFF,
        set(best),
    )
    extra = sorted((p for p in set(rare) if p in found and p not in best), key=found.get)
    best += extra[-matching.RARE_LIMIT :]
    best += [p for p in pool if found[p] >= matching.CORROBORATED and p not in best][
        : matching.PREFILTER_LIMIT
    ]
    return best


def _reference_most_shared(found: Counter[int]) -> list[int]:
    size = matching.CANDIDATE_POOL
    if len(found) <= size:
        return list(found)
    counts = Counter(found.values())
    kept, cut = 0, max(counts)
    for count in sorted(counts, reverse=True):
        if kept + counts[count] > size:
            break
        kept, cut = kept + counts[count], count
    top = [p for p, n in found.items() if n >= cut]
    if len(top) >= size or cut == 1:
        return top[:size]
    below = (p for p, n in found.items() if n == cut - 1)
    return top + list(islice(below, size - len(top)))


names = st.lists(st.sampled_from(WORDS), min_size=1, max_size=3).map(" ".join)
stored = st.tuples(names, st.sampled_from(PHONES), st.sampled_from(AGREEMENTS))
scopes = st.sampled_from([None, frozenset({1}), frozenset({2, 3}), frozenset({1, None})])


@settings(max_examples=80, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    register=st.lists(stored, min_size=1, max_size=400),
    queries=st.lists(st.tuples(names, st.sampled_from(PHONES), scopes), min_size=1, max_size=8),
    pool=st.sampled_from([3, 8, 20, matching.CANDIDATE_POOL]),
    small=st.sampled_from([0, matching.SMALL_TALLY]),  # counted in arrays, or in Python
)
def test_the_arrays_offer_what_the_counter_rule_offers(register, queries, pool, small):
    index = NameIndex(
        [
            StoredName(
                pk=i,
                kind="person",
                agreement_id=agreement,
                keys=name_keys(text),
                phone=phone,
                source=("x", i),
            )
            for i, (text, phone, agreement) in enumerate(register)
        ]
    )
    with (
        mock.patch.object(matching, "CANDIDATE_POOL", pool),
        mock.patch.object(matching, "SMALL_TALLY", small),
    ):
        for text, phone, scope in queries:
            keys = name_keys(text)
            assert index.candidates(keys, phone, "", scope) == reference_candidates(
                index, keys, phone, "", scope
            )


def _index(texts: list[str]) -> NameIndex:
    return NameIndex(
        [
            StoredName(pk=i, kind="person", agreement_id=1, keys=name_keys(t), source=("x", i))
            for i, t in enumerate(texts)
        ]
    )


def test_a_pool_cut_among_tied_names_takes_those_an_earlier_key_found():
    # Every two-word name of the vocabulary: dozens share a word with the query, many tie.
    index = _index([" ".join(pair) for pair in itertools.permutations(WORDS, 2)])
    keys = name_keys("Sok Chan Dara")
    for pool, small in itertools.product((5, 12, 30), (0, matching.SMALL_TALLY)):
        with (
            mock.patch.object(matching, "CANDIDATE_POOL", pool),
            mock.patch.object(matching, "SMALL_TALLY", small),
        ):
            assert index.candidates(keys) == reference_candidates(index, keys)


def test_a_pool_cut_among_tied_names_takes_those_a_rarer_key_found():
    # "Chan" is a dozen names' family name, "Vanna" five's (too many to count as rare): each
    # shares two keys with "Chan Vanna". A pool cut among them takes the names the rarer word
    # found, the more telling evidence, where the keys' alphabetical order took only Chans.
    given = ["Bopha", "Rith", "Sothea", "Pisey", "Nary", "Mony", "Ratha", "Samnang", "Dara"]
    given += ["Sokha", "Kosal", "Thida"]
    texts = [f"Chan {name}" for name in given] + [f"Vanna {name}" for name in given[:5]]
    index = _index(texts)
    keys = name_keys("Chan Vanna")
    for small in (0, matching.SMALL_TALLY):
        with (
            mock.patch.object(matching, "CANDIDATE_POOL", 4),
            mock.patch.object(matching, "SMALL_TALLY", small),
        ):
            offered = index.candidates(keys)
            assert offered == reference_candidates(index, keys)
        assert {texts[p].split()[0] for p in offered} == {"Vanna"}
        assert len(offered) == 4


def test_no_shared_key_offers_nothing():
    index = _index(["Sok Chan"])
    assert index.candidates(name_keys("Vanna Heng")) == []
    assert index.candidates(name_keys("Sok Chan"), agreements=frozenset({2})) == []
