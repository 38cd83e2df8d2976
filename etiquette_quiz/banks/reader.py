"""Reading one file's YAML nodes: located problems, typed scalars, lists and translations.

A NodeReader walks the node tree of one file; the document, body and exam readers are
functions over it. Every problem is collected with its line and column, never raised, so a
trainer sees all of a file's problems at once.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from typing import Any, TypeVar

from yaml.nodes import MappingNode, Node, ScalarNode, SequenceNode

from ..errors import suggest
from ..grading import normalize
from ..model import DEFAULT_LANGUAGE, Alternatives, Bank, Choice, Exam, Severity, Text, Tolerance
from ..problems import Problem
from .keys import CHOICE_KEYS, CONTROL_RE, ID_RE, LANG_RE, MAX_TEXT, MISTAKEN_LANGUAGES
from .yamlsafe import BOOL, FLOAT, INT, NULL, SAFE_TAGS, STR, TIMESTAMP

# Fields of a mapping node: name -> (key node, value node).
Fields = dict[str, tuple[ScalarNode, Node]]
Position = tuple[int, int]
At = Node | Position | None
T = TypeVar("T")


class Tr:
    """Translations gathered for one text (or one set of alternatives), with the node they came from."""

    __slots__ = ("values", "node")

    def __init__(self, values: dict[str, Any], node: Node) -> None:
        self.values = values
        self.node = node


def merge_parsed(a: Any, b: Any) -> Any:
    """Merge the same item parsed from two per-language lists."""
    if a is None:
        return b
    if b is None:
        return a
    if isinstance(a, Tr):
        a.values.update(b.values)
        return a
    return tuple(merge_parsed(x, y) for x, y in zip(a, b, strict=False))


@dataclass
class FileResult:
    """One file read: its document (None when it has errors), its problems and positions to report at."""

    path: str
    document: Bank | Exam | None = None
    problems: list[Problem] = field(default_factory=list)
    id_position: Position = (1, 1)
    declared: tuple[str, str] | None = None  # ('bank' | 'exam', id) as written, even when invalid
    # Where parts of the document are, for checks that span files, keyed by their path in the
    # document: ("sections", 2) or ("sections", 2, "questions", 1).
    positions: dict[tuple[Any, ...], Position] = field(default_factory=dict)

    def position(self, *path: Any) -> Position:
        """Where the part at `path` is, else where the document's id is."""
        return self.positions.get(path, self.id_position)


def position_of(node: Node) -> Position:
    """A node's 1-based line and column."""
    return node.start_mark.line + 1, node.start_mark.column + 1


def canonical_language(tag: str) -> str:
    """BCP 47 case conventions: 'zh-cn' -> 'zh-CN', 'zh-hans' -> 'zh-Hans'."""
    parts = tag.split("-")
    out = [parts[0].lower()]
    for part in parts[1:]:
        if len(part) == 2 and part.isalpha():
            out.append(part.upper())
        elif len(part) == 4 and part.isalpha():
            out.append(part.title())
        else:
            out.append(part.lower())
    return "-".join(out)


def kind(node: Node) -> str:
    """What a node is, in the words problems use ('mapping', 'list', 'number', ...)."""
    if isinstance(node, MappingNode):
        return "mapping"
    if isinstance(node, SequenceNode):
        return "list"
    return {BOOL: "boolean", INT: "number", FLOAT: "number", NULL: "empty"}.get(node.tag, "text")


def shown(node: Node) -> str:
    """A node's value as a problem quotes it (shortened)."""
    if isinstance(node, ScalarNode):
        value: str = node.value
        return value if len(value) <= 40 else value[:37] + "..."
    return kind(node)


def slug(value: str) -> str | None:
    """An id made from a text, for "did you mean" on a bad id."""
    import re

    out = re.sub(r"[^a-z0-9]+", "-", value.lower()).strip("-")
    return out or None


