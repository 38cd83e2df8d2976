"""The layers hold: the core imports no terminal library, and only store/ speaks SQL."""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

import pytest

PACKAGE = Path(__file__).resolve().parent.parent / "etiquette_quiz"
TERMINAL = ("rich", "questionary", "typer", "prompt_toolkit", "click")
CORE = (
    "etiquette_quiz.model", "etiquette_quiz.errors", "etiquette_quiz.problems", "etiquette_quiz.banks",
    "etiquette_quiz.banks.cache", "etiquette_quiz.banks.schema", "etiquette_quiz.grading", "etiquette_quiz.session",
    "etiquette_quiz.attempts", "etiquette_quiz.trainees", "etiquette_quiz.review", "etiquette_quiz.progress",
    "etiquette_quiz.report", "etiquette_quiz.responses", "etiquette_quiz.store", "etiquette_quiz.store.merge",
    "etiquette_quiz.paths", "etiquette_quiz.i18n",
)


@pytest.mark.parametrize("module", CORE)
def test_core_module_loads_no_terminal_library(module):
    code = (f"import sys, {module}; "
            f"print(sorted({{m.split('.')[0] for m in sys.modules}} & set({TERMINAL!r})))")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout
    assert out.strip() == "[]", f"{module} pulls in {out.strip()}"


SQL = re.compile(r"\b(SELECT\s+\S|INSERT\s+INTO|UPDATE\s+\w+\s+SET|DELETE\s+FROM|CREATE\s+(TABLE|INDEX))")


def test_only_the_store_package_holds_sql():
    offenders = []
    for path in PACKAGE.rglob("*.py"):
        relative = path.relative_to(PACKAGE).as_posix()
        if relative.startswith("store/"):
            continue
        text = path.read_text(encoding="utf-8")
        if SQL.search(text) or ".execute(" in text:
            offenders.append(relative)
    assert offenders == []


def test_imports_flow_one_way():
    """The core never imports the front ends (ui, cli) or the exports."""
    pattern = re.compile(r"^\s*(?:from|import)\s+(?:etiquette_quiz|\.+)\.?(ui|cli|exports)\b", re.MULTILINE)
    offenders = []
    for path in PACKAGE.rglob("*.py"):
        relative = path.relative_to(PACKAGE).as_posix()
        if relative.split("/")[0] in ("ui", "cli", "exports", "__main__.py"):
            continue
        if pattern.search(path.read_text(encoding="utf-8")):
            offenders.append(relative)
    assert offenders == []
