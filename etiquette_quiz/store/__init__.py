"""Results in SQLite (or PostgreSQL): trainees, attempts and answers, each answer committed the moment it is given.

All SQL of the project lives in this package:
  migrations.py  the schema and its versions      records.py  trainee, attempt and answer records
  queries.py     what trainers read, filtered and streamed (Results)
  merge.py       bringing another store's exported results in
  postgres.py    the same SQL on a PostgreSQL server (--db postgresql://…), through one adapter
  security.py    trainer and trainee roles on PostgreSQL (grants, row-level security)
  network.py     refusing a SQLite file on a network drive
  sqlite.py      opening a SQLite store, waiting for it, and its failures in one sentence
The store is shared safely by several quiz processes: WAL journaling, and `BEGIN IMMEDIATE`
for every write, waiting (visibly) while another process writes: see sqlite.py. A centre's
many terminals share one PostgreSQL store instead.
"""

from __future__ import annotations

import json
import sqlite3
import uuid
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from fractions import Fraction
from pathlib import Path
from typing import cast

from ..errors import StoreError
from ..model import person_key, tidy_person_text
from ..review import ReviewState
from ..scores import exact
from . import sqlite as lite
from .migrations import MIGRATIONS, SCHEMA_VERSION
from .network import refuse_network_path
from .postgres import is_server_url
from .queries import ResultFilter, Results
from .records import AnswerRecord, AttemptRecord, EventRecord, TraineeRecord, score_columns
from .sql import review_from_row, save_review, to_json, utc_now

# The tables that hold rows of an attempt (keyed by attempt_id); a migration that adds one adds it here.
ATTEMPT_TABLES = ("answer_overrides", "answers", "attempt_events")

__all__ = [
    "SCHEMA_VERSION", "AnswerRecord", "AttemptRecord", "EventRecord", "ResultFilter", "Results", "Store",
    "TraineeRecord", "utc_now",
]


