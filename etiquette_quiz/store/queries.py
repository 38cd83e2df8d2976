"""What trainers read: attempts and answers through one filter, and the aggregates of the report.

Exports and the report read through a `Results` object, so `--who`, `--exam`, `--bank`,
`--mode` and the date range mean the same thing everywhere, and none of them holds a
connection. Rows are streamed (never a list of a million); aggregates are computed by
SQLite over the covering indexes of migration 3.
"""

from __future__ import annotations

import sqlite3
import threading
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from pathlib import Path
from typing import Any, NamedTuple

from ..errors import UserError
from ..model import AttemptState
from .records import ANSWER_FIELDS, AnswerRecord, AttemptRecord
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

    def attempt_sql(self, alias: str = "a", banks: bool = True) -> tuple[str, list[Any]]:
        """A WHERE clause (and its parameters) selecting the attempts this filter keeps.

        Without `banks`, the bank filter is left to the answers (answer_sql): an answer in the
        bank already implies an attempt with one.
        """
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
        if self.banks and banks:
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


# Between a question's key and a raw response in answer_cells (neither holds it: keys are ids, responses JSON).
ANSWER_KEY_SEP = "\x01"
# Who made an attempt: the trainee's id, or the name for attempts older than trainee ids.
WHO = "COALESCE(a.trainee_id, a.trainee)"
# How many questions an attempt drew: the entries of its plan (a JSON list of {"key": …} objects),
# counted with functions both SQLite and PostgreSQL have.
PLAN_LENGTH = """((LENGTH(a.plan) - LENGTH(REPLACE(a.plan, '"key":', ''))) / 6)"""
FINISHED_EXAM = "a.mode = 'exam' AND a.state = 'finished' AND a.max_score > 0"
FINISHED = "a.state = 'finished' AND a.max_score > 0"


class Cohort(NamedTuple):
    """The attempts a filter keeps, counted."""

    attempts: int
    finished: int
    trainees: int
    mean: float | None  # mean fraction of the finished attempts
    median: float | None
    exam_attempts: int  # finished exam attempts with a pass mark
    exams_passed: int


class ExamTotals(NamedTuple):
    """One exam over its finished attempts: counts, pass rates and what Moodle's test statistics need."""

    exam_id: str
    title: str | None  # as stored with an attempt (in the language it was taken)
    attempts: int
    passed: int
    trainees: int  # who sat it
    trainees_passed: int  # whose latest attempt passed
    mean: float | None  # mean fraction
    median: float | None
    max_score: float
    slots: int  # questions drawn per attempt
    score_sum: float  # sum and sum of squares of the attempts' points, for the variance of the totals
    score_squares: float
    slot_variance: float | None  # the sum over slots of each slot's variance (unanswered scores 0)


class ItemSums(NamedTuple):
    """Sums over the finished exam answers to one question, from which Moodle's item statistics follow.

    x is the points scored on the question, r the rest of the test (the attempt's points minus x);
    `sorted_xr` pairs the i-th smallest x with the i-th smallest r (for discriminative efficiency).
    """

    key: str
    n: int
    max_points: float
    x: float
    xx: float
    r: float
    rr: float
    xr: float
    sorted_xr: float


class QuestionTotals(NamedTuple):
    """One question over every answer the filter keeps (any mode), and its bank's totals alongside."""

    key: str
    bank: str
    answers: int
    missed: int  # answers not fully right
    earned: float  # the sum of the fractions earned
    bank_answers: int
    bank_missed: int
    bank_earned: float


class TraineeExam(NamedTuple):
    """A trainee's latest finished attempt at one exam, in the order of who needs help first."""

    who: str  # trainee id (or name, for attempts older than ids)
    name: str
    employee_no: str | None
    failed: int  # exams whose latest attempt failed
    lowest: float  # the lowest fraction among the latest attempts
    exam_id: str
    title: str | None
    fraction: float
    passed: bool | None
    tries: int  # finished attempts at this exam
    started_at: str


class TraineePractice(NamedTuple):
    """A trainee's finished practice and review attempts."""

    who: str
    name: str
    employee_no: str | None
    attempts: int
    mean: float


class WeakestBank(NamedTuple):
    """The bank a trainee scored lowest on in exams (with at least a few answers in it)."""

    who: str
    bank: str
    mean: float
    answers: int


