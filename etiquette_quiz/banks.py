"""Bank and exam files -> model objects, with every problem collected and located.

`load_file` reads one file; `load_library` finds the bundled and extra folders, loads every
document and runs the checks that span files (duplicate ids, exam sections resolved against
the loaded banks).
"""

from __future__ import annotations

import os
import re
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from yaml.nodes import MappingNode, Node, ScalarNode, SequenceNode

from . import yamlsafe
from .grading import found_variant, normalize
from .model import (
    DEFAULT_LANGUAGE,
    QUESTION_TYPES,
    Alternatives,
    Bank,
    Choice,
    ChoiceBody,
    Exam,
    FeedbackMode,
    FillBody,
    Forbidden,
    Examples,
    Library,
    MatchBody,
    OrderBody,
    Pair,
    Question,
    QuestionType,
    Rule,
    Scoring,
    ScriptBody,
    Section,
    Source,
    Text,
    Tolerance,
    TrueFalseBody,
)
from .problems import ERROR, WARNING, Problem, UserError
from .yamlsafe import BOOL, FLOAT, INT, NULL, SAFE_TAGS, STR, TIMESTAMP

ID_RE = re.compile(r"[a-z0-9]+(?:-[a-z0-9]+)*\Z")
SOURCE_ID_RE = re.compile(r"[A-Za-z0-9][A-Za-z0-9_.-]*\Z")
LANG_RE = re.compile(r"[A-Za-z]{2,3}(?:-[A-Za-z0-9]{2,8})*\Z")
BLANK_RE = re.compile(r"_{3,}")
DURATION_RE = re.compile(r"(?:(\d+)\s*h)?\s*(?:(\d+)\s*m(?:in)?)?\s*(?:(\d+)\s*s)?\Z")
# Country codes written where a language code belongs ('cn' is not Chinese; 'zh' is).
MISTAKEN_LANGUAGES = frozenset({"cn", "ch", "chn"})
PERCENT_RE = re.compile(r"(\d+(?:\.\d+)?)\s*%\Z")
MAX_TEXT = 10_000
# Terminal escapes and other controls (a YAML "\e" escape makes one), and the bidirectional
# overrides that can make a text display differently from what it says.
CONTROL_RE = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]")
YAML_SUFFIXES = (".yaml", ".yml")

BANK_KEYS = ("bank", "title", "language", "version", "description", "matching", "sources", "rules", "questions")
SOURCE_KEYS = ("id", "title", "url")
RULE_KEYS = ("id", "text", "source", "quote")
COMMON_QUESTION_KEYS = (
    "id", "type", "rule", "rules", "difficulty", "points", "tags", "prompt", "scenario", "explain",
)
TYPE_KEYS: dict[str, tuple[str, ...]] = {
    "single": ("correct", "wrong"),
    "multi": ("correct", "wrong", "scoring"),
    "truefalse": ("answer",),
    "order": ("steps", "scoring"),
    "fill": ("blanks", "examples", "matching"),
    "script": ("must", "should", "never", "model", "examples", "matching"),
    "match": ("pairs", "wrong"),
}
TYPE_REQUIRED: dict[str, tuple[str, ...]] = {
    "single": ("correct", "wrong"),
    "multi": ("correct", "wrong"),
    "truefalse": ("answer",),
    "order": ("steps",),
    "fill": ("blanks",),
    "script": ("must", "model"),
    "match": ("pairs",),
}
ALL_QUESTION_KEYS = COMMON_QUESTION_KEYS + tuple(
    dict.fromkeys(key for keys in TYPE_KEYS.values() for key in keys)
)
CHOICE_KEYS = ("text", "feedback")
FORBIDDEN_KEYS = ("phrase", "unless")
EXAMPLE_KEYS = ("accept", "reject")
MATCHING_KEYS = ("traditional", "homophones", "insertions", "word_forms")
MAX_INSERTIONS = 5
EXAM_KEYS = ("exam", "title", "description", "time_limit", "pass_mark", "feedback", "sections")
SECTION_KEYS = ("bank", "count", "types", "difficulty", "tags", "questions")


def suggest(word: str, candidates: Iterable[str]) -> str | None:
    """The closest candidate to a misspelt word, for "did you mean …"."""
    import difflib

    pool = list(dict.fromkeys(candidates))
    lowered = {c.lower().replace("_", "-"): c for c in pool}
    if word.lower().replace("_", "-") in lowered:
        return lowered[word.lower().replace("_", "-")]
    matches = difflib.get_close_matches(word, pool, n=1, cutoff=0.6)
    return matches[0] if matches else None


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


class Tr:
    """Translations gathered for one text (or one set of alternatives), with the node they came from."""

    __slots__ = ("values", "node")

    def __init__(self, values: dict[str, Any], node: Node) -> None:
        self.values = values
        self.node = node


def _merge(a: Any, b: Any) -> Any:
    """Merge the same item parsed from two per-language lists."""
    if a is None:
        return b
    if b is None:
        return a
    if isinstance(a, Tr):
        a.values.update(b.values)
        return a
    return tuple(_merge(x, y) for x, y in zip(a, b))


@dataclass
class FileResult:
    path: str
    document: Bank | Exam | None = None
    problems: list[Problem] = field(default_factory=list)
    # Positions of things that cross-file checks report on.
    id_position: tuple[int, int] = (1, 1)
    declared: tuple[str, str] | None = None  # ('bank' | 'exam', id) as written, even when invalid
    section_positions: list[tuple[int, int]] = field(default_factory=list)
    section_question_positions: list[list[tuple[int, int]]] = field(default_factory=list)


