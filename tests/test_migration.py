"""A store written by the previous schema opens, upgrades and loses nothing."""

from __future__ import annotations

import shutil
import sqlite3
from fractions import Fraction as F

import pytest

from etiquette_quiz.store import SCHEMA_VERSION, Store

from .conftest import DATA

ZHANG_PRACTICE = "11111111-0000-4000-8000-000000000001"
ZHANG_EXAM = "11111111-0000-4000-8000-000000000002"
LI_EXAM = "11111111-0000-4000-8000-000000000003"


@pytest.fixture
def old_store(tmp_path):
    path = tmp_path / "old.sqlite3"
    shutil.copy(DATA / "store-v1.sqlite3", path)
    return path


def rows(path, sql):
    db = sqlite3.connect(path)
    try:
        return db.execute(sql).fetchall()
    finally:
        db.close()


def test_the_fixture_really_is_the_previous_schema(old_store):
    assert rows(old_store, "PRAGMA user_version") == [(1,)]
    assert SCHEMA_VERSION > 1


# The answer columns of schema 1; later migrations add columns beside them.
V1_ANSWERS = ("SELECT attempt_id, position, question_key, bank, content_hash, response, fraction, points, max_points, "
              "seconds, forbidden, answered_at FROM answers ORDER BY attempt_id, position")


def test_upgrade_keeps_every_attempt_and_answer(old_store):
    attempts_before = rows(old_store, "SELECT id, trainee, employee_no, mode, state, score, plan, elapsed FROM attempts ORDER BY id")
    answers_before = rows(old_store, V1_ANSWERS)
    with Store(old_store) as store:
        assert store.schema_version == SCHEMA_VERSION
    assert rows(old_store, "SELECT id, trainee, employee_no, mode, state, score, plan, elapsed FROM attempts ORDER BY id") == attempts_before
    assert rows(old_store, V1_ANSWERS) == answers_before  # its scores were already exact floats (0.5, 1.0, 4.0)


def test_upgrade_gives_each_trainee_a_stable_id(old_store):
    with Store(old_store) as store:
        people = {p.name: p for p in store.trainees()}
        assert set(people) == {"张三", "李四"}
        assert people["张三"].employee_no == "A1024" and people["李四"].employee_no is None
        assert [a.id for a in store.attempts_of(people["张三"].id)] == [ZHANG_PRACTICE, ZHANG_EXAM]
        assert [a.id for a in store.unfinished(people["李四"].id)] == [LI_EXAM]
        store.rename_trainee(people["张三"].id, "张三丰", "A1024")
        assert [a.id for a in store.attempts_of(people["张三"].id)] == [ZHANG_PRACTICE, ZHANG_EXAM]


def test_upgrade_schedules_past_mistakes(old_store):
    with Store(old_store) as store:
        people = {p.name: p for p in store.trainees()}
        zhang = {s.question_key: s for s in store.review_states(people["张三"].id)}
        li = {s.question_key: s for s in store.review_states(people["李四"].id)}
    # 张三: ring-count wrong then right; rude-phrases half right; hold-script used a forbidden phrase;
    # silent-call wrong in the exam. late-apology, ring-fill and phrase-match were always right.
    assert set(zhang) == {"sample/ring-count", "sample/rude-phrases", "sample/hold-script", "sample/silent-call"}
    assert (zhang["sample/ring-count"].reviews, zhang["sample/ring-count"].wrong) == (2, 1)
    assert zhang["sample/rude-phrases"].wrong == 0
    assert set(li) == {"sample/ring-count", "sample/late-apology"}


def test_upgrading_twice_is_harmless(old_store):
    Store(old_store).close()
    counts = rows(old_store, "SELECT (SELECT COUNT(*) FROM trainees), (SELECT COUNT(*) FROM reviews)")
    Store(old_store).close()
    assert rows(old_store, "SELECT (SELECT COUNT(*) FROM trainees), (SELECT COUNT(*) FROM reviews)") == counts


# -- schema 3 -> 4: exact scores (tests/data/make_store_v3.py says how the fixture was made) ---------

