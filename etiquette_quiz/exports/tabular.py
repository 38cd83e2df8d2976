"""CSV (UTF-8 with BOM, for Excel on Windows) and XLSX exports."""

from __future__ import annotations

import csv
import json
import re
from collections.abc import Iterable, Iterator, Sequence
from fractions import Fraction
from itertools import islice
from typing import Any

from ..i18n import t
from ..model import Library
from ..responses import response_text
from ..scores import exact, number, spreadsheet_format
from ..store import Results
from ..textsafe import CELL_UNSAFE, CELL_UNSAFE_CHARS, FORMULA_STARTS, cell_text, is_formula_like
from .common import (
    ANSWER_HEADER,
    ANSWER_SCORE_COLUMNS,
    ANSWER_TEXT_COLUMNS,
    ATTEMPT_HEADER,
    ATTEMPT_SCORE_COLUMNS,
    ATTEMPT_TEXT_COLUMNS,
    answer_records,
    atomic_output,
    attempt_records,
    attempt_records_safe,
)

FORMULA_FIRST = frozenset(FORMULA_STARTS)
# A text needing more than to be written as it is: quoting (RFC 4180) or textsafe.cell_text.
_CSV_SPECIAL = re.compile(f'[,"\r\n{CELL_UNSAFE_CHARS}]')
# An answer's time and content hash as the store writes them: nothing to quote or neutralise.
_PLAIN_TAIL = re.compile(r"[0-9][0-9:.T+\-Z]*,[0-9a-f]*\Z")


def csv_field(value: Any) -> str:
    """One CSV field (RFC 4180 quoting only where needed); every text is neutralised (textsafe.cell_text)."""
    if value is None:
        return ""
    if value.__class__ is not str:
        return str(value)
    if not (value[:1] in FORMULA_FIRST or _CSV_SPECIAL.search(value)):
        return str(value)  # a million cells a second: most are plain
    cell = cell_text(value)
    if any(c in cell for c in ',"\r\n'):
        return '"' + cell.replace('"', '""') + '"'
    return cell


def write_csv(out: str, results: Results, library: Library, lang: str, level: str) -> int:
    """Rows per attempt or per answer; returns how many rows were written."""
    count = 0
    # The BOM is written once by hand: a utf-8-sig stream would run its encoder per row.
    with atomic_output(out) as stream:
        stream.write("\ufeff")
        if level == "attempt":
            writer = csv.writer(stream, lineterminator="\r\n")
            writer.writerow(ATTEMPT_HEADER)
            for count, row in enumerate(attempt_records_safe(results), 1):  # noqa: B007
                writer.writerow(row)
        else:
            stream.write(",".join(ANSWER_HEADER) + "\r\n")
            lines = _answer_lines(results, library, lang)
            while batch := list(islice(lines, 10_000)):
                stream.writelines(batch)
                count += len(batch)
    return count


def _answer_lines(results: Results, library: Library, lang: str) -> Iterator[str]:
    """CSV lines of answers, built directly: a million rows through csv.writer take seconds more.

    What repeats is formatted once: the attempt's columns per attempt, and a response's type,
    rules, words and raw JSON per distinct (question, response).
    """
    prefixes = {}
    for row in results.attempt_prefixes():
        prefixes[row[0]] = ",".join(csv_field(cell) for cell in row[:7]) + ","
    kinds = {q.key: f"{q.type.value},{csv_field(','.join(q.rules))}" for q in library.questions}
    described: dict[tuple[str, str], str] = {}
    questions: dict[tuple[str, str], str] = {}  # (key, bank) -> their two cells, neutralised once
    scored: dict[tuple[str, str, str], str] = {}  # the exact texts -> their cells; few combinations occur
    sep = t("list.sep", lang)
    for (attempt_id, position, key, bank, digest, raw, fraction, points, max_points, seconds, forbidden,
         at) in results.answer_cells():
        middle = described.get((key, raw))
        if middle is None:
            words = response_text(library.question(key), json.loads(raw) if raw else None, lang)
            middle = described[(key, raw)] = ",".join((kinds.get(key, ","), csv_field(words), csv_field(raw)))
        where = questions.get((key, bank))
        if where is None:
            where = questions[(key, bank)] = f"{csv_field(key)},{csv_field(bank)}"
        cells = scored.get((fraction, points, max_points))
        if cells is None:
            cells = scored[(fraction, points, max_points)] = ",".join(
                [*(repr(number(exact(text))) for text in (fraction, points, max_points)), str(exact(fraction) >= 1)])
        banned = "" if forbidden == "[]" else csv_field(sep.join(json.loads(forbidden)))
        tail = f"{at},{digest}"
        if not _PLAIN_TAIL.match(tail):  # only from a store edited by hand: imports check both
            tail = f"{csv_field(at)},{csv_field(digest)}"
        yield f"{prefixes[attempt_id]}{position},{where},{middle},{cells},{seconds!r},{banned},{tail}\r\n"


# -- xlsx -----------------------------------------------------------------------------------


def display_width(value: Any) -> int:
    """Columns a value takes in a spreadsheet cell: CJK characters count double."""
    from wcwidth import wcswidth

    text = "" if value is None else str(value)
    width = wcswidth(text)
    return width if width >= 0 else len(text) * 2


def _sheet(workbook: Any, title: str, header: Sequence[str], rows: Iterable[Sequence[Any]],
           text_columns: Sequence[int], score_columns: Sequence[int] = ()) -> int:
    """A write-only sheet: bold frozen header, filters on, column widths fitted to the first rows,
    exact scores as numbers shown as people write them."""
    from openpyxl.cell import WriteOnlyCell
    from openpyxl.styles import Font
    from openpyxl.utils import get_column_letter

    sheet = workbook.create_sheet(title)
    rows = iter(rows)
    sample = list(islice(rows, 500))  # widths must be set before the first row is streamed
    for index, name in enumerate(header):
        width = max([display_width(name)] + [display_width(row[index]) for row in sample])
        sheet.column_dimensions[get_column_letter(index + 1)].width = min(60, max(8, width + 2))
    sheet.freeze_panes = "A2"
    bold = Font(bold=True)
    head = []
    for name in header:
        cell = WriteOnlyCell(sheet, value=name)
        cell.font = bold
        head.append(cell)
    sheet.append(head)
    count = 0
    shown = _scores_shown(sheet, _chain(sample, rows), score_columns)
    for count, row in enumerate(_text_safe(sheet, shown, text_columns), 1):  # noqa: B007
        sheet.append(row)
    sheet.auto_filter.ref = f"A1:{get_column_letter(len(header))}{count + 1}"
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


def write_xlsx(out: str, results: Results, library: Library, lang: str) -> int:
    """Three sheets: attempts, answers, and a summary per bank. Returns the number of answer rows."""
    from openpyxl import Workbook

    workbook = Workbook(write_only=True)
    _sheet(workbook, t("xlsx.attempts", lang), ATTEMPT_HEADER, attempt_records(results), ATTEMPT_TEXT_COLUMNS,
           ATTEMPT_SCORE_COLUMNS)
    answers = _sheet(workbook, t("xlsx.answers", lang), ANSWER_HEADER, answer_records(results, library, lang),
                     ANSWER_TEXT_COLUMNS, ANSWER_SCORE_COLUMNS)
    columns = ("bank", "title", "answers", "trainees", "mean", "missed")
    summary_header = tuple(t(f"xlsx.bank.{name}", lang) for name in columns)
    _sheet(workbook, t("xlsx.banks", lang), summary_header, bank_summary(results, library, lang), (1,))
    with atomic_output(out, binary=True) as stream:
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

