"""The trainer's bank tools: bank validate, lint, stats, schema, template, import and export."""

from __future__ import annotations

from enum import StrEnum
from pathlib import Path
from typing import TYPE_CHECKING, Any

import typer

from ..errors import ExitCode
from ..textsafe import json_safe
from . import State, bank_app, done, say, state_of, use_color

if TYPE_CHECKING:
    from ..banks import LoadResult
    from ..banks.lint import LintReport
    from ..problems import Problem


class OutputFormat(StrEnum):
    """How `bank validate` and `bank lint` print what they found."""

    text = "text"
    json = "json"


def _load_for_check(state: State, paths: list[Path] | None, quiet: bool = False) -> LoadResult:
    """The files named (default: every bank and exam loaded), file by file with progress on a terminal."""
    from ..banks import bundled_banks_dir, load_library
    from ..banks.library import check_files, discover, load_file
    from ..i18n import t
    from ..ui.longrun import working

    bundled = [] if paths else [bundled_banks_dir()]
    files = discover(paths or bundled + list(state.banks))
    with working(t("validate.working", state.lang), total=len(files), quiet=quiet or state.quiet) as work:
        loaded = []
        for path in files:
            loaded.append(load_file(path))
            work.advance()
    base = (lambda: load_library(state.banks).library) if paths else None
    return check_files(loaded, base=base, bundled=bundled)


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
    result = _load_for_check(state, paths, quiet=output is OutputFormat.json)
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
    per_rule: bool = typer.Option(False, "--per-rule", help="Also list every rule with its number of questions."),
) -> None:
    """Show questions per bank, type and difficulty, and how well rules are covered.

    Exits 1 when a bank has errors (it is left out of the figures).
    """
    from ..ui.console import make_console
    from ..ui.stats import render_stats

    state = state_of(ctx)
    result = _load_for_check(state, paths)
    for problem in result.errors:
        _echo_problem(problem, state.lang)
    file_paths = {f.path for f in result.files}  # a bank's path is the shown path of its file
    banks = [b for b in result.library.banks if b.path in file_paths]
    render_stats(make_console(), banks, state.lang, per_rule)
    if result.errors:  # figures without a broken bank must not pass for the whole set in a script
        raise typer.Exit(ExitCode.INVALID)


@bank_app.command("schema")
def bank_schema() -> None:
    """Print the JSON Schema of bank and exam files, for editor autocompletion."""
    import json

    from ..banks.schema import json_schema

    typer.echo(json.dumps(json_schema(), ensure_ascii=False, indent=2))


@bank_app.command("lint")
def bank_lint(
    ctx: typer.Context,
    paths: list[Path] = typer.Argument(None, metavar="[PATH]...",
                                       help="Bank files or folders (default: every loaded bank)."),
    sources: Path = typer.Option(None, "--sources", metavar="DIR",
                                 help="Folder of the plain-text manuals, named <source id>.txt: also check quotes, "
                                      "citations and the manual titles the texts name."),
    coverage: bool = typer.Option(False, "--coverage",
                                  help="With --sources: list every heading of the manuals with the rules and "
                                       "questions citing it."),
    strict: bool = typer.Option(False, "--strict", help="Fail on any finding, warnings included."),
    output: OutputFormat = typer.Option(OutputFormat.text, "--format", help="text, or json for CI pipelines."),
    lang: str = typer.Option(None, "--lang", metavar="LANG", help="Language of the findings: zh-CN or en."),
) -> None:
    """Check that questions test the manuals, not test-taking: cues, strawmen, balance, duplicates. Exit 1 on errors."""
    from ..banks import load_paths
    from ..banks.lint import lint_loaded
    from ..errors import UserError
    from ..i18n import ui_language

    state = state_of(ctx)
    if lang is not None and not lang.lower().startswith(("zh", "en")):
        raise UserError("error.bad-lang", value=lang)
    shown = ui_language(lang) if lang else state.lang
    if coverage and sources is None:
        raise UserError("lint.coverage-needs-sources")
    manuals = None
    if sources is not None:
        from ..banks.manuals import read_manuals

        manuals = read_manuals(sources) if sources.is_dir() else {}
        if not manuals:
            raise UserError("lint.no-manuals", path=str(sources))
    result = load_paths(paths) if paths else _load_for_check(state, None)
    report = lint_loaded(result, manuals, coverage)
    failed = report.errors > 0 or (strict and bool(report.findings))
    if output is OutputFormat.json:
        import json

        payload: dict[str, object] = {
            "ok": not failed, "files": len(result.files), "errors": report.errors, "warnings": report.warnings,
            "counts": report.counts(), "figures": report.figures,
            "findings": [f.as_json(shown) for f in report.findings],
        }
        if report.coverage is not None:
            payload["coverage"] = [row.as_json() for row in report.coverage]
        typer.echo(json_safe(json.dumps(payload, ensure_ascii=False, indent=2)))
        raise typer.Exit(ExitCode.INVALID if failed else ExitCode.OK)
    _echo_lint(report, len(result.files), shown, strict)
    if report.coverage is not None:
        from ..banks.lint import format_coverage

        titles = {s.id: s.title.get(shown) for b in result.library.banks for s in b.sources}
        typer.echo("")
        for line in format_coverage(report.coverage, shown, titles):
            say(line)
    raise typer.Exit(ExitCode.INVALID if failed else ExitCode.OK)


