"""Workbooks: .xlsx, .xls (old Excel and WPS), .xlsb and .ods in through python-calamine; .xlsx out through openpyxl.

Both libraries are imported only here, and only when a workbook is read or written.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from .cells import DIFFICULTY_LABELS, SCORING_LABELS, TYPE_LABELS, col_letter
from .draft import Draft, Origin
from .table import Layout, Sheet, read_workbook, sheet_name

WORKBOOK_SUFFIXES = (".xlsx", ".xlsm", ".xls", ".xlsb", ".ods")
TEXT_FORMAT = "@"  # Excel's "Text" number format: 3 stays "3", TRUE stays "TRUE"
MAX_WIDTH = 50
WIDE_COLUMNS = {"题干", "情景", "解析", "参考话术", "Prompt", "Scenario", "Explanation", "Model answer"}


def read_xlsx(path: Path, shown: str) -> Draft:
    """A bank from a workbook: every sheet, merged cells filled, formulas without a saved value refused."""
    from python_calamine import CalamineWorkbook, SheetTypeEnum

    draft = Draft(shown, Origin(shown))
    try:
        workbook = CalamineWorkbook.from_path(str(path))
    except Exception as exc:  # calamine raises its own error classes for each format
        draft.error(Origin(shown), "import-unreadable", reason=str(exc).splitlines()[0][:200])
        return draft
    missing = _formulas_without_values(path) if path.suffix.lower() in (".xlsx", ".xlsm") else {}
    sheets = []
    with workbook:
        for meta in workbook.sheets_metadata:
            if meta.typ != SheetTypeEnum.WorkSheet:
                continue
            sheet = workbook.get_sheet_by_name(meta.name)
            rows = sheet.to_python(skip_empty_area=False)
            _fill_merged(rows, sheet.merged_cell_ranges or ())
            sheets.append(Sheet(shown, meta.name, rows, missing.get(meta.name, set())))
    read_workbook(draft, sheets, Path(shown).stem)
    return draft


def _fill_merged(rows: list[list[Any]], ranges: Sequence[tuple[tuple[int, int], tuple[int, int]]]) -> None:
    """A merged range's value in each of its cells: a 题型 merged down five rows types all five."""
    for (top, left), (bottom, right) in ranges:
        if top >= len(rows) or left >= len(rows[top]):
            continue
        value = rows[top][left]
        for r in range(top, min(bottom, len(rows) - 1) + 1):
            row = rows[r]
            for c in range(left, right + 1):
                if c < len(row) and (r, c) != (top, left):
                    row[c] = value


_CELL_REF = re.compile(r"([A-Z]+)(\d+)")


def _cell_index(ref: str) -> tuple[int, int]:
    found = _CELL_REF.fullmatch(ref)
    assert found is not None
    col = 0
    for char in found.group(1):
        col = col * 26 + ord(char) - 64
    return int(found.group(2)) - 1, col - 1


def _formulas_without_values(path: Path) -> dict[str, set[tuple[int, int]]]:
    """Cells holding a formula whose result was never saved (files written by scripts, not Excel).

    calamine reads such a cell as empty, which would silently lose what the trainer meant.
    Only sheets whose XML contains a formula at all are parsed.
    """
    import zipfile

    from lxml import etree

    main = "{http://schemas.openxmlformats.org/spreadsheetml/2006/main}"
    rel = "{http://schemas.openxmlformats.org/officeDocument/2006/relationships}id"
    out: dict[str, set[tuple[int, int]]] = {}
    try:
        with zipfile.ZipFile(path) as archive:
            names = set(archive.namelist())
            if "xl/workbook.xml" not in names or "xl/_rels/workbook.xml.rels" not in names:
                return out
            targets = {
                r.get("Id"): r.get("Target")
                for r in etree.fromstring(archive.read("xl/_rels/workbook.xml.rels"))
            }
            for sheet in etree.fromstring(archive.read("xl/workbook.xml")).iter(main + "sheet"):
                target = targets.get(sheet.get(rel), "")
                part = target.lstrip("/") if target.startswith("/") else "xl/" + target
                if part not in names:
                    continue
                data = archive.read(part)
                if b"<f>" not in data and b"<f " not in data and b":f>" not in data:
                    continue
                cells = set()
                for cell in etree.fromstring(data).iter(main + "c"):
                    formula, value = cell.find(main + "f"), cell.find(main + "v")
                    if formula is not None and (value is None or not (value.text or "").strip()):
                        cells.add(_cell_index(cell.get("r", "A1")))
                if cells:
                    out[sheet.get("name")] = cells
    except (zipfile.BadZipFile, etree.XMLSyntaxError, KeyError):
        return out  # calamine reports the unreadable file
    return out


# -- writing ---------------------------------------------------------------------------------


def display_width(text: str) -> int:
    """Columns a text takes on screen: CJK characters count twice."""
    longest = 0
    for line in text.split("\n"):
        width = sum(2 if unicodedata.east_asian_width(c) in "WF" else 1 for c in line)
        longest = max(longest, width)
    return longest


