"""A stored response in words: choice texts rather than choice ids, for history and exports.

WORDS is this layer's entry of the question-type registry (see tests/test_registry.py).
"""

from __future__ import annotations

import json
from collections.abc import Callable
from typing import Any

from .i18n import t
from .model import Question, QuestionType, Response

# Between the parts of one answer (choices ticked, blanks, pairs): a separator their own texts do
# not use, unlike 、 which choices such as "无眼屎、无睡意、不充血" contain.
SEPARATOR = "response.sep"


def _choices(question: Question, response: Response, lang: str) -> str:
    body: Any = question.body
    picked = response if isinstance(response, list) else [response]
    return t(SEPARATOR, lang).join(body.choice(cid).text.get(lang) for cid in picked)


def _truefalse(question: Question, response: Response, lang: str) -> str:
    return t("quiz.true" if response else "quiz.false", lang)


def _order(question: Question, response: Response, lang: str) -> str:
    body: Any = question.body
    return " → ".join(body.steps[int(i)].get(lang) for i in response)


def _fill(question: Question, response: Response, lang: str) -> str:
    return t(SEPARATOR, lang).join(str(v) for v in response)


def _script(question: Question, response: Response, lang: str) -> str:
    return str(response)


def _match(question: Question, response: Response, lang: str) -> str:
    body: Any = question.body
    return t(SEPARATOR, lang).join(
        f"{pair.left.get(lang)} → {body.option(pick).get(lang) if pick else '—'}"
        for pair, pick in zip(body.pairs, response, strict=False))


WORDS: dict[QuestionType, Callable[[Question, Response, str], str]] = {
    QuestionType.SINGLE: _choices,
    QuestionType.MULTI: _choices,
    QuestionType.TRUEFALSE: _truefalse,
    QuestionType.ORDER: _order,
    QuestionType.FILL: _fill,
    QuestionType.SCRIPT: _script,
    QuestionType.MATCH: _match,
}


def response_text(question: Question | None, response: Response, lang: str) -> str:
    """What the trainee answered, in words (choice texts rather than choice ids)."""
    if response is None:
        return ""
    if question is not None:
        try:
            return WORDS[question.type](question, response, lang)
        except (IndexError, KeyError, ValueError, TypeError, AttributeError):
            pass  # the question changed since: show the stored answer as it is
    return json.dumps(response, ensure_ascii=False)
