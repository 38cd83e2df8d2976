"""An attempt's life in the store: start it, record each answer as given, resume it, finish it.

This is the only path from a quiz session to the results store: the session marks answers,
the AttemptRecorder saves each one (with its review schedule) before the session counts it,
and `finish` stores the result. Front ends (the terminal quiz, tests, batch tools) only ask
and show.
"""

from __future__ import annotations

import time
import uuid
from collections.abc import Callable, Iterable, Sequence
from datetime import UTC, datetime
from enum import StrEnum

from .model import AttemptMode, Exam, FeedbackMode, Library, Mark, Question, Response
from .review import update
from .session import QuizSession, Result, Slot, make_plan, slots_from_plan
from .store import AnswerRecord, AttemptRecord, Store, TraineeRecord


class Outcome(StrEnum):
    """How a quiz run ended."""

    FINISHED = "finished"  # handed in, or every question answered
    PAUSED = "paused"  # stopped early (Ctrl-C, end of input); the answers given are saved


def utc_clock() -> datetime:
    """Now, in UTC."""
    return datetime.now(UTC)


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
    """Create an attempt for the drawn questions and save it before the first question is shown."""
    versions = {}
    for question in questions:
        bank = library.bank(question.bank)
        versions[question.bank] = bank.version if bank else 0
    immediate = exam is None or exam.feedback is FeedbackMode.IMMEDIATE
    attempt = AttemptRecord(
        id=str(uuid.uuid4()), trainee=trainee.name, employee_no=trainee.employee_no, mode=mode,
        trainee_id=trainee.id, exam_id=exam.id if exam else None,
        title=exam.title.get(content_lang) if exam else None, seed=seed, lang=content_lang,
        plan=make_plan(questions, seed), bank_versions=versions,
        feedback=(FeedbackMode.IMMEDIATE if immediate else FeedbackMode.END).value,
        started_at=now.isoformat(timespec="milliseconds"), time_limit=exam.time_limit if exam else None,
        pass_mark=exam.pass_mark if exam else None,
    )
    store.create_attempt(attempt)
    return attempt


class AttemptRecorder:
    """Saves each answer of one attempt, with the question's new review schedule, in one transaction.

    It is the session's Recorder: the session counts an answer only after this returns.
    """

    def __init__(self, store: Store, attempt: AttemptRecord, now: Callable[[], datetime] = utc_clock) -> None:
        self.store = store
        self.attempt = attempt
        self.now = now

    def __call__(self, slot: Slot, response: Response, mark: Mark, seconds: float, elapsed: float) -> None:
        """Save one answer; the session counts it only if this returns."""
        question = slot.question
        assert question is not None
        trainee_id = self.attempt.trainee_id
        now = self.now()
        schedule = None
        if trainee_id is not None:
            schedule = update(self.store.review_state(trainee_id, slot.key), question_key=slot.key,
                              bank=question.bank, content_hash=question.content_hash, fraction=mark.fraction,
                              seconds=seconds, qtype=question.type.value, now=now)
        answer = AnswerRecord(
            position=slot.position, question_key=slot.key, bank=question.bank, content_hash=question.content_hash,
            response=response, fraction=mark.fraction, points=mark.points, max_points=mark.max_points,
            seconds=round(seconds, 3), forbidden=list(mark.forbidden),
            answered_at=now.isoformat(timespec="milliseconds"),
        )
        review = (trainee_id, schedule) if trainee_id is not None and schedule is not None else None
        self.store.record_answer(self.attempt.id, answer, elapsed, review=review)


def open_session(
    store: Store,
    attempt: AttemptRecord,
    library: Library,
    *,
    clock: Callable[[], float] = time.monotonic,
    now: Callable[[], datetime] = utc_clock,
    answers: Iterable[AnswerRecord] | None = None,
) -> QuizSession:
    """A session for a new or resumed attempt: its questions as planned, the answers already given restored."""
    session = QuizSession(
        attempt_id=attempt.id, mode=attempt.mode, slots=slots_from_plan(attempt.plan, library),
        recorder=AttemptRecorder(store, attempt, now), time_limit=attempt.time_limit, pass_mark=attempt.pass_mark,
        immediate_feedback=attempt.feedback == FeedbackMode.IMMEDIATE, clock=clock, elapsed_before=attempt.elapsed,
    )
    session.restore(store.answers(attempt.id) if answers is None else answers)
    return session


def save_clock(store: Store, attempt: AttemptRecord, session: QuizSession, wait: bool = True) -> None:
    """Save the quiz time used so far (the heartbeat of a running quiz, and on pausing).

    The heartbeat passes `wait=False`: it runs inside the prompt's event loop, where waiting
    for a busy store would freeze the clock on screen and an error would be printed as
    "Unhandled exception in event loop". A beat that cannot save is skipped; the next beat or
    answer saves the time.
    """
    if wait:
        store.save_elapsed(attempt.id, session.elapsed())
        return
    try:
        store.save_elapsed(attempt.id, session.elapsed(), wait=False)
    except Exception:  # noqa: BLE001 - busy, full or read-only: never an error inside the prompt
        pass


def finish(store: Store, attempt: AttemptRecord, session: QuizSession, now: datetime) -> Result:
    """Hand the attempt in: store its score, pass or fail and the time used; return the result."""
    result = session.result()
    limit = attempt.time_limit
    store.finish_attempt(attempt.id, score=result.score, max_score=result.max_score, passed=result.passed,
                         elapsed=min(result.elapsed, limit) if limit else result.elapsed,
                         finished_at=now.isoformat(timespec="milliseconds"))
    return result
