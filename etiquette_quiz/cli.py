"""The command line: builds objects, calls the core, turns errors into exit codes.

Only typer and the standard library are imported at the top, so `--help` starts in the time
of `import typer`; each command imports what it needs.
"""

from __future__ import annotations

import os
import sys
from dataclasses import dataclass, field
from enum import Enum
from pathlib import Path
from typing import TYPE_CHECKING, Any

import typer
from typer.core import TyperGroup

from . import __version__

if TYPE_CHECKING:
    from .bankcache import Wanted
    from .banks import LoadResult
    from .paths import Config, Paths
    from .problems import Problem
    from .results import ResultFilter
    from .store import Store, TraineeRecord
    from .ui.app import QuizApp


@dataclass
class State:
    """Global options, shared by every command through the click context."""

    banks: list[Path] = field(default_factory=list)
    lang: str = "en"
    content_lang: str = "en"
    trainee: str | None = None
    db: Path | None = None
    debug: bool = False
    config: Config | None = None
    paths: Paths | None = None


class _ErrorBoundary(TyperGroup):
    """The one place where user-caused errors become a message and exit code 1.

    A UserError prints one sentence (in the interface language) and no traceback unless
    --debug is given; any other exception is a bug and keeps its traceback.
    """

    def invoke(self, ctx: Any) -> Any:
        from .problems import UserError

        try:
            return super().invoke(ctx)
        except (KeyboardInterrupt, EOFError):
            # Ctrl-C or Ctrl-D outside a quiz (menus, first-run questions): nothing to save.
            typer.echo("", err=True)
            raise typer.Exit(130) from None
        except UserError as exc:
            if ctx.params.get("debug"):
                raise
            from .i18n import t

            lang = _interface_language(ctx.params.get("lang"))
            typer.echo(f"{t('error.prefix', lang)}: {exc.render(lang)}", err=True)
            raise typer.Exit(exc.exit_code) from None


app = typer.Typer(
    cls=_ErrorBoundary,
    rich_markup_mode=None,  # plain help: rich-formatted help costs ~50 ms of imports
    add_completion=False,
    invoke_without_command=True,
    pretty_exceptions_show_locals=False,
    context_settings={"help_option_names": ["-h", "--help"]},
    help="Train customer-service etiquette in the terminal, from trainer-written YAML question banks.",
)
bank_app = typer.Typer(
    rich_markup_mode=None,
    no_args_is_help=True,
    help="Trainer tools for question banks: validate, statistics, JSON Schema, import and export.",
)
app.add_typer(bank_app, name="bank")


def _interface_language(requested: str | None) -> str:
    from .i18n import detect_language, ui_language

    return ui_language(requested) if requested else detect_language()


def _version_callback(value: bool) -> None:
    if value:
        typer.echo(f"etiquette-quiz {__version__}")
        raise typer.Exit()


@app.callback()
def main_options(
    ctx: typer.Context,
    banks: list[Path] = typer.Option(
        [], "--banks", metavar="DIR", help="Also load the banks and exams in DIR (repeatable)."
    ),
    lang: str = typer.Option(
        None, "--lang", metavar="LANG",
        help="Interface and content language: zh-CN or en (default: the config file, else the locale).",
    ),
    trainee: str = typer.Option(None, "--trainee", metavar="NAME", help="Train as NAME (default: the config file)."),
    db: Path = typer.Option(None, "--db", metavar="PATH", help="The results store (default: in the data folder)."),
    debug: bool = typer.Option(False, "--debug", help="Show tracebacks for errors."),
    version: bool = typer.Option(
        False, "--version", callback=_version_callback, is_eager=True, help="Show the version and exit."
    ),
) -> None:
    """Train customer-service etiquette in the terminal, from trainer-written YAML question banks.

    With no command, opens the home menu.
    """
    from .paths import default_paths, load_config
    from .problems import UserError

    if lang is not None and not lang.lower().startswith(("zh", "en")):
        raise UserError("error.bad-lang", value=lang)
    if trainee is not None and not trainee.strip():
        raise UserError("error.empty-name")
    paths = default_paths()
    config = load_config(paths.config_file)
    requested = lang or config.lang
    interface = _interface_language(requested)
    extra = [Path(p).expanduser() for p in config.banks] + list(banks)
    ctx.obj = State(banks=extra, lang=interface, content_lang=requested or interface, debug=debug,
                    trainee=trainee.strip() if trainee else None, db=db, config=config, paths=paths)
    if ctx.invoked_subcommand is None:
        app_ = _quiz_app(ctx.obj)
        _exit_with(app_.home())


