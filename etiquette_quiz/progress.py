"""A trainee's progress: attempts, exam trend, mastery per bank, leeches, reviews due.

Computed from the store's records and the loaded banks; no terminal code. The same data
renders as a table (`history`) or as JSON (`history --json`).
"""

from __future__ import annotations

from dataclasses import asdict, dataclass
from datetime import datetime
from fractions import Fraction
from typing import Any

from .model import Library
from .review import LEECH_AFTER, due_queue
from .scores import fraction_of, number
from .store import AttemptRecord, Store, TraineeRecord


@dataclass(frozen=True)
class AttemptSummary:
    """One attempt as `history` lists it."""

    id: str
    trainee: str
    trainee_id: str | None
    mode: str
    exam_id: str | None
    title: str | None
    started_at: str
    finished_at: str | None
    elapsed: float
    state: str
    score: Fraction | None
    max_score: Fraction | None
    passed: bool | None
    answered: int
    total: int
    review: str | None = None  # an exam's review option: `none` keeps the score from the trainee
    flags: tuple[str, ...] = ()  # what a trainer should check (the exam clock)
    pass_mark: Fraction | None = None

    @property
    def fraction(self) -> Fraction | None:
        """The share of the points scored, once the attempt is finished."""
        if self.score is None or not self.max_score:
            return None
        return fraction_of(self.score, self.max_score)

    @property
    def withheld(self) -> bool:
        """Whether the exam keeps its result from the trainee (`review: none`)."""
        return self.review == "none"


@dataclass(frozen=True)
class BankMastery:
    """How much of a bank a trainee has right on their latest answers."""

    bank: str
    right: int  # questions answered right on the latest try
    answered: int  # questions answered at least once
    total: int  # questions in the bank

    @property
    def fraction(self) -> float:
        """The share of the bank's questions answered right on the latest try."""
        return self.right / self.total if self.total else 0.0


@dataclass(frozen=True)
class Leech:
    """A question a trainee keeps missing."""

    question_key: str
    wrong: int


@dataclass(frozen=True)
class Progress:
    """Everything `history` shows for one trainee (or every trainee)."""

    trainee: TraineeRecord | None  # None: every trainee
    attempts: list[AttemptSummary]
    exam_trend: list[Fraction]  # finished exams' shares of their points, oldest first
    mastery: list[BankMastery]
    leeches: list[Leech]
    due: int
    next_due: str | None

    def as_json(self) -> dict[str, Any]:
        """The progress as `history --json` prints it; scores as numbers (exact when whole, else the nearest float)."""
        return {
            "trainee": asdict(self.trainee) if self.trainee else None,
            "attempts": [{k: _json_number(v) for k, v in (asdict(a) | {"fraction": a.fraction}).items()}
                         for a in self.attempts],
            "exam_trend": [number(f) for f in self.exam_trend],
            "mastery": [asdict(m) | {"fraction": round(m.fraction, 4)} for m in self.mastery],
            "leeches": [asdict(leech) for leech in self.leeches],
            "reviews_due": self.due,
            "next_review": self.next_due,
        }


def _json_number(value: Any) -> Any:
    return number(value) if isinstance(value, Fraction) else value


def plan_banks(plan: list[dict[str, Any]]) -> list[str]:
    """The banks an attempt drew from, in the order they first appear."""
    return list(dict.fromkeys(entry["key"].split("/")[0] for entry in plan))


def summarize(attempt: AttemptRecord, answered: int) -> AttemptSummary:
    """An attempt record as history lists it."""
    return AttemptSummary(
        id=attempt.id, trainee=attempt.trainee, trainee_id=attempt.trainee_id, mode=attempt.mode,
        exam_id=attempt.exam_id, title=attempt.title, started_at=attempt.started_at,
        finished_at=attempt.finished_at, elapsed=attempt.elapsed, state=attempt.state, score=attempt.score,
        max_score=attempt.max_score, passed=attempt.passed, answered=answered, total=len(attempt.plan),
        review=attempt.review, flags=tuple(attempt.flags),
        pass_mark=attempt.pass_mark,
    )


def progress(store: Store, library: Library, trainee: TraineeRecord | None, now: datetime) -> Progress:
    """Everything `history` shows, for one trainee or (None) for every trainee."""
    trainee_id = trainee.id if trainee else None
    counts = store.answer_counts(trainee_id)
    attempts = [summarize(a, counts.get(a.id, 0)) for a in store.attempts_of(trainee_id)]
    trend = [f for a in attempts if a.mode == "exam" and a.state == "finished" and not a.withheld
             and (f := a.fraction) is not None]
    if trainee is None:
        return Progress(None, attempts, trend, [], [], 0, None)
    latest = store.latest_answers(trainee.id)
    mastery = []
    for bank in library.banks:
        keys = [q.key for q in bank.questions]
        answered = [k for k in keys if k in latest]
        right = sum(latest[k] >= 1 for k in answered)  # a full share is exactly 1.0 (see queries.MISSED)
        mastery.append(BankMastery(bank.id, right, len(answered), len(keys)))
    states = store.review_states(trainee.id)
    leeches = [Leech(s.question_key, s.wrong) for s in states if s.wrong >= LEECH_AFTER]
    leeches.sort(key=lambda leech: (-leech.wrong, leech.question_key))
    queue = due_queue(states, library, now)
    queued = {item.state.question_key for item in queue}
    upcoming = [s.due for s in states if s.question_key not in queued and library.question(s.question_key)]
    return Progress(trainee, attempts, trend, mastery, leeches, len(queue), min(upcoming) if upcoming else None)
