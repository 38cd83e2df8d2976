"""`history`: a trainee's attempts, exam trend, mastery per bank; one attempt question by question."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime
from fractions import Fraction

from rich import box
from rich.console import Console
from rich.table import Table
from rich.text import Text

from ..i18n import t
from ..model import Library, Mark
from ..progress import AttemptSummary, Progress
from ..review import DueItem
from ..scores import format_points, format_score, pass_mark_text, percent_places, percent_text
from ..session import slots_from_plan
from ..store import AttemptRecord, Store
from . import render

SPARKS = "▁▂▃▄▅▆▇█"


def local_time(stamp: str | None, short: bool = False) -> str:
    """An ISO 8601 time as 'YYYY-MM-DD HH:MM' (short: 'MM-DD HH:MM') in the local time zone."""
    if not stamp:
        return "—"
    return datetime.fromisoformat(stamp).astimezone().strftime("%m-%d %H:%M" if short else "%Y-%m-%d %H:%M")


def clock(seconds: float) -> str:
    """Seconds as m:ss."""
    minutes, secs = divmod(int(round(seconds)), 60)
    return f"{minutes}:{secs:02d}"


def sparkline(values: Sequence[Fraction | float]) -> str:
    """Fractions as a line of block characters."""
    return "".join(SPARKS[min(len(SPARKS) - 1, int(v * (len(SPARKS) - 1) + 0.5))] for v in values)


def what_label(attempt: AttemptSummary, plan_banks: list[str], library: Library, lang: str, content_lang: str) -> str:
    """What an attempt was: the exam's title, else its mode and banks."""
    if attempt.title:
        return attempt.title
    titles = []
    for bank_id in plan_banks:
        bank = library.bank(bank_id)
        titles.append(bank.title.get(content_lang) if bank else bank_id)
    sep = t("list.sep", lang)
    return sep.join(titles) if len(titles) <= 2 else f"{titles[0]}{sep}{titles[1]}…(+{len(titles) - 2})"


# The words for each attempt flag (AttemptRecord.flags).
FLAG_WORDS = {"clock-back": "history.flag.clock-back", "clock-edited": "history.flag.clock-edited"}


def flag_words(flags: list[str] | tuple[str, ...], lang: str) -> list[str]:
    """An attempt's flags in words, for a trainer."""
    return [t(FLAG_WORDS[flag], lang) if flag in FLAG_WORDS else f"⚠ {flag}" for flag in flags]


def _score_cell(attempt: AttemptSummary) -> Text:
    if attempt.state != "finished" or not attempt.max_score or attempt.score is None or attempt.withheld:
        return Text("—", style="dim")
    percent = percent_text(attempt.fraction or 0, percent_places(attempt.pass_mark))
    return Text(f"{format_score(attempt.score, attempt.max_score)} {percent:>3}%")


def _result_cell(attempt: AttemptSummary, lang: str) -> Text:
    """Pass or fail for a finished exam; how far an unfinished attempt got."""
    if attempt.flags:
        return Text.assemble(_result_text(attempt, lang), "\n", ("\n".join(flag_words(attempt.flags, lang)), "yellow"))
    return _result_text(attempt, lang)


def _result_text(attempt: AttemptSummary, lang: str) -> Text:
    if attempt.state != "finished":
        return Text(t("history.unfinished", lang, answered=attempt.answered, total=attempt.total), style="yellow")
    if attempt.passed is None or attempt.withheld:
        return Text("—", style="dim")  # finished, with no pass mark (practice, review), or withheld
    if attempt.passed:
        return Text("✔ " + t("history.passed", lang), style="green")
    return Text("✘ " + t("history.failed", lang), style="red")


def render_progress(console: Console, data: Progress, plans: dict[str, list[str]], library: Library, lang: str,
                    content_lang: str) -> None:
    """The trainee's attempts, exam trend, mastery per bank, leeches and reviews due."""
    heading = data.trainee.label if data.trainee else t("history.everyone", lang)
    console.print(Text(t("history.title", lang, who=heading, count=len(data.attempts)), style="bold"))
    if not data.attempts:
        console.print(Text(t("history.none", lang), style="dim"))
    else:
        table = Table(box=box.SIMPLE_HEAD, pad_edge=False, padding=(0, 1))
        # Fits 80 columns: the date and the result may wrap; names and titles keep a readable minimum.
        table.add_column(t("history.started", lang), no_wrap=True)
        if data.trainee is None:
            table.add_column(t("history.trainee", lang), overflow="ellipsis", min_width=6, max_width=12)
        table.add_column(t("history.mode", lang), no_wrap=True)
        table.add_column(t("history.what", lang), overflow="ellipsis", no_wrap=True, min_width=8, max_width=24)
        table.add_column(t("history.score", lang), justify="right", no_wrap=True)
        table.add_column(t("history.result", lang), min_width=6)
        table.add_column(t("history.time", lang), justify="right", no_wrap=True)
        table.add_column(t("history.id", lang), style="dim", no_wrap=True)
        narrow = console.width < 90  # leave room for every column in 80
        for attempt in data.attempts:
            row = [Text(local_time(attempt.started_at, short=narrow))]
            if data.trainee is None:
                row.append(Text(attempt.trainee))
            row += [Text(t(f"mode.{attempt.mode}", lang)),
                    Text(what_label(attempt, plans.get(attempt.id, []), library, lang, content_lang)),
                    _score_cell(attempt), _result_cell(attempt, lang), Text(clock(attempt.elapsed)),
                    Text(attempt.id[:8])]
            table.add_row(*row)
        console.print(table)
    if data.exam_trend:
        first, last, best = data.exam_trend[0], data.exam_trend[-1], max(data.exam_trend)
        console.print(Text.assemble(
            (t("history.trend", lang), "bold"), (sparkline(data.exam_trend), "cyan"),
            f"  {percent_text(first)}% → {percent_text(last)}%  ",
            (t("history.best", lang, best=percent_text(best)), "dim"),
        ))
    if data.trainee is None:
        return
    practised = [item for item in data.mastery if item.answered]
    untouched = [item for item in data.mastery if not item.answered]
    if practised:
        console.print(Text(t("history.mastery", lang), style="bold"))
        grid = Table.grid(padding=(0, 1))
        grid.add_column()
        grid.add_column()
        grid.add_column(justify="right")
        for item in practised:
            grid.add_row(Text(" " + _bank_title(library, item.bank, content_lang)), render.bar(item.fraction, 16),
                         Text(f"{item.right}/{item.total} {round(item.fraction * 100):>3}%"))
        console.print(grid)
    if untouched:
        names = t("list.sep", lang).join(_bank_title(library, item.bank, content_lang) for item in untouched)
        console.print(Text.assemble((t("history.untouched", lang), "bold"), (names, "dim")))
    if data.leeches:
        listed = ", ".join(f"{leech.question_key} ({leech.wrong}×)" for leech in data.leeches)
        console.print(Text.assemble((t("history.leeches", lang), "bold yellow"), listed))
    if data.due:
        console.print(Text(t("history.due", lang, count=data.due), style="bold"))
    elif data.next_due:
        console.print(Text(t("history.next-due", lang, when=local_time(data.next_due)), style="dim"))
    else:
        console.print(Text(t("history.no-reviews", lang), style="dim"))


