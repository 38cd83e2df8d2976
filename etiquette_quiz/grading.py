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
import unicodedata
from collections.abc import Callable
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

from .model import (
    Alternatives,
    ChoiceBody,
    FillBody,
    Forbidden,
    Mark,
    MatchBody,
    OrderBody,
    Question,
    QuestionType,
    Scoring,
    ScriptBody,
    TrueFalseBody,
)

_SEPARATOR_CATEGORIES = frozenset("PZC")


@lru_cache(maxsize=4096)
def _is_separator(char: str) -> bool:
    return unicodedata.category(char)[0] in _SEPARATOR_CATEGORIES


def _is_word(char: str) -> bool:
    """Latin letters and digits form words; CJK characters do not need word boundaries."""
    return char.isascii() and char.isalnum()


@dataclass(frozen=True)
class Normalized:
    """Text after NFKC and case folding with white space and punctuation removed.

    `starts` marks positions that began a new word in the original (after a space or a
    punctuation mark), so that 'hi' is not found inside 'this'.
    """

    text: str
    starts: frozenset[int]

    def find(self, phrase: Normalized) -> bool:
        """Whether `phrase` occurs here, starting and ending on word boundaries for Latin words."""
        if not phrase.text:
            return False
        needle, size = phrase.text, len(phrase.text)
        at = self.text.find(needle)
        while at != -1:
            end = at + size
            left_ok = at == 0 or at in self.starts or not (_is_word(needle[0]) and _is_word(self.text[at - 1]))
            right_ok = (
                end == len(self.text) or end in self.starts
                or not (_is_word(needle[-1]) and _is_word(self.text[end]))
            )
            if left_ok and right_ok:
                return True
            at = self.text.find(needle, at + 1)
        return False


@lru_cache(maxsize=8192)
def normalize(text: str) -> Normalized:
    """Normalise a typed answer or an accepted phrase for comparison (BANK-FORMAT.md, text answers)."""
    folded = unicodedata.normalize("NFKC", text).casefold()
    out: list[str] = []
    starts: set[int] = set()
    pending_gap = False
    for char in folded:
        if _is_separator(char):
            pending_gap = True
            continue
        if pending_gap and out:
            starts.add(len(out))
        pending_gap = False
        out.append(char)
    return Normalized("".join(out), frozenset(starts))


def same_text(a: str, b: str) -> bool:
    """Whether two texts are the same once normalised."""
    return normalize(a).text == normalize(b).text


def found_variant(answer: str, group: Alternatives) -> str | None:
    """The first variant of `group` (in any language) that occurs in `answer`."""
    normalized = normalize(answer)
    for variant in group.all_values():
        if normalized.find(normalize(variant)):
            return variant
    return None


def forbidden_hit(answer: str, forbidden: Forbidden) -> str | None:
    """The variant of a forbidden phrase that `answer` uses, unless only within one of its polite uses."""
    hit = found_variant(answer, forbidden.phrase)
    if hit is not None and forbidden.unless is not None and found_variant(answer, forbidden.unless):
        return None
    return hit


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
    return Mark(0.0, question.points, {"unanswered": True})


# A grader's verdict: the fraction of the points, what was found, the forbidden phrases used.
Graded = tuple[float, dict[str, Any], tuple[str, ...]]


def grade(question: Question, response: Any) -> Mark:
    """Score `response` to `question`; None (or an empty answer) scores 0."""
    if response is None:
        return unanswered(question)
    grader = GRADERS[question.type]
    fraction, detail, forbidden = grader(question.body, response)
    return Mark(max(0.0, min(1.0, fraction)), question.points, detail, forbidden)


def _grade_single(body: ChoiceBody, response: str) -> Graded:
    return (1.0 if response.startswith("c") else 0.0), {"picked": [response]}, ()


def _grade_multi(body: ChoiceBody, response: list[str]) -> Graded:
    picked = set(response)
    correct = {f"c{i}" for i in range(len(body.correct))}
    right = len(picked & correct)
    wrong = len(picked - correct)
    if body.scoring == Scoring.ALL_OR_NOTHING:
        fraction = 1.0 if picked == correct else 0.0
    else:
        fraction = max(0.0, (right - wrong) / len(correct))
    detail = {"picked": sorted(picked), "missed": sorted(correct - picked)}
    return fraction, detail, ()


def _grade_truefalse(body: TrueFalseBody, response: bool) -> Graded:
    return (1.0 if bool(response) == body.answer else 0.0), {}, ()


def _grade_order(body: OrderBody, response: list[int]) -> Graded:
    n = len(body.steps)
    order = [int(i) for i in response]
    if body.scoring == Scoring.ALL_OR_NOTHING:
        fraction = 1.0 if order == list(range(n)) else 0.0
        return fraction, {}, ()
    kept = longest_ordered_run(order)
    return (kept - 1) / (n - 1), {"kept": kept}, ()


def _grade_fill(body: FillBody, response: list[str]) -> Graded:
    results = []
    for i, blank in enumerate(body.blanks):
        typed = response[i] if i < len(response) else ""
        results.append(bool(typed) and any(same_text(typed, ok) for ok in blank.all_values()))
    return sum(results) / len(body.blanks), {"blanks": results}, ()


def _grade_script(body: ScriptBody, response: str) -> Graded:
    found = [found_variant(response, group) for group in body.must]
    should = [found_variant(response, group) for group in body.should]
    forbidden = tuple(hit for hit in (forbidden_hit(response, f) for f in body.never) if hit)
    fraction = 0.0 if forbidden else sum(v is not None for v in found) / len(body.must)
    detail = {
        "found": [i for i, v in enumerate(found) if v is not None],
        "missing": [i for i, v in enumerate(found) if v is None],
        "should_found": [i for i, v in enumerate(should) if v is not None],
    }
    return fraction, detail, forbidden


def _grade_match(body: MatchBody, response: list[str | None]) -> Graded:
    results = [
        (response[i] if i < len(response) else None) == f"p{i}" for i in range(len(body.pairs))
    ]
    return sum(results) / len(body.pairs), {"pairs": results}, ()


# How each type is scored (this layer's entry of the question-type registry).
GRADERS: dict[QuestionType, Callable[[Any, Any], Graded]] = {
    QuestionType.SINGLE: _grade_single,
    QuestionType.MULTI: _grade_multi,
    QuestionType.TRUEFALSE: _grade_truefalse,
    QuestionType.ORDER: _grade_order,
    QuestionType.FILL: _grade_fill,
    QuestionType.SCRIPT: _grade_script,
    QuestionType.MATCH: _grade_match,
}
