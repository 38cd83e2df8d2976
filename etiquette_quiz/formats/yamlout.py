"""Plain bank data -> YAML a trainer can read and edit, with where each value was written.

The output follows the bundled banks' style: block mappings and lists, keys in the contract's
order, short values (translations `{zh-CN: …, en: …}`, lists of phrases) on one line, long
ones as block mappings. Scalars are written plain when YAML would read them back as the same
text, else double-quoted. `positions` maps each value's (line, column) — where PyYAML puts its
node's start mark — to the value's path, so the validator's problems can be traced back.
"""

from __future__ import annotations

import json
import re
from typing import Any

from yaml.nodes import ScalarNode
from yaml.resolver import Resolver

from .draft import KeyPath, ordered_data

BANK_ORDER = ("bank", "title", "language", "version", "description", "matching", "sources", "rules", "questions")
SOURCE_ORDER = ("id", "title", "url")
RULE_ORDER = ("id", "text", "source", "quote")
QUESTION_ORDER = (
    "id", "type", "rule", "rules", "difficulty", "points", "scoring", "tags", "scenario", "prompt",
    "correct", "wrong", "answer", "steps", "blanks", "pairs", "must", "should", "never", "model", "explain",
    "examples", "matching",
)
WIDTH = 110  # characters on a line before a value goes to block style

_STR = "tag:yaml.org,2002:str"
_RESOLVER = Resolver()
# The first characters with which a plain scalar may read as something other than text.
_IMPLICIT = frozenset(c for c in _RESOLVER.yaml_implicit_resolvers if c is not None)
_INDICATORS = frozenset("-?:,[]{}#&*!|>'\"%@`")
_FLOW_UNSAFE = re.compile(r"[,\[\]{}]")
_UNSAFE = re.compile(r"[\x00-\x1f\x7f-\x9f\u2028\u2029\ufeff]|: |\s#|:\Z")
_LANG_KEY = re.compile(r"[A-Za-z]{2,3}(?:-[A-Za-z0-9]{2,8})*\Z")


def scalar(value: Any, flow: bool = False) -> str:
    """One scalar as YAML: plain when it reads back as itself, else double-quoted."""
    if value is True:
        return "true"
    if value is False:
        return "false"
    if isinstance(value, int):
        return str(value)
    if isinstance(value, float):
        return str(int(value)) if value.is_integer() else repr(value)
    text = str(value)
    if (
        text and text == text.strip() and text[0] not in _INDICATORS and not _UNSAFE.search(text)
        and not (flow and _FLOW_UNSAFE.search(text))
        and (text[0] not in _IMPLICIT or _resolve(text) == _STR)
    ):
        return text
    # JSON's double-quoted form is YAML's; YAML also breaks lines at U+2028/2029/0085.
    quoted = json.dumps(text, ensure_ascii=False)
    return quoted.replace("\u2028", "\\L").replace("\u2029", "\\P").replace("\x85", "\\N")


def _resolve(text: str) -> str:
    """The tag YAML gives a plain scalar (PyYAML's resolver has no type annotations)."""
    tag: str = _RESOLVER.resolve(ScalarNode, text, (True, False))  # type: ignore[no-untyped-call]
    return tag


def _is_scalar(value: Any) -> bool:
    return not isinstance(value, (dict, list, tuple))


