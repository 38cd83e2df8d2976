"""A file's document: a bank (sources, rules, questions) or an exam, with the warnings of one file.

The common fields of every question are read here; each type's own fields are read by
bodies.BODY_READERS, and exams by exams.read_exam.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import replace
from fractions import Fraction
from typing import Any

from yaml.nodes import MappingNode, Node, ScalarNode

from ..errors import suggest
from ..model import (
    DEFAULT_PASS_MARK,
    QUESTION_TYPES,
    Bank,
    Examples,
    Question,
    QuestionType,
    Rule,
    Source,
    Tolerance,
)
from .bodies import BODY_READERS, texts_of
from .keys import (
    ALL_QUESTION_KEYS,
    BANK_KEYS,
    COMMON_QUESTION_KEYS,
    ELSEWHERE,
    EXAMPLE_KEYS,
    LANG_RE,
    LINT_CODE_RE,
    LINT_KEYS,
    MATCHING_KEYS,
    MAX_INSERTIONS,
    RULE_KEYS,
    SOURCE_ID_RE,
    SOURCE_KEYS,
    TYPE_KEYS,
    TYPE_REQUIRED,
)
from .reader import Fields, FileResult, NodeReader, canonical_language, kind, position_of, shown
from .yamlsafe import FLOAT, INT, SAFE_TAGS

TYPED_ANSWERS = (QuestionType.FILL, QuestionType.SCRIPT)
# Texts that belong to one language and need no translation: the polite uses that excuse a
# forbidden phrase are particular to how that language says it.
UNTRANSLATED = frozenset({"never.unless"})


def read_document(r: NodeReader, root: Node) -> FileResult:
    """The bank or exam of a file's root node, with the problems found."""
    from .exams import read_exam

    result = FileResult(r.path)
    if isinstance(root, MappingNode):
        for key, value in root.value:
            if isinstance(key, ScalarNode) and key.value in ("bank", "exam") and isinstance(value, ScalarNode):
                result.declared = (key.value, value.value)
    if not isinstance(root, MappingNode):
        r.error(root, "not-a-document", got=kind(root))
        return result
    keys = {k.value for k, _ in root.value if isinstance(k, ScalarNode)}
    if "bank" in keys and "exam" in keys:
        r.error(root, "bank-and-exam")
        return result
    if "bank" in keys:
        result.document = read_bank(r, root, result)
    elif "exam" in keys:
        result.document = read_exam(r, root, result)
    else:
        first = next((k for k, _ in root.value if isinstance(k, ScalarNode)), None)
        guess = suggest(first.value, ("bank", "exam")) if first is not None else None
        r.error(first or root, "no-document-key", suggestion=guess)
    return result


def read_bank(r: NodeReader, root: MappingNode, result: FileResult) -> Bank | None:
    """A bank document."""
    fields = r.fields(root, BANK_KEYS, "bank")
    assert fields is not None
    if "language" in fields:
        node = fields["language"][1]
        value = r.scalar_text(node, "language")
        if value is not None:
            if LANG_RE.match(value):
                r.language = canonical_language(value)
            else:
                r.error(node, "bad-language", value=value, suggestion=None)
    key_node, id_node = fields["bank"]
    result.id_position = position_of(key_node)
    bank_id = r.identifier(id_node, "bank")
    r.require(fields, root, ("title", "questions"), "bank")
    title = r.finish(r.text(fields["title"][1], "title"), "title") if "title" in fields else None
    description = (
        r.finish(r.text(fields["description"][1], "description"), "description") if "description" in fields else None
    )
    version = r.integer(fields["version"][1], "version", 1) if "version" in fields else 1
    if "matching" in fields:
        r.tolerance = read_matching(r, fields["matching"][1], r.tolerance)
    lint_ignore = read_lint(r, fields["lint"][1]) if "lint" in fields else ()
    sources = read_sources(r, fields["sources"][1]) if "sources" in fields else []
    rules, rule_nodes = read_rules(r, fields["rules"][1], sources) if "rules" in fields else ([], {})
    questions: list[Question] = []
    if "questions" in fields:
        questions = read_questions(r, fields["questions"][1], bank_id or "?", rules, rule_nodes)
    if bank_id is None or title is None:
        return None
    translation_warnings(r, questions)
    return Bank(
        id=bank_id, title=title, path=r.path, language=r.language, version=version or 1,
        description=description, sources=tuple(sources), rules=tuple(rules), questions=tuple(questions),
        lint_ignore=lint_ignore,
    )


