"""Benchmark: `history` and the due review queue on a store of 1,000,000 answers.

    python benchmarks/progress_store.py [--trainees 1000] [--attempts 50] [--answers 20] [--runs 7] [--keep PATH]

Builds a store of trainees x attempts x answers (default 1,000 x 50 x 20 = 1,000,000 answers,
questions drawn from the bundled banks, a review schedule per trainee), then times as whole
processes, medians of --runs:
  etiquette-quiz --help                                  (the process's start-up)
  etiquette-quiz --trainee T history                     target: <= 0.3 s above --help
  etiquette-quiz --trainee T review --list               target: <= 0.3 s above --help
"""

from __future__ import annotations

import argparse
import json
import os
import random
import statistics
import subprocess
import sys
import tempfile
import time
from datetime import UTC, datetime, timedelta
from fractions import Fraction
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from etiquette_quiz.banks import load_library  # noqa: E402
from etiquette_quiz.store import Store  # noqa: E402


def build(path: Path, trainees: int, attempts: int, answers: int, seed: int = 1) -> None:
    rng = random.Random(seed)
    questions = load_library().library.questions
    start = datetime(2026, 1, 1, tzinfo=UTC)
    Store(path).close()  # create the schema
    store = Store(path)
    db = store.db
    db.execute("PRAGMA synchronous = OFF")  # bulk load only; the app always runs with FULL
    card = {"card_id": 0, "state": 2, "step": None, "stability": 3.2, "difficulty": 6.1,
            "due": "", "last_review": ""}
    for t in range(trainees):
        trainee_id = f"trainee-{t:05d}"
        db.execute("BEGIN")
        db.execute("INSERT INTO trainees (id, name, employee_no, created_at) VALUES (?, ?, ?, ?)",
                   (trainee_id, f"学员{t:05d}", f"E{t:05d}", start.isoformat()))
        attempt_rows, answer_rows, wrong = [], [], {}
        for a in range(attempts):
            attempt_id = f"{trainee_id}-a{a:03d}"
            when = start + timedelta(days=a, minutes=t % 600)
            drawn = rng.sample(questions, answers)
            plan = [{"key": q.key, "hash": q.content_hash, "layout": {}} for q in drawn]
            score = 0.0
            for position, q in enumerate(drawn):
                fraction = 1.0 if rng.random() < 0.75 else rng.choice((0.0, 0.5))
                score += fraction
                answered = (when + timedelta(seconds=20 * position)).isoformat()
                share = str(Fraction(fraction))  # the exact text beside the REAL (migration 4)
                answer_rows.append((attempt_id, position, q.key, q.bank, q.content_hash, '"c0"', fraction, share,
                                    fraction, share, 1.0, "1", rng.uniform(3, 40), "[]", answered))
                if fraction < 1:
                    wrong[q.key] = (q, wrong.get(q.key, (q, 0))[1] + (fraction == 0), answered)
            exam = a % 5 == 4
            attempt_rows.append((attempt_id, f"学员{t:05d}", f"E{t:05d}", "exam" if exam else "practice",
                                 "new-hire" if exam else None, "新员工服务礼仪入职考核" if exam else None, a, "zh-CN",
                                 json.dumps(plan), "{}", 1200 if exam else None, 0.8 if exam else None,
                                 "4/5" if exam else None, "end", when.isoformat(),
                                 (when + timedelta(minutes=10)).isoformat(), 600.0, "finished", score,
                                 str(Fraction(score)), float(answers), str(answers),
                                 int(score / answers >= 0.8) if exam else None, trainee_id))
        db.executemany("INSERT INTO attempts (id, trainee, employee_no, mode, exam_id, title, seed, lang, plan, "
                       "bank_versions, time_limit, pass_mark, pass_mark_exact, feedback, started_at, finished_at, "
                       "elapsed, state, score, score_exact, max_score, max_score_exact, passed, trainee_id) "
                       "VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)", attempt_rows)
        db.executemany("INSERT INTO answers (attempt_id, position, question_key, bank, content_hash, response, "
                       "fraction, fraction_exact, points, points_exact, max_points, max_points_exact, seconds, "
                       "forbidden, answered_at) VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)", answer_rows)
        review_rows = []
        for key, (q, misses, last) in wrong.items():
            due = (datetime.fromisoformat(last) + timedelta(days=rng.choice((1, 3, 30, 400)))).isoformat()
            review_rows.append((trainee_id, key, q.bank, q.content_hash, json.dumps(card | {"due": due}), due, last,
                                misses + 1, misses))
        db.executemany("INSERT INTO reviews (trainee_id, question_key, bank, content_hash, card, due, last_review, "
                       "reviews, wrong) VALUES (?,?,?,?,?,?,?,?,?)", review_rows)
        db.execute("COMMIT")
    db.execute("ANALYZE")
    store.close()


def median_process(command: list[str], env: dict[str, str], runs: int) -> float:
    times = []
    for _ in range(runs):
        started = time.perf_counter()
        done = subprocess.run(command, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
        times.append(time.perf_counter() - started)
        assert done.returncode == 0, done.stderr.decode()
    return statistics.median(times)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--trainees", type=int, default=1000)
    parser.add_argument("--attempts", type=int, default=50)
    parser.add_argument("--answers", type=int, default=20)
    parser.add_argument("--runs", type=int, default=7)
    parser.add_argument("--keep", type=Path, help="build (or reuse) the store at this path")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as folder:
        path = args.keep or Path(folder) / "million.sqlite3"
        if not path.exists():
            started = time.perf_counter()
            build(path, args.trainees, args.attempts, args.answers)
            print(f"built {args.trainees * args.attempts * args.answers:,} answers in "
                  f"{time.perf_counter() - started:.0f} s ({path.stat().st_size / 1e6:.0f} MB)")
        env = {**os.environ, "ETIQUETTE_QUIZ_HOME": folder, "COLUMNS": "100"}
        exe = [sys.executable, "-m", "etiquette_quiz"]
        trainee = f"E{args.trainees // 2:05d}"
        base = ["--db", str(path), "--trainee", trainee]
        median_process(exe + base + ["history"], env, 1)  # warm the bank cache and the page cache
        helptime = median_process(exe + ["--help"], env, args.runs)
        history = median_process(exe + base + ["history"], env, args.runs)
        queue = median_process(exe + base + ["review", "--list"], env, args.runs)
        print(f"medians of {args.runs} runs")
        print(f"  --help                       {helptime * 1000:6.0f} ms")
        print(f"  history (one trainee)        {history * 1000:6.0f} ms   +{(history - helptime) * 1000:.0f} ms"
              f"  (target <= +300 ms)")
        print(f"  review --list (due queue)    {queue * 1000:6.0f} ms   +{(queue - helptime) * 1000:.0f} ms"
              f"  (target <= +300 ms)")


if __name__ == "__main__":
    main()
