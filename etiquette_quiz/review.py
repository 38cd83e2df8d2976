"""Spaced repetition of missed questions, scheduled with FSRS (the `fsrs` library).

A question enters a trainee's schedule the first time it is answered wrong or partly wrong;
from then on every answer to it, in any mode, moves its next review: wrong -> Again,
partly right -> Hard, right -> Good, right and fast -> Easy. Pure functions of (state,
answer, time): the store saves the states and the clock comes from the caller.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, replace
from datetime import UTC, datetime
from fractions import Fraction
from typing import Any

from .model import Library, Question, QuestionType

LEECH_AFTER = 4  # wrong answers to one question before it is flagged as a "leech"

# An answer at least this quick (seconds) counts as fluent: right and fast -> Easy.
FAST_SECONDS: dict[QuestionType, float] = {
    QuestionType.TRUEFALSE: 6.0, QuestionType.SINGLE: 10.0, QuestionType.MULTI: 15.0, QuestionType.ORDER: 20.0,
    QuestionType.FILL: 20.0, QuestionType.MATCH: 25.0, QuestionType.SCRIPT: 45.0,
}

AGAIN, HARD, GOOD, EASY = 1, 2, 3, 4


@dataclass(frozen=True)
class ReviewState:
    """Where one question stands in one trainee's schedule."""

    question_key: str
    bank: str
    content_hash: str
    card: dict[str, Any]  # fsrs.Card.to_dict()
    due: str  # ISO 8601, UTC
    last_review: str | None = None
    reviews: int = 0
    wrong: int = 0

    @property
    def leech(self) -> bool:
        """Whether the trainee keeps missing this question."""
        return self.wrong >= LEECH_AFTER

    def due_at(self) -> datetime:
        """When the question is due, as a datetime."""
        return datetime.fromisoformat(self.due)


def rating_for(fraction: Fraction | float, seconds: float | None, qtype: str | None) -> int:
    """The FSRS rating of an answer (see the module docstring); shares are exact, so no tolerance is needed."""
    if fraction <= 0:
        return AGAIN
    if fraction < 1:
        return HARD
    limit = FAST_SECONDS.get(QuestionType(qtype)) if qtype in FAST_SECONDS else None
    if limit is not None and seconds is not None and seconds <= limit:
        return EASY
    return GOOD


_scheduler: Any = None


def _fsrs() -> Any:
    """The scheduler, built once; fuzzing is off so that a schedule is reproducible."""
    global _scheduler
    if _scheduler is None:
        from fsrs import Scheduler

        _scheduler = Scheduler(enable_fuzzing=False)
    return _scheduler


def update(
    state: ReviewState | None,
    *,
    question_key: str,
    bank: str,
    content_hash: str,
    fraction: Fraction | float,
    seconds: float | None,
    qtype: str | None,
    now: datetime,
) -> ReviewState | None:
    """The schedule after one answer; None while a question has never been missed."""
    if state is not None and state.content_hash != content_hash:
        state = None  # the trainer changed the question: its history no longer applies
    rating = rating_for(fraction, seconds, qtype)
    if state is None and rating not in (AGAIN, HARD):
        return None
    from fsrs import Card, Rating

    card = Card.from_dict(state.card) if state else Card(card_id=0, due=now)  # type: ignore[arg-type]
    card, _ = _fsrs().review_card(card, Rating(rating), review_datetime=now)
    return ReviewState(
        question_key=question_key, bank=bank, content_hash=content_hash, card=card.to_dict(),
        due=card.due.astimezone(UTC).isoformat(), last_review=now.astimezone(UTC).isoformat(),
        reviews=(state.reviews if state else 0) + 1, wrong=(state.wrong if state else 0) + (rating == AGAIN),
    )


@dataclass(frozen=True)
class DueItem:
    """A question due for review, with its schedule."""

    state: ReviewState
    question: Question
    fresh: bool  # the question changed since it was scheduled: it starts over


def due_queue(
    states: Iterable[ReviewState],
    library: Library,
    now: datetime,
    banks: Sequence[str] = (),
    count: int | None = None,
) -> list[DueItem]:
    """Questions due for review, the longest overdue first.

    A question whose content changed since it was scheduled starts fresh and is due now;
    one that left the banks is not offered.
    """
    items: list[DueItem] = []
    for state in states:
        question = library.question(state.question_key)
        if question is None or (banks and question.bank not in banks):
            continue
        if question.content_hash != state.content_hash:
            fresh = replace(state, due=now.astimezone(UTC).isoformat(), wrong=0, reviews=0)
            items.append(DueItem(fresh, question, True))
        elif state.due_at() <= now:
            items.append(DueItem(state, question, False))
    items.sort(key=lambda item: (item.state.due, item.state.question_key))
    return items if count is None else items[:count]
