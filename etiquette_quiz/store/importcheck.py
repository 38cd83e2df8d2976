"""The strict schema of a results export, checked in full before anything of it is written.

A results file comes from a trainee's machine and may be damaged or edited. Every field is
checked for its type, range and format; an attempt must be consistent in itself (positions
inside its plan, each answer's points = fraction x max points, score = the sum of the
answers, pass or fail as its pass mark says) and with the trainer's banks where they are
loaded (each answer re-graded from its response, an exam attempt's plan drawable from the
exam). Every problem is collected with where it is, `attempts[3].answers[7].points`, so a
trainer sees them all at once.

What this can prove, and what not (docs/RESULTS-IMPORT.md): a file that passes is well-formed and
consistent, and every answer whose question is loaded unchanged scores what the file says.
It cannot prove that the trainee gave those answers: someone who can edit the file can also
write right answers with consistent scores. A central store that trainees write to directly
(the PostgreSQL store) is the answer for high-stakes exams.
"""

from __future__ import annotations

import json
import math
import re
from collections.abc import Iterable
from dataclasses import dataclass, field, fields
from datetime import datetime
from fractions import Fraction
from functools import cache
from typing import Any

from ..banks.keys import ID_RE, LANG_RE, MAX_TEXT
from ..model import (
    AttemptEvent,
    AttemptMode,
    AttemptState,
    ClockMode,
    FeedbackMode,
    Library,
    Mark,
    Navigation,
    Question,
    ReviewOption,
)
from ..review import ReviewState
from ..scores import exact_text, fraction_of, old_answer, old_attempt, pass_mark_text, passes, percent_text
from ..textsafe import has_unsafe
from .records import AnswerRecord, AttemptRecord, EventRecord, OverrideRecord, TraineeRecord

# Attempt and trainee ids: UUIDs in practice; nothing a spreadsheet or terminal could misread.
RECORD_ID = re.compile(r"[0-9A-Za-z][0-9A-Za-z._:-]{0,63}\Z")
HASH = re.compile(r"[0-9a-f]{16}\Z")
LAYOUT_KEYS = ("choices", "steps", "options")
MAX_NAME = 200
MAX_NUMBER_TEXT = 64
MAX_PLAN = 10_000
MAX_POINTS = 1_000.0
MAX_SECONDS = 10_000_000.0  # about 115 days: more than any attempt's clock
MAX_SEED = 2**63
MAX_RESPONSE = 20_000  # characters of a response as JSON
MAX_FORBIDDEN = 100
MAX_REVIEWS = 1_000_000
MAX_EVENTS_PER_QUESTION = 50  # an exam's log: answers changed, flags, pauses
MAX_OVERRIDES_PER_QUESTION = 50  # trainers' verdicts on one answer
REVIEW_FIELDS = ("review_reason", "detail", "auto_fraction", "auto_points")  # schema 7
MAX_DETAIL = 4000  # characters of the grader's findings kept with a mark to review (as JSON)
FLAG = re.compile(r"[a-z][a-z0-9-]{0,39}\Z")
SAME = 1e-6  # two float values of a version 1 file are the same within this (it rounded them to 4 places)
# An exact score as the export writes it: '3', '5/2'. A total's denominator is the product of its
# answers' (1/5986 + 1/34907203 + …): a hundred digits each leave room for any real attempt.
EXACT = re.compile(r"\d{1,100}(?:/[1-9]\d{0,99})?\Z")
MISSING = object()


@dataclass(frozen=True)
class ImportProblem:
    """One thing wrong in a results file: where, the value found, and what is wrong (an i18n code)."""

    where: str  # 'attempts[3].answers[7].points'
    code: str  # import.bad.<code>
    value: str  # the value as JSON, shortened; '' when the field is missing
    args: dict[str, Any] = field(default_factory=dict)
    attempt: int | None = None  # the attempt it spoils (for --skip-bad); None: the trainee or review list

    def message(self, path: str, lang: str) -> str:
        """'file.json: attempts[3].answers[7].points: -2 — should be between 0 and 1' in `lang`."""
        from ..i18n import UI, t

        args = dict(self.args)
        if f"import.word.{args.get('expected')}" in UI:
            args["expected"] = t(f"import.word.{args['expected']}", lang)
        what = t(f"import.bad.{self.code}", lang, **args)
        return t("import.problem", lang, path=path, where=self.where, value=self.value or "—", what=what)


@dataclass
class CheckedAttempt:
    """An attempt of the file that passed every check, ready to write."""

    record: AttemptRecord
    answers: list[AnswerRecord]
    events: list[EventRecord] = field(default_factory=list)  # an exam's log
    overrides: list[OverrideRecord] = field(default_factory=list)  # trainers' verdicts on its marks


@dataclass
class Checked:
    """What checking a results document found: the clean records, and every problem."""

    trainees: list[TraineeRecord] = field(default_factory=list)
    attempts: list[CheckedAttempt] = field(default_factory=list)
    reviews: list[tuple[str, ReviewState]] = field(default_factory=list)  # (file trainee id, schedule)
    problems: list[ImportProblem] = field(default_factory=list)
    bad_attempts: dict[int, AttemptRecord | dict[str, Any]] = field(default_factory=dict)  # index -> what it was
    regraded: int = 0  # answers re-graded against a loaded, unchanged question
    unchecked: int = 0  # answers whose question is not loaded or has changed since
    exams_not_loaded: set[str] = field(default_factory=set)

    @property
    def clean(self) -> bool:
        """Whether the whole file passed."""
        return not self.problems


