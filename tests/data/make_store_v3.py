"""How tests/data/store-v3.sqlite3 was made: real attempts through the code of schema 3 (commit e83e3f2).

    git archive e83e3f2 | tar -x -C /tmp/v3 && PYTHONPATH=/tmp/v3 python tests/data/make_store_v3.py OUT

That code rounded each answer's points to 4 decimals and added them up, so these attempts hold
the rounded totals that migration 4 must make exact (tests/test_migration.py says what each is).
It is kept to show how the fixture came about; it does not run against today's code.
"""

from __future__ import annotations

import sys
import uuid
from dataclasses import replace
from datetime import UTC, datetime, timedelta
from pathlib import Path

from etiquette_quiz import attempts
from etiquette_quiz.banks import load_paths
from etiquette_quiz.model import AttemptMode, Exam, Library, Section
from etiquette_quiz.store import Store

DATA = Path(__file__).resolve().parent
START = datetime(2026, 11, 20, 9, 0, tzinfo=UTC)


def main(out: Path) -> None:
    sample = load_paths([DATA]).library.bank("sample")
    assert sample is not None
    extra = [replace(q, id=f"{q.id}-b") for q in sample.questions if q.id in ("answer-steps", "phrase-match")]
    heavy = [replace(q, id=f"{q.id}-heavy", points=1.5) for q in sample.questions
             if q.id in ("ring-count", "answer-steps", "phrase-match")]
    bank = replace(sample, questions=sample.questions + tuple(extra) + tuple(heavy))
    library = Library(banks=(bank,))
    q = {question.id: question for question in bank.questions}
    counter = iter(range(1, 100))
    attempts.uuid.uuid4 = lambda: uuid.UUID(int=0x33333333_0000_4000_8000_000000000000 + next(counter))
    with Store(out) as store:
        zhang = store.create_trainee("张三", "A1024", trainee_id="33333333-0000-4000-8000-00000000aaaa")
        li = store.create_trainee("李四", None, trainee_id="33333333-0000-4000-8000-00000000bbbb")

        def sit(trainee, mode, questions, answers, day, exam=None, drop=None, finish=True):
            now = START + timedelta(days=day)
            attempt = attempts.start(store, trainee=trainee, mode=mode, questions=questions, seed=day,
                                     library=library, content_lang="zh-CN", now=now, exam=exam)
            session = attempts.open_session(store, attempt, library, clock=lambda: 0.0, now=lambda: now)
            for slot in session.slots:
                session.submit(slot, answers[slot.key.split("/")[1]], 5.0)
            if drop is not None:  # the bank lost a question while the attempt was paused
                smaller = Library(banks=(replace(bank, questions=tuple(x for x in bank.questions if x.id != drop)),))
                attempt = store.attempt(attempt.id)
                session = attempts.open_session(store, attempt, smaller, clock=lambda: 0.0, now=lambda: now)
            if finish:
                attempts.finish(store, attempt, session, now + timedelta(minutes=5))

        def exam(exam_id, pass_mark):
            return Exam(id=exam_id, title=bank.title, path="fixture", sections=(Section(bank="sample"),),
                        pass_mark=pass_mark)

        # 1. exactly the pass mark: 2 right + 3 at 1/3 of 5 with 60% -> stored 2.9999, failed.
        sit(zhang, AttemptMode.EXAM, [q["ring-count"], q["late-apology"], q["answer-steps"], q["phrase-match"],
                                      q["phrase-match-b"]],
            {"ring-count": "c0", "late-apology": True, "answer-steps": [3, 2, 0, 1],
             "phrase-match": ["p0", "d0", None], "phrase-match-b": ["p0", "d0", None]}, 1, exam("boundary", 0.6))
        # 2. a true 8/10 in practice: 6 right, 3 at 2/3, 1 wrong -> stored 8.0001.
        sit(zhang, AttemptMode.PRACTICE,
            [q[k] for k in ("ring-count", "silent-call", "late-apology", "ring-fill", "hold-script", "rude-phrases",
                            "answer-steps", "phrase-match", "phrase-match-b", "answer-steps-b")],
            {"ring-count": "c0", "silent-call": "c0", "late-apology": True, "ring-fill": ["三"],
             "hold-script": "您好，请稍等，谢谢", "rude-phrases": ["c0", "c1"], "answer-steps": [0, 1, 3, 2],
             "phrase-match": ["p0", "p1", None], "phrase-match-b": ["p0", "p1", "d0"], "answer-steps-b": [3, 2, 1, 0]},
            2)
        # 3. points of 1.5 and a 66.7% pass mark: 1.5 + 0.5 + 1 = 3 of 4.5 is 2/3, below 66.7% -> failed.
        sit(li, AttemptMode.EXAM, [q["ring-count-heavy"], q["answer-steps-heavy"], q["phrase-match-heavy"]],
            {"ring-count-heavy": "c0", "answer-steps-heavy": [3, 2, 0, 1], "phrase-match-heavy": ["p0", "p1", None]},
            3, exam("two-thirds", 0.667))
        # 4. unfinished: one half-right multi and one right answer so far.
        sit(li, AttemptMode.EXAM, [q["rude-phrases"], q["ring-count"]], {"rude-phrases": ["c0"], "ring-count": "c0"},
            4, exam("boundary", 0.6), finish=False)
        # 5. a question left the bank before hand-in: the stored score (1) leaves out its answer (1/3).
        sit(li, AttemptMode.PRACTICE, [q["ring-count"], q["phrase-match-b"]],
            {"ring-count": "c0", "phrase-match-b": ["p0", "d0", None]}, 5, drop="phrase-match-b")


if __name__ == "__main__":
    main(Path(sys.argv[1]))
