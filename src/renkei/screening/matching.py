"""Finding and scoring candidates in-process: an inverted index over each name's words, their
skeletons, pairs of skeleton heads and its run-together skeleton finds the stored names that
share keys with the query; those sharing the most are ranked cheaply with rapidfuzz; the best are
scored in full and corroborated by the other fields (phone, identifier, address, the people of
an organisation). ``bench/screening_quality.py`` measures what this stage lets through."""

from __future__ import annotations

import gc
import re
import threading
import unicodedata
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from functools import cached_property
from operator import itemgetter

import numpy as np
import phonenumbers
from rapidfuzz import fuzz, process

from renkei.screening.names import NameKeys, kana_latin_skeleton, name_keys
from renkei.screening.scoring import NameScore, name_score, rounded

# Skip words that are in more than this share of the stored names: they find everything.
COMMON_WORD_SHARE = 0.005
# A pair of skeleton words is far more telling than one word, so it may find more names.
COMMON_SHAPE_SHARE = 0.02
COMMON_SHAPE_MAX = 1000
JOINED_HEAD = 4  # consonants of the run-together skeleton that make its key
SHAPE_WORDS = 6  # the first words of a long name make its shape keys (at most 15 pairs)
CORROBORATED = 10  # what a shared phone or identifier counts for, against a shared word's 1
CANDIDATE_POOL = 120  # key-sharing names ranked per query
FORM_REPEATS = 2  # names of one spelling scored in full per ranked spelling
RARE_KEY = 3  # a key of at most this many names is rare
RARE_LIMIT = 3  # names found by rare keys, scored besides the ranked ones
PREFILTER_LIMIT = 5  # spellings scored in full, ranked by the bare key
PREFILTER_CUTOFF = 50  # ratio of the sorted words below which a name is not worth a full score
SKELETON_LIMIT = 3  # and by the skeleton
SKELETON_CUTOFF = 70
CORROBORATION_WEIGHT = 0.5  # each matching field closes this much of the gap to 1
SCOPES_KEPT = 64  # callers' scopes (sets of agreements) whose table of names is kept
# Up to this many postings a query's keys are counted in Python: numpy's few microseconds a call
# are most of the time on the hundred or so a check meets in a register of thousands of names,
# while two Python passes over the thousand names a check meets at 100,000 cost more (ADR 13).
SMALL_TALLY = 300
_DOUBLED_LETTER = re.compile(r"([a-z])\1+")


@dataclass(frozen=True)
class StoredName:
    pk: int
    kind: str
    agreement_id: int | None
    keys: NameKeys
    phone: str = ""
    identifier: str = ""
    address: str = ""
    source: tuple[str, int] = ("", 0)
    parent: tuple[str, int] | None = None  # a person's organisation record
    # What a result shows, kept here so that answering a check reads nothing more.
    name: str = ""
    label: str = ""
    agreement_code: str | None = None
    flagged: bool = False


@dataclass(frozen=True)
class Query:
    name: str
    kind: str = "person"
    phone: str = ""
    identifier: str = ""
    address: str = ""
    people: tuple[str, ...] = ()

    @cached_property
    def keys(self) -> NameKeys:
        return name_keys(self.name)

    @cached_property
    def people_keys(self) -> tuple[NameKeys, ...]:
        return tuple(name_keys(person) for person in self.people)


@dataclass
class Candidate:
    stored: StoredName
    name: NameScore
    score: float
    fields: list[dict] = field(default_factory=list)

    def explain(self) -> dict:
        return {"score": rounded(self.score), "name": self.name.explain(), "fields": self.fields}


def phone_key(value: str, region: str | None = None) -> str:
    """E.164 where the number parses (phonenumbers), else its digits; "" for nothing."""
    value = unicodedata.normalize("NFKC", value or "").strip()
    if not value:
        return ""
    try:
        parsed = phonenumbers.parse(value, region)
        if phonenumbers.is_possible_number(parsed):
            return phonenumbers.format_number(parsed, phonenumbers.PhoneNumberFormat.E164)
    except phonenumbers.NumberParseException:
        pass
    return "".join(c for c in value if c.isdigit())


def identifier_key(value: str) -> str:
    """Licence and registration numbers compared in any width, case and separator."""
    value = unicodedata.normalize("NFKC", value or "").upper()
    return "".join(c for c in value if c.isalnum())


