"""What trainers read: attempts and answers through one filter, and the aggregates of the report.

Exports and the report read through a `Results` object, so `--who`, `--exam`, `--bank`,
`--mode` and the date range mean the same thing everywhere, and none of them holds a
connection. Rows are streamed (never a list of a million); aggregates are computed by
SQLite over the covering indexes of migration 3.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from typing import Any, NamedTuple

from ..errors import UserError
from ..model import AttemptMode, AttemptState
from .records import ANSWER_FIELDS, AnswerRecord
from .sql import sql_in

# An answer not fully right, in SQL. The REAL share is the float nearest to the exact one: a full
# share is exactly 1.0, and any share below it (its denominator far below 2**53) stays below 1.0.
MISSED = "s.fraction < 1"


@dataclass(frozen=True)
class ResultFilter:
    """Which results a trainer command looks at; an empty field lets everything through."""

    trainee_ids: tuple[str, ...] = ()
    exams: tuple[str, ...] = ()
    banks: tuple[str, ...] = ()
    modes: tuple[str, ...] = ()
    since: str | None = None  # ISO 8601 UTC, inclusive
    until: str | None = None  # ISO 8601 UTC, exclusive

    def attempt_sql(self, alias: str = "a") -> tuple[str, list[Any]]:
        """A WHERE clause (and its parameters) selecting the attempts this filter keeps."""
        clauses, params = [], []
        for column, values in (("trainee_id", self.trainee_ids), ("exam_id", self.exams), ("mode", self.modes)):
            if values:
                clause, values_ = sql_in(f"{alias}.{column}", values)
                clauses.append(clause)
                params.extend(values_)
        if self.since:
            clauses.append(f"{alias}.started_at >= ?")
            params.append(self.since)
        if self.until:
            clauses.append(f"{alias}.started_at < ?")
            params.append(self.until)
        if self.banks:
            clause, values_ = sql_in("b.bank", self.banks)
            clauses.append(f"EXISTS (SELECT 1 FROM answers b WHERE b.attempt_id = {alias}.id AND {clause})")
            params.extend(values_)
        return (" AND ".join(clauses) or "1 = 1"), params

    def answer_sql(self, alias: str = "s") -> tuple[str, list[Any]]:
        """A WHERE clause (and its parameters) selecting the answers this filter keeps."""
        return sql_in(f"{alias}.bank", self.banks) if self.banks else ("1 = 1", [])


def parse_day(value: str, option: str, end: bool = False) -> str:
    """A date (YYYY-MM-DD, local time) or an ISO 8601 time as a UTC ISO string; `end`: the day after."""
    try:
        if len(value) == 10:
            day = date.fromisoformat(value) + (timedelta(days=1) if end else timedelta())
            moment = datetime.combine(day, time()).astimezone()
        else:
            moment = datetime.fromisoformat(value)
            if moment.tzinfo is None:
                moment = moment.astimezone()
    except ValueError:
        raise UserError("error.bad-date", option=option, value=value) from None
    return moment.astimezone(UTC).isoformat(timespec="milliseconds")


class AttemptLine(NamedTuple):
    """An attempt as the report reads it."""

    id: str
    trainee_id: str | None
    trainee: str
    employee_no: str | None
    mode: str
    exam_id: str | None
    title: str | None
    state: str
    score: float | None
    max_score: float | None
    passed: bool | None
    started_at: str

    @property
    def fraction(self) -> float | None:
        """The share of the points scored, for a finished attempt that had points to score."""
        if self.state != AttemptState.FINISHED or not self.max_score or self.score is None:
            return None
        return self.score / self.max_score


class QuestionTotals(NamedTuple):
    """One question over every answer the filter keeps."""

    key: str
    bank: str
    answers: int
    missed: int  # answers not fully right
    fractions: float  # the sum of the fractions earned


class ExamAnswer(NamedTuple):
    """One answer of a finished exam attempt, for item analysis."""

    attempt_id: str
    exam_id: str | None
    title: str | None
    position: int
    key: str
    points: float
    max_points: float


# The columns of an answer row joined with its attempt (for exports), in `answer_rows` order.
ANSWER_ROW_COLUMNS = (
    "a.id", "a.trainee_id", "a.trainee", "a.employee_no", "a.mode", "a.exam_id", "a.started_at",
    *(f"s.{name}" for name in ANSWER_FIELDS),
)


class Results:
    """The results one filter keeps, read from one store."""

    def __init__(self, db: sqlite3.Connection, flt: ResultFilter) -> None:
        self._db = db
        self.filter = flt
        self._where, self._params = flt.attempt_sql("a")
        self._answer_where, self._answer_params = flt.answer_sql("s")

    def _answers_join(self, columns: str, tail: str = "", extra_where: str = "") -> sqlite3.Cursor:
        where = f"{self._where} AND {self._answer_where}" + (f" AND {extra_where}" if extra_where else "")
        return self._db.execute(f"SELECT {columns} FROM attempts a JOIN answers s ON s.attempt_id = a.id "
                                f"WHERE {where} {tail}", self._params + self._answer_params)

    # -- attempts ------------------------------------------------------------------------------
    def attempt_rows(self) -> Iterator[sqlite3.Row]:
        """Every attempt (all columns, plus `answered`: how many answers it holds), oldest first."""
        counts = "(SELECT COUNT(*) FROM answers c WHERE c.attempt_id = a.id)"
        return self._db.execute(f"SELECT a.*, {counts} AS answered FROM attempts a WHERE {self._where} "
                                "ORDER BY a.started_at, a.id", self._params)

    def attempt_lines(self) -> list[AttemptLine]:
        """Every attempt as the report reads it, oldest first."""
        rows = self._db.execute(
            f"""SELECT a.id, a.trainee_id, a.trainee, a.employee_no, a.mode, a.exam_id, a.title, a.state, a.score,
                       a.max_score, a.passed, a.started_at FROM attempts a WHERE {self._where}
                ORDER BY a.started_at, a.id""", self._params)
        return [AttemptLine._make((*row[:10], None if row[10] is None else bool(row[10]), row[11])) for row in rows]

    def attempt_ids(self) -> list[str]:
        """The ids of the attempts, oldest first."""
        return [row[0] for row in self._db.execute(
            f"SELECT a.id FROM attempts a WHERE {self._where} ORDER BY a.started_at, a.id", self._params)]

    def trainee_ids(self) -> list[str]:
        """The trainees who made the attempts."""
        return [row[0] for row in self._db.execute(
            f"SELECT DISTINCT a.trainee_id FROM attempts a WHERE {self._where} AND a.trainee_id IS NOT NULL",
            self._params)]

    def attempt_prefixes(self) -> Iterator[tuple[str, str | None, str, str | None, str, str | None, str]]:
        """(id, trainee id, trainee, employee number, mode, exam id, started) of every attempt, unordered."""
        return self._db.execute(
            f"SELECT a.id, a.trainee_id, a.trainee, a.employee_no, a.mode, a.exam_id, a.started_at "
            f"FROM attempts a WHERE {self._where}", self._params)

    # -- answers -------------------------------------------------------------------------------
    def answer_rows(self) -> Iterator[tuple[Any, ...]]:
        """Answer tuples in ANSWER_ROW_COLUMNS order (response and forbidden still JSON), oldest attempt first."""
        return self._answers_join(", ".join(ANSWER_ROW_COLUMNS), "ORDER BY a.started_at, a.id, s.position")

    def answers(self) -> Iterator[tuple[str, AnswerRecord]]:
        """(attempt id, answer) for every answer the filter keeps, oldest attempt first."""
        for row in self.answer_rows():
            yield row[0], AnswerRecord.from_row(row[7:])

    def answer_cells(self) -> Iterator[tuple[Any, ...]]:
        """(attempt id, answer columns in ANSWER_FIELDS order) — the CSV export's fast path."""
        return self._answers_join(
            "s.attempt_id, " + ", ".join(f"s.{name}" for name in ANSWER_FIELDS),
            "ORDER BY a.started_at, a.id, s.position")

    # -- aggregates ----------------------------------------------------------------------------
    def question_totals(self) -> list[QuestionTotals]:
        """Per question, over every answer: how many, how many missed, the sum of the fractions."""
        rows = self._answers_join(f"s.question_key, s.bank, COUNT(*), SUM(CASE WHEN {MISSED} THEN 1 ELSE 0 END), "
                                  "SUM(s.fraction)", "GROUP BY s.question_key, s.bank")
        return [QuestionTotals(*row) for row in rows]

    def trainee_bank_means(self) -> Iterator[tuple[str | None, str, float, int]]:
        """(trainee id, bank, mean fraction, answers) per trainee and bank."""
        return self._answers_join("a.trainee_id, s.bank, AVG(s.fraction), COUNT(*)", "GROUP BY a.trainee_id, s.bank")

    def forbidden_lists(self) -> Iterator[str]:
        """The forbidden phrases used, one JSON list per answer that used any."""
        for (phrases,) in self._answers_join("s.forbidden", extra_where="s.forbidden != '[]'"):
            yield phrases

    def exam_answers(self) -> Iterator[ExamAnswer]:
        """The answers of finished exam attempts, by exam, attempt and position."""
        rows = self._db.execute(
            f"""SELECT a.id, a.exam_id, a.title, s.position, s.question_key, s.points, s.max_points
                FROM attempts a JOIN answers s ON s.attempt_id = a.id
                WHERE {self._where} AND a.mode = ? AND a.state = ? ORDER BY a.exam_id, a.id, s.position""",
            [*self._params, AttemptMode.EXAM.value, AttemptState.FINISHED.value])
        return (ExamAnswer(*row) for row in rows)

    def wrong_picks(self) -> Iterator[tuple[str, str, int]]:
        """(question, raw response, count) of wrong choices picked in choice questions."""
        return self._db.execute(
            # NOT INDEXED: one pass over the table beats fetching rows in question order.
            f"""SELECT s.question_key, s.response, COUNT(*) FROM attempts a JOIN answers s NOT INDEXED
                ON s.attempt_id = a.id WHERE {self._where} AND s.fraction = 0 AND s.response LIKE '"w%'
                GROUP BY s.question_key, s.response""", self._params)

    def bank_totals(self) -> list[tuple[str, int, int, float, float]]:
        """Per bank: answers, trainees, mean fraction and the share of answers missed."""
        # Per trainee first, then per bank: COUNT(DISTINCT) over a million answers sorts them all on
        # PostgreSQL (2.3 s against 0.5 s this way).
        where = f"{self._where} AND {self._answer_where}"
        rows = self._db.execute(
            f"""SELECT bank, SUM(n), COUNT(trainee_id), SUM(total) / SUM(n), SUM(missed) / SUM(n) FROM (
                    SELECT s.bank AS bank, a.trainee_id AS trainee_id, COUNT(*) AS n, SUM(s.fraction) AS total,
                           SUM(CASE WHEN {MISSED} THEN 1.0 ELSE 0.0 END) AS missed
                    FROM attempts a JOIN answers s ON s.attempt_id = a.id WHERE {where}
                    GROUP BY s.bank, a.trainee_id) per_trainee
                GROUP BY bank ORDER BY bank""", self._params + self._answer_params).fetchall()
        return [(bank, answers, trainees, mean, missed) for bank, answers, trainees, mean, missed in rows]

    def leeches(self, wrong_at_least: int, limit: int = 20) -> list[tuple[str, int]]:
        """Questions trainees keep missing: how many trainees missed each `wrong_at_least` times or more."""
        clauses, params = ["wrong >= ?"], [wrong_at_least]
        for column, values in (("trainee_id", self.filter.trainee_ids), ("bank", self.filter.banks)):
            if values:
                clause, values_ = sql_in(column, values)
                clauses.append(clause)
                params.extend(values_)
        rows = self._db.execute(f"SELECT question_key, COUNT(*) FROM reviews WHERE {' AND '.join(clauses)} "
                                "GROUP BY question_key ORDER BY 2 DESC, 1 LIMIT ?", [*params, limit])
        return [(key, count) for key, count in rows]


def resolve_trainees(store: Any, who: Sequence[str]) -> tuple[str, ...]:
    """Trainee ids for names, employee numbers or ids given to --who; unknown ones are an error."""
    from ..errors import suggest

    ids: list[str] = []
    for value in who:
        found = store.find_trainees(value) or ([store.trainee(value)] if store.trainee(value) else [])
        if not found:
            names = [p.name for p in store.trainees()]
            raise UserError("error.unknown-who", value=value, suggestion=suggest(value, names) or "—")
        ids.extend(p.id for p in found)
    return tuple(dict.fromkeys(ids))