def _require_terminal() -> None:
    from .problems import UserError

    if not sys.stdin.isatty():
        raise UserError("error.no-terminal")


def _load(state: State, wanted: Wanted | None = None) -> tuple[Any, Any, Store]:
    """The console, the banks (through the cache, only those `wanted`) and the results store."""
    from .bankcache import Wanted, load_library_cached
    from .banks import bundled_banks_dir
    from .i18n import t
    from .store import Store
    from .ui.console import make_console

    console = make_console()
    assert state.paths is not None
    bundled = [bundled_banks_dir()]
    result = load_library_cached(bundled + state.banks, bundled, state.paths.cache_dir / "banks", wanted or Wanted())
    broken = sorted({p.path for p in result.errors})
    if broken:
        console.print(t("error.banks-invalid", state.lang, count=len(broken), files=", ".join(broken)),
                      style="yellow")
    return console, result.library, Store(state.db or state.paths.default_db)


def _quiz_app(state: State, wanted: Wanted | None = None, need_terminal: bool = True) -> QuizApp:
    """Everything a quiz run needs: the terminal, the banks, the store and the trainee.

    `wanted` names the banks and exams the run needs; only those are read from the cache.
    """
    from .paths import remember_trainee
    from .ui.app import QuizApp

    if need_terminal:
        _require_terminal()
    console, library, store = _load(state, wanted)
    trainee = _resolve_trainee(state, store, console, ask=need_terminal)
    assert state.paths is not None and state.config is not None
    config, config_file = state.config, state.paths.config_file
    return QuizApp(library=library, store=store, console=console, lang=state.lang,
                   content_lang=state.content_lang, trainee=trainee,
                   on_switch=lambda chosen: remember_trainee(config, config_file, chosen))


def _resolve_trainee(state: State, store: Store, console: Any, ask: bool = True) -> TraineeRecord:
    """Who is training: --trainee, else the config file's trainee, else ask (first run).

    The store keys trainees by a stable id kept in the config file; editing the name or the
    number there renames the trainee and keeps their history.
    """
    from .problems import UserError

    assert state.paths is not None and state.config is not None
    config = state.config
    if state.trainee:
        found = store.find_trainees(state.trainee)
        if len(found) > 1:
            raise UserError("error.trainee-ambiguous", name=state.trainee,
                            numbers=", ".join(p.employee_no or "—" for p in found))
        return found[0] if found else store.create_trainee(state.trainee)
    if config.trainee_id:
        known = store.trainee(config.trainee_id)
        if known is None:  # another store (--db): the same person, first time here
            return store.create_trainee(config.trainee or config.trainee_id, config.employee_no, config.trainee_id)
        if config.trainee and (known.name, known.employee_no) != (config.trainee, config.employee_no):
            store.rename_trainee(known.id, config.trainee, config.employee_no)
            known = store.trainee(known.id)
            assert known is not None
        return known
    if config.trainee:  # a config written before trainees had ids
        found = [p for p in store.find_trainees(config.trainee) if p.employee_no == config.employee_no]
        from .paths import remember_trainee

        trainee = found[0] if found else store.create_trainee(config.trainee, config.employee_no)
        remember_trainee(config, state.paths.config_file, trainee)
        return trainee
    if not ask:
        raise UserError("error.no-trainee")
    from .ui.app import first_run

    return first_run(console, state.lang, store, config, state.paths.config_file)


def _exit_with(outcome: str) -> None:
    from .ui.app import PAUSED

    if outcome == PAUSED:
        raise typer.Exit(130)  # as for Ctrl-C: the run stopped early, its answers are saved


class QuestionKind(str, Enum):
    single = "single"
    multi = "multi"
    truefalse = "truefalse"
    order = "order"
    fill = "fill"
    script = "script"
    match = "match"


