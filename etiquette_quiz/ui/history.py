"""`history`: a trainee's attempts, exam trend, mastery per bank; one attempt question by question."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime
from fractions import Fraction

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
from .layout import Column, FitTable, Wrapped

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
    """Pass or fail for a finished exam; how far an unfinished or discarded attempt got."""
    if attempt.flags:
        return Text.assemble(_result_text(attempt, lang), "\n", ("\n".join(flag_words(attempt.flags, lang)), "yellow"))
    return _result_text(attempt, lang)


def _result_text(attempt: AttemptSummary, lang: str) -> Text:
    if attempt.state == "abandoned":
        return Text(t("history.abandoned", lang, answered=attempt.answered, total=attempt.total), style="dim")
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
        console.print(attempts_table(data, plans, library, lang, content_lang))
        console.print()
    for title, trend in exam_trends(data.attempts):
        first, last, best = trend[0], trend[-1], max(trend)
        console.print(Wrapped(Text.assemble(
            (t("history.trend-of", lang, title=title), "bold"), (sparkline(trend), "cyan"),
            f"  {percent_text(first)}% → {percent_text(last)}%  ",
            (t("history.best", lang, best=percent_text(best)), "dim"),
        )))
    if data.trainee is None:
        return
    practised = [item for item in data.mastery if item.answered]
    untouched = [item for item in data.mastery if not item.answered]
    if practised:
        console.print(Text(t("history.mastery", lang), style="bold"))
        grid = Table.grid(padding=(0, 1))
        grid.add_column()
        grid.add_column(no_wrap=True)
        grid.add_column(justify="right", no_wrap=True)
        for item in practised:
            counts = Text(f"{item.right}/{item.total} {round(item.fraction * 100):>3}%")
            grid.add_row(Wrapped(" " + _bank_title(library, item.bank, content_lang), hang=1),
                         render.bar(item.fraction, 16), counts)
        console.print(grid)
    if untouched:
        names = t("list.sep", lang).join(_bank_title(library, item.bank, content_lang) for item in untouched)
        console.print(Wrapped(Text.assemble((t("history.untouched", lang), "bold"), (names, "dim"))))
    if data.leeches:
        listed = ", ".join(f"{leech.question_key} ({leech.wrong}×)" for leech in data.leeches)
        console.print(Wrapped(Text.assemble((t("history.leeches", lang), "bold yellow"), listed)))
    if data.due:
        console.print(Wrapped(Text(t("history.due", lang, count=data.due), style="bold")))
    elif data.next_due:
        console.print(Wrapped(Text(t("history.next-due", lang, when=local_time(data.next_due)), style="dim")))
    else:
        console.print(Text(t("history.no-reviews", lang), style="dim"))


def attempts_table(data: Progress, plans: dict[str, list[str]], library: Library, lang: str,
                   content_lang: str) -> FitTable:
    """The attempts as a table that stacks its rows when the terminal is too narrow for it."""
    everyone = data.trainee is None
    columns = [Column(t("history.started", lang), lead=True)]
    if everyone:  # `history --all`: whose attempt each row is
        columns.append(Column(t("history.trainee", lang), lead=True))
    columns += [
        Column(t("history.mode", lang), lead=True),
        Column(t("history.what", lang), flex=True),
        Column(t("history.score", lang), justify="right"),
        Column(t("history.result", lang), flex=True),
        Column(t("history.time", lang), justify="right"),
        Column(t("history.id", lang), style="dim", lead=True),
    ]
    rows = []
    for attempt in data.attempts:
        row = [Text(local_time(attempt.started_at))]
        if everyone:
            row.append(Text(attempt.trainee))
        row += [Text(t(f"mode.{attempt.mode}", lang)),
                Text(what_label(attempt, plans.get(attempt.id, []), library, lang, content_lang)),
                _score_cell(attempt), _result_cell(attempt, lang), Text(clock(attempt.elapsed)),
                Text(attempt.id[:8])]
        rows.append(row)
    return FitTable(columns, rows, lang=lang)


def exam_trends(attempts: list[AttemptSummary]) -> list[tuple[str, list[Fraction]]]:
    """Each exam's finished scores, oldest first, by exam: one trend never mixes different exams (UX-19).

    The same attempts as Progress.exam_trend: an exam whose scores are withheld from the trainee is left out.
    """
    trends: dict[str, tuple[str, list[Fraction]]] = {}
    for attempt in attempts:
        fraction = attempt.fraction
        if attempt.mode == "exam" and attempt.state == "finished" and not attempt.withheld and fraction is not None:
            key = attempt.exam_id or attempt.title or ""
            trends.setdefault(key, (attempt.title or attempt.exam_id or "", []))[1].append(fraction)
    return list(trends.values())


def render_due(console: Console, queue: list[DueItem], library: Library, lang: str, content_lang: str) -> None:
    """What is due for review, without starting one (`review --list`): when, the bank, the whole question."""
    if not queue:
        console.print(Text(t("review.none-due", lang), style="dim"))
        return
    console.print(Text(t("review.due-list", lang, count=len(queue)), style="bold"))
    columns = [Column(t("review.due", lang), lead=True), Column(t("stats.bank", lang), lead=True),
               Column(t("review.question", lang), flex=True)]
    rows = []
    for item in queue:
        prompt = Text(item.question.prompt.get(content_lang))
        if item.state.leech:
            prompt.append(t("review.leech", lang), style="yellow")
        rows.append([Text(local_time(item.state.due)), Text(_bank_title(library, item.question.bank, content_lang)),
                     prompt])
    console.print(FitTable(columns, rows, lang=lang))


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
    console.print(Wrapped(Text(what, style="bold")))
    console.print(Wrapped(Text(t("history.attempt", lang, who=attempt.trainee, started=started, score=score,
                                 id=attempt.id[:8]), style="dim")))
    for words in flag_words(attempt.flags, lang):
        console.print(Wrapped(Text(words, style="bold yellow")))
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