def shown(value: Any) -> str:
    """A value as a problem quotes it: JSON, at most 60 characters; an exact score as the file writes it ("5/2")."""
    if value is MISSING:
        return ""
    if isinstance(value, Fraction):
        value = exact_text(value)
    try:
        text = json.dumps(value, ensure_ascii=False)
    except (TypeError, ValueError):
        text = repr(value)
    return text if len(text) <= 60 else text[:57] + "..."


class Checker:
    """Typed reads of one JSON object's fields, each failure recorded as an ImportProblem."""

    def __init__(self, found: Checked, version: int = 2) -> None:
        self.found = found
        self.version = version  # of the document: 1 wrote scores as floats, 2 as exact texts
        self.attempt: int | None = None
        self.marks: dict[tuple[str, str, str], Mark] = {}  # (question, content hash, response) -> its mark
        # (value, low, high) -> the exact score it passed as: a cohort's file repeats a few score texts
        # ('1', '0', '2/3') hundreds of thousands of times, and parsing each was most of the check's time.
        self.scores: dict[tuple[type, Any, Any, Any], Fraction] = {}

    def bad(self, where: str, code: str, value: Any = MISSING, **args: Any) -> None:
        """Record a problem at `where`."""
        self.found.problems.append(ImportProblem(where, code, shown(value), args, self.attempt))

    def fields(self, obj: Any, where: str, allowed: Iterable[str]) -> dict[str, Any] | None:
        """The object at `where`, with any field this version does not write reported."""
        if not isinstance(obj, dict):
            self.bad(where, "type", obj, expected="object")
            return None
        known = set(allowed)
        for name in obj:
            if name not in known:
                self.bad(f"{where}.{name}", "unknown", obj[name])
        return obj

    def _get(self, obj: dict[str, Any], where: str, name: str, nullable: bool, required: bool) -> Any:
        value = obj.get(name, MISSING)
        if value is MISSING and required:
            self.bad(f"{where}.{name}", "missing")
        if value is None and not nullable:
            self.bad(f"{where}.{name}", "type", value, expected="not-null")
            return MISSING
        return value

    def text(self, obj: dict[str, Any], where: str, name: str, *, limit: int = MAX_NAME, nullable: bool = False,
             required: bool = True, pattern: re.Pattern[str] | None = None, empty: bool = False) -> Any:
        """A text field: no control or bidi characters, at most `limit` long, matching `pattern`."""
        value = self._get(obj, where, name, nullable, required)
        if value is MISSING or value is None:
            return value
        at = f"{where}.{name}"
        if not isinstance(value, str):
            self.bad(at, "type", value, expected="text")
        elif not value and not empty:
            self.bad(at, "empty", value)
        elif len(value) > limit:
            self.bad(at, "too-long", value, limit=limit)
        elif has_unsafe(value):
            char = next(c for c in value if has_unsafe(c))
            self.bad(at, "control", value, char=f"U+{ord(char):04X}")
        elif pattern is not None and value and not pattern.match(value):
            self.bad(at, "pattern", value)
        else:
            return value
        return MISSING

    def items(self, obj: dict[str, Any], where: str, name: str, low: int, high: int) -> list[Any] | None:
        """A list field holding `low` to `high` items."""
        value = obj.get(name, MISSING)
        at = f"{where}.{name}"
        if value is MISSING:
            self.bad(at, "missing")
        elif not isinstance(value, list):
            self.bad(at, "type", value, expected="list")
        elif not low <= len(value) <= high:
            self.bad(at, "count", len(value), low=low, high=high)
        else:
            return value
        return None

    def number(self, obj: dict[str, Any], where: str, name: str, low: float, high: float, *,
               nullable: bool = False, whole: bool = False) -> Any:
        """A finite number (a whole one with `whole`) within [low, high]; never a boolean or text."""
        value = self._get(obj, where, name, nullable, True)
        if value is MISSING or value is None:
            return value
        at = f"{where}.{name}"
        kinds = (int,) if whole else (int, float)
        if isinstance(value, bool) or not isinstance(value, kinds):
            self.bad(at, "type", value, expected="integer" if whole else "number")
        elif not math.isfinite(value) or not low <= value <= high:
            self.bad(at, "range", value, low=_num(low), high=_num(high))
        else:
            return value
        return MISSING

    def score(self, obj: dict[str, Any], where: str, name: str, low: float | Fraction, high: float | Fraction, *,
              nullable: bool = False) -> Any:
        """A score within [low, high]: an exact text ('5/2', '3') or a whole number; in a version 1 file, a
        finite number (a float, made exact by the caller as scores.old_answer and old_attempt do)."""
        if self.version < 2:
            return self.number(obj, where, name, float(low), float(high), nullable=nullable)
        value = self._get(obj, where, name, nullable, True)
        if value is MISSING or value is None:
            return value
        memo = (value.__class__, value, low, high)  # the class too: True == 1, but true is no score
        known = self.scores.get(memo) if value.__class__ in (str, int) else None
        if known is not None:
            return known
        at = f"{where}.{name}"
        if isinstance(value, int) and not isinstance(value, bool):
            exact = Fraction(value)
        elif isinstance(value, str) and EXACT.match(value):
            exact = Fraction(value)
        else:
            self.bad(at, "exact", value)
            return MISSING
        if not low <= exact <= high:
            self.bad(at, "range", value, low=_num(low), high=_num(high))
            return MISSING
        if len(self.scores) < 100_000:
            self.scores[memo] = exact
        return exact

    def boolean(self, obj: dict[str, Any], where: str, name: str, nullable: bool = True) -> Any:
        """true or false (or null with `nullable`)."""
        value = self._get(obj, where, name, nullable, True)
        if value is MISSING or value is None:
            return value
        if not isinstance(value, bool):
            self.bad(f"{where}.{name}", "type", value, expected="boolean")
            return MISSING
        return value

    def choice(self, obj: dict[str, Any], where: str, name: str, allowed: Iterable[str], optional: bool = False) -> Any:
        """One of a fixed set of words (modes, states); with `optional`, also missing or null (None)."""
        if optional and obj.get(name) is None:
            return None
        value = self._get(obj, where, name, False, True)
        if value is MISSING:
            return value
        options = list(allowed)
        if not isinstance(value, str) or value not in options:
            self.bad(f"{where}.{name}", "choice", value, allowed=", ".join(options))
            return MISSING
        return value

    def moment(self, obj: dict[str, Any], where: str, name: str, nullable: bool = False,
               empty: bool = False) -> Any:
        """An ISO 8601 time with a time zone (as the store writes them)."""
        value = self._get(obj, where, name, nullable, True)
        if value is MISSING or value is None or (empty and value == ""):
            return value
        at = f"{where}.{name}"
        if isinstance(value, str) and len(value) <= 40:
            try:
                moment = datetime.fromisoformat(value)
                if moment.tzinfo is not None and 2000 <= moment.year <= 2200:
                    return value
            except ValueError:
                pass
        self.bad(at, "date", value)
        return MISSING


