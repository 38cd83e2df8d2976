"""The exam clock and log through a real store: what an edited store can and cannot give back."""

from __future__ import annotations

import shutil
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from etiquette_quiz import attempts
from etiquette_quiz.banks import load_paths
from etiquette_quiz.model import AttemptMode
from etiquette_quiz.session import draw_exam
from etiquette_quiz.store import Store

from .conftest import DATA

START = datetime(2026, 11, 30, 9, 0, tzinfo=UTC)


class Clocks:
    """A wall clock and a monotonic clock that move together (time passing) or apart (the clock set back)."""

    def __init__(self) -> None:
        self.wall_now, self.ticks = START, 1000.0

    def wall(self) -> datetime:
        return self.wall_now

    def mono(self) -> float:
        return self.ticks

    def pass_(self, seconds: float) -> None:
        self.wall_now += timedelta(seconds=seconds)
        self.ticks += seconds


def library(tmp_path: Path, extra: str = ""):
    exam = (DATA / "sample-exam.yaml").read_text(encoding="utf-8") + extra
    (tmp_path / "exam.yaml").write_text(exam.replace("exam: sample-exam", "exam: clocked"), encoding="utf-8")
    return load_paths([DATA, tmp_path / "exam.yaml"]).library


def begin(store: Store, lib, clocks: Clocks):
    exam = lib.exam("clocked")
    trainee = store.create_trainee("张三", "A1024")
    attempt = attempts.start(store, trainee=trainee, mode=AttemptMode.EXAM, questions=draw_exam(exam, lib, 8), seed=8,
                             library=lib, content_lang="zh-CN", now=clocks.wall(), exam=exam)
    return attempt


def begun(store: Store, lib, clocks: Clocks, seconds: float):
    """An exam started, `seconds` later opened (as the quiz does), ready to answer."""
    attempt = begin(store, lib, clocks)
    clocks.pass_(seconds)
    return reopen(store, lib, attempt.id, clocks)


def reopen(store: Store, lib, attempt_id: str, clocks: Clocks):
    attempt = store.attempt(attempt_id)
    return attempt, attempts.open_session(store, attempt, lib, clock=clocks.mono, now=clocks.wall, resumed=True)


def test_the_deadline_is_fixed_at_the_start_and_written_twice(tmp_path):
    lib, clocks = library(tmp_path), Clocks()
    with Store(tmp_path / "r.sqlite3") as store:
        attempt = begin(store, lib, clocks)
        assert (attempt.clock, attempt.navigation, attempt.review) == ("running", "free", "answers")
        assert attempt.deadline == "2026-11-30T09:10:00.000+00:00"
        (first,) = store.events(attempt.id)
        assert (first.kind, first.seq, first.detail) == ("start", 1, {"deadline": attempt.deadline, "time_limit": 600,
                                                                       "clock": "running"})
        clocks.pass_(200)
        _, session = reopen(store, lib, attempt.id, clocks)
        assert session.remaining() == 400 and not session.flags


@pytest.mark.parametrize("edit", [
    "UPDATE attempts SET elapsed = 0",
    "UPDATE attempts SET deadline = '2026-11-30T10:00:00.000+00:00'",
    "UPDATE attempts SET started_at = '2026-11-30T09:50:00.000+00:00', deadline = '2026-11-30T10:00:00.000+00:00'",
    "UPDATE attempts SET time_limit = 3600, deadline = '2026-11-30T10:00:00.000+00:00'",
    "UPDATE attempt_events SET at = '2026-11-30T09:50:00.000+00:00'",
])
def test_an_edited_store_gives_no_time_back(tmp_path, edit):
    lib, clocks = library(tmp_path), Clocks()
    with Store(tmp_path / "r.sqlite3") as store:
        attempt = begin(store, lib, clocks)
        clocks.pass_(200)
        store.db.execute(edit)
        attempt, session = reopen(store, lib, attempt.id, clocks)
        assert session.remaining() <= 400  # a time moved later counts as seen: it can only take time away
        if "elapsed" in edit:  # a running clock does not read elapsed at all
            assert session.remaining() == 400 and store.attempt(attempt.id).flags == []
        else:
            assert "clock-edited" in store.attempt(attempt.id).flags


def test_a_deleted_start_line_is_flagged(tmp_path):
    lib, clocks = library(tmp_path), Clocks()
    with Store(tmp_path / "r.sqlite3") as store:
        attempt = begin(store, lib, clocks)
        store.db.execute("DELETE FROM attempt_events")
        clocks.pass_(30)
        attempt, session = reopen(store, lib, attempt.id, clocks)
        assert session.remaining() == 570
        (edited,) = [e for e in store.events(attempt.id) if e.kind == "clock-edited"]
        assert edited.detail == {"disagree": ["log: start missing"]}


def test_moving_every_copy_of_the_start_still_shows_in_the_answers(tmp_path):
    lib, clocks = library(tmp_path), Clocks()
    with Store(tmp_path / "r.sqlite3") as store:
        attempt, session = begun(store, lib, clocks, 60)
        session.submit(session.available[0], "c0", 60)
        later = "'2026-11-30T09:30:00.000+00:00'"
        store.db.execute(f"UPDATE attempts SET started_at = {later}, deadline = '2026-11-30T09:40:00.000+00:00'")
        store.db.execute(f"UPDATE attempt_events SET at = {later}, detail = "
                         "'{\"deadline\":\"2026-11-30T09:40:00.000+00:00\",\"time_limit\":600}' WHERE kind = 'start'")
        attempt, session = reopen(store, lib, attempt.id, clocks)
        # This much consistent editing gives back the minute used (never more: the time counts on from the
        # start written)…
        assert session.remaining() == 600
        # …and it shows: the answer was given "before" the start, and the clock "went back" to before it.
        assert sorted(store.attempt(attempt.id).flags) == ["clock-back", "clock-edited"]
        detail = [e.detail for e in store.events(attempt.id) if e.kind == "clock-edited"]
        assert detail == [{"disagree": ["answered before started_at"]}]


