"""Trainer review and override of typed answers (issue 11, item 4): which marks go before a trainer, the queue,
every verdict through the command line and in a real terminal, and where a verdict's mark shows."""

from __future__ import annotations

import csv
import io
import json
import sqlite3
import sys
from fractions import Fraction as F

import pytest

from etiquette_quiz.grading import REVIEW_FORBIDDEN, REVIEW_NEAR_MISS, REVIEW_PARTIAL, grade, review_reason
from etiquette_quiz.matching import near_miss
from etiquette_quiz.overrides import Verdict, find_answer, give_verdict, keys_to_fix
from etiquette_quiz.review import update
from etiquette_quiz.scores import parse_share
from etiquette_quiz.store import ResultFilter, Store

from .reviewdata import NOW, later, load_library, practise, sit_exam, write_banks
from .test_roles import centre  # noqa: F401  (the PostgreSQL roles fixture, requested by name below)

HOLD, BUSY, FILL = "calls/hold-script", "calls/busy-script", "calls/ring-fill"


@pytest.fixture(scope="module")
def banks(tmp_path_factory):
    return write_banks(tmp_path_factory.mktemp("review") / "banks")


@pytest.fixture(scope="module")
def library(banks):
    return load_library(banks)


@pytest.fixture
def exam_store(store_target, library):
    """A store (SQLite, then PostgreSQL) with one finished exam: 2⅔ of 5 against a pass mark of 60%."""
    store = Store(store_target)
    trainee = store.create_trainee("王小明", "E-42")
    attempt_id = sit_exam(store, library, trainee)
    yield store, trainee, attempt_id
    store.close()


def answer_of(store, attempt_id, key):
    return next(a for a in store.answers(attempt_id) if a.question_key == key)


def target(store, attempt_id, key):
    return f"{attempt_id[:8]}:{answer_of(store, attempt_id, key).position + 1}"


# -- which marks go before a trainer ----------------------------------------------------------------


@pytest.mark.parametrize(("key", "answer", "reason"), [
    # sure: said exactly, or in the same words written another way
    (HOLD, "您好，请稍等，我帮您查询一下。", None),
    (HOLD, "您好，請稍等，我幫您查詢一下。", None),  # traditional characters
    (HOLD, "Hello, please hold, let me checking that for you.", None),  # an English word form
    (FILL, ["请稍等"], None),
    # a key phrase credited only by a guess
    (HOLD, "您好，请稍后，我帮您查询一下。", REVIEW_NEAR_MISS),  # a homophone slip: 后 for 候
    (HOLD, "您好，请您稍等，我帮您查询一下。", REVIEW_NEAR_MISS),  # a character inserted
    (FILL, ["请稍侯"], REVIEW_NEAR_MISS),
    # a missing key phrase nearly typed (never on a courtesy character)
    (HOLD, "您好，请稍等，我帮您杳询一下。", REVIEW_NEAR_MISS),  # 杳 for 查: not a homophone
    (HOLD, "Hello, one momnet please, I'll check that for you.", REVIEW_NEAR_MISS),  # two letters swapped
    (FILL, ["请稍待"], REVIEW_NEAR_MISS),
    (HOLD, "您好，请稍等，我帮你查询一下。", REVIEW_PARTIAL),  # 你 for 您 is what was said: only part marks
    (FILL, ["稍等"], None),  # two characters: nothing is "near"
    # part marks
    (HOLD, "您好，请稍等，我看看系统。", REVIEW_PARTIAL),
    # a forbidden phrase in an otherwise complete answer, or found only by a guess
    (HOLD, "您好，请稍等，我帮您查询。不知道行不行。", REVIEW_FORBIDDEN),
    (BUSY, "让您久等了，我也没办法。", REVIEW_FORBIDDEN),  # 我也没有办法, one character left out
    (HOLD, "请稍等，我帮您查一下。我也没有办法。", None),  # as written, and 您好 is missing too: sure
    # wrong with nothing near, and other types, are not reviewed
    (HOLD, "请等着。", None),
    ("calls/ring-count", "w0", None),
])
def test_which_marks_go_before_a_trainer(library, key, answer, reason):
    assert review_reason(grade(library.question(key), answer)) == reason


def test_a_near_miss_is_noted_and_earns_nothing(library):
    mark = grade(library.question(HOLD), "您好，请稍等，我帮您杳询一下。")
    assert mark.fraction == F(2, 3)
    assert mark.detail["near"] == [{"part": "must", "index": 2, "typed": "帮您杳询", "as": "帮您查询", "edits": 1,
                                    "at": [8, 12]}]
    assert review_reason(grade(library.question(HOLD), None)) is None  # unanswered


