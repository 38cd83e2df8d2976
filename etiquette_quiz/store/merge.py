"""Bringing results exported from another store (the JSON document of `export --format json`) in.

The whole file is checked first (importcheck.py: a strict schema, answers re-graded against
the loaded banks), and nothing of it is written unless it is clean, or, with `skip_bad`, only
its clean attempts are, with an exact account of what was left out. Importing is idempotent
(attempts are matched by their UUID), an attempt finished since an earlier export is brought
up to date, and anything that contradicts the store is reported, never overwritten.
Trainers' verdicts on marks (overrides) are matched by their UUID too: those the store lacks
are added and their marks carried into the answers, scores and review schedules
(store/overrides.py); answers and scores are compared as the grader marked them, so a copy
exported before or after a verdict is the same attempt.

The writes go in batches of whole attempts, each transaction holding the store's write lock
for about BATCH_SECONDS, so quizzes running meanwhile are never kept waiting long. A killed
import leaves whole attempts only; running it again adds the rest.
"""

from __future__ import annotations

import json
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from ..errors import InvalidInput, StoreError, UserError
from ..model import person_key
from .importcheck import CheckedAttempt, ImportProblem, check_document
from .overrides import add_override, apply_overrides, overrides_of, question_types
from .records import AnswerRecord, AttemptRecord, OverrideRecord, TraineeRecord

if TYPE_CHECKING:
    from ..model import Library
    from . import Store

FORMAT = "etiquette-quiz/results"
VERSION = 2  # 2: scores are exact texts ('1/3'); 1: floats, with totals rounded to 4 decimals
BATCH_SECONDS = 0.25  # how long one write transaction of an import may hold the lock (about)
BATCH_GAP = 0.11  # and the pause after it, a little longer than SQLite's longest busy-wait poll


@dataclass
class MergeReport:
    """What importing one results file did."""

    path: str
    added: int = 0
    answers_added: int = 0
    unchanged: int = 0
    updated: int = 0
    trainees_added: int = 0
    trainees_matched: int = 0
    overrides_added: int = 0
    override_trainers: set[str] = field(default_factory=set)  # who gave the verdicts added (for the trainer to see)
    conflicts: list[tuple[str, str]] = field(default_factory=list)  # (attempt id, what differs)
    problems: list[ImportProblem] = field(default_factory=list)
    refused: bool = False  # problems found and not skip_bad: nothing was written
    skipped: list[tuple[str, str, int]] = field(default_factory=list)  # (attempt id or index, trainee, problems)
    reviews_skipped: int = 0
    regraded: int = 0
    unchecked: int = 0
    exams_not_loaded: list[str] = field(default_factory=list)
    longest_batch: float = 0.0  # seconds the longest write transaction held the lock


def read_document(path: Path) -> dict[str, Any]:
    """A results document, or a clear error naming the file and what is wrong with it."""
    try:
        data = json.loads(path.read_text(encoding="utf-8-sig"))
    except FileNotFoundError:
        raise UserError("error.no-such-path", path=str(path)) from None
    except (OSError, UnicodeDecodeError) as exc:
        raise StoreError("error.import-unreadable", path=str(path), reason=str(exc)) from None
    except json.JSONDecodeError as exc:
        raise InvalidInput("error.import-json", path=str(path), line=exc.lineno, reason=exc.msg) from None
    except RecursionError:
        raise InvalidInput("error.import-too-deep", path=str(path)) from None
    if not isinstance(data, dict) or data.get("format") != FORMAT:
        raise InvalidInput("error.import-format", path=str(path))
    version = data.get("version")
    if isinstance(version, bool) or not isinstance(version, int) or version < 1:
        raise InvalidInput("error.import-version-bad", path=str(path), version=json.dumps(version), known=VERSION)
    if version > VERSION:
        raise InvalidInput("error.import-version", path=str(path), version=version, known=VERSION)
    for key in ("trainees", "attempts"):
        if not isinstance(data.get(key), list):
            raise InvalidInput("error.import-format", path=str(path))
    return data


_FIXED = ("mode", "exam_id", "seed", "plan", "started_at")  # what an attempt is: never changes after it starts
_FINAL = ("state", "score", "max_score", "passed", "finished_at", "elapsed")  # set once, when it is handed in