def render_due(console: Console, queue: list[DueItem], lang: str, content_lang: str) -> None:
    """What is due for review, without starting one (`review --list`)."""
    if not queue:
        console.print(Text(t("review.none-due", lang), style="dim"))
        return
    console.print(Text(t("review.due-list", lang, count=len(queue)), style="bold"))
    for item in queue:
        leech = t("review.leech", lang) if item.state.leech else ""
        console.print(Text.assemble(
            f" {local_time(item.state.due)}  ", (item.question.key, "cyan"), "  ",
            item.question.prompt.get(content_lang)[:40], (leech, "yellow"),
        ))


def _bank_title(library: Library, bank_id: str, content_lang: str) -> str:
    bank = library.bank(bank_id)
    return bank.title.get(content_lang) if bank else bank_id


def render_attempt(console: Console, store: Store, library: Library, attempt: AttemptRecord, lang: str,
                   content_lang: str) -> None:
    """One attempt, question by question, with the trainee's answers and how each scored."""
    answers = {a.position: a for a in store.answers(attempt.id)}
    what = attempt.title or t(f"mode.{attempt.mode}", lang)
    review = attempt.review or "answers"
    if attempt.state == "finished" and review == "none":
        score = t("history.withheld", lang)
    elif attempt.state == "finished" and attempt.max_score and attempt.score is not None:
        score = t("result.score", lang, score=format_points(attempt.score), max=format_points(attempt.max_score),
                  percent=percent_text(attempt.score / attempt.max_score, percent_places(attempt.pass_mark)))
    else:
        score = t("history.unfinished", lang, answered=len(answers), total=len(attempt.plan))
    started = local_time(attempt.started_at)
    console.print(Text(t("history.attempt", lang, what=what, who=attempt.trainee, started=started,
                         score=score, id=attempt.id), style="bold"))
    for words in flag_words(attempt.flags, lang):
        console.print(Text(words, style="bold yellow"))
    if attempt.passed is not None and review != "none":
        pass_mark = pass_mark_text(attempt.pass_mark or 0)
        console.print(Text(t("result.passed" if attempt.passed else "result.failed", lang, mark=pass_mark),
                           style="green" if attempt.passed else "red"))
    if attempt.state == "finished" and review != "answers":  # the exam shows no answers once handed in
        console.print(Text(t("result.score-only" if review == "score" else "history.withheld-answers", lang),
                           style="dim"))
        return
    slots = slots_from_plan(attempt.plan, library)
    given: dict[int, list[object]] = {}  # an exam's log: every answer given to each question, in order
    for event in store.events(attempt.id):
        if event.kind == "answer" and event.position is not None:
            given.setdefault(event.position, []).append(event.response)
    for number, slot in enumerate(slots, 1):
        saved = answers.get(slot.position)
        if slot.question is None:
            console.print(Text(t("history.gone", lang, number=number, key=slot.key), style="dim"))
            continue
        console.print(render.question_panel(slot.question, number, len(slots), lang, content_lang, library))
        if len(given.get(slot.position, [])) > 1:
            from ..responses import response_text

            steps = " → ".join(response_text(slot.question, r, content_lang) for r in given[slot.position])
            console.print(Text(t("history.changed", lang, count=len(given[slot.position]) - 1, answers=steps),
                               style="cyan"))
        if saved is None:
            console.print(Text("  " + t("feedback.unanswered", lang), style="dim"))
            console.print()
            continue
        from ..grading import grade

        regraded = grade(slot.question, saved.response)
        mark = Mark(saved.fraction, saved.max_points, regraded.detail, tuple(saved.forbidden))
        render.feedback(console, slot.question, slot.layout, saved.response, mark, lang, content_lang, library)
