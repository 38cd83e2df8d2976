"""Scoring of every question type, exactly as BANK-FORMAT.md specifies, and text normalisation.

Pure functions: a question and a response in, a Mark out.

Responses are language-independent so that a stored answer can be re-scored and exported:
  single     'c0' | 'w2' | None        (choice ids, see ChoiceBody.choice)
  multi      ['c0', 'w1', ...]
  truefalse  True | False | None
  order      [2, 0, 1, 3]              (step indices in the order the trainee put them)
  fill       ['三', '...']             (one text per blank)
  script     '您好，……'
  match      ['p1', 'd0', None, ...]   (for pair i, the right-hand option chosen)
"""

from __future__ import annotations

import bisect
from collections.abc import Callable
from dataclasses import dataclass
from fractions import Fraction
from typing import Any

from . import matching
from .matching import DEFAULT, EXACT, Match, find, find_forbidden, find_whole, has_chinese
from .matching import Normalized as Normalized  # lived here before matching.py; banks and tests import it
from .matching import normalize as normalize
from .model import (
    Alternatives,
    ChoiceBody,
    Examples,
    FillBody,
    Forbidden,
    Mark,
    MatchBody,
    OrderBody,
    Question,
    QuestionType,
    Scoring,
    ScriptBody,
    Tolerance,
    TrueFalseBody,
)
from .scores import percent_text


def same_text(a: str, b: str) -> bool:
    """Whether two texts are the same once normalised."""
    return normalize(a).text == normalize(b).text


def found_variant(answer: str, group: Alternatives, tolerance: Tolerance = EXACT) -> str | None:
    """The variant of `group` (in any language) that `answer` says: exactly unless a tolerance is given.

    The loader checks model answers with it; exact by default, so loading banks imports no
    matching library. Pass the question's tolerance to check exactly as grading does.
    """
    match = find(answer, group.all_values(), tolerance)
    return None if match is None else match.phrase


def forbidden_hit(answer: str, forbidden: Forbidden, tolerance: Tolerance = EXACT) -> str | None:
    """The variant of a forbidden phrase that `answer` uses outside its polite (`unless`) uses."""
    match = _forbidden_match(answer, forbidden, tolerance)
    return None if match is None else match.phrase


def _forbidden_match(answer: str, forbidden: Forbidden, tolerance: Tolerance) -> Match | None:
    unless = forbidden.unless.all_values() if forbidden.unless is not None else None
    return find_forbidden(answer, forbidden.phrase.all_values(), unless, tolerance)


def longest_ordered_run(order: list[int]) -> int:
    """Length of the longest subsequence kept in the right relative order (an increasing one)."""
    tails: list[int] = []
    for value in order:
        at = bisect.bisect_left(tails, value)
        if at == len(tails):
            tails.append(value)
        else:
            tails[at] = value
    return len(tails)


def unanswered(question: Question) -> Mark:
    """The mark of a question left unanswered."""
    return Mark(Fraction(0), question.points, {"unanswered": True})


# A grader's verdict: the exact share of the points, what was found, the forbidden phrases used.
Graded = tuple[Fraction, dict[str, Any], tuple[str, ...]]

NONE, ALL = Fraction(0), Fraction(1)


def typed_phrases(question: Question) -> list[str]:
    """Every phrase a typed answer to `question` is matched against (empty for other types)."""
    body = question.body
    groups: list[Alternatives] = []
    if isinstance(body, ScriptBody):
        groups = [*body.must, *body.should]
        for forbidden in body.never:
            groups.append(forbidden.phrase)
            if forbidden.unless is not None:
                groups.append(forbidden.unless)
    elif isinstance(body, FillBody):
        groups = list(body.blanks)
    return [variant for group in groups for variant in group.all_values()]


def warm(question: Question) -> None:
    """Get ready to grade a typed answer to `question` (a front end calls it while the question is read)."""
    phrases = typed_phrases(question)
    if phrases:
        matching.warm(phrases, question.tolerance or Tolerance())


def grade(question: Question, response: Any) -> Mark:
    """Score `response` to `question`; None (or an empty answer) scores 0."""
    if response is None:
        return unanswered(question)
    grader = GRADERS[question.type]
    fraction, detail, forbidden = grader(question.body, response, question.tolerance or DEFAULT)
    return Mark(max(NONE, min(ALL, fraction)), question.points, detail, forbidden)


