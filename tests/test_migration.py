"""A store written by the previous schema opens, upgrades and loses nothing."""

from __future__ import annotations

import shutil
import sqlite3

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


def test_upgrade_keeps_every_attempt_and_answer(old_store):
    attempts_before = rows(old_store, "SELECT id, trainee, employee_no, mode, state, score, plan, elapsed FROM attempts ORDER BY id")
    answers_before = rows(old_store, "SELECT * FROM answers ORDER BY attempt_id, position")
    with Store(old_store) as store:
        assert store.schema_version == SCHEMA_VERSION
    assert rows(old_store, "SELECT id, trainee, employee_no, mode, state, score, plan, elapsed FROM attempts ORDER BY id") == attempts_before
    assert rows(old_store, "SELECT * FROM answers ORDER BY attempt_id, position") == answers_before


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
