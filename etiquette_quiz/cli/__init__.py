"""The command line: builds objects, calls the core, turns errors into exit codes.

  __init__.py  the app, global options and State, the one error boundary, shared helpers
  quiz.py      practice, exam, resume, review, history (the trainee's commands)
  bank.py      bank validate / lint / stats / schema (the trainer's bank tools)
  results.py   export, results import, report (the trainer's results tools)

Only typer and the standard library are imported at the top, so `--help` starts in the time
of `import typer`; each command imports what it needs.
"""

from __future__ import annotations

import os
import sys
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

import typer

from .. import __version__
from ..errors import ExitCode
from .help import HelpGroup

if TYPE_CHECKING:
    from ..banks import LoadResult
    from ..banks.cache import Wanted
    from ..paths import Config, Paths
    from ..store import Store, TraineeRecord
    from ..ui.app import QuizApp


@dataclass
class State:
    """Global options, shared by every command through the click context."""

    banks: list[Path] = field(default_factory=list)
    lang: str = "en"
    content_lang: str = "en"
    trainee: str | None = None
    db: str | None = None  # a SQLite file or a postgresql:// URL
    debug: bool = False
    config: Config | None = None
    paths: Paths | None = None
    quiet: bool = False  # no progress display and no closing summary line on long trainer commands


class _ErrorBoundary(HelpGroup):
    """The one place where user-caused errors become a message and their exit code (errors.ExitCode).

    A UserError prints one sentence (in the interface language) and no traceback unless
    --debug is given; a Notice (nothing to do) prints its sentence and exits 0; any other
    exception is a bug and keeps its traceback.
    """

    def invoke(self, ctx: Any) -> Any:
        from ..errors import Notice, UserError

        try:
            try:
                return super().invoke(ctx)
            except Exception as exc:
                converted = _as_user_error(exc, ctx)
                if converted is exc:
                    raise
                raise converted from exc
        except (KeyboardInterrupt, EOFError):
            # Ctrl-C or Ctrl-D outside a quiz (menus, first-run questions): nothing to save.
            typer.echo("", err=True)
            raise typer.Exit(ExitCode.INTERRUPTED) from None
        except UserError as exc:
            if ctx.params.get("debug"):
                raise
            from ..i18n import t

            lang = _interface_language(ctx.params.get("lang"))
            if isinstance(exc, Notice):
                say(exc.render(lang))
            else:
                say(f"{t('error.prefix', lang)}: {exc.render(lang)}", err=True)
            raise typer.Exit(exc.exit_code) from None


# OS errors that are the machine's state, not a bug: said in one line, like a UserError.
_OS_TROUBLE = {"ENOSPC", "EDQUOT", "EROFS", "EACCES", "EPERM", "EIO", "ENOENT", "ENOTDIR", "EISDIR"}


def _as_user_error(exc: Exception, ctx: Any) -> Exception:
    """A store or disk failure as one sentence (a StoreError); anything else (a bug) unchanged.

    The store and the exports raise SQLite and OS errors as they come; this is where they
    become "the disk is full", "the store is damaged" instead of a traceback.
    """
    import errno
    import sqlite3

    from ..errors import StoreError, UserError

    if isinstance(exc, UserError):
        return exc
    obj = ctx.find_root().obj if ctx is not None else None
    state = obj if isinstance(obj, State) else None
    store_path = (state.db or (state.config.store if state.config else None)
                  or (state.paths.default_db if state.paths else None)) if state else None
    if isinstance(exc, sqlite3.Error):
        from ..store.sqlite import explain

        return explain(exc, store_path or "?")
    if isinstance(exc, OSError) and errno.errorcode.get(exc.errno or 0) in _OS_TROUBLE:
        if exc.errno in (errno.ENOSPC, errno.EDQUOT):
            return StoreError("error.disk-full", path=str(exc.filename or store_path or "?"))
        return StoreError("error.os", path=str(exc.filename or "?"), reason=exc.strerror or str(exc))
    return exc


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
    help="Trainer tools for question banks: validate, lint, statistics, JSON Schema, import and export.",
)
app.add_typer(bank_app, name="bank")
results_app = typer.Typer(rich_markup_mode=None, no_args_is_help=True,
                          help="Trainer tools for results: merge files exported on trainees' machines.")