def _num(value: float | Fraction) -> str:
    """A number as a problem quotes it: exact ('5/2') or short ('0.5', '1e+308')."""
    if isinstance(value, Fraction):
        return exact_text(value)
    return f"{value:g}" if value < 1e15 else f"{value:.0e}"


@cache
def _names(record: type) -> list[str]:
    """A record's field names (asked once per answer: kept)."""
    return [f.name for f in fields(record)]


def _same(a: float, b: float) -> bool:
    return abs(a - b) <= SAME * max(1.0, abs(a), abs(b))


def check_document(data: dict[str, Any], library: Library | None) -> Checked:
    """Check a results document (already known to be one, of a version this build reads) in full."""
    found = Checked()
    check = Checker(found, data.get("version", 2))
    trainee_ids = _check_trainees(check, data.get("trainees"), found)
    attempts = data.get("attempts")
    if not isinstance(attempts, list):
        check.bad("attempts", "type", attempts, expected="list")
        attempts = []
    seen_ids: dict[str, int] = {}
    for index, entry in enumerate(attempts):
        check.attempt = index
        before = len(found.problems)
        checked = _check_attempt(check, entry, index, trainee_ids, seen_ids, library)
        if checked is not None and len(found.problems) == before:
            found.attempts.append(checked)
        else:
            found.bad_attempts[index] = checked.record if checked is not None else entry
    check.attempt = None
    _check_reviews(check, data.get("reviews", []), trainee_ids, found)
    return found


def _check_trainees(check: Checker, trainees: Any, found: Checked) -> set[str]:
    """The file's trainees; returns the ids attempts and reviews may name (one trainee per id)."""
    if not isinstance(trainees, list):
        check.bad("trainees", "type", trainees, expected="list")
        return set()
    ids: dict[str, int] = {}
    for index, person in enumerate(trainees):
        where = f"trainees[{index}]"
        obj = check.fields(person, where, _names(TraineeRecord))
        if obj is None:
            continue
        before = len(found.problems)
        trainee_id = check.text(obj, where, "id", pattern=RECORD_ID, limit=64)
        name = check.text(obj, where, "name")
        number = check.text(obj, where, "employee_no", limit=MAX_NUMBER_TEXT, nullable=True, required=False)
        created = check.moment(obj, where, "created_at", empty=True) if "created_at" in obj else ""
        if isinstance(trainee_id, str):
            if trainee_id in ids:
                check.bad(f"{where}.id", "duplicate-id", trainee_id, first=f"trainees[{ids[trainee_id]}]")
                continue
            ids[trainee_id] = index
        if len(found.problems) == before:
            found.trainees.append(TraineeRecord(trainee_id, name, None if number is MISSING else number,
                                                created or ""))
    return {t.id for t in found.trainees}


