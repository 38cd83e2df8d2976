"""BUG-9: a bank is valid or invalid whether or not PyYAML has libyaml.

Without libyaml the loader falls back to yamlsafe.LibyamlCompatibleLoader; these tests run both on
every YAML file the project holds (the bundled banks, the test corpus, the examples in the docs) and
on generated flow texts full of the characters the two scanners used to read differently.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest
import yaml
from hypothesis import given, settings
from hypothesis import strategies as st

from etiquette_quiz.banks import load_file, yamlsafe
from etiquette_quiz.banks.yamlsafe import LibyamlCompatibleLoader

ROOT = Path(__file__).resolve().parent.parent
C_LOADER = getattr(yaml, "CSafeLoader", None)
pytestmark = pytest.mark.skipif(C_LOADER is None, reason="this PyYAML has no libyaml to compare with")

FILES = sorted({*ROOT.glob("banks/*.yaml"), *ROOT.glob("tests/corpus/**/*.yaml"), *ROOT.glob("tests/data/*.yaml")})


def shape(node):
    """A node tree as plain data: tags, values and positions (the style of a scalar is a detail)."""
    if node is None:
        return None
    if isinstance(node, yaml.ScalarNode):
        if node.value == "" and node.style in (None, ""):  # an empty value: the scanners place it differently
            return (node.tag, "")
        return (node.tag, node.value, node.start_mark.line, node.start_mark.column)
    if isinstance(node, yaml.SequenceNode):
        return (node.tag, [shape(child) for child in node.value])
    return (node.tag, [(shape(key), shape(value)) for key, value in node.value])


def compose(text: str, loader):
    """What a loader reads from `text`: its node tree, or "error" (the scanners may place an error at the
    end of the file a line apart; the bank files' problems are compared with their lines above)."""
    try:
        return shape(yaml.compose(text, Loader=loader))
    except yaml.YAMLError:
        return ("error",)


def checked(path: Path, loader, monkeypatch):
    monkeypatch.setattr(yamlsafe, "_Loader", loader)
    result = load_file(path)
    problems = [(p.code, p.line, p.col) for p in result.problems]
    document = result.document
    return problems, None if document is None else (type(document).__name__, document.id,
                                                    getattr(document, "content_hash", None),
                                                    [q.key for q in getattr(document, "questions", ())])


@pytest.mark.parametrize("path", FILES, ids=lambda p: str(p.relative_to(ROOT)))
def test_every_file_reads_the_same_with_and_without_libyaml(path, monkeypatch):
    assert checked(path, LibyamlCompatibleLoader, monkeypatch) == checked(path, C_LOADER, monkeypatch)


def documented_examples() -> list[str]:
    """The YAML blocks of the README and the bank format, which trainers copy."""
    blocks = []
    for doc in (ROOT / "README.md", ROOT / "docs" / "BANK-FORMAT.md"):
        blocks += re.findall(r"```yaml\n(.*?)```", doc.read_text(encoding="utf-8"), flags=re.S)
    return blocks


@pytest.mark.parametrize("block", documented_examples())
def test_the_documented_examples_read_the_same(block):
    assert compose(block, LibyamlCompatibleLoader) == compose(block, C_LOADER)


@pytest.mark.parametrize("text", [
    "prompt: {zh-CN: 最迟响几声必须接听？, en: By which ring at the latest must you answer?}",  # the README's
    "p: {en: what? yes}", "p: [a?, b?c]", "p: {en: x ? y}", "a:\tb", "{a:\tb}", "[a,\tb]", "a: b\t# c",
    "a: b\tc", "- a\t\n- b", "p: {en: x?\n  y}",
])
def test_the_known_differences_are_gone(text):
    assert compose(text, LibyamlCompatibleLoader) == compose(text, C_LOADER)
    assert compose(text, LibyamlCompatibleLoader)[0] != "error"


def test_a_tab_that_breaks_the_indentation_is_reported_as_a_tab(tmp_path, monkeypatch):
    """POLISH-11: libyaml's "found a tab character that violates indentation" reads as the tab message."""
    bank = tmp_path / "tab.yaml"
    bank.write_text("bank: t\ntitle: x\nquestions:\n  - id: a\n    prompt: one\n\ttwo\n", encoding="utf-8")
    for loader in (C_LOADER, LibyamlCompatibleLoader):
        monkeypatch.setattr(yamlsafe, "_Loader", loader)
        codes = [p.code for p in load_file(bank).problems]
        assert codes == ["yaml-tab"], (loader, codes)


# What trainers write inside a text: words, Chinese, question marks, colons, hashes, tabs, quotes, dashes.
# Brackets, tags and commas are structure, not text (a comma in a {…} text is reported as comma-in-flow);
# the bank files above cover the structure trainers write.
PIECES = st.sampled_from(["a", "b", "Q", "问", "？", "?", "?a", " ?", ":", ":a", ": ", " ", "\t", "#", " #",
                          "-", "- ", "'", "\"", "x?y", "100%", "\n  ", "\n", "&", "*", "|", ">", "…", "—"])


@settings(max_examples=500, deadline=None)
@given(st.sampled_from(["a", "问", "Q1"]), st.lists(PIECES, max_size=12).map("".join))
def test_generated_texts_read_the_same(first, rest):
    inside = first + rest  # a text starts with a word; one starting with `?` or `-` is structure
    for text in (f"p: {{en: {inside}, zh-CN: 中}}", f"p: [{inside}, b]", f"p: {inside}", f"- {inside}\n- z",
                 f"p:\n  - {inside}\n  - z"):
        assert compose(text, LibyamlCompatibleLoader) == compose(text, C_LOADER), text
