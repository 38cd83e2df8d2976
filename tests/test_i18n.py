"""The interface strings: both languages for every key, the same placeholders, and no unused key."""

from __future__ import annotations

import re
import string
from pathlib import Path

import pytest

from etiquette_quiz.i18n import LANGUAGES, LINT, PROBLEMS, UI

PACKAGE = Path(__file__).resolve().parent.parent / "etiquette_quiz"
# Keys the code builds from a value (f"type.{qtype}") rather than writing out.
BUILT = ("type.", "mode.", "severity.", "word.", "noun.", "report.flag.", "xlsx.bank.", "export.col.", "feedback.how.", "feedback.right",
         "feedback.partial", "feedback.wrong")
BUILT += ("import.bad.", "import.word.")  # hardening: import problems, by their code (store/importcheck.py)


def placeholders(template: str) -> set[str]:
    return {name for _, name, _, _ in string.Formatter().parse(template) if name}


@pytest.mark.parametrize("key", sorted(UI))
def test_interface_string_in_both_languages_with_the_same_placeholders(key):
    entry = UI[key]
    assert set(entry) == set(LANGUAGES), f"{key} has {sorted(entry)}"
    assert placeholders(entry["en"]) == placeholders(entry["zh-CN"]), key
    assert all(text.strip() or key.endswith(".sep") for text in entry.values()), f"{key} is empty"


@pytest.mark.parametrize("code", sorted(PROBLEMS))
def test_problem_text_in_both_languages_with_the_same_placeholders(code):
    entry = PROBLEMS[code]
    assert set(entry) == set(LANGUAGES), code
    assert len(entry["en"]) == len(entry["zh-CN"]), f"{code}: a 'did you mean' fix exists in one language only"
    for en, zh in zip(entry["en"], entry["zh-CN"], strict=True):
        assert placeholders(en) == placeholders(zh), code


def _source() -> str:
    return "\n".join(path.read_text(encoding="utf-8") for path in PACKAGE.rglob("*.py") if path.name != "i18n.py")


def test_every_interface_string_is_used():
    source = _source()
    quoted = set(re.findall(r"[\"']([a-z][a-z0-9-]*(?:\.[a-z0-9-]+)+)[\"']", source))
    unused = [key for key in UI if key not in quoted and not key.startswith(BUILT)]
    assert unused == []


def test_every_problem_code_is_used():
    source = _source()
    unused = [code for code in PROBLEMS if f'"{code}"' not in source]
    assert unused == []


def test_every_key_the_code_names_exists():
    source = _source()
    named = set(re.findall(r"\bt\(\s*\"([a-z][a-z0-9-]*(?:\.[a-z0-9-]+)+)\"", source))
    named |= set(re.findall(r"Error\(\s*\"([a-z][a-z0-9-]*(?:\.[a-z0-9-]+)+)\"", source))
    named |= set(re.findall(r"(?:Notice|InvalidInput)\(\s*\"([a-z][a-z0-9-]*(?:\.[a-z0-9-]+)+)\"", source))
    assert sorted(named - set(UI)) == []


def test_counts_read_naturally():
    """English strings say a count without a '(s)' guess: `{count:question|questions}` picks the form."""
    texts = [(key, entry["en"]) for key, entry in UI.items()]
    texts += [(code, text) for table in (PROBLEMS, LINT) for code, entry in table.items() for text in entry["en"]]
    assert [key for key, text in texts if "(s)" in text] == []
