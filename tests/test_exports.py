"""Exports (CSV, XLSX, JSON, xAPI), merging JSON exports, and the report built from a store."""

from __future__ import annotations

import csv
import io
import json
import sqlite3
from datetime import UTC, datetime
from pathlib import Path

import numpy as np
import pytest

from etiquette_quiz.banks import load_paths
from etiquette_quiz.exports.jsondoc import write_json
from etiquette_quiz.exports.tabular import write_csv, write_xlsx
from etiquette_quiz.exports.xapi import duration, statements
from etiquette_quiz.problems import UserError
from etiquette_quiz.report import build_report
from etiquette_quiz.store import Store
from etiquette_quiz.store.merge import merge
from etiquette_quiz.store.queries import ResultFilter, parse_day

from .conftest import DATA

LIBRARY = load_paths([DATA]).library


@pytest.fixture
def store(cohort):
    with Store(cohort) as opened:
        yield opened


def read_csv(path: Path) -> list[dict[str, str]]:
    raw = path.read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf")  # UTF-8 BOM, so Excel on Windows reads the Chinese
    return list(csv.DictReader(io.StringIO(raw[3:].decode("utf-8"))))


def test_csv_per_answer_and_per_attempt(store, tmp_path):
    assert write_csv(str(tmp_path / "a.csv"), store.results(ResultFilter()), LIBRARY, "zh-CN", "answer") == 180
    rows = read_csv(tmp_path / "a.csv")
    assert len(rows) == 180 and rows[0]["学员"] == "学员00" and rows[0]["题型"] in ("单选", "多选", "判断", "话术", "配对")
    assert {r["是否答对"] for r in rows} == {"是", "否"}
    # oldest attempt first, each attempt's answers in the order they were asked (the engine does not sort them)
    starts = [r["答题开始时间"] for r in rows]
    assert starts == sorted(starts)
    for attempt in {r["答题编号"] for r in rows}:
        assert [int(r["题号"]) for r in rows if r["答题编号"] == attempt] == [1, 2, 3, 4, 5]
    assert write_csv(str(tmp_path / "t.csv"), store.results(ResultFilter()), LIBRARY, "zh-CN", "attempt") == 36
    attempts = read_csv(tmp_path / "t.csv")
    assert attempts[0]["考试"] == "示例考试" and attempts[0]["是否通过"] in ("是", "否")


def test_csv_cells_cannot_run_formulas(tmp_path):
    path = tmp_path / "evil.sqlite3"
    with Store(path) as store:
        evil = store.create_trainee("=HYPERLINK(\"http://x\")", "+1-555")
        from etiquette_quiz.store import AnswerRecord, AttemptRecord

        store.create_attempt(AttemptRecord(id="e", trainee=evil.name, trainee_id=evil.id, employee_no=evil.employee_no,
                                           mode="practice", seed=1, lang="zh-CN", plan=[], bank_versions={},
                                           feedback="immediate", started_at="2026-10-01T00:00:00+00:00"))
        store.record_answer("e", AnswerRecord(0, "sample/hold-script", "sample", "h", "@SUM(A1:A9)", 0, 0, 1, 3), 1)
        write_csv(str(tmp_path / "e.csv"), store.results(ResultFilter()), LIBRARY, "en", "answer")
        (row,) = read_csv(tmp_path / "e.csv")
        assert row["Trainee"] == "'=HYPERLINK(\"http://x\")" and row["Employee no."] == "'+1-555"
        assert row["Answer"] == "'@SUM(A1:A9)"
        write_xlsx(str(tmp_path / "e.xlsx"), store.results(ResultFilter()), LIBRARY, "en")
    from openpyxl import load_workbook

    sheet = load_workbook(tmp_path / "e.xlsx")["Answers"]
    assert sheet["B2"].value == "=HYPERLINK(\"http://x\")" and sheet["B2"].data_type == "s"  # text, not a formula


def test_xlsx_has_three_sheets_with_bold_frozen_filtered_headers(store, tmp_path):
    from openpyxl import load_workbook

    assert write_xlsx(str(tmp_path / "r.xlsx"), store.results(ResultFilter()), LIBRARY, "zh-CN") == 180
    book = load_workbook(tmp_path / "r.xlsx")
    assert book.sheetnames == ["答题记录", "作答明细", "题库汇总"]
    answers = book["作答明细"]
    assert answers.max_row == 181 and answers["A1"].font.bold and answers.freeze_panes == "A2"
    assert answers.auto_filter.ref == "A1:AA181"  # 20 columns, and the 7 of trainer review
    trainee_width = answers.column_dimensions["C"].width
    assert trainee_width >= 8  # 学员00 is 6 characters wide on screen, plus margin
    summary = book["题库汇总"]
    assert [c.value for c in summary[2]][:3] == ["sample", "示例题库", 180]


