"""A parsed file as plain data (lists, strings, numbers, booleans, None) and back, for the bank cache.

The cache used to keep pickles, and unpickling runs whatever a file tells it to: anyone who
could write the cache folder could run code as the trainee. Plain data builds nothing but
the model's own classes, through the explicit encoders and decoders below, one pair per
class. Values are positional lists (smaller and faster to read than objects with keys);
CODEC_VERSION changes whenever a layout does, and an entry of another version is parsed
again from its YAML file. A decoder that meets a value of the wrong shape raises
CodecError, which the cache also answers by parsing the file again.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from fractions import Fraction
from functools import lru_cache
from typing import Any, TypeVar

from ..model import (
    Alternatives,
    Bank,
    Body,
    Choice,
    ChoiceBody,
    ClockMode,
    Exam,
    Examples,
    FeedbackMode,
    FillBody,
    Forbidden,
    MatchBody,
    Navigation,
    OrderBody,
    Pair,
    Question,
    QuestionType,
    ReviewOption,
    Rule,
    Scoring,
    ScriptBody,
    Section,
    Severity,
    Source,
    Text,
    Tolerance,
    TrueFalseBody,
)
from ..problems import Problem
from .reader import FileResult

_FRACTION = re.compile(r"-?\d+(?:/\d+)?\Z")
CODEC_VERSION = 3  # 2: bank lint's ignore lists, an exam's clock, navigation, review and seed; 3: exact points
T = TypeVar("T")

Plain = Any  # what json.loads / marshal.loads give back: lists, dicts, str, int, float, bool, None


class CodecError(ValueError):
    """A cache entry whose data does not have the shape this version writes."""


def _new(cls: type[T], values: dict[str, Any]) -> T:
    """A frozen dataclass built from checked values without its __init__.

    A cached bank holds thousands of small frozen objects; their generated __init__ sets
    each field through object.__setattr__ and doubles the time to read a bank back. The
    values come from this module's decoders, which check every type.
    """
    obj: T = object.__new__(cls)
    obj.__dict__.update(values)
    return obj


def _str(value: Plain) -> str:
    if value.__class__ is not str:
        raise CodecError(f"expected text, got {type(value).__name__}")
    return str(value)


def _opt_str(value: Plain) -> str | None:
    return None if value is None else _str(value)


def _int(value: Plain) -> int:
    if value.__class__ is not int:
        raise CodecError(f"expected a whole number, got {type(value).__name__}")
    return int(value)


def _fraction(value: Plain) -> Fraction:
    """An exact number, kept as its text ('3', '5/2'): JSON has no fractions."""
    if value.__class__ is not str or not _FRACTION.match(value):
        raise CodecError("expected an exact number")
    return _parse_fraction(value)


@lru_cache(maxsize=256)
def _parse_fraction(text: str) -> Fraction:
    """Fraction(text), once per text: nearly every question is worth '1' (Fractions are immutable)."""
    return Fraction(text)


def _bool(value: Plain) -> bool:
    if value.__class__ is not bool:
        raise CodecError(f"expected true or false, got {type(value).__name__}")
    return bool(value)


def _list(value: Plain, size: int | None = None) -> list[Any]:
    if value.__class__ is not list or (size is not None and len(value) != size):
        raise CodecError(f"expected a list of {size or 'any number of'} items")
    return list(value)


def _strs(value: Plain) -> tuple[str, ...]:
    return tuple(_str(v) for v in _list(value))


def _optional(decode: Callable[[Plain], Any]) -> Callable[[Plain], Any]:
    return lambda value: None if value is None else decode(value)


# -- texts --------------------------------------------------------------------------------------
_STR_ONLY = {str}


def encode_text(text: Text) -> Plain:
    """[language, text, language, text, ...]: flat, so that reading it back is one zip."""
    return [part for pair in text.values for part in pair]


def decode_text(data: Plain) -> Text:
    """The inverse of encode_text."""
    # The most frequent value of a bank: checked with set operations, which run in C.
    if data.__class__ is not list or not data or len(data) % 2 or {*map(type, data)} != _STR_ONLY:
        raise CodecError("expected a text: language, text, ...")
    parts = iter(data)
    return _new(Text, {"values": tuple(zip(parts, parts, strict=True))})


def encode_alternatives(alternatives: Alternatives) -> Plain:
    """[language, [variant, ...], language, [variant, ...], ...]"""
    return [part for code, variants in alternatives.values for part in (code, list(variants))]


def decode_alternatives(data: Plain) -> Alternatives:
    """The inverse of encode_alternatives."""
    if data.__class__ is not list or not data or len(data) % 2:
        raise CodecError("expected alternatives: language, [variants], ...")
    codes, lists = data[::2], data[1::2]
    if {*map(type, codes)} != _STR_ONLY or not all(v.__class__ is list and {*map(type, v)} <= _STR_ONLY
                                                   for v in lists):
        raise CodecError("expected alternatives: language, [variants], ...")
    return _new(Alternatives, {"values": tuple(zip(codes, map(tuple, lists), strict=True))})


def _opt_text(text: Text | None) -> Plain:
    return None if text is None else encode_text(text)


_decode_opt_text = _optional(decode_text)


# -- question bodies, one pair per type ----------------------------------------------------------
def _encode_choice(choice: Choice) -> Plain:
    return [encode_text(choice.text), _opt_text(choice.feedback)]


def _decode_choice(data: Plain) -> Choice:
    text, feedback = _list(data, 2)
    return _new(Choice, {"text": decode_text(text), "feedback": _decode_opt_text(feedback)})


def _encode_choices(body: ChoiceBody) -> Plain:
    return [[_encode_choice(c) for c in body.correct], [_encode_choice(c) for c in body.wrong], body.scoring.value]


def _decode_choices(data: Plain) -> ChoiceBody:
    correct, wrong, scoring = _list(data, 3)
    return _new(ChoiceBody, {"correct": tuple(_decode_choice(c) for c in _list(correct)),
                             "wrong": tuple(_decode_choice(c) for c in _list(wrong)), "scoring": Scoring(scoring)})


def _encode_truefalse(body: TrueFalseBody) -> Plain:
    return [body.answer]


def _decode_truefalse(data: Plain) -> TrueFalseBody:
    (answer,) = _list(data, 1)
    return _new(TrueFalseBody, {"answer": _bool(answer)})


def _encode_order(body: OrderBody) -> Plain:
    return [[encode_text(s) for s in body.steps], body.scoring.value]


def _decode_order(data: Plain) -> OrderBody:
    steps, scoring = _list(data, 2)
    return _new(OrderBody, {"steps": tuple(decode_text(s) for s in _list(steps)), "scoring": Scoring(scoring)})


def _encode_fill(body: FillBody) -> Plain:
    return [[encode_alternatives(b) for b in body.blanks]]


def _decode_fill(data: Plain) -> FillBody:
    (blanks,) = _list(data, 1)
    return _new(FillBody, {"blanks": tuple(decode_alternatives(b) for b in _list(blanks))})


def _encode_script(body: ScriptBody) -> Plain:
    never = [[encode_alternatives(f.phrase), None if f.unless is None else encode_alternatives(f.unless)]
             for f in body.never]
    return [[encode_alternatives(m) for m in body.must], never, encode_text(body.model),
            [encode_alternatives(s) for s in body.should]]


def _decode_forbidden(data: Plain) -> Forbidden:
    phrase, unless = _list(data, 2)
    return _new(Forbidden, {"phrase": decode_alternatives(phrase),
                            "unless": None if unless is None else decode_alternatives(unless)})


def _decode_script(data: Plain) -> ScriptBody:
    must, never, model, should = _list(data, 4)
    return _new(ScriptBody, {"must": tuple(decode_alternatives(m) for m in _list(must)),
                             "never": tuple(_decode_forbidden(f) for f in _list(never)),
                             "model": decode_text(model),
                             "should": tuple(decode_alternatives(s) for s in _list(should))})


def _encode_match(body: MatchBody) -> Plain:
    return [[[encode_text(p.left), encode_text(p.right)] for p in body.pairs], [encode_text(d) for d in body.decoys]]


def _decode_match(data: Plain) -> MatchBody:
    pairs, decoys = _list(data, 2)
    return _new(MatchBody, {
        "pairs": tuple(_new(Pair, {"left": decode_text(left), "right": decode_text(right)})
                       for left, right in (_list(p, 2) for p in _list(pairs))),
        "decoys": tuple(decode_text(d) for d in _list(decoys))})


# Each question type's body as plain data and back (this layer's entries of the question-type registry).
BODY_CODECS: dict[QuestionType, tuple[Callable[[Any], Plain], Callable[[Plain], Body]]] = {
    QuestionType.SINGLE: (_encode_choices, _decode_choices),
    QuestionType.MULTI: (_encode_choices, _decode_choices),
    QuestionType.TRUEFALSE: (_encode_truefalse, _decode_truefalse),
    QuestionType.ORDER: (_encode_order, _decode_order),
    QuestionType.FILL: (_encode_fill, _decode_fill),
    QuestionType.SCRIPT: (_encode_script, _decode_script),
    QuestionType.MATCH: (_encode_match, _decode_match),
}


# -- questions, banks, exams ---------------------------------------------------------------------
def _encode_tolerance(tolerance: Tolerance | None) -> Plain:
    if tolerance is None:
        return None
    return [tolerance.traditional, tolerance.homophones, tolerance.insertions, tolerance.word_forms]


def _decode_tolerance(data: Plain) -> Tolerance | None:
    if data is None:
        return None
    traditional, homophones, insertions, word_forms = _list(data, 4)
    return _new(Tolerance, {"traditional": _bool(traditional), "homophones": _bool(homophones),
                            "insertions": _int(insertions), "word_forms": _bool(word_forms)})


def _decode_examples(data: Plain) -> Examples | None:
    if data is None:
        return None
    accept, reject = _list(data, 2)
    return _new(Examples, {"accept": _strs(accept), "reject": _strs(reject)})


def encode_question(q: Question) -> Plain:
    """A question as a list of its fields, its body encoded for its type."""
    examples = None if q.examples is None else [list(q.examples.accept), list(q.examples.reject)]
    return [q.bank, q.id, q.type.value, encode_text(q.prompt), BODY_CODECS[q.type][0](q.body), list(q.rules),
            q.difficulty, str(q.points), list(q.tags), _opt_text(q.scenario), _opt_text(q.explain),
            _encode_tolerance(q.tolerance), examples, list(q.lint_ignore)]


def decode_question(data: Plain) -> Question:
    """The inverse of encode_question."""
    (bank, qid, qtype, prompt, body, rules, difficulty, points, tags, scenario, explain, tolerance,
     examples, lint_ignore) = _list(data, 14)
    kind = QuestionType(qtype)
    return _new(Question, {
        "bank": _str(bank), "id": _str(qid), "type": kind, "prompt": decode_text(prompt),
        "body": BODY_CODECS[kind][1](body), "rules": _strs(rules), "difficulty": _int(difficulty),
        "points": _fraction(points), "tags": _strs(tags), "scenario": _decode_opt_text(scenario),
        "explain": _decode_opt_text(explain), "tolerance": _decode_tolerance(tolerance),
        "examples": _decode_examples(examples), "lint_ignore": _strs(lint_ignore)})


def encode_bank(bank: Bank) -> Plain:
    """A bank as a list of its fields."""
    sources = [[s.id, encode_text(s.title), s.url] for s in bank.sources]
    rules = [[r.id, encode_text(r.text), r.source, _opt_text(r.quote)] for r in bank.rules]
    return [bank.id, encode_text(bank.title), bank.path, bank.language, bank.version, _opt_text(bank.description),
            sources, rules, [encode_question(q) for q in bank.questions], list(bank.lint_ignore)]


def decode_bank(data: Plain) -> Bank:
    """The inverse of encode_bank."""
    bank_id, title, path, language, version, description, sources, rules, questions, lint_ignore = _list(data, 10)
    return _new(Bank, {
        "id": _str(bank_id), "title": decode_text(title), "path": _str(path), "language": _str(language),
        "version": _int(version), "description": _decode_opt_text(description),
        "sources": tuple(_new(Source, {"id": _str(i), "title": decode_text(t), "url": _opt_str(u)})
                         for i, t, u in (_list(s, 3) for s in _list(sources))),
        "rules": tuple(_new(Rule, {"id": _str(i), "text": decode_text(t), "source": _opt_str(s),
                                   "quote": _decode_opt_text(q)})
                       for i, t, s, q in (_list(r, 4) for r in _list(rules))),
        "questions": tuple(decode_question(q) for q in _list(questions)), "lint_ignore": _strs(lint_ignore)})


def encode_exam(exam: Exam) -> Plain:
    """An exam as a list of its fields."""
    sections = [[s.bank, s.count, list(s.types), list(s.difficulty), list(s.tags), list(s.questions)]
                for s in exam.sections]
    return [exam.id, encode_text(exam.title), exam.path, sections, exam.time_limit, str(exam.pass_mark),
            exam.feedback.value, _opt_text(exam.description), exam.clock.value, exam.navigation.value,
            exam.review.value, exam.seed]


def _decode_section(data: Plain) -> Section:
    bank, count, types, difficulty, tags, questions = _list(data, 6)
    return _new(Section, {"bank": _opt_str(bank), "count": None if count is None else _int(count),
                          "types": _strs(types), "difficulty": tuple(_int(d) for d in _list(difficulty)),
                          "tags": _strs(tags), "questions": _strs(questions)})


def decode_exam(data: Plain) -> Exam:
    """The inverse of encode_exam."""
    (exam_id, title, path, sections, time_limit, pass_mark, feedback, description, clock, navigation, review,
     seed) = _list(data, 12)
    return _new(Exam, {
        "id": _str(exam_id), "title": decode_text(title), "path": _str(path),
        "sections": tuple(_decode_section(s) for s in _list(sections)),
        "time_limit": None if time_limit is None else _int(time_limit), "pass_mark": _fraction(pass_mark),
        "feedback": FeedbackMode(feedback), "description": _decode_opt_text(description),
        "clock": ClockMode(clock), "navigation": Navigation(navigation), "review": ReviewOption(review),
        "seed": None if seed is None else _int(seed)})


# -- problems and whole files --------------------------------------------------------------------
def encode_problem(problem: Problem) -> Plain:
    """A problem as [path, line, column, severity, code, args]."""
    return [problem.path, problem.line, problem.col, str(problem.severity), problem.code, _plain_args(problem.args)]


def _plain_args(args: dict[str, Any]) -> dict[str, Any]:
    """A problem's arguments as JSON values (tuples become lists; anything else becomes its text)."""
    out: dict[str, Any] = {}
    for name, value in args.items():
        if isinstance(value, (tuple, list)):
            value = [v if v is None or isinstance(v, (str, int, float, bool)) else str(v) for v in value]
        elif not (value is None or isinstance(value, (str, int, float, bool))):
            value = str(value)
        out[name] = value
    return out


