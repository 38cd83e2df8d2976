"""`report` in the terminal: a manager's page at a glance — charts first, then who needs help, then the items.

Each part is a function that returns one renderable (a table or a text), so a narrow terminal
can lay a part out differently without touching the others. The figures are those of the HTML
page (report.Report); percentages are whole here, with one decimal on the page.
"""

from __future__ import annotations

from rich import box
from rich.console import Console, Group, RenderableType
from rich.table import Table
from rich.text import Text

from ..i18n import t
from ..report import MIN_EXAM_ATTEMPTS, MIN_ITEM_ATTEMPTS, ItemLine, Report, TraineeLine, figure_label, figure_meaning
from .charts import FILL, NO_WRAP, RIGHT, Shortened, count_bar, grid, percent, score_percent, share_bar, share_style

ITEM_ROWS = 10
TRAINEE_ROWS = 20  # the trainees who need help most; the HTML and JSON reports list everyone
RULE_ROWS = 5
WIDE = 120  # from this width, ids are shown beside question texts


def _table(title: str, expand: bool = False) -> Table:
    return Table(title=title, title_justify="left", title_style="bold", box=box.SIMPLE_HEAD, show_edge=False,
                 pad_edge=False, padding=(0, 1), collapse_padding=True, expand=expand)


def _bar_width(width: int) -> int:
    return 16 if width >= 100 else 10


def _count(value: int) -> str:
    return f"{value:,}"


def too_few(n: int, lang: str) -> str:
    """What stands in for a figure its sample cannot support."""
    return t("report.too-few", lang, n=n)


def heading(report: Report, lang: str, scope: str) -> RenderableType:
    """The title, what the report covers, and the cohort in two lines."""
    c = report.cohort
    lines = [Text.assemble((t("report.title", lang), "bold"), (f" · {scope}", "dim")),
             Text(t("report.cohort", lang, trainees=c.trainees, attempts=c.attempts, finished=c.finished,
                    mean=score_percent(c.mean), median=score_percent(c.median)))]
    if c.exam_attempts:
        lines.append(Text(t("report.cohort-exams", lang, count=c.exam_attempts, rate=percent(c.pass_rate))))
    return Group(*lines)


def histogram(report: Report, lang: str, width: int) -> RenderableType | None:
    """Finished exam attempts (practice when there is no exam yet) per tenth of the score, as bars."""
    kind = "exam" if sum(report.distribution["exam"]) else "practice"
    counts = report.distribution[kind]
    total = sum(counts)
    if not total:
        return None
    key = "report.histogram" if kind == "exam" else "report.histogram-practice"
    bars = grid(RIGHT, NO_WRAP, RIGHT)
    bar_width = max(10, min(50, width - 22))
    top = max(counts)
    lowest = next(band for band in range(10) if counts[band])
    for band in range(9, min(lowest, 5) - 1, -1):  # bands below the lowest score are left out (from 50% down)
        label = f"{band * 10}–{band * 10 + 9}%" if band < 9 else "90–100%"
        bars.add_row(Text(label, style="dim"), count_bar(counts[band], top, bar_width, share_style(band / 10)),
                     _count(counts[band]))
    return Group(Text(t(key, lang, count=total), style="bold"), bars)


def exams(report: Report, lang: str, width: int) -> RenderableType | None:
    """Each exam: its pass rate as a bar; attempts and trainees passed; its test statistics when they hold."""
    if not report.exams:
        return None
    lines = grid(NO_WRAP, RIGHT, FILL)
    for exam in report.exams:
        f = exam.figures
        lines.add_row(share_bar(exam.pass_rate or 0.0, _bar_width(width)), percent(exam.pass_rate),
                     Shortened(exam.title, middle=False))
        lines.add_row("", "", Text(t("report.pass-line", lang, passed=_count(exam.passed), attempts=_count(f.attempts),
                                    people=_count(exam.trainees_passed), trainees=_count(exam.trainees)), style="dim"))
        sd = percent(f.sd) if f.attempts >= 2 else too_few(f.attempts, lang)
        lines.add_row("", "", Text(t("report.exam-line", lang, slots=f.slots, mean=score_percent(f.mean),
                                    median=score_percent(f.median), sd=sd)))
        if f.enough:
            reliability = t("report.exam-reliability", lang, cic=percent(f.cic), er=percent(f.error_ratio),
                            se=percent(f.standard_error))
        else:
            reliability = t("report.exam-too-few", lang, n=f.attempts, minimum=MIN_EXAM_ATTEMPTS)
        lines.add_row("", "", Text(reliability, style="" if f.enough else "dim"))
    return Group(Text(t("report.pass-rates", lang), style="bold"), lines)