class ReviewLine(NamedTuple):
    """An answer put before a trainer (`results review`), with the attempt it belongs to."""

    attempt: AttemptRecord
    answer: AnswerRecord


class ReviewCell(NamedTuple):
    """What exports show of an answer put before trainers or judged by one: why, the grader's mark, the last verdict."""

    reason: str | None
    auto_fraction: str | None  # exact texts; None: no trainer changed the mark
    auto_points: str | None
    verdict: str | None  # the latest verdict, who gave it, when and why; None: none given
    trainer: str | None
    at: str | None
    comment: str | None
    verdicts: int  # verdicts given on this answer, the latest included
    verdict_id: str | None = None  # the latest verdict's id


class OverrideTotals(NamedTuple):
    """One question's answers put before trainers, and what trainers made of them."""

    key: str
    bank: str
    flagged: int  # answers the grader was unsure of
    reviewed: int  # answers a trainer gave a verdict on (flagged or not)
    raised: int  # ... and gave more than the grader
    lowered: int  # ... and gave less


# The columns of an answer row joined with its attempt (for exports), in `answer_rows` order.
ANSWER_ROW_COLUMNS = (
    "a.id", "a.trainee_id", "a.trainee", "a.employee_no", "a.mode", "a.exam_id", "a.started_at",
    *(f"s.{name}" for name in ANSWER_FIELDS),
)