def decode_problem(data: Plain) -> Problem:
    """The inverse of encode_problem."""
    path, line, col, severity, code, args = _list(data, 6)
    if args.__class__ is not dict:
        raise CodecError("expected the problem's arguments")
    return Problem(_str(path), _int(line), _int(col), Severity(severity), _str(code), dict(args))


def encode_result(result: FileResult) -> Plain:
    """One file read (its document, problems and positions) as plain data."""
    doc = result.document
    document = (None if doc is None else
                ["bank", encode_bank(doc)] if isinstance(doc, Bank) else ["exam", encode_exam(doc)])
    return [CODEC_VERSION, result.path, document, [encode_problem(p) for p in result.problems],
            list(result.id_position), None if result.declared is None else list(result.declared),
            [[list(key), list(at)] for key, at in result.positions.items()]]


def decode_result(data: Plain) -> FileResult:
    """The inverse of encode_result; CodecError when the data is of another version or shape."""
    try:
        version, path, document, problems, id_position, declared, positions = _list(data, 7)
        if version != CODEC_VERSION:
            raise CodecError(f"codec version {version!r}, this build writes {CODEC_VERSION}")
        doc: Bank | Exam | None = None
        if document is not None:
            kind, body = _list(document, 2)
            doc = decode_bank(body) if kind == "bank" else decode_exam(body) if kind == "exam" else None
            if doc is None:
                raise CodecError(f"unknown document kind {kind!r}")
        line, col = _list(id_position, 2)
        result = FileResult(_str(path), doc, [decode_problem(p) for p in _list(problems)], (_int(line), _int(col)))
        if declared is not None:
            what, doc_id = _list(declared, 2)
            result.declared = (_str(what), _str(doc_id))
        for key, at in (_list(p, 2) for p in _list(positions)):
            at_line, at_col = _list(at, 2)
            result.positions[tuple(_list(key))] = (_int(at_line), _int(at_col))
        return result
    except (TypeError, ValueError, KeyError) as exc:  # ValueError covers the enums and CodecError
        raise CodecError(str(exc)) from None
