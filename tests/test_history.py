"""`history` as golden text from a fixed store (the schema-1 fixture, upgraded on open)."""

from __future__ import annotations

import json
import shutil
import time
from pathlib import Path

import pytest

from .conftest import DATA, golden

EXAM = "11111111-0000-4000-8000-000000000002"


@pytest.fixture
def store(tmp_path, monkeypatch):
    monkeypatch.setenv("TZ", "UTC")
    time.tzset()
    path = tmp_path / "store.sqlite3"
    shutil.copy(DATA / "store-v1.sqlite3", path)
    yield path
    monkeypatch.delenv("TZ")
    time.tzset()


def history(run, store: Path, *args: str, lang: str = "zh-CN"):
    result = run("--banks", str(DATA), "--db", str(store), "--lang", lang, *args)
    assert result.exit_code == 0, result.output
    return result.output


def test_history_of_one_trainee(run, store):
    golden("history-zh.txt", history(run, store, "--trainee", "张三", "history"))


def test_history_of_everyone_in_english(run, store):
    golden("history-all-en.txt", history(run, store, "history", "--all", lang="en"))


def test_one_attempt_question_by_question(run, store):
    golden("history-attempt-en.txt", history(run, store, "--trainee", "张三", "history", EXAM[:8] + "-0000-4000-8000-000000000002", lang="en"))


def test_history_json(run, store):
    data = json.loads(history(run, store, "--trainee", "A1024", "history", "--json"))
    assert data["trainee"]["name"] == "张三"
    assert [a["id"] for a in data["attempts"]] == ["11111111-0000-4000-8000-000000000001", EXAM]
    assert data["exam_trend"] == [0.8]
    sample = next(m for m in data["mastery"] if m["bank"] == "sample")
    assert (sample["right"], sample["answered"], sample["total"]) == (4, 7, 8)
    assert data["reviews_due"] == 4 and data["leeches"] == []


def test_history_without_a_trainee_asks_for_one(run, store):
    result = run("--banks", str(DATA), "--db", str(store), "--lang", "en", "history")
    assert result.exit_code == 2
    assert "no trainee is set up yet" in result.output


def test_unknown_attempt(run, store):
    result = run("--db", str(store), "--lang", "en", "history", "nope")
    assert result.exit_code == 2
    assert result.output.startswith("error: no attempt starts with nope")


def test_an_attempt_whose_questions_left_the_banks_still_shows(run, store):
    # Without the sample bank loaded, every question of the attempt is gone; the history says so
    # (this used to crash: the message argument `key` clashed with t()'s own parameter).
    result = run("--db", str(store), "--lang", "en", "history", EXAM)
    assert result.exit_code == 0, result.output
    assert "sample/ring-count" in result.output