def _grade_single(body: ChoiceBody, response: str, tolerance: Tolerance) -> Graded:
    return (ALL if response.startswith("c") else NONE), {"picked": [response]}, ()


def _grade_multi(body: ChoiceBody, response: list[str], tolerance: Tolerance) -> Graded:
    picked = set(response)
    correct = {f"c{i}" for i in range(len(body.correct))}
    right = len(picked & correct)
    wrong = len(picked - correct)
    if body.scoring == Scoring.ALL_OR_NOTHING:
        fraction = ALL if picked == correct else NONE
    else:
        fraction = max(NONE, Fraction(right - wrong, len(correct)))
    detail = {"picked": sorted(picked), "missed": sorted(correct - picked)}
    return fraction, detail, ()


def _grade_truefalse(body: TrueFalseBody, response: bool, tolerance: Tolerance) -> Graded:
    return (ALL if bool(response) == body.answer else NONE), {}, ()


def _grade_order(body: OrderBody, response: list[int], tolerance: Tolerance) -> Graded:
    n = len(body.steps)
    order = [int(i) for i in response]
    if body.scoring == Scoring.ALL_OR_NOTHING:
        fraction = ALL if order == list(range(n)) else NONE
        return fraction, {}, ()
    kept = longest_ordered_run(order)
    return Fraction(kept - 1, n - 1), {"kept": kept}, ()


def _grade_fill(body: FillBody, response: list[str], tolerance: Tolerance) -> Graded:
    results: list[bool] = []
    notes: list[dict[str, Any]] = []
    for i, blank in enumerate(body.blanks):
        typed = response[i] if i < len(response) else ""
        match = find_whole(typed, blank.all_values(), tolerance) if typed else None
        results.append(match is not None)
        if match is not None and not match.exact:
            notes.append(match.note(part="blank", index=i))
    return Fraction(sum(results), len(body.blanks)), _with_notes({"blanks": results}, notes), ()


def _grade_script(body: ScriptBody, response: str, tolerance: Tolerance) -> Graded:
    found = [find(response, group.all_values(), tolerance) for group in body.must]
    should = [find(response, group.all_values(), tolerance) for group in body.should]
    fired = [(k, hit) for k, hit in ((k, _forbidden_match(response, rule, tolerance))
                                     for k, rule in enumerate(body.never)) if hit is not None]
    fraction = NONE if fired else Fraction(sum(m is not None for m in found), len(body.must))
    detail: dict[str, Any] = {
        "found": [i for i, m in enumerate(found) if m is not None],
        "missing": [i for i, m in enumerate(found) if m is None],
        "should_found": [i for i, m in enumerate(should) if m is not None],
    }
    notes = [m.note(part=part, index=i) for part, matches in (("must", found), ("should", should))
             for i, m in enumerate(matches) if m is not None and not m.exact]
    if fired:
        # Every forbidden hit, exact or not, with where it is, so feedback can mark it in the answer.
        detail["fired"] = [hit.note(part="never", index=k) for k, hit in fired]
    return fraction, _with_notes(detail, notes), tuple(hit.phrase for _, hit in fired)


def _with_notes(detail: dict[str, Any], notes: list[dict[str, Any]]) -> dict[str, Any]:
    """`detail` plus what a tolerance accepted and why, when anything was (plain data, JSON-ready)."""
    if notes:
        detail["notes"] = notes
    return detail


def _grade_match(body: MatchBody, response: list[str | None], tolerance: Tolerance) -> Graded:
    results = [
        (response[i] if i < len(response) else None) == f"p{i}" for i in range(len(body.pairs))
    ]
    return Fraction(sum(results), len(body.pairs)), {"pairs": results}, ()


# How each type is scored (this layer's entry of the question-type registry).
GRADERS: dict[QuestionType, Callable[[Any, Any, Tolerance], Graded]] = {
    QuestionType.SINGLE: _grade_single,
    QuestionType.MULTI: _grade_multi,
    QuestionType.TRUEFALSE: _grade_truefalse,
    QuestionType.ORDER: _grade_order,
    QuestionType.FILL: _grade_fill,
    QuestionType.SCRIPT: _grade_script,
    QuestionType.MATCH: _grade_match,
}


# -- keys tested by their examples -----------------------------------------------------------

