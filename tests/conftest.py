"""Shared fixtures: a pinned terminal environment and a CLI runner."""

from __future__ import annotations

from pathlib import Path

import pytest
from typer.testing import CliRunner

TESTS = Path(__file__).resolve().parent
DATA = TESTS / "data"
CORPUS = TESTS / "corpus"


@pytest.fixture(autouse=True)
def pinned_environment(monkeypatch, tmp_path):
    """Output independent of the developer's terminal, locale and home directory."""
    monkeypatch.setenv("COLUMNS", "100")
    monkeypatch.setenv("LINES", "30")
    monkeypatch.setenv("NO_COLOR", "1")
    monkeypatch.setenv("TERM", "dumb")
    monkeypatch.setenv("LANG", "C.UTF-8")
    for name in ("LC_ALL", "LC_MESSAGES", "LANGUAGE"):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setenv("ETIQUETTE_QUIZ_HOME", str(tmp_path / "home"))


@pytest.fixture
def run():
    """Run the CLI in-process: run('bank', 'validate', ...) -> click Result."""
    from etiquette_quiz.cli import app

    runner = CliRunner()

    def invoke(*args: str, input: str | None = None):
        return runner.invoke(app, list(args), input=input, catch_exceptions=False)

    return invoke


@pytest.fixture(scope="session")
def cohort(tmp_path_factory):
    """A results store of 12 trainees x 3 exams on the sample bank (built once per run)."""
    from etiquette_quiz.banks import load_paths

    from .resultsdata import build_store

    path = tmp_path_factory.mktemp("cohort") / "cohort.sqlite3"
    build_store(path, load_paths([DATA]).library, trainees=12, exams_each=3).close()
    return path