def _check_attempt(check: Checker, entry: Any, index: int, trainee_ids: set[str], seen: dict[str, int],
                   library: Library | None) -> CheckedAttempt | None:
    where = f"attempts[{index}]"
    obj = check.fields(entry, where, _names(AttemptRecord) + ["answers", "events", "overrides"])
    if obj is None:
        return None
    attempt_id = check.text(obj, where, "id", pattern=RECORD_ID, limit=64)
    if isinstance(attempt_id, str):
        if attempt_id in seen:
            check.bad(f"{where}.id", "duplicate-id", attempt_id, first=f"attempts[{seen[attempt_id]}]")
        seen.setdefault(attempt_id, index)
    values = {
        "id": attempt_id,
        "trainee": check.text(obj, where, "trainee"),
        "employee_no": check.text(obj, where, "employee_no", limit=MAX_NUMBER_TEXT, nullable=True, required=False),
        "mode": check.choice(obj, where, "mode", [m.value for m in AttemptMode]),
        "exam_id": check.text(obj, where, "exam_id", nullable=True, required=False, pattern=ID_RE, limit=64),
        "title": check.text(obj, where, "title", nullable=True, required=False, limit=MAX_TEXT),
        "seed": check.number(obj, where, "seed", 0, MAX_SEED, whole=True),
        "lang": check.text(obj, where, "lang", pattern=LANG_RE, limit=35),
        "bank_versions": _check_versions(check, obj, where),
        "feedback": check.choice(obj, where, "feedback", [f.value for f in FeedbackMode]),
        "started_at": check.moment(obj, where, "started_at"),
        "finished_at": check.moment(obj, where, "finished_at", nullable=True),
        "time_limit": check.number(obj, where, "time_limit", 1, MAX_SECONDS, nullable=True),
        "pass_mark": check.score(obj, where, "pass_mark", 0, 1, nullable=True),
        "elapsed": check.number(obj, where, "elapsed", 0, MAX_SECONDS),
        "state": check.choice(obj, where, "state", [s.value for s in AttemptState]),
        "score": check.score(obj, where, "score", 0, MAX_POINTS * MAX_PLAN, nullable=True),
        "max_score": check.score(obj, where, "max_score", 0, MAX_POINTS * MAX_PLAN, nullable=True),
        "passed": check.boolean(obj, where, "passed"),
        "trainee_id": check.text(obj, where, "trainee_id", pattern=RECORD_ID, limit=64),
        # Exams (schema 5): absent from older exports, and None on older attempts.
        "deadline": check.moment(obj, where, "deadline", nullable=True) if "deadline" in obj else None,
        "clock": check.choice(obj, where, "clock", [c.value for c in ClockMode], optional=True),
        "navigation": check.choice(obj, where, "navigation", [n.value for n in Navigation], optional=True),
        "review": check.choice(obj, where, "review", [r.value for r in ReviewOption], optional=True),
        "flags": _check_flags(check, obj, where),
        "seen_at": check.moment(obj, where, "seen_at", nullable=True) if "seen_at" in obj else None,
        # Trainer review (schema 7): the grader's score and decision, once a trainer overrode a mark.
        "auto_score": check.score(obj, where, "auto_score", 0, MAX_POINTS * MAX_PLAN, nullable=True)
        if "auto_score" in obj else None,
        "auto_passed": check.boolean(obj, where, "auto_passed") if "auto_passed" in obj else None,
    }
    if isinstance(values["trainee_id"], str) and values["trainee_id"] not in trainee_ids:
        check.bad(f"{where}.trainee_id", "trainee", values["trainee_id"])
    plan = _check_plan(check, obj, where, values["seed"], library)
    answers = _check_answers(check, obj, where, plan, library)
    events = _check_events(check, obj, where, plan)
    overrides = _check_overrides(check, obj, where, plan)
    if (any(v is MISSING for v in values.values()) or plan is None or answers is None or events is None
            or overrides is None):
        return None
    if check.version < 2:
        _old_scores(check, values, answers, where)
    record = AttemptRecord(plan=plan, **values)
    _check_consistency(check, record, answers, where, library)
    _check_verdicts(check, record, answers, overrides, where)
    return CheckedAttempt(record, answers, events, overrides)


def _old_scores(check: Checker, values: dict[str, Any], answers: list[AnswerRecord], where: str) -> None:
    """A version 1 attempt's float scores made exact as migration 4 makes a store's (scores.old_attempt).

    The score is settled against the exact sum of the answers when the old rounding explains
    the difference, and stays what the file says otherwise (so a score that is not the sum is
    still reported); pass or fail is decided again, and a file that claims a verdict neither
    the exact nor the old rounded scores give is reported.
    """
    total = sum((a.points for a in answers), Fraction(0))
    finished = values["state"] == AttemptState.FINISHED.value
    floats = values["score"], values["max_score"], values["pass_mark"]
    score, most, mark, passed = old_attempt(*floats, finished, total, len(answers))
    values.update(score=score, max_score=most, pass_mark=mark)
    # Version 1 decided on rounded floats (2.9999/5 failed a 60% pass mark): that verdict is no forgery.
    old_verdict = None if None in floats else (floats[0] / floats[1] if floats[1] else 0.0) >= floats[2] - 1e-9
    if passed is not None and values["passed"] is not None and values["passed"] not in (passed, old_verdict):
        assert score is not None and most is not None and mark is not None
        check.bad(f"{where}.passed", "passed", values["passed"], percent=percent_text(fraction_of(score, most), 1),
                  mark=pass_mark_text(mark), expected=json.dumps(passed))
    if passed is not None:
        values["passed"] = passed


def _check_flags(check: Checker, obj: dict[str, Any], where: str) -> Any:
    """What a trainer should check about an attempt ("clock-back"): a short list of words."""
    flags = obj.get("flags", [])
    if not isinstance(flags, list) or len(flags) > 20 or not all(
            isinstance(f, str) and FLAG.match(f) for f in flags):
        check.bad(f"{where}.flags", "flags", flags)
        return MISSING
    return list(flags)


def _check_events(check: Checker, obj: dict[str, Any], where: str,
                  plan: list[dict[str, Any]] | None) -> list[EventRecord] | None:
    """An exam's log: each line's kind, time, exam time and question, in the order they happened."""
    if "events" not in obj:
        return []
    limit = len(plan) if plan is not None else MAX_PLAN
    events = check.items(obj, where, "events", 0, MAX_EVENTS_PER_QUESTION * max(1, limit) + 20)
    if events is None:
        return None
    out: list[EventRecord] = []
    before = len(check.found.problems)
    last_seq = 0
    for n, entry in enumerate(events):
        here = f"{where}.events[{n}]"
        item = check.fields(entry, here, _names(EventRecord))
        if item is None:
            continue
        kind = check.choice(item, here, "kind", [k.value for k in AttemptEvent])
        at = check.moment(item, here, "at")
        elapsed = check.number(item, here, "elapsed", 0, MAX_SECONDS)
        position = check.number(item, here, "position", 0, max(0, limit - 1), nullable=True, whole=True) \
            if item.get("position") is not None else None
        response = item.get("response")
        if len(shown_full(response)) > MAX_RESPONSE or _has_unsafe_text(response):
            check.bad(f"{here}.response", "response-text", response, limit=MAX_RESPONSE)
        detail = item.get("detail")
        if detail is not None and (not isinstance(detail, dict) or len(shown_full(detail)) > 2000
                                   or _has_unsafe_text(list(detail.values()))):
            check.bad(f"{here}.detail", "detail", detail)
        elif kind == AttemptEvent.START.value and detail is not None:
            # Read back on resume as a copy of the exam's deadline (attempts.clock_evidence).
            if "deadline" in detail:
                check.moment(detail, f"{here}.detail", "deadline", nullable=True)
            if "time_limit" in detail:
                check.number(detail, f"{here}.detail", "time_limit", 1, MAX_SECONDS, nullable=True)
        seq = item.get("seq", n + 1)
        if isinstance(seq, bool) or not isinstance(seq, int) or seq <= last_seq:
            check.bad(f"{here}.seq", "seq", seq)
        else:
            last_seq = seq
        if MISSING not in (kind, at, elapsed, position):
            out.append(EventRecord(kind, at, elapsed, position, response, detail, seq if isinstance(seq, int) else 0))
    return out if len(check.found.problems) == before else None


