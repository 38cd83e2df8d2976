"""The quiz as a state machine: draw, present, submit -> mark, timer, finish.

Nothing here knows about the terminal or the database: the clock and the recorder that
saves each answer are passed in, so the whole flow runs in tests with a fake clock.
"""

from __future__ import annotations

import random
import time
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from fractions import Fraction
from typing import Any, Protocol

from .grading import grade, unanswered
from .model import (
    AttemptEvent,
    Exam,
    Layout,
    Library,
    Mark,
    Navigation,
    PlanEntry,
    Question,
    QuestionType,
    Response,
)
from .scores import exact, fraction_of, passes


class TimeUp(Exception):
    """The exam's time ran out while a question was open."""


class SessionError(Exception):
    """A misuse of the session by its caller (a bug, not a user error)."""


def new_seed() -> int:
    """A fresh random seed for a draw."""
    return random.SystemRandom().randrange(1, 2**31)


# -- drawing -------------------------------------------------------------------------------


def filter_questions(
    questions: Iterable[Question],
    banks: Sequence[str] = (),
    tags: Sequence[str] = (),
    types: Sequence[str] = (),
    difficulty: Sequence[int] = (),
) -> list[Question]:
    """Questions passing every given filter (a filter left empty lets everything through)."""
    return [
        q for q in questions
        if (not banks or q.bank in banks)
        and (not tags or any(tag in q.tags for tag in tags))
        and (not types or q.type in types)
        and (not difficulty or q.difficulty in difficulty)
    ]


def draw_practice(pool: Sequence[Question], count: int | None, seed: int) -> list[Question]:
    """`count` questions (all when None or more than there are), in a seeded random order."""
    rng = random.Random(seed)
    chosen = list(pool)
    rng.shuffle(chosen)
    return chosen if count is None else chosen[:count]


def draw_exam(exam: Exam, library: Library, seed: int) -> list[Question]:
    """The exam's sections in order, each drawn as it says and shuffled within itself."""
    rng = random.Random(seed)
    drawn: list[Question] = []
    taken: set[str] = set()
    for section in exam.sections:
        if section.bank is not None:
            bank = library.bank(section.bank)
            pool = [q for q in (bank.questions if bank else ()) if section.matches(q) and q.key not in taken]
            rng.shuffle(pool)
            part = pool if section.count is None else pool[: section.count]
        else:
            part = [q for q in (library.question(k) for k in section.questions) if q is not None and q.key not in taken]
            rng.shuffle(part)
        taken.update(q.key for q in part)
        drawn.extend(part)
    return drawn


def _shuffled_choices(body: Any, rng: random.Random) -> Layout:
    choices = list(body.choice_ids)
    rng.shuffle(choices)
    return {"choices": choices}


def _shuffled_steps(body: Any, rng: random.Random) -> Layout:
    steps = list(range(len(body.steps)))
    while steps == sorted(steps):  # never shown already in order
        rng.shuffle(steps)
    return {"steps": steps}


def _shuffled_options(body: Any, rng: random.Random) -> Layout:
    options = list(body.option_ids)
    rng.shuffle(options)
    return {"options": options}


def _as_written(body: Any, rng: random.Random) -> Layout:
    return {}


# How each type is laid out for one attempt (this layer's entry of the question-type registry).
LAYOUTS: dict[QuestionType, Callable[[Any, random.Random], Layout]] = {
    QuestionType.SINGLE: _shuffled_choices,
    QuestionType.MULTI: _shuffled_choices,
    QuestionType.TRUEFALSE: _as_written,
    QuestionType.ORDER: _shuffled_steps,
    QuestionType.FILL: _as_written,
    QuestionType.SCRIPT: _as_written,
    QuestionType.MATCH: _shuffled_options,
}


def layout_for(question: Question, seed: int) -> Layout:
    """How a question is shown in one attempt: the shuffled order of its choices, steps or options.

    Each question gets its own generator seeded from the attempt seed and its key, so the
    layout does not depend on which other questions were drawn.
    """
    return LAYOUTS[question.type](question.body, random.Random(f"{seed}/{question.key}"))


def make_plan(questions: Sequence[Question], seed: int) -> list[PlanEntry]:
    """What an attempt stores to replay itself: each question's key, content hash and layout."""
    return [{"key": q.key, "hash": q.content_hash, "layout": layout_for(q, seed)} for q in questions]