def read_sources(r: NodeReader, node: Node) -> list[Source]:
    """The documents a bank's rules cite."""
    out: list[Source] = []
    seen: dict[str, int] = {}
    for item in r.sequence(node, "sources") or []:
        fields = r.fields(item, SOURCE_KEYS, "source")
        if fields is None or not r.require(fields, item, ("id", "title"), "source"):
            continue
        source_id = r.identifier(fields["id"][1], "source id", SOURCE_ID_RE)
        title = r.finish(r.text(fields["title"][1], "source title"), "source title")
        url = r.scalar_text(fields["url"][1], "url") if "url" in fields else None
        if source_id is None or title is None:
            continue
        if source_id in seen:
            r.error(fields["id"][1], "duplicate-id", kind="source", id=source_id, first=seen[source_id])
            continue
        seen[source_id] = position_of(fields["id"][1])[0]
        out.append(Source(source_id, title, url))
    return out


def read_rules(r: NodeReader, node: Node, sources: list[Source]) -> tuple[list[Rule], dict[str, Node]]:
    """A bank's rules, and the node of each (to warn about rules no question tests)."""
    out: list[Rule] = []
    nodes: dict[str, Node] = {}
    source_ids = [s.id for s in sources]
    for item in r.sequence(node, "rules") or []:
        fields = r.fields(item, RULE_KEYS, "rule")
        if fields is None or not r.require(fields, item, ("id", "text"), "rule"):
            continue
        rule_id = r.identifier(fields["id"][1], "rule id")
        text = r.finish(r.text(fields["text"][1], "rule text"), "rule text")
        quote = r.finish(r.text(fields["quote"][1], "quote"), "quote") if "quote" in fields else None
        source = None
        if "source" in fields:
            source = r.scalar_text(fields["source"][1], "source")
            if source is not None and source_ids:
                cited = source.split()[0]
                if cited not in source_ids:
                    r.error(fields["source"][1], "unknown-source", value=cited,
                            suggestion=suggest(cited, source_ids), known=", ".join(source_ids))
        if rule_id is None or text is None:
            continue
        if rule_id in nodes:
            r.error(fields["id"][1], "duplicate-id", kind="rule", id=rule_id, first=position_of(nodes[rule_id])[0])
            continue
        nodes[rule_id] = item
        out.append(Rule(rule_id, text, source, quote))
    return out, nodes


def read_questions(r: NodeReader, node: Node, bank_id: str, rules: list[Rule],
                   rule_nodes: dict[str, Node]) -> list[Question]:
    """A bank's questions; ids must be unique, and every rule should be tested."""
    out: list[Question] = []
    seen: dict[str, int] = {}
    rule_ids = [rule.id for rule in rules]
    used_rules: set[str] = set()
    for item in r.sequence(node, "questions") or []:
        question = read_question(r, item, bank_id, rule_ids, used_rules)
        if question is None:
            continue
        if question.id in seen:
            r.error(item, "duplicate-id", kind="question", id=question.id, first=seen[question.id])
            continue
        seen[question.id] = position_of(item)[0]
        r.question_nodes[question.id] = item
        out.append(question)
    for rule_id, rule_node in rule_nodes.items():
        if rule_id not in used_rules:
            r.warn(rule_node, "rule-unused", rule=rule_id)
    return out


