"""Key strokes that answer a drawn question right (or wrong), for driving the real prompts."""

from __future__ import annotations

from typing import Any

from etiquette_quiz.model import ChoiceBody, FillBody, MatchBody, OrderBody, Question, ScriptBody, TrueFalseBody

DOWN, ENTER, SPACE, CTRL_C = "\x1b[B", "\r", " ", "\x03"


def right_keys(question: Question, layout: dict[str, Any], lang: str = "zh-CN") -> list[str]:
    """One string of keys per prompt the question opens."""
    body = question.body
    if isinstance(body, ChoiceBody) and question.type.value == "single":
        return [str(layout["choices"].index("c0") + 1) + ENTER]
    if isinstance(body, ChoiceBody):
        keys = "".join((SPACE if cid.startswith("c") else "") + DOWN for cid in layout["choices"])
        return [keys + ENTER]
    if isinstance(body, TrueFalseBody):
        return [ENTER if body.answer else DOWN + ENTER]
    if isinstance(body, OrderBody):
        shown, keys = list(layout["steps"]), []
        for step in range(len(body.steps) - 1):
            keys.append(DOWN * shown.index(step) + ENTER)
            shown.remove(step)
        return keys + [ENTER]  # confirm the order
    if isinstance(body, FillBody):
        return [blank.get(lang)[0] + ENTER for blank in body.blanks]
    if isinstance(body, ScriptBody):
        return [body.model.get(lang) + ENTER]
    if isinstance(body, MatchBody):
        return [str(layout["options"].index(f"p{n}") + 1) + ENTER for n in range(len(body.pairs))]
    raise AssertionError(question.type)


def wrong_keys(question: Question, layout: dict[str, Any], lang: str = "zh-CN") -> list[str]:
    body = question.body
    if isinstance(body, ChoiceBody) and question.type.value == "single":
        return [str(layout["choices"].index("w0") + 1) + ENTER]
    if isinstance(body, ChoiceBody):
        return [DOWN * layout["choices"].index("w0") + SPACE + ENTER]
    if isinstance(body, TrueFalseBody):
        return [DOWN + ENTER if body.answer else ENTER]
    if isinstance(body, OrderBody):
        return [ENTER] * (len(body.steps) - 1) + [ENTER]  # the shuffled order as shown, never the right one
    if isinstance(body, FillBody):
        return ["不知道" + ENTER for _ in body.blanks]
    if isinstance(body, ScriptBody):
        return [body.never[0].phrase.get(lang)[0] + ENTER]
    if isinstance(body, MatchBody):
        return ["1" + ENTER for _ in body.pairs] if layout["options"][0] != "p0" else ["2" + ENTER for _ in body.pairs]
    raise AssertionError(question.type)