# -- the session ---------------------------------------------------------------------------


@dataclass(frozen=True)
class Slot:
    """One drawn question of an attempt; `question` is None if its bank no longer has it."""

    position: int
    key: str
    question: Question | None
    layout: Layout
    changed: bool = False  # the bank's version differs from the one the attempt started with


def slots_from_plan(plan: Sequence[PlanEntry], library: Library) -> list[Slot]:
    """The slots of an attempt's plan, each with its question as the banks now hold it."""
    slots = []
    for position, entry in enumerate(plan):
        question = library.question(entry["key"])
        changed = question is not None and question.content_hash != entry.get("hash")
        layout = entry.get("layout", {})
        if question is not None and changed:
            layout = layout_for(question, position)  # the stored layout may not fit the new content
        slots.append(Slot(position, entry["key"], question, layout, changed))
    return slots


class Recorder(Protocol):
    """Saves one answer before the session counts it (attempts.AttemptRecorder)."""

    def __call__(self, slot: Slot, response: Response, mark: Mark, seconds: float, elapsed: float) -> None:
        """Save the answer, or raise: the question then stays open."""


class Journal(Protocol):
    """Saves what else happens in an exam (a flag, a question left blank) before the session counts it."""

    def __call__(self, kind: AttemptEvent, position: int) -> None:
        """Save the event, or raise: the session then stays as it was."""


class GivenAnswer(Protocol):
    """An answer saved earlier (a store.AnswerRecord), as a resumed session needs it."""

    position: int
    response: Response
    fraction: Fraction
    max_points: Fraction
    forbidden: list[str]
    seconds: float


class LoggedEvent(Protocol):
    """A line of an exam's log (a store.EventRecord), as a resumed session needs it."""

    kind: str
    position: int | None


@dataclass(frozen=True)
class BankScore:
    """A bank's part of an attempt's score."""

    bank: str
    score: Fraction
    max_score: Fraction

    @property
    def fraction(self) -> Fraction:
        """The share of the bank's points scored."""
        return fraction_of(self.score, self.max_score)


@dataclass(frozen=True)
class Result:
    """How an attempt went: the score, pass or fail, and the questions missed."""

    score: Fraction  # exact, like every score from the grader to the store (see scores.py)
    max_score: Fraction
    pass_mark: Fraction | None
    by_bank: tuple[BankScore, ...]
    missed: tuple[tuple[Slot, Any, Mark], ...]  # every question not fully right, unanswered included
    answered: int
    total: int
    elapsed: float
    expired: bool = False

    @property
    def fraction(self) -> Fraction:
        """The share of the points scored."""
        return fraction_of(self.score, self.max_score)

    @property
    def passed(self) -> bool | None:
        """Pass or fail against the pass mark (exactly the pass mark passes); None without one."""
        if self.pass_mark is None:
            return None
        return passes(self.score, self.max_score, self.pass_mark)


@dataclass(frozen=True)
class SheetLine:
    """One question on an exam's answer sheet."""

    slot: Slot
    number: int  # 1-based, as the exam shows it
    answered: bool
    flagged: bool


# How far the system clock may step back (an NTP correction) before an attempt is flagged.
CLOCK_TOLERANCE = 5.0


def utc_now() -> datetime:
    """Now, in UTC."""
    return datetime.now(UTC)