def test_near_misses_never_change_a_courtesy_character_or_a_negation():
    assert near_miss("很高兴为你服务", ["很高兴为您服务"]) is None
    assert near_miss("这里不是医院", ["这里是"]) is None  # not 是 -> 不是, nor a prefix of three characters
    assert near_miss("你好，稍候", ["请稍候"]) is None  # 请 left out
    assert near_miss("请稍待", ["请稍等"]).typed == "请稍待"
    assert near_miss("I am sory", ["sorry"]).typed == "sory"
    assert near_miss("thank your help", ["thank you"]).typed == "thank your"  # whole words
    assert near_miss("hi there", ["hi"]) is None  # too short to be near anything


@pytest.mark.parametrize(("text", "share"), [
    ("1/2", F(1, 2)), ("2/3", F(2, 3)), ("50%", F(1, 2)), ("66.7%", F(667, 1000)), ("0.5", F(1, 2)), ("1", 1),
    ("0", 0), (" 2 / 3 ", F(2, 3)), ("１/２", F(1, 2)), ("３/２", None), ("-1/2", None), ("1/0", None), ("abc", None),
    ("nan", None), ("150%", None),
])
def test_a_share_of_the_points_is_read_exactly(text, share):
    assert parse_share(text) == share


# -- the queue ------------------------------------------------------------------------------------------


def test_answers_are_saved_with_why_and_what_the_grader_found(exam_store):
    store, _, attempt_id = exam_store
    reasons = {a.question_key: a.review_reason for a in store.answers(attempt_id)}
    assert reasons == {"calls/ring-count": None, "calls/late-apology": None, HOLD: REVIEW_PARTIAL,
                       BUSY: REVIEW_FORBIDDEN, FILL: REVIEW_NEAR_MISS}
    assert answer_of(store, attempt_id, HOLD).detail == {"found": [0, 1], "missing": [2], "should_found": []}
    assert answer_of(store, attempt_id, "calls/ring-count").detail is None


def test_the_queue_holds_unsure_marks_of_finished_attempts_until_judged(exam_store, library):
    from etiquette_quiz import attempts
    from etiquette_quiz.model import AttemptMode

    store, trainee, attempt_id = exam_store
    running = attempts.start(store, trainee=trainee, mode=AttemptMode.PRACTICE, questions=[library.question(HOLD)],
                             seed=1, library=library, content_lang="zh-CN", now=later(2))
    session = attempts.open_session(store, running, library, clock=lambda: 0.0, now=lambda: later(2))
    session.submit(session.slots[0], "您好", 10.0)  # unsure (1/3), but the attempt is not handed in
    assert store.answers(running.id)[0].review_reason == REVIEW_PARTIAL
    results = store.results(ResultFilter())
    assert [line.answer.question_key for line in results.review_queue()] == [HOLD, BUSY, FILL]
    attempt, answer = find_answer(store, target(store, attempt_id, HOLD))
    give_verdict(store, library, attempt, answer, Verdict.KEEP, trainer="李老师", now=later(1))
    assert [line.answer.question_key for line in results.review_queue()] == [BUSY, FILL]
    assert [line.answer.question_key for line in results.review_queue(reviewed=True)] == [HOLD, BUSY, FILL]
    assert store.results(ResultFilter(banks=("other",))).review_queue() == []
    assert store.results(ResultFilter(since=later(1).isoformat())).review_queue() == []
    assert len(store.results(ResultFilter(trainee_ids=(trainee.id,), exams=("calls-exam",))).review_queue()) == 2


# -- what a verdict changes ------------------------------------------------------------------------------


def test_a_verdict_lifts_the_trainee_exactly_to_the_pass_mark_and_can_be_revised(exam_store, library):
    store, _, attempt_id = exam_store
    before = store.attempt(attempt_id)
    assert (before.score, before.max_score, before.pass_mark, before.passed) == (F(8, 3), 5, F(3, 5), False)
    attempt, answer = find_answer(store, target(store, attempt_id, HOLD))
    change = give_verdict(store, library, attempt, answer, Verdict.ACCEPT, trainer="李老师", now=later(1),
                          comment="看看系统 = 查询")
    after = store.attempt(attempt_id)
    assert (after.score, after.passed) == (3, True)  # 3/5: exactly the pass mark passes
    assert (after.auto_score, after.auto_passed) == (F(8, 3), False)  # the grader's, kept beside
    assert (change.before, change.after, change.passed_before, change.passed_after) == (F(2, 3), 1, False, True)
    judged = answer_of(store, attempt_id, HOLD)
    assert (judged.fraction, judged.points, judged.automatic) == (1, 1, (F(2, 3), F(2, 3)))

    # Revised: part credit, then the grader's mark kept; every verdict stays, the latest stands.
    attempt, answer = find_answer(store, target(store, attempt_id, HOLD))
    give_verdict(store, library, attempt, answer, Verdict.CREDIT, credit=F(1, 2), trainer="张老师", now=later(2))
    assert (store.attempt(attempt_id).score, store.attempt(attempt_id).passed) == (F(5, 2), False)
    attempt, answer = find_answer(store, target(store, attempt_id, HOLD))
    give_verdict(store, library, attempt, answer, Verdict.KEEP, trainer="张老师", now=later(3))
    final = store.attempt(attempt_id)
    assert (final.score, final.passed, final.auto_score) == (F(8, 3), False, F(8, 3))
    rows = store.db.execute("SELECT trainer, verdict, fraction_exact, comment FROM answer_overrides "
                            "ORDER BY at").fetchall()
    assert [tuple(row) for row in rows] == [("李老师", "accept", "1", "看看系统 = 查询"), ("张老师", "credit", "1/2", None),
                                            ("张老师", "keep", "2/3", None)]

    # Two answers of one attempt: the score adds both differences, exactly.
    attempt, answer = find_answer(store, target(store, attempt_id, BUSY))
    give_verdict(store, library, attempt, answer, Verdict.CREDIT, credit=F(1, 3), trainer="李老师", now=later(4))
    assert store.attempt(attempt_id).score == 3 and store.attempt(attempt_id).passed is True


