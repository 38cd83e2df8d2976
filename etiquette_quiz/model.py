"""The domain as plain immutable data: texts, rules, questions, banks and exams.

No I/O and no terminal code lives here; the loader builds these objects and every other
module reads them.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from enum import StrEnum
from fractions import Fraction
from functools import cached_property
from typing import Any, TypeAlias

DEFAULT_LANGUAGE = "zh-CN"

# A blank of a `fill` prompt is three or more underscores; the quiz numbers them ①②③ on screen.
BLANK_RE = re.compile(r"_{3,}")
BLANK_MARKS = "①②③④⑤⑥⑦⑧⑨⑩"

# An exam's pass mark when its file names none; also the line a key's rejected examples must stay under.
DEFAULT_PASS_MARK = Fraction(3, 5)


def _pick(values: tuple[tuple[str, Any], ...], lang: str | None) -> Any:
    """The value for `lang`, else one sharing its primary language, else the first (bank) one."""
    if lang is not None:
        for code, value in values:
            if code == lang:
                return value
        primary = lang.split("-")[0]
        for code, value in values:
            if code.split("-")[0] == primary:
                return value
    return values[0][1]


@dataclass(frozen=True)
class Text:
    """One text in one or more languages; the first entry is the bank's own language."""

    values: tuple[tuple[str, str], ...]

    def get(self, lang: str | None = None) -> str:
        """The text in `lang` (or a language sharing its primary tag), else in the bank's language."""
        text: str = _pick(self.values, lang)
        return text

    @property
    def languages(self) -> tuple[str, ...]:
        """The languages this text is written in."""
        return tuple(code for code, _ in self.values)

    def all_values(self) -> tuple[str, ...]:
        """The text in every language."""
        return tuple(value for _, value in self.values)

    def __str__(self) -> str:
        return self.values[0][1]


@dataclass(frozen=True)
class Alternatives:
    """Interchangeable texts (accepted answers, phrase variants), listed per language."""

    values: tuple[tuple[str, tuple[str, ...]], ...]

    def get(self, lang: str | None = None) -> tuple[str, ...]:
        """The variants in `lang` (or a language sharing its primary tag), else in the bank's language."""
        variants: tuple[str, ...] = _pick(self.values, lang)
        return variants

    @property
    def languages(self) -> tuple[str, ...]:
        """The languages these variants are written in."""
        return tuple(code for code, _ in self.values)

    def all_values(self) -> tuple[str, ...]:
        """Every variant in every language: an answer in any of them counts."""
        seen: dict[str, None] = {}
        for _, variants in self.values:
            for variant in variants:
                seen.setdefault(variant, None)
        return tuple(seen)


@dataclass(frozen=True)
class Choice:
    """A choice of a `single` or `multi` question, with optional feedback shown when it is picked wrongly."""

    text: Text
    feedback: Text | None = None


@dataclass(frozen=True)
class Pair:
    """A left item and the right item it matches."""

    left: Text
    right: Text


@dataclass(frozen=True)
class Source:
    """A document the rules of a bank come from."""

    id: str
    title: Text
    url: str | None = None


@dataclass(frozen=True)
class Rule:
    """One rule of etiquette, with the source it is cited from and, optionally, the manual's own words."""

    id: str
    text: Text
    source: str | None = None
    quote: Text | None = None  # the manual's sentence, verbatim and short (checked by `bank lint --sources`)


# QuestionType lives in a module of its own so the command line can offer `--type` without
# building every dataclass of the model (about 8 ms of `--help`).
from .kinds import QuestionType as QuestionType  # noqa: E402  (re-exported: the model's name for it)

QUESTION_TYPES: tuple[str, ...] = tuple(t.value for t in QuestionType)

# What a trainee answered, in a language-independent shape per type (see grading.py's docstring):
# a choice id, a list of choice ids, a boolean, step indices, typed texts, one typed text,
# the picked option per pair; None when unanswered.
Response: TypeAlias = Any
# How one question is shown in one attempt: {"choices": [...]} / {"steps": [...]} / {"options": [...]} / {}.
Layout: TypeAlias = dict[str, Any]
# One drawn question of an attempt's plan: {"key": "bank/id", "hash": content hash, "layout": Layout}.
PlanEntry: TypeAlias = dict[str, Any]


class Scoring(StrEnum):
    """How partly right answers to `multi` and `order` questions score."""

    PARTIAL = "partial"
    ALL_OR_NOTHING = "all-or-nothing"


