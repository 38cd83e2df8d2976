"""Many terminals at once, and a server that goes away: nothing lost, nothing counted twice.

50 simulated trainees (threads, each with its own store connection, as each terminal has) drive
the core exactly as the terminal does — attempts.start, the session's AttemptRecorder,
attempts.finish — against one SQLite file and one PostgreSQL store. The server-loss tests put a
TCP relay between the store and PostgreSQL and cut it, as a pulled cable or a restarted server
would.
"""

from __future__ import annotations

import random
import socket
import threading
from datetime import UTC, datetime
from io import StringIO
from pathlib import Path

import pytest

from etiquette_quiz import attempts
from etiquette_quiz.banks import load_paths
from etiquette_quiz.errors import StoreUnreachable
from etiquette_quiz.model import AttemptMode
from etiquette_quiz.session import draw_practice
from etiquette_quiz.store import Store
from etiquette_quiz.store.postgres import PgConnection

from .conftest import DATA
from .resultsdata import response_for
from .test_store import answer, attempt

LIBRARY = load_paths([DATA]).library
QUESTIONS = [q for q in LIBRARY.questions if q.bank == "sample"]
TRAINEES = 50


def sit_practice(target, number: int, rounds: int, counted: dict, errors: list, barrier: threading.Barrier) -> None:
    """One trainee at one terminal: `rounds` practice attempts over the sample bank, every answer submitted."""
    rng = random.Random(number)
    try:
        with Store(target) as store:
            trainee = store.create_trainee(f"学员{number:02d}", f"E{number:03d}")
            barrier.wait()  # everyone answers at the same moment
            for _ in range(rounds):
                drawn = draw_practice(QUESTIONS, len(QUESTIONS), rng.randrange(1 << 30))
                record = attempts.start(store, trainee=trainee, mode=AttemptMode.PRACTICE, questions=drawn,
                                        seed=1, library=LIBRARY, content_lang="zh-CN", now=datetime.now(UTC))
                session = attempts.open_session(store, record, LIBRARY)
                for slot in list(session.available):
                    session.submit(slot, response_for(slot.question, rng.random() < 0.7, rng), rng.uniform(1, 9))
                attempts.finish(store, record, session)
                counted[record.id] = session.answered_count
    except Exception as exc:  # noqa: BLE001 - every error is a failure, reported below
        errors.append(f"trainee {number}: {type(exc).__name__}: {exc}")


def test_fifty_trainees_at_once_lose_nothing(store_target):
    if isinstance(store_target, Path):
        store_target.parent.mkdir(parents=True)
    Store(store_target).close()
    counted: dict[str, int] = {}
    errors: list[str] = []
    barrier = threading.Barrier(TRAINEES)
    rounds = 2
    threads = [threading.Thread(target=sit_practice, args=(store_target, n, rounds, counted, errors, barrier))
               for n in range(TRAINEES)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=300)
    assert errors == []
    assert len(counted) == TRAINEES * rounds
    with Store(store_target) as store:
        stored = store.answer_counts(None)
        assert stored == counted  # every answer the sessions counted is stored, once
        assert sum(stored.values()) == TRAINEES * rounds * len(QUESTIONS)
        finished = [a for a in store.attempts_of(None) if a.state == "finished"]
        assert len(finished) == TRAINEES * rounds
        assert len(store.trainees()) == TRAINEES


# -- PostgreSQL: serialization failures, dropped connections, a server away ----------------------


class Relay:
    """A TCP relay to the PostgreSQL server that a test can cut and restore."""

    def __init__(self, host: str, port: int) -> None:
        self.target = (host, port)
        self.listener = socket.create_server(("127.0.0.1", 0))
        self.port = self.listener.getsockname()[1]
        self.open = True
        self.pairs: list[socket.socket] = []
        threading.Thread(target=self._accept, daemon=True).start()

    def _accept(self) -> None:
        while True:
            try:
                client, _ = self.listener.accept()
            except OSError:
                return
            if not self.open:
                client.close()
                continue
            server = socket.create_connection(self.target)
            self.pairs += [client, server]
            for a, b in ((client, server), (server, client)):
                threading.Thread(target=self._pipe, args=(a, b), daemon=True).start()

    @staticmethod
    def _pipe(source: socket.socket, sink: socket.socket) -> None:
        try:
            while data := source.recv(65536):
                sink.sendall(data)
        except OSError:
            pass
        for end in (source, sink):
            try:
                end.shutdown(socket.SHUT_RDWR)
            except OSError:
                pass

    def cut(self) -> None:
        """Drop every connection and refuse new ones (the server is away)."""
        self.open = False
        for end in self.pairs:
            try:
                end.shutdown(socket.SHUT_RDWR)
                end.close()
            except OSError:
                pass
        self.pairs.clear()

    def restore(self) -> None:
        """Accept connections again (the server is back)."""
        self.open = True

    def close(self) -> None:
        """Stop relaying."""
        self.cut()
        self.listener.close()