def test_json_round_trip_gives_the_same_store(cohort, tmp_path):
    with Store(cohort) as store:
        write_json(str(tmp_path / "all.json"), store, ResultFilter())
    target = tmp_path / "trainer.sqlite3"
    with Store(target) as trainer:
        report = merge(trainer, tmp_path / "all.json")
        assert (report.added, report.answers_added, report.trainees_added) == (36, 180, 12)
        again = merge(trainer, tmp_path / "all.json")
        assert (again.added, again.unchanged, again.conflicts) == (0, 36, [])

    def dump(path):
        db = sqlite3.connect(path)
        try:
            return {table: db.execute(f"SELECT * FROM {table} ORDER BY 1, 2").fetchall()
                    for table in ("trainees", "attempts", "answers", "reviews")}
        finally:
            db.close()

    assert dump(target) == dump(cohort)


def test_import_brings_a_finished_attempt_up_to_date_and_reports_conflicts(cohort, tmp_path):
    with Store(cohort) as store:
        write_json(str(tmp_path / "all.json"), store, ResultFilter())
    document = json.loads((tmp_path / "all.json").read_text(encoding="utf-8"))
    early = json.loads(json.dumps(document))
    first = early["attempts"][0]
    first["answers"] = first["answers"][:2]
    first.update(state="in_progress", score=None, max_score=None, passed=None, finished_at=None)
    (tmp_path / "early.json").write_text(json.dumps(early, ensure_ascii=False), encoding="utf-8")
    clash = json.loads(json.dumps(document))
    clash["attempts"][1]["answers"][0]["response"] = "another answer"  # consistent, but not what the store holds
    (tmp_path / "clash.json").write_text(json.dumps(clash, ensure_ascii=False), encoding="utf-8")
    edited = json.loads(json.dumps(document))
    edited["attempts"][1]["answers"][0]["fraction"] = "123/1000"  # points no longer fraction x max_points
    (tmp_path / "edited.json").write_text(json.dumps(edited, ensure_ascii=False), encoding="utf-8")
    with Store(tmp_path / "trainer.sqlite3") as trainer:
        merge(trainer, tmp_path / "early.json")
        assert trainer.attempt(first["id"]).state == "in_progress"
        later = merge(trainer, tmp_path / "all.json")
        assert (later.updated, later.answers_added) == (1, 3)
        assert trainer.attempt(first["id"]).state == "finished" and len(trainer.answers(first["id"])) == 5
        conflicted = merge(trainer, tmp_path / "clash.json")
        assert conflicted.conflicts == [(clash["attempts"][1]["id"], "answers 1")]
        kept = trainer.answers(clash["attempts"][1]["id"])[0]
        assert kept.response != "another answer"  # reported, not overwritten
        refused = merge(trainer, tmp_path / "edited.json")
        assert refused.refused and [p.where for p in refused.problems] == ["attempts[1].answers[0].points"]


def test_import_matches_a_trainee_by_employee_number(cohort, tmp_path):
    with Store(cohort) as store:
        write_json(str(tmp_path / "all.json"), store, ResultFilter())
    with Store(tmp_path / "trainer.sqlite3") as trainer:
        local = trainer.create_trainee("学员00（培训部登记）", "E000")
        report = merge(trainer, tmp_path / "all.json")
        assert (report.trainees_matched, report.trainees_added) == (1, 11)
        assert len(trainer.attempts_of(local.id)) == 3


@pytest.mark.parametrize(("content", "key"), [
    ("not json", "error.import-json"),
    ('{"format": "something-else"}', "error.import-format"),
    ('{"format": "etiquette-quiz/results", "version": 99, "trainees": [], "attempts": []}', "error.import-version"),
    ('{"format": "etiquette-quiz/results", "version": 0, "trainees": [], "attempts": []}', "error.import-version-bad"),
    ('{"format": "etiquette-quiz/results", "version": true, "trainees": [], "attempts": []}',
     "error.import-version-bad"),
    ('{"format": "etiquette-quiz/results", "version": -1, "trainees": [], "attempts": []}', "error.import-version-bad"),
    ('{"format": "etiquette-quiz/results", "version": null, "trainees": [], "attempts": []}', "error.import-version-bad"),
    ('{"format": "etiquette-quiz/results", "version": "1", "trainees": [], "attempts": []}', "error.import-version-bad"),
    ('{"format": "etiquette-quiz/results", "version": 1, "trainees": [], "attempts": ' + "[" * 100_000 + "]" * 100_000
     + "}", "error.import-too-deep"),
])
def test_bad_import_files_are_clear_errors_and_import_nothing(tmp_path, content, key):
    path = tmp_path / "bad.json"
    path.write_text(content, encoding="utf-8")
    with Store(tmp_path / "t.sqlite3") as trainer, pytest.raises(UserError) as caught:
        merge(trainer, path)
    assert caught.value.key == key
    with Store(tmp_path / "t.sqlite3") as trainer:
        assert trainer.attempts_of(None) == []


