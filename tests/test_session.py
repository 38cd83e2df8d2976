"""The quiz state machine: seeded draws and shuffles, the timer, skipping, results."""

from __future__ import annotations

from collections import Counter
from fractions import Fraction as F

import pytest

from etiquette_quiz.banks import load_library, load_paths
from etiquette_quiz.model import ChoiceBody, QuestionType
from etiquette_quiz.session import (
    QuizSession,
    SessionError,
    TimeUp,
    draw_exam,
    draw_practice,
    filter_questions,
    layout_for,
    make_plan,
    slots_from_plan,
)

from .conftest import DATA

SAMPLE = load_paths([DATA]).library
BUNDLED = load_library().library


class FakeClock:
    def __init__(self) -> None:
        self.now = 1000.0

    def __call__(self) -> float:
        return self.now

    def advance(self, seconds: float) -> None:
        self.now += seconds


def session(questions, clock=None, time_limit=None, pass_mark=None, seed=5):
    recorded = []
    plan = make_plan(questions, seed)
    slots = slots_from_plan(plan, SAMPLE if questions[0].bank == "sample" else BUNDLED)
    quiz = QuizSession(
        attempt_id="a", mode="exam", slots=slots,
        recorder=lambda slot, response, mark, seconds, elapsed: recorded.append((slot.key, response, mark.fraction, seconds, elapsed)),
        time_limit=time_limit, pass_mark=pass_mark, clock=clock or FakeClock(),
    )
    return quiz, recorded


def test_filters():
    questions = SAMPLE.questions
    assert [q.id for q in filter_questions(questions, types=["single"])] == ["ring-count", "silent-call"]
    assert [q.id for q in filter_questions(questions, tags=["情景"])] == ["silent-call", "hold-script"]
    assert [q.id for q in filter_questions(questions, difficulty=[1])] == ["ring-count"]
    assert filter_questions(questions, banks=["nope"]) == []


def test_practice_draw_is_reproducible_with_a_seed():
    pool = BUNDLED.questions
    first = [q.key for q in draw_practice(pool, 10, seed=42)]
    assert first == [q.key for q in draw_practice(pool, 10, seed=42)]
    assert first != [q.key for q in draw_practice(pool, 10, seed=43)]
    assert len(set(first)) == 10
    assert len(draw_practice(pool[:3], 10, seed=1)) == 3


def test_exam_draw_follows_sections_in_order():
    exam = BUNDLED.exam("phone-desk")
    drawn = draw_exam(exam, BUNDLED, seed=9)
    assert len(drawn) == 20 and len({q.key for q in drawn}) == 20
    assert [q.type for q in drawn[:5]] == [QuestionType.SCRIPT] * 5
    assert [q.bank for q in drawn[:3]] == ["phone-scripts"] * 3
    assert [q.bank for q in drawn[-4:]] == ["complaints"] * 4
    assert [q.key for q in drawn] == [q.key for q in draw_exam(exam, BUNDLED, seed=9)]


def test_layouts_are_seeded_per_question_and_order_is_never_shown_solved():
    for question in BUNDLED.questions:
        layout = layout_for(question, 11)
        assert layout == layout_for(question, 11)
        if question.type is QuestionType.ORDER:
            assert layout["steps"] != sorted(layout["steps"])
        if isinstance(question.body, ChoiceBody):
            assert sorted(layout["choices"]) == sorted(question.body.choice_ids)


def test_no_position_is_favoured_for_the_correct_choice():
    """Over many attempts the right answer of a single question lands on every position alike."""
    singles = [q for q in BUNDLED.questions if q.type is QuestionType.SINGLE]
    positions = Counter()
    for seed in range(40):
        for question in singles:
            positions[layout_for(question, seed)["choices"].index("c0")] += 1
    # Most bundled singles have four choices; compare positions 0-2, which all of them have.
    firsts = [positions[i] for i in range(3)]
    assert max(firsts) / min(firsts) < 1.1, positions


def test_submit_records_before_it_counts():
    questions = [q for q in SAMPLE.questions if q.id in ("ring-count", "late-apology")]
    clock = FakeClock()
    quiz, recorded = session(questions, clock)
    first = quiz.next_slot()
    clock.advance(4)
    mark = quiz.submit(first, "c0" if first.question.id == "ring-count" else True, seconds=4)
    assert mark.correct
    assert recorded == [(first.key, recorded[0][1], 1.0, 4, 4.0)]
    with pytest.raises(SessionError):
        quiz.submit(first, "c0", seconds=1)