@app.command()
def practice(
    ctx: typer.Context,
    bank: list[str] = typer.Option([], "--bank", metavar="ID", help="Only this bank (repeatable)."),
    tag: list[str] = typer.Option([], "--tag", metavar="TAG", help="Only questions with this tag (repeatable)."),
    kind: list[QuestionKind] = typer.Option([], "--type", metavar="TYPE",
                                            help="Only this type: single, multi, truefalse, order, fill, script, match (repeatable)."),
    difficulty: list[int] = typer.Option([], "--difficulty", min=1, max=3, metavar="1-3",
                                         help="Only this difficulty, 1 easy to 3 hard (repeatable)."),
    count: int = typer.Option(None, "--count", min=1, metavar="N", help="How many questions (default 10)."),
    seed: int = typer.Option(None, "--seed", metavar="N", help="Seed the draw and the shuffles, to repeat a run."),
) -> None:
    """Practise with instant feedback: right or wrong, why, the rule and its source.

    With no options, asks which banks and how many questions.
    """
    from .bankcache import Wanted

    state = _state(ctx)
    quiz = _quiz_app(state, Wanted(banks=frozenset(bank) if bank else None, exams=frozenset()))
    ask = not (bank or tag or kind or difficulty or count)
    _exit_with(quiz.practice(bank, tag, [k.value for k in kind], difficulty, count, seed, ask=ask))


@app.command()
def exam(
    ctx: typer.Context,
    exam_id: str = typer.Argument(None, metavar="[EXAM_ID]", help="The exam to take (default: pick from a list)."),
    seed: int = typer.Option(None, "--seed", metavar="N", help="Seed the draw and the shuffles, to repeat a run."),
) -> None:
    """Take a timed exam: no feedback until you hand in, then your score and a review."""
    from .bankcache import Wanted

    state = _state(ctx)
    wanted = Wanted(banks=frozenset(), exams=frozenset([exam_id])) if exam_id else Wanted()
    _exit_with(_quiz_app(state, wanted).exam(exam_id, seed))


@app.command()
def resume(
    ctx: typer.Context,
    attempt: str = typer.Argument(None, metavar="[ATTEMPT]",
                                  help="The attempt id or its first characters (default: your unfinished one)."),
) -> None:
    """Continue an unfinished practice or exam where you left it, with the time used so far."""
    state = _state(ctx)
    _exit_with(_quiz_app(state).resume(attempt))


@app.command()
def review(
    ctx: typer.Context,
    bank: list[str] = typer.Option([], "--bank", metavar="ID", help="Only this bank (repeatable)."),
    count: int = typer.Option(None, "--count", min=1, metavar="N", help="At most N questions."),
    list_only: bool = typer.Option(False, "--list", help="Only list what is due, without starting."),
) -> None:
    """Review your mistakes: the questions you missed, when they are due (spaced repetition)."""
    from .bankcache import Wanted

    state = _state(ctx)
    wanted = Wanted(banks=frozenset(bank) if bank else None, exams=frozenset())
    if list_only:
        from datetime import datetime, timezone

        from .review import due_queue
        from .ui.history import render_due

        console, library, store = _load(state, wanted)
        trainee = _resolve_trainee(state, store, console, ask=False)
        queue = due_queue(store.review_states(trainee.id), library, datetime.now(timezone.utc), bank, count)
        render_due(console, queue, state.lang, state.content_lang)
        return
    _exit_with(_quiz_app(state, wanted).review(bank, count))


