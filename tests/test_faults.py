"""Faults, load and bad input from the reliability report: each row that broke now holds.

Lock contention with a long writer (2b, 2c, 4g), kill -9 during import and export (1c, 1d),
damaged stores (6c), full disks (6f), read-only media (6e), a mistyped --db (6n), non-UTF-8
output (6l), wrong-type config values (6h), and the xAPI push (5f, 5h, 5i, BUG-8).
Some need root to mount a small tmpfs; they are skipped elsewhere (the fakes still run).
"""

from __future__ import annotations

import errno
import http.server
import json
import os
import shutil
import signal
import sqlite3
import subprocess
import sys
import threading
import time
import types
import uuid
from pathlib import Path

import pytest

from etiquette_quiz.errors import StoreError
from etiquette_quiz.store import AnswerRecord, AttemptRecord, Store
from etiquette_quiz.store import sqlite as lite

from .conftest import DATA

ROOT = Path(__file__).resolve().parent.parent
posix_only = pytest.mark.skipif(sys.platform == "win32", reason="POSIX signals and pseudo-terminals")


def hold_lock(path: Path, seconds: float) -> subprocess.Popen:
    """Another process holding the store's write lock, as a long import of an older version did."""
    code = (f"import sqlite3, time; c = sqlite3.connect({str(path)!r}, isolation_level=None); "
            f"c.execute('BEGIN IMMEDIATE'); print('held', flush=True); time.sleep({seconds}); c.execute('COMMIT')")
    holder = subprocess.Popen([sys.executable, "-c", code], stdout=subprocess.PIPE, text=True)
    assert holder.stdout.readline().strip() == "held"
    return holder


def new_attempt(store: Store, attempt_id: str = "a1", answers: int = 0) -> AttemptRecord:
    person = store.trainee("t1") or store.create_trainee("张三", trainee_id="t1")
    attempt = AttemptRecord(id=attempt_id, trainee=person.name, trainee_id=person.id, mode="practice", seed=1,
                            lang="zh-CN", plan=[{"key": "sample/q", "hash": "0" * 16, "layout": {}}] * max(1, answers),
                            bank_versions={}, feedback="immediate", started_at="2026-10-01T00:00:00+00:00")
    store.create_attempt(attempt)
    return attempt


def fake_session(elapsed: float) -> types.SimpleNamespace:
    """What attempts.save_clock reads of a running session."""
    from datetime import UTC, datetime

    return types.SimpleNamespace(elapsed=lambda: elapsed, clock_alerts=[], flags=set(), now=lambda: datetime.now(UTC))


def answer(position: int) -> AnswerRecord:
    return AnswerRecord(position, "sample/q", "sample", "0" * 16, "c0", 1.0, 1.0, 1.0, 2.0, [],
                        "2026-10-01T00:00:01+00:00")


# -- 2b, 2c: a long writer -------------------------------------------------------------------------

def test_a_write_waits_for_a_long_writer_and_says_so(tmp_path):
    waits = []
    with Store(tmp_path / "r.sqlite3", on_wait=lambda: waits.append(time.monotonic())) as store:
        new_attempt(store)
        holder = hold_lock(store.path, 2.5)
        started = time.monotonic()
        store.record_answer("a1", answer(0), elapsed=1)  # would have raised "database is locked" at 10 s before
        took = time.monotonic() - started
        holder.wait()
        assert len(waits) == 1 and 1.5 < took < 10
        assert [a.position for a in store.answers("a1")] == [0]


def test_opening_a_store_waits_for_a_writer_and_says_so(tmp_path):
    """Machines starting at once: one switching a new store to WAL waited 1 s, then said "busy for over 60 s"."""
    from etiquette_quiz.store.migrations import SCHEMA_VERSION

    path = tmp_path / "r.sqlite3"
    holder = hold_lock(path, 2.5)  # a new store, not yet in WAL mode, in another program's write
    waits = []
    started = time.monotonic()
    with Store(path, on_wait=lambda: waits.append(time.monotonic())) as store:
        assert store.schema_version == SCHEMA_VERSION
    holder.wait()
    assert len(waits) == 1 and time.monotonic() - started > 1.5