class _Writer:
    def __init__(self) -> None:
        self.lines: list[str] = []
        self.positions: dict[tuple[int, int], KeyPath] = {}

    def mark(self, line: int, col: int, path: KeyPath) -> None:
        self.positions.setdefault((line, col), path)

    def flow(self, value: Any, path: KeyPath, col: int, marks: list[tuple[int, KeyPath]]) -> str:
        """A value on one line; `marks` gets (1-based column, path) of each part, to keep if the line is used."""
        marks.append((col + 1, path))
        if _is_scalar(value):
            return scalar(value, flow=True)
        parts: list[str] = []
        pos = col + 1  # after the opening bracket
        if isinstance(value, dict):
            for key, item in value.items():
                head = f"{key}: "
                part = head + self.flow(item, path + (key,), pos + len(head), marks)
                parts.append(part)
                pos += len(part) + 2
            return "{" + ", ".join(parts) + "}"
        for index, item in enumerate(value):
            rendered = self.flow(item, path + (index,), pos, marks)
            parts.append(rendered)
            pos += len(rendered) + 2
        return "[" + ", ".join(parts) + "]"

    def one_line(self, value: Any, path: KeyPath, col: int, room: int) -> str | None:
        """The flow form of `value` if it fits in `room` characters (its positions recorded), else None."""
        if _depth(value) > 3 or (isinstance(value, dict) and not _flowable_mapping(value)):
            return None
        marks: list[tuple[int, KeyPath]] = []
        rendered = self.flow(value, path, col, marks)
        if len(rendered) > room:
            return None
        line = len(self.lines) + 1
        for column, sub in marks:
            self.mark(line, column, sub)
        return rendered

    def key_value(self, indent: int, key: str, value: Any, path: KeyPath, prefix: str = "") -> None:
        """`key: value` at `indent` (prefix, e.g. '- ', is written before the key)."""
        head = " " * indent + prefix + f"{key}:"
        line = len(self.lines) + 1
        col = len(head) + 1  # 0-based column of the value after ': '
        if _is_scalar(value):
            self.mark(line, col + 1, path)
            self.lines.append(head + " " + scalar(value))
            return
        rendered = self.one_line(value, path, col, WIDTH - col)
        if rendered is not None:
            self.lines.append(head + " " + rendered)
            return
        self.lines.append(head)
        self.block(indent + len(prefix) + 2, value, path)

    def block(self, indent: int, value: Any, path: KeyPath) -> None:
        if isinstance(value, dict):
            self.mark(len(self.lines) + 1, indent + 1, path)
            for key, item in value.items():
                self.key_value(indent, key, item, path + (key,))
            return
        self.mark(len(self.lines) + 1, indent + 1, path)
        for index, item in enumerate(value):
            self.item(indent, item, path + (index,))

    def item(self, indent: int, value: Any, path: KeyPath) -> None:
        """One `- item` of a block list."""
        line = len(self.lines) + 1
        if isinstance(value, dict) and not _flowable_mapping(value):
            self.mark(line, indent + 3, path)
            for n, (key, item) in enumerate(value.items()):
                self.key_value(indent, key, item, path + (key,), "- " if n == 0 else "  ")
            return
        if _is_scalar(value):
            self.mark(line, indent + 3, path)
            self.lines.append(" " * indent + "- " + scalar(value))
            return
        rendered = self.one_line(value, path, indent + 2, WIDTH - indent - 2)
        if rendered is not None:
            self.lines.append(" " * indent + "- " + rendered)
            return
        if isinstance(value, dict):  # a long translation mapping
            self.mark(line, indent + 3, path)
            for n, (key, item) in enumerate(value.items()):
                self.key_value(indent, key, item, path + (key,), "- " if n == 0 else "  ")
            return
        # A long list inside a list (a pair of long texts): the first item on the dash's line.
        self.mark(line, indent + 3, path)
        for n, item in enumerate(value):
            sub = path + (n,)
            if n == 0:
                start = len(self.lines)
                self.item(indent + 2, item, sub)
                first = self.lines[start]
                self.lines[start] = " " * indent + "- " + first[indent + 2:]
            else:
                self.item(indent + 2, item, sub)


def _depth(value: Any) -> int:
    if isinstance(value, dict):
        return 1 + max((_depth(v) for v in value.values()), default=0)
    if isinstance(value, (list, tuple)):
        return 1 + max((_depth(v) for v in value), default=0)
    return 0


def _flowable_mapping(value: dict[str, Any]) -> bool:
    """Only translation mappings ({zh-CN: …, en: …}) go on one line; records stay in block style."""
    return bool(value) and all(isinstance(key, str) and _LANG_KEY.match(key) and key != "id" for key in value)


def dump_bank(bank: dict[str, Any], questions: list[dict[str, Any]]) -> tuple[str, dict[tuple[int, int], KeyPath]]:
    """The YAML text of a bank and, for each written value, its (line, column) -> path.

    Paths start with the bank's key ("title",), ("rules", 2, "text") or ("questions", 7, "wrong", 1).
    """
    writer = _Writer()
    for key in BANK_ORDER:
        if key == "questions":
            writer.lines.append("")
            writer.lines.append("questions:")
            writer.mark(len(writer.lines) + 1, 3, ("questions",))
            for index, question in enumerate(questions):
                writer.item(2, ordered_data(question, QUESTION_ORDER), ("questions", index))
            if not questions:
                writer.lines[-1] = "questions: []"
            continue
        if key not in bank:
            continue
        value = bank[key]
        if key in ("sources", "rules"):
            if not value:
                continue
            writer.lines.append("")
            writer.lines.append(f"{key}:")
            writer.mark(len(writer.lines) + 1, 3, (key,))
            order = SOURCE_ORDER if key == "sources" else RULE_ORDER
            for index, record in enumerate(value):
                writer.item(2, ordered_data(record, order), (key, index))
            continue
        writer.key_value(0, key, value, (key,))
    return "\n".join(writer.lines) + "\n", writer.positions