def _echo_lint(report: LintReport, files: int, lang: str, strict: bool) -> None:
    """The findings, one a line, then the totals, the count per check and the true/false balance."""
    from ..i18n import t
    from ..textsafe import visible_line

    for finding in report.findings:
        color = "red" if finding.severity == "error" else "yellow"
        label = typer.style(t("severity." + finding.severity, lang), fg=color, bold=True)
        evidence, fix = (visible_line(part) for part in finding.parts(lang))  # through the gate before the colour
        typer.echo(f"{visible_line(finding.path)}:{finding.line}:{finding.col}: {label} [{finding.code}]: {evidence} — "
                   f"{fix}", color=use_color())
    if report.findings:
        say(t("lint.summary", lang, errors=report.errors, warnings=report.warnings, files=files))
        say(t("lint.by-check", lang, counts=", ".join(f"{code} {n}" for code, n in report.counts().items())))
    else:
        questions = sum(int(f["questions"]) for f in report.figures.values())
        say(t("lint.clean", lang, files=files, questions=questions))
    true = sum(f.get("truefalse", {}).get("true", 0) for f in report.figures.values())
    false = sum(f.get("truefalse", {}).get("false", 0) for f in report.figures.values())
    if true + false:
        say(t("lint.truefalse", lang, true=true, false=false, share=round(100 * true / (true + false))))
    if strict and report.findings and not report.errors:
        say(t("lint.strict", lang))


class BankFormat(StrEnum):
    """The formats `bank export` writes."""

    xlsx = "xlsx"
    csv = "csv"
    gift = "gift"
    moodle_xml = "moodle-xml"
    aiken = "aiken"
    md = "md"


@bank_app.command("template")
def bank_template(
    ctx: typer.Context,
    out: str = typer.Option(None, "--out", metavar="F.xlsx",
                            help="Where to write (default: 题库模板.xlsx, or bank-template.xlsx with --lang en)."),
    lang: str = typer.Option(None, "--lang", metavar="LANG",
                             help="Header language: zh-CN or en (default: the interface language)."),
) -> None:
    """Write an empty Excel workbook to fill in: one row per question, drop-downs, an example of each type."""
    from ..errors import UserError
    from ..formats.table import sheet_name
    from ..formats.template import write_template
    from ..i18n import t, ui_language

    state = state_of(ctx)
    if lang is not None and not lang.lower().startswith(("zh", "en")):
        raise UserError("error.bad-lang", value=lang)
    header_lang = ui_language(lang or state.lang)
    path = out or ("题库模板.xlsx" if header_lang == "zh-CN" else "bank-template.xlsx")
    if not path.lower().endswith(".xlsx"):
        raise UserError("error.template-suffix", path=path)
    write_template(path, header_lang)
    done(t("template.wrote", state.lang, path=path, sheet=sheet_name("questions", header_lang),
            guide=sheet_name("guide", header_lang)))


