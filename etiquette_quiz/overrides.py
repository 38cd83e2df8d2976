"""Trainer review of typed answers: the verdicts a trainer gives, and giving one.

The grader marks every answer the moment it is given; for a typed answer it is unsure of it
also records why (grading.review_reason), and the answer waits in the review queue of
`etiquette-quiz results review` (store Results.review_queue). A trainer's verdict is stored
beside the grader's mark, with who gave it, when and why; nothing is overwritten, and a
verdict can be revised by another (the latest stands). The verdict's mark is the answer's mark
from then on: in the attempt's score and pass or fail, history, exports, the report and the
trainee's review schedule (store/overrides.py says how each is worked out).
"""

from __future__ import annotations

import uuid
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime
from enum import StrEnum
from fractions import Fraction

from .errors import UserError
from .model import AttemptState, Library
from .scores import parse_share
from .store import AnswerRecord, AttemptRecord, Results, Store
from .store.overrides import add_override, apply_overrides, overrides_of, question_types
from .store.queries import OverrideTotals
from .store.records import OverrideRecord


class Verdict(StrEnum):
    """What a trainer makes of a mark."""

    ACCEPT = "accept"  # the answer is right: all the points
    CREDIT = "credit"  # a share of the points the trainer names exactly (1/2, 2/3)
    REJECT = "reject"  # the answer is wrong: no points
    KEEP = "keep"  # the grader's mark stands; the answer leaves the queue


# Why an answer waits for a trainer (grading.review_reason) and each verdict, as interface strings:
# the reason's name and what it means; the verdict's name.
REASON_WORDS = {
    "forbidden": ("review-reason.forbidden", "review-reason.forbidden-why"),
    "near-miss": ("review-reason.near-miss", "review-reason.near-miss-why"),
    "partial": ("review-reason.partial", "review-reason.partial-why"),
}
VERDICT_WORDS = {Verdict.ACCEPT.value: "review-verdict.accept", Verdict.CREDIT.value: "review-verdict.credit",
                 Verdict.REJECT.value: "review-verdict.reject", Verdict.KEEP.value: "review-verdict.keep"}


@dataclass(frozen=True)
class Change:
    """What one verdict changed: the answer's share of its points, the attempt's score and pass or fail."""

    override: OverrideRecord
    max_points: Fraction
    before: Fraction  # the answer's share before the verdict
    after: Fraction
    score_before: Fraction | None
    score_after: Fraction | None
    max_score: Fraction | None
    passed_before: bool | None
    passed_after: bool | None


def credit_share(text: str) -> Fraction:
    """The share of the points `--credit` gives: '1/2', '2/3', '50%', '0.5'; a clear error otherwise."""
    share = parse_share(text)
    if share is None:
        raise UserError("error.review-credit", value=text)
    return share


def parse_target(text: str) -> tuple[str, int]:
    """(attempt id prefix, position from 0) of ATTEMPT:POSITION as `results review --list` prints it (from 1)."""
    prefix, _, number = text.rpartition(":")
    if not prefix or not number.isdigit() or int(number) < 1:
        raise UserError("error.review-target", value=text)
    return prefix, int(number) - 1


def find_answer(store: Store, target: str) -> tuple[AttemptRecord, AnswerRecord]:
    """The finished attempt and the answer ATTEMPT:POSITION names; a clear error for any other."""
    prefix, position = parse_target(target)
    found = store.find_attempts(prefix)
    if len(found) != 1:
        raise UserError("error.review-no-attempt" if not found else "error.ambiguous-attempt", attempt=prefix,
                        count=len(found))
    attempt = found[0]
    if attempt.state != AttemptState.FINISHED:
        raise UserError("error.review-unfinished", attempt=attempt.id[:8])
    answer = next((a for a in store.answers(attempt.id) if a.position == position), None)
    if answer is None:
        raise UserError("error.review-no-answer", attempt=attempt.id[:8], position=position + 1,
                        count=len(attempt.plan))
    return attempt, answer


def share_for(verdict: Verdict, answer: AnswerRecord, credit: Fraction | None = None) -> Fraction:
    """The share of the points a verdict gives `answer`."""
    if verdict is Verdict.ACCEPT:
        return Fraction(1)
    if verdict is Verdict.REJECT:
        return Fraction(0)
    if verdict is Verdict.KEEP:
        return answer.automatic[0]
    if credit is None:
        raise UserError("error.review-credit", value="")
    return credit


def give_verdict(store: Store, library: Library, attempt: AttemptRecord, answer: AnswerRecord, verdict: Verdict, *,
                 trainer: str, now: datetime, credit: Fraction | None = None, comment: str | None = None) -> Change:
    """Store a trainer's verdict on one answer and carry its mark into the attempt and the review schedule.

    The records given may be old (a queue read before other verdicts on the same attempt): the
    answer and the attempt are read again under the write lock, so the change reported is this one's.
    """
    if not trainer.strip():
        raise UserError("error.review-no-trainer")

    with store.write():
        before = store.attempt(attempt.id) or attempt
        current = next((a for a in store.answers(attempt.id) if a.position == answer.position), answer)
        record = OverrideRecord(
            id=str(uuid.uuid4()), position=answer.position, at=now.isoformat(timespec="milliseconds"),
            trainer=trainer.strip(), verdict=verdict.value, fraction=share_for(verdict, current, credit),
            comment=(comment or "").strip() or None, attempt_id=attempt.id)
        add_override(store, attempt.id, record)
        apply_overrides(store, attempt.id, {answer.position}, question_types(library))
        after = store.attempt(attempt.id) or before
    return Change(override=record, max_points=current.max_points, before=current.fraction, after=record.fraction,
                  score_before=before.score, score_after=after.score, max_score=after.max_score,
                  passed_before=before.passed, passed_after=after.passed)


def history_of(store: Store, attempt_id: str, position: int) -> list[OverrideRecord]:
    """Every verdict given on one answer, oldest first (the last one stands)."""
    return overrides_of(store, attempt_id, position)


@dataclass(frozen=True)
class KeyLine:
    """One question's answers put before trainers, and which way trainers moved the grader's marks (`report`)."""

    key: str
    bank: str
    type: str  # the question type; '' for a question no longer in the banks
    flagged: int  # answers the grader was unsure of
    reviewed: int  # answers a trainer gave a verdict on
    raised: int  # ... and gave more than the grader did: the key misses a right wording
    lowered: int  # ... and gave less: the key lets a wrong answer through

    @property
    def kept(self) -> int:
        """Verdicts that left the grader's mark as it was."""
        return self.reviewed - self.raised - self.lowered


def keys_to_fix(results: Results, library: Library) -> list[KeyLine]:
    """Per question, how often trainers overrode the grader and which way: the most marks changed first."""
    return key_lines(results.override_totals(), library)


def key_lines(totals: Iterable[OverrideTotals], library: Library) -> list[KeyLine]:
    """The report's lines of trainers' verdicts from the store's totals (Results.override_totals), in their order."""
    lines = []
    for line in totals:
        question = library.question(line.key)
        lines.append(KeyLine(line.key, line.bank, question.type.value if question else "", line.flagged,
                             line.reviewed, line.raised, line.lowered))
    return lines