def test_filters(store):
    everyone = list(store.db.execute("SELECT COUNT(*) FROM attempts"))[0][0]
    assert everyone == 36
    one = ResultFilter(trainee_ids=(store.find_trainees("E003")[0].id,))
    assert write_count(store, one) == 15
    since = ResultFilter(since=parse_day("2026-10-08", "--since"))
    until = ResultFilter(until=parse_day("2026-10-07", "--until", end=True))
    assert write_count(store, since) + write_count(store, until) == 180
    assert write_count(store, ResultFilter(banks=("other",))) == 0
    with pytest.raises(UserError):
        parse_day("yesterday", "--since")


def write_count(store, flt):
    return sum(1 for _ in store.db.execute(
        "SELECT 1 FROM attempts a JOIN answers s ON s.attempt_id = a.id WHERE " + flt.attempt_sql()[0] + " AND "
        + flt.answer_sql()[0], flt.attempt_sql()[1] + flt.answer_sql()[1]))


def test_xapi_statements(store):
    items = list(statements(store.results(ResultFilter()), LIBRARY))
    answered = [s for s in items if s["verb"]["id"].endswith("/answered")]
    completed = [s for s in items if s["verb"]["id"].endswith("/completed")]
    verdicts = [s for s in items if s["verb"]["id"].endswith(("/passed", "/failed"))]
    assert (len(answered), len(completed), len(verdicts)) == (180, 36, 36)
    types = {s["object"]["definition"]["interactionType"] for s in answered}
    assert types <= {"choice", "true-false", "sequencing", "fill-in", "long-fill-in", "matching"}
    first = answered[0]
    assert first["context"]["registration"] == completed[0]["context"]["registration"]
    assert first["object"]["definition"]["type"] == "http://adlnet.gov/expapi/activities/cmi.interaction"
    assert set(first["object"]["definition"]["name"]) == {"zh-CN", "en"}
    assert set(first["result"]) == {"response", "score", "success", "duration"}
    assert first["result"]["duration"].startswith("PT")
    assert completed[0]["result"]["score"]["scaled"] == pytest.approx(
        completed[0]["result"]["score"]["raw"] / completed[0]["result"]["score"]["max"])
    assert [s["id"] for s in items] == [s["id"] for s in statements(store.results(ResultFilter()), LIBRARY)]
    match = next(s for s in answered if s["object"]["definition"]["interactionType"] == "matching")
    assert match["object"]["definition"]["correctResponsesPattern"] == ["l0[.]p0[,]l1[.]p1[,]l2[.]p2"]


@pytest.mark.parametrize(("seconds", "text"), [(4.2, "PT4.2S"), (75, "PT1M15S"), (3725, "PT1H2M5S"), (0, "PT0S")])
def test_iso_durations(seconds, text):
    assert duration(seconds) == text


def test_report_figures_agree_with_the_raw_answers(store):
    report = build_report(store.results(ResultFilter()), LIBRARY, "zh-CN")
    assert report.cohort.attempts == 36 and report.cohort.trainees == 12
    rows = store.db.execute("SELECT attempt_id, question_key, points FROM answers").fetchall()
    totals: dict[str, float] = {}
    for attempt_id, _, points in rows:
        totals[attempt_id] = totals.get(attempt_id, 0) + points
    for item in report.items:
        x = np.array([p for a, k, p in rows if k == item.key])
        rest = np.array([totals[a] - p for a, k, p in rows if k == item.key])
        assert item.figures.attempts == len(x) and item.figures.facility == pytest.approx(x.mean())
        assert item.figures.sd == pytest.approx(x.std(ddof=1))
        if item.figures.enough and x.std() and rest.std():
            assert item.figures.discrimination == pytest.approx(np.corrcoef(x, rest)[0, 1])
        else:
            assert item.figures.discrimination is None
    exam = report.exams[0]
    assert exam.figures.attempts == 36 and exam.figures.slots == 5
    assert sum(report.distribution["exam"]) == 36 and sum(report.distribution["practice"]) == 0


