"""Benchmark: `bank lint` on the bundled banks against `bank validate` of the same files, in the same run.

    python benchmarks/bank_lint.py [--banks DIR] [--sources DIR] [--runs 7]

Prints
  (a) in this process: loading and validating the banks (what `bank validate` does) against loading
      plus lint, and plus lint with the manuals (--sources) and the coverage map, as ratios of medians;
  (b) whole processes: `etiquette-quiz bank validate DIR` against `bank lint DIR` and
      `bank lint DIR --sources MANUALS --coverage`, as ratios of medians, wall clock and CPU time.
Target (issue 14): `bank lint` runs in under 1 s on the bundled set (judged on CPU time, which
other work on the machine does not inflate).
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from etiquette_quiz.banks import load_paths  # noqa: E402
from etiquette_quiz.banks.lint import lint_loaded  # noqa: E402
from etiquette_quiz.banks.manuals import read_manuals  # noqa: E402


def median_time(func, runs: int) -> float:
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        func()
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def command_time(args: list[str], runs: int) -> tuple[float, float]:
    """Median wall-clock and CPU (user + system) seconds of a whole `etiquette-quiz` process.

    CPU time is what the process itself costs; on a machine busy with other work the wall-clock
    time also counts the waiting.
    """
    command = [sys.executable, "-m", "etiquette_quiz", "--lang", "en", *args]

    def run() -> tuple[float, float]:
        start = time.perf_counter()
        child = subprocess.Popen(command, cwd=ROOT, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        _, _, usage = os.wait4(child.pid, 0)
        return time.perf_counter() - start, usage.ru_utime + usage.ru_stime

    run()  # warm the file cache
    samples = [run() for _ in range(runs)]
    return statistics.median(w for w, _ in samples), statistics.median(c for _, c in samples)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--banks", type=Path, default=ROOT / "banks")
    parser.add_argument("--sources", type=Path, default=ROOT / "manuals")
    parser.add_argument("--runs", type=int, default=7)
    args = parser.parse_args()

    result = load_paths([args.banks])
    report = lint_loaded(result, read_manuals(args.sources), True)  # also imports rapidfuzz once
    questions = sum(len(b.questions) for b in result.library.banks)
    print(f"{len(result.files)} files, {questions} questions in {args.banks}; "
          f"{len(report.findings)} findings with --sources")

    validate = median_time(lambda: load_paths([args.banks]), args.runs)
    lint = median_time(lambda: lint_loaded(load_paths([args.banks])), args.runs)
    sourced = median_time(lambda: lint_loaded(load_paths([args.banks]), read_manuals(args.sources), True), args.runs)
    print("(a) in process, median of", args.runs)
    print(f"    validate                    {validate * 1000:7.1f} ms")
    print(f"    lint                        {lint * 1000:7.1f} ms   {lint / validate:4.1f}x validate")
    print(f"    lint --sources --coverage   {sourced * 1000:7.1f} ms   {sourced / validate:4.1f}x validate")

    banks = str(args.banks)
    validate_cmd = command_time(["bank", "validate", banks], args.runs)
    lint_cmd = command_time(["bank", "lint", banks], args.runs)
    sourced_cmd = command_time(["bank", "lint", banks, "--sources", str(args.sources), "--coverage"], args.runs)
    print("(b) whole command, median of", args.runs, "(wall clock / CPU)")
    for name, (wall, cpu) in (("bank validate", validate_cmd), ("bank lint", lint_cmd),
                              ("bank lint --sources --coverage", sourced_cmd)):
        ratio = "" if name == "bank validate" else (
            f"   {wall / validate_cmd[0]:4.1f}x / {cpu / validate_cmd[1]:4.1f}x validate")
        print(f"    {name:32} {wall:5.2f} s / {cpu:5.2f} s{ratio}")
    verdict = "met" if max(lint_cmd[1], sourced_cmd[1]) < 1.0 else "MISSED"
    print(f"target < 1 s of CPU for the whole command: {verdict}")


if __name__ == "__main__":
    main()
