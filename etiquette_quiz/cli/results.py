"""The trainer's results tools: export, results import, report."""

from __future__ import annotations

from enum import StrEnum
from pathlib import Path
from typing import TYPE_CHECKING

import typer

from ..errors import ExitCode
from . import State, app, done, load, open_store, results_app, state_of

if TYPE_CHECKING:
    from ..store import ResultFilter, Store
    from ..store.merge import MergeReport


class ExportFormat(StrEnum):
    """The formats `export` writes."""

    csv = "csv"
    xlsx = "xlsx"
    json = "json"
    xapi = "xapi"


class Level(StrEnum):
    """One CSV row per attempt or per answer."""

    attempt = "attempt"
    answer = "answer"


class Mode(StrEnum):
    """The attempt modes a trainer can filter on."""

    practice = "practice"
    exam = "exam"
    review = "review"


WHO = typer.Option([], "--who", metavar="NAME", help="Only this trainee: name, employee number or id (repeatable).")
EXAM = typer.Option([], "--exam", metavar="ID", help="Only attempts at this exam (repeatable).")
BANK = typer.Option([], "--bank", metavar="ID", help="Only answers from this bank (repeatable).")
MODE = typer.Option([], "--mode", help="Only practice, exam or review attempts (repeatable).")
SINCE = typer.Option(None, "--since", metavar="DATE", help="Only attempts started on or after DATE (YYYY-MM-DD).")
UNTIL = typer.Option(None, "--until", metavar="DATE", help="Only attempts started on or before DATE (YYYY-MM-DD).")


def _result_filter(store: Store, who: list[str], exams: list[str], banks: list[str], modes: list[Mode],
                   since: str | None, until: str | None) -> ResultFilter:
    from ..store.queries import ResultFilter, parse_day, resolve_trainees

    return ResultFilter(
        trainee_ids=resolve_trainees(store, who), exams=tuple(exams), banks=tuple(banks),
        modes=tuple(m.value for m in modes),
        since=parse_day(since, "--since") if since else None,
        until=parse_day(until, "--until", end=True) if until else None,
    )


@app.command()
def export(
    ctx: typer.Context,
    fmt: ExportFormat = typer.Option(..., "--format", help="csv, xlsx, json (for `results import`) or xapi."),
    out: str = typer.Option(None, "--out", metavar="PATH", help="Where to write; - for standard output."),
    level: Level = typer.Option(Level.answer, "--level", help="One row per attempt or per answer (csv)."),
    who: list[str] = WHO, exam_ids: list[str] = EXAM, bank: list[str] = BANK, mode: list[Mode] = MODE,
    since: str = SINCE, until: str = UNTIL,
    to: str = typer.Option(None, "--to", metavar="URL", help="xapi: post the statements to this LRS endpoint."),
    user: str = typer.Option(None, "--user", metavar="USER", help="xapi: the LRS user."),
    password: str = typer.Option(None, "--password", metavar="PASSWORD", envvar="ETIQUETTE_QUIZ_LRS_PASSWORD",
                                 help="xapi: the LRS password (or set ETIQUETTE_QUIZ_LRS_PASSWORD)."),
) -> None:
    """Export results: CSV or Excel for people, JSON to merge into another store, xAPI for an LRS."""
    from datetime import date

    from ..i18n import t

    state = state_of(ctx)
    console, library, store = load(state)
    flt = _result_filter(store, who, exam_ids, bank, mode, since, until)
    stamp = date.today().strftime("%Y%m%d")
    if fmt is ExportFormat.xapi:
        import json

        from ..exports.common import atomic_output
        from ..exports.xapi import post, statements

        items = list(statements(store.results(flt), library))
        if out is not None or to is None:
            with atomic_output(out or f"etiquette-quiz-xapi-{stamp}.json") as stream:
                json.dump(items, stream, ensure_ascii=False, indent=1)
            done(t("export.wrote", state.lang, count=len(items), what=t("export.statements", state.lang),
                    path=out or f"etiquette-quiz-xapi-{stamp}.json"))
        if to is not None:
            stored, seen = post(items, to, user, password)
            done(t("export.posted", state.lang, stored=stored, seen=seen, url=to))
        return
    if fmt is ExportFormat.json:
        from ..exports.jsondoc import write_json

        path = out or f"etiquette-quiz-results-{stamp}.json"
        count = write_json(path, store, flt)
        done(t("export.wrote", state.lang, count=count, what=t("export.attempts", state.lang), path=path))
        return
    from ..exports.tabular import write_csv, write_xlsx

    if fmt is ExportFormat.csv:
        path = out or f"etiquette-quiz-{level.value}s-{stamp}.csv"
        count = write_csv(path, store.results(flt), library, state.content_lang, level.value)
        what = t("export.answers" if level is Level.answer else "export.attempts", state.lang)
    else:
        path = out or f"etiquette-quiz-results-{stamp}.xlsx"
        count = write_xlsx(path, store.results(flt), library, state.content_lang)
        what = t("export.answers", state.lang)
    done(t("export.wrote", state.lang, count=count, what=what, path=path))