app.add_typer(results_app, name="results")


def _interface_language(requested: str | None) -> str:
    from ..i18n import detect_language, ui_language

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
    db: str = typer.Option(None, "--db", metavar="PATH|URL",
                           help="The results store: a file, or postgresql://user@host/db for a centre's server "
                                "(default: the config file's `store`, else in the data folder)."),
    debug: bool = typer.Option(False, "--debug", help="Show tracebacks for errors."),
    quiet: bool = typer.Option(False, "--quiet", "-q",
                               help="No progress display and no summary line on long commands (errors still show)."),
    version: bool = typer.Option(
        False, "--version", callback=_version_callback, is_eager=True, help="Show the version and exit."
    ),
) -> None:
    """Train customer-service etiquette in the terminal, from trainer-written YAML question banks.

    With no command, opens the home menu.
    """
    from ..errors import UserError
    from ..paths import default_paths, load_config

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
                    trainee=trainee.strip() if trainee else None, db=db, config=config, paths=paths, quiet=quiet)
    if ctx.invoked_subcommand is None:
        app_ = quiz_app(ctx.obj)
        exit_with(app_.home())


def require_terminal() -> None:
    """Refuse to start a quiz without an interactive terminal (input piped or redirected)."""
    from ..errors import UserError

    if not sys.stdin.isatty():
        raise UserError("error.no-terminal")


def load(state: State, wanted: Wanted | None = None, readonly: bool = False, check: bool = False,
         store: Store | None = None) -> tuple[Any, Any, Store]:
    """The console, the banks (through the cache, only those `wanted`) and the results store.

    `readonly`: a trainer command that only reads the store; `check`: a trainer command that
    writes to it (results import). Both check the store first (see open_store). `store`: one
    the command opened already.
    """
    console, result, store = load_result(state, wanted, readonly=readonly, check=check, store=store)
    return console, result.library, store


def load_result(state: State, wanted: Wanted | None = None, readonly: bool = False, check: bool = False,
                store: Store | None = None) -> tuple[Any, LoadResult, Store]:
    """Like `load`, with every file the run saw (those not read this time included) instead of the library."""
    from ..banks import bundled_banks_dir
    from ..banks.cache import Wanted, load_library_cached
    from ..i18n import t
    from ..ui.console import make_console

    console = make_console()
    assert state.paths is not None
    bundled = [bundled_banks_dir()]
    result = load_library_cached(bundled + state.banks, bundled, state.paths.cache_dir / "banks", wanted or Wanted())
    for message_id, args in result.notices:
        console.print(t(message_id, state.lang, **args), style="yellow")
    broken = sorted({p.path for p in result.errors})
    if broken:
        console.print(t("error.banks-invalid", state.lang, count=len(broken), files=", ".join(broken)),
                      style="yellow")
    return console, result, store or open_store(state, readonly=readonly, check=check)


def declared_ids(result: LoadResult, kind: str) -> list[str]:
    """The ids of the valid banks (or exams) on disk, read this run or not: what a typo is compared with."""
    failed = {p.path for p in result.errors}
    return sorted({f.declared[1] for f in result.files
                   if f.declared and f.declared[0] == kind and f.path not in failed})


def open_store(state: State, readonly: bool = False, check: bool = False) -> Store:
    """The results store: --db, else the config file's `store`, else the file in the data folder.

    It says on stderr when it has to wait for another program. `readonly` (report, export,
    history of others): a store file is checked (quick_check; again only once it has changed)
    and neither it nor its folder is ever created, so a mistyped --db is an error; a missing
    default store reads as an empty one. `check`: checked too, though written to (results import).
    """
    from ..store import Store
    from ..store.postgres import is_server_url

    assert state.paths is not None
    target = state.db or (state.config.store if state.config else None)
    on_wait = lambda: _say_waiting(state.lang)  # noqa: E731
    if target is not None and is_server_url(target):
        return Store(target, on_wait=on_wait)
    path = state.paths.default_db if target is None else Path(target).expanduser()
    if readonly and target is None and not path.exists():
        return Store(Path(":memory:"), create_folder=False)  # nothing recorded on this machine yet
    return Store(path, readonly=readonly, check=readonly or check, create_folder=not readonly, on_wait=on_wait,
                 check_memo=state.paths.cache_dir / "store-checks.json")


