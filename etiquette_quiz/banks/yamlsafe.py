"""Read a YAML file into position-carrying nodes, safely.

Only composition happens here (PyYAML's node graph, with libyaml when present): nothing is
ever constructed from a tag, so `!!python/...` cannot run. Before the nodes are handed on,
one pass checks what composition lets through: unknown or unsafe tags, duplicate keys,
non-text keys, recursive aliases and alias expansion beyond a bound ("billion laughs").
"""

from __future__ import annotations

import codecs
import re
from collections.abc import Callable
from dataclasses import dataclass

import yaml
from yaml.nodes import MappingNode, Node, ScalarNode

try:  # libyaml is ~5x faster; the pure-Python loader gives the same nodes.
    from yaml import CSafeLoader as _Loader
except ImportError:  # pragma: no cover - depends on how PyYAML was built
    from yaml import SafeLoader as _Loader  # type: ignore[assignment]

TAG = "tag:yaml.org,2002:"
STR, INT, FLOAT, BOOL, NULL = TAG + "str", TAG + "int", TAG + "float", TAG + "bool", TAG + "null"
TIMESTAMP, SEQ, MAP = TAG + "timestamp", TAG + "seq", TAG + "map"
SAFE_TAGS = frozenset({STR, INT, FLOAT, BOOL, NULL, TIMESTAMP, SEQ, MAP})

MAX_FILE_BYTES = 64 * 1024 * 1024
# A file may reuse anchors, but reading it may not visit more nodes than this many times
# the nodes it really holds (plus a margin), which stops exponential alias bombs at once.
ALIAS_EXPANSION_FACTOR = 10
ALIAS_EXPANSION_MARGIN = 10_000

Report = Callable[..., None]  # report(code, line, col, **args)


@dataclass(frozen=True)
class Position:
    """A 1-based line and column in a file."""

    line: int  # 1-based
    col: int  # 1-based


def position(node: Node) -> Position:
    """Where a node starts."""
    mark = node.start_mark
    return Position(mark.line + 1, mark.column + 1)


def decode(data: bytes, report: Report) -> str | None:
    """UTF-8 text from file bytes (a UTF-8 BOM is dropped); anything else is reported."""
    for bom, name in ((codecs.BOM_UTF32_LE, "UTF-32"), (codecs.BOM_UTF32_BE, "UTF-32"),
                      (codecs.BOM_UTF16_LE, "UTF-16"), (codecs.BOM_UTF16_BE, "UTF-16")):
        if data.startswith(bom) and not (name == "UTF-16" and data.startswith(codecs.BOM_UTF32_LE)):
            report("encoding-utf16", 1, 1, encoding=name)
            return None
    if data.startswith(codecs.BOM_UTF8):
        data = data[len(codecs.BOM_UTF8):]
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = data.count(b"\n", 0, exc.start) + 1
        col = exc.start - (data.rfind(b"\n", 0, exc.start) + 1) + 1
        guess = _guess_encoding(data)
        report("encoding-not-utf8", line, col, byte=f"0x{data[exc.start]:02X}", guess=guess)
        return None


def _guess_encoding(data: bytes) -> str:
    """A likely legacy encoding for the message, so the trainer knows what to convert from."""
    for name in ("gb18030", "big5"):
        try:
            data.decode(name)
            return name.upper()
        except UnicodeDecodeError:
            continue
    return "an unknown encoding"


_SYNTAX_HINTS = (
    ("mapping values are not allowed", "yaml-colon"),
    ("cannot start any token", "yaml-bad-start"),
    ("could not find expected ':'", "yaml-missing-colon"),
    ("did not find expected key", "yaml-indent"),
    ("did not find expected '-' indicator", "yaml-indent"),
    ("expected <block end>", "yaml-indent"),
    ("while scanning a quoted scalar", "yaml-quote"),
    ("found undefined alias", "yaml-alias"),
    ("control characters are not allowed", "yaml-control"),
    ("expected a single document", "yaml-documents"),
)


MAX_FLOW_DEPTH = 200
_BRACKETS = re.compile(r"[\[\]{}]")


def _flow_too_deep(text: str) -> int | None:
    """The line where `[`/`{` nesting passes MAX_FLOW_DEPTH, if it does.

    libyaml composes nested flow collections recursively in C: a file of 100,000 `[` crashes
    the interpreter outright, so such a file must never reach it. Brackets inside texts are
    counted too; real banks stay far below the bound either way.
    """
    if text.count("[") + text.count("{") <= MAX_FLOW_DEPTH:
        return None
    depth = 0
    for match in _BRACKETS.finditer(text):
        if match.group() in "[{":
            depth += 1
            if depth > MAX_FLOW_DEPTH:
                return text.count("\n", 0, match.start()) + 1
        elif depth:
            depth -= 1
    return None


