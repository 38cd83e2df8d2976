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
from yaml.scanner import ScannerError

BLANKS_AND_BREAKS = "\0 \t\r\n\x85\u2028\u2029"
BREAKS = "\r\n\x85\u2028\u2029"


class LibyamlCompatibleLoader(yaml.SafeLoader):
    """PyYAML's pure-Python safe loader, reading what libyaml reads (BUG-9 of the newcomer report).

    A bank must be valid or invalid whether or not PyYAML was built with libyaml. The two scanners
    differ in these places, each changed here to libyaml's reading (libyaml 0.2.5, scanner.c):
      - in a flow collection, `?` inside a text does not end it: `{en: Which ring?}` is a text;
      - in a flow collection, a text ending in `:` right before `,]}` is an error (`[Note:, …]`);
      - tabs separate tokens in flow collections and after an indicator (`key:<tab>value`);
      - tabs inside and after a plain text, and after `|` or `>`, are blanks, like spaces.
    Commas split flow texts in both (banks.documents reports that as "comma-in-flow"), and libyaml reads
    some commas next to a lone `?` in its own way (`[a, ?, b]` fails, `[a, ?,, b]` does not): those
    are not texts anyone writes, and are not mimicked.
    tests/test_yaml_loaders.py checks the two agree on every bundled bank and on generated texts.
    """

    def scan_to_next_token(self) -> None:
        """Skip blanks, comments and line breaks; tabs as libyaml does: in flow context or after an indicator."""
        if self.index == 0 and self.peek() == "\uFEFF":
            self.forward()
        while True:
            while self.peek() == " " or (self.peek() == "\t" and (self.flow_level or not self.allow_simple_key)):
                self.forward()
            if self.peek() == "#":
                while self.peek() not in "\0" + BREAKS:
                    self.forward()
            if self._line_break():
                if not self.flow_level:
                    self.allow_simple_key = True
            else:
                return

    def scan_plain(self) -> yaml.ScalarToken:
        """A plain text; in flow context only `,[]{}` (and `: `) end it, not `?`."""
        chunks: list[str] = []
        start_mark = end_mark = self.get_mark()
        indent = self.indent + 1
        spaces: list[str] = []
        while True:
            length = 0
            if self.peek() == "#":
                break
            while True:
                char = self.peek(length)
                if self.flow_level and char == ":" and self.peek(length + 1) in ",?[]{}":
                    raise ScannerError("while scanning a plain scalar", start_mark, "found unexpected ':'",
                                       self.get_mark())
                if (char in BLANKS_AND_BREAKS or (char == ":" and self.peek(length + 1) in BLANKS_AND_BREAKS)
                        or (self.flow_level and char in ",[]{}")):
                    break
                length += 1
            if length == 0:
                break
            self.allow_simple_key = False
            chunks.extend(spaces)
            chunks.append(self.prefix(length))
            self.forward(length)
            end_mark = self.get_mark()
            spaces = self.scan_plain_spaces(indent, start_mark)
            if not spaces or self.peek() == "#" or (not self.flow_level and self.column < indent):
                break
        return yaml.ScalarToken("".join(chunks), True, start_mark, end_mark)

    def scan_plain_spaces(self, indent: int, start_mark: yaml.Mark) -> list[str]:
        """The blanks after a piece of plain text (tabs included) and the line breaks folded into it."""
        chunks: list[str] = []
        length = 0
        while self.peek(length) in " \t":
            length += 1
        whitespaces = self.prefix(length)
        self.forward(length)
        if self.peek() not in BREAKS:
            return [whitespaces] if whitespaces else []
        line_break = self._line_break()
        self.allow_simple_key = True
        if self._document_marker():
            return []
        breaks = []
        while self.peek() in " \t" + BREAKS:
            if self.peek() == "\t" and self.column < indent:  # libyaml checks this in flow context too
                raise ScannerError("while scanning a plain scalar", start_mark,
                                   "found a tab character that violates indentation", self.get_mark())
            if self.peek() in " \t":
                self.forward()
            else:
                breaks.append(self._line_break())
                if self._document_marker():
                    return []
        if line_break != "\n":
            chunks.append(line_break)
        elif not breaks:
            chunks.append(" ")
        chunks.extend(breaks)
        return chunks

    def scan_block_scalar_indicators(self, start_mark: yaml.Mark) -> tuple[bool | None, int | None]:
        """The chomping (`+`, `-`) and indentation (1-9) indicators after `|` or `>`, in either order;
        a tab or a comment may follow them at once."""
        chomping: bool | None = None
        increment: int | None = None
        for _ in range(2):
            char = self.peek()
            if char in "+-" and chomping is None:
                chomping = char == "+"
                self.forward()
            elif char in "0123456789" and increment is None:
                if char == "0":
                    raise ScannerError("while scanning a block scalar", start_mark,
                                       "expected indentation indicator in the range 1-9, but found 0", self.get_mark())
                increment = int(char)
                self.forward()
        if self.peek() not in BLANKS_AND_BREAKS + "#":
            raise ScannerError("while scanning a block scalar", start_mark,
                               f"expected chomping or indentation indicators, but found {self.peek()!r}",
                               self.get_mark())
        return chomping, increment

    def scan_block_scalar_ignored_line(self, start_mark: yaml.Mark) -> None:
        """The rest of a `|` or `>` line: blanks (tabs too) and a comment, then the line break."""
        while self.peek() in " \t":
            self.forward()
        if self.peek() == "#":
            while self.peek() not in "\0" + BREAKS:
                self.forward()
        if self.peek() not in "\0" + BREAKS:
            raise ScannerError("while scanning a block scalar", start_mark,
                               f"expected a comment or a line break, but found {self.peek()!r}", self.get_mark())
        self._line_break()

    def _line_break(self) -> str:
        """The line break here (consumed), or "" when there is none."""
        found: str = self.scan_line_break()  # type: ignore[no-untyped-call]
        return found

    def _document_marker(self) -> bool:
        return self.prefix(3) in ("---", "...") and self.peek(3) in BLANKS_AND_BREAKS


try:  # libyaml is ~5x faster; LibyamlCompatibleLoader reads the same documents without it.
    from yaml import CSafeLoader as _Loader
except ImportError:  # pragma: no cover - depends on how PyYAML was built
    _Loader = LibyamlCompatibleLoader  # type: ignore[assignment,misc]

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
    ("found unexpected ':'", "yaml-colon"),  # libyaml's "[Note:, …]"
    ("cannot start any token", "yaml-bad-start"),
    ("could not find expected ':'", "yaml-missing-colon"),
    ("did not find expected key", "yaml-indent"),
    ("did not find expected '-' indicator", "yaml-indent"),
    ("expected <block end>", "yaml-indent"),
    ("while scanning a quoted scalar", "yaml-quote"),
    ("found undefined alias", "yaml-alias"),
    ("control characters are not allowed", "yaml-control"),
    ("tab character", "yaml-tab"),  # "found a tab character that violates indentation" (POLISH-11)
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
