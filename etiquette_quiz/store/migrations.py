"""The schema of the results store and the migrations that bring an older store up to date.

Migration i brings a store from version i-1 to version i (PRAGMA user_version). Append; never
edit a released one: `tests/test_migration.py` opens stores written by older code.
"""

from __future__ import annotations

import sqlite3
import uuid
from collections.abc import Callable
from datetime import datetime
from fractions import Fraction
from typing import Any

from ..scores import exact_text, old_answer, old_attempt
from .records import score_columns
from .sql import run_script, save_review


def _migrate_1(db: sqlite3.Connection) -> None:
    run_script(db, """
        CREATE TABLE attempts (
            id            TEXT PRIMARY KEY,          -- a UUID
            trainee       TEXT NOT NULL,
            employee_no   TEXT,
            mode          TEXT NOT NULL,             -- practice | exam | review
            exam_id       TEXT,
            title         TEXT,                      -- the exam title when it was taken
            seed          INTEGER NOT NULL,
            lang          TEXT NOT NULL,
            plan          TEXT NOT NULL,             -- JSON: the drawn questions, in order, with their layout
            bank_versions TEXT NOT NULL,             -- JSON: {bank id: version}
            time_limit    REAL,                      -- seconds
            pass_mark     REAL,                      -- fraction of the points
            feedback      TEXT NOT NULL,             -- immediate | end
            started_at    TEXT NOT NULL,             -- ISO 8601, UTC
            finished_at   TEXT,
            elapsed       REAL NOT NULL DEFAULT 0,   -- seconds of quiz time used so far
            state         TEXT NOT NULL,             -- in_progress | finished
            score         REAL,
            max_score     REAL,
            passed        INTEGER
        );
        CREATE INDEX attempts_by_trainee ON attempts (trainee, started_at);
        CREATE INDEX attempts_by_state ON attempts (state);
        CREATE TABLE answers (
            attempt_id    TEXT NOT NULL REFERENCES attempts (id),
            position      INTEGER NOT NULL,          -- index in the attempt's plan
            question_key  TEXT NOT NULL,             -- bank/question
            bank          TEXT NOT NULL,
            content_hash  TEXT NOT NULL,
            response      TEXT,                      -- JSON; see grading.py for its shape per type
            fraction      REAL NOT NULL,
            points        REAL NOT NULL,
            max_points    REAL NOT NULL,
            seconds       REAL NOT NULL,
            forbidden     TEXT NOT NULL DEFAULT '[]',  -- JSON list of forbidden phrases used
            answered_at   TEXT NOT NULL,
            PRIMARY KEY (attempt_id, position)
        );
        CREATE INDEX answers_by_question ON answers (question_key);
        """)


def _migrate_2(db: sqlite3.Connection) -> None:
    """Trainees get a stable id (renaming keeps their history), and missed questions a review schedule."""
    run_script(db, """
        CREATE TABLE trainees (
            id            TEXT PRIMARY KEY,          -- a UUID
            name          TEXT NOT NULL,
            employee_no   TEXT,
            created_at    TEXT NOT NULL
        );
        CREATE INDEX trainees_by_name ON trainees (name);
        ALTER TABLE attempts ADD COLUMN trainee_id TEXT REFERENCES trainees (id);
        CREATE INDEX attempts_by_trainee_id ON attempts (trainee_id, started_at);
        CREATE TABLE reviews (
            trainee_id    TEXT NOT NULL REFERENCES trainees (id),
            question_key  TEXT NOT NULL,
            bank          TEXT NOT NULL,
            content_hash  TEXT NOT NULL,             -- of the question when it was last answered
            card          TEXT NOT NULL,             -- JSON: the FSRS card
            due           TEXT NOT NULL,             -- ISO 8601, UTC
            last_review   TEXT,
            reviews       INTEGER NOT NULL DEFAULT 0,
            wrong         INTEGER NOT NULL DEFAULT 0,  -- wrong answers; a "leech" from review.LEECH_AFTER
            PRIMARY KEY (trainee_id, question_key)
        );
        CREATE INDEX reviews_by_due ON reviews (trainee_id, due);
    """)
    # Each (name, employee number) of the old attempts becomes a trainee.
    people = db.execute(
        "SELECT trainee, employee_no, MIN(started_at) FROM attempts GROUP BY trainee, employee_no").fetchall()
    for name, employee_no, first in people:
        trainee_id = str(uuid.uuid4())
        db.execute("INSERT INTO trainees (id, name, employee_no, created_at) VALUES (?, ?, ?, ?)",
                   (trainee_id, name, employee_no, first))
        db.execute("UPDATE attempts SET trainee_id = ? WHERE trainee = ? AND employee_no IS ?",
                   (trainee_id, name, employee_no))
    # Replay the answers already given, in order, so past mistakes are scheduled for review.
    # The question type is not stored with an answer, so no replayed answer counts as fast.
    from ..review import update

    states: dict[tuple[str, str], Any] = {}
    rows = db.execute(
        """SELECT a.trainee_id, s.question_key, s.bank, s.content_hash, s.fraction, s.seconds, s.answered_at
           FROM answers s JOIN attempts a ON a.id = s.attempt_id ORDER BY s.answered_at, s.attempt_id, s.position"""
    ).fetchall()
    for trainee_id, key, bank, content_hash, fraction, seconds, answered_at in rows:
        state = update(states.get((trainee_id, key)), question_key=key, bank=bank, content_hash=content_hash,
                       fraction=fraction, seconds=seconds, qtype=None, now=datetime.fromisoformat(answered_at))
        if state is not None:
            states[(trainee_id, key)] = state
    for (trainee_id, _), state in states.items():
        save_review(db, trainee_id, state)


