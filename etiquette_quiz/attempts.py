"""An attempt's life in the store: start it, record each answer as given, resume it, finish it.

This is the only path from a quiz session to the results store: the session marks answers,
the AttemptRecorder saves each one before the session counts it (practice and review with
the question's review schedule; an exam's answer, first or changed, as the final answer and
as a line of the exam's log), and `finish` stores the result. Front ends (the terminal quiz,
tests, batch tools) only ask and show.

The exam clock. A running clock's deadline is fixed when the exam starts (started_at + time
limit, wall clock) and written twice: in the attempt's row and in the first line of its log,
which is only ever appended to. A resumed exam runs to the earliest deadline any of these
allow, so editing one column gives no time back; when they disagree the attempt is flagged
`clock-edited` for the trainer. Setting the system clock back is caught by the session
(the time counted never goes back) and flagged `clock-back`. What this cannot prove: a
trainee who edits every copy consistently, or sets the system clock back *before* starting,
is not caught — on a machine the trainee controls, only a clock elsewhere (a server) could.
"""

from __future__ import annotations

import time
import uuid
from collections.abc import Callable, Iterable, Sequence
from datetime import UTC, datetime, timedelta
from enum import StrEnum
from fractions import Fraction

from .errors import StoreUnreachable
from .grading import review_reason
from .model import (
    AttemptEvent,
    AttemptMode,
    ClockMode,
    Exam,
    FeedbackMode,
    Library,
    Mark,
    Navigation,
    Question,
    Response,
    ReviewOption,
)
from .review import ReviewState, update
from .session import CLOCK_TOLERANCE, QuizSession, Result, Slot, make_plan, slots_from_plan
from .store import AnswerRecord, AttemptRecord, EventRecord, Store, TraineeRecord


class Outcome(StrEnum):
    """How a quiz run ended."""

    FINISHED = "finished"  # handed in, or every question answered
    PAUSED = "paused"  # stopped early (Ctrl-C, end of input); the answers given are saved


def utc_clock() -> datetime:
    """Now, in UTC."""
    return datetime.now(UTC)


def stamp(moment: datetime) -> str:
    """A time as the store writes it."""
    return moment.isoformat(timespec="milliseconds")


def start(
    store: Store,
    *,
    trainee: TraineeRecord,
    mode: AttemptMode,
    questions: Sequence[Question],
    seed: int,
    library: Library,
    content_lang: str,
    now: datetime,
    exam: Exam | None = None,
) -> AttemptRecord:
    """Create an attempt for the drawn questions and save it before the first question is shown.

    An exam's running clock gets its deadline here, and the exam's log its first line.
    """
    versions = {}
    for question in questions:
        bank = library.bank(question.bank)
        versions[question.bank] = bank.version if bank else 0
    immediate = exam is None or exam.feedback is FeedbackMode.IMMEDIATE
    started_at = stamp(now)
    clock = deadline = None
    if exam is not None and exam.time_limit:
        clock = exam.clock.value
        if exam.clock is ClockMode.RUNNING:
            deadline = stamp(now + timedelta(seconds=exam.time_limit))
    attempt = AttemptRecord(
        id=str(uuid.uuid4()), trainee=trainee.name, employee_no=trainee.employee_no, mode=mode,
        trainee_id=trainee.id, exam_id=exam.id if exam else None,
        title=exam.title.get(content_lang) if exam else None, seed=seed, lang=content_lang,
        plan=make_plan(questions, seed), bank_versions=versions,
        feedback=(FeedbackMode.IMMEDIATE if immediate else FeedbackMode.END).value,
        started_at=started_at, time_limit=exam.time_limit if exam else None,
        pass_mark=exam.pass_mark if exam else None, deadline=deadline, clock=clock,
        navigation=exam.navigation.value if exam else None, review=exam.review.value if exam else None,
        seen_at=started_at,
    )
    first = None
    if exam is not None:
        first = EventRecord(AttemptEvent.START, started_at, 0.0,
                            detail={"deadline": deadline, "time_limit": attempt.time_limit, "clock": clock})
    store.create_attempt(attempt, first)
    return attempt


