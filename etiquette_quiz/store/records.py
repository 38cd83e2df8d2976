"""The store's records: trainees, attempts and answers as the tables hold them.

Scores are exact (Fraction). The tables keep each score twice: the exact value as text
(`*_exact`, read back here) and the nearest float in the REAL column that SQL aggregates use.
"""

from __future__ import annotations

import json
import sqlite3
from dataclasses import dataclass, field
from fractions import Fraction
from typing import Any, cast

from ..model import AttemptMode, AttemptState, PlanEntry, Response
from ..scores import exact, exact_text


@dataclass(frozen=True)
class TraineeRecord:
    """Someone training; the id stays when the name or employee number changes."""

    id: str
    name: str
    employee_no: str | None = None
    created_at: str = ""
    removed_at: str | None = None  # removed from the app; their results stay (migration 6)

    @property
    def label(self) -> str:
        """The name, with the employee number when there is one."""
        return f"{self.name} ({self.employee_no})" if self.employee_no else self.name

    @classmethod
    def from_row(cls, row: sqlite3.Row) -> TraineeRecord:
        """A trainee from its row."""
        removed = row["removed_at"] if "removed_at" in row.keys() else None
        return cls(row["id"], row["name"], row["employee_no"], row["created_at"], removed)


@dataclass
class AttemptRecord:
    """One practice, exam or review run: what was drawn, and how it ended."""

    id: str
    trainee: str
    mode: AttemptMode
    seed: int
    lang: str
    plan: list[PlanEntry]
    bank_versions: dict[str, int]
    feedback: str
    started_at: str
    employee_no: str | None = None
    exam_id: str | None = None
    title: str | None = None
    time_limit: float | None = None
    pass_mark: Fraction | None = None
    finished_at: str | None = None
    elapsed: float = 0.0
    state: AttemptState = AttemptState.IN_PROGRESS
    score: Fraction | None = None
    max_score: Fraction | None = None
    passed: bool | None = None
    trainee_id: str | None = None
    deadline: str | None = None  # a running clock's deadline, fixed when the exam started
    clock: str | None = None  # running | pausable; None: untimed, or started before exams had a deadline
    navigation: str | None = None  # free | sequential; None: sequential
    review: str | None = None  # answers | score | none; None: answers
    flags: list[str] = field(default_factory=list)  # what a trainer should check: clock-back, clock-edited
    seen_at: str | None = None  # the latest time the attempt was seen running

    def __post_init__(self) -> None:
        # Records also come from imported files, where these are plain strings, and scores are
        # exact texts ('7/3') or, from older files, floats.
        self.mode = AttemptMode(self.mode)
        self.state = AttemptState(self.state)
        self.pass_mark = _exact_or_none(self.pass_mark)
        self.score = _exact_or_none(self.score)
        self.max_score = _exact_or_none(self.max_score)

    @classmethod
    def from_row(cls, row: sqlite3.Row) -> AttemptRecord:
        """An attempt from its row."""
        return cls(
            id=row["id"], trainee=row["trainee"], employee_no=row["employee_no"], mode=AttemptMode(row["mode"]),
            exam_id=row["exam_id"], title=row["title"], seed=row["seed"], lang=row["lang"],
            plan=json.loads(row["plan"]), bank_versions=json.loads(row["bank_versions"]),
            time_limit=row["time_limit"], pass_mark=_exact_or_none(row["pass_mark_exact"]), feedback=row["feedback"],
            started_at=row["started_at"], finished_at=row["finished_at"], elapsed=row["elapsed"],
            state=AttemptState(row["state"]), score=_exact_or_none(row["score_exact"]),
            max_score=_exact_or_none(row["max_score_exact"]),
            passed=None if row["passed"] is None else bool(row["passed"]), trainee_id=row["trainee_id"],
            deadline=row["deadline"], clock=row["clock"], navigation=row["navigation"], review=row["review"],
            flags=json.loads(row["flags"]), seen_at=row["seen_at"],
        )


@dataclass
class AnswerRecord:
    """One answer as given and marked."""

    position: int
    question_key: str
    bank: str
    content_hash: str
    response: Response
    fraction: Fraction
    points: Fraction
    max_points: Fraction
    seconds: float
    forbidden: list[str] = field(default_factory=list)
    answered_at: str = ""

    def __post_init__(self) -> None:
        self.fraction = exact(self.fraction)
        self.points = exact(self.points)
        self.max_points = exact(self.max_points)

    @classmethod
    def from_row(cls, row: sqlite3.Row | tuple[Any, ...]) -> AnswerRecord:
        """An answer from its row (or from a tuple in ANSWER_FIELDS order)."""
        if hasattr(row, "keys"):  # a row read by name (sqlite3.Row, or the PostgreSQL adapter's)
            row = tuple(cast(Any, row)[name] for name in ANSWER_FIELDS)
        position, key, bank, content_hash, response, fraction, points, max_points, seconds, forbidden, at = row
        return cls(
            position=position, question_key=key, bank=bank, content_hash=content_hash,
            response=json.loads(response) if response else None, fraction=fraction, points=points,
            max_points=max_points, seconds=seconds, forbidden=json.loads(forbidden), answered_at=at,
        )


# The answer columns in AnswerRecord.from_row's order; the scores as their exact texts.
ANSWER_FIELDS = (
    "position", "question_key", "bank", "content_hash", "response", "fraction_exact", "points_exact",
    "max_points_exact", "seconds", "forbidden", "answered_at",
)


@dataclass
class EventRecord:
    """One line of an exam's log: an answer given or changed, a flag, a pause, the start with its deadline."""

    kind: str
    at: str
    elapsed: float
    position: int | None = None
    response: Response = None
    detail: dict[str, Any] | None = None
    seq: int = 0  # given by the store when the event is saved

    @classmethod
    def from_row(cls, row: sqlite3.Row) -> EventRecord:
        """An event from its row."""
        return cls(
            kind=row["kind"], at=row["at"], elapsed=row["elapsed"], position=row["position"],
            response=json.loads(row["response"]) if row["response"] is not None else None,
            detail=json.loads(row["detail"]) if row["detail"] is not None else None, seq=row["seq"],
        )


def _exact_or_none(value: Fraction | float | str | None) -> Fraction | None:
    return None if value is None else exact(value)


def score_columns(value: Fraction | None) -> tuple[float | None, str | None]:
    """A score as the store writes it: the nearest float (for SQL aggregates) and the exact text."""
    return (None, None) if value is None else (float(value), exact_text(value))
