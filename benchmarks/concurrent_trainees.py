"""Benchmark: 50 trainees answering at once, as 50 processes, on SQLite and on PostgreSQL.

    python benchmarks/concurrent_trainees.py [--trainees 50] [--questions 20] [--pg URL]

Each process is one terminal: it opens the store, creates its trainee, sits one practice of
--questions questions from the bundled banks through the core (attempts.start, the session's
AttemptRecorder, attempts.finish) and reports how long each answer took to be committed. The
baseline is one trainee alone, measured in the same run. Printed per engine: answers/s, the
median and 99th percentile of an answer's commit, their ratio to the baseline, and the check
that every answer counted is stored exactly once. PostgreSQL needs --pg (default:
$ETIQUETTE_QUIZ_TEST_PG); a fresh schema is used and dropped.
"""

from __future__ import annotations

import argparse
import multiprocessing
import os
import random
import statistics
import sys
import tempfile
import time
import uuid
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from etiquette_quiz import attempts  # noqa: E402
from etiquette_quiz.banks import load_library  # noqa: E402
from etiquette_quiz.model import AttemptMode  # noqa: E402
from etiquette_quiz.session import draw_practice  # noqa: E402
from etiquette_quiz.store import Store  # noqa: E402


def trainee(target: str, number: int, questions: int, ready: Any, results: multiprocessing.Queue) -> None:
    """One terminal: a practice of `questions` answers; puts (attempt id, answers counted, commit times)."""
    library = load_library().library
    rng = random.Random(number)
    store = Store(target if target.startswith("postgres") else Path(target))
    person = store.create_trainee(f"学员{number:03d}")
    drawn = draw_practice(list(library.questions), questions, rng.randrange(1 << 30))
    record = attempts.start(store, trainee=person, mode=AttemptMode.PRACTICE, questions=drawn, seed=1,
                            library=library, content_lang="zh-CN", now=datetime.now(UTC))
    session = attempts.open_session(store, record, library)
    recorder, times = session.recorder, []

    def timed_recorder(*args):  # noqa: ANN002 - the Recorder's own arguments
        began = time.perf_counter()
        recorder(*args)
        times.append(time.perf_counter() - began)

    session.recorder = timed_recorder
    ready.wait()  # everyone has loaded the banks and opened the store: all start answering at once
    for slot in list(session.available):
        session.submit(slot, None, 2.0)  # an empty answer: grading is not what is measured
    attempts.finish(store, record, session)
    store.close()
    results.put((record.id, session.answered_count, times))


def run(target: str, trainees: int, questions: int) -> tuple[float, list[float], dict[str, int]]:
    """Wall time from the common start, every commit time, and answers counted per attempt."""
    results: multiprocessing.Queue = multiprocessing.Queue()
    ready = multiprocessing.Barrier(trainees + 1)
    processes = [multiprocessing.Process(target=trainee, args=(target, n, questions, ready, results))
                 for n in range(trainees)]
    for process in processes:
        process.start()
    ready.wait(timeout=600)
    start = time.time()
    counted, times = {}, []
    for _ in processes:
        attempt_id, answered, commit_times = results.get(timeout=600)
        counted[attempt_id] = answered
        times += commit_times
    wall = time.time() - start
    for process in processes:
        process.join()
    return wall, times, counted


def report(name: str, target: str, trainees: int, questions: int) -> None:
    Store(target if target.startswith("postgres") else Path(target)).close()
    _, alone, _ = run(target, 1, questions)
    wall, times, counted = run(target, trainees, questions)
    with Store(target if target.startswith("postgres") else Path(target)) as store:
        stored = {k: v for k, v in store.answer_counts(None).items() if k in counted}
    lost_or_doubled = sum(abs(stored.get(k, 0) - v) for k, v in counted.items())
    p50, p99 = statistics.median(times), statistics.quantiles(times, n=100)[98]
    base = statistics.median(alone)
    print(f"{name}: {trainees} trainees x {questions} answers in {wall:.1f} s = {len(times) / wall:,.0f} answers/s; "
          f"commit median {p50 * 1000:.1f} ms ({p50 / base:.1f}x alone: {base * 1000:.1f} ms), "
          f"p99 {p99 * 1000:.1f} ms; lost or doubled: {lost_or_doubled}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--trainees", type=int, default=50)
    parser.add_argument("--questions", type=int, default=20)
    parser.add_argument("--pg", default=os.environ.get("ETIQUETTE_QUIZ_TEST_PG"))
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as folder:
        report("SQLite", str(Path(folder) / "shared.sqlite3"), args.trainees, args.questions)
    if not args.pg:
        print("PostgreSQL: no server (--pg URL or ETIQUETTE_QUIZ_TEST_PG); skipped")
        return
    import psycopg

    schema = f"bench_{uuid.uuid4().hex[:8]}"
    with psycopg.connect(args.pg, autocommit=True) as conn:
        conn.execute(f"CREATE SCHEMA {schema}")
    try:
        separator = "&" if "?" in args.pg else "?"
        report("PostgreSQL", f"{args.pg}{separator}options=-csearch_path%3D{schema}", args.trainees, args.questions)
    finally:
        with psycopg.connect(args.pg, autocommit=True) as conn:
            conn.execute(f"DROP SCHEMA {schema} CASCADE")


if __name__ == "__main__":
    main()