def test_a_pausable_clock_cannot_be_set_back_below_its_log(tmp_path):
    lib, clocks = library(tmp_path, "clock: pausable\n"), Clocks()
    with Store(tmp_path / "r.sqlite3") as store:
        attempt = begin(store, lib, clocks)
        assert (attempt.clock, attempt.deadline) == ("pausable", None)
        _, session = reopen(store, lib, attempt.id, clocks)
        clocks.pass_(90)
        session.submit(session.available[0], "c0", 90)
        clocks.pass_(3600)  # away for an hour: a pausable clock does not count it
        store.db.execute("UPDATE attempts SET elapsed = 0")
        attempt, session = reopen(store, lib, attempt.id, clocks)
        assert session.remaining() == 510
        assert store.attempt(attempt.id).flags == ["clock-edited"]


def test_a_clock_set_back_between_runs_is_flagged_and_counted_from_the_last_time_seen(tmp_path):
    lib, clocks = library(tmp_path), Clocks()
    with Store(tmp_path / "r.sqlite3") as store:
        attempt, session = begun(store, lib, clocks, 120)
        attempts.save_clock(store, attempt, session)  # the heartbeat: seen at 09:02
        clocks.wall_now -= timedelta(minutes=30)  # killed, the system clock set back half an hour, resumed
        attempt, session = reopen(store, lib, attempt.id, clocks)
        assert session.remaining() == 480
        assert store.attempt(attempt.id).flags == ["clock-back"]
        (back,) = [e for e in store.events(attempt.id) if e.kind == "clock-back"]
        assert back.detail["seen"].startswith("2026-11-30T09:02:00") and back.detail["wall"].startswith("2026-11-30T08:32")


def test_changed_answers_keep_the_final_one_and_every_one_in_the_log(tmp_path):
    lib, clocks = library(tmp_path), Clocks()
    with Store(tmp_path / "r.sqlite3") as store:
        attempt = begin(store, lib, clocks)
        attempt, session = reopen(store, lib, attempt.id, clocks)
        first = session.available[0]
        session.submit(first, "w0", 10)
        session.toggle_flag(first)
        clocks.pass_(30)
        session.submit(first, "c0", 5)
        with Store(tmp_path / "r.sqlite3") as other:  # what another process (or a kill -9) sees: committed
            (answer,) = other.answers(attempt.id)
            assert (answer.response, answer.fraction, answer.seconds) == ("c0", 1.0, 15)
            log = [(e.kind, e.position, e.response) for e in other.events(attempt.id)]
            assert log == [("start", None, None), ("resume", None, None), ("answer", 0, "w0"), ("flag", 0, None),
                           ("answer", 0, "c0")]


def test_review_of_an_exam_is_scheduled_at_hand_in_and_only_when_it_shows_the_answers(tmp_path):
    for review, scheduled in (("answers", True), ("score", False)):
        lib, clocks = library(tmp_path, f"review: {review}\n"), Clocks()
        with Store(tmp_path / f"{review}.sqlite3") as store:
            attempt = begin(store, lib, clocks)
            attempt, session = reopen(store, lib, attempt.id, clocks)
            session.submit(session.available[0], "w0", 10)
            assert store.review_states(attempt.trainee_id) == []  # not while answers may still change
            attempts.finish(store, attempt, session)
            keys = [s.question_key for s in store.review_states(attempt.trainee_id)]
            assert keys == (["sample/ring-count"] if scheduled else [])
            assert store.events(attempt.id)[-1].kind == "hand-in"


def test_an_exam_in_progress_during_the_upgrade_keeps_its_old_clock(tmp_path):
    path = tmp_path / "old.sqlite3"
    shutil.copy(DATA / "store-v1.sqlite3", path)
    lib, clocks = load_paths([DATA]).library, Clocks()
    with Store(path) as store:
        attempt = store.attempt("11111111-0000-4000-8000-000000000003")
        assert (attempt.clock, attempt.deadline, attempt.flags, store.events(attempt.id)) == (None, None, [], [])
        session = attempts.open_session(store, attempt, lib, clock=clocks.mono, now=clocks.wall, resumed=True)
        assert session.remaining() == 540  # 600 s, 60 used before the upgrade: not cut short by the wall clock
        assert store.events(attempt.id)[-1].kind == "resume"


def test_a_time_limit_rewritten_everywhere_is_flagged_against_the_exam_file(tmp_path):
    lib, clocks = library(tmp_path), Clocks()
    with Store(tmp_path / "r.sqlite3") as store:
        attempt = begin(store, lib, clocks)
        store.db.execute("UPDATE attempts SET time_limit = 3600, deadline = '2026-11-30T10:00:00.000+00:00'")
        store.db.execute("UPDATE attempt_events SET detail = "
                         "'{\"deadline\":\"2026-11-30T10:00:00.000+00:00\",\"time_limit\":3600}'")
        attempt, session = reopen(store, lib, attempt.id, clocks)
        assert session.remaining() == 3600  # every copy agrees: the store alone cannot tell…
        detail = [e.detail for e in store.events(attempt.id) if e.kind == "clock-edited"]
        assert detail == [{"disagree": ["time_limit above the exam file's"]}]  # …the exam file can