class AttemptRecorder:
    """Saves each answer of one attempt in one transaction; the session counts an answer only after this returns.

    Practice and review: the answer with the question's new review schedule. An exam: the answer
    as the question's final one and as a line of the exam's log (exam questions are scheduled
    for review when the exam is handed in, with the answers that stood).

    When the results server was lost while an answer was being saved, whether it arrived is
    unknown; the trainee sends it again once the server is back. A practice answer found saved
    then is not saved twice; an exam answer is saved again as the question's final one.
    """

    def __init__(self, store: Store, attempt: AttemptRecord, now: Callable[[], datetime] = utc_clock) -> None:
        self.store = store
        self.attempt = attempt
        self.now = now
        self.session: QuizSession | None = None  # set by open_session: an exam's times are the session's
        self.unsure: set[int] = set()  # positions whose save was cut off with the server

    def __call__(self, slot: Slot, response: Response, mark: Mark, seconds: float, elapsed: float) -> None:
        """Save one answer; the session counts it only if this returns."""
        if slot.position in self.unsure and self.attempt.mode != AttemptMode.EXAM:
            if any(a.position == slot.position for a in self.store.answers(self.attempt.id)):
                self.unsure.discard(slot.position)
                return
        try:
            self._save(slot, response, mark, seconds, elapsed)
        except StoreUnreachable:
            self.unsure.add(slot.position)
            raise
        self.unsure.discard(slot.position)

    def _save(self, slot: Slot, response: Response, mark: Mark, seconds: float, elapsed: float) -> None:
        question = slot.question
        assert question is not None
        now = self.session.now() if self.session is not None else self.now()
        reason = review_reason(mark)  # a mark the grader is unsure of waits for a trainer, with what it found
        answer = AnswerRecord(
            position=slot.position, question_key=slot.key, bank=question.bank, content_hash=question.content_hash,
            response=response, fraction=mark.fraction, points=mark.points, max_points=mark.max_points,
            seconds=round(seconds, 3), forbidden=list(mark.forbidden), answered_at=stamp(now),
            review_reason=reason, detail=mark.detail if reason else None,
        )
        if self.attempt.mode == AttemptMode.EXAM:
            if self.session is not None:
                _save_alerts(self.store, self.attempt, self.session)
            event = EventRecord(AttemptEvent.ANSWER, answer.answered_at, round(elapsed, 3), slot.position, response)
            self.store.save_exam_answer(self.attempt.id, answer, event)
            return
        trainee_id = self.attempt.trainee_id
        review = None
        if trainee_id is not None:
            schedule = _schedule(self.store, trainee_id, question, mark.fraction, seconds, now)
            review = (trainee_id, schedule) if schedule is not None else None
        self.store.record_answer(self.attempt.id, answer, elapsed, review=review)


def _schedule(store: Store, trainee_id: str, question: Question, fraction: Fraction, seconds: float,
              now: datetime) -> ReviewState | None:
    return update(store.review_state(trainee_id, question.key), question_key=question.key, bank=question.bank,
                  content_hash=question.content_hash, fraction=fraction, seconds=seconds,
                  qtype=question.type.value, now=now)


class ExamJournal:
    """Saves an exam's flags and blanks as lines of its log (the session's Journal)."""

    def __init__(self, store: Store, attempt: AttemptRecord, session: QuizSession) -> None:
        self.store = store
        self.attempt = attempt
        self.session = session

    def __call__(self, kind: AttemptEvent, position: int) -> None:
        """Save one event before the session counts it."""
        event = EventRecord(kind, stamp(self.session.now()), round(self.session.elapsed(), 3), position)
        self.store.log_events(self.attempt.id, [event])


def _parse(value: str | None) -> datetime | None:
    if not value:
        return None
    moment = datetime.fromisoformat(value)
    return moment if moment.tzinfo else moment.replace(tzinfo=UTC)


