"""The trainer's bank tools: bank validate, stats and schema."""

from __future__ import annotations

from enum import StrEnum
from pathlib import Path
from typing import TYPE_CHECKING

import typer

from ..errors import ExitCode
from . import State, bank_app, say, state_of, use_color

if TYPE_CHECKING:
    from ..banks import LoadResult
    from ..problems import Problem


class OutputFormat(StrEnum):
    """How `bank validate` prints what it found."""

    text = "text"
    json = "json"


def _load_for_check(state: State, paths: list[Path] | None) -> LoadResult:
    from ..banks import load_library, load_paths

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
    from ..i18n import t
    from ..problems import ERROR

    state = state_of(ctx)
    result = _load_for_check(state, paths)
    problems = result.problems
    errors = sum(p.severity == ERROR for p in problems)
    warnings = len(problems) - errors
    failed = errors > 0 or (strict and warnings > 0)
    checked = [f for f in result.files]
    if output is OutputFormat.json:
        from ..textsafe import json_text

        payload = {
            "ok": not failed, "files": len(checked), "errors": errors, "warnings": warnings,
            "problems": [p.as_json(state.lang) for p in problems],
        }
        typer.echo(json_text(payload))
        raise typer.Exit(ExitCode.INVALID if failed else ExitCode.OK)
    if not checked:
        say(t("validate.none", state.lang, paths=", ".join(map(str, paths or []))), err=True)
        raise typer.Exit(ExitCode.USAGE)
    for problem in problems:
        _echo_problem(problem, state.lang)
    if problems:
        say(t("validate.summary", state.lang, errors=errors, warnings=warnings, files=len(checked)))
        if strict and warnings and not errors:
            say(t("validate.strict", state.lang))
    else:
        docs = [f.document for f in checked if f.document is not None]
        from ..model import Bank

        banks = [d for d in docs if isinstance(d, Bank)]
        say(t(
            "validate.ok", state.lang, files=len(checked), banks=len(banks), exams=len(docs) - len(banks),
            questions=sum(len(b.questions) for b in banks),
        ))
    raise typer.Exit(ExitCode.INVALID if failed else ExitCode.OK)


def _echo_problem(problem: Problem, lang: str) -> None:
    from ..i18n import t
    from ..textsafe import visible_line

    label = t("severity." + problem.severity, lang)
    color = "red" if problem.severity == "error" else "yellow"
    # The file name and the message pass the output gate before the label gets its colour codes.
    location = f"{visible_line(problem.path)}:{problem.line}:{problem.col}:"
    message = visible_line(problem.message(lang))
    typer.echo(f"{location} {typer.style(label, fg=color, bold=True)}: {message}", color=use_color())


@bank_app.command("stats")
def bank_stats(
    ctx: typer.Context,
    paths: list[Path] = typer.Argument(None, metavar="[PATH]...",
                                       help="Bank files or folders (default: every loaded bank)."),
) -> None:
    """Show questions per bank, type and difficulty, and how well rules are covered."""
    from ..ui.console import make_console
    from ..ui.stats import render_stats

    state = state_of(ctx)
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

    from ..banks.schema import json_schema

    typer.echo(json.dumps(json_schema(), ensure_ascii=False, indent=2))


