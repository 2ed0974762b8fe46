"""Name keys for screening: the same person or company written in Lao, Khmer, Cyrillic, Urdu,
Latin, katakana or kanji by different officials must meet on at least one key.

- ``original``: NFKC, case-folded, invisible and bidirectional marks removed;
- ``roman``: a Latin form chosen by script — Japanese through SudachiPy's readings and ICU's
  kana transliterator, every other script through anyascii — lower-case ASCII words;
- ``bare``: ``roman`` without legal-form words (株式会社, Co., Ltd., ООО, LLC, Sole Co., the Lao
  and Khmer words for company…), read from ``data/legal_forms.toml``;
- ``skeleton``: a consonant skeleton of ``bare`` for finding candidates across spellings (vowels
  dropped, doubled letters collapsed, a few sounds folded), what survives between an abjad such
  as Urdu, a syllabary such as katakana and Latin.
"""

from __future__ import annotations

import hashlib
import re
import threading
import tomllib
import unicodedata
from collections import Counter
from dataclasses import dataclass
from functools import cache, cached_property, lru_cache
from importlib import metadata
from pathlib import Path
from typing import NamedTuple

from anyascii import anyascii

MAX_NAME_LENGTH = 300
_DATA = Path(__file__).resolve().parent / "data"
# Raise when a change to this module makes different keys for a name already stored: the stored
# names are then keyed again by `renkei setup` (see ``keys_version``).
KEY_RULES = 3

# Joiners, direction marks and embeddings: invisible, and a trick to defeat matching. A zero-width
# space is a word break (Khmer and Lao mark word boundaries with it).
_INVISIBLE: dict[int, str | None] = dict.fromkeys(
    [0x00AD, 0x034F, 0x061C, 0x180E, 0xFEFF]
    + list(range(0x200C, 0x2010))
    + list(range(0x202A, 0x202F))
    + list(range(0x2060, 0x2070))
)
_INVISIBLE[0x200B] = " "
_JAPANESE_SCRIPTS = {"HIRAGANA", "KATAKANA", "CJK"}
_LONG_O = re.compile(r"(?:ou|oh|oo)(?![aeiouy])")
_WORD = re.compile(r"[a-z]+|[0-9]+")  # "support1" is the word "support" and the number 1


@dataclass(frozen=True)
class NameKeys:
    original: str
    script: str
    roman: str
    bare: str
    skeleton: str
    legal_kinds: frozenset[str] = frozenset()

    # A stored name is scored against many queries: its keys are split into words once.
    @cached_property
    def bare_words(self) -> WordForm:
        return WordForm.of(self.bare)

    @cached_property
    def skeleton_words(self) -> WordForm:
        return WordForm.of(self.skeleton)

    @cached_property
    def short_vowel_words(self) -> WordForm:
        """The bare key with a long o written short, as most Latin spellings of Japanese names
        write it (Satou, Satoh, Sato; Oono, Ono), but not across syllables (Inoue)."""
        return WordForm.of(_LONG_O.sub("o", self.bare))

    @cached_property
    def kana_skeleton_words(self) -> WordForm:
        """The skeleton as katakana hears it, for comparing a Japanese name with another script:
        see ``kana_skeleton``."""
        return WordForm.of(kana_skeleton(self.bare))


class WordForm(NamedTuple):
    """A key as the scoring reads it: its words, run together, and the numbers among them."""

    text: str
    words: tuple[str, ...]
    joined: str
    numbers: frozenset[str]

    @classmethod
    def of(cls, text: str) -> WordForm:
        words = tuple(text.split())
        return cls(text, words, text.replace(" ", ""), frozenset(w for w in words if w.isdigit()))


@cache
def keys_version() -> str:
    """What made a name's keys: these rules, the legal-form list, and the versions of the
    libraries that romanise (an upgrade of anyascii, ICU or SudachiPy's dictionary can spell a
    name differently). Stored names keyed by another version are keyed again."""
    import icu

    parts = [
        str(KEY_RULES),
        hashlib.sha256((_DATA / "legal_forms.toml").read_bytes()).hexdigest(),
        metadata.version("anyascii"),
        icu.ICU_VERSION,
        metadata.version("sudachipy"),
        metadata.version("sudachidict-core"),
    ]
    return hashlib.sha256("|".join(parts).encode()).hexdigest()[:16]