class Store:
    """One results store: a SQLite file, or a PostgreSQL database named by a postgresql:// URL."""

    engine = "sqlite"

    def __init__(self, path: Path | str, *, readonly: bool = False, check: bool = False, create_folder: bool = True,
                 on_wait: lite.OnWait | None = None, check_memo: Path | None = None) -> None:
        """Open (or create) the store at `path`, a SQLite file or a postgresql:// URL.

        For a SQLite file: `readonly`, an existing store, read only, nothing created (trainer
        commands that only read); `check`, a file of 0 bytes refused and PRAGMA quick_check
        first (trainer commands, which read everything); `create_folder`, make the folder if
        missing (the default data folder, not a --db typo). `on_wait`: called once when a write
        has to wait for another program. `check_memo`: where clean checks are remembered, so an
        unchanged store is not checked again (sqlite.quick_check).
        """
        self.on_wait = on_wait
        if is_server_url(path):
            self._open_server(str(path))
            return
        path = Path(path)
        self.path: Path | str = path
        refuse_network_path(path)
        if check:
            lite.refuse_empty(path)
        self.db = lite.connect(path, readonly=readonly, create_folder=create_folder)
        self.db.row_factory = sqlite3.Row
        try:
            if check:
                lite.quick_check(self.db, path, check_memo)
            if not readonly:
                # Switching a new store to WAL takes the lock: machines starting at once wait for each other.
                db = self.db
                lite.retrying(lambda: db.execute("PRAGMA journal_mode = WAL"), on_wait)
            # FULL: an answer survives not only a killed process but a power cut after commit.
            self.db.execute("PRAGMA synchronous = FULL")
            self.db.execute("PRAGMA foreign_keys = ON")
            self._migrate(readonly)
        except StoreError:
            self.db.close()
            raise
        except (sqlite3.Error, OSError) as exc:
            self.db.close()
            raise lite.explain(exc, path) from None

    def _open_server(self, url: str) -> None:
        """Open a PostgreSQL store; its SQL runs through the adapter in postgres.py."""
        from .postgres import PgConnection, display_url
        from .security import refresh_grants

        self.engine = "postgresql"
        self.path = display_url(url)
        try:
            connection = PgConnection(url)
        except ImportError:
            raise StoreError("error.server-no-driver", url=self.path) from None
        except Exception as exc:  # psycopg's own errors: the driver is imported only here
            raise StoreError("error.server-connect", url=self.path, reason=str(exc).strip()) from None
        # The adapter offers the part of sqlite3.Connection the store's SQL uses (tests run both engines).
        self.db = cast(sqlite3.Connection, connection)
        before = self.schema_version
        try:
            self._migrate()
        except sqlite3.OperationalError as exc:
            connection.close()
            raise StoreError("error.server-migrate", url=self.path, reason=str(exc).strip()) from None
        if before != SCHEMA_VERSION:
            refresh_grants(self)

    def close(self) -> None:
        """Close the connection."""
        self.db.close()

    def __enter__(self) -> Store:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    @contextmanager
    def write(self, wait: bool = True) -> Iterator[sqlite3.Connection]:
        """One write transaction (BEGIN IMMEDIATE), waiting while another program writes (sqlite.begin).

        Without `wait`, a store busy with another writer raises StoreBusy at once. On PostgreSQL
        the adapter takes the write lock itself (postgres.py), waiting as the server does.
        """
        sqlite = self.engine == "sqlite"
        if sqlite:
            lite.begin(self.db, self.on_wait, wait)
        else:
            self.db.execute("BEGIN IMMEDIATE")
        try:
            yield self.db
        except BaseException:
            self.db.execute("ROLLBACK")
            raise
        if sqlite:
            lite.commit(self.db, self.on_wait)
        else:
            self.db.execute("COMMIT")

    def _migrate(self, readonly: bool = False) -> None:
        version = self.db.execute("PRAGMA user_version").fetchone()[0]
        if version > SCHEMA_VERSION:
            raise StoreError("error.store-newer", path=str(self.path), found=version, known=SCHEMA_VERSION)
        if version == SCHEMA_VERSION:
            return
        if readonly:
            # An older store is brought up to date where it is, as any command would; on
            # read-only media that cannot be done, and this version cannot read it as it is.
            assert isinstance(self.path, Path)
            self.db.close()
            self.db = lite.connect(self.path)
            self.db.row_factory = sqlite3.Row
            self.db.execute("PRAGMA foreign_keys = ON")
        with self.write() as db:
            # Re-read under the write lock: another process may have migrated meanwhile.
            version = db.execute("PRAGMA user_version").fetchone()[0]
            for number in range(version + 1, SCHEMA_VERSION + 1):
                MIGRATIONS[number - 1](db)
                db.execute(f"PRAGMA user_version = {number}")

    @property
    def schema_version(self) -> int:
        """The schema version of the open store."""
        version: int = self.db.execute("PRAGMA user_version").fetchone()[0]
        return version

    # -- attempts ------------------------------------------------------------------------
    def create_attempt(self, attempt: AttemptRecord, start: EventRecord | None = None) -> None:
        """Save a new attempt (and an exam's first log line) before its first question is shown."""
        with self.write():
            self.insert_attempt(attempt, [])
            if start is not None:
                self.add_events(attempt.id, [start])

    def record_answer(self, attempt_id: str, answer: AnswerRecord, elapsed: float,
                      review: tuple[str, ReviewState] | None = None) -> None:
        """Save one answer, the quiz time used so far and the question's new review schedule
        (trainee id, state), in one committed transaction."""
        if not answer.answered_at:
            answer.answered_at = utc_now()
        with self.write() as db:
            if review is not None:
                save_review(db, *review)
            self.add_answers(attempt_id, [answer])
            db.execute("UPDATE attempts SET elapsed = ? WHERE id = ? AND state = 'in_progress'", (elapsed, attempt_id))

    def save_exam_answer(self, attempt_id: str, answer: AnswerRecord, event: EventRecord) -> None:
        """Save an exam answer, first given or changed, in one committed transaction: the answers table
        keeps it as the final answer, the log keeps it as one more line."""
        with self.write() as db:
            self._still_open(attempt_id)
            self.put_answers(attempt_id, [answer])
            self.add_events(attempt_id, [event])
            db.execute("UPDATE attempts SET elapsed = ?, seen_at = ? WHERE id = ?",
                       (event.elapsed, event.at, attempt_id))

    def log_events(self, attempt_id: str, events: list[EventRecord], flags: Sequence[str] = (),
                   wait: bool = True) -> None:
        """Add lines to an exam's log (a flag, a pause, a clock going back), with any new attempt flags.

        Without `wait` (the heartbeat), StoreBusy if another program writes."""
        with self.write(wait) as db:
            self.add_events(attempt_id, events)
            if flags:
                row = db.execute("SELECT flags FROM attempts WHERE id = ?", (attempt_id,)).fetchone()
                known = json.loads(row[0]) if row else []
                merged = known + [flag for flag in dict.fromkeys(flags) if flag not in known]
                db.execute("UPDATE attempts SET flags = ? WHERE id = ?", (to_json(merged), attempt_id))
            if events:
                db.execute("UPDATE attempts SET seen_at = ? WHERE id = ? AND state = 'in_progress'",
                           (events[-1].at, attempt_id))

    def events(self, attempt_id: str) -> list[EventRecord]:
        """An attempt's log, in order."""
        rows = self.db.execute("SELECT * FROM attempt_events WHERE attempt_id = ? ORDER BY seq", (attempt_id,))
        return [EventRecord.from_row(row) for row in rows.fetchall()]

    def save_elapsed(self, attempt_id: str, elapsed: float, seen_at: str | None = None, wait: bool = True) -> None:
        """Save the quiz time an unfinished attempt has used (and when it was last seen running).

        Without `wait` (the heartbeat), StoreBusy if another program writes."""
        with self.write(wait) as db:
            db.execute("UPDATE attempts SET elapsed = ?, seen_at = COALESCE(?, seen_at) "
                       "WHERE id = ? AND state = 'in_progress'", (elapsed, seen_at, attempt_id))

    def finish_attempt(self, attempt_id: str, *, score: Fraction | int, max_score: Fraction | int,
                       passed: bool | None, elapsed: float, finished_at: str | None = None,
                       reviews: Sequence[tuple[str, ReviewState]] = (),
                       event: EventRecord | None = None) -> None:
        """Mark an attempt finished, with its exact score, pass or fail and the time it took; an exam's missed
        questions are scheduled for review and its log gets the hand-in, in the same transaction."""
        with self.write() as db:
            for trainee_id, state in reviews:
                save_review(db, trainee_id, state)
            if event is not None:
                self.add_events(attempt_id, [event])
            db.execute(
                """UPDATE attempts SET state = 'finished', score = ?, score_exact = ?, max_score = ?,
                       max_score_exact = ?, passed = ?, elapsed = ?, finished_at = ? WHERE id = ?""",
                (*score_columns(exact(score)), *score_columns(exact(max_score)),
                 None if passed is None else int(passed), elapsed, finished_at or utc_now(), attempt_id),
            )

    def _still_open(self, attempt_id: str) -> None:
        row = self.db.execute("SELECT state FROM attempts WHERE id = ?", (attempt_id,)).fetchone()
        if row is None or row[0] != "in_progress":
            raise StoreError("error.attempt-closed", attempt=attempt_id[:8])

    def attempt(self, attempt_id: str) -> AttemptRecord | None:
        """The attempt with this id."""
        row = self.db.execute("SELECT * FROM attempts WHERE id = ?", (attempt_id,)).fetchone()
        return AttemptRecord.from_row(row) if row else None

    def find_attempts(self, prefix: str) -> list[AttemptRecord]:
        """Attempts whose id starts with `prefix` (people type the first few characters)."""
        escaped = prefix.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
        rows = self.db.execute("SELECT * FROM attempts WHERE id LIKE ? ESCAPE '\\' ORDER BY started_at",
                               (escaped + "%",)).fetchall()
        return [AttemptRecord.from_row(row) for row in rows]

    def abandon_attempt(self, attempt_id: str, at: str | None = None) -> bool:
        """Discard an unfinished attempt: it stays in the store as abandoned, never scored; False if not unfinished."""
        with self.write() as db:
            changed = db.execute("UPDATE attempts SET state = 'abandoned', finished_at = ? "
                                 "WHERE id = ? AND state = 'in_progress'", (at or utc_now(), attempt_id)).rowcount
        return bool(changed)

    def unfinished(self, trainee_id: str) -> list[AttemptRecord]:
        """A trainee's unfinished attempts, newest first."""
        rows = self.db.execute(
            "SELECT * FROM attempts WHERE trainee_id = ? AND state = 'in_progress' ORDER BY started_at DESC",
            (trainee_id,),
        ).fetchall()
        return [AttemptRecord.from_row(row) for row in rows]

    def attempts_of(self, trainee_id: str | None) -> list[AttemptRecord]:
        """A trainee's attempts, oldest first (every trainee's with None)."""
        if trainee_id is None:
            rows = self.db.execute("SELECT * FROM attempts ORDER BY started_at, id").fetchall()
        else:
            rows = self.db.execute("SELECT * FROM attempts WHERE trainee_id = ? ORDER BY started_at, id",
                                   (trainee_id,)).fetchall()
        return [AttemptRecord.from_row(row) for row in rows]

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
        """For each question the trainee answered: the fraction earned on the latest answer (1.0: all of it)."""
        rows = self.db.execute(
            """SELECT s.question_key, s.fraction FROM answers s JOIN attempts a ON a.id = s.attempt_id
               WHERE a.trainee_id = ? ORDER BY s.answered_at""", (trainee_id,)).fetchall()
        return {key: fraction for key, fraction in rows}

    # -- trainees ------------------------------------------------------------------------
    def create_trainee(self, name: str, employee_no: str | None = None, trainee_id: str | None = None) -> TraineeRecord:
        """Add a trainee (a new id unless one is given); the name and number are stored NFKC-normalised."""
        record = TraineeRecord(trainee_id or str(uuid.uuid4()), tidy_person_text(name) or name,
                               tidy_person_text(employee_no), utc_now())
        with self.write():
            self.insert_trainee(record)
        return record

    def trainee(self, trainee_id: str) -> TraineeRecord | None:
        """The trainee with this id."""
        row = self.db.execute("SELECT * FROM trainees WHERE id = ?", (trainee_id,)).fetchone()
        return TraineeRecord.from_row(row) if row else None

    def find_trainees(self, name_or_number: str, include_removed: bool = False) -> list[TraineeRecord]:
        """Trainees with this name or this employee number, compared as model.person_key does (ＡＢ-007 = ab-007)."""
        key = person_key(name_or_number)
        found = [p for p in self.trainees(include_removed)
                 if key and key in (person_key(p.name), person_key(p.employee_no))]
        return sorted(found, key=lambda p: p.created_at)

    def trainees(self, include_removed: bool = False) -> list[TraineeRecord]:
        """Every trainee, by name (those removed from the app only with `include_removed`)."""
        where = "" if include_removed else " WHERE removed_at IS NULL"
        rows = self.db.execute(f"SELECT * FROM trainees{where} ORDER BY name, created_at")
        return [TraineeRecord.from_row(row) for row in rows]

    def rename_trainee(self, trainee_id: str, name: str, employee_no: str | None) -> None:
        """Change a trainee's name or number; their history stays theirs (it is keyed by id)."""
        with self.write() as db:
            db.execute("UPDATE trainees SET name = ?, employee_no = ? WHERE id = ?",
                       (tidy_person_text(name) or name, tidy_person_text(employee_no), trainee_id))

    def remove_trainee(self, trainee_id: str, delete_results: bool = False) -> None:
        """Take a trainee off the app's lists; their results stay for reports unless `delete_results`.

        Deleting results removes the trainee's attempts, answers and review schedule for good.
        """
        with self.write() as db:
            if not delete_results:
                db.execute("UPDATE trainees SET removed_at = ? WHERE id = ?", (utc_now(), trainee_id))
                return
            for table in ATTEMPT_TABLES:  # everything kept per attempt goes before the attempt it belongs to
                db.execute(f"DELETE FROM {table} WHERE attempt_id IN (SELECT id FROM attempts WHERE trainee_id = ?)",
                           (trainee_id,))
            db.execute("DELETE FROM attempts WHERE trainee_id = ?", (trainee_id,))
            db.execute("DELETE FROM reviews WHERE trainee_id = ?", (trainee_id,))
            db.execute("DELETE FROM trainees WHERE id = ?", (trainee_id,))

    # -- merging results from other stores (each call is part of one `write()` transaction) --
    def insert_trainee(self, record: TraineeRecord) -> None:
        """Add a trainee within the caller's write transaction."""
        self.db.execute("INSERT INTO trainees (id, name, employee_no, created_at) VALUES (?, ?, ?, ?)",
                        (record.id, record.name, record.employee_no, record.created_at or utc_now()))

    def insert_attempt(self, attempt: AttemptRecord, answers: list[AnswerRecord]) -> None:
        """Add an attempt and its answers within the caller's write transaction."""
        self.db.execute(
            f"""INSERT INTO attempts (id, trainee, employee_no, mode, exam_id, title, seed, lang, plan, bank_versions,
                   time_limit, pass_mark, pass_mark_exact, feedback, started_at, finished_at, elapsed, state, score,
                   score_exact, max_score, max_score_exact, passed, trainee_id, deadline, clock, navigation, review,
                   flags, seen_at, auto_score_exact, auto_passed)
               VALUES ({", ".join("?" * 32)})""",
            (attempt.id, attempt.trainee, attempt.employee_no, attempt.mode, attempt.exam_id, attempt.title,
             attempt.seed, attempt.lang, to_json(attempt.plan), to_json(attempt.bank_versions), attempt.time_limit,
             *score_columns(attempt.pass_mark), attempt.feedback, attempt.started_at, attempt.finished_at,
             attempt.elapsed, attempt.state, *score_columns(attempt.score), *score_columns(attempt.max_score),
             None if attempt.passed is None else int(attempt.passed), attempt.trainee_id, attempt.deadline,
             attempt.clock, attempt.navigation, attempt.review, to_json(attempt.flags), attempt.seen_at,
             score_columns(attempt.auto_score)[1], None if attempt.auto_passed is None else int(attempt.auto_passed)))
        self.add_answers(attempt.id, answers)

    def add_answers(self, attempt_id: str, answers: list[AnswerRecord]) -> None:
        """Add answers to an attempt within the caller's write transaction."""
        self.db.executemany(f"INSERT INTO answers ({_ANSWER_COLUMNS}) VALUES ({_ANSWER_SLOTS})",
                            [_answer_values(attempt_id, a) for a in answers])

    def put_answers(self, attempt_id: str, answers: list[AnswerRecord]) -> None:
        """Add answers to an attempt, or replace those at the same positions, within the caller's write transaction."""
        self.db.executemany(
            f"""INSERT INTO answers ({_ANSWER_COLUMNS}) VALUES ({_ANSWER_SLOTS})
               ON CONFLICT (attempt_id, position) DO UPDATE SET question_key = excluded.question_key,
                   bank = excluded.bank, content_hash = excluded.content_hash, response = excluded.response,
                   fraction = excluded.fraction, fraction_exact = excluded.fraction_exact, points = excluded.points,
                   points_exact = excluded.points_exact, max_points = excluded.max_points,
                   max_points_exact = excluded.max_points_exact, seconds = excluded.seconds,
                   forbidden = excluded.forbidden, answered_at = excluded.answered_at,
                   review_reason = excluded.review_reason, mark_detail = excluded.mark_detail,
                   auto_fraction = excluded.auto_fraction, auto_fraction_exact = excluded.auto_fraction_exact,
                   auto_points_exact = excluded.auto_points_exact""",
            [_answer_values(attempt_id, a) for a in answers])

    def add_events(self, attempt_id: str, events: list[EventRecord]) -> None:
        """Append to an attempt's log within the caller's write transaction, numbering the lines on."""
        last = self.db.execute("SELECT COALESCE(MAX(seq), 0) FROM attempt_events WHERE attempt_id = ?",
                               (attempt_id,)).fetchone()[0]
        for seq, event in enumerate(events, last + 1):
            event.seq = seq
        self.db.executemany(
            """INSERT INTO attempt_events (attempt_id, seq, at, kind, position, response, elapsed, detail)
               VALUES (?, ?, ?, ?, ?, ?, ?, ?)""",
            [(attempt_id, e.seq, e.at, e.kind, e.position, None if e.response is None else to_json(e.response),
              e.elapsed, None if e.detail is None else to_json(e.detail)) for e in events])

    def set_final(self, attempt: AttemptRecord) -> None:
        """Record how an attempt ended (state, score, pass, time; and the grader's, when a trainer changed a mark)."""
        self.db.execute(
            """UPDATE attempts SET state = ?, score = ?, score_exact = ?, max_score = ?, max_score_exact = ?,
                   passed = ?, finished_at = ?, elapsed = ?, flags = ?, auto_score_exact = ?, auto_passed = ?
               WHERE id = ?""",
            (attempt.state, *score_columns(attempt.score), *score_columns(attempt.max_score),
             None if attempt.passed is None else int(attempt.passed), attempt.finished_at, attempt.elapsed,
             to_json(attempt.flags), score_columns(attempt.auto_score)[1],
             None if attempt.auto_passed is None else int(attempt.auto_passed), attempt.id))

    def save_review(self, trainee_id: str, state: ReviewState) -> None:
        """Save a review schedule within the caller's write transaction."""
        save_review(self.db, trainee_id, state)

    # -- review schedule -----------------------------------------------------------------
    def review_state(self, trainee_id: str, question_key: str) -> ReviewState | None:
        """A trainee's review schedule for one question."""
        row = self.db.execute("SELECT * FROM reviews WHERE trainee_id = ? AND question_key = ?",
                              (trainee_id, question_key)).fetchone()
        return review_from_row(row) if row else None

    def review_states(self, trainee_id: str) -> list[ReviewState]:
        """A trainee's review schedules, the soonest due first."""
        rows = self.db.execute("SELECT * FROM reviews WHERE trainee_id = ? ORDER BY due", (trainee_id,)).fetchall()
        return [review_from_row(row) for row in rows]

    def results(self, flt: ResultFilter) -> Results:
        """What trainers read through `flt`: attempts, answers and aggregates, streamed."""
        return Results(self.db, flt)

    def answers(self, attempt_id: str) -> list[AnswerRecord]:
        """An attempt's answers, by position."""
        rows = self.db.execute("SELECT * FROM answers WHERE attempt_id = ? ORDER BY position", (attempt_id,)).fetchall()
        return [AnswerRecord.from_row(row) for row in rows]


_ANSWER_COLUMNS = (
    "attempt_id, position, question_key, bank, content_hash, response, fraction, fraction_exact, points, points_exact, "
    "max_points, max_points_exact, seconds, forbidden, answered_at, review_reason, mark_detail, auto_fraction, "
    "auto_fraction_exact, auto_points_exact")
_ANSWER_SLOTS = ", ".join("?" * 20)


def _answer_values(attempt_id: str, a: AnswerRecord) -> tuple[object, ...]:
    return (attempt_id, a.position, a.question_key, a.bank, a.content_hash, to_json(a.response),
            *score_columns(a.fraction), *score_columns(a.points), *score_columns(a.max_points), a.seconds,
            to_json(a.forbidden), a.answered_at, a.review_reason, None if a.detail is None else to_json(a.detail),
            *score_columns(a.auto_fraction), score_columns(a.auto_points)[1])