def test_a_verdict_on_an_unfinished_attempt_or_a_missing_answer_is_refused(store_target, library):
    from etiquette_quiz import attempts
    from etiquette_quiz.errors import UserError
    from etiquette_quiz.model import AttemptMode

    with Store(store_target) as store:
        trainee = store.create_trainee("王小明")
        record = attempts.start(store, trainee=trainee, mode=AttemptMode.PRACTICE,
                                questions=[library.question(HOLD)], seed=1, library=library, content_lang="zh-CN",
                                now=NOW)
        with pytest.raises(UserError) as caught:
            find_answer(store, f"{record.id[:8]}:1")
        assert caught.value.key == "error.review-unfinished"
        finished = sit_exam(store, library, trainee, answers={HOLD: "您好"})
        for text, key in ((f"{finished[:8]}:1", "error.review-no-answer"), ("nothing:1", "error.review-no-attempt"),
                          (finished[:8], "error.review-target"), (f"{finished[:8]}:0", "error.review-target")):
            with pytest.raises(UserError) as caught:
                find_answer(store, text)
            assert caught.value.key == key, text


def test_the_review_schedule_is_worked_out_again_from_the_answers_as_they_stand(store_target, library):
    with Store(store_target) as store:
        trainee = store.create_trainee("王小明")
        question = library.question(HOLD)
        first = practise(store, library, trainee, HOLD, "您好，请稍等，我看看系统。", NOW)  # 2/3: Hard
        practise(store, library, trainee, HOLD, "您好，请稍等，我帮您查询一下。", later(3))  # right
        scheduled = store.review_state(trainee.id, HOLD)
        assert (scheduled.reviews, scheduled.wrong) == (2, 0)

        # Accepted: the question was never missed, so it leaves the schedule.
        attempt, answer = find_answer(store, f"{first[:8]}:1")
        give_verdict(store, library, attempt, answer, Verdict.ACCEPT, trainer="李老师", now=later(5))
        assert store.review_state(trainee.id, HOLD) is None

        # Rejected: wrong, then right three days later — exactly what the grader would have scheduled.
        attempt, answer = find_answer(store, f"{first[:8]}:1")
        give_verdict(store, library, attempt, answer, Verdict.REJECT, trainer="李老师", now=later(6))
        expected = None
        for moment, fraction in ((NOW, 0), (later(3), 1)):
            expected = update(expected, question_key=HOLD, bank="calls", content_hash=question.content_hash,
                              fraction=F(fraction), seconds=60.0, qtype="script", now=moment) or expected
        replayed = store.review_state(trainee.id, HOLD)
        assert (replayed.reviews, replayed.wrong) == (2, 1)
        assert (replayed.due, replayed.card) == (expected.due, expected.card)


def test_an_exam_answer_counts_for_the_schedule_at_hand_in(exam_store, library):
    store, trainee, attempt_id = exam_store
    assert store.review_state(trainee.id, FILL).wrong == 1  # 0 at hand-in
    attempt, answer = find_answer(store, target(store, attempt_id, FILL))
    give_verdict(store, library, attempt, answer, Verdict.ACCEPT, trainer="李老师", now=later(1))
    assert store.review_state(trainee.id, FILL) is None


# -- where a verdict shows ------------------------------------------------------------------------------


@pytest.fixture
def judged(exam_store, library):
    """The exam with the partial script accepted (3/5, passed) and the forbidden one kept."""
    store, trainee, attempt_id = exam_store
    for key, verdict in ((HOLD, Verdict.ACCEPT), (BUSY, Verdict.KEEP)):
        attempt, answer = find_answer(store, target(store, attempt_id, key))
        give_verdict(store, library, attempt, answer, verdict, trainer="李老师", now=later(1), comment="=cmd|' /C calc")
    return store, trainee, attempt_id


