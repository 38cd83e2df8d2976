"""The trainer's results tools: export, results import, report."""

from __future__ import annotations

from enum import StrEnum
from pathlib import Path
from typing import TYPE_CHECKING, Any

import typer

from ..errors import ExitCode
from . import State, app, done, load, results_app, say, state_of

if TYPE_CHECKING:
    from ..exports.xapi import Identity
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


class Account(StrEnum):
    """What names a trainee to an LRS."""

    id = "id"
    employee_no = "employee-no"


def _identity(state: State, home_page: str | None, account: Account) -> Identity:
    """Who trainees are to the LRS: --home-page, else the config file's xapi_home_page, else a placeholder."""
    from ..errors import InvalidInput
    from ..exports.xapi import HOME_PAGE, Identity
    from ..i18n import t

    configured = state.config.extra.get("xapi_home_page") if state.config else None
    if configured is not None and not isinstance(configured, str):
        assert state.paths is not None
        raise InvalidInput("error.config-value", path=str(state.paths.config_file), key="xapi_home_page")
    chosen = home_page or configured
    if not chosen:
        say(t("export.home-page-placeholder", state.lang, home=HOME_PAGE), err=True)
    return Identity(home_page=chosen or HOME_PAGE, by_employee_no=account is Account.employee_no)


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
    home_page: str = typer.Option(None, "--home-page", metavar="URL", envvar="ETIQUETTE_QUIZ_XAPI_HOME_PAGE",
                                  help="xapi: your organisation's address, which trainee accounts belong to "
                                       "(or xapi_home_page in the config file)."),
    account: Account = typer.Option(Account.id, "--account",
                                    help="xapi: name trainees by their id, or by employee number where they have one."),
    timeout: float = typer.Option(None, "--timeout", min=1, metavar="SECONDS",
                                  help="xapi: give up on the LRS after this long in all (default: a minute, plus a "
                                       "second per 200 statements)."),
) -> None:
    """Export results: CSV or Excel for people, JSON to merge into another store, xAPI for an LRS."""
    from datetime import date

    from ..i18n import t

    state = state_of(ctx)
    console, library, store = load(state, readonly=True)
    flt = _result_filter(store, who, exam_ids, bank, mode, since, until)
    stamp = date.today().strftime("%Y%m%d")
    if fmt is ExportFormat.xapi:
        import json

        from ..exports.common import atomic_output
        from ..exports.xapi import post, statements, statements_url

        identity = _identity(state, home_page, account)
        if to is not None:
            statements_url(to)  # a malformed address is an error before anything is written
        items = list(statements(store.results(flt), library, identity))
        if out is not None or to is None:
            with atomic_output(out or f"etiquette-quiz-xapi-{stamp}.json") as stream:
                json.dump(items, stream, ensure_ascii=False, indent=1)
            done(t("export.wrote", state.lang, count=len(items), what=t("export.statements", state.lang),
                    path=out or f"etiquette-quiz-xapi-{stamp}.json"))
        if to is not None:
            stored, seen = post(items, to, user, password, deadline=timeout)
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
    skip_bad: bool = typer.Option(False, "--skip-bad",
                                  help="Import the clean attempts of a file that has problems, and list what was "
                                       "left out (default: a file with any problem is not imported at all)."),
) -> None:
    """Merge JSON exports into this store, after checking each file in full (re-grading answers against the
    loaded banks). Nothing is imported twice; conflicts are reported, not overwritten. Exit 1 when a file was
    refused, an attempt skipped or a conflict found."""
    from ..store.merge import documents, merge

    state = state_of(ctx)
    if not files and inbox is None:
        raise typer.BadParameter("give FILE... or --inbox DIR", param_hint="FILE...")
    console, library, store = load(state, check=True)
    trouble = 0
    for path in documents(files or []):
        trouble += _print_merge(state, merge(store, path, library, skip_bad=skip_bad))
    if inbox is not None:
        trouble += _import_inbox(state, store, inbox, library, skip_bad)
    if trouble:
        raise typer.Exit(ExitCode.INVALID)


# A file with thousands of bad answers would bury the summary; the count of the rest is given.
MAX_PROBLEMS_SHOWN = 200


def _print_merge(state: State, report: MergeReport) -> int:
    """Print what importing one file did, every problem first; returns how much went wrong
    (a refused file or skipped attempts count one, each conflict one)."""
    from ..i18n import t

    for problem in report.problems[:MAX_PROBLEMS_SHOWN]:
        say(problem.message(report.path, state.lang), err=True)
    if len(report.problems) > MAX_PROBLEMS_SHOWN:
        say(t("import.more-problems", state.lang, count=len(report.problems) - MAX_PROBLEMS_SHOWN), err=True)
    if report.refused:
        say(t("import.refused", state.lang, path=report.path, count=len(report.problems)), err=True)
        return 1
    for attempt_id, who, count in report.skipped:
        say(t("import.attempt-skipped", state.lang, path=report.path, attempt=attempt_id, who=who, count=count),
            err=True)
    if report.reviews_skipped:
        say(t("import.reviews-skipped", state.lang, path=report.path, count=report.reviews_skipped), err=True)
    say(t("import.summary", state.lang, path=report.path, added=report.added, answers=report.answers_added,
          unchanged=report.unchanged, updated=report.updated, trainees=report.trainees_added,
          matched=report.trainees_matched))
    say(t("import.regraded", state.lang, path=report.path, regraded=report.regraded, unchecked=report.unchecked))
    for exam_id in report.exams_not_loaded:
        say(t("import.exam-not-loaded", state.lang, path=report.path, exam=exam_id), err=True)
    for attempt_id, what in report.conflicts:
        say(t("import.conflict", state.lang, path=report.path, attempt=attempt_id[:8], what=what), err=True)
    if report.conflicts:
        say(t("import.conflicts", state.lang, count=len(report.conflicts)), err=True)
    return bool(report.skipped or report.reviews_skipped) + len(report.conflicts)


def _import_inbox(state: State, store: Store, inbox: Path, library: Any, skip_bad: bool) -> int:
    """`results import --inbox`: every file waiting, checked, merged and archived; unreadable or refused
    ones kept where they are. Returns how much went wrong (as _print_merge)."""
    from ..i18n import t
    from ..store.inbox import import_inbox, waiting_files

    if not waiting_files(inbox):
        say(t("import.inbox.empty", state.lang, path=str(inbox)))
        return 0
    trouble = kept = 0
    for item in import_inbox(store, inbox, library, skip_bad=skip_bad):
        if item.report is None:
            kept += 1
            reason = item.error.render(state.lang) if item.error else "?"
            say(t("import.inbox.kept", state.lang, path=str(item.path), reason=reason), err=True)
            continue
        trouble += _print_merge(state, item.report)
        if item.archived is not None:
            say(t("import.inbox.archived", state.lang, path=item.path.name, archive=str(item.archived)))
    if kept:
        raise typer.Exit(ExitCode.INVALID)
    return trouble


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
    console, library, store = load(state, readonly=True)
    flt = _result_filter(store, who, exam_ids, bank, mode, since, until)
    figures = build_report(store.results(flt), library, state.content_lang)
    if as_json:
        from ..textsafe import json_text

        typer.echo(json_text(figures.as_json()))
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


