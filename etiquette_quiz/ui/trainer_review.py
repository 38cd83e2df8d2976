"""`results review`: the queue of typed answers the grader was unsure of, one by one, and the trainer's verdicts."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from datetime import UTC, datetime
from fractions import Fraction
from typing import Any

from rich.console import Console, Group, RenderableType
from rich.text import Text

from ..i18n import t
from ..model import Library, Mark
from ..overrides import REASON_WORDS, VERDICT_WORDS, Change, KeyLine, Verdict, give_verdict, history_of
from ..scores import format_points, format_score, parse_share
from ..store import Store
from ..store.queries import ReviewLine
from . import render
from .history import local_time

EXCERPT = 40  # characters of a typed answer in the queue's list
SKIP, QUIT = "skip", "quit"
ACTIONS = {"accept": "review-ask.accept", "credit": "review-ask.credit", "reject": "review-ask.reject",
           "keep": "review-ask.keep", SKIP: "review-ask.skip", QUIT: "review-ask.quit"}


def reason_text(reason: str | None, lang: str) -> str:
    """Why an answer is in the queue, in a word or two."""
    return t(REASON_WORDS[reason][0], lang) if reason in REASON_WORDS else "—"


def target_of(line: ReviewLine) -> str:
    """ATTEMPT:POSITION as `results review` takes it back: the id's first 8 characters, the position from 1."""
    return f"{line.attempt.id[:8]}:{line.answer.position + 1}"


def typed_text(response: Any) -> str:
    """A typed answer on one line (a `fill` answer's blanks joined by |)."""
    if isinstance(response, list):
        return " | ".join(str(part) for part in response)
    return "" if response is None else str(response)


def mark_text(fraction: Fraction, max_points: Fraction) -> str:
    """A mark as points out of the question's: '1/2', '0/1'."""
    return format_score(fraction * max_points, max_points)


def render_queue(console: Console, lines: Sequence[ReviewLine], lang: str) -> None:
    """The queue, one answer a line: where it is, who, which question, why, the grader's mark, what was typed."""
    if not lines:
        console.print(Text(t("review-queue.empty", lang), style="dim"))
        return
    console.print(Text(t("review-queue.count", lang, count=len(lines)), style="bold"))
    for line in lines:
        answer = line.answer
        typed = typed_text(answer.response)
        typed = typed if len(typed) <= EXCERPT else typed[:EXCERPT - 1] + "…"
        fraction, _ = answer.automatic
        changed = "" if answer.auto_fraction is None else " → " + mark_text(answer.fraction, answer.max_points)
        reason = reason_text(answer.review_reason, lang)
        console.print(Text.assemble(
            (target_of(line), "cyan"), "  ", line.attempt.trainee, "  ", answer.question_key, "  ",
            (reason, "yellow"), "  ", mark_text(fraction, answer.max_points) + changed, "  ", (typed, "dim")),
            soft_wrap=True)


def show_answer(console: Console, store: Store, library: Library, line: ReviewLine, lang: str, content_lang: str,
                number: int = 1, total: int = 1) -> None:
    """One answer as a trainer judges it: who and where, the question and scenario, the typed answer, what the
    grader found, missed, nearly found and held against it and how it matched, its mark, and earlier verdicts."""
    attempt, answer = line
    what = attempt.title or t(f"mode.{attempt.mode}", lang)
    who = f"{attempt.trainee} ({attempt.employee_no})" if attempt.employee_no else attempt.trainee
    console.print(Text(t("review-queue.heading", lang, number=number, total=total, who=who, what=what,
                         when=local_time(attempt.started_at), target=target_of(line)), style="bold"))
    if answer.review_reason in REASON_WORDS:
        name, why = REASON_WORDS[answer.review_reason]
        console.print(Text(t("review-queue.why", lang, reason=t(name, lang), explained=t(why, lang)), style="yellow"))
    question = library.question(answer.question_key)
    fraction, _ = answer.automatic
    detail = answer.detail or {}
    mark = Mark(fraction, answer.max_points, detail, tuple(answer.forbidden))
    if question is None:
        console.print(Text(t("history.gone", lang, number=answer.position + 1, key=answer.question_key), style="dim"))
        console.print(Text.assemble((t("feedback.you-said", lang), "bold"), typed_text(answer.response)))
    else:
        if question.content_hash != answer.content_hash:
            console.print(Text(t("review-queue.changed", lang), style="yellow"))
        console.print(render.question_panel(question, answer.position + 1, len(attempt.plan), lang, content_lang,
                                            library))
    console.print(Text.assemble((t("review-queue.grader", lang), "bold"), render.status_line(mark, lang)))
    if question is not None:
        render.feedback(console, question, {}, answer.response, mark, lang, content_lang, library, show_status=False)
    for near in detail.get("near", []):
        console.print(Text(t("review-queue.near", lang, phrase=near["as"], typed=near["typed"], count=near["edits"]),
                           style="yellow"))
    for verdict in history_of(store, attempt.id, answer.position):
        console.print(Text(verdict_text(verdict.verdict, verdict.fraction, answer.max_points, verdict.trainer,
                                        verdict.at, verdict.comment, lang), style="cyan"))


