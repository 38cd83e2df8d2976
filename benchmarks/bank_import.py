"""Benchmark: importing a 5,000-row Excel sheet against validating the YAML bank it becomes.

    python benchmarks/bank_import.py [--questions 5000] [--runs 7]

A bank of every question type (half of it translated, as load_bank.py makes it) is exported to
.xlsx through `bank export`'s writer: one row per question, translation columns included. Prints
  (a) in this process: `import_files` (read the sheet, build, write the YAML, validate it)
      against `load_file` of the YAML it wrote (what `bank validate` does), median of --runs;
  (b) whole processes: `etiquette-quiz bank import sheet.xlsx --out DIR` against
      `etiquette-quiz bank validate DIR/benchmark.yaml`, median of --runs, in wall-clock and in CPU
      time (on a shared machine the wall clock also measures waiting for a processor).
Target (issue 15): the import takes under 2x the validation, in both.
"""

from __future__ import annotations

import argparse
import shutil
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "benchmarks"))

from load_bank import best_of, generate_bank  # noqa: E402

from etiquette_quiz.banks import load_file  # noqa: E402
from etiquette_quiz.formats.exporting import export_bank  # noqa: E402
from etiquette_quiz.formats.importing import import_files  # noqa: E402


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--questions", type=int, default=5000)
    parser.add_argument("--runs", type=int, default=7)
    args = parser.parse_args()

    with tempfile.TemporaryDirectory() as folder:
        base = Path(folder)
        source = base / "source.yaml"
        source.write_text(generate_bank(args.questions), encoding="utf-8")
        bank = load_file(source).document
        assert bank is not None and len(bank.questions) == args.questions
        sheet = base / "benchmark.xlsx"
        started = time.perf_counter()
        export_bank(bank, "xlsx", str(sheet), "zh-CN")
        exported = time.perf_counter() - started

        out = base / "out"
        [report] = import_files([sheet], out)
        assert report.yaml_text is not None and report.written == args.questions, report.errors[:1]
        written = out / "benchmark.yaml"
        out.mkdir()
        written.write_text(report.yaml_text, encoding="utf-8")

        importing = best_of(lambda: import_files([sheet], out), args.runs)
        validating = best_of(lambda: load_file(written), args.runs)
        print(f"(a) {args.questions} rows, {sheet.stat().st_size / 1e6:.1f} MB sheet (written in {exported:.1f} s), "
              f"{written.stat().st_size / 1e6:.1f} MB YAML; median of {args.runs}")
        print(f"    load + validate the YAML    {validating * 1000:7.0f} ms")
        print(f"    import the sheet            {importing * 1000:7.0f} ms   ratio {importing / validating:.2f}x  "
              "(target < 2x)")

        exe = shutil.which("etiquette-quiz") or str(Path(sys.executable).parent / "etiquette-quiz")
        commands = [[exe, "bank", "validate", str(written)],
                    [exe, "bank", "import", str(sheet), "--out", str(base / "cli")]]
        (validate_wall, import_wall), (validate_cpu, import_cpu) = process_times(commands, args.runs)
        print(f"(b) whole processes, median of {args.runs}: wall clock, and CPU time (steadier on a busy machine)")
        for name, wall, cpu in (("validate", validate_wall, validate_cpu), ("import  ", import_wall, import_cpu)):
            print(f"    etiquette-quiz bank {name}  {wall * 1000:6.0f} ms wall  {cpu * 1000:6.0f} ms CPU")
        print(f"    ratio {import_wall / validate_wall:.2f}x wall, {import_cpu / validate_cpu:.2f}x CPU  (target < 2x)")


def process_times(commands: list[list[str]], runs: int) -> tuple[list[float], list[float]]:
    """Median wall and CPU (user + system) time of each command, run in turn round after round."""
    import resource
    import statistics
    import subprocess

    wall: list[list[float]] = [[] for _ in commands]
    cpu: list[list[float]] = [[] for _ in commands]
    for _ in range(runs):
        for command, wall_samples, cpu_samples in zip(commands, wall, cpu, strict=True):
            before = resource.getrusage(resource.RUSAGE_CHILDREN)
            started = time.perf_counter()
            subprocess.run(command, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, check=False)
            wall_samples.append(time.perf_counter() - started)
            after = resource.getrusage(resource.RUSAGE_CHILDREN)
            cpu_samples.append(after.ru_utime - before.ru_utime + after.ru_stime - before.ru_stime)
    return [statistics.median(s) for s in wall], [statistics.median(s) for s in cpu]


if __name__ == "__main__":
    main()
