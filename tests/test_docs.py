"""Every command has help text and a line in the README, so the docs cannot drift."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from etiquette_quiz.cli import app, bank_app, results_app

README = (Path(__file__).resolve().parent.parent / "README.md").read_text(encoding="utf-8")
COMMANDS = [("", c) for c in app.registered_commands] + [("bank ", c) for c in bank_app.registered_commands] + [
    ("results ", c) for c in results_app.registered_commands]


@pytest.mark.parametrize(("group", "command"), COMMANDS, ids=lambda v: getattr(v, "name", None) or str(v))
def test_command_is_documented(group, command):
    name = command.name or command.callback.__name__
    assert command.callback.__doc__, f"{group}{name} has no help text"
    assert f"etiquette-quiz {group}{name}" in README, f"README does not mention `etiquette-quiz {group}{name}`"


def test_readme_gives_exactly_two_set_up_commands():
    section = README.split("## Set-up on a fresh machine", 1)[1].split("\n## ", 1)[0]
    commands = [line for line in section.splitlines() if line.startswith("python3 -m venv")]
    assert commands == [
        "python3 -m venv .venv && . .venv/bin/activate && pip install . && etiquette-quiz",
        "python3 -m venv .venv && . .venv/bin/activate && pip install -e '.[test]' && python -m pytest",
    ]
    ci = (Path(__file__).resolve().parent.parent / ".ci" / "run").read_text(encoding="utf-8")
    # CI runs the README's test command, step by step (with the static checks before the tests).
    at = 0
    for step in commands[1].split(" && "):
        found = ci.find(step, at)
        assert found >= 0, f".ci/run does not run `{step}` after the previous step"
        at = found + len(step)


def test_the_code_map_names_modules_that_exist():
    root = Path(__file__).resolve().parent.parent
    text = (root / "docs" / "ARCHITECTURE.md").read_text(encoding="utf-8")
    named = set(re.findall(r"`(etiquette_quiz/[\w/]+(?:\.py)?)`", text))
    assert len(named) >= 15
    missing = [name for name in named if not (root / name).exists()]
    assert missing == []
    listed = {path.relative_to(root).as_posix() for path in (root / "etiquette_quiz").glob("*.py")
              if path.name not in ("__init__.py", "__main__.py")}
    packages = {path.parent.relative_to(root).as_posix() + "/" for path in (root / "etiquette_quiz").glob("*/__init__.py")}
    # every top-level module and package is on the map (matching.py is named beside grading.py)
    unmapped = sorted(name for name in listed | packages
                      if name not in named and Path(name).name not in text)
    assert unmapped == []


def test_every_command_lists_its_exit_codes_and_the_codes_are_exitcode():
    from etiquette_quiz.errors import ExitCode

    section = README.split("### Exit codes", 1)[1].split("\n### ", 1)[0]
    general, by_command = section.split("By command", 1)
    assert {int(code) for code in re.findall(r"^\| (\d+) \|", general, re.MULTILINE)} == {c.value for c in ExitCode}
    rows = dict(re.findall(r"^\| `etiquette-quiz ?([^`]*)` [^|]*\| (.+) \|$", by_command, re.MULTILINE))
    for group, command in COMMANDS:
        name = command.name or command.callback.__name__
        assert f"{group}{name}" in rows, f"`etiquette-quiz {group}{name}` has no row in README's exit codes by command"
    codes = {int(code) for cell in rows.values() for code in re.findall(r"(?:^|· )(\d+)\b", cell)}
    assert codes <= {c.value for c in ExitCode}


def test_the_reliability_table_names_tests_and_cases_that_exist():
    """docs/RELIABILITY.md says which test keeps each row of the reliability report: those tests exist."""
    root = Path(__file__).resolve().parent.parent
    rows = [line for line in (root / "docs" / "RELIABILITY.md").read_text(encoding="utf-8").splitlines()
            if re.match(r"\| \d[a-n]", line)]
    assert len(rows) >= 25
    missing = []
    for row in rows:
        kept_by = row.rstrip(" |").rsplit(" | ", 1)[1]
        module = test = None
        # `file.py::test[case]`, then `::test` (same file) or `[case]` (same test)
        for file, name, case in re.findall(r"`(?:(test_\w+\.py))?(?:::(\w+))?(?:\[([^\]]+)\])?`", kept_by):
            module = file or module
            test = name or test
            source = (root / "tests" / str(module)).read_text(encoding="utf-8")
            if f"def {test}(" not in source or (case and f'"{case}"' not in source):
                missing.append((row[:5], module, test, case))
    assert missing == []