@dataclass(frozen=True)
class ChoiceBody:
    """`single` (exactly one correct choice) and `multi`."""

    correct: tuple[Choice, ...]
    wrong: tuple[Choice, ...]
    scoring: Scoring = Scoring.PARTIAL

    def choice(self, choice_id: str) -> Choice:
        """Choices are named 'c<i>' (correct) and 'w<i>' (wrong), stable across languages and shuffles."""
        group = self.correct if choice_id[0] == "c" else self.wrong
        return group[int(choice_id[1:])]

    @property
    def choice_ids(self) -> tuple[str, ...]:
        """Every choice id: the correct ones, then the wrong ones."""
        return tuple(f"c{i}" for i in range(len(self.correct))) + tuple(
            f"w{i}" for i in range(len(self.wrong))
        )


@dataclass(frozen=True)
class TrueFalseBody:
    """`truefalse`: whether the statement in the prompt is true."""

    answer: bool


@dataclass(frozen=True)
class OrderBody:
    """`order`: steps in the right order."""

    steps: tuple[Text, ...]
    scoring: Scoring = Scoring.PARTIAL


@dataclass(frozen=True)
class FillBody:
    """`fill`: accepted answers for each ___ of the prompt."""

    blanks: tuple[Alternatives, ...]


@dataclass(frozen=True)
class Forbidden:
    """A forbidden phrase (or interchangeable variants of it) of a `script` question.

    `unless` lists polite uses that contain the phrase and are fine: with `phrase: 不知道`
    and `unless: [不知道您是否]`, "不知道您是否需要留言？" is not a hit.
    """

    phrase: Alternatives
    unless: Alternatives | None = field(default=None, metadata={"hash": "if-set"})


@dataclass(frozen=True)
class Tolerance:
    """How forgiving the matching of typed answers (`fill`, `script`) is; see BANK-FORMAT.md."""

    traditional: bool = True  # traditional characters count as their simplified forms (對不起 = 对不起)
    homophones: bool = True  # an IME slip (少等 for 稍等) is accepted with a note, never on courtesy words
    insertions: int = 2  # at most this many extra characters inside a Chinese phrase (0: none)
    word_forms: bool = True  # English spelling variants and word forms (apologize/apologise, checking/check)


@dataclass(frozen=True)
class ScriptBody:
    """`script`: phrase groups an answer must contain, phrases it must not, and a model answer."""

    must: tuple[Alternatives, ...]
    never: tuple[Forbidden, ...]
    model: Text
    should: tuple[Alternatives, ...] = ()


@dataclass(frozen=True)
class MatchBody:
    """`match`: pairs, plus right-hand decoys that match nothing."""

    pairs: tuple[Pair, ...]
    decoys: tuple[Text, ...] = ()

    def option(self, option_id: str) -> Text:
        """Right-hand options are named 'p<i>' (the right side of pair i) and 'd<i>' (decoy i)."""
        if option_id[0] == "p":
            return self.pairs[int(option_id[1:])].right
        return self.decoys[int(option_id[1:])]

    @property
    def option_ids(self) -> tuple[str, ...]:
        """Every right-hand option id: the pairs' right sides, then the decoys."""
        return tuple(f"p{i}" for i in range(len(self.pairs))) + tuple(
            f"d{i}" for i in range(len(self.decoys))
        )


Body = ChoiceBody | TrueFalseBody | OrderBody | FillBody | ScriptBody | MatchBody


@dataclass(frozen=True)
class Examples:
    """Answers a trainer expects a typed-answer key to accept and to reject (tested by `bank validate`)."""

    accept: tuple[str, ...] = ()
    reject: tuple[str, ...] = ()


@dataclass(frozen=True)
class Question:
    """One question of a bank; `body` holds what its type needs."""

    bank: str
    id: str
    type: QuestionType
    prompt: Text
    body: Body
    rules: tuple[str, ...] = ()
    difficulty: int = 2
    points: Fraction = Fraction(1)  # exact: `points: 1.5` is 3/2 (see scores.py)
    tags: tuple[str, ...] = ()
    scenario: Text | None = None
    explain: Text | None = None
    # Typed answers only: how tolerant matching is (the bank's setting unless the question has its own),
    # and the examples its key is tested with. Examples do not change scoring, so they are not hashed.
    tolerance: Tolerance | None = field(default=None, metadata={"hash": "if-set"})  # None: the defaults
    examples: Examples | None = field(default=None, metadata={"hash": False})
    # `bank lint` checks the trainer silenced on purpose for this question (`lint: {ignore, why}`).
    lint_ignore: tuple[str, ...] = field(default=(), metadata={"hash": False})

    @property
    def key(self) -> str:
        """The global key, 'bank/question', used by exams and the results store."""
        return f"{self.bank}/{self.id}"

    @cached_property
    def content_hash(self) -> str:
        """A short hash of what the trainee sees and how it is scored; changes when the trainer edits it."""
        import hashlib
        import json

        payload = json.dumps(_plain(self), ensure_ascii=False, sort_keys=True, separators=(",", ":"))
        return hashlib.sha256(payload.encode("utf-8")).hexdigest()[:16]