def merge(store: Store, path: Path, library: Library | None = None, skip_bad: bool = False) -> MergeReport:
    """Bring one results document into the store (see the module docstring)."""
    return merge_document(store, read_document(path), path, library, skip_bad)


def merge_document(store: Store, data: dict[str, Any], path: Path, library: Library | None = None,
                   skip_bad: bool = False, tick: Callable[[int], None] | None = None) -> MergeReport:
    """Bring a results document already read into the store; `tick` hears of each attempt merged."""
    checked = check_document(data, library)
    report = MergeReport(str(path), problems=checked.problems, regraded=checked.regraded,
                         unchecked=checked.unchecked, exams_not_loaded=sorted(checked.exams_not_loaded))
    if checked.problems and not skip_bad:
        report.refused = True
        return report
    for index, attempt in sorted(checked.bad_attempts.items()):
        count = sum(1 for p in checked.problems if p.attempt == index)
        if isinstance(attempt, AttemptRecord):
            report.skipped.append((attempt.id, attempt.trainee, count))
        else:
            name = attempt.get("id") if isinstance(attempt, dict) else None
            who = attempt.get("trainee") if isinstance(attempt, dict) else None
            report.skipped.append((name if isinstance(name, str) else f"attempts[{index}]",
                                   who if isinstance(who, str) else "?", count))
    report.reviews_skipped = len({p.where.split(".")[0] for p in checked.problems if p.where.startswith("reviews[")})
    question_type = question_types(library)
    with _timed(report), store.write():
        mapping = _merge_trainees(store, checked.trainees, report)
    for batch in _batches(checked.attempts):
        with _timed(report), store.write():
            for entry in batch:
                _merge_attempt(store, entry, mapping, report, question_type)
        if tick is not None:
            tick(len(batch))
        _let_others_write()
    reviews = iter(checked.reviews)
    while True:
        started = time.monotonic()
        _let_others_write()
        with _timed(report), store.write():
            for trainee_id, state in reviews:
                target = mapping.get(trainee_id, trainee_id)
                if store.review_state(target, state.question_key) is None:
                    store.save_review(target, state)
                if time.monotonic() - started > BATCH_SECONDS:
                    break
            else:
                return report


def _let_others_write() -> None:
    """A pause between batches in which a waiting writer (a quiz saving an answer) takes the lock.

    Without it the import takes the lock again the moment it lets go, while the other process
    is still in SQLite's busy wait (which polls every 100 ms at most), and the waits add up over
    batches: 1.4 s measured with no pause, under a quarter second with this one.
    """
    time.sleep(BATCH_GAP)


class _timed:
    """Measures how long a write transaction held the lock (the import's figure for trainers and tests)."""

    def __init__(self, report: MergeReport) -> None:
        self.report = report
        self.started = 0.0

    def __enter__(self) -> None:
        self.started = time.monotonic()

    def __exit__(self, *exc: object) -> None:
        self.report.longest_batch = max(self.report.longest_batch, time.monotonic() - self.started)


def _batches(attempts: list[CheckedAttempt]) -> Iterator[list[CheckedAttempt]]:
    """Whole attempts, in groups small enough to write in about BATCH_SECONDS each.

    The size adapts: writing speed depends on the disk, so each group is sized from how fast
    the previous one went (starting small).
    """
    answers_per_second = 20_000.0
    start = 0
    while start < len(attempts):
        budget = max(1, int(answers_per_second * BATCH_SECONDS))
        end, total = start, 0
        while end < len(attempts) and (end == start or total + len(attempts[end].answers) <= budget):
            total += len(attempts[end].answers) + 1
            end += 1
        began = time.monotonic()
        yield attempts[start:end]
        took = time.monotonic() - began
        if took > 0:
            answers_per_second = max(500.0, min(200_000.0, total / took))
        start = end


def _merge_trainees(store: Store, trainees: list[TraineeRecord], report: MergeReport) -> dict[str, str]:
    """File trainee id -> store trainee id: the same id, else the same employee number, else added."""
    mapping = {}
    for record in trainees:
        if store.trainee(record.id) is not None:
            mapping[record.id] = record.id
            continue
        same_number = [p for p in store.find_trainees(record.employee_no, include_removed=True)
                       if person_key(p.employee_no) == person_key(record.employee_no)] if record.employee_no else []
        if len(same_number) == 1:
            mapping[record.id] = same_number[0].id
            report.trainees_matched += 1
            continue
        store.insert_trainee(record)
        mapping[record.id] = record.id
        report.trainees_added += 1
    return mapping