def test_a_writer_that_never_lets_go_is_one_clear_error(tmp_path, monkeypatch):
    monkeypatch.setattr(lite, "WAIT_LIMIT", 1.5)
    with Store(tmp_path / "r.sqlite3") as store:
        new_attempt(store)
        holder = hold_lock(store.path, 6)
        try:
            with pytest.raises(lite.StoreBusy) as caught:
                store.record_answer("a1", answer(0), elapsed=1)
        finally:
            holder.kill()
        assert "busy" in caught.value.render("en") and store.answers("a1") == []


def test_the_heartbeat_never_waits_and_never_raises(tmp_path):
    from etiquette_quiz import attempts

    with Store(tmp_path / "r.sqlite3") as store:
        attempt = new_attempt(store)
        session = fake_session(12.5)
        holder = hold_lock(store.path, 3)
        started = time.monotonic()
        attempts.save_clock(store, attempt, session, wait=False)  # type: ignore[arg-type]
        assert time.monotonic() - started < 0.5
        holder.wait()
        attempts.save_clock(store, attempt, session, wait=False)  # type: ignore[arg-type]
        assert store.attempt("a1").elapsed == 12.5
        store.close()
        attempts.save_clock(store, attempt, session, wait=False)  # a closed store: still no exception


def test_a_heartbeat_inside_an_open_prompt_under_a_held_lock_prints_no_event_loop_error(tmp_path, capfd):
    from prompt_toolkit.input.defaults import create_pipe_input
    from prompt_toolkit.output import DummyOutput

    from etiquette_quiz import attempts
    from etiquette_quiz.banks import load_file
    from etiquette_quiz.session import TimeUp
    from etiquette_quiz.ui.prompts import TerminalPrompter

    question = next(q for q in load_file(DATA / "sample-bank.yaml").document.questions if q.id == "hold-script")
    with Store(tmp_path / "r.sqlite3") as store:
        attempt = new_attempt(store)
        session = fake_session(3.0)
        beats = []

        def beat():
            started = time.monotonic()
            attempts.save_clock(store, attempt, session, wait=False)  # type: ignore[arg-type]
            beats.append(time.monotonic() - started)

        holder = hold_lock(store.path, 3)
        with create_pipe_input() as pipe:
            prompter = TerminalPrompter("en", input=pipe, output=DummyOutput(), heartbeat=beat, heartbeat_every=0.1,
                                        remaining=lambda: 0.8)
            with pytest.raises(TimeUp):
                prompter.ask(question, {})
        holder.wait()
    assert len(beats) >= 3 and max(beats) < 0.3
    assert "Unhandled exception" not in capfd.readouterr().err