def test_csv_and_xlsx_show_the_final_mark_beside_the_graders_and_who_changed_it(judged, library, tmp_path):
    from openpyxl import load_workbook

    from etiquette_quiz.exports.common import ANSWER_COLUMNS, ATTEMPT_COLUMNS
    from etiquette_quiz.exports.tabular import write_csv, write_xlsx

    store, _, attempt_id = judged
    results = store.results(ResultFilter())

    def read(path, columns):
        lines = list(csv.reader(io.StringIO(path.read_text(encoding="utf-8-sig"))))
        assert lines[0][-2:] in (["Verdict at", "Verdict reason"], ["Grader's score", "Grader's pass"])
        return [dict(zip(columns, line, strict=True)) for line in lines[1:]]

    write_csv(str(tmp_path / "a.csv"), results, library, "en", "answer")
    rows = {row["question_key"]: row for row in read(tmp_path / "a.csv", ANSWER_COLUMNS)}
    hold = rows[HOLD]
    assert (hold["fraction"], hold["points"], hold["correct"]) == ("1", "1", "yes")
    assert (hold["review_reason"], float(hold["auto_fraction"]), hold["override"], hold["override_by"]) == (
        "part marks", 2 / 3, "accepted", "李老师")
    assert hold["override_at"].startswith("2026-03-0")  # local time, as Excel reads dates
    assert hold["override_why"] == "'=cmd|' /C calc"  # a spreadsheet shows it, never runs it
    assert (rows[BUSY]["override"], rows[BUSY]["fraction"], rows[BUSY]["auto_fraction"]) == (
        "grader's mark kept", "0", "0")
    assert (rows[FILL]["review_reason"], rows[FILL]["override"]) == ("near miss", "")
    assert (rows["calls/ring-count"]["auto_fraction"], rows["calls/ring-count"]["override"]) == ("1", "")
    write_csv(str(tmp_path / "t.csv"), results, library, "en", "attempt")
    (attempt,) = read(tmp_path / "t.csv", ATTEMPT_COLUMNS)
    assert (attempt["score"], attempt["passed"], float(attempt["auto_score"]), attempt["auto_passed"]) == (
        "3", "yes", 8 / 3, "no")

    write_xlsx(str(tmp_path / "r.xlsx"), results, library, "en")
    book = load_workbook(tmp_path / "r.xlsx")
    answers = list(book.worksheets[1].iter_rows(min_row=2))
    line = next(row for row in answers if row[ANSWER_COLUMNS.index("question_key")].value == HOLD)
    assert line[ANSWER_COLUMNS.index("fraction")].value == 1
    assert line[ANSWER_COLUMNS.index("override_by")].value == "李老师"
    auto = line[ANSWER_COLUMNS.index("auto_fraction")]
    assert auto.value == pytest.approx(2 / 3) and auto.number_format == "# ?/?"  # ⅔ shown as 2/3
    values = [cell.value for cell in book.worksheets[0][2]]
    assert values[ATTEMPT_COLUMNS.index("score")] == 3 and values[ATTEMPT_COLUMNS.index("auto_passed")] == "no"


def test_the_json_document_carries_verdicts_and_import_applies_them_once(judged, library, tmp_path):
    from etiquette_quiz.exports.jsondoc import write_json
    from etiquette_quiz.store.merge import merge

    store, trainee, attempt_id = judged
    write_json(str(tmp_path / "judged.json"), store, ResultFilter())
    entry = json.loads((tmp_path / "judged.json").read_text(encoding="utf-8"))["attempts"][0]
    assert [o["verdict"] for o in entry["overrides"]] == ["accept", "keep"]
    assert (entry["score"], entry["auto_score"]) == ("3", "8/3")

    # Into a fresh store: the same marks, scores and schedules; a second import changes nothing.
    with Store(tmp_path / "central.sqlite3") as central:
        report = merge(central, tmp_path / "judged.json", library)
        assert (report.added, report.overrides_added) == (1, 2)
        copy = central.attempt(attempt_id)
        assert (copy.score, copy.passed, copy.auto_score, copy.auto_passed) == (3, True, F(8, 3), False)
        assert [(a.fraction, a.automatic) for a in central.answers(attempt_id)] == [
            (a.fraction, a.automatic) for a in store.answers(attempt_id)]
        assert central.review_state(trainee.id, HOLD) == store.review_state(trainee.id, HOLD)
        again = merge(central, tmp_path / "judged.json")
        assert (again.unchanged, again.overrides_added, again.conflicts) == (1, 0, [])
        assert central.db.execute("SELECT COUNT(*) FROM answer_overrides").fetchone()[0] == 2



def _edited(tmp_path, name: str, edit) -> object:
    """The judged store's results document, edited by `edit(attempt entry)`, as a file."""
    document = json.loads((tmp_path / "judged.json").read_text(encoding="utf-8"))
    edit(document["attempts"][0])
    path = tmp_path / name
    path.write_text(json.dumps(document, ensure_ascii=False), encoding="utf-8")
    return path


