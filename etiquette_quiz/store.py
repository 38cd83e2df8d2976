"""Results in SQLite: attempts and answers, each answer committed the moment it is given.

The store is shared safely by several quiz processes: WAL journaling, `BEGIN IMMEDIATE` for
every write and a busy timeout. Its schema carries a version (PRAGMA user_version) and is
brought up to date by the migrations below when a store is opened.
"""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import datetime, timezone
from pathlib import Path
from typing import Any

from .problems import UserError

BUSY_TIMEOUT_MS = 10_000


def utc_now() -> str:
    return datetime.now(timezone.utc).isoformat(timespec="milliseconds")


def _migrate_1(db: sqlite3.Connection) -> None:
    _run_script(db, """
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


def _run_script(db: sqlite3.Connection, script: str) -> None:
    """Run statements one by one: executescript() would commit the migration's transaction."""
    code = "\n".join(line.split("--")[0] for line in script.splitlines())  # comments may hold ';'
    for statement in code.split(";"):
        if statement.strip():
            db.execute(statement)


# Migration i brings a store from version i-1 to version i. Append; never edit a released one.
MIGRATIONS: list[Callable[[sqlite3.Connection], None]] = [_migrate_1]
SCHEMA_VERSION = len(MIGRATIONS)


@dataclass
class AttemptRecord:
    id: str
    trainee: str
    mode: str
    seed: int
    lang: str
    plan: list[dict[str, Any]]
    bank_versions: dict[str, int]
    feedback: str
    started_at: str
    employee_no: str | None = None
    exam_id: str | None = None
    title: str | None = None
    time_limit: float | None = None
    pass_mark: float | None = None
    finished_at: str | None = None
    elapsed: float = 0.0
    state: str = "in_progress"
    score: float | None = None
    max_score: float | None = None
    passed: bool | None = None


@dataclass
class AnswerRecord:
    position: int
    question_key: str
    bank: str
    content_hash: str
    response: Any
    fraction: float
    points: float
    max_points: float
    seconds: float
    forbidden: list[str] = field(default_factory=list)
    answered_at: str = ""


class Store:
    """One SQLite results store."""

    def __init__(self, path: Path) -> None:
        self.path = path
        try:
            path.parent.mkdir(parents=True, exist_ok=True)
            # isolation_level=None: no implicit transactions; every write says BEGIN IMMEDIATE.
            self.db = sqlite3.connect(str(path), isolation_level=None, timeout=BUSY_TIMEOUT_MS / 1000)
        except (OSError, sqlite3.Error) as exc:
            raise UserError("error.store-open", path=str(path), reason=str(exc)) from None
        self.db.row_factory = sqlite3.Row
        try:
            self.db.execute(f"PRAGMA busy_timeout = {BUSY_TIMEOUT_MS}")
            self.db.execute("PRAGMA journal_mode = WAL")
            # FULL: an answer survives not only a killed process but a power cut after commit.
            self.db.execute("PRAGMA synchronous = FULL")
            self.db.execute("PRAGMA foreign_keys = ON")
            self._migrate()
        except sqlite3.DatabaseError as exc:
            self.db.close()
            raise UserError("error.store-broken", path=str(path), reason=str(exc)) from None

    def close(self) -> None:
        self.db.close()

    def __enter__(self) -> Store:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    @contextmanager
    def write(self) -> Iterator[sqlite3.Connection]:
        """One write transaction, taken with BEGIN IMMEDIATE so concurrent writers queue, not fail."""
        self.db.execute("BEGIN IMMEDIATE")
        try:
            yield self.db
        except BaseException:
            self.db.execute("ROLLBACK")
            raise
        self.db.execute("COMMIT")

    def _migrate(self) -> None:
        version = self.db.execute("PRAGMA user_version").fetchone()[0]
        if version > SCHEMA_VERSION:
            raise UserError("error.store-newer", path=str(self.path), found=version, known=SCHEMA_VERSION)
        if version == SCHEMA_VERSION:
            return
        with self.write() as db:
            # Re-read under the write lock: another process may have migrated meanwhile.
            version = db.execute("PRAGMA user_version").fetchone()[0]
            for number in range(version + 1, SCHEMA_VERSION + 1):
                MIGRATIONS[number - 1](db)
                db.execute(f"PRAGMA user_version = {number}")

    @property
    def schema_version(self) -> int:
        return self.db.execute("PRAGMA user_version").fetchone()[0]

    # -- attempts ------------------------------------------------------------------------
    def create_attempt(self, attempt: AttemptRecord) -> None:
        with self.write() as db:
            db.execute(
                """INSERT INTO attempts (id, trainee, employee_no, mode, exam_id, title, seed, lang, plan,
                       bank_versions, time_limit, pass_mark, feedback, started_at, elapsed, state)
                   VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)""",
                (attempt.id, attempt.trainee, attempt.employee_no, attempt.mode, attempt.exam_id, attempt.title,
                 attempt.seed, attempt.lang, _json(attempt.plan), _json(attempt.bank_versions),
                 attempt.time_limit, attempt.pass_mark, attempt.feedback, attempt.started_at,
                 attempt.elapsed, attempt.state),
            )

    def record_answer(self, attempt_id: str, answer: AnswerRecord, elapsed: float) -> None:
        """Save one answer and the quiz time used so far, in one committed transaction."""
        with self.write() as db:
            db.execute(
                """INSERT INTO answers (attempt_id, position, question_key, bank, content_hash, response,
                       fraction, points, max_points, seconds, forbidden, answered_at)
                   VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)""",
                (attempt_id, answer.position, answer.question_key, answer.bank, answer.content_hash,
                 _json(answer.response), answer.fraction, answer.points, answer.max_points, answer.seconds,
                 _json(answer.forbidden), answer.answered_at or utc_now()),
            )
            db.execute("UPDATE attempts SET elapsed = ? WHERE id = ? AND state = 'in_progress'", (elapsed, attempt_id))

    def save_elapsed(self, attempt_id: str, elapsed: float) -> None:
        with self.write() as db:
            db.execute("UPDATE attempts SET elapsed = ? WHERE id = ? AND state = 'in_progress'", (elapsed, attempt_id))

    def finish_attempt(self, attempt_id: str, *, score: float, max_score: float, passed: bool | None,
                       elapsed: float, finished_at: str | None = None) -> None:
        with self.write() as db:
            db.execute(
                """UPDATE attempts SET state = 'finished', score = ?, max_score = ?, passed = ?, elapsed = ?,
                       finished_at = ? WHERE id = ?""",
                (score, max_score, None if passed is None else int(passed), elapsed, finished_at or utc_now(),
                 attempt_id),
            )

    def attempt(self, attempt_id: str) -> AttemptRecord | None:
        row = self.db.execute("SELECT * FROM attempts WHERE id = ?", (attempt_id,)).fetchone()
        return _attempt(row) if row else None

    def find_attempts(self, prefix: str) -> list[AttemptRecord]:
        """Attempts whose id starts with `prefix` (people type the first few characters)."""
        escaped = prefix.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
        rows = self.db.execute("SELECT * FROM attempts WHERE id LIKE ? ESCAPE '\\' ORDER BY started_at",
                               (escaped + "%",)).fetchall()
        return [_attempt(row) for row in rows]

    def unfinished(self, trainee: str) -> list[AttemptRecord]:
        rows = self.db.execute(
            "SELECT * FROM attempts WHERE trainee = ? AND state = 'in_progress' ORDER BY started_at DESC",
            (trainee,),
        ).fetchall()
        return [_attempt(row) for row in rows]

    def answers(self, attempt_id: str) -> list[AnswerRecord]:
        rows = self.db.execute("SELECT * FROM answers WHERE attempt_id = ? ORDER BY position", (attempt_id,)).fetchall()
        return [_answer(row) for row in rows]


def _json(value: Any) -> str:
    return json.dumps(value, ensure_ascii=False, separators=(",", ":"))


def _attempt(row: sqlite3.Row) -> AttemptRecord:
    return AttemptRecord(
        id=row["id"], trainee=row["trainee"], employee_no=row["employee_no"], mode=row["mode"],
        exam_id=row["exam_id"], title=row["title"], seed=row["seed"], lang=row["lang"],
        plan=json.loads(row["plan"]), bank_versions=json.loads(row["bank_versions"]),
        time_limit=row["time_limit"], pass_mark=row["pass_mark"], feedback=row["feedback"],
        started_at=row["started_at"], finished_at=row["finished_at"], elapsed=row["elapsed"], state=row["state"],
        score=row["score"], max_score=row["max_score"],
        passed=None if row["passed"] is None else bool(row["passed"]),
    )


def _answer(row: sqlite3.Row) -> AnswerRecord:
    return AnswerRecord(
        position=row["position"], question_key=row["question_key"], bank=row["bank"],
        content_hash=row["content_hash"], response=json.loads(row["response"]) if row["response"] else None,
        fraction=row["fraction"], points=row["points"], max_points=row["max_points"], seconds=row["seconds"],
        forbidden=json.loads(row["forbidden"]), answered_at=row["answered_at"],
    )