def _migrate_3(db: sqlite3.Connection) -> None:
    """Indexes for trainers' reports and exports over large stores.

    Per-question figures read only a covering index instead of a million scattered rows,
    and exports stream attempts in start order without sorting them first.
    """
    run_script(db, """
        DROP INDEX answers_by_question;
        CREATE INDEX answers_by_question ON answers (question_key, bank, fraction, points, attempt_id);
        CREATE INDEX attempts_by_start ON attempts (started_at, id);
    """)


PAIRS_PER_STATEMENT = 80  # up to 10 parameters a pair: within SQLite's oldest limit of 999 per statement


def _migrate_4(db: sqlite3.Connection) -> None:
    """Exact scores (see scores.py): each score also as exact text, e.g. '1/3', beside its REAL column.

    The REAL columns stay, holding the float nearest to the exact value, because the report's
    aggregates (and the covering index of migration 3) read them. The old values become exact:
      - an answer's share and its question's points were stored unrounded: the nearest fraction
        with a denominator of at most a million (scores.FLOAT_DENOMINATOR) is the exact value;
        its points (stored rounded to 4 decimals) are recomputed from them;
      - an attempt's score was the sum of points rounded to 4 decimals (2.9999 for 3): it becomes
        the exact sum of its answers when that rounding explains the difference, else its 4
        decimals (scores.settled_total); its maximum and pass mark are read like the shares;
      - a finished attempt with a pass mark is decided again on the exact values, so an attempt
        the rounding failed at exactly the pass mark now passes.
    """
    run_script(db, """
        ALTER TABLE answers ADD COLUMN fraction_exact TEXT;      -- the exact share of the points earned: 1/3
        ALTER TABLE answers ADD COLUMN points_exact TEXT;
        ALTER TABLE answers ADD COLUMN max_points_exact TEXT;
        ALTER TABLE attempts ADD COLUMN score_exact TEXT;
        ALTER TABLE attempts ADD COLUMN max_score_exact TEXT;
        ALTER TABLE attempts ADD COLUMN pass_mark_exact TEXT;
    """)
    # Few (share, points) pairs occur: each is worked out once. The most frequent come first, so that
    # most rows stop at the first WHEN of the one pass that writes them.
    pairs: dict[tuple[float, float], tuple[Fraction, Fraction, Fraction]] = {}
    stale = set()  # pairs whose REAL columns are not the floats nearest the exact values (points: 0.3333)
    for fraction, max_points, points, _ in db.execute(
            """SELECT fraction, max_points, points, COUNT(*) FROM answers GROUP BY fraction, max_points, points
               ORDER BY 4 DESC""").fetchall():
        share, exact_points, most = pairs.setdefault((fraction, max_points), old_answer(fraction, max_points))
        if (float(share), float(exact_points)) != (fraction, points):
            stale.add((fraction, max_points))
    _set_by_pair(db, {pair: tuple(exact_text(value) for value in values) for pair, values in pairs.items()},
                 ("fraction_exact", "points_exact", "max_points_exact"))
    # The REAL columns are indexed (migration 3): only the rows that change are written.
    _set_by_pair(db, {pair: (float(pairs[pair][0]), float(pairs[pair][1])) for pair in stale}, ("fraction", "points"))
    # Each attempt's exact total, kept as integer sums per denominator (Fraction additions per row are slow).
    sums: dict[str, dict[int, int]] = {}
    counts: dict[str, int] = {}
    for attempt_id, fraction, max_points, count in db.execute(
            "SELECT attempt_id, fraction, max_points, COUNT(*) FROM answers GROUP BY attempt_id, fraction, max_points"):
        points = pairs[(fraction, max_points)][1]
        by_denominator = sums.setdefault(attempt_id, {})
        by_denominator[points.denominator] = by_denominator.get(points.denominator, 0) + points.numerator * count
        counts[attempt_id] = counts.get(attempt_id, 0) + count
    updates = []
    for attempt_id, score, max_score, pass_mark, state in db.execute(
            "SELECT id, score, max_score, pass_mark, state FROM attempts").fetchall():
        total = sum((Fraction(n, d) for d, n in sums.get(attempt_id, {}).items()), Fraction(0))
        exact_score, exact_max, exact_mark, passed = old_attempt(
            score, max_score, pass_mark, state == "finished", total, counts.get(attempt_id, 0))
        updates.append((*score_columns(exact_score), *score_columns(exact_max), score_columns(exact_mark)[1],
                        None if passed is None else int(passed), attempt_id))
    db.executemany(
        """UPDATE attempts SET score = ?, score_exact = ?, max_score = ?, max_score_exact = ?, pass_mark_exact = ?,
               passed = COALESCE(?, passed) WHERE id = ?""", updates)