def _say_waiting(lang: str) -> None:
    from ..i18n import t

    say(t("store.waiting", lang), err=True)


def say(message: str, err: bool = False) -> None:
    """Print a message through the output gate: control, C1 and bidi characters shown as escapes."""
    from ..textsafe import visible

    typer.echo(visible(message), err=err)


def quiz_app(state: State, wanted: Wanted | None = None, need_terminal: bool = True) -> QuizApp:
    """Everything a quiz run needs: the terminal, the banks, the store and the trainee.

    `wanted` names the banks and exams the run needs; only those are read from the cache.
    """
    from ..paths import remember_trainee
    from ..ui.app import QuizApp

    if need_terminal:
        require_terminal()
    console, result, store = load_result(state, wanted)
    trainee = resolve_trainee(state, store, console, ask=need_terminal)
    assert state.paths is not None and state.config is not None
    config, config_file = state.config, state.paths.config_file
    return QuizApp(library=result.library, store=store, console=console, lang=state.lang,
                   content_lang=state.content_lang, trainee=trainee,
                   on_switch=lambda chosen: remember_trainee(config, config_file, chosen),
                   known_banks=declared_ids(result, "bank"), known_exams=declared_ids(result, "exam"))


def resolve_trainee(state: State, store: Store, console: Any, ask: bool = True) -> TraineeRecord:
    """Who is training (trainees.resolve_trainee); with `ask`, a first run asks the trainee's name, and a
    --trainee that names nobody asks before adding them (without `ask`, it is an error)."""
    from ..trainees import resolve_trainee as resolve

    assert state.paths is not None and state.config is not None
    config, config_file = state.config, state.paths.config_file

    def first_run() -> TraineeRecord:
        from ..ui.app import first_run as ask_name

        return ask_name(console, state.lang, store, config, config_file)

    confirm_new = None
    if ask:
        from ..ui.app import confirm_new_trainee

        confirm_new = confirm_new_trainee(state.lang, store, console)
    return resolve(store, config, config_file, state.trainee, first_run if ask else None, confirm_new)


def exit_with(outcome: str) -> None:
    """End a quiz command: a run stopped early (answers saved) exits as Ctrl-C does."""
    from ..attempts import Outcome

    if outcome == Outcome.PAUSED:
        raise typer.Exit(ExitCode.INTERRUPTED)


def state_of(ctx: typer.Context) -> State:
    """The global options of this run."""
    obj = ctx.find_root().obj
    return obj if isinstance(obj, State) else State()


def use_color() -> bool | None:
    """False when NO_COLOR is set (https://no-color.org); otherwise click decides by the terminal."""
    return False if os.environ.get("NO_COLOR") else None


def done(message: str) -> None:
    """A closing line on stderr, so that `--out -` output stays clean."""
    say(message, err=True)


def main() -> None:
    """The console-script entry point."""
    if sys.platform == "win32":  # pragma: no cover - Chinese in a legacy code page console
        for stream in (sys.stdout, sys.stderr):
            if hasattr(stream, "reconfigure"):
                stream.reconfigure(encoding="utf-8")
    _survive_narrow_encodings()
    app(prog_name="etiquette-quiz")


def _survive_narrow_encodings() -> None:
    """On an ASCII or Latin-1 terminal (LC_ALL=C, PYTHONIOENCODING), write what cannot be shown as escapes.

    Chinese text cannot be shown there at all; `\\u4f60` is better than a UnicodeEncodeError.
    """
    import codecs

    for stream in (sys.stdout, sys.stderr):
        encoding = getattr(stream, "encoding", None) or "utf-8"
        try:
            utf = codecs.lookup(encoding).name.startswith("utf")
        except LookupError:
            utf = False
        if not utf and hasattr(stream, "reconfigure"):
            stream.reconfigure(errors="backslashreplace")


# The command groups register their commands on `app` and `bank_app` when imported.
from . import quiz, results, bank  # noqa: E402, F401, I001
from . import admin  # noqa: E402, F401
