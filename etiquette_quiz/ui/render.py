"""Drawing questions, feedback and results with rich.

Bank text is always wrapped in rich `Text` objects (never parsed as markup) and the console
has markup and emoji codes off, so nothing a trainer writes can change the styling.
"""

from __future__ import annotations

from collections.abc import Callable
from fractions import Fraction
from typing import Any

from rich.cells import cell_len
from rich.console import Console, Group
from rich.padding import Padding
from rich.panel import Panel
from rich.text import Text

from ..grading import grade
from ..i18n import t
from ..model import (
    ChoiceBody,
    FillBody,
    Layout,
    Library,
    Mark,
    MatchBody,
    OrderBody,
    Question,
    QuestionType,
    ScriptBody,
    TrueFalseBody,
)
from ..scores import format_points, format_score, pass_mark_text, percent_places, percent_text
from ..session import Result, Slot
from .layout import Wrapped, hanging

STATUS_STYLE = {"right": "bold green", "partial": "bold yellow", "wrong": "bold red"}
STATUS_SIGN = {"right": "✔", "partial": "◐", "wrong": "✘"}
BAR_WIDTH = 24


def stars(level: int) -> str:
    """A difficulty as filled and empty stars."""
    return "★" * level + "☆" * (3 - level)


def question_panel(question: Question, number: int, total: int, lang: str, content_lang: str,
                   library: Library) -> Panel:
    """The question as shown before the prompt: scenario, prompt and what kind of answer is wanted."""
    bank = library.bank(question.bank)
    bank_title = bank.title.get(content_lang) if bank else question.bank
    header = Text(t("quiz.header", lang, number=number, total=total, bank=bank_title,
                    type=t(f"type.{question.type.value}", lang), stars=stars(question.difficulty)),
                  style="dim")
    parts: list[Any] = [Wrapped(header)]
    if question.scenario is not None:
        label = t("quiz.scenario", lang)
        parts.append(hanging(Text(label + question.scenario.get(content_lang), style="italic"), cell_len(label)))
    prompt = question.prompt.get(content_lang)
    if isinstance(question.body, FillBody):
        prompt = _number_blanks(prompt)
    parts.append(Wrapped(Text(prompt, style="bold")))
    return Panel(Group(*parts), border_style="cyan", padding=(0, 1))


def blank_mark(n: int) -> str:
    """How the n-th blank (from 0) of a fill question is numbered, in the prompt and the feedback alike."""
    from ..model import BLANK_MARKS

    return BLANK_MARKS[n] if n < len(BLANK_MARKS) else f"({n + 1})"


def _number_blanks(prompt: str) -> str:
    from ..model import BLANK_RE

    counter = iter(range(100))
    return BLANK_RE.sub(lambda _: f"__{blank_mark(next(counter))}__", prompt)


def labelled(label: str, value: Any, label_style: str = "bold", value_style: str = "") -> Wrapped:
    """'label value' on one line, wrapped under the value (解析：…, Rule: …)."""
    return hanging(Text.assemble((label, label_style), value if isinstance(value, Text) else (value, value_style)),
                   cell_len(label))


def marked(sign: str, style: str, *parts: Any) -> Wrapped:
    """' ✔ text' wrapped with its continuation lines under the text, not under the mark."""
    head = f" {sign} "
    return hanging(Text.assemble((head, style), *parts), cell_len(head))


def status_line(mark: Mark, lang: str) -> Text:
    """Right/partly right/wrong in words as well as colour."""
    status = mark.status
    if mark.detail.get("unanswered"):
        label = t("feedback.unanswered", lang)
    elif status == "partial":
        label = t("feedback.partial", lang, percent=percent_text(mark.fraction))
    else:
        label = t(f"feedback.{status}", lang)
    points = t("feedback.points", lang, points=format_points(mark.points), max=format_points(mark.max_points))
    return Text.assemble((f"{STATUS_SIGN[status]} {label}", STATUS_STYLE[status]), ("  " + points, "dim"))


def feedback(console: Console, question: Question, layout: dict[str, Any], response: Any, mark: Mark,
             lang: str, content_lang: str, library: Library, show_status: bool = True) -> None:
    """What a trainee sees after answering: verdict, the right answer, the why, the rule and its source."""
    lines: list[Any] = []
    if show_status:
        lines.append(status_line(mark, lang))
    lines.extend(_answer_detail(question, layout, response, mark, lang, content_lang))
    if question.explain is not None:
        lines.append(labelled(t("feedback.explain", lang), question.explain.get(content_lang)))
    for rule in library.rule_of(question):
        lines.append(labelled(t("feedback.rule", lang), rule.text.get(content_lang)))
        source = _source_text(library, question.bank, rule.source, content_lang)
        label = t("feedback.source", lang)
        if source:
            lines.append(labelled(label, source, "bold dim", "dim"))
        if rule.quote is not None:
            # The rule as the manual words it, under the citation it comes from.
            lead = (" " * cell_len(label), "") if source else (label, "bold dim")
            lines.append(hanging(Text.assemble(lead, (_quote_text(rule.quote, content_lang), "italic")),
                                 cell_len(label)))
    console.print(Padding(Group(*lines), (0, 0, 1, 2)))