EXAMPLE_NOT_ACCEPTED = "example-not-accepted"
EXAMPLE_FORBIDDEN = "example-forbidden"
EXAMPLE_NOT_REJECTED = "example-not-rejected"
BLANK_SEPARATOR = "|"  # a `fill` example with several blanks gives their answers in order: 三|致歉


@dataclass(frozen=True)
class ExampleFailure:
    """An example answer that the key grades the wrong way, and why; `code` is a Problem code."""

    code: str  # EXAMPLE_NOT_ACCEPTED, EXAMPLE_FORBIDDEN or EXAMPLE_NOT_REJECTED
    example: str
    fraction: Fraction
    missing: tuple[str, ...] = ()  # each `must` group (or blank) it lacks, as 'variant / variant'
    fired: tuple[str, ...] = ()  # each forbidden phrase it uses, as the bank writes it
    said: tuple[str, ...] = ()  # what a wrongly accepted example was credited with

    @property
    def args(self) -> dict[str, Any]:
        """The Problem arguments: plain strings, the same in every interface language."""
        def listed(items: tuple[str, ...]) -> str:
            return " ".join(f"[{item}]" for item in items)

        return {"example": self.example, "percent": percent_text(self.fraction), "missing": listed(self.missing),
                "fired": listed(self.fired), "said": listed(self.said)}


def example_response(question: Question, example: str) -> Any:
    """An example written as text, as the response the question takes."""
    if isinstance(question.body, FillBody):
        if len(question.body.blanks) == 1:
            return [example]
        return [part.strip() for part in example.replace("｜", BLANK_SEPARATOR).split(BLANK_SEPARATOR)]
    return example


def example_failures(question: Question, pass_fraction: Fraction = ALL) -> list[ExampleFailure]:
    """Every `examples.accept` answer not given full marks and every `examples.reject` answer
    scoring `pass_fraction` or more (by default: marked right), with the groups missing, the
    forbidden phrases fired or what was credited. Empty for a question without examples."""
    examples = question.examples or Examples()
    if question.type not in (QuestionType.SCRIPT, QuestionType.FILL):
        return []
    failures: list[ExampleFailure] = []
    for example in examples.accept:
        mark = grade(question, example_response(question, example))
        if mark.correct:
            continue
        lang = "zh-CN" if has_chinese(example) else "en"  # name the missing group in the example's language
        if mark.forbidden:
            fired = tuple(_shown(note) for note in mark.detail.get("fired", []))
            failures.append(ExampleFailure(EXAMPLE_FORBIDDEN, example, mark.fraction, fired=fired))
        missing = _missing(question, mark, lang)
        if missing:
            failures.append(ExampleFailure(EXAMPLE_NOT_ACCEPTED, example, mark.fraction, missing=missing))
    for example in examples.reject:
        mark = grade(question, example_response(question, example))
        if mark.fraction >= pass_fraction:
            said = _credited(question, example_response(question, example))
            failures.append(ExampleFailure(EXAMPLE_NOT_REJECTED, example, mark.fraction, said=said))
    return failures


def _shown(note: dict[str, Any]) -> str:
    """A matched phrase as the bank writes it, with what was typed when that differs."""
    return note["as"] if not note["how"] else f"{note['as']} ({note['typed']})"


def _missing(question: Question, mark: Mark, lang: str) -> tuple[str, ...]:
    body = question.body
    if isinstance(body, ScriptBody):
        return tuple(" / ".join(body.must[i].get(lang)) for i in mark.detail.get("missing", []))
    if isinstance(body, FillBody):
        results = mark.detail.get("blanks", [])
        return tuple(f"___{i + 1}: " + " / ".join(blank.get(lang))
                     for i, blank in enumerate(body.blanks) if not (i < len(results) and results[i]))
    return ()


def _credited(question: Question, response: Any) -> tuple[str, ...]:
    """What the key matched in a response: one entry per `must` group found or blank right."""
    tolerance = question.tolerance or DEFAULT
    body = question.body
    if isinstance(body, ScriptBody):
        matches = [find(response, group.all_values(), tolerance) for group in body.must]
    elif isinstance(body, FillBody):
        matches = [find_whole(typed, blank.all_values(), tolerance) if typed else None
                   for typed, blank in zip(response, body.blanks, strict=False)]
    else:
        return ()
    return tuple(_shown(m.note()) for m in matches if m is not None)