@app.command()
def history(
    ctx: typer.Context,
    attempt: str = typer.Argument(None, metavar="[ATTEMPT]", help="Show one attempt question by question."),
    everyone: bool = typer.Option(False, "--all", help="Every trainee's attempts, not only yours."),
    as_json: bool = typer.Option(False, "--json", help="Print JSON instead of tables."),
) -> None:
    """Your attempts, exam score trend, mastery per bank and the reviews due."""
    import json

    from .progress import plan_banks, progress
    from .ui.history import render_attempt, render_progress

    state = _state(ctx)
    console, library, store = _load(state)
    if attempt is not None:
        from .problems import UserError

        found = store.find_attempts(attempt)
        if len(found) != 1:
            raise UserError("error.no-attempt" if not found else "error.ambiguous-attempt", attempt=attempt,
                            count=len(found))
        if as_json:
            record = found[0]
            answers = [a.__dict__ for a in store.answers(record.id)]
            typer.echo(json.dumps({"attempt": record.__dict__, "answers": answers}, ensure_ascii=False, indent=2))
            return
        render_attempt(console, store, library, found[0], state.lang, state.content_lang)
        return
    from datetime import datetime, timezone

    trainee = None if everyone else _resolve_trainee(state, store, console, ask=False)
    data = progress(store, library, trainee, datetime.now(timezone.utc))
    if as_json:
        typer.echo(json.dumps(data.as_json(), ensure_ascii=False, indent=2))
        return
    plans = {a.id: plan_banks(a.plan) for a in store.attempts_of(trainee.id if trainee else None)}
    render_progress(console, data, plans, library, state.lang, state.content_lang)


class ExportFormat(str, Enum):
    csv = "csv"
    xlsx = "xlsx"
    json = "json"
    xapi = "xapi"


class Level(str, Enum):
    attempt = "attempt"
    answer = "answer"


class Mode(str, Enum):
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
    from .results import ResultFilter, parse_day, resolve_trainees

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

    from .i18n import t

    state = _state(ctx)
    console, library, store = _load(state)
    flt = _result_filter(store, who, exam_ids, bank, mode, since, until)
    stamp = date.today().strftime("%Y%m%d")
    if fmt is ExportFormat.xapi:
        import json

        from .exports.common import atomic_output
        from .exports.xapi import post, statements

        items = list(statements(store.db, flt, library))
        if out is not None or to is None:
            with atomic_output(out or f"etiquette-quiz-xapi-{stamp}.json") as stream:
                json.dump(items, stream, ensure_ascii=False, indent=1)
            _done(t("export.wrote", state.lang, count=len(items), what=t("export.statements", state.lang),
                    path=out or f"etiquette-quiz-xapi-{stamp}.json"))
        if to is not None:
            stored, seen = post(items, to, user, password)
            _done(t("export.posted", state.lang, stored=stored, seen=seen, url=to))
        return
    if fmt is ExportFormat.json:
        from .exports.jsondoc import write_json

        path = out or f"etiquette-quiz-results-{stamp}.json"
        count = write_json(path, store, flt)
        _done(t("export.wrote", state.lang, count=count, what=t("export.attempts", state.lang), path=path))
        return
    from .exports.tabular import write_csv, write_xlsx

    if fmt is ExportFormat.csv:
        path = out or f"etiquette-quiz-{level.value}s-{stamp}.csv"
        count = write_csv(path, store.db, flt, library, state.content_lang, level.value)
        what = t("export.answers" if level is Level.answer else "export.attempts", state.lang)
    else:
        path = out or f"etiquette-quiz-results-{stamp}.xlsx"
        count = write_xlsx(path, store.db, flt, library, state.content_lang)
        what = t("export.answers", state.lang)
    _done(t("export.wrote", state.lang, count=count, what=what, path=path))


def _done(message: str) -> None:
    """A closing line on stderr, so that `--out -` output stays clean."""
    typer.echo(message, err=True)


results_app = typer.Typer(rich_markup_mode=None, no_args_is_help=True,
                          help="Trainer tools for results: merge files exported on trainees' machines.")
app.add_typer(results_app, name="results")


