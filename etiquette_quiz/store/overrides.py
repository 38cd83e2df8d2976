"""Trainers' overrides of answer marks in the store: added, never changed, and what they change.

An override is only ever added (`answer_overrides`); the latest one (by time, then id) is the
answer's mark. What it changes is worked out again from the grader's mark and every override,
so adding the same overrides in any order, or twice (a results file imported again), ends the
same way:
  - the answer: its score columns hold the latest override's share; the grader's share and
    points move to `auto_*` the first time (never written again);
  - the attempt: its score is the grader's score plus, for each overridden answer, the points
    the override gave less those the grader gave (exact), and pass or fail is decided again on
    it (scores.passes); the grader's score and decision move to `auto_*` the first time;
  - the review schedule of that question for that trainee is replayed from the trainee's answers
    to it as they now stand (`replay_schedule`), as if the grader had marked the answer so.
Each function runs inside the caller's write transaction.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime
from fractions import Fraction
from typing import TYPE_CHECKING

from ..model import AttemptMode, AttemptState, ReviewOption
from ..review import ReviewState, update
from ..scores import exact, passes
from .records import OverrideRecord, score_columns
from .sql import save_review

if TYPE_CHECKING:
    from ..model import Library
    from . import Store


def add_override(store: Store, attempt_id: str, record: OverrideRecord) -> bool:
    """Add an override unless one with its id is there already; returns whether it was added."""
    if store.db.execute("SELECT 1 FROM answer_overrides WHERE id = ?", (record.id,)).fetchone() is not None:
        return False
    store.db.execute(
        """INSERT INTO answer_overrides (id, attempt_id, position, at, trainer, verdict, fraction, fraction_exact,
               comment) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)""",
        (record.id, attempt_id, record.position, record.at, record.trainer, record.verdict,
         *score_columns(record.fraction), record.comment))
    return True


def overrides_of(store: Store, attempt_id: str, position: int | None = None) -> list[OverrideRecord]:
    """An attempt's overrides (one answer's with `position`), oldest first."""
    if position is None:
        rows = store.db.execute("SELECT * FROM answer_overrides WHERE attempt_id = ? ORDER BY position, at, id",
                                (attempt_id,))
    else:
        rows = store.db.execute("SELECT * FROM answer_overrides WHERE attempt_id = ? AND position = ? "
                                "ORDER BY at, id", (attempt_id, position))
    return [OverrideRecord.from_row(row) for row in rows.fetchall()]


def settle_answer(store: Store, attempt_id: str, position: int) -> None:
    """Give an answer the mark of its latest override, keeping the grader's mark beside it."""
    db = store.db
    latest = db.execute("SELECT fraction_exact FROM answer_overrides WHERE attempt_id = ? AND position = ? "
                        "ORDER BY at DESC, id DESC", (attempt_id, position)).fetchone()
    if latest is None:
        return
    row = db.execute("SELECT fraction_exact, points_exact, max_points_exact, auto_fraction_exact, auto_points_exact "
                     "FROM answers WHERE attempt_id = ? AND position = ?", (attempt_id, position)).fetchone()
    auto_fraction = exact(row[3] if row[3] is not None else row[0])
    auto_points = exact(row[4] if row[4] is not None else row[1])
    fraction = exact(latest[0])
    db.execute(
        """UPDATE answers SET auto_fraction = ?, auto_fraction_exact = ?, auto_points_exact = ?, fraction = ?,
               fraction_exact = ?, points = ?, points_exact = ? WHERE attempt_id = ? AND position = ?""",
        (*score_columns(auto_fraction), score_columns(auto_points)[1], *score_columns(fraction),
         *score_columns(fraction * exact(row[2])), attempt_id, position))


