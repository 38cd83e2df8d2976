"""Benchmark: loading and validating banks, and the start-up of the command line.

    python benchmarks/load_bank.py [--questions 10000] [--runs 11]

Prints
  (a) load+validate of a generated bank (every question type, Chinese text) against a bare
      `yaml.load(..., Loader=CSafeLoader)` of the same file, in this process, as a ratio;
  (b) `etiquette-quiz --help` (in English, and in Chinese with --lang zh-CN) and
      `etiquette-quiz bank validate <small bank>` as whole processes against `python -c "import typer"`,
      as ratios of medians.
Targets (issue 2): (a) <= 1.5x; (b) --help <= 1.2x, small-bank validate <= 1.6x. The Chinese help reads the
string tables and the display-width line breaker (issue 13), which English help never imports.
"""

from __future__ import annotations

import argparse
import random
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from etiquette_quiz.banks import load_file  # noqa: E402

WORDS = ("仪容", "仪表", "站姿", "坐姿", "走姿", "手势", "眼神", "名片", "电话", "用语", "服务", "禁语", "客户", "微笑",
         "接听", "礼貌", "规范", "请稍等", "您好", "谢谢", "再见", "投诉", "致歉", "记录", "回访")
TYPES = ("single", "multi", "truefalse", "order", "fill", "script", "match")


def generate_bank(questions: int, seed: int = 1) -> str:
    """A valid bank of `questions` questions cycling through every type, half of them translated."""
    rng = random.Random(seed)

    def words(n: int) -> str:
        return "".join(rng.choice(WORDS) for _ in range(n))

    rules = max(1, questions // 50)
    out = ["bank: benchmark", "title: {zh-CN: 基准题库, en: Benchmark bank}", "version: 1",
           "sources:", "  - id: s003", "    title: 客户服务规范流程", "rules:"]
    for i in range(rules):
        out += [f"  - id: r{i}", f"    text: {words(12)}", f"    source: s003 第{i}节"]
    out.append("questions:")
    for i in range(questions):
        qtype = TYPES[i % len(TYPES)]
        out += [f"  - id: q{i}", f"    type: {qtype}", f"    rule: r{i % rules}", f"    difficulty: {i % 3 + 1}",
                f"    tags: [{words(1)}, 情景]"]
        if qtype == "fill":
            out.append(f"    prompt: {words(4)}___，{words(3)}___。")
        else:
            out.append(f"    prompt:\n      zh-CN: {words(8)}？\n      en: \"Question {i}: what should you do?\"")
        out.append(f"    explain: {words(15)}")
        if qtype == "single":
            out += [f"    correct: {words(3)}甲", "    wrong:", f"      - {words(3)}乙",
                    f"      - text: {words(3)}丙", f"        feedback: {words(8)}", f"      - {words(3)}丁"]
        elif qtype == "multi":
            out += [f"    correct: [{words(2)}甲, {words(2)}乙]", f"    wrong: [{words(2)}丙, {words(2)}丁]"]
        elif qtype == "truefalse":
            out.append(f"    answer: {'true' if i % 2 else 'false'}")
        elif qtype == "order":
            out += ["    steps:"] + [f"      - {words(3)}{k}" for k in range(4)]
        elif qtype == "fill":
            out += ["    blanks:", f"      - {words(1)}", f"      - [{words(1)}, {words(1)}]"]
        elif qtype == "script":
            out += [f"    scenario: {words(10)}", "    must:", "      - [您好, 你好]", "      - 请稍等",
                    "    never: [喂, 不知道]", f"    model: 您好，请稍等，{words(6)}。"]
        else:
            out += ["    pairs:"] + [f"      - [{words(2)}{k}, {words(3)}{k}]" for k in range(3)]
            out.append(f"    wrong: [{words(3)}x]")
    return "\n".join(out) + "\n"


def best_of(func, runs: int) -> float:
    times = []
    for _ in range(runs):
        started = time.perf_counter()
        func()
        times.append(time.perf_counter() - started)
    return statistics.median(times)


def process_medians(commands: list[list[str]], runs: int) -> list[float]:
    """Median wall time of each command, run in turn round after round so drift hits all alike."""
    times: list[list[float]] = [[] for _ in commands]
    for _ in range(runs):
        for command, samples in zip(commands, times, strict=False):
            started = time.perf_counter()
            subprocess.run(command, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, check=False)
            samples.append(time.perf_counter() - started)
    return [statistics.median(samples) for samples in times]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--questions", type=int, default=10_000)
    parser.add_argument("--runs", type=int, default=21)
    args = parser.parse_args()

    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "benchmark.yaml"
        path.write_text(generate_bank(args.questions), encoding="utf-8")
        result = load_file(path)
        errors = [p for p in result.problems if p.severity == "error"]
        assert not errors, errors[0].format("en")
        assert len(result.document.questions) == args.questions

        loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
        runs = max(3, args.runs // 2)
        bare = best_of(lambda: yaml.load(path.read_text(encoding="utf-8"), Loader=loader), runs)
        ours = best_of(lambda: load_file(path), runs)
        size = path.stat().st_size / 1e6
        print(f"(a) {args.questions} questions, {size:.1f} MB, loader {loader.__name__}")
        print(f"    bare yaml.load        {bare * 1000:8.0f} ms")
        print(f"    load + validate       {ours * 1000:8.0f} ms   ratio {ours / bare:.2f}x  (target <= 1.5x)")

    exe = shutil.which("etiquette-quiz") or str(Path(sys.executable).parent / "etiquette-quiz")
    small = str(ROOT / "tests" / "data" / "sample-bank.yaml")
    baseline, help_time, zh_help_time, validate_time = process_medians(
        [[sys.executable, "-c", "import typer"], [exe, "--help"], [exe, "--lang", "zh-CN", "--help"],
         [exe, "bank", "validate", small]], args.runs)
    print(f"(b) whole processes, median of {args.runs}")
    print(f"    python -c 'import typer'          {baseline * 1000:6.0f} ms")
    print(f"    etiquette-quiz --help             {help_time * 1000:6.0f} ms   "
          f"ratio {help_time / baseline:.2f}x  (target <= 1.2x)")
    print(f"    etiquette-quiz --lang zh-CN --help {zh_help_time * 1000:5.0f} ms   "
          f"ratio {zh_help_time / baseline:.2f}x")
    print(f"    etiquette-quiz bank validate small {validate_time * 1000:5.0f} ms   "
          f"ratio {validate_time / baseline:.2f}x  (target <= 1.6x)")


if __name__ == "__main__":
    main()