def _shape_keys(skeleton: str) -> set[str]:
    """Pairs of the names' skeleton words cut to two consonants, in either order: "Chan Dara",
    ចាន់ ដារ៉ា and チャン・ダラ all give ``cn|dr``. One common word ("Khan", "Sok") finds half a
    register; two together find the few names worth a score."""
    heads = sorted(set(word[:2] for word in skeleton.split()[:SHAPE_WORDS]))
    return {f"{a}|{b}" for i, a in enumerate(heads) for b in heads[i + 1 :]}


class NameIndex:
    """Stored names by the keys of their names (see ``_index_words``); built once, queried
    many times."""

    def __init__(self, names: list[StoredName]):
        self.names = names
        by_word: dict[str, list[int]] = defaultdict(list)
        self.by_phone: dict[str, list[int]] = defaultdict(list)
        self.by_identifier: dict[str, list[int]] = defaultdict(list)
        self.people_of: dict[tuple[str, int], list[StoredName]] = defaultdict(list)
        # What the ranking compares, computed once: words in sorted order (token_sort_ratio
        # without sorting at every query), and each name's agreement for scoping.
        self.sorted_bare = [_sorted_words(n.keys.bare) for n in names]
        # A name of one word is often a name run together ("SergeiLavrov"): it is ranked
        # against the names' words in their own order, not sorted (the same strings as the
        # keys': a list of 100,000 more would cost 7 MB an index).
        self.bare = [n.keys.bare for n in names]
        self.sorted_skeleton = [_sorted_words(n.keys.skeleton) for n in names]
        self.agreement_of = [n.agreement_id for n in names]
        for position, stored in enumerate(names):
            if stored.parent is not None:
                self.people_of[stored.parent].append(stored)
            for word in _index_words(stored.keys):
                by_word[word].append(position)
            if stored.phone:
                self.by_phone[stored.phone].append(position)
            if stored.identifier:
                self.by_identifier[stored.identifier].append(position)
        # Postings as arrays, in ascending position: a query counts thousands of them at 100,000
        # names, and numpy counts them in C (a Counter took three quarters of finding them).
        self.by_word: dict[str, np.ndarray] = {
            word: np.array(positions, dtype=np.int32) for word, positions in by_word.items()
        }
        self.agreement_ids = frozenset(self.agreement_of)
        # Each name's agreement as a small number (0 left for "none of these"), so that a
        # caller's scope is one lookup in a table of booleans.
        self.agreement_table = {a: i for i, a in enumerate(self.agreement_ids, 1)}
        self.agreement_array = np.array(
            [self.agreement_table[a] for a in self.agreement_of], dtype=np.intp
        )
        self._allowed: dict[frozenset[int | None], np.ndarray] = {}  # by caller's scope
        self.common = max(50, int(len(names) * COMMON_WORD_SHARE))
        self.common_shape = max(100, min(COMMON_SHAPE_MAX, int(len(names) * COMMON_SHAPE_SHARE)))

    def candidates(
        self,
        keys: NameKeys,
        phone: str = "",
        identifier: str = "",
        agreements: frozenset[int | None] | None = None,
    ) -> list[int]:
        """Positions of the stored names worth a full score; ``agreements`` narrows them to the
        names of those agreements (``None`` in it: Japan's own registers) before anything is
        ranked, so that what a caller may not see never takes a place in its ranking."""
        if agreements is not None and self.agreement_ids <= agreements:
            agreements = None  # the caller sees every name here: nothing to narrow
        shared, rare = self._postings(keys, phone, identifier, agreements)
        merged = np.concatenate(shared) if shared else np.empty(0, dtype=np.int32)
        if not len(merged):
            return []
        if len(merged) <= SMALL_TALLY:
            tally = self._tally_small(merged, agreements)
            if not tally:
                return []
            pool, strong = _most_shared_small(tally)
            rare_found = {p: tally[p] for p in set(rare) if p in tally}
        else:
            found, first, counts = _tally(merged)
            if agreements is not None:
                visible = self._visible(found, agreements)
                found, first, counts = found[visible], first[visible], counts[visible]
            if not len(found):
                return []
            pool, strong = _most_shared(found, first, counts)
            rare_found = _counts_of(found, counts, list(set(rare))) if rare else {}
        # The names sharing the most keys, ranked cheaply on the bare key, and on the skeleton
        # for names across an abjad or a syllabary; the best few get the full score.
        one_word = " " not in keys.bare
        best = self._ranked(
            pool,
            self.bare if one_word else self.sorted_bare,
            keys,
            keys.bare,
            PREFILTER_LIMIT,
            PREFILTER_CUTOFF,
        )
        best += self._ranked(
            pool,
            self.sorted_skeleton,
            keys,
            keys.skeleton,
            SKELETON_LIMIT,
            SKELETON_CUTOFF,
            set(best),
        )
        # A rare shared key is evidence whatever the ranking says ("SergeiLavrov" and "Sergei
        # Lavrov" rank apart word by word), and so is a shared phone or identifier.
        if rare_found:
            extra = sorted((p for p in rare_found if p not in best), key=rare_found.get)
            best += extra[-RARE_LIMIT:]
        best += [p for p in strong if p not in best][:PREFILTER_LIMIT]
        return best

    def _postings(
        self,
        keys: NameKeys,
        phone: str,
        identifier: str,
        agreements: frozenset[int | None] | None,
    ) -> tuple[list[np.ndarray], list[int]]:
        """The postings of the query's keys that count (common words only when nothing else
        is shared), of its phone and identifier, and the names sharing a rare key."""
        shared: list[np.ndarray] = []  # the postings of the keys that count
        rare: list[int] = []  # names sharing a key hardly any other name has
        common: list[np.ndarray] = []  # the postings of common words, kept aside
        # The rarest keys first: where the pool is cut among names sharing as many keys, those
        # found by a rarer key go in (a rare family name says more than a common one), not those
        # of the key first in the alphabet. Ties keep the keys' own order.
        by_word = self.by_word
        present = [(by_word[word], word) for word in _index_words(keys) if word in by_word]
        present.sort(key=_posting_count)
        for positions, word in present:
            if len(positions) <= (self.common_shape if word[0] in "=+" else self.common):
                shared.append(positions)
                if len(positions) <= RARE_KEY:
                    rare += positions.tolist()
            elif word[0] not in "~=+":
                common.append(positions)
        if not shared and common:
            # Every key is common ("Mohammad Ali" in a Pakistani register): the names that have
            # all of its words.
            common.sort(key=len)
            every = common[0]
            for positions in common[1:]:
                every = np.intersect1d(every, positions, assume_unique=True)
            if agreements is not None:
                every = every[self._visible(every, agreements)]
            shared.append(every[: self.common])
        for corroborating in (self.by_phone.get(phone), self.by_identifier.get(identifier)):
            if corroborating:  # a shared phone or identifier counts as CORROBORATED keys
                shared.append(np.repeat(np.array(corroborating, dtype=np.int32), CORROBORATED))
        return shared, rare

    def _tally_small(
        self, merged: np.ndarray, agreements: frozenset[int | None] | None
    ) -> dict[int, int]:
        """What ``_tally`` and ``_visible`` give, for a few hundred postings: each name's count
        of shared keys, in the order the names were first met, only the caller's names."""
        tally = Counter(merged.tolist())  # counted in C, in the order first met
        if agreements is None:
            return tally
        agreement_of = self.agreement_of
        return {p: n for p, n in tally.items() if agreement_of[p] in agreements}

    def _visible(self, positions: np.ndarray, agreements: frozenset[int | None]) -> np.ndarray:
        """Which of ``positions`` are names of ``agreements``, as a mask."""
        allowed = self._allowed.get(agreements)
        if allowed is None:
            allowed = np.zeros(len(self.agreement_table) + 1, dtype=bool)
            # An agreement this index has no names of marks 0, which no name has.
            allowed[[self.agreement_table.get(a, 0) for a in agreements]] = True
            if len(self._allowed) < SCOPES_KEPT:
                self._allowed[agreements] = allowed
        return allowed[self.agreement_array[positions]]

    def _ranked(
        self,
        pool: list[int],
        forms: list[str],
        keys: NameKeys,
        query: str,
        limit: int,
        cutoff: int,
        taken: set[int] = frozenset(),
    ) -> list[int]:
        """The pool's names whose ``forms`` come nearest ``query``: ``limit`` distinct forms, at
        most FORM_REPEATS names of each (a register's hundred namesakes must not crowd out a
        spelling variant), leaving out the names already ``taken``. Within one form — one
        skeleton is many spellings — the names nearest in their bare key go first."""
        # One C call gathers the pool's forms (a list built item by item took as long as the
        # ranking itself: the forms are scattered through a large list, read from a cold cache).
        choices = itemgetter(*pool)(forms) if len(pool) > 1 else tuple(map(forms.__getitem__, pool))
        by_form: dict[str, list[int]] = {}
        last_score = None
        for form, score, i in process.extract(
            _sorted_words(query),
            choices,
            scorer=fuzz.ratio,
            processor=None,
            limit=None,
            score_cutoff=cutoff,
        ):
            if len(by_form) >= limit and form not in by_form and score != last_score:
                break
            p = pool[i]
            if p in taken or (len(by_form) >= limit and form not in by_form):
                continue
            by_form.setdefault(form, []).append(p)
            last_score = score
        chosen = []
        for group in by_form.values():
            if len(group) > FORM_REPEATS:
                group = sorted(group, key=lambda p: -fuzz.ratio(keys.bare, self.names[p].keys.bare))
            chosen += group[:FORM_REPEATS]
        return chosen


