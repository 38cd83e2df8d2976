"""One reader per question type: the type's own fields -> its body (see BANK-FORMAT.md).

BODY_READERS and TEXTS are this layer's entries of the question-type registry; a test checks
that every layer covers every QuestionType.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from typing import Any

from yaml.nodes import MappingNode, Node, ScalarNode, SequenceNode

from ..grading import forbidden_hit, found_variant, normalize
from ..model import (
    BLANK_RE,
    Alternatives,
    Body,
    Choice,
    ChoiceBody,
    FillBody,
    Forbidden,
    MatchBody,
    OrderBody,
    Pair,
    Question,
    QuestionType,
    Scoring,
    ScriptBody,
    Text,
    TrueFalseBody,
)
from .keys import FORBIDDEN_KEYS
from .reader import Fields, NodeReader, Tr, shown
from .yamlsafe import BOOL, SAFE_TAGS

BodyReader = Callable[[NodeReader, Fields, Text | None], Body | None]


def scoring(r: NodeReader, fields: Fields) -> Scoring:
    """`scoring: partial | all-or-nothing` (partial by default)."""
    if "scoring" not in fields:
        return Scoring.PARTIAL
    node = fields["scoring"][1]
    value = r.scalar_text(node, "scoring")
    if value in ("partial", "all-or-nothing"):
        return Scoring(value)
    if value is not None:
        from ..errors import suggest

        r.error(node, "bad-scoring", value=value, suggestion=suggest(value, ("partial", "all-or-nothing")))
    return Scoring.PARTIAL


def read_choices(qtype: QuestionType) -> BodyReader:
    """The reader of `single` or `multi`: correct and wrong choices, no text in both."""

    def read(r: NodeReader, fields: Fields, prompt: Text | None) -> ChoiceBody | None:
        correct_node, wrong_node = fields["correct"][1], fields["wrong"][1]
        correct: list[Choice] | None
        if qtype is QuestionType.SINGLE:
            if isinstance(correct_node, SequenceNode):
                r.error(correct_node, "single-one-correct")
                return None
            one = r.choice(correct_node, "correct")
            correct = None
            if one is not None:
                text = r.finish(one[0], "correct")
                feedback = r.finish(one[1], "correct.feedback") if one[1] else None
                correct = [Choice(text, feedback)] if text else None
        else:
            correct = r.choices(correct_node, "correct")
        wrong = r.choices(wrong_node, "wrong")
        if correct is None or wrong is None:
            return None
        if not correct:
            r.error(correct_node, "empty-list", field="correct")
            return None
        if not wrong:
            r.error(wrong_node, "empty-list", field="wrong")
            return None
        correct_nodes = [correct_node] if qtype is QuestionType.SINGLE else r.nodes_of(correct_node, len(correct))
        wrong_nodes = r.nodes_of(wrong_node, len(wrong))
        ok = r.no_duplicates([(c.text, n) for c, n in zip(correct, correct_nodes, strict=False)], "correct")
        ok = r.no_duplicates([(c.text, n) for c, n in zip(wrong, wrong_nodes, strict=False)], "wrong") and ok
        correct_texts = {normalize(c.text.get()).text for c in correct}
        for choice, node in zip(wrong, wrong_nodes, strict=False):
            if normalize(choice.text.get()).text in correct_texts:
                r.error(node, "correct-in-wrong", value=choice.text.get())
                ok = False
        if not ok:
            return None
        return ChoiceBody(tuple(correct), tuple(wrong),
                          scoring(r, fields) if qtype is QuestionType.MULTI else Scoring.PARTIAL)

    return read


def read_truefalse(r: NodeReader, fields: Fields, prompt: Text | None) -> TrueFalseBody | None:
    """`answer: true | false` — a YAML boolean, not a text."""
    answer = fields["answer"][1]
    if isinstance(answer, ScalarNode) and answer.tag == BOOL:
        return TrueFalseBody(answer.value.lower() in ("true", "yes", "on", "y"))
    if answer.tag in SAFE_TAGS:
        r.error(answer, "bad-answer", value=shown(answer))
    return None


def read_order(r: NodeReader, fields: Fields, prompt: Text | None) -> OrderBody | None:
    """`steps` in the right order: three or more, all different."""
    node = fields["steps"][1]
    steps = r.text_list(node, "steps")
    if steps is None:
        return None
    if len(steps) < 3:
        r.error(node, "order-too-few", count=len(steps))
        return None
    if not r.no_duplicates(list(zip(steps, r.nodes_of(node, len(steps)), strict=False)), "steps"):
        return None
    return OrderBody(tuple(steps), scoring(r, fields))


def read_fill(r: NodeReader, fields: Fields, prompt: Text | None) -> FillBody | None:
    """`blanks`: one entry per ___ of the prompt, in every language."""
    blanks = r.alternatives_list(fields["blanks"][1], "blanks")
    if blanks is None or prompt is None or "prompt" not in fields:
        return None
    ok = True
    for code, text in prompt.values:
        found = len(BLANK_RE.findall(text))
        if found != len(blanks):
            r.error(fields["prompt"][1], "blank-count", lang=code, blanks=found, answers=len(blanks))
            ok = False
    return FillBody(tuple(blanks)) if ok and blanks else None


def _forbidden(r: NodeReader, node: Node, what: str, lang: str | None = None) -> tuple[Tr, Tr | None] | None:
    """A forbidden phrase: a text or list of variants, or `{phrase: ..., unless: [...]}`."""
    if isinstance(node, MappingNode) and any(
        isinstance(k, ScalarNode) and k.value in FORBIDDEN_KEYS for k, _ in node.value
    ):
        fields = r.fields(node, FORBIDDEN_KEYS, what)
        if fields is None or not r.require(fields, node, ("phrase",), what):
            return None
        phrase = r.alternatives(fields["phrase"][1], f"{what}.phrase", lang)
        unless = r.alternatives(fields["unless"][1], f"{what}.unless", lang) if "unless" in fields else None
        return None if phrase is None else (phrase, unless)
    phrase = r.alternatives(node, what, lang)
    return None if phrase is None else (phrase, None)


def _forbidden_list(r: NodeReader, node: Node) -> list[Forbidden] | None:
    def parse(item: Node, what: str, lang: str | None) -> tuple[Tr, Tr | None] | None:
        return _forbidden(r, item, what, lang)

    def finish(item: tuple[Tr, Tr | None], what: str) -> Forbidden | None:
        phrase = r.finish_alternatives(item[0], what)
        unless = r.finish_alternatives(item[1], f"{what}.unless") if item[1] is not None else None
        if phrase is None or (item[1] is not None and unless is None):
            return None
        return Forbidden(phrase, unless)

    return r.finish_all(node, "never", parse, finish)


def read_script(r: NodeReader, fields: Fields, prompt: Text | None) -> ScriptBody | None:
    """`must` groups, optional `should` and `never`, and a `model` answer that passes its own key."""
    must_node, model_node = fields["must"][1], fields["model"][1]
    must = r.alternatives_list(must_node, "must")
    if must is not None and not must:
        r.error(must_node, "script-no-must")
        return None
    should = r.alternatives_list(fields["should"][1], "should") if "should" in fields else []
    never = _forbidden_list(r, fields["never"][1]) if "never" in fields else []
    model = r.finish(r.text(model_node, "model"), "model")
    if must is None or should is None or never is None or model is None:
        return None
    ok = True
    for code, answer in model.values:
        for forbidden in never:
            hit = forbidden_hit(answer, forbidden)
            if hit is not None:
                r.error(model_node, "never-in-model", lang=code, phrase=hit)
                ok = False
        missing = [group.get(code)[0] for group in must if found_variant(answer, group) is None]
        if missing:
            r.warn(model_node, "model-misses-must", lang=code, phrases=" / ".join(missing))
    return ScriptBody(tuple(must), tuple(never), model, tuple(should)) if ok else None


def read_match(r: NodeReader, fields: Fields, prompt: Text | None) -> MatchBody | None:
    """`pairs` of left and right texts (two or more), and optional right-hand decoys in `wrong`."""
    pairs_node = fields["pairs"][1]

    def finish(item: tuple[Tr, Tr], what: str) -> Pair | None:
        left, right = r.finish(item[0], what), r.finish(item[1], what)
        return None if left is None or right is None else Pair(left, right)

    pairs = r.finish_all(pairs_node, "pairs", r.pair, finish)
    if pairs is None:
        return None
    if len(pairs) < 2:
        r.error(pairs_node, "match-too-few", count=len(pairs))
        return None
    decoys = r.text_list(fields["wrong"][1], "wrong") if "wrong" in fields else []
    if decoys is None:
        return None
    pair_nodes = r.nodes_of(pairs_node, len(pairs))
    ok = r.no_duplicates([(p.left, n) for p, n in zip(pairs, pair_nodes, strict=False)], "pairs")
    rights = [(p.right, n) for p, n in zip(pairs, pair_nodes, strict=False)]
    if decoys:
        rights += list(zip(decoys, r.nodes_of(fields["wrong"][1], len(decoys)), strict=False))
    ok = r.no_duplicates(rights, "pairs/wrong") and ok
    return MatchBody(tuple(pairs), tuple(decoys)) if ok else None


BODY_READERS: dict[QuestionType, BodyReader] = {
    QuestionType.SINGLE: read_choices(QuestionType.SINGLE),
    QuestionType.MULTI: read_choices(QuestionType.MULTI),
    QuestionType.TRUEFALSE: read_truefalse,
    QuestionType.ORDER: read_order,
    QuestionType.FILL: read_fill,
    QuestionType.SCRIPT: read_script,
    QuestionType.MATCH: read_match,
}


# -- every text of a question ---------------------------------------------------------------

TextOfBody = Iterator[tuple[str, Text | Alternatives]]


def _choice_texts(body: Any) -> TextOfBody:
    for name, group in (("correct", body.correct), ("wrong", body.wrong)):
        for choice in group:
            yield name, choice.text
            if choice.feedback:
                yield f"{name}.feedback", choice.feedback


def _no_texts(body: Any) -> TextOfBody:
    yield from ()


def _order_texts(body: Any) -> TextOfBody:
    for step in body.steps:
        yield "steps", step


def _fill_texts(body: Any) -> TextOfBody:
    for blank in body.blanks:
        yield "blanks", blank


def _script_texts(body: Any) -> TextOfBody:
    yield "model", body.model
    for name, groups in (("must", body.must), ("should", body.should)):
        for group in groups:
            yield name, group
    for forbidden in body.never:
        yield "never", forbidden.phrase
        if forbidden.unless is not None:
            yield "never.unless", forbidden.unless


def _match_texts(body: Any) -> TextOfBody:
    for pair in body.pairs:
        yield "pairs", pair.left
        yield "pairs", pair.right
    for decoy in body.decoys:
        yield "wrong", decoy


TEXTS: dict[QuestionType, Callable[[Any], TextOfBody]] = {
    QuestionType.SINGLE: _choice_texts,
    QuestionType.MULTI: _choice_texts,
    QuestionType.TRUEFALSE: _no_texts,
    QuestionType.ORDER: _order_texts,
    QuestionType.FILL: _fill_texts,
    QuestionType.SCRIPT: _script_texts,
    QuestionType.MATCH: _match_texts,
}


def texts_of(question: Question) -> TextOfBody:
    """Every text of a question with the name of its field."""
    yield "prompt", question.prompt
    if question.scenario:
        yield "scenario", question.scenario
    if question.explain:
        yield "explain", question.explain
    yield from TEXTS[question.type](question.body)