def bank_bars(report: Report, lang: str, width: int) -> RenderableType | None:
    """Each bank's mean score as a bar, weakest first, with how often it is missed."""
    if not report.banks:
        return None
    bars = grid(NO_WRAP, RIGHT, FILL, RIGHT | {"style": "dim"})
    for line in report.banks:
        bars.add_row(share_bar(line.mean, _bar_width(width)), score_percent(line.mean),
                     Shortened(line.title, middle=False),
                     Text(t("report.bank-line", lang, missed=percent(line.missed), answers=_count(line.answers))))
    return Group(Text(t("report.banks", lang), style="bold"), bars)


def _mark(passed: bool | None) -> tuple[str, str]:
    return ("✘", "red") if passed is False else ("✔", "green") if passed else ("·", "")


def _exam_cell(person: TraineeLine) -> RenderableType:
    """The trainee's latest result at each exam, worst first: mark and score before the title, which gives way."""
    if len(person.exams) == 1:
        result = person.exams[0]
        mark, style = _mark(result.passed)
        return Shortened(result.title, prefix=Text.assemble((mark, style), f" {score_percent(result.fraction)} "),
                         middle=False)
    return Shortened("; ".join(f"{_mark(r.passed)[0]} {score_percent(r.fraction)} {r.title}" for r in person.exams),
                     middle=False)


def trainee_table(report: Report, lang: str, rows: int) -> RenderableType | None:
    """The trainees who sat an exam, who needs help first: latest exam results, practice, weakest bank."""
    if not report.trainees:
        return None
    table = _table(t("report.trainees", lang), expand=True)
    table.add_column(t("report.col.trainee", lang), no_wrap=True, overflow="ellipsis", max_width=24)
    table.add_column(t("report.col.exams", lang), no_wrap=True, ratio=3)
    table.add_column(t("report.col.practice", lang), no_wrap=True)
    table.add_column(t("report.col.weakest", lang), no_wrap=True, ratio=2)
    for person in report.trainees[:rows]:
        who = f"{person.name} ({person.employee_no})" if person.employee_no else person.name
        practice = "—"
        if person.practice_attempts:
            practice = t("report.practice-cell", lang, mean=score_percent(person.practice_mean),
                         count=person.practice_attempts)
        weakest = (Shortened(person.weakest_title, prefix=Text(f"{score_percent(person.weakest)} "), middle=False)
                   if person.weakest_title else Text("—"))
        table.add_row(Text(who), _exam_cell(person), Text(practice), weakest)
    parts: list[RenderableType] = [table]
    failing = report.needing_help
    if failing:
        parts.insert(0, Text(t("report.trainees-failing", lang, count=failing, total=len(report.trainees)),
                             style="yellow"))
    if len(report.trainees) > rows:
        parts.append(Text(t("report.more-trainees", lang, count=len(report.trainees) - rows), style="dim"))
    return Group(*parts)


def practising(report: Report, lang: str, rows: int) -> RenderableType | None:
    """Who only practised so far, by name (the first `rows`)."""
    if not report.practising:
        return None
    cells = (t("report.practice-cell", lang, mean=score_percent(p.practice_mean), count=p.practice_attempts)
             for p in report.practising[:rows])
    names = [f"{p.name} ({cell})" for p, cell in zip(report.practising[:rows], cells, strict=True)]
    more = len(report.practising) - rows
    listed = t("list.sep", lang).join(names) + (f" … (+{more})" if more > 0 else "")
    return Text.assemble((t("report.practising", lang, count=len(report.practising)), "bold"), listed)


