"""CSV (UTF-8 with BOM, for Excel on Windows) and XLSX exports."""

from __future__ import annotations

import csv
from collections.abc import Callable, Iterable, Iterator, Sequence
from fractions import Fraction
from itertools import islice
from typing import Any

from ..i18n import t
from ..model import Library
from ..scores import number, spreadsheet_format
from ..store import Results
from ..textsafe import CELL_UNSAFE, FORMULA_STARTS, cell_text, is_formula_like
from .common import (
    ANSWER_COLUMNS,
    ANSWER_SCORE_COLUMNS,
    ANSWER_TEXT_COLUMNS,
    ATTEMPT_COLUMNS,
    ATTEMPT_SCORE_COLUMNS,
    ATTEMPT_TEXT_COLUMNS,
    TIME_COLUMNS,
    AnswerRows,
    LocalTimes,
    Tick,
    attempt_records,
    export_output,
    header,
)

FORMULA_FIRST = frozenset(FORMULA_STARTS)


def write_csv(out: str, results: Results, library: Library, lang: str, level: str, tick: Tick | None = None) -> int:
    """Rows per attempt or per answer, headed in `lang`; returns how many rows were written."""
    count = 0
    if level == "attempt":
        # The BOM is written once by hand: a utf-8-sig stream would run its encoder per row.
        with export_output(out) as stream:
            stream.write("\ufeff")
            writer = csv.writer(stream, lineterminator="\r\n")
            writer.writerow(header(ATTEMPT_COLUMNS, lang))
            rows = attempt_records(results, library, lang, LocalTimes().text, csv_safe=True)
            for count, row in enumerate(rows, 1):  # noqa: B007
                writer.writerow(row)
        if tick is not None:
            tick(count)
        return count

    def counted(done: int) -> None:
        nonlocal count
        count += done
        if tick is not None:
            tick(done)

    with export_output(out, binary=True) as stream:
        stream.write(("\ufeff" + ",".join(header(ANSWER_COLUMNS, lang)) + "\r\n").encode())
        for chunk in AnswerRows(results, library, lang).csv_chunks(counted):
            stream.write(chunk)
    return count


# -- xlsx -----------------------------------------------------------------------------------


def display_width(value: Any) -> int:
    """Columns a value takes in a spreadsheet cell: CJK characters count double."""
    from wcwidth import wcswidth

    text = "" if value is None else str(value)
    width = wcswidth(text)
    return width if width >= 0 else len(text) * 2


def _sheet(workbook: Any, title: str, head: Sequence[str], rows: Iterable[Sequence[Any]],
           text_columns: Sequence[int], date_columns: Sequence[int] = (), score_columns: Sequence[int] = ()) -> int:
    """A write-only sheet: bold frozen header, filters on, column widths fitted to the first rows,
    exact scores as numbers shown as people write them."""
    from openpyxl.cell import WriteOnlyCell
    from openpyxl.styles import Font
    from openpyxl.utils import get_column_letter

    sheet = workbook.create_sheet(title)
    rows = iter(rows)
    sample = list(islice(rows, 500))  # widths must be set before the first row is streamed
    for index, name in enumerate(head):
        width = 19 if index in date_columns else max([display_width(name)] + [display_width(row[index])
                                                                              for row in sample])
        sheet.column_dimensions[get_column_letter(index + 1)].width = min(60, max(8, width + 2))
    sheet.freeze_panes = "A2"
    bold = Font(bold=True)
    cells = []
    for name in head:
        cell = WriteOnlyCell(sheet, value=name)
        cell.font = bold
        cells.append(cell)
    sheet.append(cells)
    count = 0
    shown = _scores_shown(sheet, _chain(sample, rows), score_columns)
    for count, row in enumerate(_text_safe(sheet, shown, text_columns), 1):  # noqa: B007
        sheet.append(row)
    sheet.auto_filter.ref = f"A1:{get_column_letter(len(head))}{count + 1}"
    return count


def _chain(first: list[Sequence[Any]], rest: Iterator[Sequence[Any]]) -> Iterator[Sequence[Any]]:
    yield from first
    yield from rest


def _scores_shown(sheet: Any, rows: Iterable[Sequence[Any]], columns: Sequence[int]) -> Iterator[Sequence[Any]]:
    """Rows whose exact scores are numbers Excel sums, shown as fractions where that is how people write them
    (7⅓ as 7 1/3, not 7.33333333333333)."""
    from openpyxl.cell import WriteOnlyCell

    formats: dict[Fraction, tuple[int | float, str | None]] = {}
    for row in rows:
        if not columns:
            yield row
            continue
        cells = list(row)
        for i in columns:
            value = cells[i]
            if value is None:
                continue
            known = formats.get(value)
            if known is None:
                known = formats[value] = (number(value), spreadsheet_format(value))
            if known[1] is None:
                cells[i] = known[0]
            else:
                cell = WriteOnlyCell(sheet, value=known[0])
                cell.number_format = known[1]
                cells[i] = cell
        yield cells


