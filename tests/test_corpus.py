"""Every malformed file of tests/corpus is rejected with its problem on the marked line.

A line ending in `# <- code` must produce a problem with that code on that line; files
named warn-* hold warnings, which fail only with --strict.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from etiquette_quiz.banks import load_paths
from etiquette_quiz.problems import ERROR, WARNING

from .conftest import CORPUS

MARK = re.compile(r"# <- ([a-z0-9-]+)\s*$")
ENTRIES = sorted(p for p in CORPUS.iterdir() if p.suffix == ".yaml" or p.is_dir())


def expected_problems(entry: Path) -> set[tuple[str, int, str]]:
    files = [entry] if entry.is_file() else sorted(entry.glob("*.yaml"))
    out = set()
    for path in files:
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
            match = MARK.search(line)
            if match and match.group(1) != "code":
                out.add((path.name, number, match.group(1)))
    return out


@pytest.mark.parametrize("entry", ENTRIES, ids=lambda p: p.stem)
def test_marked_problems_are_reported_on_their_lines(entry: Path):
    expected = expected_problems(entry)
    assert expected, f"{entry} marks no problem"
    result = load_paths([entry])
    found = {(Path(p.path).name, p.line, p.code) for p in result.problems}
    assert expected <= found, f"missing {sorted(expected - found)}; reported {sorted(found)}"
    severity = WARNING if entry.name.startswith("warn-") else ERROR
    for name, line, code in expected:
        problem = next(p for p in result.problems if (Path(p.path).name, p.line, p.code) == (name, line, code))
        assert problem.severity == severity
        for lang in ("en", "zh-CN"):
            what, fix = problem.message(lang).split(" — ", 1)
            assert what and fix  # every message says what is wrong and how to fix it


@pytest.mark.parametrize("entry", ENTRIES, ids=lambda p: p.stem)
def test_cli_exits_1_naming_file_and_line(entry: Path, run):
    expected = expected_problems(entry)
    strict = entry.name.startswith("warn-")
    result = run("--lang", "en", "bank", "validate", *(["--strict"] if strict else []), str(entry))
    assert result.exit_code == 1
    assert "Traceback" not in result.output
    for name, line, _ in expected:
        assert re.search(rf"{re.escape(name)}:{line}:\d+: (error|warning): ", result.output), result.output


@pytest.mark.parametrize("entry", [e for e in ENTRIES if e.name.startswith("warn-")], ids=lambda p: p.stem)
def test_warnings_alone_pass_without_strict(entry: Path, run):
    result = run("--lang", "en", "bank", "validate", str(entry))
    assert result.exit_code == 0
    assert ": warning: " in result.output
