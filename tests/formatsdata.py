"""Helpers for the import/export tests: workbooks written cell by cell, imports in one call, a bank's words."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

from etiquette_quiz.banks import load_file
from etiquette_quiz.formats.importing import ImportReport, import_files
from etiquette_quiz.model import Bank, ChoiceBody, FillBody, MatchBody, OrderBody, ScriptBody, TrueFalseBody

from .conftest import DATA

FORMATS = DATA / "formats"
HEADER = ["题号", "题型", "题干", "情景", "选项A", "选项B", "选项C", "选项D", "答案", "解析", "难度", "分值", "标签", "规则"]


def write_xlsx(path: Path, sheets: dict[str, list[list[Any]]], merges: dict[str, list[str]] | None = None) -> Path:
    """A workbook as another tool writes it: values as typed (numbers, booleans, dates, formulas), General cells."""
    from openpyxl import Workbook

    workbook = Workbook()
    workbook.remove(workbook.active)
    for name, rows in sheets.items():
        sheet = workbook.create_sheet(name)
        for row in rows:
            sheet.append(row)
        for cells in (merges or {}).get(name, []):
            sheet.merge_cells(cells)
    workbook.save(path)
    return path


def row(**cells: Any) -> list[Any]:
    """A data row for HEADER, by Chinese header name (题干="…", 选项A="…")."""
    return [cells.get(name) for name in HEADER]


def import_one(path: Path, skip_bad: bool = False) -> ImportReport:
    [report] = import_files([path], None, skip_bad=skip_bad, shown={path: path.name})
    return report


def imported_bank(report: ImportReport, tmp_path: Path) -> Bank:
    """The bank an import would write, loaded by the validator."""
    assert report.yaml_text is not None, [p.format("en") for p in report.errors]
    written = tmp_path / "imported.yaml"
    written.write_text(report.yaml_text, encoding="utf-8")
    result = load_file(written)
    assert result.document is not None, [p.format("en") for p in result.problems]
    return result.document


def messages(report: ImportReport, lang: str = "zh-CN", severity: str | None = None) -> list[str]:
    """Each problem as the trainer reads it: 'location: what — fix'."""
    return [f"{p.origin}: {p.message(lang)}" for p in report.problems if severity in (None, p.severity)]


def words(question: Any, lang: str, fold_scenario: bool = False, blanks: bool = False,
          feedback: bool = True) -> dict[str, Any]:
    """A question's id, type and texts in one language: what a one-language format can carry."""
    body = question.body

    def text(value: Any) -> Any:
        return None if value is None else value.get(lang)

    prompt, scenario = text(question.prompt), text(question.scenario)
    if fold_scenario and scenario:
        prompt, scenario = scenario + "\n" + prompt, None
    if blanks:
        prompt = re.sub(r"_{3,}", "___", prompt)
    out: dict[str, Any] = {"id": question.id, "type": question.type.value, "prompt": prompt, "scenario": scenario,
                           "explain": text(question.explain)}
    if isinstance(body, ChoiceBody):
        for name, group in (("correct", body.correct), ("wrong", body.wrong)):
            out[name] = [(text(c.text), text(c.feedback) if feedback else None) for c in group]
    elif isinstance(body, TrueFalseBody):
        out["answer"] = body.answer
    elif isinstance(body, OrderBody):
        out["steps"] = [text(s) for s in body.steps]
    elif isinstance(body, FillBody):
        out["blanks"] = [text(b) for b in body.blanks]
    elif isinstance(body, ScriptBody):
        out["must"] = [text(g) for g in body.must]
        out["never"] = [(text(f.phrase), text(f.unless)) for f in body.never]
        out["should"] = [text(g) for g in body.should]
        out["model"] = text(body.model)
    elif isinstance(body, MatchBody):
        out["pairs"] = [(text(p.left), text(p.right)) for p in body.pairs]
        out["decoys"] = [text(d) for d in body.decoys]
    return out