def _text_safe(sheet: Any, rows: Iterable[Sequence[Any]], text_columns: Sequence[int]) -> Iterator[Sequence[Any]]:
    """Rows whose texts stay texts and can be stored: openpyxl would store '=…' as a formula, and
    refuses the whole workbook over one control character (textsafe.cell_text replaces it).

    Every text cell is checked, not only `text_columns` (the columns people type): an edited
    store can hold a formula in an id or a mode as well.
    """
    from openpyxl.cell import WriteOnlyCell

    for row in rows:
        texts = [value for value in row if value.__class__ is str]
        # One search per row, not per cell (a hundred thousand rows of twenty cells): most are plain.
        if not any(text[:1] in FORMULA_FIRST for text in texts) and not CELL_UNSAFE.search("\n".join(texts)):
            yield row
            continue
        cells = None
        for i, value in enumerate(row):
            if value.__class__ is not str:
                continue
            safe = cell_text(value, quote=False)
            if safe is value and not is_formula_like(value):
                continue
            if cells is None:
                cells = list(row)
            if is_formula_like(safe):
                cell = WriteOnlyCell(sheet, value=safe)
                cell.data_type = "s"
                cells[i] = cell
            else:
                cells[i] = safe
        yield row if cells is None else cells


def bank_summary(results: Results, library: Library, lang: str) -> list[tuple[Any, ...]]:
    """Per bank: answers, trainees, mean score and miss rate."""
    out = []
    for bank_id, answers, trainees, mean, missed in results.bank_totals():
        bank = library.bank(bank_id)
        out.append((bank_id, bank.title.get(lang) if bank else "", answers, trainees, round(mean * 100, 1),
                    round(missed * 100, 1)))
    return out


def _dates(columns: tuple[str, ...]) -> tuple[int, ...]:
    return tuple(i for i, name in enumerate(columns) if name in TIME_COLUMNS)


def write_xlsx(out: str, results: Results, library: Library, lang: str, tick: Tick | None = None,
               saving: Callable[[], None] | None = None) -> int:
    """Three sheets: attempts, answers, and a summary per bank. Returns the number of answer rows.

    `tick` hears of answer rows written; `saving`, that the workbook is being put together (a while).
    """
    from openpyxl import Workbook

    workbook = Workbook(write_only=True)
    _sheet(workbook, t("xlsx.attempts", lang), header(ATTEMPT_COLUMNS, lang),
           attempt_records(results, library, lang, LocalTimes.value), ATTEMPT_TEXT_COLUMNS, _dates(ATTEMPT_COLUMNS),
           ATTEMPT_SCORE_COLUMNS)
    answers = _sheet(workbook, t("xlsx.answers", lang), header(ANSWER_COLUMNS, lang),
                     AnswerRows(results, library, lang).records(tick), ANSWER_TEXT_COLUMNS, _dates(ANSWER_COLUMNS),
                     ANSWER_SCORE_COLUMNS)
    columns = ("bank", "title", "answers", "trainees", "mean", "missed")
    summary_header = tuple(t(f"xlsx.bank.{name}", lang) for name in columns)
    _sheet(workbook, t("xlsx.banks", lang), summary_header, bank_summary(results, library, lang), (1,))
    if saving is not None:
        saving()
    with export_output(out, binary=True, whole=True) as stream:
        _save(workbook, stream)
    return answers


def _save(workbook: Any, stream: Any) -> None:
    """workbook.save (openpyxl's save_workbook), but a failed save leaves nothing half-open behind.

    When the disk fills up, openpyxl's ZipFile and the XML writers of the sheets not yet
    archived stay open, and at garbage collection try to finish writing: "Exception ignored
    in … seek of closed file / LxmlSyntaxError" under the one-line message, and the sheets'
    temporary files are left in the temp folder.
    """
    import contextlib
    import datetime
    from zipfile import ZIP_DEFLATED, ZipFile

    from openpyxl.writer.excel import ExcelWriter

    archive = ZipFile(stream, "w", ZIP_DEFLATED, allowZip64=True)
    workbook.properties.modified = datetime.datetime.now(tz=datetime.UTC).replace(tzinfo=None)
    try:
        ExcelWriter(workbook, archive).save()
    except BaseException:
        archive.fp = None  # ZipFile.close() does nothing without a file
        for sheet in workbook.worksheets:
            with contextlib.suppress(Exception):
                if not sheet.closed:
                    sheet.close()
            with contextlib.suppress(Exception):
                sheet._writer.cleanup()
        raise
