"""The one output gate: text that reaches a terminal, a JSON printout or a spreadsheet cell.

Trainee names, exam titles, file names, YAML keys and an LRS's error page come from other
people's machines. Printed raw, an escape sequence in them can retitle the trainer's
terminal, write the clipboard (OSC 52) or clear the screen; bidi overrides reorder what is
read; a cell starting with `=` runs as a formula in a spreadsheet. Every writer calls one of
these functions (rich output through ui/console.py, messages through cli.say, exports through
exports/common.py), so none of them can forget a column or a code path.
"""

from __future__ import annotations

import re
from typing import Any

# C0 controls but tab and newline, DEL, C1 controls (U+0080-009F, which some terminals obey as
# ESC-sequences: U+009B is CSI), the bidi embedding/override/isolate controls and marks, and the
# line and paragraph separators (which some terminals treat as a new line).
UNSAFE = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\u061c\u200e\u200f\u2028\u2029\u202a-\u202e\u2066-\u2069]")
# The same, newline and tab included: for one-line values (a file name, a key, a name in a message).
UNSAFE_IN_LINE = re.compile("[\x00-\x1f\x7f-\x9f\u061c\u200e\u200f\u2028\u2029\u202a-\u202e\u2066-\u2069]")
# Characters an XLSX cell cannot hold at all (XML 1.0: C0 but tab, newline and CR; openpyxl
# refuses the whole workbook over one), plus DEL, C1, the bidi overrides and isolates and the
# line separators, which no text of ours holds and which a terminal obeys when a CSV is
# printed (`export --out -`). The bidi marks (LRM, RLM, ALM) stay: right-to-left names use them.
CELL_UNSAFE_CHARS = "\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\u2028\u2029\u202a-\u202e\u2066-\u2069"  # a [] class
CELL_UNSAFE = re.compile(f"[{CELL_UNSAFE_CHARS}]")
# A spreadsheet runs a cell that starts with one of these as a formula (CSV injection).
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
# JSON printed to a terminal: json.dumps escapes C0, but not DEL, C1 or the bidi controls.
JSON_UNSAFE = re.compile("[\x7f-\x9f\u061c\u200e\u200f\u2028\u2029\u202a-\u202e\u2066-\u2069]")


def _escape(match: re.Match[str]) -> str:
    code = ord(match.group())
    return f"\\x{code:02x}" if code < 0x100 else f"\\u{code:04x}"


def visible(text: str) -> str:
    """Text for a terminal: control, C1 and bidi characters shown as visible escapes (\\x1b, \\u202e)."""
    return UNSAFE.sub(_escape, text) if UNSAFE.search(text) else text


def visible_line(text: str) -> str:
    """`visible`, with newlines and tabs escaped too: a value quoted inside a one-line message."""
    return UNSAFE_IN_LINE.sub(_escape, text) if UNSAFE_IN_LINE.search(text) else text


def has_unsafe(text: str) -> bool:
    """Whether text holds a character `visible_line` would escape (imports refuse such names)."""
    return UNSAFE_IN_LINE.search(text) is not None


def json_text(value: Any, indent: int | None = 2) -> str:
    """JSON for a terminal: the same data, with DEL, C1 and bidi characters as \\u escapes.

    Exact scores (Fraction) are written as the results document writes them: '5/2'.
    """
    import json

    return json_safe(json.dumps(value, ensure_ascii=False, indent=indent, default=_exact_text))


def _exact_text(value: Any) -> str:
    from fractions import Fraction

    if isinstance(value, Fraction):
        return str(value)
    raise TypeError(f"{type(value).__name__} is not JSON serializable")


def json_safe(text: str) -> str:
    """JSON text (from json.dumps) with DEL, C1 and bidi characters as \\u escapes: the same data when read."""
    return JSON_UNSAFE.sub(lambda m: f"\\u{ord(m.group()):04x}", text) if JSON_UNSAFE.search(text) else text


def cell_text(value: str, quote: bool = True) -> str:
    """A text cell a spreadsheet shows but never runs, and that XLSX can hold.

    Control characters become visible escapes; a formula start gets a leading apostrophe
    (`quote`, for CSV) — XLSX cells are marked as text instead (exports/tabular.py).
    """
    if CELL_UNSAFE.search(value):
        value = CELL_UNSAFE.sub(_escape, value)
    if quote and value.startswith(FORMULA_STARTS):
        return "'" + value
    return value


def is_formula_like(value: str) -> bool:
    """Whether a spreadsheet would read this text as a formula."""
    return value.startswith(FORMULA_STARTS)
