"""What every export shares: atomic output files (from paths), spreadsheet-safe cells, local times, the row layouts.

The CSV and XLSX files are for people (a trainer in Excel): headers in the export's language,
question texts beside their ids, modes and types in words, local times Excel reads as dates,
questions numbered from 1. The JSON document is the machine route (`results import`).
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable, Iterator
from contextlib import AbstractContextManager
from datetime import datetime
from fractions import Fraction
from itertools import islice
from typing import IO, Any

from ..i18n import UI, t
from ..model import Library
from ..overrides import REASON_WORDS, VERDICT_WORDS
from ..paths import atomic_output
from ..responses import response_text
from ..scores import exact, fraction_of, number
from ..store import Results
from ..store.queries import ANSWER_KEY_SEP, ReviewCell
from ..textsafe import CELL_UNSAFE_CHARS, FORMULA_STARTS, cell_text

__all__ = ["FORMULA_STARTS", "atomic_output", "attempt_records", "csv_field", "text_cell"]

ATTEMPT_COLUMNS = (
    "attempt_id", "trainee", "employee_no", "mode", "exam", "started_at", "finished_at", "state", "duration_seconds",
    "answered", "questions", "score", "max_score", "percent", "passed", "flags", "lang", "seed", "trainee_id",
    "exam_id",
    # The score and pass or fail are final (trainers' verdicts included); the grader's stand beside them.
    "auto_score", "auto_passed",
)
# What is for machines — trainee and exam ids (in the attempts sheet), the response as stored and the
# question's content hash (in the JSON document) — is left out: a trainer reads names, titles, the
# question's text and the answer in words.
ANSWER_COLUMNS = (
    "attempt_id", "trainee", "employee_no", "mode", "exam", "attempt_started_at", "position", "question_key",
    "question", "bank", "question_type", "rules", "response", "fraction", "points", "max_points", "correct",
    "seconds", "forbidden", "answered_at",
    # The mark is final; why the grader was unsure, its own mark, and a trainer's latest verdict: what, who, when, why.
    "review_reason", "auto_fraction", "auto_points", "override", "override_by", "override_at", "override_why",
)
# Columns that hold text people wrote (names, titles, questions, answers); the rest are ids, numbers, times.
ATTEMPT_TEXT_COLUMNS = tuple(ATTEMPT_COLUMNS.index(name) for name in ("trainee", "employee_no", "exam", "flags"))
ANSWER_TEXT_COLUMNS = tuple(ANSWER_COLUMNS.index(name) for name in (
    "trainee", "employee_no", "exam", "question", "response", "forbidden", "override_by", "override_why"))
TIME_COLUMNS = ("started_at", "finished_at", "attempt_started_at", "answered_at", "override_at")
# Columns that hold exact scores (Fractions): a sheet shows them as fractions, CSV as numbers.
ATTEMPT_SCORE_COLUMNS = tuple(ATTEMPT_COLUMNS.index(name) for name in ("score", "max_score", "auto_score"))
ANSWER_SCORE_COLUMNS = tuple(ANSWER_COLUMNS.index(name)
                             for name in ("fraction", "points", "max_points", "auto_fraction", "auto_points"))


Tick = Callable[[int], None]  # told how many more rows were written (a progress display listens)


def export_output(path: str, binary: bool = False, whole: bool = False) -> AbstractContextManager[IO[Any]]:
    """paths.atomic_output for results: the folder must exist (a mistyped --out is an error, not new folders)."""
    return atomic_output(path, binary, new_folder=False, whole=whole)


def header(columns: tuple[str, ...], lang: str) -> list[str]:
    """Column names in `lang` (export.col.*)."""
    return [t(f"export.col.{name}", lang) for name in columns]


def text_cell(value: Any) -> Any:
    """A text a spreadsheet shows but never runs (textsafe.cell_text, the output gate); other values as they are."""
    return cell_text(value) if value.__class__ is str else value


class LocalTimes:
    """The store's UTC times as local 'YYYY-MM-DD HH:MM:SS', which Excel reads as dates.

    A million answers share a few thousand hours: the local hour is worked out once per hour
    (and per stored offset) and the minutes and seconds copied — `hours` maps
    stamp[:13] + stamp[-6:] to it, for callers that inline the lookup. Zones whose offset is not
    whole hours are never put there and take the slow path every time.
    """

    def __init__(self) -> None:
        self.hours: dict[str, str] = {}

    def text(self, stamp: str | None) -> str:
        """A stored time as local text; empty for none."""
        if not stamp:
            return ""
        hour = self.hours.get(stamp[:13] + stamp[-6:])
        if hour is not None:
            return hour + stamp[13:19]
        try:
            local = datetime.fromisoformat(stamp).astimezone()
        except ValueError:  # not a time (a store edited by hand; imports check them): shown, neutralised
            return csv_field(stamp)
        if local.minute == int(stamp[14:16]) and local.second == int(stamp[17:19]):
            self.hours[stamp[:13] + stamp[-6:]] = local.strftime("%Y-%m-%d %H")
        return local.strftime("%Y-%m-%d %H:%M:%S")

    @staticmethod
    def value(stamp: str | None) -> datetime | str | None:
        """A stored time as a local datetime without a zone (a date cell in a spreadsheet)."""
        if not stamp:
            return None
        try:
            return datetime.fromisoformat(stamp).astimezone().replace(tzinfo=None, microsecond=0)
        except ValueError:  # not a time (a store edited by hand): kept as text, which the sheet neutralises
            return stamp


def attempt_records(results: Results, library: Library, lang: str, times: Callable[[str | None], Any],
                    csv_safe: bool = False) -> Iterator[tuple[Any, ...]]:
    """One tuple per attempt, in ATTEMPT_COLUMNS order; times through `times` (text for CSV, dates for XLSX).

    The score and its maximum are exact (Fractions) for a sheet, numbers for CSV (`csv_safe`); the
    percentage is a number.
    """
    clean = text_cell if csv_safe else (lambda value: value)
    scores = number if csv_safe else (lambda value: value)
    modes = {mode: t(f"mode.{mode}", lang) for mode in ("practice", "exam", "review")}
    states = {"finished": t("export.state.finished", lang), "in_progress": t("export.state.in-progress", lang)}
    verdicts = {None: None, 0: t("export.no", lang), 1: t("export.yes", lang)}
    titles: dict[tuple[str | None, str | None], str] = {}  # library.exam() looks through every exam
    for row in results.attempt_rows():
        score: Any = None
        max_score: Any = None
        auto_score: Any = None
        percent = None
        if row["score_exact"] is not None and row["max_score_exact"] is not None:
            exact_score, exact_max = exact(row["score_exact"]), exact(row["max_score_exact"])
            score, max_score = scores(exact_score), scores(exact_max)
            percent = number(fraction_of(exact_score, exact_max) * 100) if exact_max else None
            auto_score = scores(exact(row["auto_score_exact"])) if row["auto_score_exact"] is not None else score
        auto_passed = row["auto_passed"] if row["auto_score_exact"] is not None else row["passed"]
        exam = (row["exam_id"], row["title"])
        if exam not in titles:
            titles[exam] = _exam_title(library, *exam, lang)
        cells = (
            row["id"], clean(row["trainee"]), clean(row["employee_no"]), modes.get(row["mode"], row["mode"]),
            clean(titles[exam]), times(row["started_at"]), times(row["finished_at"]),
            states.get(row["state"], row["state"]), round(row["elapsed"], 1), row["answered"], row["questions"], score,
            max_score, percent, verdicts[row["passed"]], clean(flag_words(json.loads(row["flags"]), lang)), row["lang"],
            row["seed"], row["trainee_id"], row["exam_id"], auto_score, verdicts[auto_passed],
        )
        # Every text, not only what people typed: an edited store can hold a formula in an id or a mode.
        yield tuple(clean(cell) for cell in cells) if csv_safe else cells


def flag_words(flags: list[str], lang: str) -> str:
    """What a trainer should check about an attempt (the exam clock went back…), in words."""
    return "; ".join(t(f"history.flag.{flag}", lang) if f"history.flag.{flag}" in UI else flag for flag in flags)


def _exam_title(library: Library, exam_id: str | None, stored: str | None, lang: str) -> str:
    exam = library.exam(exam_id) if exam_id else None
    return exam.title.get(lang) if exam else stored or exam_id or ""


class AnswerRows:
    """The answers of an export, as CSV lines or as spreadsheet rows, in ANSWER_COLUMNS order.

    A million rows go through here: everything that repeats is worked out once and looked up
    after — an attempt's cells, a question's cells with a response in words (per question and raw
    response), a score's cells, the local hour of a time.
    """

    def __init__(self, results: Results, library: Library, lang: str) -> None:
        self.results = results
        self.library = library
        self.lang = lang
        self.times = LocalTimes()
        self.sep = t("list.sep", lang)
        self.yes_no = (t("export.no", lang), t("export.yes", lang))
        self.titles: dict[tuple[str | None, str | None], str] = {}
        self.reasons = {reason: t(keys[0], lang) for reason, keys in REASON_WORDS.items()}
        self.verdicts = {verdict: t(key, lang) for verdict, key in VERDICT_WORDS.items()}
        # Few answers were put before trainers: looked up by attempt (once per attempt, not per row), by the
        # position as exports show it (from 1), not joined into a million rows.
        self.reviewed: dict[str, dict[int, ReviewCell]] = {}
        for (attempt_id, position), cell in results.review_cells().items():
            self.reviewed.setdefault(attempt_id, {})[position + 1] = cell

    def _review(self, cell: ReviewCell, fraction: str, points: str) -> tuple[Any, ...]:
        """An answer's review cells (ANSWER_COLUMNS' last seven): why, the grader's mark, the latest verdict."""
        return (self.reasons.get(cell.reason or "", cell.reason),
                exact(cell.auto_fraction if cell.auto_fraction is not None else fraction),
                exact(cell.auto_points if cell.auto_points is not None else points),
                self.verdicts.get(cell.verdict or "", cell.verdict), cell.trainer, cell.at, cell.comment)

    def _title(self, exam_id: str | None, stored: str | None) -> str:
        title = self.titles.get((exam_id, stored))
        if title is None:
            title = self.titles[(exam_id, stored)] = _exam_title(self.library, exam_id, stored, self.lang)
        return title

    def _attempts(self, csv: bool) -> dict[str, Any]:
        """Attempt id -> its cells before the answer's: a CSV fragment, or values ending with the start time."""
        modes = {mode: t(f"mode.{mode}", self.lang) for mode in ("practice", "exam", "review")}
        out: dict[str, Any] = {}
        for attempt_id, _, trainee, employee_no, mode, exam_id, title, started in self.results.attempt_prefixes():
            exam = self._title(exam_id, title)
            if csv:
                out[attempt_id] = (f"{csv_field(attempt_id)},{csv_field(trainee, True)},{csv_field(employee_no, True)},"
                                   f"{csv_field(modes.get(mode, mode))},{csv_field(exam, True)},"
                                   f"{self.times.text(started)},")
            else:
                out[attempt_id] = (attempt_id, trainee, employee_no, modes.get(mode, mode), exam,
                                   self.times.value(started))
        return out

    def _questions(self) -> dict[str, tuple[str, str, str, str]]:
        """Question key -> (its text, bank, type in words, rules)."""
        return {q.key: (q.prompt.get(self.lang), q.bank, t(f"type.{q.type.value}", self.lang), ",".join(q.rules))
                for q in self.library.questions}

    def _words(self, key: str, raw: str | None) -> str:
        return response_text(self.library.question(key), json.loads(raw) if raw else None, self.lang)

    @staticmethod
    def _split(answer: str) -> tuple[str, str | None]:
        """(question, raw response) from answer_cells' joined text."""
        key, _, raw = answer.partition(ANSWER_KEY_SEP)
        return key, raw or None

    def csv_chunks(self, tick: Tick | None = None) -> Iterator[bytes]:
        """CSV lines (CRLF-terminated) in UTF-8, a batch of them at a time, built as bytes directly.

        A million rows through csv.writer take seconds more, and so does building them as text and
        encoding each: every part that repeats is encoded once, the rest formatted as bytes.
        """
        attempts = {key: head.encode() for key, head in self._attempts(csv=True).items()}
        questions = {key: f"{csv_field(key)}," + ",".join(csv_field(cell, True) for cell in cells)
                     for key, cells in self._questions().items()}
        middles: dict[str, bytes] = {}  # question and raw response -> the cells from question to answer
        # the exact texts -> their cells, and the review cells of an answer no one looked at (the grader's
        # mark is the mark: the same numbers again); few combinations occur
        scored: dict[tuple[str, str, str], tuple[bytes, bytes]] = {}
        hours, slow = self.times.hours, self.times.text
        yes, no = self.yes_no[1], self.yes_no[0]
        last, head, judged = None, b"", None
        rows = iter(self.results.answer_cells())
        while batch := list(islice(rows, 10_000)):
            lines = []
            for attempt_id, position, answer, fraction, points, max_points, seconds, forbidden, answered_at in batch:
                if attempt_id != last:
                    last = attempt_id
                    head = attempts[attempt_id]
                    judged = self.reviewed.get(attempt_id)
                middle = middles.get(answer)
                if middle is None:
                    key, raw = self._split(answer)
                    about = questions.get(key) or f"{csv_field(key)},,{csv_field(key.partition('/')[0])},,"
                    middle = middles[answer] = f"{about},{csv_field(self._words(key, raw), True)},".encode()
                known = scored.get((fraction, points, max_points))
                if known is None:
                    cells = [repr(number(exact(text))) for text in (fraction, points, max_points)]
                    known = scored[(fraction, points, max_points)] = (
                        (",".join(cells) + f",{yes if exact(fraction) >= 1 else no},").encode(),
                        f",{cells[0]},{cells[1]},,,,".encode())
                score, review = known
                if judged is not None and (cell := judged.get(position)) is not None:
                    review = self._review_csv(cell, fraction, points)
                said = csv_field(self.sep.join(json.loads(forbidden)), True).encode() if forbidden else b""
                hour = hours.get(answered_at[:13] + answered_at[-6:])
                local = hour + answered_at[13:19] if hour is not None else slow(answered_at)
                lines.append(b"%s%d,%s%s%.1f,%s,%s,%s\r\n" % (head, position, middle, score, seconds, said,
                                                              local.encode(), review))
            yield b"".join(lines)
            if tick is not None:
                tick(len(batch))

    def _review_csv(self, cell: ReviewCell, fraction: str, points: str) -> bytes:
        reason, auto_fraction, auto_points, verdict, trainer, at, comment = self._review(cell, fraction, points)
        return ",".join((csv_field(reason), repr(number(auto_fraction)), repr(number(auto_points)),
                         csv_field(verdict), csv_field(trainer, True), self.times.text(at),
                         csv_field(comment, True))).encode()

    def records(self, tick: Tick | None = None) -> Iterator[tuple[Any, ...]]:
        """Spreadsheet rows: numbers as numbers, times as local dates, texts as they are."""
        attempts = self._attempts(csv=False)
        questions = self._questions()
        described: dict[str, tuple[Any, ...]] = {}  # question and raw response -> the cells from question to answer
        scored: dict[tuple[str, str, str], tuple[Fraction, Fraction, Fraction, str]] = {}
        count = 0
        for (attempt_id, position, answer, fraction, points, max_points, seconds, forbidden,
             answered_at) in self.results.answer_cells():
            cells = described.get(answer)
            if cells is None:
                key, raw = self._split(answer)
                text, bank, kind, rules = questions.get(key, ("", key.partition("/")[0], "", ""))
                cells = described[answer] = (key, text, bank, kind, rules, self._words(key, raw))
            score = scored.get((fraction, points, max_points))
            if score is None:
                share = exact(fraction)
                score = scored[(fraction, points, max_points)] = (
                    share, exact(points), exact(max_points), self.yes_no[share >= 1])
            cell = self.reviewed.get(attempt_id, {}).get(position)
            if cell is None:
                review: tuple[Any, ...] = (None, score[0], score[1], None, None, None, None)
            else:
                review = self._review(cell, fraction, points)
                review = (*review[:5], LocalTimes.value(review[5]), review[6])
            yield (*attempts[attempt_id], position, *cells, *score, round(seconds, 1),
                   self.sep.join(json.loads(forbidden)) if forbidden else "", LocalTimes.value(answered_at), *review)
            count += 1
            if tick is not None and count % 1_000 == 0:
                tick(1_000)
        if tick is not None:
            tick(count % 1_000)


# A text needing more than to be written as it is: quoting (RFC 4180) or the output gate.
_CSV_SPECIAL = re.compile(f'[,"\r\n{CELL_UNSAFE_CHARS}]')
_FORMULA_FIRST = frozenset(FORMULA_STARTS)


def csv_field(value: Any, text: bool = True) -> str:
    """One CSV field (RFC 4180 quoting only where needed). Every text is neutralised (textsafe.cell_text),
    whatever `text` says: an imported file or an edited store can put a formula into an id or a mode too."""
    if value is None:
        return ""
    if value.__class__ is not str:
        return str(value)
    if not (value[:1] in _FORMULA_FIRST or _CSV_SPECIAL.search(value)):
        return str(value)  # a million cells a second: most are plain
    cell = cell_text(value)
    if '"' in cell or "," in cell or "\n" in cell or "\r" in cell:
        return '"' + cell.replace('"', '""') + '"'
    return cell