@pytest.fixture
def relayed(pg_url):
    """(URL through a relay, the relay) for a fresh PostgreSQL store."""
    from psycopg.conninfo import conninfo_to_dict

    params = conninfo_to_dict(pg_url)
    relay = Relay(params.get("host", "127.0.0.1"), int(params.get("port", 5432)))
    Store(pg_url).close()
    yield pg_url.replace(f"@{params['host']}:{params['port']}/", f"@127.0.0.1:{relay.port}/"), relay
    relay.close()


def prepared(url: str) -> Store:
    store = Store(url)
    store.create_trainee("张三", trainee_id="t-zhang")
    store.create_attempt(attempt())
    return store


def test_a_dropped_connection_is_reconnected_without_a_word(relayed):
    url, relay = relayed
    with prepared(url) as store:
        store.record_answer("a1", answer(0), elapsed=1)
        relay.cut()
        relay.restore()
        store.record_answer("a1", answer(1), elapsed=2)  # the write finds a new connection
        relay.cut()
        relay.restore()
        assert [a.position for a in store.answers("a1")] == [0, 1]  # and so does a read


def test_a_commit_whose_reply_was_lost_is_applied_once(relayed, monkeypatch):
    url, relay = relayed
    with prepared(url) as store:
        connection = store.db
        assert isinstance(connection, PgConnection)
        real_commit = PgConnection._send_commit

        def commit_then_lose_the_reply(self):
            real_commit(self)
            relay.cut()
            relay.restore()
            self._live().execute("SELECT 1")  # raises: the connection is gone

        monkeypatch.setattr(PgConnection, "_send_commit", commit_then_lose_the_reply)
        store.record_answer("a1", answer(0), elapsed=1)
        monkeypatch.undo()
        assert [a.position for a in store.answers("a1")] == [0]


def test_a_commit_lost_on_the_way_is_replayed_once(relayed, monkeypatch):
    url, relay = relayed
    with prepared(url) as store:
        def lose_the_connection_first(self):
            relay.cut()
            relay.restore()
            self._conn.execute("COMMIT")

        monkeypatch.setattr(PgConnection, "_send_commit", lose_the_connection_first)
        with pytest.raises(Exception):  # noqa: B017 - replayed, then the patched COMMIT fails again...
            store.record_answer("a1", answer(0), elapsed=1)
        monkeypatch.undo()
        store.record_answer("a1", answer(0), elapsed=1)  # ...and nothing half-done stands in the way
        assert [a.position for a in store.answers("a1")] == [0]


def test_a_writer_that_reads_has_the_store_to_itself_until_it_commits(pg_url):
    """As with SQLite's BEGIN IMMEDIATE: what it read stays true until it has written."""
    with prepared(pg_url) as first, Store(pg_url) as second:
        other = threading.Thread(target=second.save_elapsed, args=("a1", 9.0))
        with first.write() as db:
            elapsed = db.execute("SELECT elapsed FROM attempts WHERE id = ?", ("a1",)).fetchone()[0]
            other.start()
            other.join(timeout=0.5)
            assert other.is_alive()  # the other writer waits
            db.execute("UPDATE attempts SET elapsed = ? WHERE id = ?", (elapsed + 1, "a1"))
        other.join(timeout=10)
        assert first.attempt("a1").elapsed == 9.0  # then writes after it, as if they had taken turns