def clean(text: str) -> str:
    """NFKC, invisible marks removed, whitespace collapsed; case kept (for display)."""
    text = unicodedata.normalize("NFKC", text or "").translate(_INVISIBLE)
    return " ".join(text.split())


def script_of(text: str) -> str:
    """The script most of the letters are written in: ``LATIN``, ``CYRILLIC``, ``LAO``,
    ``KHMER``, ``ARABIC``, ``JAPANESE``…; ``""`` when there are no letters."""
    # Counted in the order first met, so that a tie goes to the script written first.
    counts = Counter(map(_letter_script, filter(str.isalpha, text)))
    return max(counts, key=counts.__getitem__) if counts else ""


# Per character, not per name: names draw on a few hundred letters, and reading a character's
# name out of the Unicode database is the slow part of telling its script.
@lru_cache(maxsize=4096)
def _letter_script(char: str) -> str:
    name = unicodedata.name(char, "")
    script = name.split(" ", 1)[0] if name else "OTHER"
    return "JAPANESE" if script in _JAPANESE_SCRIPTS or "IDEOGRAPH" in name else script


@lru_cache(maxsize=4096)
def _is_ideograph(char: str) -> bool:
    return "IDEOGRAPH" in unicodedata.name(char, "")


@cache
def _sudachi_dictionary():
    from sudachipy import Dictionary

    return Dictionary(dict="core")


_TOKENIZERS = threading.local()


def _sudachi():
    """This thread's tokenizer: a SudachiPy tokenizer refuses to be used by two threads at
    once (a threaded server, a worker), while the dictionary behind it is shared."""
    tokenizer = getattr(_TOKENIZERS, "tokenizer", None)
    if tokenizer is None:
        from sudachipy import SplitMode

        tokenizer = _TOKENIZERS.tokenizer = _sudachi_dictionary().tokenizer(mode=SplitMode.C)
    return tokenizer


_SHINJITAI = threading.local()


def kanji_shinjitai(text: str) -> str:
    """Old character forms in today's Japanese form (渡邊 → 渡辺, 齋藤 → 斎藤, 澤田 → 沢田), by
    OpenCC's Japanese variant tables; other variants (渡邉, 髙) are kept as written. One converter
    per thread, as with SudachiPy."""
    converter = getattr(_SHINJITAI, "converter", None)
    if converter is None:
        import opencc

        converter = _SHINJITAI.converter = opencc.OpenCC("t2jp")
    return converter.convert(text)


@cache
def _kana_to_latin():
    import icu

    return icu.Transliterator.createInstance("Katakana-Latin; Hiragana-Latin; Latin-ASCII")


def _japanese_reading(text: str) -> str:
    """Kanji read by SudachiPy (a kanji name gets its dictionary reading), kana kept, then
    romanised by ICU: 山田太郎 → yamada tarou, ソック・チャンナー → sokku channa."""
    words = []
    for chunk in re.split(r"[\s・･·]+", text):
        if not any(map(_is_ideograph, chunk)):
            # No kanji, nothing to read: the morphemes' surfaces would make up the chunk again
            # (most names of the programme's workers are katakana only).
            if chunk:
                words.append(chunk)
            continue
        word, previous_kanji = "", False
        for morpheme in _sudachi().tokenize(chunk):
            surface = morpheme.surface()
            has_kanji = any(map(_is_ideograph, surface))
            # Kanji words (山田 / 太郎) are words of their own; a katakana run stays one word.
            if word and (has_kanji or previous_kanji):
                words.append(word)
                word = ""
            word += morpheme.reading_form() if has_kanji else surface
            previous_kanji = has_kanji
        if word:
            words.append(word)
    latin = _kana_to_latin().transliterate(" ".join(words).replace("ー", ""))
    # ICU marks a small vowel kana with "~" after the syllable it changes (ヴィ → vu~i, ウォ →
    # u~o, ツァ → tsu~a); Hepburn writes the consonant with the small vowel (vi, wo, tsa, ye).
    latin = _SMALL_VOWEL.sub(_with_small_vowel, latin)
    # ICU writes ン as n everywhere; Hepburn writes it m before b, m and p (ムハンマド → muhammado).
    return re.sub(r"n(?=[bmp])", "m", latin.replace("~", ""))


_SMALL_VOWEL = re.compile(r"([b-df-hj-np-tv-z]*)([aeiou])~([aeiou])")