def clock_evidence(attempt: AttemptRecord, events: Sequence[EventRecord],
                   answers: Sequence[AnswerRecord]) -> tuple[datetime | None, list[str]]:
    """A running clock's deadline as the store shows it: the earliest any copy allows, and what disagrees.

    The copies: the row's deadline, its start plus its time limit, and the log's first line
    (its time plus the limit it recorded, and the deadline it recorded). An answer saved before
    the attempt started also means its start was moved.
    """
    limit = attempt.time_limit or 0
    started = _parse(attempt.started_at)
    copies: dict[str, datetime] = {}
    if (deadline := _parse(attempt.deadline)) is not None:
        copies["deadline"] = deadline
    if started is not None and limit:
        copies["started_at + time_limit"] = started + timedelta(seconds=limit)
    first = next((e for e in events if e.kind == AttemptEvent.START), None)
    detail = (first.detail or {}) if first is not None else {}
    if first is not None and (logged_start := _parse(first.at)) is not None and detail.get("time_limit"):
        copies["log: start + time_limit"] = logged_start + timedelta(seconds=float(detail["time_limit"]))
    if (logged := _parse(detail.get("deadline"))) is not None:
        copies["log: deadline"] = logged
    if not copies:
        return None, []
    earliest = min(copies.values())
    disagree = [name for name, moment in copies.items() if (moment - earliest).total_seconds() > 1]
    if first is None:
        disagree.append("log: start missing")
    answered = [moment for a in answers if (moment := _parse(a.answered_at)) is not None]
    if started is not None and answered and (started - min(answered)).total_seconds() > CLOCK_TOLERANCE:
        disagree.append("answered before started_at")
    return earliest, disagree


def _latest_seen(attempt: AttemptRecord, events: Sequence[EventRecord],
                 answers: Sequence[AnswerRecord]) -> datetime | None:
    """The latest time the store shows this attempt running (the floor for the clock on resume)."""
    stamps = [attempt.seen_at, attempt.started_at, *(e.at for e in events), *(a.answered_at for a in answers)]
    moments = [moment for value in stamps if (moment := _parse(value)) is not None]
    return max(moments) if moments else None


def open_session(
    store: Store,
    attempt: AttemptRecord,
    library: Library,
    *,
    clock: Callable[[], float] = time.monotonic,
    now: Callable[[], datetime] = utc_clock,
    answers: Iterable[AnswerRecord] | None = None,
    resumed: bool = False,
) -> QuizSession:
    """A session for a new or resumed attempt: its questions as planned, the answers already given restored.

    An exam's clock is checked against its log first (see the module docstring); what
    disagrees, and a system clock set back since the attempt was last seen, is flagged and
    logged before the first question is shown.
    """
    given = list(store.answers(attempt.id) if answers is None else answers)
    exam = attempt.mode == AttemptMode.EXAM
    events = store.events(attempt.id) if exam else []
    recorder = AttemptRecorder(store, attempt, now)
    deadline = started = None
    edited: list[str] = []
    elapsed_before = attempt.elapsed
    if attempt.clock == ClockMode.RUNNING.value:
        deadline, edited = clock_evidence(attempt, events, given)
        if deadline is not None and attempt.time_limit:
            started = deadline - timedelta(seconds=attempt.time_limit)
    file = library.exam(attempt.exam_id) if exam and attempt.exam_id else None
    if file is not None and file.time_limit and attempt.time_limit and attempt.time_limit > file.time_limit:
        # Only flagged: a trainer may have shortened the exam since, which must not cut this attempt short.
        edited.append("time_limit above the exam file's")
    elif exam:
        logged = max((e.elapsed for e in events), default=0.0)
        if logged - elapsed_before > CLOCK_TOLERANCE:  # the time used was set back in the store
            edited.append("elapsed")
        elapsed_before = max(elapsed_before, logged)
    session = QuizSession(
        attempt_id=attempt.id, mode=attempt.mode, slots=slots_from_plan(attempt.plan, library),
        recorder=recorder, time_limit=attempt.time_limit, pass_mark=attempt.pass_mark,
        immediate_feedback=attempt.feedback == FeedbackMode.IMMEDIATE, clock=clock, elapsed_before=elapsed_before,
        wall=now, started_at=started, deadline=deadline,
        seen_before=_latest_seen(attempt, events, given) if deadline is not None else None,
        navigation=Navigation(attempt.navigation or Navigation.SEQUENTIAL.value),
    )
    recorder.session = session
    if exam:
        session.journal = ExamJournal(store, attempt, session)
    session.restore(given, events)
    extra = []
    if edited:
        session.flags.add(AttemptEvent.CLOCK_EDITED.value)
        extra.append(_event(session, AttemptEvent.CLOCK_EDITED, {"disagree": edited}))
    if resumed and exam:
        extra.append(_event(session, AttemptEvent.RESUME))
    _save_alerts(store, attempt, session, extra)
    return session


