"""What every export shares: atomic output files, spreadsheet-safe cells, the row layouts."""

from __future__ import annotations

import json
import os
import sys
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import IO, Any

from ..i18n import t
from ..model import RIGHT_ENOUGH, Library
from ..responses import response_text
from ..store import Results
from ..textsafe import FORMULA_STARTS, cell_text

__all__ = ["FORMULA_STARTS", "atomic_output", "attempt_records", "attempt_records_safe", "answer_records"]

ATTEMPT_HEADER = (
    "attempt_id", "trainee_id", "trainee", "employee_no", "mode", "exam_id", "exam_title", "lang", "seed",
    "started_at", "finished_at", "state", "duration_seconds", "answered", "questions", "score", "max_score",
    "percent", "passed",
)
# Columns that hold text people typed (names, titles, answers); the rest are ids, numbers, times.
# Every text cell is neutralised all the same: an imported file or an edited store can put a
# formula into an id or a mode as well (exports/tabular.py, textsafe.cell_text).
ATTEMPT_TEXT_COLUMNS = (2, 3, 6)
ANSWER_TEXT_COLUMNS = (2, 3, 12, 19)
ANSWER_HEADER = (
    "attempt_id", "trainee_id", "trainee", "employee_no", "mode", "exam_id", "attempt_started_at", "position",
    "question_key", "bank", "question_type", "rules", "response", "response_raw", "fraction", "points",
    "max_points", "correct", "seconds", "forbidden", "answered_at", "content_hash",
)


@contextmanager
def atomic_output(path: str, binary: bool = False, encoding: str = "utf-8") -> Iterator[IO[Any]]:
    """Write to a temporary file beside `path` and rename it into place only when complete.

    `-` is standard output. A failed export leaves no half-written file behind, and a killed
    one no hidden temporary file: on Linux the file has no name until it is complete
    (O_TMPFILE); elsewhere a temporary file left by a dead export is removed by the next one.
    A full disk is one sentence (error.disk-full), not a chain of tracebacks.
    """
    if path == "-":
        if binary:
            yield sys.stdout.buffer
            sys.stdout.buffer.flush()
        else:
            import io

            stream = io.TextIOWrapper(sys.stdout.buffer, encoding=encoding, newline="", write_through=True)
            try:
                yield stream
            finally:
                stream.detach()
        return
    target = Path(path)
    target.parent.mkdir(parents=True, exist_ok=True)
    _remove_dead_temporaries(target)
    handle, tmp = _temporary_beside(target)
    try:
        opened: IO[Any] = os.fdopen(handle, "wb") if binary else os.fdopen(handle, "w", encoding=encoding, newline="")
        with opened:
            yield opened
            opened.flush()
            os.fsync(opened.fileno())
            if tmp is None:  # an unnamed file: give it a name only now that it is complete
                tmp = f"{target.parent}/.{target.name}.{os.getpid()}.{os.urandom(4).hex()}.tmp"
                _name_unnamed(opened.fileno(), tmp)
        os.replace(tmp, target)
    except BaseException as exc:
        if tmp is not None:
            Path(tmp).unlink(missing_ok=True)
        full = _disk_full(exc)
        if full:
            from ..errors import StoreError

            raise StoreError("error.disk-full", path=str(target)) from None
        raise


def _temporary_beside(target: Path) -> tuple[int, str | None]:
    """An open file in the target's folder: unnamed where the system can (None), else a named temporary."""
    import errno

    unnamed = getattr(os, "O_TMPFILE", None)
    if unnamed is not None and os.path.isdir("/proc/self/fd"):
        try:
            return os.open(target.parent, unnamed | os.O_WRONLY, 0o666), None  # the umask applies
        except OSError as exc:
            if exc.errno not in (errno.EOPNOTSUPP, errno.EISDIR, errno.EINVAL, errno.ENOENT):
                raise
    handle, tmp = tempfile.mkstemp(prefix=f".{target.name}.{os.getpid()}.", suffix=".tmp", dir=target.parent)
    umask = os.umask(0)
    os.umask(umask)
    os.chmod(tmp, 0o666 & ~umask)  # like any file the user creates, not mkstemp's private 0600
    return handle, tmp


def _name_unnamed(fd: int, name: str) -> None:
    """Link an O_TMPFILE file into its folder (linkat through /proc with AT_SYMLINK_FOLLOW).

    A directory fd for /proc/self/fd makes os.link use linkat; with neither, it calls link(2),
    which would link the /proc entry itself and fail across devices.
    """
    proc = os.open("/proc/self/fd", os.O_RDONLY)
    try:
        os.link(str(fd), name, src_dir_fd=proc, follow_symlinks=True)
    finally:
        os.close(proc)


def _remove_dead_temporaries(target: Path) -> None:
    """Temporary files of exports to the same file whose process is gone (killed mid-write)."""
    if not hasattr(os, "getuid"):  # pragma: no cover - Windows: no cheap way to ask whether a pid lives
        return
    for old in target.parent.glob(f".{glob_escape(target.name)}.*.tmp"):
        parts = old.name[len(target.name) + 2:].split(".")
        if not parts[0].isdigit():
            continue
        try:
            os.kill(int(parts[0]), 0)
        except ProcessLookupError:
            old.unlink(missing_ok=True)
        except OSError:
            continue  # alive, or someone else's


def glob_escape(name: str) -> str:
    """A file name as a literal glob pattern."""
    import glob

    return glob.escape(name)


def _disk_full(exc: BaseException) -> bool:
    """Whether a failure (or what it was raised while handling) is a full disk or quota."""
    import errno

    seen: set[int] = set()
    current: BaseException | None = exc
    while current is not None and id(current) not in seen:
        seen.add(id(current))
        if isinstance(current, OSError) and current.errno in (errno.ENOSPC, errno.EDQUOT):
            return True
        current = current.__cause__ or current.__context__
    return False


def attempt_records(results: Results) -> Iterator[tuple[Any, ...]]:
    """One tuple per attempt, in ATTEMPT_HEADER order."""
    for row in results.attempt_rows():
        score, max_score = row["score"], row["max_score"]
        percent = round(score / max_score * 100, 1) if score is not None and max_score else None
        yield (
            row["id"], row["trainee_id"], row["trainee"], row["employee_no"], row["mode"], row["exam_id"],
            row["title"], row["lang"], row["seed"], row["started_at"], row["finished_at"], row["state"],
            round(row["elapsed"], 1), row["answered"], len(json.loads(row["plan"])), score, max_score, percent,
            None if row["passed"] is None else bool(row["passed"]),
        )


def _text_cell(value: Any) -> Any:
    """A text a spreadsheet shows but never runs (textsafe.cell_text); other values as they are."""
    return cell_text(value) if value.__class__ is str else value


def attempt_records_safe(results: Results) -> Iterator[tuple[Any, ...]]:
    """attempt_records with every text cell neutralised for CSV."""
    for row in attempt_records(results):
        yield tuple(_text_cell(cell) for cell in row)


def answer_records(results: Results, library: Library, lang: str,
                   csv_safe: bool = False) -> Iterator[tuple[Any, ...]]:
    """One tuple per answer, in ANSWER_HEADER order, with the response in words as well as raw.

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
            words, raw, fraction, points, max_points, fraction >= RIGHT_ENOUGH, seconds,
            "" if forbidden == "[]" else clean(sep.join(json.loads(forbidden))), answered_at, content_hash,
        )
        yield tuple(_text_cell(cell) for cell in row) if csv_safe else row