def _quote_text(quote: Any, content_lang: str) -> str:
    """“the manual's words”; in another language, “the translation” (the manual's words)."""
    original = next((value for code, value in quote.values if code.lower().startswith("zh")), quote.values[0][1])
    shown = quote.get(content_lang)
    return f"“{shown}”" if shown == original else f"“{shown}” ({original})"


def _source_text(library: Library, bank_id: str, source: str | None, content_lang: str) -> str | None:
    """'《title》 section' for a rule source that starts with one of the bank's source ids."""
    if not source:
        return None
    bank = library.bank(bank_id)
    cited, _, section = source.partition(" ")
    declared = bank.source(cited) if bank else None
    if declared is None:
        return source
    title = declared.title.get(content_lang)
    return f"{title} · {section}" if section else title


def _answer_detail(question: Question, layout: Layout, response: Any, mark: Mark, lang: str,
                   content_lang: str) -> list[Any]:
    return DETAILS[question.type](question, layout, response, mark, lang, content_lang)


def _choices_detail(question: Question, layout: Layout, response: Any, mark: Mark, lang: str,
                    content_lang: str) -> list[Any]:
    """Every choice, each right one and each one picked saying so in words, not only in colour."""
    body = question.body
    assert isinstance(body, ChoiceBody)
    out: list[Any] = []
    picked = set(response or []) if isinstance(response, list) else ({response} if response else set())
    single = question.type is QuestionType.SINGLE
    for cid in layout.get("choices") or body.choice_ids:
        choice = body.choice(cid)
        is_correct = cid.startswith("c")
        chosen = cid in picked
        if is_correct and chosen:
            sign, style, note = "✔", "green", "feedback.mark.right-picked"
        elif is_correct:
            sign, style, note = ("→" if single else "○"), "green", (
                "feedback.mark.right-answer" if single else "feedback.mark.right-missed")
        elif chosen:
            sign, style, note = "✘", "red", "feedback.mark.wrong-picked"
        else:
            sign, style, note = " ", "dim", ""
        # The label's spaces do not break ("← correct / answer"): it moves to the next line whole.
        label = "  " + t(note, lang).replace(" ", "\u00a0") if note else ""
        out.append(marked(sign, style, (choice.text.get(content_lang), style),
                          (label, "bold " + style if note else "")))
        if chosen and not is_correct and choice.feedback is not None:
            out.append(hanging(Text("     " + choice.feedback.get(content_lang), style="yellow"), 5))
        if not chosen and is_correct and not single and choice.feedback is not None:
            out.append(hanging(Text("     " + choice.feedback.get(content_lang), style="yellow"), 5))
    return out


def _truefalse_detail(question: Question, layout: Layout, response: Any, mark: Mark, lang: str,
                      content_lang: str) -> list[Any]:
    body = question.body
    assert isinstance(body, TrueFalseBody)
    right = t("quiz.true" if body.answer else "quiz.false", lang)
    out: list[Any] = [labelled(t("feedback.correct-answer", lang), right, value_style="green")]
    if response is not None:
        yours = t("quiz.true" if response else "quiz.false", lang)
        out.append(labelled(t("feedback.your-answer", lang), yours))
    return out


def _order_detail(question: Question, layout: Layout, response: Any, mark: Mark, lang: str,
                  content_lang: str) -> list[Any]:
    """The right order, then the trainee's own, step by step, each saying whether it is in its place."""
    body = question.body
    assert isinstance(body, OrderBody)
    out: list[Any] = [Text(t("feedback.right-order", lang), style="bold")]
    for n, step in enumerate(body.steps, 1):
        out.append(hanging(Text(f"  {n}. {step.get(content_lang)}", style="green"), 5))
    if response:
        out.append(Text(t("feedback.your-order", lang), style="bold"))
        for n, index in enumerate(response, 1):
            placed = int(index) == n - 1
            note = "" if placed else t("feedback.step-should-be", lang, n=int(index) + 1)
            out.append(marked("✔" if placed else "✘", "green" if placed else "red",
                              f"{n}. {body.steps[int(index)].get(content_lang)}", (note, "dim")))
    return out