def read_question(r: NodeReader, node: Node, bank_id: str, rule_ids: list[str],
                  used_rules: set[str]) -> Question | None:
    """One question: the common fields here, the type's own fields by its body reader."""
    if not isinstance(node, MappingNode):
        if node.tag in SAFE_TAGS:
            r.error(node, "wrong-type", field="question", expected="mapping", got=kind(node))
        return None
    probe = {k.value: v for k, v in node.value if isinstance(k, ScalarNode)}
    qtype = None
    type_node = probe.get("type")
    if type_node is not None:
        value = r.scalar_text(type_node, "type")
        if value is not None:
            if value in QUESTION_TYPES:
                qtype = QuestionType(value)
            else:
                r.error(type_node, "unknown-type", value=value, suggestion=suggest(value, QUESTION_TYPES),
                        types=", ".join(QUESTION_TYPES))
    allowed = ALL_QUESTION_KEYS if qtype is None else COMMON_QUESTION_KEYS + TYPE_KEYS[qtype]
    fields = r.fields(node, allowed, "question", None if qtype is None else ELSEWHERE[qtype])
    assert fields is not None
    named = probe.get("id")
    label = named.value if isinstance(named, ScalarNode) and named.value else "?"
    # A misspelt key (`promt`) is already reported with "did you mean `prompt`?": not as missing too.
    typos = {suggest(key, allowed) for key in probe if key not in allowed}
    require_question(r, fields, node, ("id", "type", "prompt"), label, typos)

    def text(name: str) -> Any:
        return r.finish(r.text(fields[name][1], name), name) if name in fields else None

    qid = r.identifier(fields["id"][1], "question id") if "id" in fields else None
    prompt, scenario, explain = text("prompt"), text("scenario"), text("explain")
    difficulty = r.integer(fields["difficulty"][1], "difficulty", 1, 3) if "difficulty" in fields else 2
    points = read_points(r, fields["points"][1]) if "points" in fields else Fraction(1)
    tags = r.texts(fields["tags"][1], "tags") if "tags" in fields else ()
    rules = question_rules(r, fields, rule_ids, node)
    used_rules.update(rules)
    body = None
    if qtype is not None:
        if not require_question(r, fields, node, TYPE_REQUIRED[qtype], label, typos):
            return None
        body = BODY_READERS[qtype](r, fields, prompt)
    if explain is None and "explain" not in fields:
        r.warn(node, "no-explain", question=qid or "?")
    examples = read_examples(r, fields["examples"][1]) if "examples" in fields else None
    lint_ignore = read_lint(r, fields["lint"][1]) if "lint" in fields else ()
    tolerance = read_matching(r, fields["matching"][1], r.tolerance) if "matching" in fields else r.tolerance
    if qid is None or qtype is None or prompt is None or body is None or difficulty is None or points is None:
        return None
    question = Question(
        bank=bank_id, id=qid, type=qtype, prompt=prompt, body=body, rules=rules, difficulty=difficulty,
        points=points, tags=tags, scenario=scenario, explain=explain,
        tolerance=tolerance if qtype in TYPED_ANSWERS and tolerance != Tolerance() else None, examples=examples,
        lint_ignore=lint_ignore,
    )
    if examples is not None:
        check_examples(r, question, fields["examples"][1])
    return question


# What to write for a field a question lacks, where "add `field:`" alone does not say it.
FIELD_EXAMPLES = {"answer": "answer: true / answer: false", "type": "type: single", "correct": "correct: …"}


def require_question(r: NodeReader, fields: Fields, node: Node, names: Sequence[str], question: str,
                     typos: set[str | None]) -> bool:
    """Whether the question has every named field; each missing one is reported with the question's id,
    except one a misspelt key stands for (reported as that typo)."""
    ok = True
    for name in names:
        if name not in fields:
            ok = False
            if name not in typos:
                r.error(node, "question-missing-field", field=name, question=question,
                        suggestion=FIELD_EXAMPLES.get(name))
    return ok


def check_examples(r: NodeReader, question: Question, node: Node) -> None:
    """Grade the key's own examples: each accepted one must earn full marks, each rejected one stay
    under the default pass mark. A failure is a warning at the example, naming what went wrong: the
    key still grades (the bank stays usable), and `bank validate --strict` fails, as CI should."""
    from ..grading import example_failures

    failures = example_failures(question, pass_fraction=DEFAULT_PASS_MARK)
    if not failures:
        return
    where: dict[str, Node] = {}
    for item in _scalars(node):
        where.setdefault(item.value, item)
    for failure in failures:
        r.warn(where.get(failure.example, node), failure.code, **failure.args)


def _scalars(node: Node) -> list[ScalarNode]:
    """Every scalar under a node (the example texts), in file order."""
    if isinstance(node, ScalarNode):
        return [node]
    if isinstance(node, MappingNode):
        return [item for _, value in node.value for item in _scalars(value)]
    return [item for child in node.value for item in _scalars(child)]


def read_points(r: NodeReader, node: Node) -> Fraction | None:
    """A question's points: a number above 0, at most 1000, exactly as written (1.5 is 3/2, 0.1 is 1/10)."""
    if isinstance(node, ScalarNode) and node.tag in (INT, FLOAT):
        try:
            value = Fraction(node.value.replace("_", ""))
        except (ValueError, ZeroDivisionError):
            value = Fraction(-1)
        if 0 < value <= 1000:
            return value
    if node.tag in SAFE_TAGS:
        r.error(node, "bad-points", value=shown(node))
    return None