def _check_versions(check: Checker, obj: dict[str, Any], where: str) -> Any:
    versions = obj.get("bank_versions", MISSING)
    at = f"{where}.bank_versions"
    if versions is MISSING:
        check.bad(at, "missing")
        return MISSING
    if not isinstance(versions, dict) or len(versions) > MAX_PLAN:
        check.bad(at, "type", versions, expected="object")
        return MISSING
    for bank, version in versions.items():
        if not ID_RE.match(bank):
            check.bad(f"{at}.{shown(bank)}", "pattern", bank)
        elif isinstance(version, bool) or not isinstance(version, int) or not 0 <= version <= 1_000_000:
            check.bad(f"{at}.{bank}", "range", version, low="0", high="1000000")
    return versions


def _check_plan(check: Checker, obj: dict[str, Any], where: str, seed: Any,
                library: Library | None) -> list[dict[str, Any]] | None:
    plan = check.items(obj, where, "plan", 1, MAX_PLAN)
    if plan is None:
        return None
    at = f"{where}.plan"
    before = len(check.found.problems)
    for n, entry in enumerate(plan):
        here = f"{at}[{n}]"
        item = check.fields(entry, here, ("key", "hash", "layout"))
        if item is None:
            continue
        key = check.text(item, here, "key", limit=130)
        if isinstance(key, str) and not _question_key(key):
            check.bad(f"{here}.key", "pattern", key)
        check.text(item, here, "hash", pattern=HASH, limit=16)
        layout = item.get("layout", MISSING)
        if not _layout_ok(layout):
            check.bad(f"{here}.layout", "layout", layout)
        elif library is not None and isinstance(key, str) and isinstance(seed, int):
            question = library.question(key)
            if question is not None and question.content_hash == item.get("hash"):
                from ..session import layout_for

                if layout != layout_for(question, seed):
                    check.bad(f"{here}.layout", "layout-differs", layout, seed=seed)
    return plan if len(check.found.problems) == before else None


def _question_key(key: str) -> bool:
    bank, _, question = key.partition("/")
    return bool(ID_RE.match(bank) and ID_RE.match(question))


def _layout_ok(layout: Any) -> bool:
    """{"choices": [...]} and the like: lists of ids or step numbers, nothing else."""
    if not isinstance(layout, dict) or not set(layout) <= set(LAYOUT_KEYS):
        return False
    for value in layout.values():
        if not isinstance(value, list) or len(value) > 1000:
            return False
        for item in value:
            if isinstance(item, bool) or not isinstance(item, (str, int)):
                return False
            if isinstance(item, str) and not re.fullmatch(r"[a-z]\d{1,4}", item):
                return False
    return True


def _check_answers(check: Checker, obj: dict[str, Any], where: str, plan: list[dict[str, Any]] | None,
                   library: Library | None) -> list[AnswerRecord] | None:
    limit = len(plan) if plan is not None else MAX_PLAN
    answers = check.items(obj, where, "answers", 0, limit)
    if answers is None:
        return None
    at = f"{where}.answers"
    out: list[AnswerRecord] = []
    taken: dict[int, int] = {}
    before = len(check.found.problems)
    for n, entry in enumerate(answers):
        record = _check_answer(check, entry, f"{at}[{n}]", plan, limit, taken)
        if record is not None:
            _regrade(check, record, f"{at}[{n}]", library)
            out.append(record)
    return out if len(check.found.problems) == before else None