class NodeReader:
    """Walks one file's node tree, building model values and collecting problems."""

    def __init__(self, path: str) -> None:
        self.path = path
        self.problems: list[Problem] = []
        self.language = DEFAULT_LANGUAGE
        self.question_nodes: dict[str, Node] = {}
        self.tolerance = Tolerance()  # the bank's `matching`, which a question's own settings refine

    # -- reporting ---------------------------------------------------------------------
    def report(self, severity: Severity, at: At, code: str, **args: Any) -> None:
        """Record a problem at a node or position (the file's start when None)."""
        if isinstance(at, Node):
            line, col = position_of(at)
        elif at is None:
            line, col = 1, 1
        else:
            line, col = at
        self.problems.append(Problem(self.path, line, col, severity, code, args))

    def error(self, at: At, code: str, **args: Any) -> None:
        """Record an error: the document will not load."""
        self.report(Severity.ERROR, at, code, **args)

    def warn(self, at: At, code: str, **args: Any) -> None:
        """Record a warning: the document loads, but something is likely a mistake."""
        self.report(Severity.WARNING, at, code, **args)

    @property
    def failed(self) -> bool:
        """Whether an error has been recorded."""
        return any(p.severity is Severity.ERROR for p in self.problems)

    # -- structure ---------------------------------------------------------------------
    def fields(
        self, node: Node, allowed: Sequence[str], what: str, elsewhere: dict[str, str] | None = None
    ) -> Fields | None:
        """The keys of a mapping node; unknown keys are reported with a suggestion."""
        if not isinstance(node, MappingNode):
            if node.tag in SAFE_TAGS:
                self.error(node, "wrong-type", field=what, expected="mapping", got=kind(node))
            return None
        out: Fields = {}
        for key, value in node.value:
            if not isinstance(key, ScalarNode) or key.tag not in SAFE_TAGS:
                continue  # reported by yamlsafe.check_graph
            name = key.value
            if name not in allowed:
                if elsewhere and name in elsewhere:
                    self.error(key, "key-not-for-type", key=name, owner=elsewhere[name], type=elsewhere[""])
                else:
                    self.error(key, "unknown-key", key=name, where=what, suggestion=suggest(name, allowed))
                continue
            out[name] = (key, value)
        return out

    def require(self, fields: Fields, owner: Node, names: Iterable[str], what: str) -> bool:
        """Whether every named field is present; each missing one is reported."""
        ok = True
        for name in names:
            if name not in fields:
                self.error(owner, "missing-field", field=name, where=what)
                ok = False
        return ok

    def scalar_text(self, node: Node, what: str) -> str | None:
        """A scalar read as text; numbers keep their written form, booleans and nulls are errors."""
        if not isinstance(node, ScalarNode):
            if node.tag in SAFE_TAGS:
                self.error(node, "wrong-type", field=what, expected="text", got=kind(node))
            return None
        tag = node.tag
        if tag == STR or tag in (INT, FLOAT, TIMESTAMP):
            value: str = node.value
            if not value.strip():
                self.error(node, "empty-text", field=what)
                return None
            if len(value) > MAX_TEXT:
                self.error(node, "text-too-long", field=what, length=len(value), limit=MAX_TEXT)
                return None
            bad = CONTROL_RE.search(value)
            if bad:
                self.error(node, "control-char", field=what, char=f"U+{ord(bad.group()):04X}")
                return None
            return value
        if tag == BOOL:
            self.error(node, "yaml-bool", field=what, value=node.value)
        elif tag == NULL:
            self.error(node, "empty-value", field=what)
        return None

    def identifier(self, node: Node, what: str, pattern: Any = ID_RE) -> str | None:
        """An id matching `pattern` (bank, rule and question ids by default)."""
        value = self.scalar_text(node, what)
        if value is None:
            return None
        if not pattern.match(value):
            self.error(node, "bad-id" if pattern is ID_RE else "bad-source-id", field=what, value=value,
                       suggestion=slug(value) if pattern is ID_RE else None)
            return None
        return value

    def integer(self, node: Node, what: str, low: int, high: int | None = None) -> int | None:
        """A whole number in [low, high]."""
        if isinstance(node, ScalarNode) and node.tag == INT:
            try:
                value: int | None = int(node.value.replace("_", ""), 0)
            except ValueError:
                value = None
            if value is not None and value >= low and (high is None or value <= high):
                return value
        if node.tag in SAFE_TAGS:
            self.error(node, "bad-integer", field=what, value=shown(node), low=low, high=high)
        return None

    def boolean(self, node: Node, what: str) -> bool | None:
        """A YAML true/false."""
        if isinstance(node, ScalarNode) and node.tag == BOOL:
            return node.value.lower() in ("true", "yes", "on", "y")
        if node.tag in SAFE_TAGS:
            self.error(node, "wrong-type", field=what, expected="boolean", got=kind(node))
        return None

    def sequence(self, node: Node, what: str) -> list[Node] | None:
        """The items of a list node."""
        if isinstance(node, SequenceNode):
            return list(node.value)
        if node.tag in SAFE_TAGS:
            self.error(node, "wrong-type", field=what, expected="list", got=kind(node))
        return None

    def flexible_list(self, node: Node, what: str) -> list[Node] | None:
        """A list, or one scalar standing for a list of one (exam filters)."""
        if isinstance(node, ScalarNode) and node.tag in SAFE_TAGS and node.tag != NULL:
            return [node]
        return self.sequence(node, what)

    def texts(self, node: Node, what: str) -> tuple[str, ...]:
        """A list of plain texts (tags); bad items are reported and left out."""
        out = []
        for item in self.sequence(node, what) or []:
            value = self.scalar_text(item, what)
            if value is not None:
                out.append(value)
        return tuple(out)

    # -- translations ------------------------------------------------------------------
    def language_key(self, key: ScalarNode) -> str | None:
        """A language tag used as a key, in its canonical case."""
        tag = key.value
        if LANG_RE.match(tag) and tag.split("-")[0].lower() not in MISTAKEN_LANGUAGES:
            return canonical_language(tag)
        if tag.split("-")[0].lower() in MISTAKEN_LANGUAGES:
            self.error(key, "bad-language", value=tag, suggestion="zh-CN")
            return None
        fixed = tag.replace("_", "-")
        self.error(key, "bad-language", value=tag,
                   suggestion=canonical_language(fixed) if LANG_RE.match(fixed) else None)
        return None

    def translations(self, node: MappingNode) -> list[tuple[str, Node]]:
        """(language, value node) of a mapping from language tags."""
        out: list[tuple[str, Node]] = []
        for key, value in node.value:
            if not isinstance(key, ScalarNode) or key.tag not in SAFE_TAGS:
                continue
            if node.flow_style and (" " in key.value.strip() or not LANG_RE.match(key.value)) and out:
                # In `{zh-CN: a, en: b, c}` the comma ended the text: say so, not "bad language".
                self.error(key, "comma-in-flow", value=key.value)
                return out
            lang = self.language_key(key)
            if lang is not None:
                out.append((lang, value))
        return out

    def text(self, node: Node, what: str, lang: str | None = None) -> Tr | None:
        """A text: a scalar in the current language, or a mapping from language to scalar."""
        lang = lang or self.language
        if isinstance(node, MappingNode):
            values = {}
            for code, item in self.translations(node):
                parsed = self.scalar_text(item, f"{what}.{code}")
                if parsed is not None:
                    values[code] = parsed
            return Tr(values, node) if values else None
        text = self.scalar_text(node, what)
        return None if text is None else Tr({lang: text}, node)

    def alternatives(self, node: Node, what: str, lang: str | None = None) -> Tr | None:
        """A text or a list of interchangeable texts, optionally per language."""
        lang = lang or self.language
        if isinstance(node, MappingNode):
            values = {}
            for code, value in self.translations(node):
                variants = self._variants(value, f"{what}.{code}")
                if variants:
                    values[code] = variants
            return Tr(values, node) if values else None
        variants = self._variants(node, what)
        return Tr({lang: variants}, node) if variants else None

    def _variants(self, node: Node, what: str) -> tuple[str, ...] | None:
        if isinstance(node, SequenceNode):
            if not node.value:
                self.error(node, "empty-list", field=what)
                return None
            items = [self.scalar_text(item, what) for item in node.value]
            texts = [item for item in items if item is not None]
            return tuple(texts) if len(texts) == len(items) else None
        value = self.scalar_text(node, what)
        return None if value is None else (value,)

    def choice(self, node: Node, what: str, lang: str | None = None) -> tuple[Tr, Tr | None] | None:
        """A choice: a text, or `{text, feedback}`."""
        if isinstance(node, MappingNode) and any(
            isinstance(k, ScalarNode) and k.value in CHOICE_KEYS for k, _ in node.value
        ):
            fields = self.fields(node, CHOICE_KEYS, what)
            if fields is None or not self.require(fields, node, ("text",), what):
                return None
            text = self.text(fields["text"][1], f"{what}.text", lang)
            feedback = self.text(fields["feedback"][1], f"{what}.feedback", lang) if "feedback" in fields else None
            return None if text is None else (text, feedback)
        text = self.text(node, what, lang)
        return None if text is None else (text, None)

    def pair(self, node: Node, what: str, lang: str | None = None) -> tuple[Tr, Tr] | None:
        """A `[left, right]` pair of a match question."""
        items = self.sequence(node, what)
        if items is None:
            return None
        if len(items) != 2:
            self.error(node, "pair-size", field=what, count=len(items))
            return None
        left, right = self.text(items[0], what, lang), self.text(items[1], what, lang)
        return None if left is None or right is None else (left, right)

    def items(self, node: Node, what: str, parse: Callable[[Node, str, str | None], Any]) -> list[Any] | None:
        """A list of items, or a mapping from language to lists of the same length."""
        if isinstance(node, MappingNode):
            merged: list[Any] | None = None
            lengths: dict[str, int] = {}
            for code, value in self.translations(node):
                entries = self.sequence(value, f"{what}.{code}")
                if entries is None:
                    return None
                lengths[code] = len(entries)
                parsed = [parse(entry, what, code) for entry in entries]
                if merged is None:
                    merged = parsed
                elif len(parsed) == len(merged):
                    merged = [merge_parsed(a, b) for a, b in zip(merged, parsed, strict=True)]
            if len(set(lengths.values())) > 1:
                listed = ", ".join(f"{code}: {n}" for code, n in lengths.items())
                self.error(node, "language-lengths", field=what, lengths=listed)
                return None
            return merged
        entries = self.sequence(node, what)
        if entries is None:
            return None
        return [parse(entry, what, None) for entry in entries]

    def finish(self, tr: Tr | None, what: str) -> Text | None:
        """A Text from gathered translations, with the bank's language first."""
        if tr is None:
            return None
        if self.language not in tr.values:
            self.error(tr.node, "missing-bank-language", field=what, lang=self.language,
                       have=", ".join(tr.values))
            return None
        own = tr.values[self.language]
        rest = tuple((code, value) for code, value in tr.values.items() if code != self.language)
        return Text(((self.language, own), *rest))

    def finish_alternatives(self, tr: Tr | None, what: str) -> Alternatives | None:
        """Alternatives from gathered translations, with the bank's language first."""
        text = self.finish(tr, what)
        return None if text is None else Alternatives(text.values)  # type: ignore[arg-type]

    def finish_all(self, node: Node, what: str, parse: Callable[[Node, str, str | None], Any],
                   finish: Callable[[Any, str], T | None]) -> list[T] | None:
        """Items parsed per language and then finished; None when any of them is broken."""
        raw = self.items(node, what, parse)
        if raw is None or any(item is None for item in raw):
            return None
        out = [finish(item, what) for item in raw]
        return None if any(item is None for item in out) else out  # type: ignore[return-value]

    def text_list(self, node: Node, what: str) -> list[Text] | None:
        """A list of texts (steps, decoys)."""
        return self.finish_all(node, what, self.text, self.finish)

    def alternatives_list(self, node: Node, what: str) -> list[Alternatives] | None:
        """A list of alternatives (blanks, must and should groups)."""
        return self.finish_all(node, what, self.alternatives, self.finish_alternatives)

    def choices(self, node: Node, what: str) -> list[Choice] | None:
        """A list of choices, each with optional feedback."""
        def finish(item: tuple[Tr, Tr | None], name: str) -> Choice | None:
            text = self.finish(item[0], name)
            feedback = self.finish(item[1], f"{name}.feedback") if item[1] is not None else None
            if text is None or (item[1] is not None and feedback is None):
                return None
            return Choice(text, feedback)

        return self.finish_all(node, what, self.choice, finish)

    def nodes_of(self, node: Node, count: int) -> list[Node]:
        """The nodes of a list's items, for locating problems (per-language lists: the first language's)."""
        if isinstance(node, SequenceNode):
            return list(node.value)
        if isinstance(node, MappingNode) and node.value and isinstance(node.value[0][1], SequenceNode):
            return list(node.value[0][1].value)
        return [node] * count

    def no_duplicates(self, items: list[tuple[Text, Node]], what: str) -> bool:
        """Whether the texts are all different (after normalising); each repeat is reported."""
        seen: dict[str, int] = {}
        ok = True
        for text, node in items:
            key = normalize(text.get()).text
            if key in seen:
                self.error(node, "duplicate-text", field=what, value=text.get(), first=seen[key])
                ok = False
            else:
                seen[key] = position_of(node)[0]
        return ok
