"""CSV: the 题目 sheet as one file (UTF-8 with or without a BOM, or GB18030 as Chinese Excel saves it).

A CSV file holds one table, so the bank's details, rules and sources travel in sibling files
named after it: `bank.csv` with `bank.bank.csv`, `bank.rules.csv`, `bank.sources.csv`. They are
written by `bank export --format csv` and read when present.
"""

from __future__ import annotations

import csv
import io
from pathlib import Path

from .cells import FORMULA_GUARD
from .draft import Draft, Origin
from .table import Layout, Sheet, read_workbook

SIBLINGS = {"info": ".bank.csv", "rules": ".rules.csv", "sources": ".sources.csv"}


def sibling_role(path: Path) -> str | None:
    """'x.rules.csv' -> 'rules' when it is a sibling file rather than a bank of its own."""
    name = path.name.lower()
    for role, suffix in SIBLINGS.items():
        if name.endswith(suffix):
            return role
    return None


def main_of_sibling(path: Path) -> Path:
    """'x.rules.csv' -> 'x.csv'."""
    role = sibling_role(path)
    assert role is not None
    return path.with_name(path.name[: -len(SIBLINGS[role])] + ".csv")


def decode(data: bytes) -> str | None:
    """UTF-8 (with or without BOM), else GB18030 (a superset of GBK and GB2312); None when neither."""
    if data.startswith(b"\xef\xbb\xbf"):
        data = data[3:]
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        pass
    try:
        return data.decode("gb18030")
    except UnicodeDecodeError:
        return None


def read_text_file(path: Path, draft: Draft) -> str | None:
    """A text file's contents (UTF-8 or GB18030); None, with the problem reported, when it cannot be read."""
    try:
        text = decode(path.read_bytes())
    except OSError as exc:
        draft.error(draft.origin, "import-unreadable", reason=exc.strerror or str(exc))
        return None
    if text is None:
        draft.error(draft.origin, "import-encoding")
    return text


def read_rows(text: str) -> list[list[str]]:
    """Rows of a CSV text; the delimiter (comma, tab or semicolon) is detected."""
    sample = text[:20000]
    try:
        dialect: type[csv.Dialect] | csv.Dialect = csv.Sniffer().sniff(sample, delimiters=",\t;")
    except csv.Error:
        dialect = csv.excel
    rows = []
    for row in csv.reader(io.StringIO(text, newline=""), dialect):
        rows.append([_unguard(cell) for cell in row])
    return rows


def _unguard(cell: str) -> str:
    """Undo the quote our CSV writer puts before a leading = + - @ (so Excel never runs it)."""
    if len(cell) > 1 and cell[0] == "'" and cell[1] in FORMULA_GUARD:
        return cell[1:]
    return cell


def _sheet(path: Path, shown: str, role: str | None, draft: Draft) -> Sheet | None:
    try:
        data = path.read_bytes()
    except OSError as exc:
        draft.error(Origin(shown), "import-unreadable", reason=exc.strerror or str(exc))
        return None
    text = decode(data)
    if text is None:
        draft.error(Origin(shown), "import-encoding")
        return None
    return Sheet(shown, None, read_rows(text), role=role)


def read_csv(path: Path, shown: str) -> Draft:
    """A bank from a CSV file and its sibling files."""
    draft = Draft(shown, Origin(shown))
    sheets = []
    main = _sheet(path, shown, "questions", draft)
    if main is None:
        return draft
    sheets.append(main)
    for role, suffix in SIBLINGS.items():
        sibling = path.with_name(path.name[: -len(path.suffix)] + suffix)
        if sibling.is_file():
            shown_sibling = str(Path(shown).with_name(sibling.name))
            sheet = _sheet(sibling, shown_sibling, role, draft)
            if sheet is not None:
                sheets.append(sheet)
    read_workbook(draft, sheets, path.stem)
    return draft


def _safe(cell: str) -> str:
    return "'" + cell if cell and cell[0] in FORMULA_GUARD else cell


def _write_table(out: str, header: list[str], rows: list[list[str]]) -> None:
    from ..paths import atomic_output

    with atomic_output(out) as stream:
        if out != "-":
            stream.write("\ufeff")  # Excel on Windows reads UTF-8 only with the BOM
        writer = csv.writer(stream, lineterminator="\r\n")
        writer.writerow(header)
        for row in rows:
            writer.writerow([_safe(cell) for cell in row])


def write_csv(out: str, layout: Layout) -> list[str]:
    """The questions as CSV, and (unless writing to standard output) the sibling files; returns the files written."""
    _write_table(out, layout.questions_header, layout.questions)
    written = [out]
    if out == "-":
        return written
    base = out[: -len(".csv")] if out.lower().endswith(".csv") else out
    for role, header, rows in (("info", layout.info_header, layout.info), ("rules", layout.rules_header, layout.rules),
                               ("sources", layout.sources_header, layout.sources)):
        if rows:
            _write_table(base + SIBLINGS[role], header, rows)
            written.append(base + SIBLINGS[role])
    return written