def _most_shared(
    found: np.ndarray, first: np.ndarray, counts: np.ndarray
) -> tuple[list[int], list[int]]:
    """The CANDIDATE_POOL names sharing the most keys, and those of them sharing at least
    CORROBORATED (a phone or an identifier, or a long name's every key), in the pool's order,
    picked out in one array operation rather than a look-up per pool name. Counts are small
    numbers, so a count of counts finds the cut without sorting every name found. Among names
    that tie, those found by an earlier key (``first``: where each was first met, the keys
    taken from the rarest, see ``_postings``) go first."""
    if len(found) <= CANDIDATE_POOL:
        chosen = np.argsort(first, kind="stable")
    else:
        tallies = np.bincount(counts).tolist()
        kept, cut = 0, len(tallies) - 1
        for count in range(len(tallies) - 1, 0, -1):
            if not tallies[count]:
                continue  # no name shares this many keys
            if kept + tallies[count] > CANDIDATE_POOL:
                break
            kept, cut = kept + tallies[count], count
        chosen = _in_order_found(counts >= cut, first)[:CANDIDATE_POOL]
        if cut > 1 and len(chosen) < CANDIDATE_POOL:
            # Room left: names one key short of the cut, the first that fit.
            below = _in_order_found(counts == cut - 1, first)[: CANDIDATE_POOL - len(chosen)]
            chosen = np.concatenate((chosen, below))
    pool = found[chosen]
    return pool.tolist(), pool[counts[chosen] >= CORROBORATED].tolist()


