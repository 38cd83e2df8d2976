"""The vocabulary of bank and exam files: allowed keys, id and language patterns, limits.

The readers and the JSON Schema both take their keys and patterns from here, so the two
cannot disagree about what a file may contain.
"""

from __future__ import annotations

import re

from ..model import QuestionType

ID_PATTERN = r"[a-z0-9]+(?:-[a-z0-9]+)*"
LANG_PATTERN = r"[A-Za-z]{2,3}(?:-[A-Za-z0-9]{2,8})*"
ID_RE = re.compile(ID_PATTERN + r"\Z")
SOURCE_ID_RE = re.compile(r"[A-Za-z0-9][A-Za-z0-9_.-]*\Z")
LANG_RE = re.compile(LANG_PATTERN + r"\Z")
DURATION_RE = re.compile(r"(?:(\d+)\s*h)?\s*(?:(\d+)\s*m(?:in)?)?\s*(?:(\d+)\s*s)?\Z")
PERCENT_RE = re.compile(r"(\d+(?:\.\d+)?)\s*%\Z")
# Country codes written where a language code belongs ('cn' is not Chinese; 'zh' is).
MISTAKEN_LANGUAGES = frozenset({"cn", "ch", "chn"})
MAX_TEXT = 10_000
MAX_INSERTIONS = 5
# Terminal escapes and other controls (a YAML "\e" escape makes one), and the bidirectional
# overrides that can make a text display differently from what it says.
CONTROL_RE = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]")
YAML_SUFFIXES = (".yaml", ".yml")

BANK_KEYS = (
    "bank", "title", "language", "version", "description", "matching", "lint", "sources", "rules", "questions",
)
SOURCE_KEYS = ("id", "title", "url")
RULE_KEYS = ("id", "text", "source", "quote")
COMMON_QUESTION_KEYS = (
    "id", "type", "rule", "rules", "difficulty", "points", "tags", "prompt", "scenario", "explain", "lint",
)
TYPE_KEYS: dict[QuestionType, tuple[str, ...]] = {
    QuestionType.SINGLE: ("correct", "wrong"),
    QuestionType.MULTI: ("correct", "wrong", "scoring"),
    QuestionType.TRUEFALSE: ("answer",),
    QuestionType.ORDER: ("steps", "scoring"),
    QuestionType.FILL: ("blanks", "examples", "matching"),
    QuestionType.SCRIPT: ("must", "should", "never", "model", "examples", "matching"),
    QuestionType.MATCH: ("pairs", "wrong"),
}
TYPE_REQUIRED: dict[QuestionType, tuple[str, ...]] = {
    QuestionType.SINGLE: ("correct", "wrong"),
    QuestionType.MULTI: ("correct", "wrong"),
    QuestionType.TRUEFALSE: ("answer",),
    QuestionType.ORDER: ("steps",),
    QuestionType.FILL: ("blanks",),
    QuestionType.SCRIPT: ("must", "model"),
    QuestionType.MATCH: ("pairs",),
}
ALL_QUESTION_KEYS = COMMON_QUESTION_KEYS + tuple(
    dict.fromkeys(key for keys in TYPE_KEYS.values() for key in keys)
)
CHOICE_KEYS = ("text", "feedback")
FORBIDDEN_KEYS = ("phrase", "unless")
EXAMPLE_KEYS = ("accept", "reject")
MATCHING_KEYS = ("traditional", "homophones", "insertions", "word_forms")
LINT_KEYS = ("ignore", "why")  # `lint: {ignore: [check, ...], why: ...}` silences `bank lint` findings on purpose
LINT_CODE_RE = re.compile(r"[a-z]+(?:-[a-z]+)*\Z")
EXAM_KEYS = ("exam", "title", "description", "time_limit", "pass_mark", "feedback", "sections", "clock", "navigation",
             "review", "seed")
SECTION_KEYS = ("bank", "count", "types", "difficulty", "tags", "questions")


def _owner_types(key: str) -> str:
    return ", ".join(t for t, keys in TYPE_KEYS.items() if key in keys)


# For each type: the keys that belong to other types -> those types ("" -> this type).
ELSEWHERE: dict[QuestionType, dict[str, str]] = {
    qtype: {"": qtype.value, **{key: _owner_types(key) for key in ALL_QUESTION_KEYS
                                if key not in COMMON_QUESTION_KEYS + TYPE_KEYS[qtype]}}
    for qtype in TYPE_KEYS
}