def _check_answer(check: Checker, entry: Any, here: str, plan: list[dict[str, Any]] | None, limit: int,
                  taken: dict[int, int]) -> AnswerRecord | None:
    """One answer: its fields, its place in the plan, and points = fraction x max_points."""
    item = check.fields(entry, here, _names(AnswerRecord))
    if item is None:
        return None
    position = check.number(item, here, "position", 0, max(0, limit - 1), whole=True)
    if isinstance(position, int):
        if position in taken:
            check.bad(f"{here}.position", "twice", position, first=f"{here.rsplit('[', 1)[0]}[{taken[position]}]")
        taken.setdefault(position, int(here.rsplit("[", 1)[1][:-1]))
    key = check.text(item, here, "question_key", limit=130)
    bank = check.text(item, here, "bank", pattern=ID_RE, limit=64)
    digest = check.text(item, here, "content_hash", pattern=HASH, limit=16)
    if isinstance(key, str) and plan is not None and isinstance(position, int) and plan[position]["key"] != key:
        check.bad(f"{here}.question_key", "key", key, expected=plan[position]["key"])
    elif isinstance(key, str) and isinstance(bank, str) and key.split("/")[0] != bank:
        check.bad(f"{here}.bank", "bank", bank, expected=key.split("/")[0])
    response = item.get("response", MISSING)
    if response is MISSING:
        check.bad(f"{here}.response", "missing")
    elif len(shown_full(response)) > MAX_RESPONSE or _has_unsafe_text(response):
        check.bad(f"{here}.response", "response-text", response, limit=MAX_RESPONSE)
    fraction = check.score(item, here, "fraction", 0, 1)
    max_points = check.score(item, here, "max_points", 0, MAX_POINTS)
    numeric = (float, int, Fraction)
    points = check.score(item, here, "points", 0, max_points if isinstance(max_points, numeric) else MAX_POINTS)
    seconds = check.number(item, here, "seconds", 0, MAX_SECONDS)
    forbidden = item.get("forbidden", [])
    if (not isinstance(forbidden, list) or len(forbidden) > MAX_FORBIDDEN
            or not all(isinstance(p, str) and 0 < len(p) <= MAX_NAME and not has_unsafe(p) for p in forbidden)):
        check.bad(f"{here}.forbidden", "forbidden", forbidden)
        forbidden = MISSING
    answered = check.moment(item, here, "answered_at")
    review = _check_review_fields(check, item, here, max_points)
    if isinstance(fraction, numeric) and isinstance(max_points, numeric) and isinstance(points, numeric):
        if check.version < 2:  # floats, the points rounded to 4 places: made exact as migration 4 does
            expected = round(float(fraction) * float(max_points), 4)
            if not _same(float(points), expected):
                check.bad(f"{here}.points", "points", points, expected=_num(expected))
            fraction, points, max_points = old_answer(float(fraction), float(max_points))
        elif points != fraction * max_points:
            check.bad(f"{here}.points", "points", item["points"], expected=_num(fraction * max_points))
    values = (position, key, bank, digest, response, fraction, points, max_points, seconds, forbidden, answered)
    if MISSING in values or review is None:
        return None
    return AnswerRecord(position, key, bank, digest, response, fraction, points, max_points, seconds, list(forbidden),
                        answered, **review)


def _check_review_fields(check: Checker, item: dict[str, Any], here: str, max_points: Any) -> dict[str, Any] | None:
    """What trainer review adds to an answer (schema 7): why its mark needs a trainer, what the grader
    found, and the grader's own mark once a trainer overrode it (points = fraction x max_points again)."""
    if all(item.get(name) is None for name in REVIEW_FIELDS):  # most answers: nothing to review, none overridden
        return {}
    from ..grading import REVIEW_REASONS

    before = len(check.found.problems)
    reason = check.choice(item, here, "review_reason", REVIEW_REASONS, optional=True)
    detail = item.get("detail")
    if detail is not None and (not isinstance(detail, dict) or len(shown_full(detail)) > MAX_DETAIL
                               or not _plain_data(detail)):
        check.bad(f"{here}.detail", "mark-detail", detail)
    auto = {name: check.score(item, here, name, 0, 1 if name == "auto_fraction" else MAX_POINTS, nullable=True)
            if name in item else None for name in ("auto_fraction", "auto_points")}
    if (auto["auto_fraction"] is None) != (auto["auto_points"] is None):
        check.bad(f"{here}.auto_points", "auto-pair", item.get("auto_points"))
    elif (isinstance(auto["auto_fraction"], Fraction) and isinstance(max_points, Fraction)
          and auto["auto_points"] != auto["auto_fraction"] * max_points):
        check.bad(f"{here}.auto_points", "points", item["auto_points"],
                  expected=_num(auto["auto_fraction"] * max_points))
    if len(check.found.problems) != before:
        return None
    return {"review_reason": reason, "detail": detail, **auto}


def shown_full(value: Any) -> str:
    """A JSON value as compact text (for its size)."""
    return json.dumps(value, ensure_ascii=False, separators=(",", ":"))


def _has_unsafe_text(value: Any) -> bool:
    if isinstance(value, str):
        return has_unsafe(value)
    if isinstance(value, list):
        return any(_has_unsafe_text(v) for v in value)
    if isinstance(value, dict):
        return True  # no question type answers with an object
    return False


def _plain_data(value: Any, depth: int = 0) -> bool:
    """Whether a JSON value holds only plain data a terminal may show: texts without control or bidi
    characters, numbers, booleans, and lists and objects of those, nested a few levels at most."""
    if isinstance(value, str):
        return not has_unsafe(value)
    if value is None or isinstance(value, (bool, int, float)):
        return True
    if depth >= 5:
        return False
    if isinstance(value, list):
        return all(_plain_data(v, depth + 1) for v in value)
    if isinstance(value, dict):
        return all(_plain_data(k, depth + 1) and _plain_data(v, depth + 1) for k, v in value.items())
    return False


def _regrade(check: Checker, answer: AnswerRecord, where: str, library: Library | None) -> None:
    """Grade the response again when its question is loaded unchanged; report a score that differs."""
    question: Question | None = library.question(answer.question_key) if library is not None else None
    if question is None or question.content_hash != answer.content_hash:
        check.found.unchecked += 1
        # What the grader found is shown to trainers as the grader's: from a file it is not (its shape
        # unchecked), so it is dropped; the reason, one of three words, stays.
        answer.detail = None
        return
    from ..grading import grade, review_reason

    # A cohort gives the same answer to the same question over and over: each is graded once.
    memo_key = (question.key, answer.content_hash, shown_full(answer.response))
    mark = check.marks.get(memo_key)
    if mark is None:
        try:
            mark = check.marks[memo_key] = grade(question, answer.response)
        except (TypeError, ValueError, KeyError, IndexError, AttributeError):
            check.bad(f"{where}.response", "response", answer.response, type=question.type.value)
            return
    check.found.regraded += 1
    # Why the mark needs a trainer, and what the grader found: this build's own, not the file's.
    answer.review_reason = review_reason(mark)
    answer.detail = dict(mark.detail) if answer.review_reason else None
    if mark.max_points != answer.max_points:
        check.bad(f"{where}.max_points", "regrade", answer.max_points, claimed=_num(answer.max_points),
                  actual=_num(mark.max_points), key=question.key)
    elif (mark.fraction, mark.points) != answer.automatic:  # a trainer's verdict is checked by _check_verdicts
        claimed = answer.automatic[1]
        check.bad(f"{where}.{'points' if answer.auto_points is None else 'auto_points'}", "regrade", claimed,
                  claimed=_num(claimed), actual=_num(mark.points), key=question.key)