def _with_small_vowel(match: re.Match) -> str:
    consonants, vowel, small = match.groups()
    if not consonants:  # ウォ, ウィ, ウェ are w-; イェ is ye
        consonants = "y" if vowel == "i" else "w"
    return consonants + small


# Lao (and Thai) vowels written before the consonant they follow in speech — Unicode's
# Logical_Order_Exception characters. Romanising in spoken order gives ໄຊ "xai", not "aix".
_PREPOSED_VOWELS = re.compile("([\u0ec0-\u0ec4\u0e40-\u0e44])(.)")
# Urdu pronounces these Arabic letters as s, z and t; anyascii spells them the Arabic way
# (th, dh, d…), which no Pakistani passport does.
_URDU_SOUNDS = str.maketrans({"ث": "س", "ص": "س", "ذ": "ز", "ض": "ز", "ظ": "ز", "ط": "ت"})


# Khmer: a subscript ro closing a word is not spoken (វិចិត្រ "Vichet", ពេជ្រ "Pich", មិត្រ
# "Mit"); anyascii spells it ("vichitr").
_KHMER_SILENT_RO = re.compile("\u17d2\u179a(?![\u17b6-\u17d3])")


def romanise(text: str, script: str | None = None) -> str:
    """Lower-case ASCII words. NFKC splits Lao ຳ and Thai ำ ("am") into two marks, which
    anyascii reads "oa" (ຄຳ "Kham" would be "khoa"): they are put back together."""
    script = script if script is not None else script_of(text)
    latin = _japanese_reading(text) if script == "JAPANESE" else text
    if script in ("LAO", "THAI"):
        latin = _PREPOSED_VOWELS.sub(r"\2\1", latin)
        latin = latin.replace("\u0ecd\u0eb2", "\u0eb3").replace("\u0e4d\u0e32", "\u0e33")
    elif script == "ARABIC":
        latin = latin.translate(_URDU_SOUNDS)
    elif script == "KHMER":
        latin = _KHMER_SILENT_RO.sub("", latin)
    latin = "".join(map(_ascii_letter, latin)).lower()
    latin = latin.replace("&", " and ").replace("'", "").replace("`", "")
    return " ".join(_WORD.findall(latin))


@lru_cache(maxsize=8192)
def _ascii_letter(char: str) -> str:
    """A character of a name in ASCII, or a space for one that is no part of a name: only
    letters, marks and digits are (anyascii would spell an emoji out as a word). anyascii spells
    each character on its own, so a name spelled character by character is spelled as a whole."""
    if unicodedata.category(char)[0] in "LMN" or char in "&'":
        return anyascii(char)
    return " "


@cache
def legal_forms() -> dict[str, str]:
    """Romanised legal-form word or phrase → its kind (``limited``, ``stock``, ``generic``…)."""
    with (_DATA / "legal_forms.toml").open("rb") as handle:
        data = tomllib.load(handle)
    forms: dict[str, str] = {}
    for kind, entries in data["kinds"].items():
        for entry in entries:
            roman = romanise(clean(entry))
            if roman:
                forms[roman] = kind
    return forms


@cache
def _legal_form_lengths() -> dict[str, tuple[int, ...]]:
    """First word of a legal form → the lengths in words of the forms it starts, longest first:
    a word that starts none (most of a name's words) is kept without trying a phrase."""
    lengths: dict[str, set[int]] = {}
    for phrase in legal_forms():
        words = phrase.split()
        lengths.setdefault(words[0], set()).add(len(words))
    return {word: tuple(sorted(found, reverse=True)) for word, found in lengths.items()}


def split_legal_forms(roman: str) -> tuple[str, frozenset[str]]:
    """The name without its legal-form words, and the specific kinds they named; a name that is
    nothing but a legal form keeps it. Longer forms are matched first."""
    forms = legal_forms()
    starting = _legal_form_lengths()
    words = roman.split()
    kept: list[str] = []
    kinds: set[str] = set()
    index = 0
    while index < len(words):
        for length in starting.get(words[index], ()):
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