def _event(session: QuizSession, kind: AttemptEvent, detail: dict[str, object] | None = None) -> EventRecord:
    return EventRecord(kind, stamp(session.now()), round(session.elapsed(), 3), detail=detail)


def _save_alerts(store: Store, attempt: AttemptRecord, session: QuizSession,
                 extra: Sequence[EventRecord] = (), wait: bool = True) -> None:
    """Log the clock trouble the session noticed since the last save (and `extra` lines) with the attempt's flags.

    The alerts are dropped from the session only once saved: a heartbeat that could not save
    them leaves them for the next save.
    """
    alerts = list(session.clock_alerts)
    events = [_event(session, AttemptEvent.CLOCK_BACK, dict(alert)) for alert in alerts]
    events += extra
    new_flags = sorted(session.flags - set(attempt.flags))
    if events or new_flags:
        store.log_events(attempt.id, events, new_flags, wait=wait)
        attempt.flags = attempt.flags + new_flags
    del session.clock_alerts[:len(alerts)]


def save_clock(store: Store, attempt: AttemptRecord, session: QuizSession, wait: bool = True) -> None:
    """Save the quiz time used so far and when the attempt was last seen running (the heartbeat of a running quiz).

    The heartbeat passes `wait=False`: it runs inside the prompt's event loop, where waiting
    for a busy store would freeze the clock on screen and an error would be printed as
    "Unhandled exception in event loop". A beat that cannot save is skipped; the next beat or
    answer saves the time.
    """
    try:
        _save_alerts(store, attempt, session, wait=wait)
        store.save_elapsed(attempt.id, session.elapsed(), stamp(session.now()), wait=wait)
    except StoreUnreachable:
        pass  # the next answer saves the clock too; a heartbeat must not end the quiz
    except Exception:  # noqa: BLE001 - busy, full or read-only: never an error inside the prompt
        if wait:
            raise


def pause(store: Store, attempt: AttemptRecord, session: QuizSession) -> None:
    """The trainee stopped (Ctrl-C, end of input): save the clock, and log the pause in an exam."""
    extra = [_event(session, AttemptEvent.PAUSE)] if attempt.mode == AttemptMode.EXAM else []
    _save_alerts(store, attempt, session, extra)
    store.save_elapsed(attempt.id, session.elapsed(), stamp(session.now()))


def finish(store: Store, attempt: AttemptRecord, session: QuizSession) -> Result:
    """Hand the attempt in: store its score, pass or fail and the time used; return the result.

    An exam's missed questions are scheduled for review now, with the answers that stood, unless
    the exam shows no answers after hand-in (a review run would show them).
    """
    result = session.result()
    limit = attempt.time_limit
    now = session.now()
    reviews = []
    event = None
    if attempt.mode == AttemptMode.EXAM:
        _save_alerts(store, attempt, session)
        event = _event(session, AttemptEvent.TIME_UP if result.expired else AttemptEvent.HAND_IN)
        shows_answers = (attempt.review or ReviewOption.ANSWERS.value) == ReviewOption.ANSWERS.value
        if attempt.trainee_id is not None and shows_answers:
            for slot in session.available:
                mark = session.marks.get(slot.position)
                if mark is None or slot.question is None:
                    continue
                schedule = _schedule(store, attempt.trainee_id, slot.question, mark.fraction,
                                     session.time_on.get(slot.position, 0.0), now)
                if schedule is not None:
                    reviews.append((attempt.trainee_id, schedule))
    store.finish_attempt(attempt.id, score=result.score, max_score=result.max_score, passed=result.passed,
                         elapsed=min(result.elapsed, limit) if limit else result.elapsed,
                         finished_at=stamp(now), reviews=reviews, event=event)
    return result