def settle_attempt(store: Store, attempt_id: str) -> None:
    """Score a finished attempt again from the grader's score and its overridden answers, and decide pass or fail."""
    db = store.db
    row = db.execute("SELECT state, score_exact, max_score_exact, pass_mark_exact, passed, auto_score_exact, "
                     "auto_passed FROM attempts WHERE id = ?", (attempt_id,)).fetchone()
    if row is None or row[0] != AttemptState.FINISHED or row[1] is None:
        return
    changed = db.execute("SELECT points_exact, auto_points_exact FROM answers WHERE attempt_id = ? "
                         "AND auto_points_exact IS NOT NULL", (attempt_id,)).fetchall()
    if not changed:
        return
    first = row[5] is None
    auto_score = exact(row[1] if first else row[5])
    auto_passed = row[4] if first else row[6]
    score = auto_score + sum((exact(points) - exact(auto) for points, auto in changed), Fraction(0))
    passed = auto_passed
    if auto_passed is not None and row[3] is not None and row[2] is not None:
        passed = int(passes(score, exact(row[2]), exact(row[3])))
    db.execute("UPDATE attempts SET auto_score_exact = ?, auto_passed = ?, score = ?, score_exact = ?, passed = ? "
               "WHERE id = ?", (score_columns(auto_score)[1], auto_passed, *score_columns(score), passed, attempt_id))


def replay_schedule(store: Store, trainee_id: str, question_key: str, qtype: str | None) -> ReviewState | None:
    """A trainee's review schedule of one question, worked out again from their answers to it as they stand.

    Answers count when they counted as given: practice and review answers when they were
    given, an exam's when it was handed in, and only if the exam showed its answers then
    (attempts.finish). The schedule is saved, or removed when no answer left it missed.
    """
    rows = store.db.execute(
        """SELECT a.mode, a.state, a.review, a.finished_at, s.answered_at, s.fraction_exact, s.seconds,
                  s.content_hash, s.bank
           FROM answers s JOIN attempts a ON a.id = s.attempt_id
           WHERE a.trainee_id = ? AND s.question_key = ?""", (trainee_id, question_key)).fetchall()
    counted = []
    for mode, state, review, finished_at, answered_at, fraction, seconds, content_hash, bank in rows:
        when = answered_at
        if mode == AttemptMode.EXAM:
            shown = (review or ReviewOption.ANSWERS.value) == ReviewOption.ANSWERS.value
            if state != AttemptState.FINISHED or not shown or not finished_at:
                continue
            when = finished_at
        counted.append((when, exact(fraction), seconds, content_hash, bank))
    schedule: ReviewState | None = None
    for when, fraction, seconds, content_hash, bank in sorted(counted, key=lambda item: item[0]):
        moment = datetime.fromisoformat(when)
        new = update(schedule, question_key=question_key, bank=bank, content_hash=content_hash, fraction=fraction,
                     seconds=seconds, qtype=qtype, now=moment)
        schedule = new if new is not None else schedule
    if schedule is None:
        store.db.execute("DELETE FROM reviews WHERE trainee_id = ? AND question_key = ?", (trainee_id, question_key))
    else:
        save_review(store.db, trainee_id, schedule)
    return schedule


def question_types(library: Library | None) -> Callable[[str], str | None]:
    """A question's type by its key (None for one the library lacks), for the review schedules a verdict
    changes: an answer right and fast counts as fluent by its type."""

    def question_type(key: str) -> str | None:
        question = library.question(key) if library is not None else None
        return question.type.value if question is not None else None

    return question_type


def apply_overrides(store: Store, attempt_id: str, positions: set[int],
                    question_type: Callable[[str], str | None]) -> None:
    """Bring the answers at `positions`, their attempt and the review schedules they touch up to date with the
    overrides."""
    for position in sorted(positions):
        settle_answer(store, attempt_id, position)
    settle_attempt(store, attempt_id)
    trainee = store.db.execute("SELECT trainee_id FROM attempts WHERE id = ?", (attempt_id,)).fetchone()
    if trainee is None or trainee[0] is None:
        return
    keys = set()
    for position in positions:
        row = store.db.execute("SELECT question_key FROM answers WHERE attempt_id = ? AND position = ?",
                               (attempt_id, position)).fetchone()
        if row is not None:
            keys.add(row[0])
    for key in sorted(keys):
        replay_schedule(store, trainee[0], key, question_type(key))
