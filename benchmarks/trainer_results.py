"""Benchmark: trainers' report and exports on a store of 1,000,000 answers.

    python benchmarks/trainer_results.py [--keep PATH] [--runs 3]

Builds (or reuses, with --keep) the store of benchmarks/progress_store.py (1,000 trainees x
50 attempts x 20 answers), then runs as whole processes, each in a fresh parent so that its
peak memory is its own:
  report                                   target <= 3 s
  export --format csv --level answer       target >= 200,000 rows/s
  export --format xlsx (100,000 answers)   target <= 15 s
and checks every one stays under 500 MB.
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from benchmarks.progress_store import build  # noqa: E402

MEASURE = ("import resource, subprocess, sys, time; t = time.perf_counter(); "
           "code = subprocess.run(sys.argv[1:], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL).returncode; "
           "print(time.perf_counter() - t, resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss, code)")


def measure(command: list[str], env: dict[str, str]) -> tuple[float, float]:
    """Wall time (s) and peak memory (MB) of one process."""
    out = subprocess.run([sys.executable, "-c", MEASURE, *command], env=env, capture_output=True, text=True,
                         check=True).stdout.split()
    assert out[2] == "0", f"{command} failed"
    return float(out[0]), int(out[1]) / 1024


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--keep", type=Path, help="build (or reuse) the store at this path")
    parser.add_argument("--runs", type=int, default=3)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as folder:
        path = args.keep or Path(folder) / "million.sqlite3"
        if not path.exists():
            build(path, 1000, 50, 20)
        env = {**os.environ, "ETIQUETTE_QUIZ_HOME": folder, "COLUMNS": "100"}
        exe = [sys.executable, "-m", "etiquette_quiz", "--db", str(path)]
        measure(exe + ["report"], env)  # upgrade the store, warm the bank cache and the page cache
        out = Path(folder)
        jobs = {
            "report": exe + ["report"],
            "export csv (1,000,000 answers)": exe + ["export", "--format", "csv", "--level", "answer",
                                                     "--out", str(out / "a.csv")],
            "export xlsx (100,000 answers)": exe + ["export", "--format", "xlsx", "--since", "2026-01-01",
                                                    "--until", "2026-01-05", "--out", str(out / "a.xlsx")],
            "report --html": exe + ["report", "--html", str(out / "r.html")],
            "--help (start-up)": [sys.executable, "-m", "etiquette_quiz", "--help"],
        }
        results = {}
        for name, command in jobs.items():
            runs = [measure(command, env) for _ in range(args.runs)]
            results[name] = (statistics.median(r[0] for r in runs), max(r[1] for r in runs))
        print(f"medians of {args.runs} runs (peak memory: the largest run)")
        for name, (seconds, memory) in results.items():
            print(f"  {name:34s} {seconds:6.2f} s  {memory:6.0f} MB")
        csv_time = results["export csv (1,000,000 answers)"][0]
        print(f"  csv rate: {1_000_000 / csv_time:,.0f} rows/s for the whole process "
              f"({1_000_000 / (csv_time - results['--help (start-up)'][0]):,.0f} rows/s after start-up)"
              "  (target >= 200,000)")


if __name__ == "__main__":
    main()