def _style_sheet(ws: Any, header: Sequence[str], rows: Sequence[Sequence[str]], freeze: str = "A2",
                 blank_rows: int = 0) -> None:
    """Bold frozen header, every data cell formatted as text, widths that fit the (Chinese) content."""
    from openpyxl.styles import Alignment, Font, PatternFill

    bold = Font(bold=True)
    fill = PatternFill("solid", fgColor="DDEBF7")
    wrap = Alignment(wrap_text=True, vertical="top")
    top = Alignment(vertical="top")
    for col, title in enumerate(header, 1):
        cell = ws.cell(row=1, column=col, value=title)
        cell.font = bold
        cell.fill = fill
        cell.number_format = TEXT_FORMAT
    for r, values in enumerate(rows, 2):
        for col, value in enumerate(values, 1):
            if not value:
                continue
            cell = ws.cell(row=r, column=col, value=value)
            cell.data_type = "s"  # a text such as "=SUM" or "-> 右项" stays text, never a formula
            cell.number_format = TEXT_FORMAT
            cell.alignment = wrap if "\n" in value or len(value) > 30 else top
    for col, title in enumerate(header, 1):
        letter = col_letter(col - 1)
        width = max([display_width(title)] + [display_width(r[col - 1]) for r in rows[:2000] if col - 1 < len(r)])
        if title.split("[")[0] in WIDE_COLUMNS:
            width = max(width, 40)
        dimension = ws.column_dimensions[letter]
        dimension.width = min(MAX_WIDTH, max(8, width + 2))
        dimension.number_format = TEXT_FORMAT  # cells the trainer adds later are text as well
    for r in range(len(rows) + 2, len(rows) + 2 + blank_rows):
        for col in range(1, len(header) + 1):
            ws.cell(row=r, column=col).number_format = TEXT_FORMAT
    ws.freeze_panes = freeze


def _drop_downs(ws: Any, header: Sequence[str], lang: str, last_row: int) -> None:
    """Lists for 题型, 难度 and 评分方式, so a trainer picks instead of typing."""
    from openpyxl.worksheet.datavalidation import DataValidation

    zh = lang.startswith("zh")
    lists = {
        ("题型" if zh else "Type"): [labels[0 if zh else 1] for labels in TYPE_LABELS.values()],
        ("难度" if zh else "Difficulty"): [labels[0 if zh else 1] for labels in DIFFICULTY_LABELS.values()],
        ("评分方式" if zh else "Scoring"): [labels[0 if zh else 1] for labels in SCORING_LABELS.values()],
    }
    for col, title in enumerate(header):
        if title in lists:
            rule = DataValidation(type="list", formula1='"' + ",".join(lists[title]) + '"', allow_blank=True,
                                  showErrorMessage=True)
            rule.error = ("请从下拉列表中选择" if zh else "Pick a value from the list")
            rule.add(f"{col_letter(col)}2:{col_letter(col)}{last_row}")
            ws.add_data_validation(rule)


def write_workbook(out: str, layout: Layout, guide: list[list[str]] | None, guide_header: list[str] | None,
                   blank_rows: int = 0) -> None:
    """The sheets of `layout` as an .xlsx file (atomically; '-' writes to standard output)."""
    from openpyxl import Workbook

    from ..paths import atomic_output

    lang = layout.lang
    workbook = Workbook()
    questions = workbook.active
    questions.title = sheet_name("questions", lang)
    _style_sheet(questions, layout.questions_header, layout.questions, freeze="C2", blank_rows=blank_rows)
    _drop_downs(questions, layout.questions_header, lang, max(1000, len(layout.questions) + blank_rows + 500))
    info = workbook.create_sheet(sheet_name("info", lang))
    _style_sheet(info, layout.info_header, layout.info)
    rules = workbook.create_sheet(sheet_name("rules", lang))
    _style_sheet(rules, layout.rules_header, layout.rules, blank_rows=blank_rows and 100)
    if layout.sources or blank_rows:
        sources = workbook.create_sheet(sheet_name("sources", lang))
        _style_sheet(sources, layout.sources_header, layout.sources, blank_rows=blank_rows and 20)
    if guide is not None and guide_header is not None:
        _write_guide(workbook.create_sheet(sheet_name("guide", lang)), guide_header, guide, lang)
    with atomic_output(out, binary=True) as stream:
        workbook.save(stream)


def _write_guide(ws: Any, header: list[str], rows: list[list[str]], lang: str) -> None:
    """The 说明 sheet: one filled example per type under the real headers, then what each column means."""
    from openpyxl.styles import Alignment, Font

    from .template import column_notes

    _style_sheet(ws, header, rows, freeze="A2")
    start = len(rows) + 4
    zh = lang.startswith("zh")
    title = ws.cell(row=start - 1, column=1, value="各列说明" if zh else "What each column holds")
    title.font = Font(bold=True, size=12)
    wrap = Alignment(wrap_text=True, vertical="top")
    for offset, (name, note) in enumerate(column_notes(lang)):
        row = start + offset
        ws.cell(row=row, column=1, value=name).font = Font(bold=True)
        cell = ws.cell(row=row, column=3, value=note)
        cell.data_type = "s"
        cell.alignment = wrap
        ws.merge_cells(start_row=row, start_column=3, end_row=row, end_column=12)
        ws.row_dimensions[row].height = 15 * max(1, display_width(note) // 150 + 1)
