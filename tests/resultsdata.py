"""A results store with a realistic spread: trainees of different skill sitting exams and practising."""

from __future__ import annotations

import random
import uuid
from datetime import UTC, datetime, timedelta
from fractions import Fraction
from pathlib import Path

from etiquette_quiz.grading import grade
from etiquette_quiz.model import ChoiceBody, FillBody, Library, MatchBody, OrderBody, ScriptBody, TrueFalseBody
from etiquette_quiz.scores import passes
from etiquette_quiz.session import draw_exam, make_plan
from etiquette_quiz.store import AnswerRecord, AttemptRecord, Store

START = datetime(2026, 10, 1, 9, 0, tzinfo=UTC)


def response_for(question, right: bool, rng: random.Random):
    body = question.body
    if isinstance(body, ChoiceBody):
        if question.type.value == "single":
            return "c0" if right else f"w{rng.randrange(len(body.wrong))}"
        return [f"c{i}" for i in range(len(body.correct))] if right else ["c0", "w0"]
    if isinstance(body, TrueFalseBody):
        return body.answer if right else not body.answer
    if isinstance(body, OrderBody):
        order = list(range(len(body.steps)))
        return order if right else order[::-1]
    if isinstance(body, FillBody):
        return [blank.get()[0] if right else "不知道" for blank in body.blanks]
    if isinstance(body, ScriptBody):
        return body.model.get() if right else body.never[0].phrase.get()[0] + "，" + body.must[0].get()[0]
    if isinstance(body, MatchBody):
        return [f"p{i}" for i in range(len(body.pairs))] if right else [f"p{(i + 1) % len(body.pairs)}" for i in range(len(body.pairs))]
    raise AssertionError(question.type)


def build_store(path: Path, library: Library, trainees: int = 12, exams_each: int = 3, seed: int = 7) -> Store:
    """Each trainee has a skill; harder questions are missed more; scores improve a little over time."""
    rng = random.Random(seed)
    store = Store(path)
    exam = library.exam("sample-exam")
    for n in range(trainees):
        person = store.create_trainee(f"学员{n:02d}", f"E{n:03d}", trainee_id=str(uuid.UUID(int=n + 1)))
        skill = 0.35 + 0.6 * n / max(1, trainees - 1)
        for k in range(exams_each):
            attempt_seed = rng.randrange(1 << 30)
            questions = draw_exam(exam, library, attempt_seed)
            started = START + timedelta(days=7 * k, hours=n)
            attempt_id = str(uuid.UUID(int=(n + 1) * 1000 + k))
            store.create_attempt(AttemptRecord(
                id=attempt_id, trainee=person.name, trainee_id=person.id, employee_no=person.employee_no,
                mode="exam", seed=attempt_seed, lang="zh-CN", plan=make_plan(questions, attempt_seed),
                bank_versions={"sample": 2}, feedback="end", started_at=started.isoformat(), exam_id=exam.id,
                title="示例考试", time_limit=exam.time_limit, pass_mark=exam.pass_mark))
            total = Fraction(0)
            for position, question in enumerate(questions):
                chance = skill + 0.05 * k - 0.1 * (question.difficulty - 1)
                response = response_for(question, rng.random() < chance, rng)
                mark = grade(question, response)
                total += mark.points
                store.record_answer(attempt_id, AnswerRecord(
                    position=position, question_key=question.key, bank=question.bank,
                    content_hash=question.content_hash, response=response, fraction=mark.fraction, points=mark.points,
                    max_points=mark.max_points, seconds=round(rng.uniform(4, 40), 1), forbidden=list(mark.forbidden),
                    answered_at=(started + timedelta(seconds=30 * position)).isoformat()), elapsed=30.0 * (position + 1))
            store.finish_attempt(attempt_id, score=total, max_score=len(questions),
                                 passed=passes(total, Fraction(len(questions)), exam.pass_mark),
                                 elapsed=30.0 * len(questions),
                                 finished_at=(started + timedelta(minutes=5)).isoformat())
    return store
