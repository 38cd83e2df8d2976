"""`report` in the terminal: the cohort, trainees, the questions to look at, missed rules."""

from __future__ import annotations

from rich import box
from rich.console import Console
from rich.table import Table
from rich.text import Text

from ..i18n import t
from ..model import Library
from ..report import MIN_ATTEMPTS, Report
from . import render
from .trainer_review import render_keys_to_fix

ITEM_ROWS = 15
TRAINEE_ROWS = 20  # the trainees who need help most; the HTML and JSON reports list everyone


def pct(value: float | None) -> str:
    """A share as a percentage with one decimal, or a dash."""
    return "—" if value is None else f"{value * 100:.1f}%"


def _table(title: str) -> Table:
    return Table(title=title, title_justify="left", title_style="bold", box=box.SIMPLE_HEAD, pad_edge=False,
                 padding=(0, 1))


def bank_name(library: Library, bank_id: str, lang: str) -> str:
    """A bank's title in `lang`, else its id."""
    bank = library.bank(bank_id)
    return bank.title.get(lang) if bank else bank_id


def render_report(console: Console, report: Report, library: Library, lang: str, items: int = ITEM_ROWS,
                  trainees: int = TRAINEE_ROWS) -> None:
    """The report in the terminal: cohort, banks, trainees, item analysis, exams."""
    cohort = report.cohort
    console.print(Text(t("report.title", lang), style="bold"))
    console.print(Text(t("report.cohort", lang, attempts=cohort.attempts, finished=cohort.finished,
                         trainees=cohort.trainees, mean=pct(cohort.mean), median=pct(cohort.median),
                         exams=cohort.exams, rate=pct(cohort.pass_rate))))
    if not cohort.attempts:
        return

    banks = _table(t("report.banks", lang))
    banks.add_column(t("report.bank", lang))
    banks.add_column(t("report.mean", lang), justify="right")
    banks.add_column("", no_wrap=True)
    banks.add_column(t("report.missed", lang), justify="right")
    banks.add_column(t("report.answers", lang), justify="right")
    for line in sorted(report.banks, key=lambda b: b.mean):
        banks.add_row(Text(bank_name(library, line.key, lang)), pct(line.mean), render.bar(line.mean, 16),
                      pct(line.missed), str(line.answers))
    console.print(banks)

    people = _table(t("report.trainees", lang))
    people.add_column(t("history.trainee", lang))
    people.add_column(t("report.latest", lang), justify="right")
    people.add_column(t("report.best", lang), justify="right")
    people.add_column(t("report.attempts", lang), justify="right")
    people.add_column(t("report.weakest", lang))
    for person in report.trainees[:trainees]:
        who = f"{person.name} ({person.employee_no})" if person.employee_no else person.name
        weakest = (f"{bank_name(library, person.weakest_bank, lang)} {pct(person.weakest)}"
                   if person.weakest_bank else "—")
        people.add_row(Text(who), pct(person.latest), pct(person.best), str(person.attempts), Text(weakest))
    console.print(people)
    if len(report.trainees) > trainees:
        console.print(Text(t("report.more-trainees", lang, count=len(report.trainees) - trainees), style="dim"))

    for exam in report.exams:
        f = exam.figures
        console.print(Text(t("report.exam", lang, title=exam.title or exam.exam_id, attempts=f.attempts, slots=f.slots,
                             mean=pct(f.mean), median=pct(f.median), sd=pct(f.sd), cic=pct(f.cic),
                             er=pct(f.error_ratio), se=pct(f.standard_error)), style="bold"))

    flagged = [item for item in report.items if item.flags]
    shown = flagged[:items] if flagged else []
    table = _table(t("report.items", lang, count=len(flagged), minimum=MIN_ATTEMPTS))
    table.add_column(t("report.question", lang), overflow="fold")
    table.add_column("n", justify="right")
    table.add_column("F", justify="right")
    table.add_column("SD", justify="right")
    table.add_column("DI", justify="right")
    table.add_column("DE", justify="right")
    table.add_column(t("report.why", lang))
    for item in shown:
        fig = item.figures
        table.add_row(Text(item.key), str(fig.attempts), pct(fig.facility), pct(fig.sd), pct(fig.discrimination),
                      pct(fig.efficiency), Text(", ".join(t(f"report.flag.{flag}", lang) for flag in item.flags),
                                              style="yellow"))
    if shown:
        console.print(table)
        if len(flagged) > len(shown):
            console.print(Text(t("report.more-items", lang, count=len(flagged) - len(shown)), style="dim"))
    else:
        console.print(Text(t("report.no-flags", lang, minimum=MIN_ATTEMPTS), style="dim"))

    misleading = sorted((i for i in report.items if i.distractor and i.distractor_share and i.answers >= MIN_ATTEMPTS
                         and i.missed >= 0.3), key=lambda i: -i.missed)[:10]
    if misleading:
        table = _table(t("report.misleading", lang))
        table.add_column(t("report.question", lang))
        table.add_column(t("report.missed", lang), justify="right")
        table.add_column(t("report.distractor", lang))
        for item in misleading:
            table.add_row(Text(item.key), pct(item.missed), Text(f"{item.distractor} ({pct(item.distractor_share)})"))
        console.print(table)

    rules = _table(t("report.rules", lang))
    rules.add_column(t("stats.rule", lang))
    rules.add_column(t("report.missed", lang), justify="right")
    rules.add_column(t("report.answers", lang), justify="right")
    for line in [r for r in report.rules if r.answers >= MIN_ATTEMPTS][:10]:
        rules.add_row(Text(line.key), pct(line.missed), str(line.answers))
    if rules.row_count:
        console.print(rules)
    if report.forbidden:
        listed = t("list.sep", lang).join(f"{phrase} ×{count}" for phrase, count in report.forbidden[:10])
        console.print(Text.assemble((t("report.forbidden", lang), "bold"), listed))
    if report.leeches:
        listed = t("list.sep", lang).join(f"{key} ({count})" for key, count in report.leeches[:10])
        console.print(Text.assemble((t("report.leeches", lang), "bold"), listed))
    render_keys_to_fix(console, report.overrides, lang, items)
