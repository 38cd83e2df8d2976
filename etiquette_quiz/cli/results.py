"""The trainer's results tools: export, results import, results review, report."""

from __future__ import annotations

import os
import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager
from enum import StrEnum
from pathlib import Path
from typing import TYPE_CHECKING, Any

import typer

from ..errors import ExitCode
from . import State, app, load, open_store, results_app, say, state_of

if TYPE_CHECKING:
    from ..exports.xapi import Identity
    from ..model import Library
    from ..store import ResultFilter, Results, Store
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


@contextmanager
def _reader_may_stop() -> Iterator[None]:
    """Output to a pipe whose reader stops early (`| head`): one sentence and exit 3, not a traceback."""
    try:
        yield
    except BrokenPipeError:
        # Python flushes standard output once more on the way out: point it at nothing first.
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
        from ..errors import StoreError

        raise StoreError("error.output-closed") from None


@app.command()
def export(
    ctx: typer.Context,
    fmt: ExportFormat = typer.Option(..., "--format", help="csv, xlsx, json (for `results import`) or xapi."),
    out: str = typer.Option(None, "--out", metavar="PATH", help="Where to write; - for standard output."),
    level: Level = typer.Option(None, "--level", help="csv: one row per attempt, or per answer (the default)."),
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

    from ..errors import UserError

    for option, value, only in (("--to", to, ExportFormat.xapi), ("--user", user, ExportFormat.xapi),
                                ("--level", level, ExportFormat.csv)):
        if value is not None and fmt is not only:
            raise UserError("error.option-for", option=option, fmt=only.value)
    state = state_of(ctx)
    if to is not None:
        from ..exports.xapi import statements_url

        statements_url(to)  # a malformed address is an error before anything is read or written
    console, library, store = load(state, readonly=True)
    flt = _result_filter(store, who, exam_ids, bank, mode, since, until)
    stamp = date.today().strftime("%Y%m%d")
    with _reader_may_stop():
        if fmt is ExportFormat.xapi:
            identity = _identity(state, home_page, account)
            _export_xapi(state, store.results(flt), library, out, to, user, password, stamp, identity, timeout)
        elif fmt is ExportFormat.json:
            _export_json(state, store, flt, out or f"etiquette-quiz-results-{stamp}.json")
        else:
            _export_table(state, store.results(flt), library, fmt, level or Level.answer, out, stamp)


def _export_table(state: State, results: Results, library: Library, fmt: ExportFormat, level: Level,
                  out: str | None, stamp: str) -> None:
    """CSV (per answer or per attempt) or XLSX, with progress on long runs."""
    from ..exports.tabular import write_csv, write_xlsx
    from ..i18n import t
    from ..ui.longrun import say_done, working

    per_answer = fmt is ExportFormat.xlsx or level is Level.answer
    what = t("export.answers" if per_answer else "export.attempts", state.lang)
    if fmt is ExportFormat.csv:
        path = out or f"etiquette-quiz-{level.value}s-{stamp}.csv"
    else:
        path = out or f"etiquette-quiz-results-{stamp}.xlsx"
    with working(t("export.working", state.lang, what=what, path=path), quiet=state.quiet or path == "-") as work:
        if work.shown:
            work.total(results.answer_count() if per_answer else results.attempt_count())
        if fmt is ExportFormat.csv:
            count = write_csv(path, results, library, state.content_lang, level.value, work.advance)
        else:
            count = write_xlsx(path, results, library, state.content_lang, work.advance,
                               lambda: work.step(t("export.saving", state.lang, path=path)))
    say_done(t("export.wrote", state.lang, count=count, what=what, path=path, seconds=f"{work.seconds:.1f}"),
             state.quiet)


def _export_json(state: State, store: Store, flt: ResultFilter, path: str) -> None:
    from ..exports.jsondoc import write_json
    from ..i18n import t
    from ..ui.longrun import say_done, working

    what = t("export.attempts", state.lang)
    with working(t("export.working", state.lang, what=what, path=path), quiet=state.quiet or path == "-") as work:
        if work.shown:
            work.total(store.results(flt).attempt_count())
        count = write_json(path, store, flt, work.advance)
    say_done(t("export.wrote", state.lang, count=count, what=what, path=path, seconds=f"{work.seconds:.1f}"),
             state.quiet)


def _export_xapi(state: State, results: Results, library: Library, out: str | None, to: str | None,
                 user: str | None, password: str | None, stamp: str, identity: Identity,
                 timeout: float | None) -> None:
    import json

    from ..exports.common import export_output
    from ..exports.xapi import post, statements
    from ..i18n import t
    from ..ui.longrun import say_done, working

    path = out or f"etiquette-quiz-xapi-{stamp}.json"
    quiet = state.quiet or out == "-"
    with working(t("export.building", state.lang), quiet=quiet) as work:
        items = []
        for items_made, item in enumerate(statements(results, library, identity), 1):
            items.append(item)
            if items_made % 1000 == 0:
                work.advance(1000)
        if out is not None or to is None:
            with export_output(path) as stream:
                json.dump(items, stream, ensure_ascii=False, indent=1)
    if out is not None or to is None:
        say_done(t("export.wrote", state.lang, count=len(items), what=t("export.statements", state.lang), path=path,
                   seconds=f"{work.seconds:.1f}"), state.quiet)
    if to is not None:
        with working(t("export.sending", state.lang, url=to), total=len(items), quiet=quiet) as work:
            stored, seen = post(items, to, user, password, deadline=timeout, tick=work.advance)
        say_done(t("export.posted", state.lang, stored=stored, seen=seen, url=to, seconds=f"{work.seconds:.1f}"),
                 state.quiet)


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
    from ..i18n import t
    from ..store.merge import documents, merge_document, read_document
    from ..ui.longrun import working

    state = state_of(ctx)
    if not files and inbox is None:
        raise typer.BadParameter("give FILE... or --inbox DIR", param_hint="FILE...")
    console, library, store = load(state, check=True)
    trouble = 0
    for path in documents(files or []):
        with working(t("import.reading", state.lang, path=path), quiet=state.quiet) as work:
            data = read_document(path)
            work.step(t("import.merging", state.lang, path=path), total=len(data["attempts"]))
            report = merge_document(store, data, path, library, skip_bad, work.advance)
        trouble += _print_merge(state, report, work.seconds)
    if inbox is not None:
        trouble += _import_inbox(state, store, inbox, library, skip_bad)
    if trouble:
        raise typer.Exit(ExitCode.INVALID)


# A file with thousands of bad answers would bury the summary; the count of the rest is given.
MAX_PROBLEMS_SHOWN = 200


def _print_merge(state: State, report: MergeReport, seconds: float) -> int:
    """Print what importing one file did (in `seconds`), every problem first; returns how much went wrong
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
          matched=report.trainees_matched, seconds=f"{seconds:.1f}"))
    if report.overrides_added:
        say(t("import.overrides", state.lang, count=report.overrides_added,
              trainers=t("list.sep", state.lang).join(sorted(report.override_trainers))))
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
    started = time.perf_counter()
    for item in import_inbox(store, inbox, library, skip_bad=skip_bad):
        took, started = time.perf_counter() - started, time.perf_counter()
        if item.report is None:
            kept += 1
            reason = item.error.render(state.lang) if item.error else "?"
            say(t("import.inbox.kept", state.lang, path=str(item.path), reason=reason), err=True)
            continue
        trouble += _print_merge(state, item.report, took)
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
    open_page: bool = typer.Option(False, "--open", help="Open the --html page in the default browser."),
    as_json: bool = typer.Option(False, "--json", help="Print the figures as JSON instead."),
    items: int = typer.Option(10, "--items", min=0, metavar="N", help="Flagged questions to list in the terminal."),
    trainees: int = typer.Option(20, "--trainees", min=0, metavar="N", help="Trainees to list in the terminal."),
) -> None:
    """Item analysis and cohort figures for trainers (Moodle's statistics), in the terminal or as HTML."""
    from concurrent.futures import ThreadPoolExecutor

    from ..errors import UserError
    from ..i18n import t
    from ..report import PARTS, assemble_report, gather
    from ..ui.longrun import say_done, working

    if open_page and not html:
        raise UserError("error.open-needs-html")
    state = state_of(ctx)
    store = open_store(state, readonly=True)
    flt = _result_filter(store, who, exam_ids, bank, mode, since, until)
    scope = _scope(state, who, exam_ids, bank, since, until)
    with working(t("report.working", state.lang), total=PARTS, quiet=state.quiet or as_json) as work:
        # The engine computes while this thread loads the banks and the terminal code.
        with ThreadPoolExecutor(1) as pool:
            pending = pool.submit(gather, store.results(flt), lambda _: work.advance())
            console, library, _ = load(state, store=store)
            figures = assemble_report(pending.result(), library, state.content_lang)
        if html:
            from ..exports.common import export_output
            from ..exports.html_report import render_html

            with export_output(html) as stream:
                stream.write(render_html(figures, state.lang, scope))
    with _reader_may_stop():
        if as_json:
            from ..textsafe import json_text

            typer.echo(json_text(figures.as_json()))
        else:
            from ..ui.report import render_report

            render_report(console, figures, state.lang, scope, items, trainees)
    if html:
        say_done(t("report.html.wrote", state.lang, path=html, seconds=f"{work.seconds:.1f}"), state.quiet)
        if open_page:
            import webbrowser

            webbrowser.open(Path(html).resolve().as_uri())


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


@results_app.command("review")
def results_review(
    ctx: typer.Context,
    target: str = typer.Argument(None, metavar="[ATTEMPT:POSITION]",
                                 help="One answer, as --list prints it, instead of the queue."),
    accept: bool = typer.Option(False, "--accept", help="The answer is right: all its points."),
    credit: str = typer.Option(None, "--credit", metavar="SHARE", help="Part of its points, exactly: 1/2, 2/3, 50%."),
    reject: bool = typer.Option(False, "--reject", help="The answer is wrong: no points."),
    keep: bool = typer.Option(False, "--keep", help="The grader's mark stands; the answer leaves the queue."),
    why: str = typer.Option(None, "--why", metavar="TEXT", help="Why: kept with the verdict, shown in exports."),
    trainer: str = typer.Option(None, "--trainer", metavar="NAME",
                                help="Who gives the verdict (default: the config file's `trainer`)."),
    list_only: bool = typer.Option(False, "--list", help="Print the queue and stop."),
    everything: bool = typer.Option(False, "--all", help="Also answers already judged, to revise a verdict."),
    who: list[str] = WHO, exam_ids: list[str] = EXAM, bank: list[str] = BANK, mode: list[Mode] = MODE,
    since: str = SINCE, until: str = UNTIL,
) -> None:
    """Judge typed answers the grader was unsure of: accept, give part credit or reject, with a reason."""
    from ..errors import Notice, UserError
    from ..ui.trainer_review import render_queue

    state = state_of(ctx)
    verdicts = [name for name, given in (("accept", accept), ("credit", credit is not None), ("reject", reject),
                                         ("keep", keep)) if given]
    if len(verdicts) > 1:
        raise UserError("error.review-one-verdict", given=", ".join(f"--{name}" for name in verdicts))
    if verdicts and target is None:
        raise UserError("error.review-needs-target", option=f"--{verdicts[0]}")
    console, library, store = load(state)
    if target is not None:
        _review_one(state, console, library, store, target, verdicts[0] if verdicts else None, credit, why, trainer)
        return
    flt = _result_filter(store, who, exam_ids, bank, mode, since, until)
    lines = store.results(flt).review_queue(reviewed=everything)
    if list_only:
        render_queue(console, lines, state.lang)
        return
    if not lines:
        raise Notice("review-queue.empty")
    from ..ui.trainer_review import walk

    name = _trainer_name(state, trainer, ask=True)
    walk(console, _review_prompter(state), store, library, lines, state.lang, state.content_lang, name)


def _review_one(state: State, console: Any, library: Any, store: Store, target: str, verdict: str | None,
                credit: str | None, why: str | None, trainer: str | None) -> None:
    """`results review ATTEMPT:POSITION`: give the verdict named, or show the answer (and ask, in a terminal)."""
    import sys
    from datetime import UTC, datetime

    from ..overrides import Verdict, credit_share, find_answer, give_verdict
    from ..store.queries import ReviewLine
    from ..ui.trainer_review import change_text, show_answer, target_of, walk

    share = credit_share(credit) if credit is not None else None  # a wrong share is refused before anything else
    attempt, answer = find_answer(store, target)
    line = ReviewLine(attempt, answer)
    if verdict is None:
        if not sys.stdin.isatty():
            show_answer(console, store, library, line, state.lang, state.content_lang)
            return
        walk(console, _review_prompter(state), store, library, [line], state.lang, state.content_lang,
             _trainer_name(state, trainer, ask=True))
        return
    name = _trainer_name(state, trainer, ask=False)
    change = give_verdict(store, library, attempt, answer, Verdict(verdict), trainer=name, now=datetime.now(UTC),
                          credit=share, comment=why)
    say(change_text(change, target_of(line), state.lang))  # the trainer name is text from a config file


def _trainer_name(state: State, given: str | None, ask: bool) -> str:
    """Who gives verdicts: --trainer, else the config file's `trainer`; in a terminal, asked once and remembered."""
    from ..errors import UserError

    if given is not None and given.strip():
        return given.strip()
    config = state.config
    if config is not None and config.trainer:
        return config.trainer
    if not ask or state.paths is None or config is None:
        raise UserError("error.review-no-trainer")
    from ..i18n import t
    from ..paths import save_config

    name = _review_prompter(state).text(t("review-ask.trainer", state.lang), skippable=False,
                                        validate=lambda v: bool(v.strip()) or t("setup.name-required", state.lang))
    config.trainer = name.strip()
    save_config(state.paths.config_file, config)
    return config.trainer


def _review_prompter(state: State) -> Any:
    from . import require_terminal

    require_terminal()
    from ..ui.prompts import TerminalPrompter

    return TerminalPrompter(state.lang, content_lang=state.content_lang)