def _most_shared_small(tally: dict[int, int]) -> tuple[list[int], list[int]]:
    """``_most_shared`` over a tally kept in the order names were first met."""
    if len(tally) <= CANDIDATE_POOL:
        pool = list(tally)
    else:
        tallies = Counter(tally.values())
        kept, cut = 0, max(tallies)
        for count in sorted(tallies, reverse=True):
            if kept + tallies[count] > CANDIDATE_POOL:
                break
            kept, cut = kept + tallies[count], count
        pool = [p for p, n in tally.items() if n >= cut][:CANDIDATE_POOL]
        if cut > 1 and len(pool) < CANDIDATE_POOL:
            pool += [p for p, n in tally.items() if n == cut - 1][: CANDIDATE_POOL - len(pool)]
    return pool, [p for p in pool if tally[p] >= CORROBORATED]


def _tally(positions: np.ndarray) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Each distinct position, where it was first met, and how many times: ``np.unique`` with
    ``return_index`` and ``return_counts``, in a few calls (its overhead is most of the time
    on a small register)."""
    order = positions.argsort(kind="stable")
    ordered = positions[order]
    starts = np.empty(len(ordered), dtype=bool)
    starts[0] = True
    np.not_equal(ordered[1:], ordered[:-1], out=starts[1:])
    at = np.flatnonzero(starts)
    counts = np.empty(len(at), dtype=np.intp)
    counts[:-1] = at[1:] - at[:-1]
    counts[-1] = len(ordered) - at[-1]
    return ordered[at], order[at], counts


def _in_order_found(mask: np.ndarray, first: np.ndarray) -> np.ndarray:
    where = np.flatnonzero(mask)
    return where[np.argsort(first[where], kind="stable")]


def _counts_of(found: np.ndarray, counts: np.ndarray, positions: list[int]) -> dict[int, int]:
    """The counts of those ``positions`` that are among the ``found`` (sorted) names, in the
    order given."""
    at = np.searchsorted(found, positions).tolist()
    size = len(found)
    return {
        p: int(counts[i]) for p, i in zip(positions, at, strict=True) if i < size and found[i] == p
    }


def _posting_count(posting: tuple[np.ndarray, str]) -> int:
    return len(posting[0])


def _sorted_words(text: str) -> str:
    return " ".join(sorted(text.split()))


def _index_words(keys: NameKeys) -> list[str]:
    """A name's index keys: its words (bare), their skeletons (~), pairs of skeleton heads (=),
    and the head of the skeleton run together (+), for names written as one word or split
    ("SergeiLavrov", "Pricewaterhouse Coopers", "van der Bilt"); and initials written apart run
    together as a word ("A.B.C." is the word "abc" of "ABC")."""
    bare = keys.bare.split()
    words = set(bare) | _skeleton_keys(keys.skeleton) | _initials(bare)
    if keys.script == "JAPANESE":
        # Also as a Latin spelling would have it: ダラ・ヘン's plain skeleton "dr n" shares no
        # shape with "Dara Heng", "dr ng".
        words |= _skeleton_keys(kana_latin_skeleton(keys.bare))
    return sorted(words)  # in a fixed order, so that ties rank the same in every process


def _initials(words: list[str]) -> set[str]:
    """Each run of two or more one-letter words, run together."""
    runs, run = set(), ""
    for word in [*words, ""]:
        if len(word) == 1 and word.isalpha():
            run += word
            continue
        if len(run) > 1:
            runs.add(run)
        run = ""
    return runs


def _skeleton_keys(skeleton: str) -> set[str]:
    # A word's skeleton has its doubled consonants collapsed, so the words run together have
    # theirs collapsed too: "Rami Makhlouf" is rm mkrb, "RamiMakhlouf" rmkrb. Letters only: a
    # number keeps its digits as its skeleton does ("2004").
    joined = _DOUBLED_LETTER.sub(r"\1", skeleton.replace(" ", ""))[:JOINED_HEAD]
    return (
        {"~" + word for word in skeleton.split()}
        | {"=" + shape for shape in _shape_keys(skeleton)}
        | ({"+" + joined} if len(joined) >= 3 else set())
    )


def corroborate(query: Query, stored: StoredName, people: list[StoredName]) -> list[dict]:
    if not (query.phone or query.identifier or query.address or query.people):
        return []  # a name alone, as most checks are: nothing to corroborate it with
    fields = []
    if query.phone and stored.phone and query.phone == stored.phone:
        fields.append({"field": "phone", "value": stored.phone})
    if query.identifier and stored.identifier and query.identifier == stored.identifier:
        fields.append({"field": "identifier", "value": stored.identifier})
    if query.address and stored.address:
        similarity = fuzz.token_set_ratio(query.address, stored.address) / 100
        if similarity >= 0.9:
            fields.append({"field": "address", "similarity": rounded(similarity)})
    for person, person_keys in zip(query.people, query.people_keys, strict=True):
        for other in people:
            score = name_score(person_keys, other.keys, "person").score
            if score >= 0.9:
                fields.append({"field": "person", "value": person, "matches": other.keys.original})
                break
    return fields


def score_candidate(
    query: Query, keys: NameKeys, stored: StoredName, people: list[StoredName]
) -> Candidate:
    result = name_score(keys, stored.keys, query.kind if query.kind == stored.kind else "person")
    fields = corroborate(query, stored, people)
    score = result.score
    for _field in fields:
        score += (1 - score) * CORROBORATION_WEIGHT
    return Candidate(stored=stored, name=result, score=score, fields=fields)


_CACHE: dict[str, tuple[object, NameIndex]] = {}
_LOCK = threading.Lock()


def cached_index(version: object, build) -> NameIndex:
    """One index per process, rebuilt when the stored names' version changes."""
    with _LOCK:
        cached = _CACHE.get("index")
        if cached is None or cached[0] != version:
            _CACHE["index"] = (version, build())
            _freeze_long_lived()
        return _CACHE["index"][1]


def _freeze_long_lived() -> None:
    """Keep the index out of the garbage collector's full collections: with 20,000 names in the
    process a full collection took 200 ms of whatever page request ran it, 40 ms with the index
    frozen. What was frozen before is thawed first, so that anything left since (the previous
    index) is still collected; the full collection here is paid once per rebuild."""
    gc.unfreeze()
    gc.collect()
    gc.freeze()
