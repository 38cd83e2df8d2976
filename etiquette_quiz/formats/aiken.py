"""Aiken: the plainest multiple-choice format, as Moodle reads it.

    电话铃响后，最迟应在第几声之内接听？
    A. 五声
    B) 三声
    ANSWER: B

The question text, then one option per line (a capital letter, `.` or `)`, a space), then
`ANSWER:` and the letter. Aiken carries one right answer and nothing else; several letters
after ANSWER: are read as a multiple-choice question, which Moodle itself would not accept.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import TYPE_CHECKING

from ..model import Bank, ChoiceBody, QuestionType
from .cells import OPTION_LETTERS
from .draft import Draft, Origin, QuestionDraft, assign_question_ids, named_after_file
from .rows import QuestionBuilder, RowView, RuleBook

if TYPE_CHECKING:
    from .exporting import Exported

_OPTION = re.compile(r"^\s*([A-Z])[).][ \t]+(.*)$")
_ANSWER = re.compile(r"^\s*ANSWER:\s*(.*)$")


def looks_like_aiken(text: str) -> bool:
    """Aiken has ANSWER: lines and lettered options, and nothing of the Chinese pasted convention."""
    return bool(re.search(r"^\s*ANSWER:\s*[A-Z]", text, re.M) and re.search(r"^\s*[A-Z][).][ \t]", text, re.M))


def read_aiken(path: Path, shown: str) -> Draft:
    """A bank of choice questions from an Aiken file."""
    from .csvfile import read_text_file

    draft = named_after_file(shown)
    text = read_text_file(path, draft)
    if text is None:
        return draft
    builder = QuestionBuilder(draft, RuleBook(draft).lookup)
    row: RowView | None = None
    prompt: list[str] = []
    for number, line in enumerate(text.splitlines(), 1):
        if not line.strip():
            continue
        here = Origin(shown, line=number)
        answer = _ANSWER.match(line)
        if answer:
            if row is None:
                row = RowView(here, draft.language)
            if prompt:
                row.put("prompt", "\n".join(prompt), row.origin)
            row.put("answer", answer.group(1).strip(), here)
            row.answer_origin = here
            letters = re.findall(r"[A-Z]", answer.group(1))
            builder.question(row, "multi" if len(letters) > 1 else "single")
            row, prompt = None, []
            continue
        option = _OPTION.match(line)
        if option:
            if row is None:
                row = RowView(here, draft.language)
            row.put_option(option.group(1), option.group(2).strip(), here)
            continue
        if row is not None and row.options:  # a new question, and the last one never had its ANSWER: line
            _unfinished(draft, row)
            row, prompt = None, []
        if row is None:
            row = RowView(here, draft.language)
        prompt.append(line.strip())
    if row is not None:
        _unfinished(draft, row)
    if not draft.questions and not draft.problems:
        draft.error(draft.origin, "import-no-questions")
    assign_question_ids(draft)
    return draft


def _unfinished(draft: Draft, row: RowView) -> None:
    index = draft.add_question(QuestionDraft(None, row.origin))
    draft.error(row.origin, "import-aiken-no-answer", index)


def write_aiken(bank: Bank, path: str) -> Exported:
    """Single-choice questions as Aiken (bank language); every other type is left out and named."""
    from ..paths import atomic_output
    from .exporting import Exported, Loss, bank_losses
    from .table import choice_layout

    own = bank.language
    out: list[str] = []
    losses: list[Loss] = []
    written = 0
    for question in bank.questions:
        if question.type is not QuestionType.SINGLE:
            losses.append(Loss(bank.id, question.id, ("type",), skipped=True))
            continue
        assert isinstance(question.body, ChoiceBody)
        lost = []
        prompt = question.prompt.get(own)
        if question.scenario is not None:
            prompt = question.scenario.get(own) + " " + prompt
            lost.append("scenario")
        if "\n" in prompt:
            prompt = " ".join(part.strip() for part in prompt.splitlines() if part.strip())
            lost.append("newlines")
        if any(c.feedback is not None for c in question.body.correct + question.body.wrong):
            lost.append("feedback")
        if question.explain is not None:
            lost.append("explain")
        if lost:
            losses.append(Loss(bank.id, question.id, tuple(lost)))
        out.append(prompt)
        answer = ""
        for n, (group, i) in enumerate(choice_layout(question)):
            choice = (question.body.correct if group == "c" else question.body.wrong)[i]
            out.append(f"{OPTION_LETTERS[n]}. {' '.join(choice.text.get(own).split())}")
            answer = OPTION_LETTERS[n] if group == "c" else answer
        out += [f"ANSWER: {answer}", ""]
        written += 1
    with atomic_output(path) as stream:
        stream.write("\n".join(out))
    lost_everywhere = bank_losses(bank, ("translations", "rules", "difficulty", "points", "tags"))
    return Exported(path, [bank.id], written, lost_everywhere + losses)