BOUNDARY = "33333333-0000-4000-8000-000000000001"  # exam, 60%: 2 right + 3 at 1/3 of 5, stored 2.9999, failed
EIGHT = "33333333-0000-4000-8000-000000000002"  # practice: 6 right + 3 at 2/3 + 1 wrong, stored 8.0001/10
TWO_THIRDS = "33333333-0000-4000-8000-000000000003"  # exam, 66.7%: 3 of 4.5 points (1.5 each), failed
UNFINISHED = "33333333-0000-4000-8000-000000000004"  # exam in progress: a multi at 1/2, a right answer
DROPPED = "33333333-0000-4000-8000-000000000005"  # its 1/3 answer left the bank before hand-in: stored 1/1

# The columns of schema 3 that migration 4 leaves as they were.
V3_ATTEMPTS = ("SELECT id, trainee, employee_no, mode, exam_id, title, seed, lang, plan, bank_versions, time_limit, "
               "pass_mark, feedback, started_at, finished_at, elapsed, state, max_score, trainee_id FROM attempts "
               "ORDER BY id")
V3_ANSWERS = ("SELECT attempt_id, position, question_key, bank, content_hash, response, fraction, max_points, seconds, "
              "forbidden, answered_at FROM answers ORDER BY attempt_id, position")


@pytest.fixture
def v3_store(tmp_path):
    path = tmp_path / "v3.sqlite3"
    shutil.copy(DATA / "store-v3.sqlite3", path)
    return path


def test_the_v3_fixture_holds_the_rounded_scores(v3_store):
    assert rows(v3_store, "PRAGMA user_version") == [(3,)]
    assert rows(v3_store, f"SELECT score, passed FROM attempts WHERE id = '{BOUNDARY}'") == [(2.9999, 0)]
    assert rows(v3_store, f"SELECT score FROM attempts WHERE id = '{EIGHT}'") == [(8.0001,)]


def test_upgrade_makes_old_scores_exact(v3_store):
    with Store(v3_store) as store:
        boundary, eight, two_thirds = store.attempt(BOUNDARY), store.attempt(EIGHT), store.attempt(TWO_THIRDS)
        assert (boundary.score, boundary.max_score, boundary.pass_mark) == (3, 5, F(3, 5))
        assert boundary.passed is True  # exactly the pass mark: the rounding had failed it
        assert (eight.score, eight.max_score, eight.passed) == (8, 10, None)
        # 66.7% is 667/1000: two thirds of the points stay below it, as they were
        assert (two_thirds.score, two_thirds.max_score, two_thirds.pass_mark) == (3, F(9, 2), F(667, 1000))
        assert two_thirds.passed is False
        assert [(a.fraction, a.points, a.max_points) for a in store.answers(TWO_THIRDS)] == [
            (1, F(3, 2), F(3, 2)), (F(1, 3), F(1, 2), F(3, 2)), (F(2, 3), 1, F(3, 2))]
        unfinished = store.attempt(UNFINISHED)
        assert (unfinished.state, unfinished.score, unfinished.passed) == ("in_progress", None, None)
        assert [a.fraction for a in store.answers(UNFINISHED)] == [F(1, 2), 1]
        # the answer whose question left the bank did not count when it was handed in, and still does not
        assert (store.attempt(DROPPED).score, [a.points for a in store.answers(DROPPED)]) == (1, [1, F(1, 3)])


def test_upgrade_keeps_everything_else_and_writes_exact_texts_beside_the_reals(v3_store):
    attempts_before, answers_before = rows(v3_store, V3_ATTEMPTS), rows(v3_store, V3_ANSWERS)
    Store(v3_store).close()
    assert rows(v3_store, V3_ATTEMPTS) == attempts_before
    assert rows(v3_store, V3_ANSWERS) == answers_before
    assert rows(v3_store, f"SELECT score, score_exact, max_score_exact, pass_mark_exact FROM attempts "
                          f"WHERE id = '{BOUNDARY}'") == [(3.0, "3", "5", "3/5")]
    # the REAL points the report adds up are the floats nearest the exact values, no longer 4 decimals
    assert rows(v3_store, f"SELECT fraction_exact, points, points_exact, max_points_exact FROM answers "
                          f"WHERE attempt_id = '{EIGHT}' AND position = 6") == [("2/3", 2 / 3, "2/3", "1")]
    assert rows(v3_store, "SELECT COUNT(*) FROM answers WHERE fraction_exact IS NULL OR points_exact IS NULL "
                          "OR max_points_exact IS NULL") == [(0,)]