class _Reader:
    """Walks one file's node tree, building model objects and collecting problems."""

    def __init__(self, path: str) -> None:
        self.path = path
        self.problems: list[Problem] = []
        self.language = DEFAULT_LANGUAGE
        self.question_nodes: dict[str, Node] = {}
        self.tolerance = Tolerance()  # the bank's `matching`, which a question's own settings refine

    # -- reporting ---------------------------------------------------------------------
    def report(self, severity: str, at: Node | tuple[int, int] | None, code: str, **args: Any) -> None:
        if isinstance(at, Node):
            mark = at.start_mark
            line, col = mark.line + 1, mark.column + 1
        elif at is None:
            line, col = 1, 1
        else:
            line, col = at
        self.problems.append(Problem(self.path, line, col, severity, code, args))

    def error(self, at: Node | tuple[int, int] | None, code: str, **args: Any) -> None:
        self.report(ERROR, at, code, **args)

    def warn(self, at: Node | tuple[int, int] | None, code: str, **args: Any) -> None:
        self.report(WARNING, at, code, **args)

    # -- structure ---------------------------------------------------------------------
    def fields(
        self, node: Node, allowed: Sequence[str], what: str, elsewhere: dict[str, str] | None = None
    ) -> dict[str, tuple[ScalarNode, Node]] | None:
        """The keys of a mapping node; unknown keys are reported with a suggestion."""
        if not isinstance(node, MappingNode):
            if node.tag in SAFE_TAGS:
                self.error(node, "wrong-type", field=what, expected="mapping", got=_kind(node))
            return None
        out: dict[str, tuple[ScalarNode, Node]] = {}
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

    def require(self, fields: dict[str, tuple[ScalarNode, Node]], owner: Node, names: Iterable[str], what: str) -> bool:
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
                self.error(node, "wrong-type", field=what, expected="text", got=_kind(node))
            return None
        tag = node.tag
        if tag == STR or tag in (INT, FLOAT, TIMESTAMP):
            value = node.value
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

    def identifier(self, node: Node, what: str, pattern: re.Pattern[str] = ID_RE) -> str | None:
        value = self.scalar_text(node, what)
        if value is None:
            return None
        if not pattern.match(value):
            self.error(node, "bad-id" if pattern is ID_RE else "bad-source-id", field=what, value=value,
                       suggestion=_slug(value) if pattern is ID_RE else None)
            return None
        return value

    def integer(self, node: Node, what: str, low: int, high: int | None = None) -> int | None:
        if isinstance(node, ScalarNode) and node.tag == INT:
            try:
                value = int(node.value.replace("_", ""), 0)
            except ValueError:
                value = None
            if value is not None and value >= low and (high is None or value <= high):
                return value
        if node.tag in SAFE_TAGS:
            self.error(node, "bad-integer", field=what, value=_shown(node), low=low, high=high)
        return None

    def sequence(self, node: Node, what: str) -> list[Node] | None:
        if isinstance(node, SequenceNode):
            return node.value
        if node.tag in SAFE_TAGS:
            self.error(node, "wrong-type", field=what, expected="list", got=_kind(node))
        return None

    def flexible_list(self, node: Node, what: str) -> list[Node] | None:
        """A list, or one scalar standing for a list of one (exam filters)."""
        if isinstance(node, ScalarNode) and node.tag in SAFE_TAGS and node.tag != NULL:
            return [node]
        return self.sequence(node, what)

    # -- translations ------------------------------------------------------------------
    def language_key(self, key: ScalarNode) -> str | None:
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

    def _translations(self, node: MappingNode) -> list[tuple[str, Node]]:
        out = []
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
            for code, value in self._translations(node):
                parsed = self.scalar_text(value, f"{what}.{code}")
                if parsed is not None:
                    values[code] = parsed
            return Tr(values, node) if values else None
        value = self.scalar_text(node, what)
        return None if value is None else Tr({lang: value}, node)

    def alternatives(self, node: Node, what: str, lang: str | None = None) -> Tr | None:
        """A text or a list of interchangeable texts, optionally per language."""
        lang = lang or self.language
        if isinstance(node, MappingNode):
            values = {}
            for code, value in self._translations(node):
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
            if any(item is None for item in items):
                return None
            return tuple(items)  # type: ignore[arg-type]
        value = self.scalar_text(node, what)
        return None if value is None else (value,)

    def choice(self, node: Node, what: str, lang: str | None = None) -> tuple[Tr, Tr | None] | None:
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
            per_language = self._translations(node)
            merged: list[Any] | None = None
            lengths: dict[str, int] = {}
            for code, value in per_language:
                entries = self.sequence(value, f"{what}.{code}")
                if entries is None:
                    return None
                lengths[code] = len(entries)
                parsed = [parse(entry, what, code) for entry in entries]
                if merged is None:
                    merged = parsed
                elif len(parsed) == len(merged):
                    merged = [_merge(a, b) for a, b in zip(merged, parsed)]
            if len(set(lengths.values())) > 1:
                shown = ", ".join(f"{code}: {n}" for code, n in lengths.items())
                self.error(node, "language-lengths", field=what, lengths=shown)
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
        return Text(((self.language, own),) + rest)

    def finish_alternatives(self, tr: Tr | None, what: str) -> Alternatives | None:
        text = self.finish(tr, what)
        return None if text is None else Alternatives(text.values)  # type: ignore[arg-type]

    # -- documents ---------------------------------------------------------------------
    def document(self, root: Node) -> tuple[Bank | Exam | None, FileResult]:
        result = FileResult(self.path)
        if isinstance(root, MappingNode):
            for key, value in root.value:
                if isinstance(key, ScalarNode) and key.value in ("bank", "exam") and isinstance(value, ScalarNode):
                    result.declared = (key.value, value.value)
        if not isinstance(root, MappingNode):
            self.error(root, "not-a-document", got=_kind(root))
            return None, result
        keys = {k.value for k, _ in root.value if isinstance(k, ScalarNode)}
        if "bank" in keys and "exam" in keys:
            self.error(root, "bank-and-exam")
            return None, result
        if "bank" in keys:
            return self.bank(root, result), result
        if "exam" in keys:
            return self.exam(root, result), result
        first = next((k for k, _ in root.value if isinstance(k, ScalarNode)), None)
        guess = suggest(first.value, ("bank", "exam")) if first is not None else None
        self.error(first or root, "no-document-key", suggestion=guess)
        return None, result

    def bank(self, root: MappingNode, result: FileResult) -> Bank | None:
        fields = self.fields(root, BANK_KEYS, "bank")
        assert fields is not None
        if "language" in fields:
            node = fields["language"][1]
            value = self.scalar_text(node, "language")
            if value is not None:
                if LANG_RE.match(value):
                    self.language = canonical_language(value)
                else:
                    self.error(node, "bad-language", value=value, suggestion=None)
        key_node, id_node = fields["bank"]
        result.id_position = (key_node.start_mark.line + 1, key_node.start_mark.column + 1)
        bank_id = self.identifier(id_node, "bank")
        self.require(fields, root, ("title", "questions"), "bank")
        title = self.finish(self.text(fields["title"][1], "title"), "title") if "title" in fields else None
        description = (
            self.finish(self.text(fields["description"][1], "description"), "description")
            if "description" in fields else None
        )
        version = self.integer(fields["version"][1], "version", 1) if "version" in fields else 1
        if "matching" in fields:
            self.tolerance = self.matching(fields["matching"][1], self.tolerance)
        sources = self.sources(fields["sources"][1]) if "sources" in fields else []
        rules, rule_nodes = self.rules(fields["rules"][1], sources) if "rules" in fields else ([], {})
        questions: list[Question] = []
        if "questions" in fields:
            questions = self.questions(fields["questions"][1], bank_id or "?", rules, rule_nodes)
        if bank_id is None or title is None:
            return None
        self.translation_warnings(questions)
        return Bank(
            id=bank_id, title=title, path=self.path, language=self.language, version=version or 1,
            description=description, sources=tuple(sources), rules=tuple(rules), questions=tuple(questions),
        )

    def sources(self, node: Node) -> list[Source]:
        out: list[Source] = []
        seen: dict[str, int] = {}
        for item in self.sequence(node, "sources") or []:
            fields = self.fields(item, SOURCE_KEYS, "source")
            if fields is None or not self.require(fields, item, ("id", "title"), "source"):
                continue
            source_id = self.identifier(fields["id"][1], "source id", SOURCE_ID_RE)
            title = self.finish(self.text(fields["title"][1], "source title"), "source title")
            url = self.scalar_text(fields["url"][1], "url") if "url" in fields else None
            if source_id is None or title is None:
                continue
            if source_id in seen:
                self.error(fields["id"][1], "duplicate-id", kind="source", id=source_id, first=seen[source_id])
                continue
            seen[source_id] = fields["id"][1].start_mark.line + 1
            out.append(Source(source_id, title, url))
        return out

    def rules(self, node: Node, sources: list[Source]) -> tuple[list[Rule], dict[str, Node]]:
        out: list[Rule] = []
        nodes: dict[str, Node] = {}
        source_ids = [s.id for s in sources]
        for item in self.sequence(node, "rules") or []:
            fields = self.fields(item, RULE_KEYS, "rule")
            if fields is None or not self.require(fields, item, ("id", "text"), "rule"):
                continue
            rule_id = self.identifier(fields["id"][1], "rule id")
            text = self.finish(self.text(fields["text"][1], "rule text"), "rule text")
            quote = self.finish(self.text(fields["quote"][1], "quote"), "quote") if "quote" in fields else None
            source = None
            if "source" in fields:
                source = self.scalar_text(fields["source"][1], "source")
                if source is not None and source_ids:
                    cited = source.split()[0]
                    if cited not in source_ids:
                        self.error(fields["source"][1], "unknown-source", value=cited,
                                   suggestion=suggest(cited, source_ids), known=", ".join(source_ids))
            if rule_id is None or text is None:
                continue
            if rule_id in nodes:
                first = nodes[rule_id].start_mark.line + 1
                self.error(fields["id"][1], "duplicate-id", kind="rule", id=rule_id, first=first)
                continue
            nodes[rule_id] = item
            out.append(Rule(rule_id, text, source, quote))
        return out, nodes

    def questions(self, node: Node, bank_id: str, rules: list[Rule], rule_nodes: dict[str, Node]) -> list[Question]:
        out: list[Question] = []
        seen: dict[str, int] = {}
        rule_ids = [r.id for r in rules]
        used_rules: set[str] = set()
        for item in self.sequence(node, "questions") or []:
            question = self.question(item, bank_id, rule_ids, used_rules)
            if question is None:
                continue
            if question.id in seen:
                self.error(item, "duplicate-id", kind="question", id=question.id, first=seen[question.id])
                continue
            seen[question.id] = item.start_mark.line + 1
            self.question_nodes[question.id] = item
            out.append(question)
        for rule_id, rule_node in rule_nodes.items():
            if rule_id not in used_rules:
                self.warn(rule_node, "rule-unused", rule=rule_id)
        return out

    def question(self, node: Node, bank_id: str, rule_ids: list[str], used_rules: set[str]) -> Question | None:
        probe = self.fields_probe(node)
        if probe is None:
            return None
        qtype = None
        type_node = probe.get("type")
        if type_node is not None:
            value = self.scalar_text(type_node, "type")
            if value is not None:
                if value in QUESTION_TYPES:
                    qtype = QuestionType(value)
                else:
                    self.error(type_node, "unknown-type", value=value, suggestion=suggest(value, QUESTION_TYPES),
                               types=", ".join(QUESTION_TYPES))
        if qtype is None:
            fields = self.fields(node, ALL_QUESTION_KEYS, "question")
        else:
            allowed = COMMON_QUESTION_KEYS + TYPE_KEYS[qtype]
            fields = self.fields(node, allowed, "question", _ELSEWHERE[qtype])
        assert fields is not None
        self.require(fields, node, ("id", "type", "prompt"), "question")
        qid = self.identifier(fields["id"][1], "question id") if "id" in fields else None
        prompt = self.finish(self.text(fields["prompt"][1], "prompt"), "prompt") if "prompt" in fields else None
        scenario = self.finish(self.text(fields["scenario"][1], "scenario"), "scenario") if "scenario" in fields else None
        explain = self.finish(self.text(fields["explain"][1], "explain"), "explain") if "explain" in fields else None
        difficulty = self.integer(fields["difficulty"][1], "difficulty", 1, 3) if "difficulty" in fields else 2
        points = self.points(fields["points"][1]) if "points" in fields else 1.0
        tags = self.tags(fields["tags"][1]) if "tags" in fields else ()
        rules = self.question_rules(fields, rule_ids, node)
        used_rules.update(rules)
        body = None
        if qtype is not None:
            if not self.require(fields, node, TYPE_REQUIRED[qtype], "question"):
                return None
            body = self.body(qtype, fields, prompt)
        if explain is None and "explain" not in fields:
            self.warn(node, "no-explain", question=qid or "?")
        examples = self.examples(fields["examples"][1]) if "examples" in fields else None
        tolerance = self.tolerance
        if "matching" in fields:
            tolerance = self.matching(fields["matching"][1], tolerance)
        typed = qtype in (QuestionType.FILL, QuestionType.SCRIPT)
        if qid is None or qtype is None or prompt is None or body is None or None in (difficulty, points):
            return None
        return Question(
            bank=bank_id, id=qid, type=qtype, prompt=prompt, body=body, rules=rules,
            difficulty=difficulty, points=points, tags=tags, scenario=scenario, explain=explain,  # type: ignore[arg-type]
            tolerance=tolerance if typed and tolerance != Tolerance() else None, examples=examples,
        )

    def matching(self, node: Node, base: Tolerance) -> Tolerance:
        """`matching:` settings (bank or question), each refining `base`."""
        fields = self.fields(node, MATCHING_KEYS, "matching")
        if fields is None:
            return base
        changes: dict[str, Any] = {}
        for name, (_, value) in fields.items():
            if name == "insertions":
                count = self.integer(value, "matching.insertions", 0, MAX_INSERTIONS)
                if count is not None:
                    changes[name] = count
            elif isinstance(value, ScalarNode) and value.tag == BOOL:
                changes[name] = value.value.lower() in ("true", "yes", "on", "y")
            elif value.tag in SAFE_TAGS:
                self.error(value, "wrong-type", field=f"matching.{name}", expected="boolean", got=_kind(value))
        from dataclasses import replace

        return replace(base, **changes)

    def examples(self, node: Node) -> Examples | None:
        """`examples: {accept: [...], reject: [...]}`; each list plain or per language (any lengths)."""
        fields = self.fields(node, EXAMPLE_KEYS, "examples")
        if fields is None:
            return None
        groups: dict[str, tuple[str, ...]] = {}
        for name, (_, value) in fields.items():
            lists = [value]
            if isinstance(value, MappingNode):
                lists = [item for _, item in self._translations(value)]
            texts: list[str] = []
            for entries in lists:
                for entry in self.sequence(entries, f"examples.{name}") or []:
                    text = self.scalar_text(entry, f"examples.{name}")
                    if text is not None:
                        texts.append(text)
            groups[name] = tuple(texts)
        return Examples(groups.get("accept", ()), groups.get("reject", ()))

    def fields_probe(self, node: Node) -> dict[str, Node] | None:
        """The raw key -> value map of a question, before its type is known."""
        if not isinstance(node, MappingNode):
            if node.tag in SAFE_TAGS:
                self.error(node, "wrong-type", field="question", expected="mapping", got=_kind(node))
            return None
        return {k.value: v for k, v in node.value if isinstance(k, ScalarNode)}

    def points(self, node: Node) -> float | None:
        if isinstance(node, ScalarNode) and node.tag in (INT, FLOAT):
            try:
                value = float(node.value.replace("_", ""))
            except ValueError:
                value = -1.0
            if 0 < value <= 1000:
                return value
        if node.tag in SAFE_TAGS:
            self.error(node, "bad-points", value=_shown(node))
        return None

    def tags(self, node: Node) -> tuple[str, ...]:
        out = []
        for item in self.sequence(node, "tags") or []:
            value = self.scalar_text(item, "tags")
            if value is not None:
                out.append(value)
        return tuple(out)

    def question_rules(self, fields: dict[str, tuple[ScalarNode, Node]], rule_ids: list[str], node: Node) -> tuple[str, ...]:
        if "rule" in fields and "rules" in fields:
            self.error(fields["rules"][0], "rule-and-rules")
        nodes: list[Node] = []
        if "rule" in fields:
            nodes = [fields["rule"][1]]
        elif "rules" in fields:
            nodes = self.sequence(fields["rules"][1], "rules") or []
        if not nodes:
            qid = fields["id"][1].value if "id" in fields and isinstance(fields["id"][1], ScalarNode) else "?"
            self.warn(node, "no-rule", question=qid)
            return ()
        out = []
        for item in nodes:
            value = self.scalar_text(item, "rule")
            if value is None:
                continue
            if value not in rule_ids:
                self.error(item, "unknown-rule", value=value, suggestion=suggest(value, rule_ids))
                continue
            out.append(value)
        return tuple(out)

    def scoring(self, fields: dict[str, tuple[ScalarNode, Node]]) -> Scoring:
        if "scoring" not in fields:
            return Scoring.PARTIAL
        node = fields["scoring"][1]
        value = self.scalar_text(node, "scoring")
        if value in ("partial", "all-or-nothing"):
            return Scoring(value)
        if value is not None:
            self.error(node, "bad-scoring", value=value, suggestion=suggest(value, ("partial", "all-or-nothing")))
        return Scoring.PARTIAL

    # -- bodies per type ---------------------------------------------------------------
    def body(self, qtype: QuestionType, fields: dict[str, tuple[ScalarNode, Node]], prompt: Text | None) -> Any:
        value = {name: pair[1] for name, pair in fields.items()}
        if qtype in (QuestionType.SINGLE, QuestionType.MULTI):
            return self.choice_body(qtype, value, fields)
        if qtype is QuestionType.TRUEFALSE:
            answer = value["answer"]
            if isinstance(answer, ScalarNode) and answer.tag == BOOL:
                return TrueFalseBody(answer.value.lower() in ("true", "yes", "on", "y"))
            if answer.tag in SAFE_TAGS:
                self.error(answer, "bad-answer", value=_shown(answer))
            return None
        if qtype is QuestionType.ORDER:
            steps = self.text_list(value["steps"], "steps")
            if steps is None:
                return None
            if len(steps) < 3:
                self.error(value["steps"], "order-too-few", count=len(steps))
                return None
            if not self.no_duplicates(list(zip(steps, self._nodes_of(value["steps"], len(steps)))), "steps"):
                return None
            return OrderBody(tuple(steps), self.scoring(fields))
        if qtype is QuestionType.FILL:
            return self.fill_body(value, prompt, fields.get("prompt"))
        if qtype is QuestionType.SCRIPT:
            return self.script_body(value)
        return self.match_body(value)

    def _nodes_of(self, node: Node, count: int) -> list[Node]:
        """The nodes of a list's items, for locating problems (per-language lists: the first language's)."""
        if isinstance(node, SequenceNode):
            return list(node.value)
        if isinstance(node, MappingNode) and node.value and isinstance(node.value[0][1], SequenceNode):
            return list(node.value[0][1].value)
        return [node] * count

    def text_list(self, node: Node, what: str) -> list[Text] | None:
        raw = self.items(node, what, self.text)
        if raw is None or any(item is None for item in raw):
            return None
        out = [self.finish(item, what) for item in raw]
        return None if any(item is None for item in out) else out  # type: ignore[return-value]

    def alternatives_list(self, node: Node, what: str) -> list[Alternatives] | None:
        raw = self.items(node, what, self.alternatives)
        if raw is None or any(item is None for item in raw):
            return None
        out = [self.finish_alternatives(item, what) for item in raw]
        return None if any(item is None for item in out) else out  # type: ignore[return-value]

    def choices(self, node: Node, what: str) -> list[Choice] | None:
        raw = self.items(node, what, self.choice)
        if raw is None or any(item is None for item in raw):
            return None
        out = []
        for text_tr, feedback_tr in raw:
            text = self.finish(text_tr, what)
            feedback = self.finish(feedback_tr, f"{what}.feedback") if feedback_tr is not None else None
            if text is None or (feedback_tr is not None and feedback is None):
                return None
            out.append(Choice(text, feedback))
        return out

    def no_duplicates(self, items: list[tuple[Text, Node]], what: str) -> bool:
        seen: dict[str, int] = {}
        ok = True
        for text, node in items:
            key = normalize(text.get()).text
            if key in seen:
                self.error(node, "duplicate-text", field=what, value=text.get(), first=seen[key])
                ok = False
            else:
                seen[key] = node.start_mark.line + 1
        return ok

    def choice_body(self, qtype: QuestionType, value: dict[str, Node], fields: dict) -> ChoiceBody | None:
        correct_node, wrong_node = value["correct"], value["wrong"]
        if qtype is QuestionType.SINGLE:
            if isinstance(correct_node, SequenceNode):
                self.error(correct_node, "single-one-correct")
                return None
            one = self.choice(correct_node, "correct")
            correct = None
            if one is not None:
                text = self.finish(one[0], "correct")
                correct = [Choice(text, self.finish(one[1], "correct.feedback") if one[1] else None)] if text else None
        else:
            correct = self.choices(correct_node, "correct")
        wrong = self.choices(wrong_node, "wrong")
        if correct is None or wrong is None:
            return None
        if not correct:
            self.error(correct_node, "empty-list", field="correct")
            return None
        if not wrong:
            self.error(wrong_node, "empty-list", field="wrong")
            return None
        correct_nodes = [correct_node] if qtype is QuestionType.SINGLE else self._nodes_of(correct_node, len(correct))
        wrong_nodes = self._nodes_of(wrong_node, len(wrong))
        ok = self.no_duplicates([(c.text, n) for c, n in zip(correct, correct_nodes)], "correct")
        ok = self.no_duplicates([(c.text, n) for c, n in zip(wrong, wrong_nodes)], "wrong") and ok
        correct_texts = {normalize(c.text.get()).text for c in correct}
        for choice, node in zip(wrong, wrong_nodes):
            if normalize(choice.text.get()).text in correct_texts:
                self.error(node, "correct-in-wrong", value=choice.text.get())
                ok = False
        if not ok:
            return None
        scoring = self.scoring(fields) if qtype is QuestionType.MULTI else Scoring.PARTIAL
        return ChoiceBody(tuple(correct), tuple(wrong), scoring)

    def fill_body(self, value: dict[str, Node], prompt: Text | None,
                  prompt_field: tuple[ScalarNode, Node] | None) -> FillBody | None:
        blanks = self.alternatives_list(value["blanks"], "blanks")
        if blanks is None or prompt is None or prompt_field is None:
            return None
        ok = True
        for code, text in prompt.values:
            found = len(BLANK_RE.findall(text))
            if found != len(blanks):
                self.error(prompt_field[1], "blank-count", lang=code, blanks=found, answers=len(blanks))
                ok = False
        return FillBody(tuple(blanks)) if ok and blanks else None

    def script_body(self, value: dict[str, Node]) -> ScriptBody | None:
        must = self.alternatives_list(value["must"], "must")
        if must is not None and not must:
            self.error(value["must"], "script-no-must")
            return None
        should = self.alternatives_list(value["should"], "should") if "should" in value else []
        never = self.forbidden_list(value["never"]) if "never" in value else []
        model = self.finish(self.text(value["model"], "model"), "model")
        if must is None or should is None or never is None or model is None:
            return None
        ok = True
        for code, answer in model.values:
            for forbidden in never:
                hit = found_variant(answer, forbidden.phrase)
                if hit is not None and forbidden.unless is not None and found_variant(answer, forbidden.unless):
                    hit = None
                if hit is not None:
                    self.error(value["model"], "never-in-model", lang=code, phrase=hit)
                    ok = False
            missing = [group.get(code)[0] for group in must if found_variant(answer, group) is None]
            if missing:
                self.warn(value["model"], "model-misses-must", lang=code, phrases=" / ".join(missing))
        return ScriptBody(tuple(must), tuple(never), model, tuple(should)) if ok else None

    def forbidden(self, node: Node, what: str, lang: str | None = None) -> tuple[Tr, Tr | None] | None:
        """A forbidden phrase: a text or list of variants, or `{phrase: ..., unless: [...]}`."""
        if isinstance(node, MappingNode) and any(
            isinstance(k, ScalarNode) and k.value in FORBIDDEN_KEYS for k, _ in node.value
        ):
            fields = self.fields(node, FORBIDDEN_KEYS, what)
            if fields is None or not self.require(fields, node, ("phrase",), what):
                return None
            phrase = self.alternatives(fields["phrase"][1], f"{what}.phrase", lang)
            unless = self.alternatives(fields["unless"][1], f"{what}.unless", lang) if "unless" in fields else None
            return None if phrase is None else (phrase, unless)
        phrase = self.alternatives(node, what, lang)
        return None if phrase is None else (phrase, None)

    def forbidden_list(self, node: Node) -> list[Forbidden] | None:
        raw = self.items(node, "never", self.forbidden)
        if raw is None or any(item is None for item in raw):
            return None
        out = []
        for phrase_tr, unless_tr in raw:
            phrase = self.finish_alternatives(phrase_tr, "never")
            unless = self.finish_alternatives(unless_tr, "never.unless") if unless_tr is not None else None
            if phrase is None or (unless_tr is not None and unless is None):
                return None
            out.append(Forbidden(phrase, unless))
        return out

    def match_body(self, value: dict[str, Node]) -> MatchBody | None:
        raw = self.items(value["pairs"], "pairs", self.pair)
        if raw is None or any(item is None for item in raw):
            return None
        pairs = []
        for left_tr, right_tr in raw:
            left, right = self.finish(left_tr, "pairs"), self.finish(right_tr, "pairs")
            if left is None or right is None:
                return None
            pairs.append(Pair(left, right))
        if len(pairs) < 2:
            self.error(value["pairs"], "match-too-few", count=len(pairs))
            return None
        decoys = self.text_list(value["wrong"], "wrong") if "wrong" in value else []
        if decoys is None:
            return None
        pair_nodes = self._nodes_of(value["pairs"], len(pairs))
        ok = self.no_duplicates([(p.left, n) for p, n in zip(pairs, pair_nodes)], "pairs")
        rights = [(p.right, n) for p, n in zip(pairs, pair_nodes)]
        rights += list(zip(decoys, self._nodes_of(value["wrong"], len(decoys)))) if decoys else []
        ok = self.no_duplicates(rights, "pairs/wrong") and ok
        return MatchBody(tuple(pairs), tuple(decoys)) if ok else None

    def translation_warnings(self, questions: list[Question]) -> None:
        """Warn about questions that lack a language the rest of the bank is translated into."""
        languages: set[str] = set()
        per_question = []
        for question in questions:
            texts = list(texts_of(question))
            for _, text in texts:
                languages.update(text.languages)
            per_question.append((question, texts))
        if len(languages) < 2:
            return
        for question, texts in per_question:
            for lang in sorted(languages - {self.language}):
                missing = [name for name, text in texts if lang not in text.languages]
                if missing:
                    self.warn(self.question_nodes.get(question.id), "missing-translation", question=question.id, lang=lang,
                              fields=", ".join(dict.fromkeys(missing)))

    # -- exams -------------------------------------------------------------------------
    def exam(self, root: MappingNode, result: FileResult) -> Exam | None:
        fields = self.fields(root, EXAM_KEYS, "exam")
        assert fields is not None
        key_node, id_node = fields["exam"]
        result.id_position = (key_node.start_mark.line + 1, key_node.start_mark.column + 1)
        exam_id = self.identifier(id_node, "exam")
        self.require(fields, root, ("title", "sections"), "exam")
        title = self.finish(self.text(fields["title"][1], "title"), "title") if "title" in fields else None
        description = (
            self.finish(self.text(fields["description"][1], "description"), "description")
            if "description" in fields else None
        )
        time_limit = self.duration(fields["time_limit"][1]) if "time_limit" in fields else None
        pass_mark = self.pass_mark(fields["pass_mark"][1]) if "pass_mark" in fields else 0.6
        feedback = FeedbackMode.END
        if "feedback" in fields:
            node = fields["feedback"][1]
            value = self.scalar_text(node, "feedback")
            if value in ("end", "immediate"):
                feedback = FeedbackMode(value)
            elif value is not None:
                self.error(node, "bad-feedback", value=value, suggestion=suggest(value, ("end", "immediate")))
        sections: list[Section] = []
        if "sections" in fields:
            items = self.sequence(fields["sections"][1], "sections")
            if items is not None and not items:
                self.error(fields["sections"][1], "empty-list", field="sections")
            for item in items or []:
                section = self.section(item, result)
                if section is not None:
                    sections.append(section)
        if exam_id is None or title is None or pass_mark is None:
            return None
        return Exam(
            id=exam_id, title=title, path=self.path, sections=tuple(sections), time_limit=time_limit,
            pass_mark=pass_mark, feedback=feedback, description=description,
        )

    def duration(self, node: Node) -> int | None:
        raw = node.value if isinstance(node, ScalarNode) and node.tag == STR else None
        match = DURATION_RE.match(raw.strip()) if raw else None
        if match and any(match.groups()):
            hours, minutes, seconds = (int(g or 0) for g in match.groups())
            total = hours * 3600 + minutes * 60 + seconds
            if total > 0:
                return total
        if node.tag in SAFE_TAGS:
            self.error(node, "bad-time-limit", value=_shown(node))
        return None

    def pass_mark(self, node: Node) -> float | None:
        value: float | None = None
        if isinstance(node, ScalarNode):
            match = PERCENT_RE.match(node.value.strip()) if node.tag == STR else None
            if match:
                value = float(match.group(1)) / 100
            elif node.tag == FLOAT:
                value = float(node.value)
        if value is not None and 0 < value <= 1:
            return value
        if node.tag in SAFE_TAGS:
            self.error(node, "bad-pass-mark", value=_shown(node))
        return None

    def section(self, node: Node, result: FileResult) -> Section | None:
        fields = self.fields(node, SECTION_KEYS, "section")
        if fields is None:
            return None
        if ("bank" in fields) == ("questions" in fields):
            self.error(node, "section-source")
            return None
        if "questions" in fields:
            for key in ("count", "types", "difficulty", "tags"):
                if key in fields:
                    self.error(fields[key][0], "section-filter-on-list", key=key)
            keys, positions = [], []
            items = self.flexible_list(fields["questions"][1], "questions")
            if items is not None and not items:
                self.error(fields["questions"][1], "empty-list", field="questions")
            for item in items or []:
                value = self.scalar_text(item, "questions")
                if value is None:
                    continue
                if "/" not in value:
                    self.error(item, "question-key-format", value=value)
                    continue
                keys.append(value)
                positions.append((item.start_mark.line + 1, item.start_mark.column + 1))
            if not keys:
                return None
            result.section_positions.append((node.start_mark.line + 1, node.start_mark.column + 1))
            result.section_question_positions.append(positions)
            return Section(questions=tuple(keys))
        bank = self.identifier(fields["bank"][1], "bank")
        count = self.integer(fields["count"][1], "count", 1) if "count" in fields else None
        types = []
        for item in self.flexible_list(fields["types"][1], "types") if "types" in fields else []:
            value = self.scalar_text(item, "types")
            if value is not None and value not in QUESTION_TYPES:
                self.error(item, "unknown-type", value=value, suggestion=suggest(value, QUESTION_TYPES),
                           types=", ".join(QUESTION_TYPES))
            elif value is not None:
                types.append(value)
        difficulty = []
        for item in self.flexible_list(fields["difficulty"][1], "difficulty") if "difficulty" in fields else []:
            level = self.integer(item, "difficulty", 1, 3)
            if level is not None:
                difficulty.append(level)
        tags = self.tags_flexible(fields["tags"][1]) if "tags" in fields else ()
        if bank is None:
            return None
        result.section_positions.append((node.start_mark.line + 1, node.start_mark.column + 1))
        result.section_question_positions.append([])
        return Section(bank=bank, count=count, types=tuple(types), difficulty=tuple(difficulty), tags=tags)

    def tags_flexible(self, node: Node) -> tuple[str, ...]:
        return tuple(v for v in (self.scalar_text(i, "tags") for i in self.flexible_list(node, "tags") or []) if v)


