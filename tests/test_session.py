"""The quiz state machine: seeded draws and shuffles, the timer, skipping, results."""

from __future__ import annotations

from collections import Counter
from datetime import UTC, datetime, timedelta
from fractions import Fraction as F
from types import SimpleNamespace

import pytest

from etiquette_quiz.banks import load_library, load_paths
from etiquette_quiz.model import ChoiceBody, Navigation, QuestionType
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


def test_a_question_left_blank_in_a_sequential_exam_does_not_come_back():
    questions = [q for q in SAMPLE.questions if q.id in ("ring-count", "late-apology", "ring-fill")]
    quiz, _ = session(questions)
    logged = []
    quiz.journal = lambda kind, position: logged.append((kind, position))
    first = quiz.next_slot()
    quiz.skip(first)
    second = quiz.next_slot()
    assert second.position != first.position
    quiz.skip(second)
    quiz.skip(quiz.next_slot())
    assert quiz.next_slot() is None and len(quiz.pending()) == 3
    assert logged == [("skip", 0), ("skip", 1), ("skip", 2)]


class FakeWall:
    """A system clock that a test can move, forwards or back."""

    def __init__(self) -> None:
        self.now = datetime(2026, 11, 30, 9, 0, tzinfo=UTC)

    def __call__(self) -> datetime:
        return self.now

    def shift(self, seconds: float) -> None:
        self.now += timedelta(seconds=seconds)


def test_pass_mark_boundary_counts_as_a_pass():
    questions = [q for q in SAMPLE.questions if q.id in ("ring-count", "late-apology", "ring-fill", "silent-call", "rude-phrases")]
    quiz, _ = session(questions, pass_mark=F(4, 5))
    right = {"ring-count": "c0", "late-apology": True, "ring-fill": ["三"], "silent-call": "c0", "rude-phrases": ["w0"]}
    while (slot := quiz.next_slot()) is not None:
        quiz.submit(slot, right[slot.question.id], 1)
    assert quiz.result().fraction == F(4, 5) and quiz.result().passed is True


def running(questions, limit=600, seen_before=None, navigation=Navigation.FREE):
    """An exam session with a running clock, started at the fake wall clock's now."""
    mono, wall = FakeClock(), FakeWall()
    recorded = []
    quiz = QuizSession(
        attempt_id="a", mode="exam", slots=slots_from_plan(make_plan(questions, 5), SAMPLE),
        recorder=lambda slot, response, mark, seconds, elapsed: recorded.append((slot.position, response, seconds)),
        time_limit=limit, clock=mono, wall=wall, started_at=wall.now, deadline=wall.now + timedelta(seconds=limit),
        seen_before=seen_before, navigation=navigation,
    )
    return quiz, mono, wall, recorded


def tick(mono, wall, seconds):
    """Real time passing: both clocks move."""
    mono.advance(seconds)
    wall.shift(seconds)


def test_a_running_clock_counts_to_its_deadline():
    quiz, mono, wall, _ = running(SAMPLE.questions[:2], limit=600)
    tick(mono, wall, 100)
    assert quiz.remaining() == 500 and quiz.elapsed() == 100
    tick(mono, wall, 500)
    assert quiz.expired() and quiz.elapsed() == 600
    with pytest.raises(TimeUp):
        quiz.submit(quiz.available[0], "c0", 1)


def test_setting_the_system_clock_back_gives_no_time_and_flags_the_attempt():
    quiz, mono, wall, _ = running(SAMPLE.questions[:2], limit=600)
    tick(mono, wall, 100)
    wall.shift(-3600)  # an hour back, mid-exam
    assert quiz.remaining() == 500
    tick(mono, wall, 50)
    assert quiz.remaining() == 450
    assert quiz.flags == {"clock-back"}
    assert len(quiz.clock_alerts) == 1  # one jump, one alert, however often the clock is read
    assert quiz.clock_alerts[0]["wall"].startswith("2026-11-30T08:01:40")
    tick(mono, wall, 10)
    wall.shift(-600)  # and back again
    quiz.remaining()
    assert len(quiz.clock_alerts) == 2