def _problems(report) -> list[tuple[str, str]]:
    return [(p.where, p.code) for p in report.problems]


def test_import_refuses_verdicts_that_do_not_agree_with_the_marks(judged, library, tmp_path):
    """A verdict in a results file must be the one the marks show: a hand-edited verdict or mark is located."""
    from etiquette_quiz.exports.jsondoc import write_json
    from etiquette_quiz.store.merge import merge

    store, _, _ = judged
    write_json(str(tmp_path / "judged.json"), store, ResultFilter())
    entry = json.loads((tmp_path / "judged.json").read_text(encoding="utf-8"))["attempts"][0]
    accepted = next(n for n, o in enumerate(entry["overrides"]) if o["verdict"] == "accept")
    position = entry["overrides"][accepted]["position"]
    index = next(n for n, a in enumerate(entry["answers"]) if a["position"] == position)

    def stray(e):  # a verdict on an answer the attempt does not hold
        e["overrides"].append(dict(e["overrides"][0], id="stray", position=len(e["answers"])))

    def half(e):  # an "accept" that gives half
        e["overrides"][accepted]["fraction"] = "1/2"

    def unjudged(e):  # the grader's mark replaced, with no verdict to say so
        e["overrides"] = [o for o in e["overrides"] if o["position"] != position]

    judged_positions = {o["position"] for o in entry["overrides"]}
    missed = next(n for n, a in enumerate(entry["answers"]) if a["position"] not in judged_positions
                  and a["fraction"] != "1")

    def raised(e):  # a mark no trainer gave: full marks where the grader gave less
        e["answers"][missed]["fraction"], e["answers"][missed]["points"] = "1", e["answers"][missed]["max_points"]

    def grader(e):  # the grader's score beside the attempt no longer the sum of the grader's marks
        e["auto_score"] = e["score"]

    cases = {stray: {"attempts[0].overrides[2].position"}, half: {f"attempts[0].overrides[{accepted}].fraction",
                                                                    f"attempts[0].answers[{index}].fraction"},
             unjudged: {f"attempts[0].answers[{index}].auto_fraction"}, grader: {"attempts[0].auto_score"}}
    with Store(tmp_path / "central.sqlite3") as central:
        for edit, places in cases.items():
            report = merge(central, _edited(tmp_path, f"{edit.__name__}.json", edit), library)
            assert report.refused and {where for where, _ in _problems(report)} == places, (edit.__name__, report)
        report = merge(central, _edited(tmp_path, "raised.json", raised), library)
        assert report.refused and (f"attempts[0].answers[{missed}].points", "regrade") in _problems(report)
        assert central.db.execute("SELECT COUNT(*) FROM attempts").fetchone()[0] == 0, "nothing written"
        assert merge(central, tmp_path / "judged.json", library).added == 1


def test_a_copy_exported_before_the_verdict_and_one_after_are_the_same_attempt(store_target, library, tmp_path):
    from etiquette_quiz.exports.jsondoc import write_json
    from etiquette_quiz.store.merge import merge

    with Store(tmp_path / "trainee.sqlite3") as machine:
        trainee = machine.create_trainee("王小明", "E-42")
        attempt_id = sit_exam(machine, library, trainee)
        write_json(str(tmp_path / "before.json"), machine, ResultFilter())
        attempt, answer = find_answer(machine, target(machine, attempt_id, HOLD))
        give_verdict(machine, library, attempt, answer, Verdict.ACCEPT, trainer="李老师", now=later(1))
        write_json(str(tmp_path / "after.json"), machine, ResultFilter())
    with Store(store_target) as central:
        assert merge(central, tmp_path / "before.json").added == 1
        assert central.attempt(attempt_id).score == F(8, 3)
        report = merge(central, tmp_path / "after.json")
        assert (report.updated, report.overrides_added, report.conflicts) == (1, 1, [])
        assert (central.attempt(attempt_id).score, central.attempt(attempt_id).passed) == (3, True)
        report = merge(central, tmp_path / "before.json")  # the older copy again: nothing to undo, no conflict
        assert (report.unchanged, report.conflicts) == (1, [])
        assert central.attempt(attempt_id).score == 3