# Sounds that scripts and spelling conventions write differently, folded to one letter: digraphs
# first, then classes (p/b/f/v, l/r, z/s, q/k, d/t), then the letters that come and go (h, w, y and
# the vowels). Abjads write no short vowels, syllabaries add them, Russian-style spellings write
# х as kh where Tajik writes ҳ as h.
_DIGRAPHS = (
    ("tch", "c"),
    ("dzh", "j"),
    ("kh", "k"),
    ("sh", "s"),
    ("ch", "c"),
    ("ph", "f"),
    ("th", "t"),
    ("zh", "j"),
    ("dh", "d"),
    ("gh", "g"),
    ("ck", "k"),
)
# x is s here: Lao names are romanised with it (Xayavong, Xaysomboun). d is t: Khmer ត is "t"
# to anyascii and "d" in names (ធីតា, Thida).
_CLASSES = str.maketrans(
    {"d": "t", "q": "k", "x": "s", "l": "r", "v": "b", "f": "b", "p": "b", "z": "s"}
)
# A v or w closing a syllable is a glide (Lao ແກ້ວ "Keo"), not a consonant.
_GLIDE = re.compile(r"(?<=[aeiou])[vw](?=[^aeiouy])|(?<=e)[vw]$")
_NOT_CONSONANT = re.compile(r"[aeiouyhw]")
_DOUBLED = re.compile(r"(.)\1+")


@lru_cache(maxsize=8192)  # names share words: "sok", "khan", "muhammad" are many names' words
def skeleton_word(word: str) -> str:
    """The consonants of a word, folded and with doubles collapsed:
    sokku → sk, sok → sk, muhammad → mmt → mt, mhmd → mt, chaudhry → ctr."""
    if word.isdigit():
        return word
    for source, target in _DIGRAPHS:
        word = word.replace(source, target)
    word = word.replace("gn", "y")  # Lao ຍ, romanised y in names
    word = _GLIDE.sub("", word).translate(_CLASSES)
    if word[:1] == "y" and len(word) > 1:  # a word's first y is a consonant: Yim is not Um
        consonants = "y" + _NOT_CONSONANT.sub("", word[1:])
    else:
        consonants = _NOT_CONSONANT.sub("", word) or word[:1]
    return _DOUBLED.sub(r"\1", consonants)


def skeleton(bare: str) -> str:
    return " ".join(filter(None, (skeleton_word(w) for w in bare.split())))


# What katakana cannot tell apart, folded on both sides when a Japanese name meets another
# script: v and w before a vowel are one sound (Lao ວ, romanised "v", is /w/: "Phommavong" is
# written ポンマウォン), a final ng is ン, and ン before m, b or p is read m ("Bounmy" is ブンミー,
# romanised "bummi"). Not in the plain skeleton: between Urdu and Latin a w is often a vowel.
_KANA_ONSET_W = re.compile(r"w(?=[aeiou])")
_KANA_FINAL_NG = re.compile(r"ng$")
_KANA_N_BEFORE_LIP = re.compile(r"n(?=[mbp])")


@lru_cache(maxsize=8192)
def kana_skeleton_word(word: str) -> str:
    if word.isdigit():
        return word
    word = _KANA_ONSET_W.sub("v", word)
    word = _KANA_FINAL_NG.sub("n", word)
    return skeleton_word(_KANA_N_BEFORE_LIP.sub("m", word))


def kana_skeleton(bare: str) -> str:
    return " ".join(filter(None, (kana_skeleton_word(w) for w in bare.split())))


# The other way round, for finding candidates: the skeleton of the Latin spelling a Japanese
# name's sounds often stand for where the plain skeletons part (ヘン is "Heng", ポンマウォン
# "Phommavong"). Not ン before m: "pomma" is "Phomma" as often as "bummi" is "Bounmy".
_KANA_FINAL_N = re.compile(r"n$")


def kana_latin_skeleton(bare: str) -> str:
    words = []
    for word in bare.split():
        if not word.isdigit():
            word = _KANA_FINAL_N.sub("ng", _KANA_ONSET_W.sub("v", word))
        words.append(skeleton_word(word))
    return " ".join(filter(None, words))


# A name's keys are asked for more than once while answering one request (checked, then
# matched; each person of an organisation against every candidate's people). Small on purpose:
# it spares the repeats, it is not a store of names.
@lru_cache(maxsize=256)
def name_keys(text: str) -> NameKeys:
    original = clean(text)
    script = script_of(original)
    roman = romanise(original, script)
    bare, kinds = split_legal_forms(roman)
    return NameKeys(
        original=original.casefold(),
        script=script,
        roman=roman,
        bare=bare,
        skeleton=skeleton(bare),
        legal_kinds=kinds,
    )