def _fill_detail(question: Question, layout: Layout, response: Any, mark: Mark, lang: str,
                 content_lang: str) -> list[Any]:
    body = question.body
    assert isinstance(body, FillBody)
    mark = _with_detail(question, response, mark, "blanks")
    out: list[Any] = []
    results = mark.detail.get("blanks", [])
    notes = _notes(mark)
    for n, blank in enumerate(body.blanks):
        typed = response[n] if response and n < len(response) else ""
        ok = results[n] if n < len(results) else False
        note = notes.get(("blank", n))
        if not ok:
            comment = t("feedback.accepted", lang, answers=" / ".join(blank.get(content_lang)))
        elif note is not None:
            comment = t("feedback.read-as", lang, phrase=note["as"], how=_how(note, lang))
        else:
            comment = ""
        out.append(marked('✔' if ok else '✘', "green" if ok else "red", t("feedback.blank", lang, mark=blank_mark(n)),
                          (typed or "—", "green" if ok else "red"), (comment, "dim")))
    return out


def _typed_script_detail(question: Question, layout: Layout, response: Any, mark: Mark, lang: str,
                         content_lang: str) -> list[Any]:
    body = question.body
    assert isinstance(body, ScriptBody)
    return _script_detail(body, response or "", _with_detail(question, response, mark, "found"), lang, content_lang)


def _match_detail(question: Question, layout: Layout, response: Any, mark: Mark, lang: str,
                  content_lang: str) -> list[Any]:
    body = question.body
    assert isinstance(body, MatchBody)
    out: list[Any] = []
    picks = response or []
    for n, pair in enumerate(body.pairs):
        chosen = picks[n] if n < len(picks) else None
        ok = chosen == f"p{n}"
        shown = body.option(chosen).get(content_lang) if chosen else "—"
        note = "" if ok else t("feedback.should-be", lang, right=pair.right.get(content_lang))
        out.append(marked('✔' if ok else '✘', "green" if ok else "red", pair.left.get(content_lang), " → ",
                          (shown, "green" if ok else "red"), (note, "dim")))
    return out


def _with_detail(question: Question, response: Any, mark: Mark, key: str) -> Mark:
    """`mark` with what the grader found, re-graded when it was restored without it (resume)."""
    if key in mark.detail or response is None:
        return mark
    return Mark(mark.fraction, mark.max_points, grade(question, response).detail, mark.forbidden)


def _notes(mark: Mark) -> dict[tuple[str, int], dict[str, Any]]:
    return {(note["part"], note["index"]): note for note in mark.detail.get("notes", [])}


def _how(note: dict[str, Any], lang: str) -> str:
    """Why a tolerance accepted something, in words ('同音字', 'traditional characters')."""
    return t("list.sep", lang).join(t(f"feedback.how.{kind}", lang) for kind in note["how"].split("+") if kind)


def _typed(note: dict[str, Any], lang: str) -> str:
    return t("feedback.typed", lang, typed=note["typed"], how=_how(note, lang))


def _script_detail(body: ScriptBody, answer: str, mark: Mark, lang: str, content_lang: str) -> list[Any]:
    out: list[Any] = []
    fired = mark.detail.get("fired", [])
    if answer:
        out.append(labelled(t("feedback.you-said", lang), _highlight(answer, mark.forbidden, fired)))
    notes = _notes(mark)
    found = set(mark.detail.get("found", []))
    for n, group in enumerate(body.must):
        note = notes.get(("must", n))
        if n in found and note is not None:
            out.append(marked("✔", "green", t("feedback.found", lang), (note["as"], "green"),
                              (_typed(note, lang), "dim")))
        elif n in found:
            out.append(marked("✔", "green", t("feedback.found", lang), (" / ".join(group.get(content_lang)), "green")))
        else:
            out.append(marked("✘", "red", t("feedback.missing", lang), (" / ".join(group.get(content_lang)), "red")))
    should_found = set(mark.detail.get("should_found", []))
    for n, group in enumerate(body.should):
        note = notes.get(("should", n))
        sign, style = ("✔", "green") if n in should_found else ("·", "dim")
        shown = note["as"] if note is not None else " / ".join(group.get(content_lang))
        out.append(marked(sign, style, t("feedback.bonus", lang), (shown, style),
                          (_typed(note, lang) if note is not None else "", "dim")))
    if mark.forbidden:
        # A hit the tolerance caught says what was typed, so the trainee sees why it counts.
        by_phrase = {hit["as"]: hit for hit in fired if hit["how"]}
        phrases = t("list.sep", lang).join(
            phrase + (_typed(by_phrase[phrase], lang) if phrase in by_phrase else "") for phrase in mark.forbidden)
        out.append(marked("⚠", "bold red", (t("feedback.forbidden", lang, phrases=phrases), "bold red")))
    out.append(labelled(t("feedback.model", lang), body.model.get(content_lang), value_style="green"))
    return out