def test_report_lists_leeches_from_the_review_schedule(tmp_path):
    from datetime import datetime

    from etiquette_quiz.review import update

    with Store(tmp_path / "l.sqlite3") as store:
        question = LIBRARY.question("sample/ring-count")
        for name in ("甲", "乙"):
            person = store.create_trainee(name)
            state = None
            for _ in range(4 if name == "甲" else 2):
                state = update(state, question_key=question.key, bank="sample", content_hash=question.content_hash,
                               fraction=0.0, seconds=3, qtype="single", now=datetime.now(UTC))
            store.save_review(person.id, state)
        (leech,) = build_report(store.results(ResultFilter()), LIBRARY, "en").leeches
        assert (leech.key, leech.prompt, leech.trainees) == (
            "sample/ring-count", "By which ring at the latest must you answer?", 1)


def exam_started(store: Store):
    """张三's sample exam, started now and open: (attempt, session)."""
    from etiquette_quiz import attempts
    from etiquette_quiz.model import AttemptMode
    from etiquette_quiz.session import draw_exam

    exam = LIBRARY.exam("sample-exam")
    trainee = store.create_trainee("张三", "A1024")
    attempt = attempts.start(store, trainee=trainee, mode=AttemptMode.EXAM, questions=draw_exam(exam, LIBRARY, 8),
                             seed=8, library=LIBRARY, content_lang="zh-CN", now=datetime.now(UTC), exam=exam)
    return attempt, attempts.open_session(store, attempt, LIBRARY)


def flagged_exam_store(path: Path) -> str:
    """A store with one exam whose answer was changed and whose clock went back; returns the attempt id."""
    from etiquette_quiz import attempts

    with Store(path) as store:
        attempt, session = exam_started(store)
        first = session.available[0]
        session.submit(first, "w0", 3)
        session.submit(first, "c0", 2)
        session.flags.add("clock-back")
        session.clock_alerts.append({"seen": "2026-11-30T09:10:00.000+00:00", "wall": "2026-11-30T09:00:00.000+00:00"})
        attempts.finish(store, store.attempt(attempt.id), session)
        return attempt.id


def test_exports_carry_the_attempt_flags(tmp_path):
    attempt_id = flagged_exam_store(tmp_path / "f.sqlite3")
    with Store(tmp_path / "f.sqlite3") as store:
        write_csv(str(tmp_path / "t.csv"), store.results(ResultFilter()), LIBRARY, "en", "attempt")
        (row,) = read_csv(tmp_path / "t.csv")
        assert (row["Attempt id"], row["To check"]) == (attempt_id, "⚠ the system clock went back during this exam")
        completed = [s for s in statements(store.results(ResultFilter()), LIBRARY) if "result" in s
                     and s["result"].get("completion")]
        assert completed and all(s["result"]["extensions"] == {"urn:etiquette-quiz:flags": ["clock-back"]}
                                 for s in completed)


def test_the_exam_log_travels_with_a_json_export(tmp_path):
    attempt_id = flagged_exam_store(tmp_path / "trainee.sqlite3")
    with Store(tmp_path / "trainee.sqlite3") as store:
        write_json(str(tmp_path / "r.json"), store, ResultFilter())
        kinds = [e.kind for e in store.events(attempt_id)]
    (entry,) = json.loads((tmp_path / "r.json").read_text(encoding="utf-8"))["attempts"]
    assert entry["flags"] == ["clock-back"] and [e["kind"] for e in entry["events"]] == kinds
    assert kinds == ["start", "answer", "answer", "clock-back", "hand-in"]
    with Store(tmp_path / "trainer.sqlite3") as trainer:
        merge(trainer, tmp_path / "r.json")
        assert [e.kind for e in trainer.events(attempt_id)] == kinds
        assert trainer.attempt(attempt_id).flags == ["clock-back"]
        assert [(a.position, a.response) for a in trainer.answers(attempt_id)] == [(0, "c0")]
        merge(trainer, tmp_path / "r.json")  # again: nothing doubles
        assert len(trainer.events(attempt_id)) == len(kinds)


def test_a_later_copy_of_an_exam_in_progress_brings_its_changed_answers(tmp_path):
    with Store(tmp_path / "trainee.sqlite3") as store:
        attempt, session = exam_started(store)
        session.submit(session.available[0], "w0", 3)
        write_json(str(tmp_path / "early.json"), store, ResultFilter())
        session.submit(session.available[0], "c0", 2)
        write_json(str(tmp_path / "later.json"), store, ResultFilter())
    with Store(tmp_path / "trainer.sqlite3") as trainer:
        merge(trainer, tmp_path / "early.json")
        report = merge(trainer, tmp_path / "later.json")
        assert (report.updated, report.conflicts) == (1, [])
        assert [a.response for a in trainer.answers(attempt.id)] == ["c0"]
        assert [e.response for e in trainer.events(attempt.id) if e.kind == "answer"] == ["w0", "c0"]