@posix_only
def test_a_running_quiz_survives_an_import_and_a_writer_holding_the_lock(tmp_path, cohort):
    """Row 2b: a practice in a pseudo-terminal answers while a big import and a 4 s writer hold the store."""
    from etiquette_quiz.banks import load_paths
    from etiquette_quiz.exports.jsondoc import write_json
    from etiquette_quiz.session import draw_practice, layout_for
    from etiquette_quiz.store import ResultFilter

    from .quizkeys import right_keys
    from .terminal import Terminal

    home = tmp_path / "home"
    home.mkdir()
    (home / "config.toml").write_text('trainee = "王小明"\n', encoding="utf-8")
    export = tmp_path / "big.json"
    with Store(cohort) as source:
        write_json(str(export), source, ResultFilter())
    doc = json.loads(export.read_text(encoding="utf-8"))
    doc["attempts"] = [dict(a, id=str(uuid.uuid4())) for a in doc["attempts"] * 150]  # 5,400 attempts
    export.write_text(json.dumps(doc, ensure_ascii=False), encoding="utf-8")
    library = load_paths([DATA]).library
    drawn = draw_practice([q for q in library.questions if q.bank == "sample"], 3, 5)
    term = Terminal(["--banks", str(DATA), "--lang", "en", "practice", "--bank", "sample", "--count", "3",
                     "--seed", "5"], home)
    term.wait_for("Question 1/3")
    env = {**os.environ, "ETIQUETTE_QUIZ_HOME": str(home)}
    importer = subprocess.Popen([sys.executable, "-m", "etiquette_quiz", "results", "import", str(export)],
                                cwd=str(ROOT), env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    for n, question in enumerate(drawn, 1):
        term.wait_for(f"Question {n}/3")
        for keys in right_keys(question, layout_for(question, 5), "en"):
            term.send(keys)
        if n == 1:
            holder = hold_lock(home / "results.sqlite3", 4)
        term.wait_for("Press any key", timeout=40)  # the last feedback waits for a key too
        term.send(" ")
    term.wait_for("Score", timeout=20)
    holder.wait()
    out, err = importer.communicate(timeout=120)
    assert term.exit_code() == 0, term.everything
    assert "Traceback" not in term.everything and "database is locked" not in term.everything
    assert "waiting for the results store" in term.everything  # the 4 s writer was waited for, visibly
    assert importer.returncode == 0, err.decode()
    with Store(home / "results.sqlite3") as store:
        mine = [a for a in store.attempts_of(None) if a.trainee == "王小明"]
        assert len(mine) == 1 and len(store.answers(mine[0].id)) == 3
        assert len(store.attempts_of(None)) == 1 + 36 * 150


# -- 1c, 1d: kill -9 during import and export ------------------------------------------------------

def big_store(path: Path, answers: int) -> None:
    with Store(path) as store:
        store.create_trainee("Big", trainee_id="t1")
        plan = [{"key": "sample/q", "hash": "0" * 16, "layout": {}}] * 1000
        with store.write():
            for n in range(answers // 1000):
                store.insert_attempt(AttemptRecord(
                    id=f"att-{n:05d}", trainee="Big", trainee_id="t1", mode="practice", seed=1, lang="zh-CN",
                    plan=plan, bank_versions={}, feedback="immediate", started_at="2026-10-01T00:00:00+00:00",
                    state="finished", score=1000.0, max_score=1000.0, finished_at="2026-10-01T01:00:00+00:00"),
                    [answer(i) for i in range(1000)])


@posix_only
@pytest.mark.parametrize("fmt", ["csv", "xlsx", "json"])
def test_a_killed_export_leaves_no_file_at_all(tmp_path, fmt):
    store = tmp_path / "big.sqlite3"
    big_store(store, 200_000 if fmt != "xlsx" else 100_000)
    out = tmp_path / "out" / f"results.{fmt}"
    out.parent.mkdir()
    env = {**os.environ, "ETIQUETTE_QUIZ_HOME": str(tmp_path / "home")}
    export = subprocess.Popen([sys.executable, "-m", "etiquette_quiz", "--db", str(store), "export", "--format", fmt,
                               "--out", str(out)], cwd=str(ROOT), env=env, stdout=subprocess.DEVNULL,
                              stderr=subprocess.DEVNULL)
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline and export.poll() is None:
        if any(p for p in (tmp_path / "out").iterdir()) or _writing(export.pid, out.parent):
            break
        time.sleep(0.05)
    time.sleep(0.3 if fmt != "xlsx" else 0.0)  # xlsx writes its file last, all at once: kill as it starts
    assert export.poll() is None, "the export finished before it could be killed: make the store bigger"
    export.send_signal(signal.SIGKILL)
    export.wait()
    assert list((tmp_path / "out").iterdir()) == []  # no target, no hidden temporary file


def _writing(pid: int, folder: Path) -> bool:
    """Whether the process has a file open in `folder` (an unnamed O_TMPFILE file has no name to look for)."""
    try:
        return any(os.readlink(f"/proc/{pid}/fd/{fd}").startswith(str(folder)) for fd in os.listdir(f"/proc/{pid}/fd"))
    except OSError:
        return False


def test_temporaries_of_a_dead_export_are_removed_by_the_next(tmp_path, monkeypatch):
    from etiquette_quiz import paths as common  # atomic_output lives in paths.py (formats/ use it too)

    dead = subprocess.run([sys.executable, "-c", "import os; print(os.getpid())"], capture_output=True,
                          text=True).stdout.strip()
    left = tmp_path / f".out.csv.{dead}.abcd1234.tmp"
    left.write_text("half", encoding="utf-8")
    alive = tmp_path / f".out.csv.{os.getpid()}.abcd1234.tmp"
    alive.write_text("being written", encoding="utf-8")
    monkeypatch.delattr(common.os, "O_TMPFILE", raising=False)  # as on macOS: named temporaries
    with common.atomic_output(str(tmp_path / "out.csv")) as stream:
        stream.write("a,b\r\n")
    assert not left.exists() and alive.exists()
    assert (tmp_path / "out.csv").read_bytes() == b"a,b\r\n"
    assert sorted(p.name for p in tmp_path.iterdir()) == sorted([alive.name, "out.csv"])


@posix_only
def test_a_killed_import_leaves_whole_attempts_and_no_temporary_file(tmp_path, cohort):
    from etiquette_quiz.exports.jsondoc import write_json
    from etiquette_quiz.store import ResultFilter

    export = tmp_path / "big.json"
    with Store(cohort) as source:
        write_json(str(export), source, ResultFilter())
    doc = json.loads(export.read_text(encoding="utf-8"))
    doc["attempts"] = [dict(a, id=str(uuid.uuid4())) for a in doc["attempts"] * 400]
    export.write_text(json.dumps(doc, ensure_ascii=False), encoding="utf-8")
    store = tmp_path / "trainer.sqlite3"
    Store(store).close()
    env = {**os.environ, "ETIQUETTE_QUIZ_HOME": str(tmp_path / "home")}
    importer = subprocess.Popen([sys.executable, "-m", "etiquette_quiz", "--db", str(store), "results", "import",
                                 str(export)], cwd=str(ROOT), env=env, stdout=subprocess.DEVNULL,
                                stderr=subprocess.DEVNULL)
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline and _count(store, "attempts") < 100:
        time.sleep(0.05)
    importer.send_signal(signal.SIGKILL)
    importer.wait()
    db = sqlite3.connect(store)
    assert db.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
    per_attempt = db.execute("SELECT COUNT(*) FROM answers GROUP BY attempt_id").fetchall()
    added = db.execute("SELECT COUNT(*) FROM attempts").fetchone()[0]
    db.close()
    assert 0 < added < 36 * 400 and {n for (n,) in per_attempt} == {5}  # whole attempts only
    assert [p.name for p in tmp_path.iterdir() if p.name.endswith(".tmp")] == []
    again = subprocess.run([sys.executable, "-m", "etiquette_quiz", "--db", str(store), "results", "import",
                            str(export)], cwd=str(ROOT), env=env, capture_output=True, text=True)
    assert again.returncode == 0, again.stderr
    assert _count(store, "attempts") == 36 * 400  # running it again adds the rest


def _count(store: Path, table: str) -> int:
    try:
        db = sqlite3.connect(f"file:{store}?mode=ro", uri=True, timeout=0.1)
        try:
            return db.execute(f"SELECT COUNT(*) FROM {table}").fetchone()[0]
        finally:
            db.close()
    except sqlite3.Error:
        return 0


# -- 6c: a damaged store ---------------------------------------------------------------------------

PAGE = 4096  # the store's page size


def checkpointed_copy(cohort: Path, path: Path) -> bytearray:
    """Copy the cohort to `path` with everything in its main file (the log written back); returns its bytes."""
    shutil.copy(cohort, path)
    db = sqlite3.connect(path)
    db.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    db.close()
    return bytearray(path.read_bytes())


def damaged_copy(cohort: Path, tmp_path: Path) -> Path:
    path = tmp_path / "damaged.sqlite3"
    data = checkpointed_copy(cohort, path)
    page = PAGE
    middle = len(data) // 2 // page * page
    data[middle:middle + page] = os.urandom(page)
    path.write_bytes(bytes(data))
    return path


@pytest.mark.parametrize("args", [("report",), ("report", "--json"), ("history", "--all"), ("history",),
                                  ("export", "--format", "csv", "--out", "-"), ("export", "--format", "json", "--out", "-")])
def test_a_damaged_store_is_refused_with_a_way_out(run, cohort, tmp_path, args):
    path = damaged_copy(cohort, tmp_path)
    result = run("--lang", "en", "--banks", str(DATA), "--db", str(path), *args)
    assert result.exit_code == 3
    assert result.stdout == ""  # no partial data with a success status
    assert f"the results store {path} is damaged" in result.stderr and ".recover" in result.stderr


def break_an_index_page(cohort: Path, path: Path) -> int:
    """A copy of the cohort with the header of its last index page broken; returns that page's number.

    quick_check lists what it finds there (several lines, under a '*** in database main ***'
    heading) rather than failing outright, whatever the schema's layout.
    """
    data = checkpointed_copy(cohort, path)
    page = PAGE
    index_page = max(n for n in range(1, len(data) // page) if data[n * page] == 0x0A)
    data[index_page * page + 3:index_page * page + 5] = b"\xff\xff"
    path.write_bytes(bytes(data))
    return index_page + 1


def test_what_quick_check_finds_is_said_on_one_line(run, cohort, tmp_path):
    path = tmp_path / "damaged.sqlite3"
    page = break_an_index_page(cohort, path)
    result = run("--lang", "en", "--db", str(path), "report")
    assert result.exit_code == 3 and f"is damaged (Page {page}: " in result.stderr, result.stderr
    assert "\\x0a" not in result.stderr and "***" not in result.stderr and len(result.stderr.splitlines()) == 1


def test_a_store_is_checked_again_only_once_it_has_changed(cohort, tmp_path):
    """quick_check reads the whole file: a store unchanged since its last clean check is not read again."""
    path, memo = tmp_path / "store.sqlite3", tmp_path / "cache" / "store-checks.json"
    shutil.copy(cohort, path)
    Store(path, readonly=True, check=True, check_memo=memo).close()
    assert str(path.resolve()) in json.loads(memo.read_text(encoding="utf-8"))
    clean = path.stat()
    break_an_index_page(cohort, path)  # damaged: a new time
    with pytest.raises(StoreError, match="damaged"):
        Store(path, readonly=True, check=True, check_memo=memo)
    os.utime(path, ns=(clean.st_atime_ns, clean.st_mtime_ns))  # the same file, size and time as when checked
    Store(path, readonly=True, check=True, check_memo=memo).close()  # trusted: the check is not run again
    with pytest.raises(StoreError, match="damaged"):
        Store(path, readonly=True, check=True)  # without the memo it is
    memo.chmod(0o666)  # a memo others may write is no memo
    with pytest.raises(StoreError, match="damaged"):
        Store(path, readonly=True, check=True, check_memo=memo)


def test_importing_into_a_damaged_store_is_one_clear_error(run, cohort, tmp_path):
    from etiquette_quiz.exports.jsondoc import write_json
    from etiquette_quiz.store import ResultFilter

    with Store(cohort) as source:
        write_json(str(tmp_path / "all.json"), source, ResultFilter())
    path = damaged_copy(cohort, tmp_path)
    result = run("--lang", "en", "--db", str(path), "results", "import", str(tmp_path / "all.json"))
    assert result.exit_code == 3 and "Traceback" not in result.output
    assert len(result.stderr.strip().splitlines()) == 1 and "is damaged" in result.stderr


# -- 6b: a store cut off to 0 bytes ---------------------------------------------------------------

@pytest.mark.parametrize("args", [("report",), ("history", "--all"), ("history",),
                                  ("export", "--format", "csv", "--out", "-"), ("results", "import", "in.json")])
def test_a_store_cut_off_to_nothing_is_refused_not_read_as_a_new_one(run, tmp_path, monkeypatch, args):
    monkeypatch.chdir(tmp_path)
    (tmp_path / "in.json").write_text(json.dumps({"format": "etiquette-quiz/results", "version": 2, "trainees": [],
                                                  "attempts": []}), encoding="utf-8")
    path = tmp_path / "results.sqlite3"
    path.write_bytes(b"")
    result = run("--lang", "en", "--db", str(path), *args)
    assert result.exit_code == 3 and result.stdout == ""
    assert result.stderr.startswith(f"error: the results store {path} is an empty file (0 bytes)")
    assert path.stat().st_size == 0  # not written over as a new store


# -- 6f: a full disk -------------------------------------------------------------------------------

def test_a_full_disk_during_an_export_is_one_sentence_and_leaves_nothing(run, cohort, tmp_path, monkeypatch):
    from etiquette_quiz import paths as common

    def full(fd):
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr(common.os, "fsync", full)
    folder = tmp_path / "out"
    folder.mkdir()
    for fmt in ("csv", "xlsx", "json"):
        out = folder / f"out.{fmt}"
        result = run("--lang", "en", "--banks", str(DATA), "--db", str(cohort), "export", "--format", fmt,
                     "--out", str(out))
        assert result.exit_code == 3, result.output
        assert result.stderr.strip() == f"error: cannot write {out}: the disk is full — free some space and try " \
                                        "again (no partial file was left behind)."
        assert list(folder.iterdir()) == []


def test_a_full_disk_while_answering_is_one_sentence(run, tmp_path, monkeypatch):
    import etiquette_quiz.store as store_module

    def full(*args, **kwargs):
        raise sqlite3.OperationalError("database or disk is full")

    error = lite.explain(sqlite3.OperationalError("database or disk is full"), tmp_path / "r.sqlite3")
    assert error.message_id == "error.store-full"
    monkeypatch.setattr(store_module.Store, "record_answer", full)
    from etiquette_quiz.cli import _as_user_error

    converted = _as_user_error(sqlite3.OperationalError("database or disk is full"), None)
    assert isinstance(converted, StoreError) and converted.message_id == "error.store-full"


def is_root() -> bool:
    return hasattr(os, "geteuid") and os.geteuid() == 0 and shutil.which("mount") is not None


@pytest.fixture
def small_disk(tmp_path):
    """A 256 KB tmpfs (root only): real ENOSPC from the kernel, for SQLite and for exports."""
    mount = tmp_path / "small"
    mount.mkdir()
    if not is_root() or subprocess.run(["mount", "-t", "tmpfs", "-o", "size=256k", "tmpfs", str(mount)],
                                       capture_output=True).returncode != 0:
        pytest.skip("needs root to mount a small tmpfs")
    yield mount
    subprocess.run(["umount", "-l", str(mount)], capture_output=True)


def fill(folder: Path) -> None:
    with open(folder / "filler", "wb") as handle:
        try:
            while True:
                handle.write(b"x" * 65536)
                handle.flush()
        except OSError:
            pass


def test_a_real_full_disk_gives_one_line_messages(run, cohort, tmp_path, small_disk):
    from etiquette_quiz.exports.jsondoc import write_json
    from etiquette_quiz.store import ResultFilter

    with Store(cohort) as source:
        write_json(str(tmp_path / "all.json"), source, ResultFilter())
    store = small_disk / "results.sqlite3"
    Store(store).close()
    fill(small_disk)
    result = run("--lang", "en", "--db", str(store), "results", "import", str(tmp_path / "all.json"))
    assert result.exit_code == 3 and "disk is full" in result.stderr and "Traceback" not in result.output
    for fmt in ("csv", "xlsx", "json"):
        out = small_disk / f"out.{fmt}"
        result = run("--lang", "en", "--banks", str(DATA), "--db", str(cohort), "export", "--format", fmt,
                     "--out", str(out))
        assert result.exit_code == 3 and result.stderr.count("\n") == 1 and "disk is full" in result.stderr, fmt
        assert not any(p.name.endswith(".tmp") or p.name.startswith("out.") for p in small_disk.iterdir())
    # As a process: nothing half-written is finished at exit either (openpyxl's open writers).
    env = {**os.environ, "ETIQUETTE_QUIZ_HOME": str(tmp_path / "home")}
    process = subprocess.run([sys.executable, "-m", "etiquette_quiz", "--lang", "en", "--db", str(cohort), "export",
                              "--format", "xlsx", "--out", str(small_disk / "out.xlsx")], cwd=str(ROOT), env=env,
                             capture_output=True, text=True)
    assert process.returncode == 3 and process.stderr.count("\n") == 1, process.stderr


# -- 6e, 6n: read-only media, a mistyped --db ------------------------------------------------------

def test_read_only_commands_never_create_a_store_or_a_folder(run, tmp_path):
    target = tmp_path / "typo" / "x.db"
    for args in (("report",), ("report", "--json"), ("history", "--all"), ("export", "--format", "csv", "--out", "-")):
        result = run("--lang", "en", "--db", str(target), *args)
        assert result.exit_code == 3, args
        assert result.stderr.strip() == f"error: {target}: there is no results store there — check the --db path " \
                                        "(commands that only read never create one)."
        assert not target.parent.exists()


def test_a_fresh_machine_reads_an_empty_store_without_creating_one(run, tmp_path):
    result = run("--lang", "en", "report")
    assert result.exit_code == 0 and "0 attempts" in result.stdout
    assert not (tmp_path / "home" / "results.sqlite3").exists()


@pytest.fixture
def read_only_copy(cohort, tmp_path):
    """The cohort store on a tmpfs remounted read-only (root only)."""
    mount = tmp_path / "ro"
    mount.mkdir()
    if not is_root() or subprocess.run(["mount", "-t", "tmpfs", "-o", "size=8m", "tmpfs", str(mount)],
                                       capture_output=True).returncode != 0:
        pytest.skip("needs root to mount a tmpfs")
    shutil.copy(cohort, mount / "results.sqlite3")
    db = sqlite3.connect(mount / "results.sqlite3")
    db.execute("PRAGMA journal_mode = WAL")
    db.close()  # a clean close: no -wal or -shm file is left
    subprocess.run(["mount", "-o", "remount,ro", str(mount)], check=True)
    yield mount / "results.sqlite3"
    subprocess.run(["umount", "-l", str(mount)], capture_output=True)


def test_a_store_on_read_only_media_can_be_read(run, read_only_copy, tmp_path):
    for args in (("report",), ("history", "--all"), ("export", "--format", "csv", "--out", str(tmp_path / "x.csv"))):
        result = run("--lang", "en", "--banks", str(DATA), "--db", str(read_only_copy), *args)
        assert result.exit_code == 0, (args, result.output)
    assert "36 attempts" in run("--lang", "en", "--db", str(read_only_copy), "report").stdout


def test_writing_to_read_only_media_is_one_sentence(run, read_only_copy, tmp_path):
    (tmp_path / "in.json").write_text(json.dumps({"format": "etiquette-quiz/results", "version": 1, "trainees": [],
                                                  "attempts": []}), encoding="utf-8")
    result = run("--lang", "en", "--db", str(read_only_copy), "results", "import", str(tmp_path / "in.json"))
    assert result.exit_code == 3 and len(result.stderr.strip().splitlines()) == 1
    assert "read-only" in result.stderr


# -- 6l, 6h: narrow terminals and wrong config values -----------------------------------------------

@pytest.mark.parametrize("env", [{"PYTHONIOENCODING": "ascii"}, {"PYTHONIOENCODING": "latin-1"},
                                 {"LC_ALL": "C", "LANG": "C", "PYTHONUTF8": "0", "PYTHONCOERCECLOCALE": "0"}],
                         ids=["ascii", "latin-1", "C-locale"])
@pytest.mark.parametrize("args", [("history", "--all"), ("report",), ("bank", "stats"), ("bank", "validate")])
def test_output_in_a_narrow_encoding_is_escaped_not_a_crash(tmp_path, cohort, env, args):
    environment = {**os.environ, "ETIQUETTE_QUIZ_HOME": str(tmp_path), **env}
    environment.pop("PYTHONUTF8", None) if "PYTHONUTF8" not in env else None
    command = [sys.executable, "-m", "etiquette_quiz", "--lang", "zh-CN", "--banks", str(DATA), "--db", str(cohort),
               *args]
    result = subprocess.run(command, cwd=str(ROOT), env=environment, capture_output=True, timeout=60)
    assert result.returncode == 0, result.stderr.decode(errors="replace")
    assert b"Traceback" not in result.stderr


@pytest.mark.parametrize("line", ["trainee = 5", 'banks = "x"', "banks = [1, 2]", 'lang = ["en"]',
                                  "[trainee]\nname = 'x'", 'xapi_home_page = 5'])
def test_a_wrong_config_value_is_one_sentence(run, tmp_path, line):
    home = tmp_path / "home"
    home.mkdir(exist_ok=True)
    (home / "config.toml").write_text(line + "\n", encoding="utf-8")
    args = ("export", "--format", "xapi", "--out", "-") if "xapi" in line else ("history",)
    result = run("--lang", "en", *args)
    assert result.exit_code == 1, result.output
    assert "has a wrong value for" in result.stderr and len(result.stderr.strip().splitlines()) == 1


# -- 5f, 5h, 5i, BUG-8: the xAPI push --------------------------------------------------------------

class _Server:
    def __init__(self, handler):
        self.server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
        self.server.daemon_threads = True
        threading.Thread(target=self.server.serve_forever, daemon=True).start()
        self.url = f"http://127.0.0.1:{self.server.server_port}"

    def close(self):
        self.server.shutdown()
        self.server.server_close()


class _Quiet(http.server.BaseHTTPRequestHandler):
    def log_message(self, *args):
        pass


def test_not_a_url_is_a_usage_error(run, cohort):
    result = run("--lang", "en", "--db", str(cohort), "export", "--format", "xapi", "--to", "not a url")
    assert result.exit_code == 2 and "--to not a url: not an http or https address" in result.stderr


def test_a_redirect_is_refused_and_the_credentials_stay_home(run, cohort, tmp_path):
    seen = []

    class Thief(_Quiet):
        def do_GET(self):  # noqa: N802
            seen.append(self.headers.get("Authorization"))
            self.send_response(200)
            self.end_headers()
            self.wfile.write(b"[]")

        do_POST = do_GET  # noqa: N815

    thief = _Server(Thief)

    class Redirect(_Quiet):
        def do_POST(self):  # noqa: N802
            self.send_response(302)
            self.send_header("Location", thief.url + "/stolen")
            self.end_headers()

    lrs = _Server(Redirect)
    try:
        result = run("--lang", "en", "--banks", str(DATA), "--db", str(cohort), "export", "--format", "xapi",
                     "--to", lrs.url + "/xapi", "--user", "lrsuser", "--password", "secretpw",
                     "--out", str(tmp_path / "x.json"))
    finally:
        lrs.close()
        thief.close()
    assert seen == []
    assert result.exit_code == 3 and "Sent" not in result.stderr
    assert f"answered 302, a redirect to {thief.url}/stolen; nothing was sent there" in result.stderr


def test_a_trickling_lrs_meets_one_overall_deadline(run, cohort, tmp_path):
    class Trickle(_Quiet):
        def do_POST(self):  # noqa: N802
            self.send_response(200)
            self.send_header("Content-Length", "1000")
            self.end_headers()
            for _ in range(60):
                try:
                    self.wfile.write(b" ")
                    self.wfile.flush()
                except OSError:
                    return
                time.sleep(0.5)

    lrs = _Server(Trickle)
    started = time.monotonic()
    try:
        result = run("--lang", "en", "--banks", str(DATA), "--db", str(cohort), "export", "--format", "xapi",
                     "--to", lrs.url, "--timeout", "2", "--out", str(tmp_path / "x.json"))
    finally:
        lrs.close()
    assert time.monotonic() - started < 10
    assert result.exit_code == 3 and "did not finish within 2 s (0 statements were acknowledged)" in result.stderr


def test_the_count_is_what_the_lrs_acknowledged(run, cohort, tmp_path):
    posted = []

    class Partial(_Quiet):
        def do_POST(self):  # noqa: N802
            body = json.loads(self.rfile.read(int(self.headers["Content-Length"])))
            posted.append(len(body))
            if len(posted) == 1:  # the first batch: stores half, the rest it had already
                ids = [s["id"] for s in body[: len(body) // 2]]
                self.send_response(200)
                self.end_headers()
                self.wfile.write(json.dumps(ids).encode())
            else:  # then answers like a web page, not an LRS
                self.send_response(200)
                self.end_headers()
                self.wfile.write(b"<html>ok</html>")

    lrs = _Server(Partial)
    try:
        result = run("--lang", "en", "--banks", str(DATA), "--db", str(cohort), "export", "--format", "xapi",
                     "--to", lrs.url + "/xapi/", "--out", str(tmp_path / "x.json"))
    finally:
        lrs.close()
    assert result.exit_code == 3
    assert "answered 200 without listing the statements it stored (100 were acknowledged before)" in result.stderr


def test_xapi_names_exams_per_language_and_trainees_as_configured(run, cohort, tmp_path):
    out = tmp_path / "x.json"
    home = tmp_path / "home"
    home.mkdir(exist_ok=True)
    (home / "config.toml").write_text('xapi_home_page = "https://hr.example.com"\n', encoding="utf-8")
    result = run("--lang", "en", "--banks", str(DATA), "--db", str(cohort), "export", "--format", "xapi",
                 "--account", "employee-no", "--out", str(out))
    assert result.exit_code == 0 and "placeholder" not in result.stderr
    items = json.loads(out.read_text(encoding="utf-8"))
    done = next(s for s in items if s["verb"]["id"].endswith("completed"))
    assert done["object"]["definition"]["name"] == {"zh-CN": "示例考试", "en": "Sample exam"}
    assert done["actor"]["account"] == {"homePage": "https://hr.example.com", "name": "E000"}
    result = run("--lang", "en", "--banks", str(DATA), "--db", str(cohort), "export", "--format", "xapi",
                 "--home-page", "https://lms.example.org", "--out", str(out))
    actor = json.loads(out.read_text(encoding="utf-8"))[0]["actor"]
    assert actor["account"]["homePage"] == "https://lms.example.org" and actor["account"]["name"] != "E000"
    (home / "config.toml").unlink()
    result = run("--lang", "en", "--db", str(cohort), "export", "--format", "xapi", "--out", str(out))
    assert "placeholder" in result.stderr  # without the banks: the name in the language it was taken in only
    done = next(s for s in json.loads(out.read_text(encoding="utf-8")) if s["verb"]["id"].endswith("completed"))
    assert done["object"]["definition"]["name"] == {"zh-CN": "示例考试"}