@results_app.command("import")
def results_import(
    ctx: typer.Context,
    files: list[Path] = typer.Argument(..., metavar="FILE...", help="JSON exports (or folders of them)."),
) -> None:
    """Merge JSON exports into this store: nothing is imported twice, conflicts are reported, not overwritten."""
    from .exports.jsondoc import documents, merge
    from .i18n import t
    from .store import Store

    state = _state(ctx)
    assert state.paths is not None
    store = Store(state.db or state.paths.default_db)
    conflicts = 0
    for path in documents(files):
        report = merge(store, path)
        typer.echo(t("import.summary", state.lang, path=report.path, added=report.added, answers=report.answers_added,
                     unchanged=report.unchanged, updated=report.updated, trainees=report.trainees_added,
                     matched=report.trainees_matched))
        for attempt_id, what in report.conflicts:
            conflicts += 1
            typer.echo(t("import.conflict", state.lang, path=report.path, attempt=attempt_id[:8], what=what), err=True)
    if conflicts:
        typer.echo(t("import.conflicts", state.lang, count=conflicts), err=True)


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
    from .i18n import t
    from .report import build_report

    state = _state(ctx)
    console, library, store = _load(state)
    flt = _result_filter(store, who, exam_ids, bank, mode, since, until)
    figures = build_report(store.db, flt, library, state.content_lang)
    if as_json:
        import json

        typer.echo(json.dumps(figures.as_json(), ensure_ascii=False, indent=2))
    else:
        from .ui.report import render_report

        render_report(console, figures, library, state.lang, items, trainees)
    if html:
        from .exports.common import atomic_output
        from .exports.html_report import render_html

        scope = _scope(state, who, exam_ids, bank, since, until)
        with atomic_output(html) as stream:
            stream.write(render_html(figures, library, state.lang, scope))
        _done(t("report.html.wrote", state.lang, path=html))


def _scope(state: State, who: list[str], exams: list[str], banks: list[str], since: str | None,
           until: str | None) -> str:
    """The filters of a report, in words, for its heading."""
    from .i18n import t

    parts = [t("report.scope.who", state.lang, value=", ".join(who))] if who else []
    parts += [t("report.scope.exam", state.lang, value=", ".join(exams))] if exams else []
    parts += [t("report.scope.bank", state.lang, value=", ".join(banks))] if banks else []
    if since or until:
        parts.append(t("report.scope.dates", state.lang, since=since or "…", until=until or "…"))
    return "; ".join(parts) or t("report.scope.all", state.lang)


def _state(ctx: typer.Context) -> State:
    obj = ctx.find_root().obj
    return obj if isinstance(obj, State) else State()


def _use_color() -> bool | None:
    """False when NO_COLOR is set (https://no-color.org); otherwise click decides by the terminal."""
    return False if os.environ.get("NO_COLOR") else None


class OutputFormat(str, Enum):
    text = "text"
    json = "json"


def _load_for_check(state: State, paths: list[Path] | None) -> LoadResult:
    from .banks import load_library, load_paths

    if not paths:
        return load_library(state.banks)
    return load_paths(paths, base=lambda: load_library(state.banks).library)


@bank_app.command("validate")
def bank_validate(
    ctx: typer.Context,
    paths: list[Path] = typer.Argument(
        None, metavar="[PATH]...", help="Bank/exam files or folders (default: every loaded bank and exam)."
    ),
    strict: bool = typer.Option(False, "--strict", help="Fail on warnings too."),
    output: OutputFormat = typer.Option(OutputFormat.text, "--format", help="text, or json for CI pipelines."),
) -> None:
    """Check bank and exam files; print file:line:col for every problem. Exit 1 when invalid."""
    from .i18n import t
    from .problems import ERROR

    state = _state(ctx)
    result = _load_for_check(state, paths)
    problems = result.problems
    errors = sum(p.severity == ERROR for p in problems)
    warnings = len(problems) - errors
    failed = errors > 0 or (strict and warnings > 0)
    checked = [f for f in result.files]
    if output is OutputFormat.json:
        import json

        payload = {
            "ok": not failed, "files": len(checked), "errors": errors, "warnings": warnings,
            "problems": [p.as_json(state.lang) for p in problems],
        }
        typer.echo(json.dumps(payload, ensure_ascii=False, indent=2))
        raise typer.Exit(1 if failed else 0)
    if not checked:
        typer.echo(t("validate.none", state.lang, paths=", ".join(map(str, paths or []))), err=True)
        raise typer.Exit(1)
    for problem in problems:
        _echo_problem(problem, state.lang)
    if problems:
        typer.echo(t("validate.summary", state.lang, errors=errors, warnings=warnings, files=len(checked)))
        if strict and warnings and not errors:
            typer.echo(t("validate.strict", state.lang))
    else:
        docs = [f.document for f in checked if f.document is not None]
        from .model import Bank

        banks = [d for d in docs if isinstance(d, Bank)]
        typer.echo(t(
            "validate.ok", state.lang, files=len(checked), banks=len(banks), exams=len(docs) - len(banks),
            questions=sum(len(b.questions) for b in banks),
        ))
    raise typer.Exit(1 if failed else 0)