def _set_by_pair(db: sqlite3.Connection, values: dict[tuple[float, float], tuple[Any, ...]],
                 columns: tuple[str, ...]) -> None:
    """Set `columns` of the answers with each (fraction, max_points) pair to its values, in one pass per batch."""
    batch = list(values.items())
    while batch:
        some, batch = batch[:PAIRS_PER_STATEMENT], batch[PAIRS_PER_STATEMENT:]
        when = " ".join(["WHEN fraction = ? AND max_points = ? THEN ?"] * len(some))
        params: list[Any] = []
        for column in range(len(columns)):
            for (fraction, max_points), new in some:
                params += [fraction, max_points, new[column]]
        shares = sorted({fraction for (fraction, _), _ in some})
        params += shares
        assignments = ", ".join(f"{name} = CASE {when} ELSE {name} END" for name in columns)
        db.execute(f"UPDATE answers SET {assignments} WHERE fraction IN ({', '.join('?' * len(shares))})", params)


def _migrate_5(db: sqlite3.Connection) -> None:
    """Exams: a deadline fixed at the start, free navigation, review options, and each exam's log.

    `attempt_events` is only ever appended to: it keeps every answer an exam trainee gave (the
    answers table keeps the final one), flags, pauses and the start with its deadline, which the
    clock checks the attempt's own columns against. Attempts started before this migration keep
    `clock` NULL and their time limit runs as it did then (only while the quiz is open), so an exam
    in progress during the upgrade is not cut short.
    """
    run_script(db, """
        ALTER TABLE attempts ADD COLUMN deadline TEXT;     -- ISO 8601 UTC: a running clock's deadline
        ALTER TABLE attempts ADD COLUMN clock TEXT;        -- running | pausable; NULL: untimed or older
        ALTER TABLE attempts ADD COLUMN navigation TEXT;   -- free | sequential; NULL: as before (sequential)
        ALTER TABLE attempts ADD COLUMN review TEXT;       -- answers | score | none; NULL: answers
        ALTER TABLE attempts ADD COLUMN flags TEXT NOT NULL DEFAULT '[]';  -- JSON: what a trainer should check
        ALTER TABLE attempts ADD COLUMN seen_at TEXT;      -- the latest time the attempt was seen running
        CREATE TABLE attempt_events (
            attempt_id    TEXT NOT NULL REFERENCES attempts (id),
            seq           INTEGER NOT NULL,          -- 1, 2, 3 … in the order they happened
            at            TEXT NOT NULL,             -- ISO 8601, UTC
            kind          TEXT NOT NULL,             -- start | answer | skip | flag | unflag | pause | resume |
                                                     -- clock-back | clock-edited | hand-in | time-up
            position      INTEGER,                   -- the question, for answer, skip, flag and unflag
            response      TEXT,                      -- JSON, for answer
            elapsed       REAL NOT NULL,             -- seconds of exam time used by then
            detail        TEXT,                      -- JSON: start -> deadline, time limit and clock
            PRIMARY KEY (attempt_id, seq)
        );
    """)


def _migrate_6(db: sqlite3.Connection) -> None:
    """A trainee can be removed from the app while their results stay for the trainer's reports (issue 13)."""
    run_script(db, """
        ALTER TABLE trainees ADD COLUMN removed_at TEXT;  -- ISO 8601, UTC; NULL while the trainee is listed
    """)


MIGRATIONS: list[Callable[[sqlite3.Connection], None]] = [
    _migrate_1, _migrate_2, _migrate_3, _migrate_4, _migrate_5, _migrate_6,
]
SCHEMA_VERSION = len(MIGRATIONS)