def _plain(value: Any) -> Any:
    """A JSON-ready form of model data, for hashing.

    Fields added after release carry `hash: "if-set"` and count only when set, so that the
    hashes of questions that do not use them stay the same (stored attempts compare hashes).
    """
    if isinstance(value, (Text, Alternatives)):
        return {code: _plain(v) for code, v in value.values}
    if isinstance(value, StrEnum):
        return value.value
    if isinstance(value, Fraction):
        return float(value)  # points were floats when the hashes of stored attempts were taken
    if isinstance(value, Forbidden) and value.unless is None:
        return _plain(value.phrase)  # as a forbidden phrase was stored before `unless` existed
    if hasattr(value, "__dataclass_fields__"):
        out = {}
        for name, spec in value.__dataclass_fields__.items():
            rule = spec.metadata.get("hash", True)
            item = getattr(value, name)
            if rule is False or (rule == "if-set" and item == spec.default):
                continue
            out[name] = _plain(item)
        return out
    if isinstance(value, tuple):
        return [_plain(v) for v in value]
    return value


@dataclass(frozen=True)
class Bank:
    """A question bank: its rules, their sources and its questions."""

    id: str
    title: Text
    path: str
    language: str = DEFAULT_LANGUAGE
    version: int = 1
    description: Text | None = None
    sources: tuple[Source, ...] = ()
    rules: tuple[Rule, ...] = ()
    questions: tuple[Question, ...] = ()
    lint_ignore: tuple[str, ...] = ()  # `bank lint` checks silenced for the whole bank (`lint: {ignore, why}`)

    def rule(self, rule_id: str) -> Rule | None:
        """The bank's rule with this id."""
        for rule in self.rules:
            if rule.id == rule_id:
                return rule
        return None

    def source(self, source_id: str) -> Source | None:
        """The bank's source with this id."""
        for source in self.sources:
            if source.id == source_id:
                return source
        return None


class FeedbackMode(StrEnum):
    """When an exam shows the feedback on answers: after each one, or at the end."""

    END = "end"
    IMMEDIATE = "immediate"


class ClockMode(StrEnum):
    """How an exam's time limit runs: from a deadline fixed at the start, or only while the quiz is open."""

    RUNNING = "running"  # the deadline is fixed when the exam starts; nothing a trainee does stops it
    PAUSABLE = "pausable"  # Ctrl-C stops the clock; resume gives back the time not used


class Navigation(StrEnum):
    """How a trainee moves through an exam (Moodle's navigation method)."""

    FREE = "free"  # skip, flag, go back and change answers until hand-in
    SEQUENTIAL = "sequential"  # one question after another; an answer, or a blank, is final


class ReviewOption(StrEnum):
    """What a trainee sees of an exam once it is handed in (Moodle's review options, simplified)."""

    ANSWERS = "answers"  # the score, and each missed question with the right answer
    SCORE = "score"  # the score and pass or fail only
    NONE = "none"  # nothing: the trainer gives the result


@dataclass(frozen=True)
class Section:
    """One part of an exam: `count` questions drawn from a bank through filters, or listed questions."""

    bank: str | None = None
    count: int | None = None
    types: tuple[str, ...] = ()
    difficulty: tuple[int, ...] = ()
    tags: tuple[str, ...] = ()
    questions: tuple[str, ...] = ()

    def matches(self, question: Question) -> bool:
        """Whether a question of the section's bank passes the section's filters."""
        return (
            (not self.types or question.type in self.types)
            and (not self.difficulty or question.difficulty in self.difficulty)
            and (not self.tags or any(tag in question.tags for tag in self.tags))
        )


@dataclass(frozen=True)
class Exam:
    """An exam: sections drawn from banks, with a time limit, a pass mark and a feedback mode."""

    id: str
    title: Text
    path: str
    sections: tuple[Section, ...]
    time_limit: int | None = None  # seconds
    pass_mark: Fraction = DEFAULT_PASS_MARK  # share of the total points, exact as the file writes it
    feedback: FeedbackMode = FeedbackMode.END
    description: Text | None = None
    clock: ClockMode = ClockMode.RUNNING
    navigation: Navigation = Navigation.FREE
    review: ReviewOption = ReviewOption.ANSWERS
    seed: int | None = None  # a fixed paper: every attempt draws and lays out its questions with this seed


