"""Trainers and trainees apart on PostgreSQL, with real login roles (`store init`, grants, row-level security)."""

from __future__ import annotations

import json
import sqlite3
import uuid
from datetime import UTC, datetime

import pytest

from etiquette_quiz import attempts
from etiquette_quiz.banks import load_paths
from etiquette_quiz.errors import UserError
from etiquette_quiz.model import AttemptMode
from etiquette_quiz.session import draw_practice
from etiquette_quiz.store import Store

from .conftest import DATA
from .resultsdata import response_for

LIBRARY = load_paths([DATA]).library
QUESTIONS = [q for q in LIBRARY.questions if q.bank == "sample"]


@pytest.fixture
def centre(pg_url, pg_server, tmp_path, monkeypatch):
    """A store set up by `store init`, and URLs for a trainer and two trainees, each their own login."""
    import psycopg
    from psycopg.conninfo import conninfo_to_dict

    tag = uuid.uuid4().hex[:8]
    groups = {"trainer": f"quiz_trainer_{tag}", "trainee": f"quiz_trainee_{tag}"}
    logins = {"trainer": f"lin_{tag}", "wang": f"wang_{tag}", "zhao": f"zhao_{tag}"}
    params = conninfo_to_dict(pg_url)
    schema = params["options"].split("=")[-1]

    def url_of(login: str, password: str | None = None) -> str:
        secret = f":{password}" if password else ""
        return f"postgresql://{login}{secret}@{params['host']}:{params['port']}/{params['dbname']}" \
               f"?options=-csearch_path%3D{schema}"

    yield {"admin": pg_url, "groups": groups, "logins": logins, "url_of": url_of,
           "create_logins": lambda: _create_logins(pg_server, groups, logins)}
    with psycopg.connect(pg_server, autocommit=True) as conn:
        conn.execute("SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE usename = ANY(%s)",
                     (list(logins.values()),))
        conn.execute(f"DROP SCHEMA IF EXISTS {schema} CASCADE")
        for role in [*logins.values(), *groups.values()]:
            if conn.execute("SELECT 1 FROM pg_roles WHERE rolname = %s", (role,)).fetchone():
                conn.execute(f'DROP OWNED BY "{role}"')
                conn.execute(f'DROP ROLE "{role}"')


def _create_logins(admin_url, groups, logins):
    import psycopg

    with psycopg.connect(admin_url, autocommit=True) as conn:
        for name, login in logins.items():
            group = groups["trainer" if name == "trainer" else "trainee"]
            conn.execute(f"CREATE ROLE \"{login}\" LOGIN PASSWORD 'pw-{name}' IN ROLE \"{group}\"")


def practise(store: Store, trainee, count: int = 3, finish: bool = True):
    record = attempts.start(store, trainee=trainee, mode=AttemptMode.EXAM, questions=draw_practice(QUESTIONS, count, 1),
                            seed=1, library=LIBRARY, content_lang="zh-CN", now=datetime.now(UTC))
    session = attempts.open_session(store, record, LIBRARY)
    for slot in list(session.available):
        session.submit(slot, response_for(slot.question, True, __import__("random").Random(0)), 3.0)
    if finish:
        attempts.finish(store, record, session)
    return trainee, record