def question_rules(r: NodeReader, fields: Fields, rule_ids: list[str], node: Node) -> tuple[str, ...]:
    """The rules a question tests (`rule:` or `rules:`), each one of the bank's."""
    if "rule" in fields and "rules" in fields:
        r.error(fields["rules"][0], "rule-and-rules")
    nodes: list[Node] = []
    if "rule" in fields:
        nodes = [fields["rule"][1]]
    elif "rules" in fields:
        nodes = r.sequence(fields["rules"][1], "rules") or []
    if not nodes:
        qid = fields["id"][1].value if "id" in fields and isinstance(fields["id"][1], ScalarNode) else "?"
        r.warn(node, "no-rule", question=qid)
        return ()
    out = []
    for item in nodes:
        value = r.scalar_text(item, "rule")
        if value is None:
            continue
        if value not in rule_ids:
            r.error(item, "unknown-rule", value=value, suggestion=suggest(value, rule_ids))
            continue
        out.append(value)
    return tuple(out)


def read_matching(r: NodeReader, node: Node, base: Tolerance) -> Tolerance:
    """`matching:` settings (bank or question), each refining `base`."""
    fields = r.fields(node, MATCHING_KEYS, "matching")
    if fields is None:
        return base
    changes: dict[str, Any] = {}
    for name, (_, value) in fields.items():
        if name == "insertions":
            setting: int | bool | None = r.integer(value, "matching.insertions", 0, MAX_INSERTIONS)
        else:
            setting = r.boolean(value, f"matching.{name}")
        if setting is not None:
            changes[name] = setting
    return replace(base, **changes)


def read_lint(r: NodeReader, node: Node) -> tuple[str, ...]:
    """`lint: {ignore: [check, ...], why: ...}`: checks silenced on purpose; the reason is required."""
    fields = r.fields(node, LINT_KEYS, "lint")
    if fields is None or not r.require(fields, node, ("ignore", "why"), "lint"):
        return ()
    r.finish(r.text(fields["why"][1], "lint.why"), "lint.why")
    codes = []
    for item in r.flexible_list(fields["ignore"][1], "lint.ignore") or []:
        code = r.scalar_text(item, "lint.ignore")
        if code is not None and LINT_CODE_RE.match(code):
            codes.append(code)
        elif code is not None:
            r.error(item, "bad-id", field="lint.ignore", value=code, suggestion=None)
    return tuple(codes)


def read_examples(r: NodeReader, node: Node) -> Examples | None:
    """`examples: {accept: [...], reject: [...]}`; each list plain or per language (any lengths)."""
    fields = r.fields(node, EXAMPLE_KEYS, "examples")
    if fields is None:
        return None
    groups: dict[str, tuple[str, ...]] = {}
    for name, (_, value) in fields.items():
        lists = [item for _, item in r.translations(value)] if isinstance(value, MappingNode) else [value]
        texts: list[str] = []
        for entries in lists:
            texts.extend(r.texts(entries, f"examples.{name}"))
        groups[name] = tuple(texts)
    return Examples(groups.get("accept", ()), groups.get("reject", ()))


MANY_UNTRANSLATED = 3  # more questions than this lacking a language make one warning for all of them


def translation_warnings(r: NodeReader, questions: list[Question]) -> None:
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
    for lang in sorted(languages - {r.language}):
        lacking = [(question, [name for name, text in texts if lang not in text.languages and name not in UNTRANSLATED])
                   for question, texts in per_question]
        lacking = [(question, missing) for question, missing in lacking if missing]
        if len(lacking) > MANY_UNTRANSLATED:  # one warning, not one per question (UX-16)
            ids = [question.id for question, _ in lacking]
            listed = ", ".join(ids[:MANY_UNTRANSLATED]) + (", …" if len(ids) > MANY_UNTRANSLATED else "")
            r.warn(r.question_nodes.get(ids[0]), "missing-translation-many", count=len(ids), lang=lang,
                   questions=listed)
            continue
        for question, missing in lacking:
            r.warn(r.question_nodes.get(question.id), "missing-translation", question=question.id, lang=lang,
                   fields=", ".join(dict.fromkeys(missing)))

