"""Finding and scoring candidates in-process: an inverted index over the words of the ``bare``
and ``skeleton`` keys finds the stored names that share a word or a skeleton with the query;
rapidfuzz ranks them cheaply; the best are scored in full and corroborated by the other fields
(phone, identifier, address, the people of an organisation)."""

from __future__ import annotations

import threading
import unicodedata
from collections import Counter, defaultdict
from dataclasses import dataclass, field

import phonenumbers
from rapidfuzz import fuzz, process

from renkei.screening.names import NameKeys, name_keys
from renkei.screening.scoring import NameScore, name_score

# Skip words that are in more than this share of the stored names: they find everything.
COMMON_WORD_SHARE = 0.005
CANDIDATE_POOL = 60  # word-sharing names ranked per query
PREFILTER_LIMIT = 5  # of which scored in full, by the bare key
PREFILTER_CUTOFF = 50  # token_sort_ratio below which a name is not worth a full score
SKELETON_LIMIT = 3  # and by the skeleton
SKELETON_CUTOFF = 70
CORROBORATION_WEIGHT = 0.5  # each matching field closes this much of the gap to 1


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


@dataclass
class Candidate:
    stored: StoredName
    name: NameScore
    score: float
    fields: list[dict] = field(default_factory=list)

    def explain(self) -> dict:
        return {"score": round(self.score, 3), "name": self.name.explain(), "fields": self.fields}


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


class NameIndex:
    """Stored names by the words of their keys; built once, queried many times."""

    def __init__(self, names: list[StoredName]):
        self.names = names
        self.by_word: dict[str, list[int]] = defaultdict(list)
        self.by_phone: dict[str, list[int]] = defaultdict(list)
        self.by_identifier: dict[str, list[int]] = defaultdict(list)
        self.people_of: dict[tuple[str, int], list[StoredName]] = defaultdict(list)
        for position, stored in enumerate(names):
            if stored.parent is not None:
                self.people_of[stored.parent].append(stored)
            for word in set(stored.keys.bare.split()) | {
                "~" + w for w in stored.keys.skeleton.split()
            }:
                self.by_word[word].append(position)
            if stored.phone:
                self.by_phone[stored.phone].append(position)
            if stored.identifier:
                self.by_identifier[stored.identifier].append(position)
        self.common = max(50, int(len(names) * COMMON_WORD_SHARE))

    def candidates(
        self, keys: NameKeys, phone: str = "", identifier: str = "", visible=None
    ) -> list[int]:
        """Positions of the stored names worth a full score; ``visible(stored)`` narrows them to
        what the caller may see before anything is ranked."""
        words = set(keys.bare.split()) | {"~" + w for w in keys.skeleton.split()}
        found: Counter[int] = Counter()
        common = []
        for word in words:
            positions = self.by_word.get(word, ())
            if len(positions) <= self.common:
                found.update(positions)
            elif not word.startswith("~"):
                common.append(positions)
        if not found and common:
            # Every word is common ("Mohammad Ali" in a Pakistani register): the names that
            # have all of them.
            common.sort(key=len)
            shared = set(common[0]).intersection(*common[1:]) if len(common) > 1 else common[0]
            found.update(list(shared)[: self.common])
        for position in self.by_phone.get(phone, ()) if phone else ():
            found[position] += 2
        for position in self.by_identifier.get(identifier, ()) if identifier else ():
            found[position] += 2
        if visible is not None:
            found = Counter({p: n for p, n in found.items() if visible(self.names[p])})
        if not found:
            return []
        # Rank the word-sharing names cheaply — on the bare key, and on the skeleton for names
        # across an abjad or a syllabary — and keep the best few for the full score.
        positions = [p for p, _count in found.most_common(CANDIDATE_POOL)]
        best = [
            p
            for _choice, _score, p in process.extract(
                keys.bare,
                {p: self.names[p].keys.bare for p in positions},
                scorer=fuzz.token_sort_ratio,
                limit=PREFILTER_LIMIT,
                score_cutoff=PREFILTER_CUTOFF,
            )
        ]
        for _choice, _score, p in process.extract(
            keys.skeleton,
            {p: self.names[p].keys.skeleton for p in positions},
            scorer=fuzz.token_sort_ratio,
            limit=SKELETON_LIMIT,
            score_cutoff=SKELETON_CUTOFF,
        ):
            if p not in best:
                best.append(p)
        # A shared phone or identifier is a candidate whatever the name says.
        best += [p for p in positions if found[p] >= 2 and p not in best][:PREFILTER_LIMIT]
        return best


def corroborate(query: Query, stored: StoredName, people: list[StoredName]) -> list[dict]:
    fields = []
    if query.phone and stored.phone and query.phone == stored.phone:
        fields.append({"field": "phone", "value": stored.phone})
    if query.identifier and stored.identifier and query.identifier == stored.identifier:
        fields.append({"field": "identifier", "value": stored.identifier})
    if query.address and stored.address:
        similarity = fuzz.token_set_ratio(query.address, stored.address) / 100
        if similarity >= 0.9:
            fields.append({"field": "address", "similarity": round(similarity, 3)})
    for person in query.people:
        person_keys = name_keys(person)
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
        return _CACHE["index"][1]