def _echo_problem(problem: Problem, lang: str) -> None:
    from .i18n import t

    label = t("severity." + problem.severity, lang)
    color = "red" if problem.severity == "error" else "yellow"
    location = f"{problem.path}:{problem.line}:{problem.col}:"
    typer.echo(f"{location} {typer.style(label, fg=color, bold=True)}: {problem.message(lang)}", color=_use_color())


@bank_app.command("stats")
def bank_stats(
    ctx: typer.Context,
    paths: list[Path] = typer.Argument(None, metavar="[PATH]...", help="Bank files or folders (default: every loaded bank)."),
) -> None:
    """Show questions per bank, type and difficulty, and how well rules are covered."""
    from .ui.console import make_console
    from .ui.stats import render_stats

    state = _state(ctx)
    result = _load_for_check(state, paths)
    for problem in result.errors:
        _echo_problem(problem, state.lang)
    file_paths = {f.path for f in result.files}  # a bank's path is the shown path of its file
    banks = [b for b in result.library.banks if b.path in file_paths]
    render_stats(make_console(), banks, state.lang)


@bank_app.command("schema")
def bank_schema() -> None:
    """Print the JSON Schema of bank and exam files, for editor autocompletion."""
    import json

    from .schema import json_schema

    typer.echo(json.dumps(json_schema(), ensure_ascii=False, indent=2))


class BankFormat(str, Enum):
    xlsx = "xlsx"
    csv = "csv"
    gift = "gift"
    moodle_xml = "moodle-xml"
    aiken = "aiken"
    md = "md"


@bank_app.command("template")
def bank_template(
    ctx: typer.Context,
    out: str = typer.Option(None, "--out", metavar="F.xlsx", help="Where to write (default: 题库模板.xlsx, or bank-template.xlsx with --lang en)."),
    lang: str = typer.Option(None, "--lang", metavar="LANG", help="Header language: zh-CN or en (default: the interface language)."),
) -> None:
    """Write an empty Excel workbook to fill in: one row per question, drop-downs, an example of each type."""
    from .errors import UsageError, UserError
    from .formats.table import sheet_name
    from .formats.template import write_template
    from .i18n import t, ui_language

    state = _state(ctx)
    if lang is not None and not lang.lower().startswith(("zh", "en")):
        raise UserError("error.bad-lang", value=lang)
    header_lang = ui_language(lang or state.lang)
    path = out or ("题库模板.xlsx" if header_lang == "zh-CN" else "bank-template.xlsx")
    if not path.lower().endswith(".xlsx"):
        raise UsageError("error.template-suffix", path=path)
    write_template(path, header_lang)
    _done(t("template.wrote", state.lang, path=path, sheet=sheet_name("questions", header_lang),
            guide=sheet_name("guide", header_lang)))


@bank_app.command("import")
def bank_import(
    ctx: typer.Context,
    files: list[Path] = typer.Argument(..., metavar="FILE...", help=".xlsx, .xls, .csv, .txt, .md, .docx, .gift (Aiken as .txt) or Moodle .xml files."),
    out: str = typer.Option(".", "--out", metavar="DIR|-", help="Folder for the YAML banks (<bank id>.yaml); - for standard output."),
    output: OutputFormat = typer.Option(OutputFormat.text, "--format", help="text, or json for scripts."),
    skip_bad: bool = typer.Option(False, "--skip-bad", help="Import the good questions and list the bad ones (default: nothing until all are fixed)."),
) -> None:
    """Turn Excel/WPS sheets, CSV, pasted text, Word, Aiken, GIFT or Moodle XML into checked YAML banks."""
    from .errors import UserError
    from .formats.importing import SUFFIXES, import_files, write_reports

    state = _state(ctx)
    for path in files:
        if not path.is_file():
            raise UserError("error.no-such-path", path=str(path))
        if path.suffix.lower() not in SUFFIXES:
            raise UserError("error.import-suffix", path=str(path))
    out_dir = None if out == "-" else Path(out)
    reports = import_files(files, out_dir, skip_bad)
    write_reports(reports, out_dir)
    failed = any(r.errors for r in reports)
    if output is OutputFormat.json:
        import json

        payload = {"ok": not failed, "files": [_import_json(r, state.lang) for r in reports]}
        typer.echo(json.dumps(payload, ensure_ascii=False, indent=2), err=out_dir is None)
    else:
        for report in reports:
            _echo_import(report, state.lang, out)
    raise typer.Exit(1 if failed else 0)