def texts_of(question: Question) -> Iterable[tuple[str, Text | Alternatives]]:
    """Every text of a question with the name of its field."""
    yield "prompt", question.prompt
    if question.scenario:
        yield "scenario", question.scenario
    if question.explain:
        yield "explain", question.explain
    body = question.body
    if isinstance(body, ChoiceBody):
        for name, group in (("correct", body.correct), ("wrong", body.wrong)):
            for choice in group:
                yield name, choice.text
                if choice.feedback:
                    yield f"{name}.feedback", choice.feedback
    elif isinstance(body, OrderBody):
        for step in body.steps:
            yield "steps", step
    elif isinstance(body, FillBody):
        for blank in body.blanks:
            yield "blanks", blank
    elif isinstance(body, ScriptBody):
        yield "model", body.model
        for name, groups in (("must", body.must), ("should", body.should)):
            for group in groups:
                yield name, group
        for forbidden in body.never:
            yield "never", forbidden.phrase
            if forbidden.unless is not None:
                yield "never.unless", forbidden.unless
    elif isinstance(body, MatchBody):
        for pair in body.pairs:
            yield "pairs", pair.left
            yield "pairs", pair.right
        for decoy in body.decoys:
            yield "wrong", decoy


def _owner_types(key: str) -> str:
    return ", ".join(t for t, keys in TYPE_KEYS.items() if key in keys)


