"""Benchmark: launch to first question on screen, and the cost of committing one answer.

    python benchmarks/quiz_startup.py [--runs 11]

Prints
  (a) time from launching `etiquette-quiz practice` (bundled banks) until the first question
      is on the screen of a pseudo-terminal, against `python -c "import typer, questionary,
      rich.console, yaml"` in a pseudo-terminal too, alternating, medians of --runs, as a ratio
      (target <= 1.3x);
  (b) the median time to commit one answer to the SQLite store (target <= 5 ms): a practice answer
      (record_answer) and an exam answer (save_exam_answer: the answer, given or changed, kept as
      the final one and appended to the exam's log), alternating, with their ratio.
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import tempfile
import time
from pathlib import Path

import pexpect

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from etiquette_quiz.store import AnswerRecord, AttemptRecord, EventRecord, Store  # noqa: E402


def first_question(home: str) -> float:
    env = {**os.environ, "ETIQUETTE_QUIZ_HOME": home, "PROMPT_TOOLKIT_NO_CPR": "1", "TERM": "xterm"}
    env.pop("COLUMNS", None)
    started = time.perf_counter()
    child = pexpect.spawn(sys.executable, ["-m", "etiquette_quiz", "--lang", "en", "practice", "--bank",
                                           "phone-scripts", "--count", "1", "--seed", "1"],
                          env=env, dimensions=(30, 100), encoding="utf-8")
    child.expect("Question 1/1", timeout=30)
    child.expect(r"\?", timeout=30)  # the prompt under the question
    elapsed = time.perf_counter() - started
    child.terminate(force=True)
    return elapsed


def baseline() -> float:
    """The same stack imported in the same kind of pseudo-terminal, until it prints that it is done."""
    started = time.perf_counter()
    child = pexpect.spawn(sys.executable, ["-c", "import typer, questionary, rich.console, yaml; print('imported')"],
                          dimensions=(30, 100), encoding="utf-8")
    child.expect("imported", timeout=30)
    elapsed = time.perf_counter() - started
    child.expect(pexpect.EOF, timeout=30)
    return elapsed


def commit_times(count: int = 300) -> tuple[list[float], list[float]]:
    """(practice answers, exam answers), committed alternately to one store; an exam answer in two
    changes the one before it, as going back in an exam does."""
    with tempfile.TemporaryDirectory() as folder, Store(Path(folder) / "bench.sqlite3") as store:
        for attempt_id, mode in (("bench", "practice"), ("exam", "exam")):
            store.create_attempt(AttemptRecord(id=attempt_id, trainee="t", mode=mode, seed=1, lang="zh-CN", plan=[],
                                               bank_versions={}, feedback="immediate",
                                               started_at="2026-01-01T00:00:00Z"))
        practice, exam = [], []
        for position in range(count):
            answer = AnswerRecord(position, "phone-scripts/q", "phone-scripts", "0123456789abcdef",
                                  ["c0", "w1"], 0.5, 0.5, 1.0, 4.2, [])
            started = time.perf_counter()
            store.record_answer("bench", answer, elapsed=position * 4.2)
            practice.append(time.perf_counter() - started)
            answer.position = position // 2
            event = EventRecord("answer", "2026-01-01T00:00:01.000+00:00", position * 4.2, answer.position,
                                answer.response)
            started = time.perf_counter()
            store.save_exam_answer("exam", answer, event)
            exam.append(time.perf_counter() - started)
        return practice, exam


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--runs", type=int, default=15)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as home:
        Path(home, "config.toml").write_text('trainee = "benchmark"\n', encoding="utf-8")
        first_question(home)  # warm the disk cache, the bank cache and the store
        # Alternate the two, so that a machine slowing down or speeding up hits both alike.
        pairs = [(first_question(home), baseline()) for _ in range(args.runs)]
    ours = statistics.median(p[0] for p in pairs)
    base = statistics.median(p[1] for p in pairs)
    paired = statistics.median(p[0] / p[1] for p in pairs)
    print(f"(a) median of {args.runs} alternating runs, both in a pseudo-terminal")
    print(f"    python -c 'import typer, questionary, rich.console, yaml'  {base * 1000:6.0f} ms")
    print(f"    launch to first question on screen                      {ours * 1000:6.0f} ms"
          f"   ratio {ours / base:.2f}x, paired median {paired:.2f}x  (target <= 1.3x)")
    practice, exam = commit_times()
    for name, times in (("practice answer", practice), ("exam answer + log line", exam)):
        print(f"(b) commit one {name}: median {statistics.median(times) * 1000:.2f} ms, "
              f"p95 {sorted(times)[int(len(times) * 0.95)] * 1000:.2f} ms over {len(times)}  (target median <= 5 ms)")
    print(f"    exam / practice: {statistics.median(exam) / statistics.median(practice):.2f}x")


if __name__ == "__main__":
    main()