def _import_json(report: Any, lang: str) -> dict[str, Any]:
    return {
        "source": report.source, "bank": report.bank_id, "output": report.output, "questions": report.written,
        "generated_ids": report.generated_ids,
        "skipped": [{"at": str(q.origin), "id": (q.data or {}).get("id")} for q in report.skipped],
        "problems": [p.as_json(lang) for p in report.problems],
    }


def _echo_import(report: Any, lang: str, out: str) -> None:
    """A report's problems (located in the source), what was skipped, and what was written."""
    from .i18n import problem_parts, t
    from .formats.table import sheet_name

    for problem in report.problems:
        label = t("severity." + problem.severity, lang)
        color = "red" if problem.severity == "error" else "yellow"
        typer.echo(f"{problem.origin}: {typer.style(label, fg=color, bold=True)}: {problem.message(lang)}",
                   err=True, color=_use_color())
    for question in report.skipped:
        index = report.draft.questions.index(question)
        reasons = [problem_parts(p.code, lang, p.args)[0] for p in report.errors if p.question == index]
        typer.echo(t("import.skipped", lang, where=question.label, why=t("list.sep", lang).join(reasons)), err=True)
    if report.output is None:
        count = len(report.errors)
        key = "import.not-written-bank" if any(p.question is None for p in report.errors) else "import.not-written"
        _done(t(key, lang, source=report.source, count=count))
        return
    if report.skipped:
        _done(t("import.skipped-summary", lang, source=report.source, count=len(report.skipped)))
    if report.draft.generated_bank_id:
        _done(t("import.generated-bank", lang, source=report.source, bank=report.bank_id,
                sheet=sheet_name("info", lang)))
    if report.generated_ids:
        _done(t("import.generated-ids", lang, source=report.source, count=report.generated_ids, bank=report.bank_id))
    _done(t("import.wrote", lang, source=report.source, count=report.written, path=report.output))
    if out != "-":
        _done(t("import.next", lang, folder=out, bank=report.bank_id))


@bank_app.command("export")
def bank_export(
    ctx: typer.Context,
    banks: list[str] = typer.Argument(..., metavar="BANK...", help="Bank ids (bundled or from --banks) or bank files."),
    fmt: BankFormat = typer.Option(..., "--format", help="xlsx, csv, gift, moodle-xml, aiken or md."),
    out: str = typer.Option(None, "--out", metavar="PATH", help="File (one bank) or folder; - for standard output (default: <bank id>.<ext>)."),
) -> None:
    """Write banks as Excel/CSV to edit and re-import, or as GIFT, Moodle XML, Aiken or Markdown for other systems."""
    from .errors import UsageError
    from .formats.exporting import FORMAT_NAMES, export_bank, output_paths, resolve_banks
    from .i18n import t

    state = _state(ctx)
    chosen = resolve_banks(banks, state.banks)
    if out == "-" and len(chosen) > 1:
        raise UsageError("error.export-stdout-many", format=FORMAT_NAMES[fmt.value], count=len(chosen))
    for bank, path in zip(chosen, output_paths(chosen, fmt.value, out)):
        result = export_bank(bank, fmt.value, path, state.lang)
        for loss in result.losses:
            typer.echo(loss.format(state.lang, fmt.value), err=True)
        for written in [result.path] + result.extra_files:
            _done(t("export.bank-wrote", state.lang, count=result.questions, banks=", ".join(result.banks), path=written))


def main() -> None:
    """The console-script entry point."""
    if sys.platform == "win32":  # pragma: no cover - Chinese in a legacy code page console
        for stream in (sys.stdout, sys.stderr):
            if hasattr(stream, "reconfigure"):
                stream.reconfigure(encoding="utf-8")
    app(prog_name="etiquette-quiz")
