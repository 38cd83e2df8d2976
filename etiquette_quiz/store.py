"""Results in SQLite: attempts and answers, each answer committed the moment it is given.

The store is shared safely by several quiz processes: WAL journaling, `BEGIN IMMEDIATE` for
every write and a busy timeout. Its schema carries a version (PRAGMA user_version) and is
brought up to date by the migrations below when a store is opened.
"""

from __future__ import annotations

import json
import sqlite3
import uuid
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import datetime, timezone
from pathlib import Path
from typing import Any

from .problems import UserError
from .review import ReviewState

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


def _migrate_2(db: sqlite3.Connection) -> None:
    """Trainees get a stable id (renaming keeps their history), and missed questions a review schedule."""
    _run_script(db, """
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
    from .review import update

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
        _save_review(db, trainee_id, state)


def _migrate_3(db: sqlite3.Connection) -> None:
    """Indexes for trainers' reports and exports over large stores.

    Per-question figures read only a covering index instead of a million scattered rows,
    and exports stream attempts in start order without sorting them first.
    """
    _run_script(db, """
        DROP INDEX answers_by_question;
        CREATE INDEX answers_by_question ON answers (question_key, bank, fraction, points, attempt_id);
        CREATE INDEX attempts_by_start ON attempts (started_at, id);
    """)


# Migration i brings a store from version i-1 to version i. Append; never edit a released one.
MIGRATIONS: list[Callable[[sqlite3.Connection], None]] = [_migrate_1, _migrate_2, _migrate_3]
SCHEMA_VERSION = len(MIGRATIONS)


@dataclass(frozen=True)
class TraineeRecord:
    id: str
    name: str
    employee_no: str | None = None
    created_at: str = ""

    @property
    def label(self) -> str:
        return f"{self.name} ({self.employee_no})" if self.employee_no else self.name


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
    trainee_id: str | None = None


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
        with self.write():
            self.insert_attempt(attempt, [])

    def record_answer(self, attempt_id: str, answer: AnswerRecord, elapsed: float,
                      review: tuple[str, ReviewState] | None = None) -> None:
        """Save one answer, the quiz time used so far and the question's new review schedule
        (trainee id, state), in one committed transaction."""
        if not answer.answered_at:
            answer.answered_at = utc_now()
        with self.write() as db:
            if review is not None:
                _save_review(db, *review)
            self.add_answers(attempt_id, [answer])
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

    def unfinished(self, trainee_id: str) -> list[AttemptRecord]:
        rows = self.db.execute(
            "SELECT * FROM attempts WHERE trainee_id = ? AND state = 'in_progress' ORDER BY started_at DESC",
            (trainee_id,),
        ).fetchall()
        return [_attempt(row) for row in rows]

    def attempts_of(self, trainee_id: str | None) -> list[AttemptRecord]:
        """A trainee's attempts, oldest first (every trainee's with None)."""
        if trainee_id is None:
            rows = self.db.execute("SELECT * FROM attempts ORDER BY started_at, id").fetchall()
        else:
            rows = self.db.execute("SELECT * FROM attempts WHERE trainee_id = ? ORDER BY started_at, id",
                                   (trainee_id,)).fetchall()
        return [_attempt(row) for row in rows]

    def answer_counts(self, trainee_id: str | None) -> dict[str, int]:
        """How many answers each attempt holds (a trainee's attempts, or every attempt with None)."""
        if trainee_id is None:
            rows = self.db.execute("SELECT attempt_id, COUNT(*) FROM answers GROUP BY attempt_id")
        else:
            rows = self.db.execute(
                """SELECT s.attempt_id, COUNT(*) FROM answers s JOIN attempts a ON a.id = s.attempt_id
                   WHERE a.trainee_id = ? GROUP BY s.attempt_id""", (trainee_id,))
        return dict(rows.fetchall())

    def latest_answers(self, trainee_id: str) -> dict[str, float]:
        """For each question the trainee answered: the fraction earned on the latest answer."""
        rows = self.db.execute(
            """SELECT s.question_key, s.fraction FROM answers s JOIN attempts a ON a.id = s.attempt_id
               WHERE a.trainee_id = ? ORDER BY s.answered_at""", (trainee_id,)).fetchall()
        return {key: fraction for key, fraction in rows}

    # -- trainees ------------------------------------------------------------------------
    def create_trainee(self, name: str, employee_no: str | None = None, trainee_id: str | None = None) -> TraineeRecord:
        record = TraineeRecord(trainee_id or str(uuid.uuid4()), name, employee_no, utc_now())
        with self.write():
            self.insert_trainee(record)
        return record

    def trainee(self, trainee_id: str) -> TraineeRecord | None:
        row = self.db.execute("SELECT * FROM trainees WHERE id = ?", (trainee_id,)).fetchone()
        return _trainee(row) if row else None

    def find_trainees(self, name_or_number: str) -> list[TraineeRecord]:
        """Trainees with this name or this employee number."""
        rows = self.db.execute("SELECT * FROM trainees WHERE name = ? OR employee_no = ? ORDER BY created_at",
                               (name_or_number, name_or_number)).fetchall()
        return [_trainee(row) for row in rows]

    def trainees(self) -> list[TraineeRecord]:
        return [_trainee(row) for row in self.db.execute("SELECT * FROM trainees ORDER BY name, created_at")]

    def rename_trainee(self, trainee_id: str, name: str, employee_no: str | None) -> None:
        """Change a trainee's name or number; their history stays theirs (it is keyed by id)."""
        with self.write() as db:
            db.execute("UPDATE trainees SET name = ?, employee_no = ? WHERE id = ?", (name, employee_no, trainee_id))

    # -- merging results from other stores (each call is part of one `write()` transaction) --
    def insert_trainee(self, record: TraineeRecord) -> None:
        self.db.execute("INSERT INTO trainees (id, name, employee_no, created_at) VALUES (?, ?, ?, ?)",
                        (record.id, record.name, record.employee_no, record.created_at or utc_now()))

    def insert_attempt(self, attempt: AttemptRecord, answers: list[AnswerRecord]) -> None:
        self.db.execute(
            """INSERT INTO attempts (id, trainee, employee_no, mode, exam_id, title, seed, lang, plan, bank_versions,
                   time_limit, pass_mark, feedback, started_at, finished_at, elapsed, state, score, max_score, passed,
                   trainee_id) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)""",
            (attempt.id, attempt.trainee, attempt.employee_no, attempt.mode, attempt.exam_id, attempt.title,
             attempt.seed, attempt.lang, _json(attempt.plan), _json(attempt.bank_versions), attempt.time_limit,
             attempt.pass_mark, attempt.feedback, attempt.started_at, attempt.finished_at, attempt.elapsed,
             attempt.state, attempt.score, attempt.max_score, None if attempt.passed is None else int(attempt.passed),
             attempt.trainee_id))
        self.add_answers(attempt.id, answers)

    def add_answers(self, attempt_id: str, answers: list[AnswerRecord]) -> None:
        self.db.executemany(
            """INSERT INTO answers (attempt_id, position, question_key, bank, content_hash, response, fraction,
                   points, max_points, seconds, forbidden, answered_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)""",
            [(attempt_id, a.position, a.question_key, a.bank, a.content_hash, _json(a.response), a.fraction, a.points,
              a.max_points, a.seconds, _json(a.forbidden), a.answered_at) for a in answers])

    def set_final(self, attempt: AttemptRecord) -> None:
        """Record how an attempt ended (state, score, pass, time)."""
        self.db.execute(
            """UPDATE attempts SET state = ?, score = ?, max_score = ?, passed = ?, finished_at = ?, elapsed = ?
               WHERE id = ?""",
            (attempt.state, attempt.score, attempt.max_score, None if attempt.passed is None else int(attempt.passed),
             attempt.finished_at, attempt.elapsed, attempt.id))

    def save_review(self, trainee_id: str, state: ReviewState) -> None:
        _save_review(self.db, trainee_id, state)

    # -- review schedule -----------------------------------------------------------------
    def review_state(self, trainee_id: str, question_key: str) -> ReviewState | None:
        row = self.db.execute("SELECT * FROM reviews WHERE trainee_id = ? AND question_key = ?",
                              (trainee_id, question_key)).fetchone()
        return _review(row) if row else None

    def review_states(self, trainee_id: str) -> list[ReviewState]:
        rows = self.db.execute("SELECT * FROM reviews WHERE trainee_id = ? ORDER BY due", (trainee_id,)).fetchall()
        return [_review(row) for row in rows]

    def answers(self, attempt_id: str) -> list[AnswerRecord]:
        rows = self.db.execute("SELECT * FROM answers WHERE attempt_id = ? ORDER BY position", (attempt_id,)).fetchall()
        return [_answer(row) for row in rows]


def _save_review(db: sqlite3.Connection, trainee_id: str, state: ReviewState) -> None:
    db.execute(
        """INSERT INTO reviews (trainee_id, question_key, bank, content_hash, card, due, last_review, reviews, wrong)
           VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)
           ON CONFLICT (trainee_id, question_key) DO UPDATE SET bank = excluded.bank,
               content_hash = excluded.content_hash, card = excluded.card, due = excluded.due,
               last_review = excluded.last_review, reviews = excluded.reviews, wrong = excluded.wrong""",
        (trainee_id, state.question_key, state.bank, state.content_hash, _json(state.card), state.due,
         state.last_review, state.reviews, state.wrong),
    )


def _review(row: sqlite3.Row) -> ReviewState:
    return ReviewState(
        question_key=row["question_key"], bank=row["bank"], content_hash=row["content_hash"],
        card=json.loads(row["card"]), due=row["due"], last_review=row["last_review"], reviews=row["reviews"],
        wrong=row["wrong"],
    )


def _trainee(row: sqlite3.Row) -> TraineeRecord:
    return TraineeRecord(row["id"], row["name"], row["employee_no"], row["created_at"])


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
        passed=None if row["passed"] is None else bool(row["passed"]), trainee_id=row["trainee_id"],
    )


def _answer(row: sqlite3.Row) -> AnswerRecord:
    return AnswerRecord(
        position=row["position"], question_key=row["question_key"], bank=row["bank"],
        content_hash=row["content_hash"], response=json.loads(row["response"]) if row["response"] else None,
        fraction=row["fraction"], points=row["points"], max_points=row["max_points"], seconds=row["seconds"],
        forbidden=json.loads(row["forbidden"]), answered_at=row["answered_at"],
    )
