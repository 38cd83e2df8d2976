"""What every export shares: atomic output files (from paths), spreadsheet-safe cells, the row layouts."""

from __future__ import annotations

import json
from collections.abc import Iterator
from typing import Any

from ..i18n import t
from ..model import Library
from ..paths import atomic_output as atomic_output  # in the core, which bank exports (formats/) use too
from ..responses import response_text
from ..scores import exact, fraction_of, number
from ..store import Results
from ..textsafe import FORMULA_STARTS, cell_text

__all__ = ["FORMULA_STARTS", "atomic_output", "attempt_records", "attempt_records_safe", "answer_records"]

ATTEMPT_HEADER = (
    "attempt_id", "trainee_id", "trainee", "employee_no", "mode", "exam_id", "exam_title", "lang", "seed",
    "started_at", "finished_at", "state", "duration_seconds", "answered", "questions", "score", "max_score",
    "percent", "passed", "flags",
)
# Columns that hold text people typed (names, titles, answers); the rest are ids, numbers, times.
# Every text cell is neutralised all the same: an imported file or an edited store can put a
# formula into an id or a mode as well (exports/tabular.py, textsafe.cell_text).
ATTEMPT_TEXT_COLUMNS = (2, 3, 6, 19)
ANSWER_TEXT_COLUMNS = (2, 3, 12, 19)
# Columns that hold exact scores (Fractions): a sheet shows them as fractions, CSV as numbers.
ATTEMPT_SCORE_COLUMNS = (15, 16)
ANSWER_SCORE_COLUMNS = (14, 15, 16)
ANSWER_HEADER = (
    "attempt_id", "trainee_id", "trainee", "employee_no", "mode", "exam_id", "attempt_started_at", "position",
    "question_key", "bank", "question_type", "rules", "response", "response_raw", "fraction", "points",
    "max_points", "correct", "seconds", "forbidden", "answered_at", "content_hash",
)


def attempt_records(results: Results) -> Iterator[tuple[Any, ...]]:
    """One tuple per attempt, in ATTEMPT_HEADER order; the score and its maximum exact, the percentage a number."""
    for row in results.attempt_rows():
        score, max_score, percent = None, None, None
        if row["score_exact"] is not None and row["max_score_exact"] is not None:
            score, max_score = exact(row["score_exact"]), exact(row["max_score_exact"])
            percent = number(fraction_of(score, max_score) * 100) if max_score else None
        yield (
            row["id"], row["trainee_id"], row["trainee"], row["employee_no"], row["mode"], row["exam_id"],
            row["title"], row["lang"], row["seed"], row["started_at"], row["finished_at"], row["state"],
            round(row["elapsed"], 1), row["answered"], len(json.loads(row["plan"])), score, max_score, percent,
            None if row["passed"] is None else bool(row["passed"]),
            ",".join(json.loads(row["flags"])),  # e.g. clock-back: the system clock went back during the exam
        )


def _text_cell(value: Any) -> Any:
    """A text a spreadsheet shows but never runs (textsafe.cell_text); other values as they are."""
    return cell_text(value) if value.__class__ is str else value


def attempt_records_safe(results: Results) -> Iterator[tuple[Any, ...]]:
    """attempt_records for CSV: every text cell neutralised, the scores numbers."""
    for row in attempt_records(results):
        cells = [_text_cell(cell) for cell in row]
        for i in ATTEMPT_SCORE_COLUMNS:
            cells[i] = None if cells[i] is None else number(cells[i])
        yield tuple(cells)


def answer_records(results: Results, library: Library, lang: str,
                   csv_safe: bool = False) -> Iterator[tuple[Any, ...]]:
    """One tuple per answer, in ANSWER_HEADER order, with the response in words as well as raw, and exact scores.

    A million rows go through here: everything that repeats (question facts, the words of a
    response, the trainee's cells) is worked out once and looked up after. With `csv_safe`,
    texts people typed are neutralised against spreadsheet formulas.
    """
    clean = _text_cell if csv_safe else (lambda value: value)  # XLSX: tabular._cells does the same
    kinds = {q.key: (q.type.value, ",".join(q.rules)) for q in library.questions}
    unknown = ("", "")
    described: dict[tuple[str, str], str] = {}  # (question, raw response) -> words; answers repeat a lot
    sep = t("list.sep", lang)
    last_attempt, who, number = None, "", ""
    for (attempt_id, trainee_id, trainee, employee_no, mode, exam_id, started_at, position, key, bank,
         content_hash, raw, fraction, points, max_points, seconds, forbidden, answered_at) in results.answer_rows():
        if attempt_id != last_attempt:
            last_attempt, who, number = attempt_id, clean(trainee), clean(employee_no)
        words = described.get((key, raw))
        if words is None:
            words = described[(key, raw)] = clean(
                response_text(library.question(key), json.loads(raw) if raw else None, lang))
        kind = kinds.get(key, unknown)
        row = (
            attempt_id, trainee_id, who, number, mode, exam_id, started_at, position, key, bank, kind[0], kind[1],
            words, raw, exact(fraction), exact(points), exact(max_points), exact(fraction) >= 1, seconds,
            "" if forbidden == "[]" else clean(sep.join(json.loads(forbidden))), answered_at, content_hash,
        )
        yield tuple(_text_cell(cell) for cell in row) if csv_safe else row