# For each type: the keys that belong to other types -> those types ("" -> this type).
_ELSEWHERE: dict[str, dict[str, str]] = {
    qtype: {"": qtype, **{key: _owner_types(key) for key in ALL_QUESTION_KEYS
                          if key not in COMMON_QUESTION_KEYS + TYPE_KEYS[qtype]}}
    for qtype in TYPE_KEYS
}


def _kind(node: Node) -> str:
    if isinstance(node, MappingNode):
        return "mapping"
    if isinstance(node, SequenceNode):
        return "list"
    return {BOOL: "boolean", INT: "number", FLOAT: "number", NULL: "empty"}.get(node.tag, "text")


def _shown(node: Node) -> str:
    if isinstance(node, ScalarNode):
        value = node.value
        return value if len(value) <= 40 else value[:37] + "..."
    return _kind(node)


def _slug(value: str) -> str | None:
    slug = re.sub(r"[^a-z0-9]+", "-", value.lower()).strip("-")
    return slug or None


# -- files ---------------------------------------------------------------------------------


def display_path(path: Path) -> str:
    """A path as the user would type it: relative to the working directory when inside it."""
    try:
        rel = os.path.relpath(path)
    except ValueError:  # another drive on Windows
        return str(path)
    return rel if not rel.startswith("..") else str(path)