@dataclass
class QuizSession:
    """An attempt in progress: which questions are answered, skipped or flagged, and the clock.

    Time: with a `deadline` (an exam's running clock) the time left is the deadline minus now,
    and now never runs slower than the monotonic clock since the session opened, nor earlier
    than `seen_before` (the latest time the attempt was seen running): setting the system clock
    back gives no time, and is noted in `flags` for the trainer. Without a deadline (a pausable
    clock, or no limit) the time used is counted only while the session runs, on top of
    `elapsed_before`.
    """

    attempt_id: str
    mode: str
    slots: list[Slot]
    recorder: Recorder
    time_limit: float | None = None
    pass_mark: Fraction | None = None
    immediate_feedback: bool = True
    clock: Callable[[], float] = time.monotonic
    elapsed_before: float = 0.0
    wall: Callable[[], datetime] = utc_now
    started_at: datetime | None = None
    deadline: datetime | None = None
    seen_before: datetime | None = None
    navigation: Navigation = Navigation.SEQUENTIAL
    journal: Journal | None = None
    marks: dict[int, Mark] = field(default_factory=dict)
    responses: dict[int, Any] = field(default_factory=dict)
    skipped: set[int] = field(default_factory=set)
    flagged: set[int] = field(default_factory=set)
    time_on: dict[int, float] = field(default_factory=dict)  # seconds spent on each question, over every visit
    flags: set[str] = field(default_factory=set)  # for the trainer: the clock went back
    clock_alerts: list[dict[str, str]] = field(default_factory=list)  # not saved yet: (what was seen, the wall clock)

    def __post_init__(self) -> None:
        if self.pass_mark is not None:
            self.pass_mark = exact(self.pass_mark)  # a float pass mark (0.8) is not 4/5 and would fail 4/5
        self._started = self.clock()
        wall = self.wall()
        self._behind = 0.0  # how far the wall clock is known to lag the time counted
        if self.seen_before is not None and (self.seen_before - wall).total_seconds() > CLOCK_TOLERANCE:
            self._clock_went_back(self.seen_before, wall)  # set back while the attempt was paused or killed
            wall = self.seen_before
        self._anchor = (wall, self._started)

    # -- time ---------------------------------------------------------------------------
    @property
    def running(self) -> bool:
        """Whether the time limit runs to a fixed deadline (an exam's running clock)."""
        return self.deadline is not None

    def now(self) -> datetime:
        """The time as the attempt counts it: the wall clock, never behind what the monotonic clock has counted."""
        wall, ticks = self.wall(), self.clock()
        base, at = self._anchor
        counted = base + timedelta(seconds=ticks - at)
        behind = (counted - wall).total_seconds()
        if behind > CLOCK_TOLERANCE:
            if behind > self._behind + CLOCK_TOLERANCE:
                self._clock_went_back(counted, wall)
            return counted
        self._behind = 0.0
        if behind < -CLOCK_TOLERANCE:  # stepped forward (corrected, or the machine slept): follow the wall clock
            self._anchor = (wall, ticks)
        return max(wall, counted)

    def _clock_went_back(self, seen: datetime, wall: datetime) -> None:
        self._behind = (seen - wall).total_seconds()
        if self.running:
            self.flags.add(AttemptEvent.CLOCK_BACK.value)
            self.clock_alerts.append({"seen": seen.isoformat(timespec="milliseconds"),
                                      "wall": wall.isoformat(timespec="milliseconds")})

    def elapsed(self) -> float:
        """The quiz time used: since the start for a running clock, else before and since this session opened."""
        if self.deadline is not None and self.started_at is not None:
            used = (self.now() - self.started_at).total_seconds()
            return max(0.0, min(used, self.time_limit) if self.time_limit else used)
        return self.elapsed_before + (self.clock() - self._started)

    def remaining(self) -> float | None:
        """The time left before the time limit; None without one."""
        if self.deadline is not None:
            return max(0.0, (self.deadline - self.now()).total_seconds())
        if self.time_limit is None:
            return None
        return max(0.0, self.time_limit - self.elapsed())

    def expired(self) -> bool:
        """Whether the time limit has run out."""
        remaining = self.remaining()
        return remaining is not None and remaining <= 0

    # -- progress -----------------------------------------------------------------------
    @property
    def available(self) -> list[Slot]:
        """The slots whose question is still in the banks."""
        return [s for s in self.slots if s.question is not None]

    @property
    def changeable(self) -> bool:
        """Whether answers may be changed until hand-in (an exam with free navigation)."""
        return self.mode == "exam" and self.navigation is Navigation.FREE

    def is_answered(self, position: int) -> bool:
        """Whether the question at `position` has an answer."""
        return position in self.marks

    def pending(self) -> list[Slot]:
        """Questions not answered yet, skipped ones included."""
        return [s for s in self.available if s.position not in self.marks]

    def next_slot(self) -> Slot | None:
        """The first question neither answered nor skipped; None when only skipped ones remain."""
        return next((s for s in self.pending() if s.position not in self.skipped), None)

    def skip(self, slot: Slot) -> None:
        """Leave a question blank and move on: in a sequential exam it does not come back."""
        if self.journal is not None and self.mode == "exam":
            self.journal(AttemptEvent.SKIP, slot.position)
        self.skipped.add(slot.position)

    def toggle_flag(self, slot: Slot) -> bool:
        """Flag a question to look at again before hand-in, or take the flag off; returns whether it is flagged."""
        flagged = slot.position not in self.flagged
        if self.journal is not None:
            self.journal(AttemptEvent.FLAG if flagged else AttemptEvent.UNFLAG, slot.position)
        if flagged:
            self.flagged.add(slot.position)
        else:
            self.flagged.discard(slot.position)
        return flagged

    def spend(self, slot: Slot, seconds: float) -> None:
        """Count time spent on a question that was left without an answer."""
        self.time_on[slot.position] = self.time_on.get(slot.position, 0.0) + seconds

    def sheet(self) -> list[SheetLine]:
        """The answer sheet: every question, answered or not, flagged or not."""
        return [SheetLine(slot, number, slot.position in self.marks, slot.position in self.flagged)
                for number, slot in enumerate(self.available, 1)]

    @property
    def answered_count(self) -> int:
        """How many questions have an answer."""
        return len(self.marks)

    @property
    def finished(self) -> bool:
        """Whether every question has an answer."""
        return not self.pending()

    def restore(self, answers: Iterable[GivenAnswer], events: Iterable[LoggedEvent] = ()) -> None:
        """Put back the answers given before the attempt was paused, marked as they were then, and its
        flags and blanks (from the exam's log)."""
        for answer in answers:
            self.marks[answer.position] = Mark(answer.fraction, answer.max_points, {}, tuple(answer.forbidden))
            self.responses[answer.position] = answer.response
            self.time_on[answer.position] = answer.seconds
        for event in events:
            if event.position is None:
                continue
            if event.kind == AttemptEvent.FLAG:
                self.flagged.add(event.position)
            elif event.kind == AttemptEvent.UNFLAG:
                self.flagged.discard(event.position)
            elif event.kind == AttemptEvent.SKIP:
                self.skipped.add(event.position)

    # -- answering ----------------------------------------------------------------------
    def submit(self, slot: Slot, response: Any, seconds: float) -> Mark:
        """Mark an answer and have it recorded; after the time limit nothing more is accepted.

        With free navigation an answer may be changed until hand-in; giving the same answer
        again changes nothing.
        """
        if slot.question is None:
            raise SessionError(f"{slot.key} is not available")
        answered = slot.position in self.marks
        if answered and not self.changeable:
            raise SessionError(f"{slot.key} is already answered")
        if self.expired():
            raise TimeUp()
        spent = self.time_on.get(slot.position, 0.0) + seconds
        if answered and self.responses[slot.position] == response:
            self.time_on[slot.position] = spent
            return self.marks[slot.position]
        mark = grade(slot.question, response)
        self.recorder(slot, response, mark, spent, self.elapsed())
        self.time_on[slot.position] = spent
        self.marks[slot.position] = mark
        self.responses[slot.position] = response
        self.skipped.discard(slot.position)
        return mark

    def result(self) -> Result:
        """The score so far, summed exactly: unanswered questions count 0, questions no longer in a bank not at all."""
        by_bank: dict[str, list[Fraction]] = {}
        missed = []
        score = max_score = Fraction(0)
        for slot in self.available:
            assert slot.question is not None
            mark = self.marks.get(slot.position)
            earned = mark.points if mark else Fraction(0)
            score += earned
            max_score += slot.question.points
            totals = by_bank.setdefault(slot.question.bank, [Fraction(0), Fraction(0)])
            totals[0] += earned
            totals[1] += slot.question.points
            if mark is None or not mark.correct:
                missed.append((slot, self.responses.get(slot.position), mark or _unanswered(slot)))
        return Result(
            score=score, max_score=max_score, pass_mark=self.pass_mark,
            by_bank=tuple(BankScore(bank, s, m) for bank, (s, m) in by_bank.items()),
            missed=tuple(missed), answered=len(self.marks), total=len(self.available),
            elapsed=self.elapsed(), expired=self.expired(),
        )


def _unanswered(slot: Slot) -> Mark:
    assert slot.question is not None
    return unanswered(slot.question)

