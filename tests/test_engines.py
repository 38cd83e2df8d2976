"""The results store on both engines: the same API, the same answers, on SQLite and PostgreSQL.

Each test taking `store_target` runs twice (a SQLite file, a fresh PostgreSQL schema); the
PostgreSQL runs skip with the reason when no server is configured (ETIQUETTE_QUIZ_TEST_PG).
"""

from __future__ import annotations

import json
import shutil
import sqlite3
import threading
from fractions import Fraction
from pathlib import Path

import pytest

from etiquette_quiz.banks import load_paths
from etiquette_quiz.errors import StoreError, UserError
from etiquette_quiz.report import build_report
from etiquette_quiz.store import SCHEMA_VERSION, Store
from etiquette_quiz.store.network import network_filesystem, refuse_network_path
from etiquette_quiz.store.postgres import display_url, translate
from etiquette_quiz.store.queries import ResultFilter

from .conftest import DATA
from .resultsdata import build_store
from .test_store import answer, attempt

LIBRARY = load_paths([DATA]).library


def test_attempt_and_answers_round_trip(store_target):
    with Store(store_target) as store:
        store.create_trainee("张三", "A1024", trainee_id="t-zhang")
        store.create_attempt(attempt())
        store.record_answer("a1", answer(0, response=["c0", "w1"], forbidden=["喂"]), elapsed=12.5)
        loaded = store.attempt("a1")
        assert loaded.plan[0]["layout"] == {"choices": ["w0", "c0", "w1"]}
        assert (loaded.elapsed, loaded.state, loaded.title, loaded.seed) == (12.5, "in_progress", "新员工入职考核", 7)
        (saved,) = store.answers("a1")
        assert (saved.response, saved.forbidden, saved.seconds) == (["c0", "w1"], ["喂"], 3.5)
        assert [a.id for a in store.unfinished("t-zhang")] == ["a1"]
        store.finish_attempt("a1", score=18, max_score=25, passed=False, elapsed=600)
        done = store.attempt("a1")
        assert (done.state, done.score, done.passed, done.elapsed) == ("finished", 18, False, 600)
        assert store.unfinished("t-zhang") == []
        assert store.answer_counts(None) == {"a1": 1} and store.latest_answers("t-zhang") == {"sample/ring-count": 1.0}
        store.rename_trainee("t-zhang", "张三丰", "A1024")
        assert [t.name for t in store.find_trainees("A1024")] == ["张三丰"]


def test_a_seed_and_a_score_keep_their_full_precision(store_target):
    with Store(store_target) as store:
        store.create_trainee("张三", trainee_id="t-zhang")
        record = attempt()
        record.seed = (1 << 62) + 3
        store.create_attempt(record)
        store.finish_attempt("a1", score=Fraction(1, 3), max_score=Fraction(3, 10), passed=True, elapsed=0.1)
        done = store.attempt("a1")
        assert (done.seed, done.score, done.max_score) == ((1 << 62) + 3, Fraction(1, 3), Fraction(3, 10))
        # the REAL column that SQL aggregates read keeps a double's precision (a float4 would not)
        assert tuple(store.db.execute("SELECT score, max_score FROM attempts").fetchone()) == (1 / 3, 0.3)


def test_an_answer_cannot_be_recorded_twice(store_target):
    with Store(store_target) as store:
        store.create_trainee("张三", trainee_id="t-zhang")
        store.create_attempt(attempt())
        store.record_answer("a1", answer(0), elapsed=1)
        with pytest.raises(sqlite3.IntegrityError):
            store.record_answer("a1", answer(0), elapsed=2)
        assert store.attempt("a1").elapsed == 1  # the failed write changed nothing
        store.record_answer("a1", answer(1), elapsed=3)  # and the store goes on working
        assert [a.position for a in store.answers("a1")] == [0, 1]


def test_find_attempts_by_prefix(store_target):
    with Store(store_target) as store:
        store.create_trainee("张三", trainee_id="t-zhang")
        store.create_attempt(attempt("abc-1"))
        store.create_attempt(attempt("abd-2"))
        assert [a.id for a in store.find_attempts("ab")] == ["abc-1", "abd-2"]
        assert [a.id for a in store.find_attempts("ABD")] == ["abd-2"]  # typed in capitals
        assert store.find_attempts("a%") == [] and store.find_attempts("a_c") == []  # wildcards are literal


def test_the_schema_is_migrated_once_and_versioned(store_target):
    Store(store_target).close()
    with Store(store_target) as store:
        assert store.schema_version == SCHEMA_VERSION
        assert store.db.execute("PRAGMA user_version").fetchone()[0] == SCHEMA_VERSION