def test_xapi_states_the_final_score_and_what_the_grader_gave(judged, library):
    from etiquette_quiz.exports.xapi import statements

    store, _, attempt_id = judged
    sent = list(statements(store.results(ResultFilter()), library))
    hold = next(s for s in sent if s["object"]["id"].endswith(HOLD))
    assert hold["result"]["score"]["raw"] == 1 and hold["result"]["success"] is True
    verdict = hold["result"]["extensions"]["urn:etiquette-quiz:verdict"]
    assert (verdict["verdict"], verdict["trainer"], verdict["grader"]["success"]) == ("accept", "李老师", False)
    assert verdict["grader"]["scaled"] == pytest.approx(2 / 3)
    verbs = {s["verb"]["display"]["en-US"]: s for s in sent if s["object"]["id"].endswith("calls-exam")}
    assert set(verbs) == {"completed", "passed"} and verbs["passed"]["result"]["score"]["raw"] == 3
    assert verbs["passed"]["result"]["extensions"]["urn:etiquette-quiz:grader"]["success"] is False
    # New ids: an LRS that stored the grader's statements takes these as new ones.
    import uuid

    from etiquette_quiz.exports.xapi import NAMESPACE

    sent_ids = {s["id"] for s in sent}
    assert str(uuid.uuid5(NAMESPACE, f"{attempt_id}/{answer_of(store, attempt_id, HOLD).position}")) not in sent_ids
    assert str(uuid.uuid5(NAMESPACE, f"{attempt_id}/completed")) not in sent_ids
    assert str(uuid.uuid5(NAMESPACE, f"{attempt_id}/{answer_of(store, attempt_id, FILL).position}")) in sent_ids


def test_the_report_lists_the_keys_trainers_overrode_most(judged, library):
    store, _, _ = judged
    lines = {line.key: line for line in keys_to_fix(store.results(ResultFilter()), library)}
    assert (lines[HOLD].flagged, lines[HOLD].reviewed, lines[HOLD].raised, lines[HOLD].lowered) == (1, 1, 1, 0)
    assert (lines[BUSY].reviewed, lines[BUSY].kept) == (1, 1)
    assert (lines[FILL].flagged, lines[FILL].reviewed) == (1, 0)
    assert list(lines)[0] == HOLD  # the most marks changed first
    assert keys_to_fix(store.results(ResultFilter(banks=("other",))), library) == []


# -- the command line ------------------------------------------------------------------------------------


@pytest.fixture
def cli_store(tmp_path, library, banks, run):
    path = tmp_path / "results.sqlite3"
    with Store(path) as store:
        attempt_id = sit_exam(store, library, store.create_trainee("王小明", "E-42"))
        targets = {key: target(store, attempt_id, key) for key in (HOLD, BUSY, FILL)}

    def review(*args: str):
        return run("--lang", "en", "--banks", str(banks), "--db", str(path), "results", "review", *args)

    return path, attempt_id, targets, review


def test_every_verdict_through_the_command_line(cli_store):
    path, attempt_id, targets, review = cli_store
    listed = review("--list")
    assert listed.exit_code == 0
    assert listed.output.splitlines()[0] == "3 answers to review:"
    assert f"{targets[HOLD]}  王小明  {HOLD}  part marks  ⅔/1  您好，请稍等，我看看系统。" in listed.output

    done = review(targets[HOLD], "--accept", "--trainer", "李老师", "--why", "看看系统 = 查询")
    assert done.exit_code == 0, done.output
    assert done.output.strip() == f"{targets[HOLD]}: ⅔/1 → 1/1 (accepted, 李老师). Attempt score 2⅔ → 3/5. Now passed."
    done = review(targets[HOLD], "--credit", "1/2", "--trainer", "李老师")
    assert "⅔/1" not in done.output and "1/1 → 0.5/1 (part credit" in done.output and "Now failed." in done.output
    assert review(targets[BUSY], "--reject", "--trainer", "李老师").exit_code == 0
    assert review(targets[FILL], "--keep", "--trainer", "李老师").exit_code == 0
    assert review("--list").output.strip() == "Nothing to review: no typed answer is waiting for a trainer's verdict."
    assert review("--list", "--all").output.count("王小明") == 3
    nothing = review()  # the walk, with nothing to walk: said plainly, exit 0
    assert nothing.exit_code == 0 and "Nothing to review" in nothing.output
    with Store(path) as store:
        verdicts = store.db.execute("SELECT verdict, fraction_exact, trainer FROM answer_overrides ORDER BY at")
        assert [tuple(row) for row in verdicts] == [("accept", "1", "李老师"), ("credit", "1/2", "李老师"),
                                                    ("reject", "0", "李老师"), ("keep", "0", "李老师")]
        assert store.attempt(attempt_id).score == F(5, 2)


def test_history_shows_the_final_score_the_graders_and_every_verdict(cli_store, banks, run):
    path, attempt_id, targets, review = cli_store
    assert review(targets[HOLD], "--accept", "--trainer", "李老师", "--why", "意思到了").exit_code == 0
    shown = run("--lang", "en", "--banks", str(banks), "--db", str(path), "history", attempt_id[:8]).output
    assert "Score 3/5 (60%)" in shown and "✔ PASSED (pass mark 60%)" in shown
    assert "the grader's score was 2⅔/5" in shown
    assert "The grader's mark was ⅔/1" in shown and "李老师: accepted, 1/1 — 意思到了" in shown
    data = json.loads(run("--banks", str(banks), "--db", str(path), "history", attempt_id[:8], "--json").output)
    assert (data["attempt"]["score"], data["attempt"]["auto_score"]) == ("3", "8/3")
    hold = next(a for a in data["answers"] if a["question_key"] == HOLD)
    assert (hold["fraction"], hold["auto_fraction"], hold["overrides"][0]["comment"]) == ("1", "2/3", "意思到了")


