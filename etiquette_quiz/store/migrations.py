"""The schema of the results store and the migrations that bring an older store up to date.

Migration i brings a store from version i-1 to version i (PRAGMA user_version). Append; never
edit a released one: `tests/test_migration.py` opens stores written by older code.
"""

from __future__ import annotations

import sqlite3
import uuid
from collections.abc import Callable
from datetime import datetime
from typing import Any

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


def _reserved_4(db: sqlite3.Connection) -> None:
    """Reserved for exact scores (issue 10.1, the scores branch); the merge puts that migration here."""


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


MIGRATIONS: list[Callable[[sqlite3.Connection], None]] = [_migrate_1, _migrate_2, _migrate_3, _reserved_4, _migrate_5]
SCHEMA_VERSION = len(MIGRATIONS)