@results_app.command("import")
def results_import(
    ctx: typer.Context,
    files: list[Path] = typer.Argument(None, metavar="FILE...", help="JSON exports (or folders of them)."),
    inbox: Path = typer.Option(None, "--inbox", metavar="DIR",
                               help="Import every export waiting in DIR and move each one imported to DIR/imported/."),
) -> None:
    """Merge JSON exports into this store: nothing is imported twice, conflicts are reported, not overwritten."""
    from ..store.merge import documents, merge

    state = state_of(ctx)
    if not files and inbox is None:
        raise typer.BadParameter("give FILE... or --inbox DIR", param_hint="FILE...")
    store = open_store(state)
    conflicts = 0
    for path in documents(files or []):
        conflicts += _print_merge(state, merge(store, path))
    if inbox is not None:
        conflicts += _import_inbox(state, store, inbox)
    if conflicts:
        from ..i18n import t

        typer.echo(t("import.conflicts", state.lang, count=conflicts), err=True)


def _print_merge(state: State, report: MergeReport) -> int:
    """Print what importing one file did; returns how many conflicts it reported."""
    from ..i18n import t

    typer.echo(t("import.summary", state.lang, path=report.path, added=report.added, answers=report.answers_added,
                 unchanged=report.unchanged, updated=report.updated, trainees=report.trainees_added,
                 matched=report.trainees_matched))
    for attempt_id, what in report.conflicts:
        typer.echo(t("import.conflict", state.lang, path=report.path, attempt=attempt_id[:8], what=what), err=True)
    return len(report.conflicts)


def _import_inbox(state: State, store: Store, inbox: Path) -> int:
    """`results import --inbox`: every file waiting, merged and archived; unreadable ones kept. Returns conflicts."""
    from ..i18n import t
    from ..store.inbox import import_inbox, waiting_files

    if not waiting_files(inbox):
        typer.echo(t("import.inbox.empty", state.lang, path=str(inbox)))
        return 0
    conflicts = kept = 0
    for item in import_inbox(store, inbox):
        if item.report is None:
            kept += 1
            reason = item.error.render(state.lang) if item.error else "?"
            typer.echo(t("import.inbox.kept", state.lang, path=str(item.path), reason=reason), err=True)
            continue
        conflicts += _print_merge(state, item.report)
        if item.archived is not None:
            typer.echo(t("import.inbox.archived", state.lang, path=item.path.name, archive=str(item.archived)))
    if kept:
        raise typer.Exit(ExitCode.INVALID)
    return conflicts


@app.command()
def report(
    ctx: typer.Context,
    who: list[str] = WHO, exam_ids: list[str] = EXAM, bank: list[str] = BANK, mode: list[Mode] = MODE,
    since: str = SINCE, until: str = UNTIL,
    html: str = typer.Option(None, "--html", metavar="PATH", help="Also write the report as one HTML page."),
    as_json: bool = typer.Option(False, "--json", help="Print the figures as JSON instead."),
    items: int = typer.Option(15, "--items", min=0, metavar="N", help="Flagged questions to list in the terminal."),
    trainees: int = typer.Option(20, "--trainees", min=0, metavar="N", help="Trainees to list in the terminal."),
) -> None:
    """Item analysis and cohort figures for trainers (Moodle's statistics), in the terminal or as HTML."""
    from ..i18n import t
    from ..report import build_report

    state = state_of(ctx)
    console, library, store = load(state)
    flt = _result_filter(store, who, exam_ids, bank, mode, since, until)
    figures = build_report(store.results(flt), library, state.content_lang)
    if as_json:
        import json

        typer.echo(json.dumps(figures.as_json(), ensure_ascii=False, indent=2))
    else:
        from ..ui.report import render_report

        render_report(console, figures, library, state.lang, items, trainees)
    if html:
        from ..exports.common import atomic_output
        from ..exports.html_report import render_html

        scope = _scope(state, who, exam_ids, bank, since, until)
        with atomic_output(html) as stream:
            stream.write(render_html(figures, library, state.lang, scope))
        done(t("report.html.wrote", state.lang, path=html))


def _scope(state: State, who: list[str], exams: list[str], banks: list[str], since: str | None,
           until: str | None) -> str:
    """The filters of a report, in words, for its heading."""
    from ..i18n import t

    parts = [t("report.scope.who", state.lang, value=", ".join(who))] if who else []
    parts += [t("report.scope.exam", state.lang, value=", ".join(exams))] if exams else []
    parts += [t("report.scope.bank", state.lang, value=", ".join(banks))] if banks else []
    if since or until:
        parts.append(t("report.scope.dates", state.lang, since=since or "…", until=until or "…"))
    return "; ".join(parts) or t("report.scope.all", state.lang)