def item_table(report: Report, lang: str, rows: int, width: int) -> RenderableType:
    """The flagged questions, by their text (and id when the terminal is wide), with F, DI, DE and why."""
    flagged = [item for item in report.items if item.flags]
    if not flagged:
        return Text(t("report.no-flags", lang, minimum=MIN_ITEM_ATTEMPTS), style="dim")
    shown = flagged[:rows]
    table = _table(t("report.items", lang, count=len(flagged), minimum=MIN_ITEM_ATTEMPTS), expand=True)
    table.add_column(t("report.col.question", lang), no_wrap=True, ratio=3)
    if width >= WIDE:
        table.add_column(t("report.col.id", lang), no_wrap=True, style="dim",
                         min_width=max(len(item.key) for item in shown))
    for name in ("n", "F", "DI", "DE"):
        table.add_column(name, justify="right", no_wrap=True)
    table.add_column(t("report.col.why", lang), style="yellow")
    for item in shown:
        table.add_row(*_item_cells(item, lang, width >= WIDE))
    parts: list[RenderableType] = [table]
    if len(flagged) > len(shown):
        parts.append(Text(t("report.more-items", lang, count=len(flagged) - len(shown)), style="dim"))
    return Group(*parts)


def _item_cells(item: ItemLine, lang: str, with_id: bool) -> list[RenderableType]:
    f = item.figures
    cells: list[RenderableType] = [Shortened(item.prompt or item.key)]
    if with_id:
        cells.append(Text(item.key))
    cells += [_count(f.attempts), percent(f.facility), percent(f.discrimination), percent(f.efficiency),
              Text("; ".join(t(f"report.flag.{flag}", lang) for flag in item.flags))]
    return cells


def rule_table(report: Report, lang: str, rows: int) -> RenderableType | None:
    """The rules missed most (of those answered often enough to say)."""
    lines = [r for r in report.rules if r.answers >= MIN_ITEM_ATTEMPTS][:rows]
    if not lines:
        return None
    table = _table(t("report.rules", lang), expand=True)
    table.add_column(t("report.col.rule", lang), no_wrap=True, ratio=1)
    table.add_column(t("report.col.missed", lang), justify="right", no_wrap=True)
    table.add_column(t("report.col.answers", lang), justify="right", no_wrap=True)
    for line in lines:
        table.add_row(Shortened(line.title or line.key), percent(line.missed), _count(line.answers))
    return table


def phrases(report: Report, lang: str) -> RenderableType | None:
    """The forbidden phrases used most, and the questions trainees keep missing."""
    parts: list[RenderableType] = []
    if report.forbidden:
        listed = t("list.sep", lang).join(f"{phrase} ×{count}" for phrase, count in report.forbidden[:10])
        parts.append(Text.assemble((t("report.forbidden", lang), "bold"), listed))
    if report.leeches:
        rows = grid(RIGHT, FILL)
        for leech in report.leeches[:5]:
            rows.add_row(f" {leech.trainees}", Shortened(leech.prompt or leech.key))
        parts += [Text(t("report.leeches", lang).rstrip("：: "), style="bold"), rows]
    return Group(*parts) if parts else None


def legend(names: list[str], lang: str) -> RenderableType:
    """What each figure shown means, one figure a line (wrapped lines indented under their figure)."""
    meanings = grid(NO_WRAP | {"style": "bold"}, {"style": "dim"})
    for name in names:
        meanings.add_row(" " + figure_label(name, lang), Text(figure_meaning(name, lang)))
    return Group(Text(t("report.legend", lang), style="bold"), meanings)


def render_report(console: Console, report: Report, lang: str, scope: str, items: int = ITEM_ROWS,
                  trainees: int = TRAINEE_ROWS) -> None:
    """The report in the terminal: cohort, charts, trainees, exams, questions to look at, a legend."""
    width = console.width
    console.print(heading(report, lang, scope))
    if not report.cohort.attempts:
        return
    shown = []
    parts = [histogram(report, lang, width), exams(report, lang, width), bank_bars(report, lang, width),
             trainee_table(report, lang, trainees), practising(report, lang, trainees),
             item_table(report, lang, items, width)]
    if report.exams:
        shown += ["sd", "cic", "error_ratio", "standard_error", "practice", "weakest"]
    if any(item.flags for item in report.items):
        shown += ["n", "facility", "discrimination", "efficiency"]
    parts += [rule_table(report, lang, RULE_ROWS), phrases(report, lang)]
    shown.append("missed")
    for part in parts:
        if part is not None:
            console.print()
            console.print(part)
    console.print()
    console.print(legend(shown, lang))