def test_the_trainers_name_comes_from_the_config_file(cli_store, tmp_path):
    path, _, targets, review = cli_store
    refused = review(targets[HOLD], "--accept")
    assert refused.exit_code == 2 and "--trainer NAME" in refused.output
    (tmp_path / "home").mkdir(exist_ok=True)
    (tmp_path / "home" / "config.toml").write_text('trainer = "李老师"\n', encoding="utf-8")
    assert review(targets[HOLD], "--accept").exit_code == 0
    with Store(path) as store:
        assert store.db.execute("SELECT trainer FROM answer_overrides").fetchone()[0] == "李老师"


@pytest.mark.parametrize(("args", "says"), [
    (("{hold}", "--accept", "--reject"), "give one verdict, not --accept, --reject"),
    (("{hold}", "--credit", "3/2"), "--credit 3/2 is not a share of the points"),
    (("--accept",), "--accept needs the answer it is for"),
    (("nothing:1", "--accept"), "no attempt starts with nothing"),
    (("{attempt}:9", "--accept"), "has no answer at question 9 (it has 5 questions)"),
    (("{attempt}", "--accept"), "does not name an answer"),
    ((), "needs an interactive terminal"),  # the walk, with answers waiting and no terminal
])
def test_wrong_uses_are_one_sentence_and_exit_2(cli_store, args, says):
    _, attempt_id, targets, review = cli_store
    filled = [a.format(hold=targets[HOLD], attempt=attempt_id[:8]) for a in args]
    result = review(*filled, *(["--trainer", "李老师"] if "--accept" in filled else []))
    assert result.exit_code == 2, result.output
    assert says in result.output and "Traceback" not in result.output


def test_one_answer_is_shown_without_a_verdict(cli_store):
    _, _, targets, review = cli_store
    shown = review(targets[BUSY])
    assert shown.exit_code == 0
    for part in ("Why it is here: forbidden phrase", "The line was busy", "Grader's mark: ✘ Wrong  0/1 points",
                 "You said: 让您久等了，请问有什么事？刚才线路太忙，我也没有办法。", "✔ said: sorry to keep you waiting",
                 "Forbidden phrase used: 我也没有办法"):
        assert part in shown.output, part
    near = review(targets[FILL])
    assert "≈ nearly said 请稍等: typed 请稍待 (1 edit away)" in near.output


@pytest.mark.skipif(sys.platform == "win32", reason="needs a POSIX pseudo-terminal")
def test_a_trainer_walks_the_queue_in_a_real_terminal(tmp_path, library, banks):
    from .quizkeys import DOWN, ENTER
    from .terminal import Terminal

    path = tmp_path / "results.sqlite3"
    with Store(path) as store:
        attempt_id = sit_exam(store, library, store.create_trainee("王小明", "E-42"))
    home = tmp_path / "walk-home"
    home.mkdir()
    term = Terminal(["--lang", "zh-CN", "--banks", str(banks), "--db", str(path), "results", "review"], home)
    term.wait_for("您的姓名（记录在每条裁定中）")  # asked once, then remembered in the config file
    term.send("李老师" + ENTER)
    term.wait_for("[1/3] 王小明 (E-42)")
    assert "复核原因：部分得分" in term.everything and "您好，请稍等，我看看系统。" in term.everything
    term.wait_for("您的裁定")
    term.send(DOWN + ENTER)  # part credit
    term.wait_for("给分比例")
    term.send("5/6" + ENTER)
    term.wait_for("理由")
    term.send("缺“查询”，但意思到了" + ENTER)
    term.wait_for("[2/3]")
    assert "⅔/1 → ⅚/1（给部分分，李老师）。本次成绩 2⅔ → 2⅚/5。" in term.everything
    term.wait_for("您的裁定")
    term.send(ENTER)  # accept the answer with the forbidden phrase
    term.wait_for("理由")
    term.send(ENTER)
    term.wait_for("[3/3]")
    assert "本次成绩 2⅚ → 3⅚/5。现为通过。" in term.everything  # from the score the first verdict left
    term.wait_for("≈ 接近“请稍等”：输入为“请稍待”（相差 1 处）")
    term.wait_for("您的裁定")
    term.send("6" + ENTER)  # stop reviewing
    term.wait_for("本次共裁定 2 条。")
    assert term.exit_code() == 0
    assert 'trainer = "李老师"' in (home / "config.toml").read_text(encoding="utf-8")
    with Store(path) as store:
        assert store.attempt(attempt_id).score == F(23, 6) and store.attempt(attempt_id).passed is True
        assert [line.answer.question_key for line in store.results(ResultFilter()).review_queue()] == [FILL]
        comment = store.db.execute("SELECT comment FROM answer_overrides WHERE verdict = 'credit'").fetchone()[0]
        assert comment == "缺“查询”，但意思到了"