def _check_consistency(check: Checker, record: AttemptRecord, answers: list[AnswerRecord], where: str,
                       library: Library | None) -> None:
    """An attempt agrees with itself, and with its exam when that is loaded."""
    exam_mode = record.mode == AttemptMode.EXAM
    if exam_mode and record.exam_id is None:
        check.bad(f"{where}.exam_id", "exam-needed", None)
    if not exam_mode and record.exam_id is not None:
        check.bad(f"{where}.exam_id", "exam-only", record.exam_id, mode=record.mode.value)
    if record.state == AttemptState.IN_PROGRESS:
        for name in ("score", "max_score", "passed", "finished_at"):
            if getattr(record, name) is not None:
                check.bad(f"{where}.{name}", "unfinished", getattr(record, name))
    else:
        _check_final(check, record, answers, where)
    if exam_mode and record.exam_id is not None and library is not None:
        _check_against_exam(check, record, where, library)


def _check_final(check: Checker, record: AttemptRecord, answers: list[AnswerRecord], where: str) -> None:
    for name in ("score", "max_score", "finished_at"):
        if getattr(record, name) is None:
            check.bad(f"{where}.{name}", "finished-needs", None)
    if record.score is None or record.max_score is None:
        return
    total = sum((a.points for a in answers), Fraction(0))
    most = sum((a.max_points for a in answers), Fraction(0))
    if record.score != total:
        check.bad(f"{where}.score", "sum", record.score, total=_num(total))
    if record.score > record.max_score:
        check.bad(f"{where}.score", "over-max", record.score, max=_num(record.max_score))
    if record.max_score < most:
        check.bad(f"{where}.max_score", "max", record.max_score, total=_num(most))
    if record.pass_mark is None:
        if record.passed is not None:
            check.bad(f"{where}.passed", "no-pass-mark", record.passed)
        return
    expected = passes(record.score, record.max_score, record.pass_mark)
    if record.passed is not expected:
        check.bad(f"{where}.passed", "passed", record.passed,
                  percent=percent_text(fraction_of(record.score, record.max_score), 1),
                  mark=pass_mark_text(record.pass_mark), expected=json.dumps(expected))


def _check_against_exam(check: Checker, record: AttemptRecord, where: str, library: Library) -> None:
    """An exam attempt's settings are the exam's, and each planned question is one the exam draws from."""
    exam = library.exam(record.exam_id or "")
    if exam is None:
        check.found.exams_not_loaded.add(record.exam_id or "")
        return
    if record.pass_mark != exam.pass_mark:
        check.bad(f"{where}.pass_mark", "exam-setting", record.pass_mark, exam=exam.id, expected=_num(exam.pass_mark))
    limit = None if exam.time_limit is None else float(exam.time_limit)
    if not _same_optional(record.time_limit, limit):
        check.bad(f"{where}.time_limit", "exam-setting", record.time_limit, exam=exam.id,
                  expected="null" if limit is None else _num(limit))
    for n, entry in enumerate(record.plan):
        question = library.question(entry["key"])
        drawable = any(entry["key"] in s.questions or (question is not None and s.bank == question.bank
                                                         and s.matches(question)) for s in exam.sections)
        if not drawable and (question is not None or entry["key"].split("/")[0] in {s.bank for s in exam.sections}):
            check.bad(f"{where}.plan[{n}].key", "exam-plan", entry["key"], exam=exam.id)
    from ..session import draw_exam

    expected = len(draw_exam(exam, library, record.seed))
    if len(record.plan) != expected:
        check.bad(f"{where}.plan", "exam-size", len(record.plan), exam=exam.id, expected=expected)


def _check_overrides(check: Checker, obj: dict[str, Any], where: str,
                     plan: list[dict[str, Any]] | None) -> list[OverrideRecord] | None:
    """Trainers' verdicts on the attempt's marks: who, when, which answer, what share, why."""
    from ..overrides import Verdict

    if "overrides" not in obj:
        return []
    limit = len(plan) if plan is not None else MAX_PLAN
    verdicts = check.items(obj, where, "overrides", 0, MAX_OVERRIDES_PER_QUESTION * max(1, limit))
    if verdicts is None:
        return None
    out: list[OverrideRecord] = []
    before = len(check.found.problems)
    for n, entry in enumerate(verdicts):
        here = f"{where}.overrides[{n}]"
        item = check.fields(entry, here, [name for name in _names(OverrideRecord) if name != "attempt_id"])
        if item is None:
            continue
        values = (
            check.text(item, here, "id", pattern=RECORD_ID, limit=64),
            check.number(item, here, "position", 0, max(0, limit - 1), whole=True),
            check.moment(item, here, "at"),
            check.text(item, here, "trainer"),
            check.choice(item, here, "verdict", [v.value for v in Verdict]),
            check.score(item, here, "fraction", 0, 1),
            check.text(item, here, "comment", limit=MAX_TEXT, nullable=True, required=False),
        )
        if MISSING not in values:
            out.append(OverrideRecord(*values))
    return out if len(check.found.problems) == before else None


