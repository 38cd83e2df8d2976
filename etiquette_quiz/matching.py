"""Finding a phrase in a typed answer the way people type it, deterministically and offline.

A phrase (one variant of a `must`, `should` or `never` group, or an accepted `fill` answer) is
looked for in the answer in two tiers:

1. exactly, after NFKC, case folding and dropping white space and punctuation (the contract of
   BANK-FORMAT.md), and after traditional → simplified conversion when `traditional` is on;
2. only if that finds nothing: tolerantly, unit by unit (a Latin word or one other character),
   within the bounds of the question's `Tolerance`:
   - English words by their stem after US spelling (apologise = apologize, checking = check);
   - a pinyin homophone for a Chinese character (少等 for 稍等), never for a protected one;
   - a few extra Chinese characters inside the phrase (请您稍等 for 请稍等);
   - for forbidden phrases only, also a character left out (我也没办法 for 我也没有办法),
     and 您/你 counted as one.

Every match says where it is in the typed text and how it matched, so feedback can show the
trainee what was accepted and why. The converter, the pinyin table and the stemmer are
imported on first use and cached: `--help` and the quiz start-up never load them.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

from .model import Tolerance

# How a match differs from the phrase, in the order a note lists them.
TRADITIONAL = "traditional"
WORD_FORM = "word-form"
HOMOPHONE = "homophone"
INSERTION = "insertion"
OMISSION = "omission"
NIN_NI = "nin-ni"
KINDS = (TRADITIONAL, WORD_FORM, HOMOPHONE, INSERTION, OMISSION, NIN_NI)

# The characters that carry the courtesy itself (respectful 您 and the plain 你 it replaces,
# please, thanks, apology, forgiveness, "sorry to trouble you", honorifics) and the negations:
# a homophone slip is never accepted on these, in the phrase or in the answer, because
# swapping one changes what was said to the customer, not just how it was typed.
COURTESY = frozenset("您你请谢歉谅劳扰烦贵敬")
NEGATIONS = frozenset("不没别无未非勿莫甭")
PROTECTED = COURTESY | NEGATIONS
# English words compared as written: the stem of "please" is shared by "pleased".
PROTECTED_WORDS = frozenset({"please"})

DEFAULT = Tolerance()  # every tolerance on, as a question without `matching:` has it
EXACT = Tolerance(traditional=False, homophones=False, insertions=0, word_forms=False)  # loads no library

_WORD, _HAN, _OTHER = 0, 1, 2

# A candidate match is ranked by a key: exact before tolerant, then fewest tolerances, then order.
Key = tuple[int, ...]
Pairs = list[tuple[int, int, str]]  # (phrase unit, answer unit, kind) for each matched unit
_SEPARATOR_CATEGORIES = frozenset("PZC")


# -- normalisation -------------------------------------------------------------------------

@lru_cache(maxsize=4096)
def _is_separator(char: str) -> bool:
    return unicodedata.category(char)[0] in _SEPARATOR_CATEGORIES


def _is_word(char: str) -> bool:
    """Latin letters and digits form words; CJK characters do not need word boundaries."""
    return char.isascii() and char.isalnum()


def _is_han(char: str) -> bool:
    code = ord(char)
    return 0x4E00 <= code <= 0x9FFF or 0x3400 <= code <= 0x4DBF or 0xF900 <= code <= 0xFAFF or code >= 0x20000


def has_chinese(text: str) -> bool:
    """Whether `text` has a Chinese character."""
    return any(_is_han(char) for char in text)


@dataclass(frozen=True)
class Normalized:
    """Text after NFKC and case folding with white space and punctuation removed.

    `starts` marks positions that began a new word in the original (after a space or a
    punctuation mark), so that 'hi' is not found inside 'this'.
    """

    text: str
    starts: frozenset[int]

    def spans(self, phrase: Normalized) -> list[tuple[int, int]]:
        """Every (start, end) in `text` where `phrase` occurs with whole Latin words at its ends."""
        out: list[tuple[int, int]] = []
        needle, size = phrase.text, len(phrase.text)
        if not needle:
            return out
        at = self.text.find(needle)
        while at != -1:
            end = at + size
            left_ok = at == 0 or at in self.starts or not (_is_word(needle[0]) and _is_word(self.text[at - 1]))
            right_ok = (
                end == len(self.text) or end in self.starts
                or not (_is_word(needle[-1]) and _is_word(self.text[end]))
            )
            if left_ok and right_ok:
                out.append((at, end))
            at = self.text.find(needle, at + 1)
        return out

    def find(self, phrase: Normalized) -> bool:
        """Whether `phrase` occurs here, starting and ending on word boundaries for Latin words."""
        return bool(self.spans(phrase))


@lru_cache(maxsize=8192)
def _fold(text: str) -> tuple[str, tuple[tuple[int, int], ...], frozenset[int]]:
    """The normalised characters of `text`, each with the (start, end) it came from in `text`."""
    chars: list[str] = []
    origins: list[tuple[int, int]] = []
    starts: set[int] = set()
    pending_gap = False
    i, size = 0, len(text)
    while i < size:
        j = i + 1
        while j < size and unicodedata.combining(text[j]):
            j += 1  # a letter and its combining accents normalise together (e + ́ = é)
        for char in unicodedata.normalize("NFKC", text[i:j]).casefold():
            if _is_separator(char):
                pending_gap = True
                continue
            if pending_gap and chars:
                starts.add(len(chars))
            pending_gap = False
            chars.append(char)
            origins.append((i, j))
        i = j
    return "".join(chars), tuple(origins), frozenset(starts)


def normalize(text: str) -> Normalized:
    """Normalise a typed answer or an accepted phrase for comparison (BANK-FORMAT.md, text answers)."""
    folded, _, starts = _fold(text)
    return Normalized(folded, starts)


@lru_cache(maxsize=1)
def _t2s_converter() -> Any:
    import opencc  # the official OpenCC binding (Apache-2.0): phrase-aware, ~15 ms to load

    return opencc.OpenCC("t2s")


@lru_cache(maxsize=8192)
def to_simplified(text: str) -> str:
    """`text` with traditional characters converted to simplified, one character for one."""
    convert = _t2s_converter().convert
    converted: str = convert(text)
    if len(converted) == len(text):
        return converted
    # Offsets must line up with the typed text; a phrase rule that changed the length is undone
    # character by character.
    return "".join(c if len(c) == 1 else o for o, c in ((o, str(convert(o))) for o in text))


@dataclass(frozen=True, eq=False)
class _Unit:
    text: str  # a Latin word or one character
    lo: int  # its characters in the normalised text
    hi: int
    kind: int


@dataclass(frozen=True, eq=False)
class Prepared:
    """A text ready for matching: normalised, optionally simplified, split into units."""

    raw: str
    normalized: Normalized  # after conversion to simplified when asked
    plain: str  # the normalised text before that conversion
    origins: tuple[tuple[int, int], ...]
    units: tuple[_Unit, ...]

    def raw_span(self, lo: int, hi: int) -> tuple[int, int]:
        """Offsets in the typed text of normalised characters lo..hi."""
        return self.origins[lo][0], self.origins[hi - 1][1]


@lru_cache(maxsize=8192)
def prepare(text: str, traditional: bool = True) -> Prepared:
    """`text` normalised and cut into units, traditional characters simplified if asked."""
    plain, origins, starts = _fold(text)
    converted = to_simplified(plain) if traditional and plain and not plain.isascii() else plain
    units: list[_Unit] = []
    for at, char in enumerate(converted):
        if _is_word(char):
            last = units[-1] if units else None
            if last is not None and last.kind == _WORD and last.hi == at and at not in starts:
                units[-1] = _Unit(last.text + char, last.lo, at + 1, _WORD)
            else:
                units.append(_Unit(char, at, at + 1, _WORD))
        else:
            units.append(_Unit(char, at, at + 1, _HAN if _is_han(char) else _OTHER))
    return Prepared(text, Normalized(converted, starts), plain, origins, tuple(units))


# -- English word forms --------------------------------------------------------------------

_OUR = re.compile(r"^([a-z]{3,})our(s|ed|ing|ite|ites|able|ably|ful|er|ers)?$")
# UK spellings rewritten to US before stemming. Both the phrase and the answer go through the
# same rules, so a rule that also catches a word without a second spelling (advise → advize)
# is harmless; each rule is anchored so it cannot merge two different words.
_US_SPELLING = (
    (re.compile(r"^([a-z]{2,}[bcdfghjklmnpqrstvwxz])is(e|es|ed|ing|er|ers|ation|ations)$"), r"\1iz\2"),
    (re.compile(r"^([a-z]+)ys(e|es|ed|ing)$"), r"\1yz\2"),  # analyse
    (re.compile(r"^([a-z]{2,})tre(s|d)?$"), r"\1ter\2"),  # centre
    (re.compile(r"^([a-z]{3,})ogue(s)?$"), r"\1og\2"),  # dialogue
    (re.compile(r"^([a-z]{2,}[aeiou])ll(ed|ing|er|ers)$"), r"\1l\2"),  # cancelled
    (re.compile(r"^enquir"), "inquir"),  # enquiry
    (re.compile(r"^([a-z]+dg)ement(s)?$"), r"\1ment\2"),  # judgement
    (re.compile(r"^(lic|def|off|pret)ence(s)?$"), r"\1ense\2"),  # licence
    (re.compile(r"^programme(s)?$"), r"program\1"),
)


def us_spelling(word: str) -> str:
    """The US spelling of a lower-case English word (colour → color, apologise → apologize)."""
    match = _OUR.match(word)
    if match and any(v in match.group(1) for v in "aeiouy"):  # colour, but not four, your, flour
        word = f"{match.group(1)}or{match.group(2) or ''}"
    for pattern, replacement in _US_SPELLING:
        word = pattern.sub(replacement, word)
    return word


@lru_cache(maxsize=1)
def _stemmer() -> Any:
    import snowballstemmer  # Snowball's English (Porter2) stemmer, pure Python, BSD-3

    return snowballstemmer.stemmer("english")


@lru_cache(maxsize=16384)
def word_form(word: str) -> str:
    """What an English word is compared by when word forms are tolerated: its stem in US spelling."""
    if word in PROTECTED_WORDS or not word.isalpha():
        return word
    return str(_stemmer().stemWord(us_spelling(word)))


# -- homophones ----------------------------------------------------------------------------

@lru_cache(maxsize=1)
def _pinyin() -> Any:
    import os

    # Only single characters are looked up, so pypinyin's 2.5 MB phrase table (and the copy it
    # makes of its dictionaries) is skipped through its documented switches: 30 ms, not 170 ms.
    switches = {"PYPINYIN_NO_PHRASES": "1", "PYPINYIN_NO_DICT_COPY": "1"}
    before = {name: os.environ.get(name) for name in switches}
    os.environ.update(switches)
    try:
        from pypinyin import Style, pinyin
    finally:
        for name, value in before.items():
            if value is None:
                os.environ.pop(name, None)
            else:
                os.environ[name] = value
    return lambda char: pinyin(char, style=Style.NORMAL, heteronym=True)[0]


@lru_cache(maxsize=16384)
def _readings(char: str) -> tuple[str, ...]:
    """Toneless pinyin readings of a Chinese character, the commonest first; () if it has none."""
    if not _is_han(char):
        return ()
    return tuple(r for r in _pinyin()(char) if r.isascii() and r.isalpha())


def readings(char: str) -> frozenset[str]:
    """Every toneless pinyin reading of a Chinese character (少 → {'shao'}); empty if it has none."""
    return frozenset(_readings(char))


def homophone_slip(expected: str, typed: str) -> bool:
    """Whether `typed` is what an IME offers for the reading of `expected` it was meant to have.

    Each character's main reading must be a reading of the other: an IME lists a character
    under its usual reading, and the phrase means its character in its usual reading, so rare
    readings do not count (追 has an old reading duī, 是 an old tí: 追 is no slip for 对, nor 题
    for 是). 的 (de, di) and 地 (di, de) still are.
    """
    typed_readings, expected_readings = _readings(typed), _readings(expected)
    return bool(typed_readings and expected_readings) and typed_readings[0] in expected_readings \
        and expected_readings[0] in typed_readings


# -- matches -------------------------------------------------------------------------------

@dataclass(frozen=True)
class Match:
    """Where a phrase was found in a typed answer, and how it differs from the phrase."""

    phrase: str  # the variant as the bank writes it
    typed: str  # the answer's own characters that matched
    start: int  # offsets of `typed` in the answer
    end: int
    how: tuple[str, ...] = ()  # empty for an exact match; else some of KINDS, in that order

    @property
    def exact(self) -> bool:
        """Whether the phrase was found as written, with no tolerance."""
        return not self.how

    def note(self, **where: Any) -> dict[str, Any]:
        """A plain, JSON-ready account: {'typed': '少等', 'as': '稍等', 'how': 'homophone', 'at': [s, e]}."""
        return {**where, "typed": self.typed, "as": self.phrase, "how": "+".join(self.how),
                "at": [self.start, self.end]}


@dataclass(frozen=True)
class _Bounds:
    insertions: int
    omissions: int
    slips: int
    word_forms: bool
    nin_ni: bool


def bounds(han: int, tolerance: Tolerance, forbidden: bool = False) -> tuple[int, int, int]:
    """(insertions, omissions, homophone slips) allowed in a phrase of `han` Chinese characters.

    Insertions: none in a two-character phrase (您好 must not match 您说好), one in three,
    up to the setting from four. Omissions (forbidden phrases only): one per four characters
    after the first, so five characters are needed to leave one out. Slips: one, two from six.
    """
    insertions = min(tolerance.insertions, max(0, han - 2))
    omissions = min(tolerance.insertions, (han - 1) // 4) if forbidden else 0
    slips = 0 if not tolerance.homophones or han < 2 else (1 if han < 6 else 2)
    return insertions, omissions, slips


def _unit_kind(want: _Unit, got: _Unit, limits: _Bounds) -> str | None:
    """'' if the units are the same, the kind of tolerance that makes them so, or None."""
    if want.text == got.text:
        return ""
    if want.kind == _WORD and got.kind == _WORD:
        if limits.word_forms and want.text not in PROTECTED_WORDS and got.text not in PROTECTED_WORDS \
                and word_form(want.text) == word_form(got.text):
            return WORD_FORM
        return None
    if want.kind == _HAN and got.kind == _HAN:
        if limits.nin_ni and {want.text, got.text} == {"您", "你"}:
            return NIN_NI
        if limits.slips and want.text not in PROTECTED and got.text not in PROTECTED \
                and homophone_slip(want.text, got.text):
            return HOMOPHONE
    return None


def _walk(phrase: Sequence[_Unit], answer: Prepared, start: int, limits: _Bounds, whole: bool,
          forbidden: bool) -> tuple[Key, int, Pairs] | None:
    """The best way to match `phrase` from answer unit `start`: (cost, end unit, pairs) or None."""
    units, starts = answer.units, answer.normalized.starts
    size, last = len(units), len(phrase) - 1
    best: list[tuple[Key, int, Pairs] | None] = [None]

    def step(i: int, j: int, ins: int, om: int, slips: int, forms: int, swaps: int, gap: bool,
             pairs: Pairs) -> None:
        if i > last:
            if whole and j != size:
                return
            cost = (slips, ins + om, forms, swaps)
            current = best[0]
            if current is None or cost < current[0]:
                best[0] = (cost, j, list(pairs))
            return
        want = phrase[i]
        if j < size:
            got = units[j]
            # An insertion never touches punctuation, so a phrase cannot reach across a clause.
            kind = None if gap and got.lo in starts else _unit_kind(want, got, limits)
            if kind is not None and (kind != HOMOPHONE or slips < limits.slips):
                pairs.append((i, j, kind))
                step(i + 1, j + 1, ins, om, slips + (kind == HOMOPHONE), forms + (kind == WORD_FORM),
                     swaps + (kind == NIN_NI), False, pairs)
                pairs.pop()
            prev = phrase[i - 1] if i else None
            if (prev is not None and ins < limits.insertions and om == 0
                    and prev.kind == _HAN and want.kind == _HAN and got.kind == _HAN
                    and got.text not in NEGATIONS and got.lo not in starts
                    and (forbidden or prev.text not in NEGATIONS or prev.text + got.text == "没有")):
                step(i, j + 1, ins + 1, om, slips, forms, swaps, True, pairs)
        # Insertions and omissions exclude each other: together they would swap in any character.
        if (0 < i < last and om < limits.omissions and ins == 0
                and want.kind == _HAN and want.text not in NEGATIONS):
            step(i + 1, j, ins, om + 1, slips, forms, swaps, gap, pairs)

    step(0, start, 0, 0, 0, 0, 0, False, [])
    return best[0]


def _how(answer: Prepared, phrase: Prepared, pairs: Pairs,
         edits: tuple[int, int]) -> tuple[str, ...]:
    """The kinds of tolerance a match used, in KINDS order."""
    kinds = {kind for _, _, kind in pairs if kind}
    for i, j, _ in pairs:
        want, got = phrase.units[i], answer.units[j]
        typed_plain = answer.plain[got.lo:got.hi]
        if typed_plain != answer.normalized.text[got.lo:got.hi] and typed_plain != phrase.plain[want.lo:want.hi]:
            kinds.add(TRADITIONAL)
    if edits[0]:
        kinds.add(INSERTION)
    if edits[1]:
        kinds.add(OMISSION)
    return tuple(kind for kind in KINDS if kind in kinds)


def _exact(answer: Prepared, phrase: Prepared, variant: str, whole: bool) -> list[tuple[Key, Match]]:
    out: list[tuple[Key, Match]] = []
    for lo, hi in answer.normalized.spans(phrase.normalized):
        if whole and (lo, hi) != (0, len(answer.normalized.text)):
            continue
        traditional = answer.plain[lo:hi] != phrase.plain
        start, end = answer.raw_span(lo, hi)
        match = Match(variant, answer.raw[start:end], start, end, (TRADITIONAL,) if traditional else ())
        out.append(((0, int(traditional)), match))
    return out


def _tolerant(answer: Prepared, phrase: Prepared, variant: str, tolerance: Tolerance, forbidden: bool,
              whole: bool) -> list[tuple[Key, Match]]:
    units = phrase.units
    if not units:
        return []
    han = sum(unit.kind == _HAN for unit in units)
    insertions, omissions, slips = bounds(han, tolerance, forbidden)
    words = tolerance.word_forms and any(unit.kind == _WORD for unit in units)
    nin_ni = forbidden and any(unit.text in ("您", "你") for unit in units)
    if not (insertions or omissions or slips or words or nin_ni):
        return []
    limits = _Bounds(insertions, omissions, slips, tolerance.word_forms, nin_ni)
    out = []
    for start in ([0] if whole else range(len(answer.units))):
        if start >= len(answer.units) or _unit_kind(units[0], answer.units[start], limits) is None:
            continue
        found = _walk(units, answer, start, limits, whole, forbidden)
        if found is None:
            continue
        cost, end, pairs = found
        lo, hi = answer.units[start].lo, answer.units[end - 1].hi
        matched = {i for i, _, _ in pairs}
        edits = (end - start - len(pairs), len(units) - len(matched))
        how = _how(answer, phrase, pairs, edits)
        raw_start, raw_end = answer.raw_span(lo, hi)
        out.append(((1, *cost), Match(variant, answer.raw[raw_start:raw_end], raw_start, raw_end, how)))
    return out


def _candidates(answer: str, variants: Iterable[str], tolerance: Tolerance, forbidden: bool = False,
                whole: bool = False, every: bool = False) -> list[tuple[Key, Match]]:
    """Matches of any variant, each with a sort key (exact first, then fewest tolerances used)."""
    typed = prepare(answer, tolerance.traditional)
    phrases = [(n, v, prepare(v, tolerance.traditional)) for n, v in enumerate(variants)]
    found = [((*key, n), match) for n, v, p in phrases for key, match in _exact(typed, p, v, whole)]
    if found and not every:
        return found
    for n, variant, phrase in phrases:
        tolerated = _tolerant(typed, phrase, variant, tolerance, forbidden, whole)
        found.extend(((*key, n), match) for key, match in tolerated)
    return found


def _best(found: list[tuple[Key, Match]]) -> Match | None:
    return min(found, key=lambda item: (item[0], item[1].start))[1] if found else None


def find(answer: str, variants: Iterable[str], tolerance: Tolerance = DEFAULT) -> Match | None:
    """The best occurrence in `answer` of any of `variants` (exact before tolerant, then by order)."""
    return _best(_candidates(answer, variants, tolerance))


def find_whole(answer: str, variants: Iterable[str], tolerance: Tolerance = DEFAULT) -> Match | None:
    """`answer` as a whole read as one of `variants` (a `fill` blank), or None."""
    return _best(_candidates(answer, variants, tolerance, whole=True))


def find_all(answer: str, variants: Iterable[str], tolerance: Tolerance = DEFAULT,
             forbidden: bool = False) -> list[Match]:
    """Every occurrence of any variant, exact and tolerant, ordered by where it starts."""
    found = _candidates(answer, variants, tolerance, forbidden=forbidden, every=True)
    best: dict[tuple[int, int], Match] = {}
    for _, match in sorted(found, key=lambda item: (item[1].start, item[0])):
        best.setdefault((match.start, match.end), match)  # the exact reading of a span before a tolerant one
    return list(best.values())


def find_forbidden(answer: str, phrase: Iterable[str], unless: Iterable[str] | None,
                   tolerance: Tolerance = DEFAULT) -> Match | None:
    """The first use of a forbidden phrase that is not part of one of its polite `unless` uses.

    A hit is excused only when it lies inside an occurrence of an `unless` phrase: with
    `不知道 unless 不知道您是否`, "不知道您是否需要留言" is fine, "我不知道。不知道您是否…" is not.
    """
    hits = find_all(answer, phrase, tolerance, forbidden=True)
    if not hits or unless is None:
        return hits[0] if hits else None
    # Polite uses are matched like `must` phrases: leaving out 您 does not make one.
    polite = [(m.start, m.end) for m in find_all(answer, unless, tolerance)]
    for hit in hits:
        if not any(start <= hit.start and hit.end <= end for start, end in polite):
            return hit
    return None


def warm_up() -> None:
    """Load the converter, the pinyin table and the stemmer now (~45 ms), for example in a
    background thread while the first question is read, so the first graded answer need not."""
    to_simplified("對")
    readings("等")
    word_form("checking")


def warm(variants: Iterable[str], tolerance: Tolerance = DEFAULT) -> None:
    """Prepare a question's phrases ahead of its answer (the libraries, each phrase cut into units,
    the readings and word forms of its units), so grading the answer finds them cached."""
    if tolerance != EXACT:
        warm_up()
    for variant in variants:
        prepared = prepare(variant, tolerance.traditional)
        for unit in prepared.units:
            if unit.kind == _HAN and tolerance.homophones:
                readings(unit.text)
            elif unit.kind == _WORD and tolerance.word_forms:
                word_form(unit.text)
