"""Spaced repetition of missed questions, through fixed clocks (no sleeping)."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from etiquette_quiz.banks import load_paths
from etiquette_quiz.review import AGAIN, EASY, GOOD, HARD, ReviewState, due_queue, rating_for, update
from etiquette_quiz.store import AnswerRecord, AttemptRecord, Store

from .conftest import DATA

LIBRARY = load_paths([DATA]).library
T0 = datetime(2026, 11, 2, 9, 0, tzinfo=UTC)


def answer(state, key="sample/ring-count", fraction=0.0, seconds=30.0, qtype="single", now=T0, content_hash=None):
    question = LIBRARY.question(key)
    return update(state, question_key=key, bank="sample", content_hash=content_hash or question.content_hash,
                  fraction=fraction, seconds=seconds, qtype=qtype, now=now)


def test_ratings():
    assert rating_for(0.0, 3, "single") == AGAIN
    assert rating_for(0.5, 3, "multi") == HARD
    assert rating_for(1.0, 30, "single") == GOOD
    assert rating_for(1.0, 4, "single") == EASY
    assert rating_for(1.0, 4, None) == GOOD  # unknown type: never counted as fast


def test_only_missed_questions_enter_the_schedule():
    assert answer(None, fraction=1.0) is None
    wrong = answer(None, fraction=0.0)
    assert (wrong.wrong, wrong.reviews) == (1, 1)
    assert wrong.due_at() == T0 + timedelta(minutes=1)  # FSRS's first learning step
    partly = answer(None, fraction=0.5)
    assert partly.wrong == 0 and partly.due_at() > T0


def test_right_answers_push_the_next_review_out():
    state = answer(None, fraction=0.0)
    state = answer(state, fraction=1.0, now=state.due_at())
    state = answer(state, fraction=1.0, now=state.due_at())
    assert state.due_at() - T0 >= timedelta(days=1)
    later = answer(state, fraction=1.0, seconds=2, now=state.due_at())  # right and fast: Easy
    assert later.due_at() - state.due_at() > timedelta(days=2)
    assert later.reviews == 4 and later.wrong == 1


def test_a_leech_after_four_wrong_answers():
    state = None
    for n in range(4):
        state = answer(state, fraction=0.0, now=T0 + timedelta(hours=n))
    assert state.wrong == 4 and state.leech


def test_changed_content_starts_fresh():
    state = answer(None, fraction=0.0, content_hash="old-version")
    state = answer(state, fraction=0.0, content_hash="old-version")
    renewed = answer(state, fraction=0.0)  # the current hash differs
    assert (renewed.reviews, renewed.wrong) == (1, 1)


def test_due_queue_is_oldest_first_and_filtered():
    missed = answer(None, key="sample/ring-count", now=T0)
    older = answer(None, key="sample/late-apology", qtype="truefalse", now=T0 - timedelta(hours=1))
    future = answer(None, key="sample/ring-fill", qtype="fill", now=T0 + timedelta(days=1))
    gone = ReviewState("sample/removed", "sample", "x", {}, T0.isoformat())
    queue = due_queue([missed, older, future, gone], LIBRARY, T0 + timedelta(minutes=5))
    assert [item.question.key for item in queue] == ["sample/late-apology", "sample/ring-count"]
    assert [i.question.key for i in due_queue([missed, older], LIBRARY, T0 + timedelta(minutes=5), count=1)] == [
        "sample/late-apology"]
    assert due_queue([missed], LIBRARY, T0 + timedelta(minutes=5), banks=["other"]) == []


def test_a_changed_question_is_due_at_once():
    state = answer(None, fraction=0.5, content_hash="old")
    (item,) = due_queue([state], LIBRARY, T0)  # not due by its schedule, but its content changed
    assert item.fresh and item.state.wrong == 0


def test_two_trainees_on_one_store_never_see_each_others_reviews(tmp_path):
    with Store(tmp_path / "r.sqlite3") as store:
        amy = store.create_trainee("Amy")
        bo = store.create_trainee("Bo")
        for trainee, attempt_id in ((amy, "a"), (bo, "b")):
            store.create_attempt(AttemptRecord(id=attempt_id, trainee=trainee.name, trainee_id=trainee.id,
                                               mode="practice", seed=1, lang="en", plan=[], bank_versions={},
                                               feedback="immediate", started_at=T0.isoformat()))
        missed = answer(None, fraction=0.0)
        store.record_answer("a", AnswerRecord(0, "sample/ring-count", "sample", missed.content_hash, "w0",
                                              0.0, 0.0, 1.0, 3.0), elapsed=3, review=(amy.id, missed))
        assert [s.question_key for s in store.review_states(amy.id)] == ["sample/ring-count"]
        assert store.review_states(bo.id) == []
        assert due_queue(store.review_states(bo.id), LIBRARY, T0 + timedelta(days=1)) == []
        assert [a.id for a in store.attempts_of(bo.id)] == ["b"]