def test_upgrading_v3_twice_is_harmless(v3_store):
    Store(v3_store).close()
    once = rows(v3_store, "SELECT * FROM attempts ORDER BY id"), rows(v3_store, "SELECT * FROM answers ORDER BY 1, 2")
    Store(v3_store).close()
    assert (rows(v3_store, "SELECT * FROM attempts ORDER BY id"), rows(v3_store, "SELECT * FROM answers ORDER BY 1, 2")) == once


def test_the_upgraded_store_shows_no_rounding_artefact(run, v3_store):
    result = run("--banks", str(DATA), "--db", str(v3_store), "--lang", "en", "history", "--all")
    assert result.exit_code == 0, result.output
    assert "3/5  60%" in result.output and "8/10  80%" in result.output and "3/4.5 66.6%" in result.output  # 66.7% pass mark: one decimal
    for artefact in ("2.9999", "8.0001", "0.3333", "0.6667"):
        assert artefact not in result.output
    detail = run("--banks", str(DATA), "--db", str(v3_store), "--lang", "en", "history", BOUNDARY)
    assert "Score 3/5 (60%)" in detail.output and "PASSED (pass mark 60%)" in detail.output
    assert "1/3 points" not in detail.output and "⅓/1 points" in detail.output


def test_exact_scores_are_migrated_on_either_engine(store_target):
    """Migration 4 runs on PostgreSQL too: a schema-3 store's rounded scores become exact there as well."""
    from etiquette_quiz.store.migrations import MIGRATIONS
    from etiquette_quiz.store.postgres import PgConnection, is_server_url

    if is_server_url(store_target):
        db = PgConnection(store_target)
    else:
        store_target.parent.mkdir(parents=True)
        db = sqlite3.connect(store_target, isolation_level=None)
    db.execute("BEGIN IMMEDIATE")
    for migrate in MIGRATIONS[:3]:
        migrate(db)
    db.execute("PRAGMA user_version = 3")
    # what the schema-3 code wrote for 2 right + 3 at 1/3 of 5 with a 60% pass mark
    db.execute("INSERT INTO attempts (id, trainee, mode, seed, lang, plan, bank_versions, feedback, started_at, "
               "state, score, max_score, pass_mark, passed) VALUES ('b', '张三', 'exam', 1, 'zh-CN', '[]', '{}', 'end', "
               "'2026-11-01T08:00:00+00:00', 'finished', 2.9999, 5.0, 0.6, 0)")
    for position, (fraction, points) in enumerate([(1.0, 1.0), (1.0, 1.0)] + [(1 / 3, 0.3333)] * 3):
        db.execute("INSERT INTO answers (attempt_id, position, question_key, bank, content_hash, response, fraction, "
                   "points, max_points, seconds, answered_at) VALUES ('b', ?, ?, 'sample', 'h', 'null', ?, ?, 1.0, 5, "
                   "'2026-11-01T08:00:05+00:00')", (position, f"sample/q{position}", fraction, points))
    db.execute("COMMIT")
    db.close()
    with Store(store_target) as store:
        record = store.attempt("b")
        assert (record.score, record.max_score, record.pass_mark, record.passed) == (3, 5, F(3, 5), True)
        assert [a.points for a in store.answers("b")] == [1, 1, F(1, 3), F(1, 3), F(1, 3)]
        assert tuple(store.db.execute("SELECT score, passed FROM attempts").fetchone()) == (3.0, 1)
        assert [tuple(r) for r in store.db.execute(
            "SELECT points FROM answers WHERE fraction < 1 ORDER BY position")] == [(1 / 3,)] * 3