@bank_app.command("import")
def bank_import(
    ctx: typer.Context,
    files: list[Path] = typer.Argument(
        ..., metavar="FILE...", help=".xlsx, .xls, .csv, .txt, .md, .docx, .gift (Aiken: .txt) or Moodle .xml files."),
    out: str = typer.Option(".", "--out", metavar="DIR|-",
                            help="Folder for the YAML banks (<bank id>.yaml); - for standard output."),
    output: OutputFormat = typer.Option(OutputFormat.text, "--format", help="text, or json for scripts."),
    skip_bad: bool = typer.Option(
        False, "--skip-bad",
        help="Import the good questions and list the bad ones (default: nothing until all are fixed)."),
) -> None:
    """Turn Excel/WPS sheets, CSV, pasted text, Word, Aiken, GIFT or Moodle XML into checked YAML banks."""
    from ..errors import UserError
    from ..formats.importing import SUFFIXES, import_files, write_reports

    state = state_of(ctx)
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
        typer.echo(json_safe(json.dumps(payload, ensure_ascii=False, indent=2)), err=out_dir is None)
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
    from ..formats.table import sheet_name
    from ..i18n import problem_parts, t
    from ..textsafe import visible_line

    for problem in report.problems:
        label = t("severity." + problem.severity, lang)
        color = "red" if problem.severity == "error" else "yellow"
        # Sheet names and cells come from the trainer's file: through the gate before the colour codes.
        typer.echo(f"{visible_line(str(problem.origin))}: {typer.style(label, fg=color, bold=True)}: "
                   f"{visible_line(problem.message(lang))}", err=True, color=use_color())
    for question in report.skipped:
        index = report.draft.questions.index(question)
        reasons = [problem_parts(p.code, lang, p.args)[0] for p in report.errors if p.question == index]
        say(t("import.skipped", lang, where=question.label, why=t("list.sep", lang).join(reasons)), err=True)
    if report.output is None:
        count = len(report.errors)
        key = "import.not-written-bank" if any(p.question is None for p in report.errors) else "import.not-written"
        done(t(key, lang, source=report.source, count=count))
        return
    if report.skipped:
        done(t("import.skipped-summary", lang, source=report.source, count=len(report.skipped)))
    if report.draft.generated_bank_id:
        done(t("import.generated-bank", lang, source=report.source, bank=report.bank_id,
                sheet=sheet_name("info", lang)))
    if report.generated_ids:
        done(t("import.generated-ids", lang, source=report.source, count=report.generated_ids, bank=report.bank_id))
    done(t("import.wrote", lang, source=report.source, count=report.written, path=report.output))
    if out != "-":
        done(t("import.next", lang, folder=out, bank=report.bank_id))


@bank_app.command("export")
def bank_export(
    ctx: typer.Context,
    banks: list[str] = typer.Argument(..., metavar="BANK...", help="Bank ids (bundled or from --banks) or bank files."),
    fmt: BankFormat = typer.Option(..., "--format", help="xlsx, csv, gift, moodle-xml, aiken or md."),
    out: str = typer.Option(None, "--out", metavar="PATH",
                            help="File (one bank) or folder; - for standard output (default: <bank id>.<ext>)."),
) -> None:
    """Write banks as Excel/CSV to edit and re-import, or as GIFT, Moodle XML, Aiken or Markdown for other systems."""
    from ..errors import UserError
    from ..formats.exporting import FORMAT_NAMES, export_bank, output_paths, resolve_banks
    from ..i18n import t

    state = state_of(ctx)
    chosen = resolve_banks(banks, state.banks)
    if out == "-" and len(chosen) > 1:
        raise UserError("error.export-stdout-many", format=FORMAT_NAMES[fmt.value], count=len(chosen))
    for bank, path in zip(chosen, output_paths(chosen, fmt.value, out), strict=True):
        result = export_bank(bank, fmt.value, path, state.lang)
        for loss in result.losses:
            say(loss.format(state.lang, fmt.value), err=True)
        for written in [result.path] + result.extra_files:
            done(t("export.bank-wrote", state.lang, count=result.questions, banks=", ".join(result.banks),
                   path=written))