def _check_verdicts(check: Checker, record: AttemptRecord, answers: list[AnswerRecord],
                    overrides: list[OverrideRecord], where: str) -> None:
    """Verdicts agree with the marks: an answer overridden exactly when it has verdicts, its share the
    latest verdict's, each verdict's share what it says (accept all, reject none, keep the grader's),
    and the grader's score and decision kept beside the attempt's."""
    by_position = {a.position: (n, a) for n, a in enumerate(answers)}
    latest: dict[int, OverrideRecord] = {}
    for n, verdict in enumerate(overrides):
        here = f"{where}.overrides[{n}]"
        if verdict.position not in by_position:
            check.bad(f"{here}.position", "verdict-answer", verdict.position)
            continue
        answer = by_position[verdict.position][1]
        expected = {"accept": Fraction(1), "reject": Fraction(0), "keep": answer.automatic[0]}.get(verdict.verdict)
        if (expected is not None and verdict.fraction != expected) or (
                expected is None and not 0 < verdict.fraction < 1):
            check.bad(f"{here}.fraction", "verdict-share", exact_text(verdict.fraction), verdict=verdict.verdict)
        if verdict.position not in latest or (verdict.at, verdict.id) > (latest[verdict.position].at,
                                                                         latest[verdict.position].id):
            latest[verdict.position] = verdict
    if overrides and record.state != AttemptState.FINISHED:
        check.bad(f"{where}.overrides", "unfinished", len(overrides))
    for position, (n, answer) in by_position.items():
        last = latest.get(position)
        if (answer.auto_fraction is not None) != (last is not None):
            check.bad(f"{where}.answers[{n}].auto_fraction", "verdict-missing" if last is None else "verdict-mark",
                      None if answer.auto_fraction is None else exact_text(answer.auto_fraction))
        elif last is not None and last.fraction != answer.fraction:
            check.bad(f"{where}.answers[{n}].fraction", "verdict-share-answer", exact_text(answer.fraction),
                      expected=_num(last.fraction))
    _check_automatic_score(check, record, answers, where)


def _check_automatic_score(check: Checker, record: AttemptRecord, answers: list[AnswerRecord], where: str) -> None:
    """The grader's score beside an overridden attempt: the sum of the grader's marks, and its decision."""
    overridden = any(a.auto_fraction is not None for a in answers)
    if not overridden or record.score is None or record.max_score is None:
        if record.auto_score is not None or record.auto_passed is not None:
            check.bad(f"{where}.auto_score", "auto-unused",
                      record.auto_score if record.auto_score is not None else record.auto_passed)
        return
    total = sum((a.automatic[1] for a in answers), Fraction(0))
    if record.auto_score != total:
        check.bad(f"{where}.auto_score", "sum", record.auto_score, total=_num(total))
    elif record.pass_mark is not None:
        expected = passes(total, record.max_score, record.pass_mark)
        if record.auto_passed is not expected:
            check.bad(f"{where}.auto_passed", "passed", record.auto_passed,
                      percent=percent_text(fraction_of(total, record.max_score), 1),
                      mark=pass_mark_text(record.pass_mark), expected=json.dumps(expected))


def _same_optional(a: float | None, b: float | None) -> bool:
    if a is None or b is None:
        return a is None and b is None
    return _same(a, b)


def _check_reviews(check: Checker, reviews: Any, trainee_ids: set[str], found: Checked) -> None:
    if not isinstance(reviews, list):
        check.bad("reviews", "type", reviews, expected="list")
        return
    if len(reviews) > MAX_REVIEWS:
        check.bad("reviews", "count", len(reviews), low=0, high=MAX_REVIEWS)
        return
    for index, entry in enumerate(reviews):
        where = f"reviews[{index}]"
        obj = check.fields(entry, where, ["trainee_id"] + _names(ReviewState))
        if obj is None:
            continue
        before = len(found.problems)
        trainee_id = check.text(obj, where, "trainee_id", pattern=RECORD_ID, limit=64)
        if isinstance(trainee_id, str) and trainee_id not in trainee_ids:
            check.bad(f"{where}.trainee_id", "trainee", trainee_id)
        key = check.text(obj, where, "question_key", limit=130)
        if isinstance(key, str) and not _question_key(key):
            check.bad(f"{where}.question_key", "pattern", key)
        bank = check.text(obj, where, "bank", pattern=ID_RE, limit=64)
        digest = check.text(obj, where, "content_hash", pattern=HASH, limit=16)
        due = check.moment(obj, where, "due")
        last = check.moment(obj, where, "last_review", nullable=True) if "last_review" in obj else None
        count = check.number(obj, where, "reviews", 0, 1_000_000, whole=True) if "reviews" in obj else 0
        wrong = check.number(obj, where, "wrong", 0, 1_000_000, whole=True) if "wrong" in obj else 0
        card = obj.get("card", MISSING)
        if not _card_ok(card):
            check.bad(f"{where}.card", "card", card)
        if len(found.problems) == before:
            found.reviews.append((trainee_id, ReviewState(question_key=key, bank=bank, content_hash=digest, card=card,
                                                          due=due, last_review=last, reviews=count, wrong=wrong)))


def _card_ok(card: Any) -> bool:
    """Whether the FSRS scheduler can read a review card (a damaged one would break `review` later)."""
    if not isinstance(card, dict) or len(shown_full(card)) > 2000:
        return False
    from fsrs import Card

    try:
        Card.from_dict(card)  # type: ignore[arg-type]
        return True
    except (TypeError, ValueError, KeyError, AttributeError, OverflowError):
        return False