def compose(text: str, report: Report) -> Node | None:
    """The root node of a one-document YAML text, or None (empty, or reported as broken)."""
    too_deep = _flow_too_deep(text)
    if too_deep is not None:
        report("yaml-too-deep", too_deep, 1, limit=MAX_FLOW_DEPTH)
        return None
    try:
        return yaml.compose(text, Loader=_Loader)
    except yaml.MarkedYAMLError as exc:
        detail = " ".join(part for part in (exc.context, exc.problem) if part)
        # An unclosed quote fails at the end of the file; where it opened is what helps.
        prefer_context = "quoted scalar" in (exc.context or "")
        mark = (exc.context_mark if prefer_context else None) or exc.problem_mark or exc.context_mark
        line, col = (mark.line + 1, mark.column + 1) if mark else (1, 1)
        row = _line_at(text, line)
        _report_syntax(report, detail, line, col, row[col - 1:col], row[: col - 1])
    except yaml.reader.ReaderError as exc:
        line = text.count("\n", 0, exc.position) + 1
        col = exc.position - (text.rfind("\n", 0, exc.position) + 1) + 1
        report("yaml-control", line, col, detail=f"U+{exc.character:04X}" if isinstance(exc.character, int) else "")
    except yaml.YAMLError as exc:  # pragma: no cover - every libyaml error is marked
        report("yaml-syntax", 1, 1, detail=str(exc).splitlines()[0])
    except RecursionError:  # the pure-Python loader recurses per nesting level
        report("yaml-too-deep", 1, 1, limit=MAX_FLOW_DEPTH)
    return None


def _line_at(text: str, line: int) -> str:
    lines = text.split("\n", line)
    return lines[line - 1] if len(lines) >= line else ""


def _report_syntax(report: Report, detail: str, line: int, col: int, char: str, before_on_line: str) -> None:
    for needle, code in _SYNTAX_HINTS:
        if needle in detail:
            if code == "yaml-bad-start" and char == "\t":
                code = "yaml-tab"
            before = before_on_line.rstrip()
            if code == "yaml-colon" and not before.count(": ") and not before.endswith(":"):
                # No key before this colon on its line: the line is indented more than its
                # neighbours, so YAML read it as the continuation of the text above.
                code = "yaml-indent"
            report(code, line, col, detail=detail, char=char)
            return
    report("yaml-syntax", line, col, detail=detail, char=char)


def check_graph(root: Node, report: Report) -> bool:
    """Check the whole node graph once; False if it is unsafe to walk (recursive or an alias bomb).

    Each distinct node is visited once: the size a subtree would have with its aliases
    expanded is computed from its children's sizes, so a "billion laughs" file is measured,
    never expanded. Other problems (bad tags, duplicate keys) are reported and the walk may
    go on: the walker ignores nodes with tags it does not know, so nothing of them is used.
    """
    in_progress = -1
    sizes: dict[int, int] = {}  # id(collection) -> expanded size, or in_progress
    distinct = 0
    stack: list[tuple[Node, bool]] = [(root, False)]
    while stack:
        node, finishing = stack.pop()
        ident = id(node)
        if finishing:
            total = 1
            for child in _children(node):
                total += sizes[id(child)] if not isinstance(child, ScalarNode) else 1
            sizes[ident] = total
            if total > ALIAS_EXPANSION_MARGIN and total > ALIAS_EXPANSION_FACTOR * distinct:
                pos = position(node)
                report("alias-bomb", pos.line, pos.col, limit=ALIAS_EXPANSION_FACTOR)
                return False
            continue
        state = sizes.get(ident)
        if state is not None:
            if state == in_progress:
                pos = position(node)
                report("alias-recursive", pos.line, pos.col)
                return False
            continue  # an alias of a collection already checked
        distinct += 1
        if not _tag_ok(node, report) or isinstance(node, ScalarNode):
            sizes[ident] = 1
            continue
        sizes[ident] = in_progress
        stack.append((node, True))
        distinct += _push_children(node, stack, report)
    return True


def _push_children(node: Node, stack: list[tuple[Node, bool]], report: Report) -> int:
    """Check a collection's scalar children and keys, queue the others; returns how many scalars it holds."""
    scalars = 0
    if not isinstance(node, MappingNode):
        for item in node.value:
            if isinstance(item, ScalarNode):
                scalars += 1
                _tag_ok(item, report)
            else:
                stack.append((item, False))
        return scalars
    seen: dict[str, int] = {}
    for key, value in node.value:
        if isinstance(key, ScalarNode):
            if _tag_ok(key, report):
                if key.value in seen:
                    pos = position(key)
                    report("duplicate-key", pos.line, pos.col, key=key.value, first=seen[key.value])
                else:
                    seen[key.value] = key.start_mark.line + 1
            scalars += 1
        else:
            if key.tag in SAFE_TAGS:
                pos = position(key)
                report("key-not-text", pos.line, pos.col)
            stack.append((key, False))
        if isinstance(value, ScalarNode):
            scalars += 1
            _tag_ok(value, report)
        else:
            stack.append((value, False))
    return scalars


def _children(node: Node) -> list[Node]:
    if isinstance(node, MappingNode):
        return [part for pair in node.value for part in pair]
    return list(node.value)


def _tag_ok(node: Node, report: Report) -> bool:
    tag = node.tag
    if tag in SAFE_TAGS:
        return True
    pos = position(node)
    report("unsafe-tag" if "python/" in tag else "unknown-tag", pos.line, pos.col, tag=_short_tag(tag))
    return False


def _short_tag(tag: str) -> str:
    return "!!" + tag[len(TAG):] if tag.startswith(TAG) else tag