def test_writers_that_only_write_run_at_once_and_a_deadlock_is_replayed(pg_url):
    with prepared(pg_url) as first, Store(pg_url) as second:
        first.create_attempt(attempt("a2"))
        barrier, errors = threading.Barrier(2), []

        def bump(store, order):
            try:
                with store.write() as db:
                    for n, attempt_id in enumerate(order):
                        db.execute("UPDATE attempts SET elapsed = elapsed + 1 WHERE id = ?", (attempt_id,))
                        if n == 0:
                            barrier.wait(timeout=10)  # both hold one row and want the other's
            except Exception as exc:  # noqa: BLE001 - asserted below
                errors.append(exc)

        threads = [threading.Thread(target=bump, args=(first, ["a1", "a2"])),
                   threading.Thread(target=bump, args=(second, ["a2", "a1"]))]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join(timeout=30)
        assert errors == []
        assert (first.attempt("a1").elapsed, first.attempt("a2").elapsed) == (2.0, 2.0)  # both, once each


class ScriptedPrompter:
    """Answers each question right; when told the server is lost, waits (the test brings it back)."""

    def __init__(self, on_pause) -> None:
        self.on_pause = on_pause
        self.pauses: list[str] = []

    def ask(self, question, layout):
        return response_for(question, True, random.Random(0))

    def pause(self, message: str) -> None:
        self.pauses.append(message)
        self.on_pause(len(self.pauses))


def test_the_server_away_mid_exam_the_answer_waits_in_hand(relayed):
    from rich.console import Console

    from etiquette_quiz.ui.runner import QuizRunner

    url, relay = relayed
    store = Store(url)
    store.db.reconnect_seconds = 0.5
    trainee = store.create_trainee("张三")
    drawn = draw_practice(QUESTIONS, 4, 3)
    record = attempts.start(store, trainee=trainee, mode=AttemptMode.EXAM, questions=drawn, seed=3,
                            library=LIBRARY, content_lang="zh-CN", now=datetime.now(UTC))
    session = attempts.open_session(store, record, LIBRARY)
    session.immediate_feedback = False
    recorder = session.recorder
    answered = []

    def save_then_cut(slot, response, mark, seconds, elapsed):
        recorder(slot, response, mark, seconds, elapsed)
        answered.append(slot.position)
        if len(answered) == 2:
            relay.cut()  # the server goes away after the second answer

    session.recorder = save_then_cut
    prompter = ScriptedPrompter(on_pause=lambda times: relay.restore() if times == 2 else None)
    output = StringIO()
    QuizRunner(console=Console(file=output, width=100, color_system=None), library=LIBRARY, lang="en",
               content_lang="zh-CN", prompter=prompter, clock=lambda: 0.0).run(session)
    assert "this answer is not saved yet" in output.getvalue()
    assert len(prompter.pauses) == 2 and "send it again" in prompter.pauses[0]
    assert session.answered_count == 4
    with Store(url) as check:
        assert [a.position for a in check.answers(record.id)] == [0, 1, 2, 3]  # each once, none lost
    store.close()


def test_an_answer_whose_save_was_cut_off_is_found_not_saved_twice(relayed):
    url, relay = relayed
    store = Store(url)
    store.db.reconnect_seconds = 0.3
    trainee = store.create_trainee("张三")
    record = attempts.start(store, trainee=trainee, mode=AttemptMode.EXAM, questions=draw_practice(QUESTIONS, 2, 1),
                            seed=1, library=LIBRARY, content_lang="zh-CN", now=datetime.now(UTC))
    session = attempts.open_session(store, record, LIBRARY)
    slot = session.available[0]
    real_commit = PgConnection._send_commit

    def commit_then_server_away(self):
        real_commit(self)
        relay.cut()  # the answer is in, but neither its reply nor the server is
        self._live().execute("SELECT 1")

    PgConnection._send_commit = commit_then_server_away
    try:
        with pytest.raises(StoreUnreachable):
            session.submit(slot, response_for(slot.question, True, random.Random(0)), 2.0)
    finally:
        PgConnection._send_commit = real_commit
    relay.restore()
    session.submit(slot, response_for(slot.question, True, random.Random(0)), 2.0)  # sent again by the trainee
    assert session.answered_count == 1
    assert [a.position for a in store.answers(record.id)] == [slot.position]
    store.close()