@dataclass(frozen=True)
class Library:
    """Every bank and exam loaded for one run, indexed for lookups."""

    banks: tuple[Bank, ...] = ()
    exams: tuple[Exam, ...] = ()
    _questions: dict[str, Question] = field(default_factory=dict, init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        for bank in self.banks:
            for question in bank.questions:
                self._questions.setdefault(question.key, question)

    def bank(self, bank_id: str) -> Bank | None:
        """The loaded bank with this id."""
        return next((b for b in self.banks if b.id == bank_id), None)

    def exam(self, exam_id: str) -> Exam | None:
        """The loaded exam with this id."""
        return next((e for e in self.exams if e.id == exam_id), None)

    def question(self, key: str) -> Question | None:
        """The question with this global key (bank/question)."""
        return self._questions.get(key)

    @property
    def questions(self) -> tuple[Question, ...]:
        """Every loaded question."""
        return tuple(self._questions.values())

    def rule_of(self, question: Question) -> list[Rule]:
        """The rules a question tests."""
        bank = self.bank(question.bank)
        if bank is None:
            return []
        return [r for r in (bank.rule(rule_id) for rule_id in question.rules) if r is not None]


# -- results ---------------------------------------------------------------------------------


class MarkStatus(StrEnum):
    """How an answer did, in words."""

    RIGHT = "right"
    PARTIAL = "partial"
    WRONG = "wrong"


@dataclass(frozen=True)
class Mark:
    """The result of one answer: the exact share of the question's points earned, and why."""

    fraction: Fraction
    max_points: Fraction
    detail: dict[str, Any] = field(default_factory=dict)
    forbidden: tuple[str, ...] = ()

    def __post_init__(self) -> None:
        # A float here would bring back the rounding this type exists to remove (2.9999/5).
        for name in ("fraction", "max_points"):
            value = getattr(self, name)
            if not isinstance(value, (Fraction, int)) or isinstance(value, bool):
                raise TypeError(f"Mark.{name} must be exact (a Fraction or an int), not {value!r}")
            object.__setattr__(self, name, Fraction(value))

    @property
    def points(self) -> Fraction:
        """The points earned, exactly."""
        return self.fraction * self.max_points

    @property
    def status(self) -> MarkStatus:
        """Right, partly right or wrong."""
        return status_of(self.fraction)

    @property
    def correct(self) -> bool:
        """Whether the answer earned all its points."""
        return self.status is MarkStatus.RIGHT


def status_of(fraction: Fraction | float) -> MarkStatus:
    """The status of an answer that earned `fraction` of its points (exact: all of them is right)."""
    if fraction >= 1:
        return MarkStatus.RIGHT
    return MarkStatus.PARTIAL if fraction > 0 else MarkStatus.WRONG


class AttemptMode(StrEnum):
    """Why an attempt was taken."""

    PRACTICE = "practice"
    EXAM = "exam"
    REVIEW = "review"


class AttemptState(StrEnum):
    """Where an attempt stands."""

    IN_PROGRESS = "in_progress"
    FINISHED = "finished"
    ABANDONED = "abandoned"  # discarded by the trainee before hand-in; kept, never scored


def person_key(text: str | None) -> str:
    """A name or employee number as compared: NFKC (full-width ＡＢ-007 is AB-007), case-folded, trimmed."""
    import unicodedata

    return " ".join(unicodedata.normalize("NFKC", text or "").casefold().split())


def tidy_person_text(text: str | None) -> str | None:
    """A name or employee number as stored: NFKC and single spaces, the case kept as typed."""
    import unicodedata

    tidy = " ".join(unicodedata.normalize("NFKC", text or "").split())
    return tidy or None


class AttemptEvent(StrEnum):
    """What an exam's log records (the store's attempt_events)."""

    START = "start"  # with the deadline, time limit and clock the attempt started with
    ANSWER = "answer"  # an answer given, or changed
    SKIP = "skip"  # a question left blank in a sequential exam (it does not come back)
    FLAG = "flag"
    UNFLAG = "unflag"
    PAUSE = "pause"
    RESUME = "resume"
    CLOCK_BACK = "clock-back"  # the system clock went back during the attempt
    CLOCK_EDITED = "clock-edited"  # the stored clock disagrees with the log: someone edited the store
    HAND_IN = "hand-in"
    TIME_UP = "time-up"


class Severity(StrEnum):
    """How serious a problem found in a bank or exam file is."""

    ERROR = "error"
    WARNING = "warning"