def test_a_small_step_back_is_tolerated_and_a_step_forward_is_followed():
    quiz, mono, wall, _ = running(SAMPLE.questions[:2], limit=600)
    tick(mono, wall, 100)
    wall.shift(-2)  # an NTP correction
    assert quiz.remaining() == 500 and not quiz.flags
    wall.shift(2)
    wall.shift(120)  # the laptop slept for two minutes: the exam clock ran on
    assert quiz.remaining() == 380 and not quiz.flags


def test_a_clock_set_back_while_the_exam_was_stopped_is_flagged_when_it_opens():
    wall = FakeWall()
    seen = wall.now + timedelta(minutes=10)  # the store saw the attempt running ten minutes "later" than now
    quiz, mono, wall, _ = running(SAMPLE.questions[:2], limit=1200, seen_before=seen)
    assert quiz.flags == {"clock-back"}
    assert quiz.remaining() == 600  # counted from the time last seen, not from the clock that was set back


def test_a_pausable_clock_counts_only_while_open_and_never_flags():
    mono = FakeClock()
    wall = FakeWall()
    quiz = QuizSession(attempt_id="a", mode="exam", slots=[], recorder=lambda *a: None, time_limit=100,
                       clock=mono, wall=wall, elapsed_before=70)
    mono.advance(10)
    wall.shift(-3600)
    assert quiz.elapsed() == 80 and quiz.remaining() == 20 and not quiz.flags


def test_free_navigation_changes_an_answer_and_ignores_the_same_answer_twice():
    questions = [q for q in SAMPLE.questions if q.id in ("ring-count", "late-apology")]
    quiz, mono, wall, recorded = running(questions)
    ring = next(s for s in quiz.available if s.key == "sample/ring-count")
    assert not quiz.submit(ring, "w0", 5).correct
    assert quiz.submit(ring, "c0", 3).correct
    quiz.submit(ring, "c0", 2)
    assert recorded == [(ring.position, "w0", 5), (ring.position, "c0", 8)]  # time on it adds up over visits
    assert quiz.responses[ring.position] == "c0" and quiz.time_on[ring.position] == 10
    assert quiz.result().score == 1


@pytest.mark.parametrize("mode, navigation", [("practice", Navigation.FREE), ("exam", Navigation.SEQUENTIAL)])
def test_an_answer_is_final_in_practice_and_in_a_sequential_exam(mode, navigation):
    questions = [q for q in SAMPLE.questions if q.id == "ring-count"]
    quiz = QuizSession(attempt_id="a", mode=mode, slots=slots_from_plan(make_plan(questions, 1), SAMPLE),
                       recorder=lambda *a: None, navigation=navigation)
    slot = quiz.next_slot()
    quiz.submit(slot, "w0", 1)
    with pytest.raises(SessionError):
        quiz.submit(slot, "c0", 1)


def test_flags_are_journalled_and_come_back_on_resume():
    questions = [q for q in SAMPLE.questions if q.id in ("ring-count", "late-apology", "ring-fill")]
    quiz, *_ = running(questions)
    logged = []
    quiz.journal = lambda kind, position: logged.append(SimpleNamespace(kind=kind, position=position))
    first, second, third = quiz.available
    assert quiz.toggle_flag(second) and quiz.toggle_flag(third)
    assert not quiz.toggle_flag(third)
    assert [(e.kind, e.position) for e in logged] == [("flag", 1), ("flag", 2), ("unflag", 2)]
    sheet = quiz.sheet()
    assert [(line.number, line.answered, line.flagged) for line in sheet] == [(1, False, False), (2, False, True),
                                                                              (3, False, False)]
    resumed, *_ = running(questions)
    resumed.restore([], logged)
    assert resumed.flagged == {1}


def test_a_journal_that_fails_leaves_the_flag_as_it_was():
    quiz, *_ = running(SAMPLE.questions[:1])

    def broken(kind, position):
        raise OSError("disk full")

    quiz.journal = broken
    with pytest.raises(OSError):
        quiz.toggle_flag(quiz.available[0])
    assert not quiz.flagged