def test_machines_starting_at_once_migrate_once(store_target):
    if isinstance(store_target, Path):
        store_target.parent.mkdir(parents=True)
    errors, barrier = [], threading.Barrier(8)

    def open_store():
        barrier.wait()
        try:
            Store(store_target).close()
        except Exception as exc:  # noqa: BLE001 - collected and asserted below
            errors.append(exc)

    threads = [threading.Thread(target=open_store) for _ in range(8)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert errors == []
    with Store(store_target) as store:
        assert store.schema_version == SCHEMA_VERSION


def rows(found):
    """Rows as sorted tuples, floats rounded past the last digit the engines may sum differently."""
    return sorted(tuple(round(v, 9) if isinstance(v, float) else v for v in row) for row in found)


def test_the_report_and_every_query_read_the_same_on_both_engines(tmp_path, pg_url):
    sqlite_store = build_store(tmp_path / "c.sqlite3", LIBRARY, trainees=6, exams_each=2)
    pg_store = build_store(pg_url, LIBRARY, trainees=6, exams_each=2)
    for flt in (ResultFilter(), ResultFilter(banks=("sample",), modes=("exam",)),
                ResultFilter(trainee_ids=(sqlite_store.trainees()[0].id,), since="2026-10-02")):
        mine, theirs = sqlite_store.results(flt), pg_store.results(flt)
        assert rows(mine.question_totals()) == rows(theirs.question_totals())
        assert rows(mine.bank_totals()) == rows(theirs.bank_totals())
        assert rows(mine.wrong_and_forbidden()) == rows(theirs.wrong_and_forbidden())
        assert [tuple(r) for r in mine.answer_rows()] == [tuple(r) for r in theirs.answer_rows()]
        assert rows(mine.answer_cells()) == rows(theirs.answer_cells())
        assert mine.leeches(1) == theirs.leeches(1)
        computed = mine.report_data(3, 4), theirs.report_data(3, 4)  # every aggregate of the report, in SQL
        for name, part in zip(computed[0]._fields, zip(*computed, strict=True), strict=True):
            if isinstance(part[0], list):
                assert rows(part[0]) == rows(part[1]), name
            else:
                assert rows([part[0]]) == rows([part[1]]), name
        assert (build_report(mine, LIBRARY, "zh-CN").as_json()
                == build_report(theirs, LIBRARY, "zh-CN").as_json())
    assert [r.id for r in sqlite_store.attempts_of(None)] == [r.id for r in pg_store.attempts_of(None)]
    trainee = sqlite_store.trainees()[2].id
    assert sqlite_store.review_states(trainee) == pg_store.review_states(trainee)


def test_a_streamed_read_survives_other_statements_in_between(store_target):
    with Store(store_target) as store:
        build_store(store_target, LIBRARY, trainees=3, exams_each=2).close()
        expected = [tuple(row) for row in store.results(ResultFilter()).answer_rows()]
        seen = []
        for row in store.results(ResultFilter()).answer_rows():
            seen.append(tuple(row))
            assert store.attempt(row[0]) is not None  # another statement while the first is read
        assert seen == expected and len(seen) == 3 * 2 * 5


def test_json_export_imports_into_either_engine_once(store_target, tmp_path):
    from etiquette_quiz.exports.jsondoc import write_json
    from etiquette_quiz.store.merge import merge

    source = build_store(tmp_path / "source.sqlite3", LIBRARY, trainees=3, exams_each=2)
    document = tmp_path / "export.json"
    write_json(str(document), source, ResultFilter())
    with Store(store_target) as store:
        first = merge(store, document)
        again = merge(store, document)
        assert (first.added, first.answers_added, first.trainees_added) == (6, 30, 3)
        assert (again.added, again.unchanged, again.conflicts) == (0, 6, [])
        assert store.answer_counts(None) == source.answer_counts(None)


def test_a_wrong_server_is_one_clear_sentence_without_the_password():
    with pytest.raises(StoreError) as caught:
        Store("postgresql://trainer:s3cret@127.0.0.1:1/quiz?connect_timeout=2")
    message = caught.value.render("en")
    assert caught.value.key == "error.server-connect" and "s3cret" not in message
    assert "postgresql://trainer@127.0.0.1:1/quiz" in message and "~/.pgpass" in message


def test_a_url_is_shown_without_its_password():
    assert display_url("postgresql://a:p%40ss@db.example:5432/quiz") == "postgresql://a@db.example:5432/quiz"
    assert display_url("postgres://db/quiz") == "postgres://db/quiz"


@pytest.mark.parametrize(("sql", "expected"), [
    ("SELECT * FROM t WHERE a = ? AND b IS ?", "SELECT * FROM t WHERE a = %s AND b IS NOT DISTINCT FROM %s"),
    ("SELECT '?', \"a?\" FROM t -- why?\nWHERE x = ?", "SELECT '?', \"a?\" FROM t -- why?\nWHERE x = %s"),
    ("SELECT 1 FROM s NOT INDEXED WHERE r LIKE '\"w%'", "SELECT 1 FROM s  WHERE r LIKE '\"w%%'"),
    ("SELECT id FROM a WHERE id LIKE ? ESCAPE '\\'", "SELECT id FROM a WHERE id ILIKE %s ESCAPE '\\'"),
    ("CREATE TABLE t (n INTEGER, x REAL, s TEXT)", "CREATE TABLE t (n BIGINT, x DOUBLE PRECISION, s TEXT)"),
    ("INSERT OR IGNORE INTO t VALUES (?)", "INSERT INTO t VALUES (%s) ON CONFLICT DO NOTHING"),
    ("SELECT 'it''s ? 100%' AS real_value", "SELECT 'it''s ? 100%%' AS real_value"),
])
def test_the_dialect_rewrites_only_code(sql, expected):
    assert translate(sql) == expected


# -- no SQLite store on a network drive ---------------------------------------------------------


@pytest.mark.parametrize(("magic", "kind"), [(0x6969, "nfs"), (0xFF534D42, "cifs"), (0xFE534D42, "smb2"),
                                             (0x517B, "smb"), (0xEF53, None), (0x01021994, None)])
def test_network_file_systems_are_told_by_their_magic_number(tmp_path, magic, kind):
    assert network_filesystem(tmp_path / "r.sqlite3", statfs_type=lambda _: magic, platform="linux") == kind


def test_a_fuse_mount_is_told_by_proc_mounts(tmp_path):
    mounts = f"/dev/sda1 / ext4 rw 0 0\ncentre:/results {tmp_path} fuse.sshfs rw 0 0\n"
    fuse = 0x65735546
    assert network_filesystem(tmp_path / "new" / "r.sqlite3", lambda _: fuse, mounts, "linux") == "fuse.sshfs"
    assert network_filesystem(tmp_path / "r.sqlite3", lambda _: None, "/dev/sda1 / ext4 rw 0 0", "linux") is None


def test_a_local_disk_is_accepted_and_a_network_one_refused(tmp_path, monkeypatch):
    refuse_network_path(tmp_path / "results.sqlite3")  # this machine's own disk
    monkeypatch.setattr("etiquette_quiz.store.network._statfs_type", lambda _: 0x6969)
    monkeypatch.setattr("sys.platform", "linux")
    with pytest.raises(UserError) as caught:
        Store(tmp_path / "share" / "results.sqlite3")
    message = caught.value.render("en")
    assert caught.value.key == "error.store-network" and "(nfs)" in message
    assert "postgresql://" in message and "results import --inbox" in message
    assert not (tmp_path / "share").exists()  # refused before anything was created


# -- the import inbox ---------------------------------------------------------------------------


def test_the_inbox_imports_archives_and_keeps_what_it_cannot_read(run, store_target, tmp_path):
    from etiquette_quiz.exports.jsondoc import write_json

    inbox = tmp_path / "inbox"
    inbox.mkdir()
    source = build_store(tmp_path / "machine1.sqlite3", LIBRARY, trainees=2, exams_each=2)
    write_json(str(inbox / "machine1.json"), source, ResultFilter())
    (inbox / "machine2.json").write_text('{"format": "etiquette-quiz/res', encoding="utf-8")  # still arriving
    (inbox / "machine3.json.part").write_text("{", encoding="utf-8")
    db = str(store_target)

    result = run("--lang", "en", "--db", db, "results", "import", "--inbox", str(inbox))
    assert result.exit_code == 1
    assert "4 attempts added (20 answers)" in result.output and "machine2.json was not imported" in result.output
    assert sorted(p.name for p in inbox.iterdir()) == ["imported", "machine2.json", "machine3.json.part"]
    assert [p.name for p in (inbox / "imported").iterdir()] == ["machine1.json"]

    shutil.copy(inbox / "imported" / "machine1.json", inbox)  # the same file dropped again
    (inbox / "machine2.json").unlink()
    result = run("--lang", "en", "--db", db, "results", "import", "--inbox", str(inbox))
    assert result.exit_code == 0 and "0 attempts added" in result.output and "4 already here" in result.output
    assert [p.name for p in (inbox / "imported").iterdir()] == ["machine1.json"]  # archived once
    result = run("--lang", "en", "--db", db, "results", "import", "--inbox", str(inbox))
    assert result.exit_code == 0 and "No export files waiting" in result.output
    with Store(store_target) as store:
        assert sum(store.answer_counts(None).values()) == 20


def test_import_needs_files_or_an_inbox(run, tmp_path):
    result = CliResult = run("--db", str(tmp_path / "r.sqlite3"), "results", "import")  # noqa: F841
    assert CliResult.exit_code == 2 and "--inbox" in result.output


def test_config_file_names_the_store(run, store_target, tmp_path, monkeypatch):
    home = Path(tmp_path / "home")
    home.mkdir(exist_ok=True)
    (home / "config.toml").write_text(f"store = {json.dumps(str(store_target))}\n", encoding="utf-8")
    build_store(store_target, LIBRARY, trainees=2, exams_each=1).close()
    result = run("--lang", "en", "--banks", str(DATA), "report", "--json")
    assert result.exit_code == 0, result.output
    assert json.loads(result.output)["cohort"]["attempts"] == 2


def test_an_old_store_is_migrated_with_its_data_on_either_engine(store_target):
    """Migrations written for SQLite run on PostgreSQL too, data conversions included (a version-1 store)."""
    from etiquette_quiz.store.migrations import MIGRATIONS
    from etiquette_quiz.store.postgres import PgConnection, is_server_url

    if is_server_url(store_target):
        db = PgConnection(store_target)
    else:
        store_target.parent.mkdir(parents=True)
        db = sqlite3.connect(store_target, isolation_level=None)
    db.execute("BEGIN IMMEDIATE")
    MIGRATIONS[0](db)
    db.execute("PRAGMA user_version = 1")
    for n, (name, number) in enumerate([("张三", "A1"), ("张三", "A1"), ("李四", None)]):
        db.execute("INSERT INTO attempts (id, trainee, employee_no, mode, seed, lang, plan, bank_versions, feedback, "
                   "started_at, state) VALUES (?, ?, ?, 'practice', 1, 'zh-CN', '[]', '{}', 'immediate', ?, "
                   "'finished')", (f"a{n}", name, number, f"2026-10-0{n + 1}T08:00:00+00:00"))
        db.execute("INSERT INTO answers (attempt_id, position, question_key, bank, content_hash, response, fraction, "
                   "points, max_points, seconds, answered_at) VALUES (?, 0, 'sample/ring-count', 'sample', 'h', "
                   "'\"w0\"', 0, 0, 1, 5, ?)", (f"a{n}", f"2026-10-0{n + 1}T08:00:05+00:00"))
    db.execute("COMMIT")
    db.close()
    with Store(store_target) as store:
        assert store.schema_version == SCHEMA_VERSION
        people = {(t.name, t.employee_no): t.id for t in store.trainees()}
        assert set(people) == {("张三", "A1"), ("李四", None)}  # the NULL employee number matched as SQLite's IS does
        assert {a.id: a.trainee_id for a in store.attempts_of(None)} == {
            "a0": people[("张三", "A1")], "a1": people[("张三", "A1")], "a2": people[("李四", None)]}
        (missed,) = store.review_states(people[("张三", "A1")])
        assert (missed.question_key, missed.wrong) == ("sample/ring-count", 2)  # both old answers replayed


def test_a_postgresql_store_without_its_driver_says_what_to_install(monkeypatch):
    monkeypatch.setitem(__import__("sys").modules, "psycopg", None)
    with pytest.raises(StoreError) as caught:
        Store("postgresql://quiz@server/etiquette")
    assert caught.value.key == "error.server-no-driver"
    assert "pip install 'etiquette-quiz[postgres]'" in caught.value.render("en")


def test_the_spreadsheet_exports_and_the_report_page_are_the_same_on_both_engines(run, tmp_path, pg_url):
    sqlite_path = tmp_path / "c.sqlite3"
    build_store(sqlite_path, LIBRARY, trainees=4, exams_each=2).close()
    build_store(pg_url, LIBRARY, trainees=4, exams_each=2).close()
    outputs = {}
    for name, target in (("sqlite", str(sqlite_path)), ("postgresql", pg_url)):
        for level in ("answer", "attempt"):
            out = tmp_path / f"{name}-{level}.csv"
            result = run("--lang", "zh-CN", "--banks", str(DATA), "--db", target, "export", "--format", "csv",
                         "--level", level, "--out", str(out))
            assert result.exit_code == 0, result.output
            outputs[(name, level)] = out.read_bytes()
        result = run("--lang", "zh-CN", "--banks", str(DATA), "--db", target, "report")
        assert result.exit_code == 0, result.output
        outputs[(name, "report")] = result.stdout
    for part in ("answer", "attempt", "report"):
        assert outputs[("sqlite", part)] == outputs[("postgresql", part)], part