class Results:
    """The results one filter keeps, read from one store.

    Attempt queries select attempts with `_where`; answer queries select answers with
    `_answer_where`, which joins the attempts only when the filter needs them (an unfiltered
    answer query reads the answers alone, often from a covering index).
    """

    def __init__(self, db: sqlite3.Connection, flt: ResultFilter) -> None:
        self._db = db
        self.filter = flt
        self._where, self._params = flt.attempt_sql("a")
        self._by_attempt, attempt_params = flt.attempt_sql("a", banks=False)
        answer_where, answer_params = flt.answer_sql("s")
        self._answer_where = f"{self._by_attempt} AND {answer_where}"
        self._answer_params = attempt_params + answer_params
        self._answer_from = ("answers s" if self._by_attempt == "1 = 1"
                             else "attempts a JOIN answers s ON s.attempt_id = a.id")
        # How to open another connection to the same store, for work run beside (None for SQLite in memory).
        self._connect = _second_connection(db)

    def _answers(self, columns: str, tail: str = "", extra_where: str = "",
                 params: Sequence[Any] = ()) -> sqlite3.Cursor:
        """Answers the filter keeps (the attempt as `a` only when the filter needs it), as `s`."""
        where = self._answer_where + (f" AND {extra_where}" if extra_where else "")
        return self._db.execute(f"SELECT {columns} FROM {self._answer_from} WHERE {where} {tail}",
                                [*self._answer_params, *params])

    def _answers_join(self, columns: str, tail: str = "") -> sqlite3.Cursor:
        """Answers the filter keeps joined with their attempt (`a`, `s`)."""
        return self._db.execute(f"SELECT {columns} FROM attempts a JOIN answers s ON s.attempt_id = a.id "
                                f"WHERE {self._answer_where} {tail}", self._answer_params)

    # -- attempts ------------------------------------------------------------------------------
    def attempt_rows(self) -> Iterator[sqlite3.Row]:
        """Every attempt (all columns, plus how many answers it holds and questions it drew), oldest first."""
        counts = "(SELECT COUNT(*) FROM answers c WHERE c.attempt_id = a.id)"
        return self._db.execute(f"SELECT a.*, {counts} AS answered, {PLAN_LENGTH} AS questions FROM attempts a "
                                f"WHERE {self._where} ORDER BY a.started_at, a.id", self._params)

    def attempt_ids(self) -> list[str]:
        """The ids of the attempts, oldest first."""
        return [row[0] for row in self._db.execute(
            f"SELECT a.id FROM attempts a WHERE {self._where} ORDER BY a.started_at, a.id", self._params)]

    def attempt_count(self) -> int:
        """How many attempts the filter keeps."""
        count: int = self._db.execute(f"SELECT COUNT(*) FROM attempts a WHERE {self._where}",
                                      self._params).fetchone()[0]
        return count

    def answer_count(self) -> int:
        """How many answers the filter keeps."""
        count: int = self._answers("COUNT(*)").fetchone()[0]
        return count

    def trainee_ids(self) -> list[str]:
        """The trainees who made the attempts."""
        return [row[0] for row in self._db.execute(
            f"SELECT DISTINCT a.trainee_id FROM attempts a WHERE {self._where} AND a.trainee_id IS NOT NULL",
            self._params)]

    def attempt_prefixes(self) -> Iterator[tuple[str, str | None, str, str | None, str, str | None, str | None, str]]:
        """(id, trainee id, trainee, employee number, mode, exam id, stored title, started) of every attempt."""
        return self._db.execute(
            f"SELECT a.id, a.trainee_id, a.trainee, a.employee_no, a.mode, a.exam_id, a.title, a.started_at "
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
        """Per answer, oldest attempt first: attempt id, position counted from 1, question and raw response as
        one text (ANSWER_KEY_SEP between), the share, points and question's points as exact texts ('1/3'),
        seconds, forbidden phrases (NULL for none), answered at — the spreadsheet exports' fast path.

        The bank is the question key's first part, so it is not read. On SQLite, answers come in position
        order without sorting them: it finds an attempt's answers through the (attempt_id, position)
        primary key, in that order, and an ORDER BY s.position would sort a million rows again for
        nothing (a third of the time an export spends in the engine). PostgreSQL promises no such
        order, so there the sort stays.
        """
        within = "" if isinstance(self._db, sqlite3.Connection) else ", s.position"
        return self._db.execute(
            f"""SELECT s.attempt_id, s.position + 1, s.question_key || ? || COALESCE(s.response, ''),
                       s.fraction_exact, s.points_exact, s.max_points_exact, s.seconds, NULLIF(s.forbidden, '[]'),
                       s.answered_at
                FROM attempts a JOIN answers s ON s.attempt_id = a.id WHERE {self._answer_where}
                ORDER BY a.started_at, a.id{within}""", [ANSWER_KEY_SEP, *self._answer_params])

    def report_data(self, weakest_min_answers: int, leech_after: int, step: Callable[[int], None] | None = None
                    ) -> ReportData:
        """Every aggregate of `report`, computed by the engine; `step` hears of each of its three parts done.

        Three parts of comparable work run side by side, each on its own read-only connection in a
        thread of its own: the counts and trainees (the attempts), the exam and item figures (the
        finished exams and their answers), and the three passes over the whole answers table (per
        question, picks and phrases, leeches). The engine works outside Python's lock, so the parts
        share the cores, and the calling thread is free meanwhile (the command loads the banks).
        The parts read snapshots a moment apart. A SQLite store in memory (no second connection)
        runs them here, one after the other.
        """
        announce = step or (lambda _: None)
        found: dict[str, Any] = {}

        def attempts(results: Results) -> None:
            with ReportQueries(results, exams=False) as queries:
                found["attempts"] = (queries.cohort(), queries.score_bands(), list(queries.trainee_exams()),
                                     queries.trainee_practice())
            announce(0)

        def exams(results: Results) -> None:
            with ReportQueries(results, exams=True) as queries:
                found["exams"] = (queries.exam_totals(), queries.item_sums(),
                                  queries.weakest_banks(weakest_min_answers))
            announce(1)

        def answers(results: Results) -> None:
            found["answers"] = (results.question_totals(), results.wrong_and_forbidden(), results.leeches(leech_after),
                                results.override_totals())
            announce(2)

        threads = [self._beside(work, found) for work in (attempts, exams, answers)]
        if None in threads:
            for work in (attempts, exams, answers):
                work(self)
        for thread in threads:
            if thread is not None:
                thread.join()
        if "error" in found:
            raise found["error"]
        (cohort, bands, trainees, practice), (exam_totals, items, weakest) = found["attempts"], found["exams"]
        return ReportData(cohort, bands, exam_totals, items, weakest, practice, trainees, *found["answers"])

    def _beside(self, work: Callable[[Results], None], found: dict[str, Any]) -> threading.Thread | None:
        """Run `work` on a connection of its own, in a thread; None when no second connection can be had.

        An error in the thread is kept in found["error"] for the caller to raise.
        """
        connect = self._connect
        if connect is None:
            return None

        def run() -> None:
            db = connect()
            try:
                work(Results(db, self.filter))
            except BaseException as exc:  # noqa: BLE001 - raised again in the caller's thread
                found.setdefault("error", exc)
            finally:
                db.close()

        thread = threading.Thread(target=run, name=f"report-{work.__name__}", daemon=True)
        thread.start()
        return thread

    def question_totals(self) -> list[QuestionTotals]:
        """Per question, over every answer (any mode): count, misses, fractions earned — and its bank's."""
        rows = self._db.execute(
            f"""WITH q AS (
                    SELECT s.question_key AS key, s.bank AS bank, COUNT(*) AS n,
                           SUM(CASE WHEN {MISSED} THEN 1 ELSE 0 END) AS missed, SUM(s.fraction) AS earned
                    FROM {self._answer_from} WHERE {self._answer_where} GROUP BY s.question_key, s.bank)
                SELECT key, bank, n, missed, earned, SUM(n) OVER (PARTITION BY bank),
                       SUM(missed) OVER (PARTITION BY bank), SUM(earned) OVER (PARTITION BY bank) FROM q""",
            self._answer_params)
        return [QuestionTotals(*row) for row in rows]

    def wrong_and_forbidden(self) -> list[tuple[str, str | None, str, int]]:
        """(question, raw response, forbidden phrases as JSON, answers), in one pass over the answers, of those
        that picked a wrong choice alone (a JSON string "w…") for nothing, or that used a forbidden phrase."""
        # Materialised first: grouping straight from the table makes SQLite walk the question index
        # and fetch every row out of order, ten times slower than one pass over the table.
        return self._db.execute(
            f"""WITH hit AS MATERIALIZED (
                    SELECT s.question_key, s.response, s.forbidden FROM {self._answer_from}
                    WHERE {self._answer_where}
                      AND ((s.fraction = 0 AND s.response LIKE '"w%') OR s.forbidden != '[]'))
                SELECT question_key, response, forbidden, COUNT(*) FROM hit
                GROUP BY question_key, response, forbidden""", self._answer_params).fetchall()

    def bank_totals(self) -> list[tuple[str, int, int, float, float]]:
        """Per bank: answers, trainees, mean fraction and the share of answers missed."""
        # Per trainee first, then per bank: COUNT(DISTINCT) over a million answers sorts them all on
        # PostgreSQL (2.3 s against 0.5 s this way).
        rows = self._db.execute(
            f"""SELECT bank, SUM(n), COUNT(trainee_id), SUM(total) / SUM(n), SUM(missed) / SUM(n) FROM (
                    SELECT s.bank AS bank, a.trainee_id AS trainee_id, COUNT(*) AS n, SUM(s.fraction) AS total,
                           SUM(CASE WHEN {MISSED} THEN 1.0 ELSE 0.0 END) AS missed
                    FROM attempts a JOIN answers s ON s.attempt_id = a.id WHERE {self._answer_where}
                    GROUP BY s.bank, a.trainee_id) per_trainee
                GROUP BY bank ORDER BY bank""", self._answer_params).fetchall()
        return [(bank, answers, trainees, mean, missed) for bank, answers, trainees, mean, missed in rows]

    # -- trainer review --------------------------------------------------------------------------
    def _unsure(self, columns: str, judged: bool) -> tuple[str, list[Any]]:
        """SQL (and parameters) of `columns` (of `a` and `s`) of the answers the filter keeps that the grader was unsure
        of, and with `judged` also those a trainer judged, each once.

        Each half reads one of migration 7's partial indexes and only then the answer's attempt (CROSS JOIN keeps
        SQLite to that order), so a million answers cost nothing; an OR of the two, or starting from the attempts,
        reads them all.
        """
        source = f"FROM answers s CROSS JOIN attempts a WHERE a.id = s.attempt_id AND {self._answer_where}"
        flagged = f"SELECT {columns} {source} AND s.review_reason IS NOT NULL"
        if not judged:
            return flagged, list(self._answer_params)
        overridden = f"SELECT {columns} {source} AND s.auto_fraction IS NOT NULL AND s.review_reason IS NULL"
        return f"{flagged} UNION ALL {overridden}", [*self._answer_params, *self._answer_params]

    def review_queue(self, reviewed: bool = False) -> list[ReviewLine]:
        """Answers of finished attempts the grader was unsure of and no trainer has judged yet, oldest attempt
        first; with `reviewed`, also every answer a trainer has judged (to revise a verdict)."""
        # The two tables share no column name, so one row reads as both records.
        sql, params = self._unsure("a.*, s.*", reviewed)
        if not reviewed:
            sql += (" AND NOT EXISTS (SELECT 1 FROM answer_overrides o WHERE o.attempt_id = s.attempt_id "
                    "AND o.position = s.position)")
        rows = self._db.execute(f"SELECT * FROM ({sql}) r WHERE r.state = ? ORDER BY r.started_at, r.id, r.position",
                                [*params, AttemptState.FINISHED.value])
        return [ReviewLine(AttemptRecord.from_row(row), AnswerRecord.from_row(row)) for row in rows.fetchall()]

    def review_cells(self) -> dict[tuple[str, int], ReviewCell]:
        """For each answer the filter keeps that was put before trainers or judged by one (few of all): why, the
        grader's mark and the latest verdict, by (attempt id, position)."""
        sql, params = self._unsure("s.attempt_id, s.position, s.review_reason, s.auto_fraction_exact, "
                                   "s.auto_points_exact", judged=True)
        rows = self._db.execute(
            f"""SELECT r.attempt_id, r.position, r.review_reason, r.auto_fraction_exact, r.auto_points_exact,
                       o.verdict, o.trainer, o.at, o.comment, o.id FROM ({sql}) r
                LEFT JOIN answer_overrides o ON o.attempt_id = r.attempt_id AND o.position = r.position
                ORDER BY o.at, o.id""", params)
        cells: dict[tuple[str, int], ReviewCell] = {}
        for attempt_id, position, reason, auto_fraction, auto_points, verdict, trainer, at, comment, verdict_id in rows:
            before = cells.get((attempt_id, position))
            count = (before.verdicts if before else 0) + (verdict is not None)
            cells[(attempt_id, position)] = ReviewCell(reason, auto_fraction, auto_points, verdict, trainer, at,
                                                       comment, count, verdict_id)
        return cells

    def override_totals(self) -> list[OverrideTotals]:
        """Per question with answers the grader was unsure of or a trainer judged: how many, and which way trainers
        moved the mark (the keys to fix first come first: the most marks changed)."""
        sql, params = self._unsure(
            """s.question_key AS question_key, s.bank AS bank,
               CASE WHEN s.review_reason IS NOT NULL THEN 1 ELSE 0 END AS flagged,
               CASE WHEN s.auto_fraction IS NOT NULL THEN 1 ELSE 0 END AS reviewed,
               CASE WHEN s.fraction > s.auto_fraction THEN 1 ELSE 0 END AS raised,
               CASE WHEN s.fraction < s.auto_fraction THEN 1 ELSE 0 END AS lowered""", judged=True)
        rows = self._db.execute(f"SELECT question_key, bank, SUM(flagged), SUM(reviewed), SUM(raised), SUM(lowered) "
                                f"FROM ({sql}) r GROUP BY question_key, bank", params)
        totals = [OverrideTotals(*row) for row in rows]
        totals.sort(key=lambda line: (-(line.raised + line.lowered), -line.reviewed, -line.flagged, line.key))
        return totals

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


class ReportData(NamedTuple):
    """Every aggregate `report` needs, as the engine computed them."""

    cohort: Cohort
    bands: list[tuple[bool, int, int]]
    exams: list[ExamTotals]
    items: list[ItemSums]
    weakest: list[WeakestBank]
    practice: list[TraineePractice]
    trainee_exams: list[TraineeExam]
    questions: list[QuestionTotals]
    picks: list[tuple[str, str | None, str, int]]
    leeches: list[tuple[str, int]]
    overrides: Sequence[OverrideTotals] = ()  # trainers' verdicts per question


class ReportQueries:
    """The report's figures that read the attempts, computed by the engine; Python only formats what comes back.

    Entering copies the narrow columns of the kept attempts into a temporary table (the attempts
    table is wide: each row holds its plan), and a dozen figures read those rows. With `exams`, it
    keeps the finished exams alone, and copies their answers too, for the exam and item figures;
    without, every kept attempt, for the counts and the trainees. One read transaction keeps the
    figures on the same snapshot; leaving rolls it back, which drops the tables.
    """

    def __init__(self, results: Results, exams: bool) -> None:
        self._results = results
        self._db = results._db
        self._exams = exams

    def __enter__(self) -> ReportQueries:
        results = self._results
        self._db.execute("BEGIN")
        self._db.execute(
            f"""CREATE TEMP TABLE report_attempts AS
                SELECT a.id, {WHO} AS who, a.trainee, a.employee_no, a.mode, a.exam_id, a.title, a.state, a.score,
                       a.max_score, a.passed, a.started_at, {PLAN_LENGTH if self._exams else "NULL"} AS slots
                FROM attempts a WHERE {results._where} {"AND " + FINISHED_EXAM if self._exams else ""}""",
            results._params)
        # Counted, so that the engine joins the answers to these few attempts through the answers' key
        # rather than reading the whole answers table (PostgreSQL knows nothing of a new table's size).
        self._db.execute("ANALYZE report_attempts")
        if self._exams:
            answer_filter, answer_params = results.filter.answer_sql("s")
            self._db.execute(
                f"""CREATE TEMP TABLE report_exam_answers AS
                    SELECT a.id AS attempt_id, a.who, a.exam_id, s.position, s.question_key, s.bank, s.points,
                           s.max_points, s.fraction, a.score AS total,
                           CASE WHEN {answer_filter} THEN 1 ELSE 0 END AS kept
                    FROM report_attempts a JOIN answers s ON s.attempt_id = a.id""", answer_params)
        return self

    def __exit__(self, *exc: object) -> None:
        self._db.execute("ROLLBACK")  # the temporary tables were made in this transaction: they go with it

    def cohort(self) -> Cohort:
        """The attempts counted: all, finished, trainees, mean and median score, exams passed."""
        row = self._db.execute(
            f"""SELECT COUNT(*), SUM(CASE WHEN a.state = 'finished' THEN 1 ELSE 0 END), COUNT(DISTINCT a.who),
                       AVG(CASE WHEN {FINISHED} THEN a.score / a.max_score END),
                       SUM(CASE WHEN {FINISHED_EXAM} AND a.passed IS NOT NULL THEN 1 ELSE 0 END),
                       SUM(CASE WHEN {FINISHED_EXAM} AND a.passed = 1 THEN 1 ELSE 0 END)
                FROM report_attempts a""").fetchone()
        median = self._db.execute(
            f"""SELECT AVG(f) FROM (SELECT a.score / a.max_score AS f,
                       ROW_NUMBER() OVER (ORDER BY a.score / a.max_score) AS i, COUNT(*) OVER () AS n
                FROM report_attempts a WHERE {FINISHED}) m WHERE i IN ((n + 1) / 2, (n + 2) / 2)""").fetchone()[0]
        return Cohort(row[0], row[1] or 0, row[2], row[3], median, row[4] or 0, row[5] or 0)

    def score_bands(self) -> list[tuple[bool, int, int]]:
        """(exam?, band, finished attempts) per tenth of the score: band 8 is 80% up to (not incl.) 90%."""
        # Compared as score * 10 >= k * max rather than divided, so that exactly 80% is in band 8.
        ladder = " ".join(f"WHEN a.score * 10 >= {k} * a.max_score THEN {k}" for k in range(9, 0, -1))
        rows = self._db.execute(
            f"""SELECT CASE WHEN a.mode = 'exam' THEN 1 ELSE 0 END AS exam, CASE {ladder} ELSE 0 END AS band,
                       COUNT(*) FROM report_attempts a WHERE {FINISHED} GROUP BY 1, 2 ORDER BY 1, 2""")
        return [(bool(exam), band, count) for exam, band, count in rows]

    def exam_totals(self) -> list[ExamTotals]:
        """Per exam: attempts, passes, trainees, mean, median and the sums Moodle's test statistics need.

        A slot's variance counts an unanswered question in a finished attempt as 0 points, as Moodle does.
        """
        rows = self._db.execute(
            f"""WITH e AS (
                    SELECT a.exam_id, a.title, a.passed, a.score, a.max_score, a.score / a.max_score AS f, a.slots,
                           ROW_NUMBER() OVER (PARTITION BY a.exam_id, a.who ORDER BY a.started_at DESC, a.id DESC)
                               AS latest,
                           ROW_NUMBER() OVER (PARTITION BY a.exam_id ORDER BY a.score / a.max_score, a.id) AS i,
                           COUNT(*) OVER (PARTITION BY a.exam_id) AS n
                    FROM report_attempts a WHERE {FINISHED_EXAM}),
                counts AS (SELECT exam_id, COUNT(*) AS n FROM e GROUP BY exam_id),
                slot AS (
                    SELECT exam_id, position, SUM(points) AS x, SUM(points * points) AS xx
                    FROM report_exam_answers GROUP BY exam_id, position),
                spread AS (
                    SELECT slot.exam_id, SUM((slot.xx - slot.x * slot.x / counts.n) / (counts.n - 1)) AS v
                    FROM slot JOIN counts ON counts.exam_id = slot.exam_id WHERE counts.n > 1 GROUP BY slot.exam_id)
                SELECT e.exam_id, MAX(e.title), COUNT(*), SUM(CASE WHEN e.passed = 1 THEN 1 ELSE 0 END),
                       SUM(CASE WHEN e.latest = 1 THEN 1 ELSE 0 END),
                       SUM(CASE WHEN e.latest = 1 AND e.passed = 1 THEN 1 ELSE 0 END), AVG(e.f),
                       AVG(CASE WHEN e.i IN ((e.n + 1) / 2, (e.n + 2) / 2) THEN e.f END), MAX(e.max_score),
                       MAX(e.slots), SUM(e.score), SUM(e.score * e.score), MAX(spread.v)
                FROM e LEFT JOIN spread ON spread.exam_id = e.exam_id GROUP BY e.exam_id ORDER BY e.exam_id""")
        return [ExamTotals(*row) for row in rows]

    def item_sums(self) -> list[ItemSums]:
        """Per question, sums over its finished exam answers for Moodle's F, SD, DI and DE (see ItemSums).

        The answers are first counted per distinct (question, x, r), so the sorted pairing of
        discriminative efficiency runs over a few thousand runs, not every answer: the runs of x
        and of r, each in increasing order, end at cumulative counts; between two consecutive ends
        both x and r are constant, and each stretch adds x * r * its length.
        """
        rows = self._db.execute(
            """WITH g AS (
                    SELECT question_key AS q, points AS x, total - points AS r, MAX(max_points) AS m, COUNT(*) AS c
                    FROM report_exam_answers WHERE kept = 1 GROUP BY question_key, points, total - points),
                xs AS (SELECT q, x, SUM(c) AS c FROM g GROUP BY q, x),
                rs AS (SELECT q, r, SUM(c) AS c FROM g GROUP BY q, r),
                ends AS (
                    SELECT q, SUM(c) OVER (PARTITION BY q ORDER BY x) AS at, x, NULL AS r FROM xs
                    UNION ALL SELECT q, SUM(c) OVER (PARTITION BY q ORDER BY r), NULL, r FROM rs),
                stretches AS (
                    SELECT q, at - COALESCE(LAG(at) OVER (PARTITION BY q ORDER BY at), 0) AS length,
                           MIN(x) OVER (PARTITION BY q ORDER BY at DESC) AS x,
                           MIN(r) OVER (PARTITION BY q ORDER BY at DESC) AS r
                    FROM ends),
                paired AS (SELECT q, SUM(length * x * r) AS sorted_xr FROM stretches GROUP BY q)
                SELECT g.q, SUM(g.c), MAX(g.m), SUM(g.c * g.x), SUM(g.c * g.x * g.x), SUM(g.c * g.r),
                       SUM(g.c * g.r * g.r), SUM(g.c * g.x * g.r), MAX(paired.sorted_xr)
                FROM g JOIN paired ON paired.q = g.q GROUP BY g.q""")
        return [ItemSums(*row) for row in rows]

    def weakest_banks(self, min_answers: int) -> list[WeakestBank]:
        """Per trainee, the bank with the lowest mean score in finished exams (of those with enough answers)."""
        rows = self._db.execute(
            """SELECT who, bank, mean, n FROM (
                    SELECT who, bank, AVG(fraction) AS mean, COUNT(*) AS n,
                           ROW_NUMBER() OVER (PARTITION BY who ORDER BY AVG(fraction), bank) AS k
                    FROM report_exam_answers WHERE kept = 1 GROUP BY who, bank HAVING COUNT(*) >= ?) w
               WHERE k = 1""", [min_answers])
        return [WeakestBank(*row) for row in rows]

    def trainee_exams(self) -> Iterator[TraineeExam]:
        """Each trainee's latest finished attempt at each exam, trainees who need help first.

        A trainee needs help more the more exams they failed on their latest attempt, then the
        lower their lowest latest score.
        """
        rows = self._db.execute(
            f"""WITH latest AS (
                    SELECT a.who, a.trainee AS stored_name, a.employee_no AS stored_no, a.exam_id, a.title,
                           a.score / a.max_score AS f, a.passed, a.started_at,
                           ROW_NUMBER() OVER (PARTITION BY a.who, a.exam_id ORDER BY a.started_at DESC, a.id DESC)
                               AS k,
                           COUNT(*) OVER (PARTITION BY a.who, a.exam_id) AS tries
                    FROM report_attempts a WHERE {FINISHED_EXAM}),
                ranked AS (
                    SELECT who, stored_name, stored_no, exam_id, title, f, passed, tries, started_at,
                           SUM(CASE WHEN passed = 0 THEN 1 ELSE 0 END) OVER (PARTITION BY who) AS failed,
                           MIN(f) OVER (PARTITION BY who) AS lowest
                    FROM latest WHERE k = 1)
                SELECT r.who, COALESCE(p.name, r.stored_name), COALESCE(p.employee_no, r.stored_no), r.failed,
                       r.lowest, r.exam_id, r.title, r.f, r.passed, r.tries, r.started_at
                FROM ranked r LEFT JOIN trainees p ON p.id = r.who
                ORDER BY r.failed DESC, r.lowest, 2, r.who, r.f, r.exam_id""")
        return (TraineeExam._make((*row[:8], None if row[8] is None else bool(row[8]), *row[9:])) for row in rows)

    def trainee_practice(self) -> list[TraineePractice]:
        """Per trainee: finished practice and review attempts and their mean score, by name."""
        rows = self._db.execute(
            f"""SELECT a.who, COALESCE(MAX(p.name), MAX(a.trainee)), COALESCE(MAX(p.employee_no), MAX(a.employee_no)),
                       COUNT(*), AVG(a.score / a.max_score)
                FROM report_attempts a LEFT JOIN trainees p ON p.id = a.who
                WHERE a.mode != 'exam' AND {FINISHED} GROUP BY a.who ORDER BY 2, 1""")
        return [TraineePractice(*row) for row in rows]



def _second_connection(db: Any) -> Callable[[], Any] | None:
    """How to open another connection to the store `db` is connected to, for reading beside it.

    A SQLite file opens again read-only; a PostgreSQL store connects again to its URL; a SQLite
    store in memory has no second connection (None).
    """
    if isinstance(db, sqlite3.Connection):
        path = db.execute("PRAGMA database_list").fetchone()[2]
        if not path:
            return None
        from .sqlite import connect

        # Read-only as sqlite.connect opens it: on read-only media, without a WAL, as immutable.
        return lambda: connect(Path(path), readonly=True)
    url = getattr(db, "url", None)
    if url is None:
        return None
    from .postgres import PgConnection

    return lambda: PgConnection(url)


def resolve_trainees(store: Any, who: Sequence[str]) -> tuple[str, ...]:
    """Trainee ids for names, employee numbers or ids given to --who; unknown ones are an error."""
    from ..errors import suggest

    ids: list[str] = []
    for value in who:
        found = store.find_trainees(value, include_removed=True) or (
            [store.trainee(value)] if store.trainee(value) else [])
        if not found:
            names = [p.name for p in store.trainees(include_removed=True)]
            raise UserError("error.unknown-who", value=value, suggestion=suggest(value, names) or "—")
        ids.extend(p.id for p in found)
    return tuple(dict.fromkeys(ids))
