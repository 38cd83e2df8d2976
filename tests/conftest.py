"""Shared fixtures: a pinned terminal environment and a CLI runner."""

from __future__ import annotations

from pathlib import Path

import pytest
from typer.testing import CliRunner

TESTS = Path(__file__).resolve().parent
DATA = TESTS / "data"
CORPUS = TESTS / "corpus"
GOLDEN = TESTS / "golden"
UPDATE_GOLDEN = False  # set by `pytest --update-golden`


def pytest_addoption(parser):
    parser.addoption("--update-golden", action="store_true",
                     help="rewrite tests/golden/* from the current output instead of comparing with it")


def pytest_configure(config):
    global UPDATE_GOLDEN
    UPDATE_GOLDEN = config.getoption("--update-golden")


def golden(name: str, text: str) -> None:
    """Compare `text` (trailing spaces stripped) with tests/golden/NAME, or rewrite it with --update-golden."""
    path = GOLDEN / name
    lines = [line.rstrip() for line in text.splitlines()]
    if UPDATE_GOLDEN:
        path.write_text("\n".join(lines) + "\n", encoding="utf-8")
        return
    assert lines == path.read_text(encoding="utf-8").splitlines(), f"differs from {path} (pytest --update-golden)"


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


@pytest.fixture
def home(tmp_path):
    """A trainee's ETIQUETTE_QUIZ_HOME whose config names them (王小明, E-42), for runs in a real terminal."""
    home = tmp_path / "home"
    home.mkdir()
    (home / "config.toml").write_text('trainee = "王小明"\nemployee_no = "E-42"\n', encoding="utf-8")
    return home


# -- engines (issue 16): store, concurrency and command tests run on SQLite and on PostgreSQL -----
PG_VARIABLE = "ETIQUETTE_QUIZ_TEST_PG"


@pytest.fixture(scope="session")
def pg_server():
    """The URL of a PostgreSQL role that may create schemas and roles (.ci/run starts a throw-away server)."""
    import os

    url = os.environ.get(PG_VARIABLE)
    if not url:
        pytest.skip(f"no PostgreSQL server for the tests: set {PG_VARIABLE}=postgresql://… (.ci/run starts one)")
    try:
        import psycopg
    except ImportError:
        pytest.skip("psycopg is not installed: pip install -e '.[test]'")
    try:
        psycopg.connect(url, connect_timeout=5).close()
    except psycopg.OperationalError as exc:
        pytest.skip(f"the PostgreSQL server in {PG_VARIABLE} cannot be reached: {str(exc).strip()}")
    return url


@pytest.fixture
def pg_url(pg_server):
    """A fresh, empty PostgreSQL store for one test: its own schema, dropped afterwards."""
    import uuid

    import psycopg

    schema = f"t_{uuid.uuid4().hex[:12]}"
    with psycopg.connect(pg_server, autocommit=True) as conn:
        conn.execute(f"CREATE SCHEMA {schema}")
    separator = "&" if "?" in pg_server else "?"
    yield f"{pg_server}{separator}options=-csearch_path%3D{schema}"
    with psycopg.connect(pg_server, autocommit=True) as conn:
        # A store a test left open in a transaction would hold its locks until the session timeout.
        conn.execute("SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = current_database() "
                     "AND application_name = 'etiquette-quiz' AND state LIKE 'idle in transaction%'")
        conn.execute(f"DROP SCHEMA IF EXISTS {schema} CASCADE")


@pytest.fixture(params=["sqlite", "postgresql"])
def store_target(request, tmp_path):
    """Where a results store lives, once per engine: a SQLite file, or a fresh PostgreSQL schema."""
    if request.param == "sqlite":
        return tmp_path / "store" / "results.sqlite3"
    return request.getfixturevalue("pg_url")
