"""Bringing results exported from another store (the JSON document of `export --format json`) in.

Importing is idempotent (attempts are matched by their UUID), an attempt finished since an
earlier export is brought up to date, and anything that contradicts the store is reported,
never overwritten. Trainers' verdicts on marks (overrides) are matched by their UUID too: those
the store lacks are added and their marks carried into the answers, scores and review schedules
(store/overrides.py); answers and scores are compared as the grader marked them, so a copy
exported before or after a verdict is the same attempt.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from fractions import Fraction
from pathlib import Path
from typing import TYPE_CHECKING, Any

from ..errors import InvalidInput, StoreError, UserError
from ..model import person_key
from ..review import ReviewState
from ..scores import old_answer, old_attempt
from .overrides import add_override, apply_overrides, overrides_of
from .records import AnswerRecord, AttemptRecord, EventRecord, OverrideRecord, TraineeRecord

if TYPE_CHECKING:
    from . import Store

FORMAT = "etiquette-quiz/results"
VERSION = 2  # 2: scores are exact texts ('1/3'); 1: floats, with totals rounded to 4 decimals


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
    conflicts: list[tuple[str, str]] = field(default_factory=list)  # (attempt id, what differs)


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
    if not isinstance(data, dict) or data.get("format") != FORMAT:
        raise InvalidInput("error.import-format", path=str(path))
    if not isinstance(data.get("version"), int) or data["version"] > VERSION:
        raise InvalidInput("error.import-version", path=str(path), version=data.get("version"), known=VERSION)
    for key in ("trainees", "attempts"):
        if not isinstance(data.get(key), list):
            raise InvalidInput("error.import-format", path=str(path))
    return data


_FIXED = ("mode", "exam_id", "seed", "plan", "started_at")  # what an attempt is: never changes after it starts
_FINAL = ("state", "score", "max_score", "passed", "finished_at", "elapsed")  # set once, when it is handed in


def merge(store: Store, path: Path, question_type: Callable[[str], str | None] = lambda key: None) -> MergeReport:
    """Bring one results document into the store (see the module docstring)."""
    return merge_document(store, read_document(path), path, question_type=question_type)


def merge_document(store: Store, data: dict[str, Any], path: Path, tick: Callable[[int], None] | None = None,
                   question_type: Callable[[str], str | None] = lambda key: None) -> MergeReport:
    """Bring a results document already read into the store; `tick` hears of each attempt merged.

    `question_type` names a question's type by its key, for review schedules an imported
    verdict changes (an answer right and fast counts as fluent by its type).
    """
    report = MergeReport(str(path))
    try:
        with store.write():
            mapping = _merge_trainees(store, data["trainees"], report)
            for entry in data["attempts"]:
                _merge_attempt(store, entry, mapping, report, data["version"], question_type)
                if tick is not None:
                    tick(1)
            for entry in data.get("reviews", []):
                trainee_id = mapping.get(entry.get("trainee_id"), entry.get("trainee_id"))
                state = ReviewState(**{k: v for k, v in entry.items() if k != "trainee_id"})
                if store.review_state(trainee_id, state.question_key) is None:
                    store.save_review(trainee_id, state)
    except (KeyError, TypeError, ValueError) as exc:
        detail = f"{type(exc).__name__}: {exc}"
        raise InvalidInput("error.import-format-detail", path=str(path), detail=detail) from None
    return report


def _merge_trainees(store: Store, trainees: list[dict[str, Any]], report: MergeReport) -> dict[str, str]:
    """File trainee id -> store trainee id: the same id, else the same employee number, else added."""
    mapping = {}
    for person in trainees:
        record = TraineeRecord(person["id"], person["name"], person.get("employee_no"), person.get("created_at", ""))
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


def _merge_attempt(store: Store, entry: dict[str, Any], mapping: dict[str, str], report: MergeReport,
                   version: int, question_type: Callable[[str], str | None]) -> None:
    answers = [AnswerRecord(**a) for a in entry["answers"]]
    events = [EventRecord(**e) for e in entry.get("events", [])]
    verdicts = [OverrideRecord(**o) for o in entry.get("overrides", [])]
    fields = {k: v for k, v in entry.items() if k not in ("answers", "events", "overrides")}
    attempt = AttemptRecord(**fields)
    if version < 2:
        _read_old_scores(attempt, answers, entry)
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


def _read_old_scores(attempt: AttemptRecord, answers: list[AnswerRecord], entry: dict[str, Any]) -> None:
    """Scores of a version 1 file made exact as migration 4 makes a store's (see scores.old_attempt)."""
    for answer, raw in zip(answers, entry["answers"], strict=True):
        answer.fraction, answer.points, answer.max_points = old_answer(raw["fraction"], raw["max_points"])
    attempt.score, attempt.max_score, attempt.pass_mark, passed = old_attempt(
        entry.get("score"), entry.get("max_score"), entry.get("pass_mark"), attempt.state == "finished",
        sum((a.points for a in answers), Fraction(0)), len(answers))
    if passed is not None:
        attempt.passed = passed


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