# -- PostgreSQL: only trainers give verdicts ---------------------------------------------------------------


def test_on_a_centres_server_only_trainers_give_verdicts(run, request, library, banks, monkeypatch):
    logins_of = request.getfixturevalue("centre")  # test_roles.py's trainer and trainee logins
    groups, logins, url_of = logins_of["groups"], logins_of["logins"], logins_of["url_of"]
    assert run("--db", logins_of["admin"], "store", "init", "--trainer-role", groups["trainer"], "--trainee-role",
               groups["trainee"]).exit_code == 0
    logins_of["create_logins"]()
    monkeypatch.setenv("PGPASSWORD", "pw-wang")
    with Store(url_of(logins["wang"])) as wang_store:
        wang = wang_store.create_trainee("王小明")
        attempt_id = sit_exam(wang_store, library, wang)
        position = answer_of(wang_store, attempt_id, HOLD).position
        with pytest.raises(sqlite3.OperationalError, match="permission denied"), wang_store.write() as db:
            db.execute("INSERT INTO answer_overrides (id, attempt_id, position, at, trainer, verdict, fraction, "
                       "fraction_exact) VALUES ('x', ?, ?, 'now', 'me', 'accept', 1, '1')", (attempt_id, position))
    monkeypatch.setenv("PGPASSWORD", "pw-trainer")
    result = run("--lang", "en", "--banks", str(banks), "--db", url_of(logins["trainer"]), "results", "review",
                 f"{attempt_id[:8]}:{position + 1}", "--accept", "--trainer", "李老师")
    assert result.exit_code == 0, result.output
    monkeypatch.setenv("PGPASSWORD", "pw-wang")
    with Store(url_of(logins["wang"])) as wang_store:
        assert (wang_store.attempt(attempt_id).score, wang_store.attempt(attempt_id).passed) == (3, True)
        assert wang_store.db.execute("SELECT trainer FROM answer_overrides").fetchone()[0] == "李老师"



def test_a_store_from_before_review_upgrades_with_an_empty_queue_and_old_answers_can_be_judged(tmp_path, run):
    import shutil

    from .conftest import DATA

    path = tmp_path / "v3.sqlite3"
    shutil.copy(DATA / "store-v3.sqlite3", path)
    exam = "33333333-0000-4000-8000-000000000003"  # 3 of 4.5 against 66.7%: failed
    with Store(path) as store:
        assert store.results(ResultFilter()).review_queue() == []
        assert {a.review_reason for a in store.answers(exam)} == {None}
        before = [tuple(row) for row in store.db.execute("SELECT position, fraction_exact FROM answers "
                                                         "WHERE attempt_id = ? ORDER BY position", (exam,))]
        wrong = next(a for a in store.answers(exam) if a.fraction < 1)
    result = run("--lang", "en", "--banks", str(DATA), "--db", str(path), "results", "review",
                 f"{exam}:{wrong.position + 1}", "--accept", "--trainer", "李老师")
    assert result.exit_code == 0, result.output
    with Store(path) as store:
        record = store.attempt(exam)
        assert record.auto_score == 3 and record.score == 3 + (1 - wrong.fraction) * wrong.max_points
        assert [(a.position, a.automatic[0]) for a in store.answers(exam)] == [(p, F(f)) for p, f in before]


def test_what_the_grader_found_comes_from_this_grader_not_from_the_file(judged, library, tmp_path):
    """An answer's findings are shown to trainers as the grader's: an imported file's are replaced by the
    re-grading, or dropped when the question is not loaded (their shape is nobody's promise)."""
    from etiquette_quiz.exports.jsondoc import write_json
    from etiquette_quiz.store.merge import merge

    store, _, attempt_id = judged
    write_json(str(tmp_path / "judged.json"), store, ResultFilter())
    entry = json.loads((tmp_path / "judged.json").read_text(encoding="utf-8"))["attempts"][0]
    index = next(n for n, a in enumerate(entry["answers"]) if a["detail"])
    original = entry["answers"][index]

    def planted(e):
        e["answers"][index]["detail"] = {"near": [1], "found": "x"}
        e["answers"][index]["review_reason"] = "forbidden"

    path = _edited(tmp_path, "planted.json", planted)
    with Store(tmp_path / "loaded.sqlite3") as central:
        assert merge(central, path, library).added == 1
        answer = next(a for a in central.answers(attempt_id) if a.position == original["position"])
        assert (answer.detail, answer.review_reason) == (original["detail"], original["review_reason"])
    with Store(tmp_path / "unloaded.sqlite3") as central:
        assert merge(central, path).added == 1
        answer = next(a for a in central.answers(attempt_id) if a.position == original["position"])
        assert answer.detail is None and answer.review_reason == "forbidden"