def _highlight(answer: str, forbidden: tuple[str, ...], fired: list[dict[str, Any]]) -> Text:
    """The trainee's answer with every forbidden phrase used shown in reverse red.

    The grader says where each hit is, however it was typed; a mark restored without that
    (an answer stored before it was recorded) falls back to finding the phrases as written.
    """
    import re

    text = Text(answer)
    for hit in fired:
        start, end = hit["at"]
        text.stylize("bold reverse red", start, end)
    if not fired:
        for phrase in forbidden:
            for match in re.finditer(re.escape(phrase), answer, flags=re.IGNORECASE):
                text.stylize("bold reverse red", match.start(), match.end())
    return text


def bar(fraction: Fraction | float, width: int = BAR_WIDTH) -> Text:
    """A share as a coloured bar."""
    filled = round(max(0.0, min(1.0, fraction)) * width)
    style = "green" if fraction >= 0.8 else "yellow" if fraction >= 0.6 else "red"
    return Text.assemble(("█" * filled, style), ("░" * (width - filled), "dim"))


def result_summary(console: Console, result: Result, lang: str, content_lang: str, library: Library,
                   title: str | None) -> None:
    """Score, pass or fail against the pass mark, and a bar per bank (scores.py writes every figure)."""
    places = percent_places(result.pass_mark)  # as many decimals as the pass mark, so both sides agree
    lines: list[Any] = []
    if result.expired:
        lines.append(Text(t("result.time-up", lang), style="bold yellow"))
    score = t("result.score", lang, score=format_points(result.score), max=format_points(result.max_score),
              percent=percent_text(result.fraction, places))
    lines.append(Text.assemble(
        (score, "bold"), ("  " + t("result.answered", lang, answered=result.answered, total=result.total), "dim"),
    ))
    if result.passed is not None:
        mark = pass_mark_text(result.pass_mark or 0)
        if result.passed:
            lines.append(Text(t("result.passed", lang, mark=mark), style="bold green"))
        else:
            lines.append(Text(t("result.failed", lang, mark=mark), style="bold red"))
    minutes, seconds = divmod(int(result.elapsed), 60)
    lines.append(Text(t("result.time", lang, time=f"{minutes}:{seconds:02d}"), style="dim"))
    from rich.table import Table  # only the end screen needs it: keep it off the way to the first question

    table = Table.grid(padding=(0, 1))
    table.add_column()
    table.add_column(no_wrap=True)
    table.add_column(justify="right", no_wrap=True)
    for bank_score in result.by_bank:
        bank = library.bank(bank_score.bank)
        name = bank.title.get(content_lang) if bank else bank_score.bank
        table.add_row(Wrapped(name), bar(bank_score.fraction),
                      Text(f"{format_score(bank_score.score, bank_score.max_score)}  "
                           f"{percent_text(bank_score.fraction, places)}%"))
    lines.append(Text(""))
    lines.append(table)
    heading = title or t("result.title", lang)
    shown = [Wrapped(line) if isinstance(line, Text) else line for line in lines]
    console.print(Panel(Group(*shown), title=Text(heading, style="bold"), border_style="cyan", padding=(0, 1)))


def show_missed(console: Console, slot: Slot, response: Any, mark: Mark, number: int, total: int, lang: str,
                content_lang: str, library: Library) -> None:
    """One missed question, numbered by its place in the attempt: the answer given, the right one, and why."""
    assert slot.question is not None
    console.print(question_panel(slot.question, number, total, lang, content_lang, library))
    feedback(console, slot.question, slot.layout, response, mark, lang, content_lang, library)


# How each type's answer is shown after it is marked (this layer's entry of the question-type registry).
DETAILS: dict[QuestionType, Callable[[Question, Layout, Any, Mark, str, str], list[Any]]] = {
    QuestionType.SINGLE: _choices_detail,
    QuestionType.MULTI: _choices_detail,
    QuestionType.TRUEFALSE: _truefalse_detail,
    QuestionType.ORDER: _order_detail,
    QuestionType.FILL: _fill_detail,
    QuestionType.SCRIPT: _typed_script_detail,
    QuestionType.MATCH: _match_detail,
}
