"""The SQLite results store: answers committed one by one, shared by processes, versioned.

The store API itself is tested on both engines in test_engines.py.
"""

from __future__ import annotations

import signal
import sqlite3
import subprocess
import sys
import textwrap

import pytest

from etiquette_quiz.problems import UserError
from etiquette_quiz.store import SCHEMA_VERSION, AnswerRecord, AttemptRecord, Store


def attempt(attempt_id: str = "a1", trainee: str = "张三", **extra) -> AttemptRecord:
    return AttemptRecord(
        id=attempt_id, trainee=trainee, trainee_id="t-zhang", mode="exam", seed=7, lang="zh-CN",
        plan=[{"key": "sample/ring-count", "hash": "h", "layout": {"choices": ["w0", "c0", "w1"]}}],
        bank_versions={"sample": 2}, feedback="end", started_at="2026-11-22T08:00:00+00:00",
        exam_id="new-hire", title="新员工入职考核", time_limit=1200, pass_mark=0.8, **extra,
    )


def answer(position: int = 0, **extra) -> AnswerRecord:
    values = dict(position=position, question_key="sample/ring-count", bank="sample", content_hash="h",
                  response="c0", fraction=1.0, points=1.0, max_points=1.0, seconds=3.5, forbidden=[],
                  answered_at="2026-11-22T08:00:05+00:00")
    values.update(extra)
    return AnswerRecord(**values)


def test_store_uses_wal_and_a_schema_version(tmp_path):
    with Store(tmp_path / "r.sqlite3") as store:
        assert store.db.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
        assert store.schema_version == SCHEMA_VERSION


def test_a_newer_store_is_refused_clearly(tmp_path):
    path = tmp_path / "r.sqlite3"
    Store(path).close()
    db = sqlite3.connect(path)
    db.execute(f"PRAGMA user_version = {SCHEMA_VERSION + 1}")
    db.close()
    with pytest.raises(UserError) as caught:
        Store(path)
    assert "newer etiquette-quiz" in caught.value.render("en")


def test_a_file_that_is_not_a_store_is_refused_clearly(tmp_path):
    path = tmp_path / "r.sqlite3"
    path.write_bytes(b"this is not a database" * 100)
    with pytest.raises(UserError) as caught:
        Store(path)
    assert caught.value.key == "error.store-broken"


WRITER = textwrap.dedent("""
    import sys
    from etiquette_quiz.store import AnswerRecord, AttemptRecord, Store
    path, attempt_id, count, pause = sys.argv[1], sys.argv[2], int(sys.argv[3]), float(sys.argv[4])
    store = Store(__import__("pathlib").Path(path))
    store.create_attempt(AttemptRecord(id=attempt_id, trainee="t", mode="practice", seed=1, lang="en", plan=[],
                                       bank_versions={}, feedback="immediate", started_at="2026-01-01T00:00:00+00:00"))
    for i in range(count):
        store.record_answer(attempt_id, AnswerRecord(i, "b/q", "b", "h", "c0", 1.0, 1.0, 1.0, 0.1), elapsed=i)
        print("saved", i, flush=True)
    import time
    time.sleep(pause)
""")


def test_several_processes_share_one_store(tmp_path):
    path = tmp_path / "shared.sqlite3"
    Store(path).close()
    writers = [subprocess.Popen([sys.executable, "-c", WRITER, str(path), f"w{i}", "150", "0"],
                                stdout=subprocess.DEVNULL, stderr=subprocess.PIPE) for i in range(3)]
    for writer in writers:
        _, err = writer.communicate(timeout=120)
        assert writer.returncode == 0, err.decode()
    with Store(path) as store:
        assert [len(store.answers(f"w{i}")) for i in range(3)] == [150, 150, 150]


@pytest.mark.skipif(sys.platform == "win32", reason="SIGKILL")
def test_answers_survive_a_killed_process(tmp_path):
    path = tmp_path / "killed.sqlite3"
    writer = subprocess.Popen([sys.executable, "-c", WRITER, str(path), "k", "5", "60"],
                              stdout=subprocess.PIPE, text=True)
    for expected in range(5):
        assert writer.stdout.readline().strip() == f"saved {expected}"
    writer.send_signal(signal.SIGKILL)
    writer.wait(timeout=10)
    with Store(path) as store:
        assert [a.position for a in store.answers("k")] == [0, 1, 2, 3, 4]
        assert store.attempt("k").elapsed == 4