def test_store_init_sets_roles_that_keep_trainees_apart(run, centre, tmp_path, monkeypatch):
    groups, logins, url_of = centre["groups"], centre["logins"], centre["url_of"]
    result = run("--lang", "en", "--db", centre["admin"], "store", "init",
                 "--trainer-role", groups["trainer"], "--trainee-role", groups["trainee"])
    assert result.exit_code == 0, result.output
    assert f"trainers: role {groups['trainer']}, trainees: role {groups['trainee']}" in result.output
    assert "pw" not in result.output and "@127.0.0.1" in result.output
    centre["create_logins"]()

    # Passwords come as libpq finds them: PGPASSWORD for one trainee, a ~/.pgpass file for the other.
    monkeypatch.setenv("PGPASSWORD", "pw-wang")
    wang_store = Store(url_of(logins["wang"]))
    monkeypatch.delenv("PGPASSWORD")
    passfile = tmp_path / "pgpass"
    passfile.write_text(f"*:*:*:{logins['zhao']}:pw-zhao\n*:*:*:{logins['trainer']}:pw-trainer\n", encoding="utf-8")
    passfile.chmod(0o600)
    monkeypatch.setenv("PGPASSFILE", str(passfile))
    zhao_store = Store(url_of(logins["zhao"]))

    wang, zhao = wang_store.create_trainee("王小明"), zhao_store.create_trainee("赵六")
    _, finished = practise(wang_store, wang)
    _, running = practise(wang_store, wang, finish=False)
    practise(zhao_store, zhao)

    # A trainee reads their own history, and nobody else's.
    assert {a.trainee_id for a in wang_store.attempts_of(None)} == {wang.id}
    assert [t.name for t in wang_store.trainees()] == ["王小明"]
    assert zhao_store.attempt(finished.id) is None and zhao_store.find_attempts(finished.id[:6]) == []
    assert zhao_store.answers(finished.id) == [] and zhao_store.trainee(wang.id) is None

    # A finished attempt and a given answer cannot be changed, not even with the trainee's own SQL.
    db = wang_store.db
    with wang_store.write():
        changed = db.execute("UPDATE attempts SET score = 100 WHERE id = ?", (finished.id,)).rowcount
    assert changed == 0 and wang_store.attempt(finished.id).score == 3
    with wang_store.write():
        changed = db.execute("UPDATE answers SET fraction = 1 WHERE attempt_id = ?", (finished.id,)).rowcount
    assert changed == 0  # an exam's answers change only until it is handed in
    with pytest.raises(sqlite3.OperationalError, match="permission denied"), wang_store.write():
        db.execute("DELETE FROM answers WHERE attempt_id = ?", (finished.id,))
    with pytest.raises(sqlite3.OperationalError, match="row-level security"), wang_store.write():
        db.execute("INSERT INTO answers (attempt_id, position, question_key, bank, content_hash, fraction, points, "
                   "max_points, seconds, answered_at) VALUES (?, 9, 'sample/x', 'sample', 'h', 1, 1, 1, 1, 'now')",
                   (finished.id,))
    # What an in-progress attempt is (its plan, its trainee) is fixed too; its clock is not.
    with pytest.raises(sqlite3.OperationalError, match="permission denied"), wang_store.write():
        db.execute("UPDATE attempts SET plan = '[]' WHERE id = ?", (running.id,))
    wang_store.save_elapsed(running.id, 42.0)
    assert wang_store.attempt(running.id).elapsed == 42.0
    with pytest.raises(sqlite3.OperationalError, match="permission denied"), wang_store.write():
        db.execute("UPDATE attempts SET trainee_id = ? WHERE id = ?", (zhao.id, running.id))
    # Nor can a trainee start an attempt in someone else's name, or hand in one already finished.
    stranger = wang_store.attempt(running.id)
    stranger.id, stranger.trainee_id = str(uuid.uuid4()), zhao.id
    with pytest.raises(sqlite3.OperationalError, match="row-level security"):
        wang_store.create_attempt(stranger)
    stranger.trainee_id, stranger.state, stranger.score = wang.id, "finished", 99.0
    with pytest.raises(sqlite3.OperationalError, match="row-level security"):
        wang_store.create_attempt(stranger)

    # The trainer reads everything.
    with Store(url_of(logins["trainer"])) as trainer_store:
        assert {a.trainee_id for a in trainer_store.attempts_of(None)} == {wang.id, zhao.id}
        assert len(trainer_store.answers(finished.id)) == 3
    result = run("--lang", "en", "--banks", str(DATA), "--db", url_of(logins["trainer"]), "report", "--json")
    assert result.exit_code == 0, result.output
    assert json.loads(result.output)["cohort"]["attempts"] == 3
    # A trainee cannot take someone off the list; a trainer can, and remove their results on request.
    with pytest.raises(sqlite3.OperationalError, match="permission denied"):
        wang_store.remove_trainee(wang.id)
    with Store(url_of(logins["trainer"])) as trainer_store:
        leaver = trainer_store.create_trainee("离职学员")
        practise(trainer_store, leaver)
        trainer_store.remove_trainee(leaver.id, delete_results=True)
        assert trainer_store.trainee(leaver.id) is None
        assert {a.trainee_id for a in trainer_store.attempts_of(None)} == {wang.id, zhao.id}
    wang_store.close()
    zhao_store.close()

    # An upgrade brings a migration: the owner applies it (a trainee's terminal cannot), and the
    # grants cover the table it adds: a trainee's rows (trainee_id) are theirs.
    import etiquette_quiz.store as store_module
    from etiquette_quiz.store.sql import run_script

    def probe_migration(db):
        run_script(db, "CREATE TABLE badges (trainee_id TEXT NOT NULL REFERENCES trainees (id), badge TEXT NOT NULL)")

    monkeypatch.setattr(store_module, "MIGRATIONS", [*store_module.MIGRATIONS, probe_migration])
    monkeypatch.setattr(store_module, "SCHEMA_VERSION", store_module.SCHEMA_VERSION + 1)
    with pytest.raises(UserError) as caught:
        Store(url_of(logins["zhao"]))
    assert caught.value.key == "error.server-migrate" and "store init" in caught.value.render("en")
    result = run("--lang", "en", "--db", centre["admin"], "store", "init")  # keeps the roles given before
    assert result.exit_code == 0 and f"trainees: role {groups['trainee']}" in result.output
    with Store(url_of(logins["zhao"])) as zhao_store, Store(url_of(logins["wang"], "pw-wang")) as wang_store:
        with zhao_store.write() as db:
            db.execute("INSERT INTO badges (trainee_id, badge) VALUES (?, 'first exam')", (zhao.id,))
        with pytest.raises(sqlite3.OperationalError, match="row-level security"), wang_store.write() as db:
            db.execute("INSERT INTO badges (trainee_id, badge) VALUES (?, 'stolen')", (zhao.id,))
        assert wang_store.db.execute("SELECT COUNT(*) FROM badges").fetchone()[0] == 0
        assert zhao_store.db.execute("SELECT COUNT(*) FROM badges").fetchone()[0] == 1


def test_store_init_on_sqlite_is_a_clear_error(run, tmp_path):
    result = run("--lang", "en", "--db", str(tmp_path / "r.sqlite3"), "store", "init", "--trainer-role", "a",
                 "--trainee-role", "b")
    assert result.exit_code == 2 and "sets up a PostgreSQL store" in result.output


def test_store_init_without_roles_the_first_time(run, pg_url):
    result = run("--lang", "en", "--db", pg_url, "store", "init")
    assert result.exit_code == 0 and "no roles are set up" in result.output
    result = run("--lang", "en", "--db", pg_url, "store", "init", "--trainer-role", "x")
    assert result.exit_code == 2 and "name both roles" in result.output