def verdict_text(verdict: str, fraction: Fraction, max_points: Fraction, trainer: str, at: str,
                 comment: str | None, lang: str) -> str:
    """One verdict in words: '2025-03-02 10:20 Li: part credit, 1/2 — paraphrase the key lacks'."""
    words = t("review-verdict.given", lang, when=local_time(at), trainer=trainer,
              verdict=t(VERDICT_WORDS[verdict], lang), mark=mark_text(fraction, max_points))
    return words + (t("review-verdict.comment", lang, comment=comment) if comment else "")


def change_text(change: Change, target: str, lang: str) -> str:
    """What a verdict changed, for the line printed after it."""
    record = change.override
    text = t("review-verdict.done", lang, target=target, before=mark_text(change.before, change.max_points),
             after=mark_text(change.after, change.max_points), verdict=t(VERDICT_WORDS[record.verdict], lang),
             trainer=record.trainer)
    if change.score_after is not None and change.max_score is not None and change.score_before is not None:
        # Each sentence brings its own space: English puts one after a full stop, Chinese none.
        text += t("review-verdict.score", lang, before=format_points(change.score_before),
                        after=format_score(change.score_after, change.max_score))
        if change.passed_after is not None and change.passed_after != change.passed_before:
            text += t("review-verdict.now-passed" if change.passed_after else "review-verdict.now-failed", lang)
    return text


def ask_verdict(prompter: Any, lang: str) -> tuple[str, Fraction | None, str | None]:
    """(verdict or skip/quit, the share for part credit, the comment) as the trainer gives them."""
    from questionary import Choice

    choices = [Choice(t(key, lang), value=name) for name, key in ACTIONS.items()]
    picked: str = prompter.select(t("review-ask.verdict", lang), choices, skippable=False)
    if picked in (SKIP, QUIT):
        return picked, None, None
    share = None
    if picked == Verdict.CREDIT.value:
        def valid(text: str) -> bool | str:
            return parse_share(text) is not None or t("error.review-credit", lang, value=text)

        share = parse_share(prompter.text(t("review-ask.share", lang), t("review-ask.share-help", lang),
                                          skippable=False, validate=valid))
    comment = prompter.text(t("review-ask.comment", lang), t("review-ask.comment-help", lang), skippable=False)
    return picked, share, comment or None


def walk(console: Console, prompter: Any, store: Store, library: Library, lines: Sequence[ReviewLine], lang: str,
         content_lang: str, trainer: str, now: Callable[[], datetime] = lambda: datetime.now(UTC)) -> int:
    """Judge the queue one answer after another; returns how many verdicts were given.

    Each verdict is saved the moment it is given, so quitting (or Ctrl-C) keeps those given.
    """
    given = 0
    for number, line in enumerate(lines, 1):
        show_answer(console, store, library, line, lang, content_lang, number, len(lines))
        verdict, share, comment = ask_verdict(prompter, lang)
        if verdict == QUIT:
            break
        if verdict == SKIP:
            console.print()
            continue
        change = give_verdict(store, library, line.attempt, line.answer, Verdict(verdict), trainer=trainer, now=now(),
                              credit=share, comment=comment)
        given += 1
        console.print(Text(change_text(change, target_of(line), lang), style="green"))
        console.print()
    console.print(Text(t("review-queue.done", lang, count=given), style="bold"))
    return given


def keys_to_fix_table(lines: Sequence[KeyLine], lang: str, limit: int = 15) -> RenderableType | None:
    """`report`'s section on trainers' verdicts: per question, how often trainers overrode the grader and which way."""
    if not lines:
        return None
    from rich import box
    from rich.table import Table

    table = Table(title=t("report.keys.title", lang), title_justify="left", title_style="bold", box=box.SIMPLE_HEAD,
                  pad_edge=False, padding=(0, 1))
    table.add_column(t("report.col.question", lang), overflow="fold")
    for key in ("report.keys.flagged", "report.keys.reviewed", "report.keys.raised", "report.keys.lowered",
                "report.keys.kept"):
        table.add_column(t(key, lang), justify="right")
    for line in lines[:limit]:
        table.add_row(Text(line.key), str(line.flagged), str(line.reviewed), str(line.raised), str(line.lowered),
                      str(line.kept))
    return Group(table, Text(t("report.keys.note", lang), style="dim"))