def test_a_failing_recorder_keeps_the_question_open():
    questions = [q for q in SAMPLE.questions if q.id == "ring-count"]
    plan = make_plan(questions, 1)

    def broken(*args):
        raise OSError("disk full")

    quiz = QuizSession(attempt_id="a", mode="practice", slots=slots_from_plan(plan, SAMPLE), recorder=broken)
    slot = quiz.next_slot()
    with pytest.raises(OSError):
        quiz.submit(slot, "c0", 1)
    assert not quiz.is_answered(slot.position)


def test_timer_with_an_injected_clock():
    clock = FakeClock()
    quiz, _ = session(list(SAMPLE.questions[:2]), clock, time_limit=60)
    assert quiz.remaining() == 60
    clock.advance(45)
    assert quiz.remaining() == 15 and not quiz.expired()
    clock.advance(15)
    assert quiz.expired()
    with pytest.raises(TimeUp):
        quiz.submit(quiz.next_slot(), "c0", 60)
    result = quiz.result()
    assert result.expired and result.answered == 0 and result.score == 0


def test_time_used_before_a_resume_counts():
    clock = FakeClock()
    quiz = QuizSession(attempt_id="a", mode="exam", slots=[], recorder=lambda *a: None, time_limit=100,
                       clock=clock, elapsed_before=70)
    clock.advance(10)
    assert quiz.elapsed() == 80 and quiz.remaining() == 20


def test_skipped_questions_come_back_when_asked():
    questions = [q for q in SAMPLE.questions if q.id in ("ring-count", "late-apology", "ring-fill")]
    quiz, _ = session(questions)
    first = quiz.next_slot()
    quiz.skip(first)
    second = quiz.next_slot()
    assert second.position != first.position
    quiz.skip(second)
    third = quiz.next_slot()
    quiz.skip(third)
    assert quiz.next_slot() is None and len(quiz.pending()) == 3
    quiz.revisit_skipped()
    assert quiz.next_slot() == first


def test_result_scores_pass_mark_and_banks():
    questions = [q for q in SAMPLE.questions if q.id in ("ring-count", "rude-phrases", "late-apology", "ring-fill")]
    quiz, _ = session(questions, pass_mark=0.8)
    answers = {"ring-count": "c0", "rude-phrases": ["c0"], "late-apology": True}
    while (slot := quiz.next_slot()) is not None:
        if slot.question.id in answers:
            quiz.submit(slot, answers[slot.question.id], 1)
        else:
            quiz.skip(slot)
    result = quiz.result()
    assert (result.score, result.max_score, result.answered, result.total) == (2.5, 4.0, 3, 4)
    assert result.fraction == 0.625 and result.passed is False
    assert [(b.bank, b.score, b.max_score) for b in result.by_bank] == [("sample", 2.5, 4.0)]
    assert sorted(slot.question.id for slot, _, _ in result.missed) == ["ring-fill", "rude-phrases"]


def test_pass_mark_boundary_counts_as_a_pass():
    questions = [q for q in SAMPLE.questions if q.id in ("ring-count", "late-apology", "ring-fill", "silent-call", "rude-phrases")]
    quiz, _ = session(questions, pass_mark=F(4, 5))
    right = {"ring-count": "c0", "late-apology": True, "ring-fill": ["三"], "silent-call": "c0", "rude-phrases": ["w0"]}
    while (slot := quiz.next_slot()) is not None:
        quiz.submit(slot, right[slot.question.id], 1)
    assert quiz.result().fraction == F(4, 5) and quiz.result().passed is True


def test_plan_replays_missing_and_changed_questions():
    questions = [q for q in SAMPLE.questions if q.id in ("ring-count", "late-apology")]
    plan = make_plan(questions, 3)
    plan.append({"key": "sample/gone", "hash": "x", "layout": {}})
    plan[0]["hash"] = "edited-since"
    slots = slots_from_plan(plan, SAMPLE)
    assert [s.question is None for s in slots] == [False, False, True]
    assert [s.changed for s in slots] == [True, False, False]