def load_file(path: Path, shown: str | None = None) -> FileResult:
    """Read, check and build one bank or exam file."""
    import gc

    # Loading allocates a node per YAML value and a frozen object per model value, none of
    # them cyclic: collection passes during the load find nothing and cost half its time.
    enabled = gc.isenabled()
    gc.disable()
    try:
        return _load_file(path, shown or display_path(path))
    finally:
        if enabled:
            gc.enable()


def _load_file(path: Path, shown: str) -> FileResult:
    reader = _Reader(shown)

    def report(code: str, line: int, col: int, **args: Any) -> None:
        reader.error((line, col), code, **args)

    try:
        size = path.stat().st_size
        if size > yamlsafe.MAX_FILE_BYTES:
            report("file-too-large", 1, 1, size=size // (1024 * 1024), limit=yamlsafe.MAX_FILE_BYTES // (1024 * 1024))
            return FileResult(shown, None, reader.problems)
        data = path.read_bytes()
    except OSError as exc:
        report("file-unreadable", 1, 1, reason=exc.strerror or str(exc))
        return FileResult(shown, None, reader.problems)
    text = yamlsafe.decode(data, report)
    if text is None:
        return FileResult(shown, None, reader.problems)
    root = yamlsafe.compose(text, report)
    if root is None:
        if not reader.problems:
            report("empty-file", 1, 1)
        return FileResult(shown, None, reader.problems)
    if not yamlsafe.check_graph(root, report):
        return FileResult(shown, None, reader.problems)
    document, result = reader.document(root)
    if any(p.severity == ERROR for p in reader.problems):
        document = None
    result.document = document
    result.problems = reader.problems
    return result


def bundled_banks_dir() -> Path:
    """The banks shipped inside the package (the repository's top-level `banks/`)."""
    from importlib.resources import files

    return Path(str(files("etiquette_quiz.bundled_banks")))


def discover(paths: Iterable[Path]) -> list[Path]:
    """Every YAML file named or inside the folders named, in a stable order."""
    out: list[Path] = []
    for path in paths:
        if path.is_dir():
            found = sorted(
                p for p in path.rglob("*")
                if p.suffix.lower() in YAML_SUFFIXES and p.is_file()
                and not any(part.startswith(".") for part in p.relative_to(path).parts)
            )
            out.extend(found)
        elif path.is_file():
            out.append(path)
        else:
            raise UserError("error.no-such-path", path=str(path))
    return list(dict.fromkeys(out))


@dataclass
class LoadResult:
    library: Library
    files: list[FileResult]

    @property
    def problems(self) -> list[Problem]:
        return sorted((p for f in self.files for p in f.problems), key=Problem.sort_key)

    @property
    def errors(self) -> list[Problem]:
        return [p for p in self.problems if p.severity == ERROR]

    @property
    def warnings(self) -> list[Problem]:
        return [p for p in self.problems if p.severity == WARNING]


def load_paths(
    paths: Sequence[Path], base: Callable[[], Library] | None = None, bundled: Sequence[Path] = ()
) -> LoadResult:
    """Load files and folders, then run the cross-file checks.

    `base` gives already-loaded banks that exams may draw from (the library, when validating
    single files); it is only called when an exam names a bank the files do not hold. Files
    under `bundled` may be replaced by a trainer's bank or exam of the same id.
    """
    return check_files([load_file(p) for p in discover(paths)], base=base, bundled=bundled)


def check_files(
    files: list[FileResult], base: Callable[[], Library] | None = None, bundled: Sequence[Path] = ()
) -> LoadResult:
    """The checks that span files: duplicate ids, and exams resolved against the banks."""
    bundled_names = {display_path(p) for p in discover(bundled)} if bundled else set()
    banks: dict[str, tuple[Bank, FileResult]] = {}
    exams: dict[str, tuple[Exam, FileResult]] = {}
    for result in files:
        doc = result.document
        if doc is None:
            continue
        table: dict = banks if isinstance(doc, Bank) else exams
        if doc.id in table:
            first = table[doc.id][1]
            if first.path in bundled_names and result.path not in bundled_names:
                table[doc.id] = (doc, result)  # a trainer's own copy replaces the bundled one
                continue
            line, col = result.id_position
            kind = "bank" if isinstance(doc, Bank) else "exam"
            result.problems.append(Problem(result.path, line, col, ERROR, "duplicate-document",
                                           {"kind": kind, "id": doc.id, "first": f"{first.path}:{first.id_position[0]}"}))
            result.document = None
            continue
        table[doc.id] = (doc, result)
    library = Library(banks=tuple(b for b, _ in banks.values()), exams=tuple(e for e, _ in exams.values()))
    if base is not None and any(_needs_more(exam, library) for exam, _ in exams.values()):
        extra = base()
        library = Library(
            banks=library.banks + tuple(b for b in extra.banks if b.id not in banks),
            exams=library.exams + tuple(e for e in extra.exams if e.id not in exams),
        )
    broken = {f.declared[1]: f.path for f in files if f.document is None and f.declared and f.declared[0] == "bank"
              and any(p.severity == ERROR for p in f.problems)}
    for exam, result in exams.values():
        _check_exam(exam, result, library, broken)
    library = Library(banks=library.banks, exams=tuple(e for e in library.exams if _exam_ok(e, exams)))
    return LoadResult(library, files)


def _exam_ok(exam: Exam, loaded: dict[str, tuple[Exam, FileResult]]) -> bool:
    """An exam whose sections failed the cross-file checks is not offered."""
    entry = loaded.get(exam.id)
    return entry is None or entry[1].document is not None


def _needs_more(exam: Exam, library: Library) -> bool:
    return any(
        (section.bank is not None and library.bank(section.bank) is None)
        or any(library.question(key) is None for key in section.questions)
        for section in exam.sections
    )


def _check_exam(exam: Exam, result: FileResult, library: Library, broken: dict[str, str]) -> None:
    """Resolve an exam's sections against the loaded banks."""
    bank_ids = [b.id for b in library.banks]
    keys = [q.key for q in library.questions]
    listed: set[str] = set()
    for index, section in enumerate(exam.sections):
        line, col = result.section_positions[index] if index < len(result.section_positions) else result.id_position
        if section.bank is not None:
            bank = library.bank(section.bank)
            if bank is None and section.bank in broken:
                result.problems.append(Problem(result.path, line, col, ERROR, "bank-has-errors",
                                               {"value": section.bank, "file": broken[section.bank]}))
                continue
            if bank is None:
                result.problems.append(Problem(result.path, line, col, ERROR, "unknown-bank",
                                               {"value": section.bank, "suggestion": suggest(section.bank, bank_ids)}))
                continue
            available = sum(1 for q in bank.questions if section.matches(q))
            wanted = section.count if section.count is not None else available
            if available == 0 or wanted > available:
                result.problems.append(Problem(result.path, line, col, ERROR, "section-short",
                                               {"bank": section.bank, "wanted": wanted, "available": available}))
        for i, key in enumerate(section.questions):
            positions = result.section_question_positions[index] if index < len(result.section_question_positions) else []
            qline, qcol = positions[i] if i < len(positions) else (line, col)
            if library.question(key) is None and key.split("/")[0] in broken:
                result.problems.append(Problem(result.path, qline, qcol, ERROR, "bank-has-errors",
                                               {"value": key.split("/")[0], "file": broken[key.split("/")[0]]}))
            elif library.question(key) is None:
                result.problems.append(Problem(result.path, qline, qcol, ERROR, "unknown-question",
                                               {"value": key, "suggestion": suggest(key, keys)}))
            elif key in listed:
                result.problems.append(Problem(result.path, qline, qcol, WARNING, "question-twice", {"value": key}))
            listed.add(key)
    if any(p.severity == ERROR for p in result.problems):
        result.document = None


def load_library(extra: Sequence[Path] = (), include_bundled: bool = True) -> LoadResult:
    """The bundled banks plus extra folders (config file and --banks), with every problem."""
    bundled = [bundled_banks_dir()] if include_bundled else []
    return load_paths(bundled + list(extra), bundled=bundled)