def _merge_attempt(store: Store, entry: CheckedAttempt, mapping: dict[str, str], report: MergeReport,
                   question_type: Callable[[str], str | None]) -> None:
    attempt, answers, events, verdicts = entry.record, entry.answers, entry.events, entry.overrides
    attempt.trainee_id = mapping.get(attempt.trainee_id or "", attempt.trainee_id)
    existing = store.attempt(attempt.id)
    if existing is None:
        store.insert_attempt(attempt, answers)
        store.add_events(attempt.id, events)
        _merge_overrides(store, attempt.id, verdicts, report, question_type)
        report.added += 1
        report.answers_added += len(answers)
        return
    differs = [name for name in _FIXED if getattr(existing, name) != getattr(attempt, name)]
    if existing.trainee_id != attempt.trainee_id:
        differs.append("trainee")
    if differs:
        report.conflicts.append((attempt.id, ", ".join(differs)))
        return
    have = {a.position: a for a in store.answers(attempt.id)}
    new = [a for a in answers if a.position not in have]
    clashing = [a for a in answers if a.position in have and _answer_differs(have[a.position], a)]
    logged = len(store.events(attempt.id))
    # An exam with free navigation changes answers until hand-in: a later copy of it (a longer log) wins.
    if clashing and existing.state == "in_progress" and len(events) > logged:
        new, clashing = new + clashing, []
    if clashing:
        report.conflicts.append((attempt.id, "answers " + ", ".join(str(a.position + 1) for a in clashing)))
        return
    progressed = existing.state == "in_progress" and attempt.state == "finished"
    if existing.state == "finished" and attempt.state == "finished" and _automatic(existing) != _automatic(attempt):
        report.conflicts.append((attempt.id, "score"))
        return
    known = {o.id for o in overrides_of(store, attempt.id)}
    if not new and not progressed and len(events) <= logged and all(o.id in known for o in verdicts):
        report.unchanged += 1
        return
    store.put_answers(attempt.id, new)
    store.add_events(attempt.id, [e for e in events if e.seq > logged])
    if progressed:
        store.set_final(attempt)
    _merge_overrides(store, attempt.id, verdicts, report, question_type)
    report.updated += 1
    report.answers_added += len(new)


def _automatic(attempt: AttemptRecord) -> tuple[Any, ...]:
    """An attempt's score, maximum and pass or fail as the grader left them (before any trainer's verdict)."""
    if attempt.auto_score is None:
        return attempt.score, attempt.max_score, attempt.passed
    return attempt.auto_score, attempt.max_score, attempt.auto_passed


def _merge_overrides(store: Store, attempt_id: str, verdicts: list[OverrideRecord], report: MergeReport,
                     question_type: Callable[[str], str | None]) -> None:
    """Add the verdicts the store lacks and carry their marks through (only a finished attempt's marks are judged)."""
    if not verdicts:
        return
    record = store.attempt(attempt_id)
    if record is None or record.state != "finished":
        report.conflicts.append((attempt_id, "overrides of an unfinished attempt"))
        return
    positions = {a.position for a in store.answers(attempt_id)}
    missing = sorted({o.position + 1 for o in verdicts if o.position not in positions})
    if missing:
        report.conflicts.append((attempt_id, "verdicts on answers not here: " + ", ".join(map(str, missing))))
    added = [o for o in verdicts if o.position in positions and add_override(store, attempt_id, o)]
    if added:
        apply_overrides(store, attempt_id, {o.position for o in added}, question_type)
        report.overrides_added += len(added)
        report.override_trainers.update(o.trainer for o in added)


def _answer_differs(a: AnswerRecord, b: AnswerRecord) -> bool:
    """Whether two copies of an answer differ as given and as the grader marked them (verdicts aside)."""
    return (a.question_key, a.response, a.automatic) != (b.question_key, b.response, b.automatic)


def documents(paths: list[Path]) -> Iterator[Path]:
    """The JSON files named, or inside the folders named."""
    for path in paths:
        if path.is_dir():
            yield from sorted(path.glob("*.json"))
        else:
            yield path
