"""Exact scores: exactly the pass mark passes for every partial-credit type, in the quiz, the store and
every export; what is shown agrees with what is stored and decided (issue 10)."""

from __future__ import annotations

import csv
import dataclasses
import io
import json
import re
import tempfile
from datetime import UTC, datetime
from decimal import Decimal
from fractions import Fraction as F
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from rich.console import Console

from etiquette_quiz import attempts
from etiquette_quiz.banks import load_paths
from etiquette_quiz.exports.jsondoc import write_json
from etiquette_quiz.exports.tabular import write_csv, write_xlsx
from etiquette_quiz.exports.xapi import statements
from etiquette_quiz.model import AttemptMode, Bank, Library, Mark, Question, QuestionType, Text, TrueFalseBody
from etiquette_quiz.progress import summarize
from etiquette_quiz.scores import (
    VULGAR,
    decimal_text,
    exact,
    format_points,
    format_score,
    from_float,
    number,
    old_attempt,
    pass_mark_text,
    percent_places,
    percent_text,
    settled_total,
    spreadsheet_format,
)
from etiquette_quiz.session import make_plan
from etiquette_quiz.store import AnswerRecord, AttemptRecord, ResultFilter, Store
from etiquette_quiz.store.merge import merge
from etiquette_quiz.ui import history, render

NOW = datetime(2026, 11, 30, 9, 0, tzinfo=UTC)

# -- how scores are written -----------------------------------------------------------------


@pytest.mark.parametrize(("value", "text"), [
    (F(3), "3"), (F(0), "0"), (F(5, 2), "2.5"), (F(1, 4), "0.25"), (F(7, 4), "1.75"), (F(1, 5), "0.2"),
    (F(22, 3), "7⅓"), (F(11, 6), "1⅚"), (F(1, 3), "⅓"), (F(19, 8), "2⅜"), (F(1, 8), "⅛"),
    (F(251, 30), "≈8.3"),  # 8 11/30 = 8.3667: one decimal, never above the value
    (F(301, 30), "≈10.0"), (F(2, 7), "≈0.2"), (F(1, 40), "≈0.0"),
])
def test_points_as_a_person_writes_them(value, text):
    assert format_points(value) == text


def test_scores_of_the_issue_read_as_written():
    assert format_score(F(3), F(5)) == "3/5"
    assert format_score(F(5, 2), F(5)) == "2.5/5"
    assert format_score(F(8), F(10)) == "8/10"
    assert format_score(F(22, 3), F(10)) == "7⅓/10"
    assert format_score(F(11, 6), F(7)) == "1⅚/7"


@pytest.mark.parametrize(("value", "places", "text"), [
    (F(3, 5), 0, "60"), (F(2, 3), 0, "66"), (F(2, 3), 1, "66.6"), (F(3, 8), 0, "37"), (F(199, 200), 0, "99"),
    (F(1), 0, "100"), (F(3, 5), 1, "60"), (F(0), 0, "0"), (F(667, 1000), 1, "66.7"),
])
def test_percentages_are_rounded_down(value, places, text):
    assert percent_text(value, places) == text


@pytest.mark.parametrize(("pass_mark", "places", "text"), [
    (F(3, 5), 0, "60"), (F(667, 1000), 1, "66.7"), (F(6667, 10000), 2, "66.67"), (F(17, 20), 0, "85"),
    (F(2, 3), 6, "66.666666"), (None, 0, None),
])
def test_a_pass_mark_shows_exactly(pass_mark, places, text):
    assert percent_places(pass_mark) == places
    if pass_mark is not None:
        assert pass_mark_text(pass_mark) == text


def test_numbers_for_machines_are_exact_when_whole_and_the_nearest_float_otherwise():
    assert number(F(3)) == 3 and isinstance(number(F(3)), int)
    assert number(F(1, 3)) == 1 / 3 and isinstance(number(F(1, 3)), float)
    assert exact("251/30") == F(251, 30) and exact("2.5") == F(5, 2) and exact(3) == 3


@pytest.mark.parametrize(("value", "shown"), [(F(22, 3), "# ?/?"), (F(251, 30), "# ??/??"), (F(1, 3), "# ?/?"),
                                              (F(5, 2), None), (F(3), None), (F(1, 1009), None)])
def test_a_spreadsheet_shows_a_fraction_where_people_write_one(value, shown):
    assert spreadsheet_format(value) == shown


@pytest.mark.parametrize(("value", "text"), [(F(3), "3"), (F(3, 2), "1.5"), (F(1, 10), "0.1"), (F(1, 3), repr(1 / 3))])
def test_points_as_a_file_writes_them(value, text):
    assert decimal_text(value) == text


@pytest.mark.parametrize("fmt", ["xlsx", "csv", "moodle-xml", "md"])
def test_decimal_points_survive_a_bank_export_and_import(fmt, tmp_path):
    from etiquette_quiz.formats.exporting import EXTENSIONS, export_bank

    from .conftest import DATA
    from .formatsdata import import_one, imported_bank

    sample = load_paths([DATA]).library.bank("sample")
    weights = iter([F(3, 2), F(1, 10), F(2), F(1000), F(1, 4)] * 4)
    bank = dataclasses.replace(sample, questions=tuple(dataclasses.replace(q, points=next(weights))
                                                      for q in sample.questions))
    path = tmp_path / f"sample{EXTENSIONS[fmt]}"
    export_bank(bank, fmt, str(path), "zh-CN")
    back = imported_bank(import_one(path, skip_bad=True), tmp_path)
    kept = {q.id: q.points for q in back.questions}
    assert kept and all(kept[q.id] == q.points for q in bank.questions if q.id in kept)


def test_floats_of_older_versions_come_back_exact():
    for denominator in range(1, 60):
        for numerator in range(denominator + 1):
            assert from_float(numerator / denominator) == F(numerator, denominator)
    assert from_float(1.5) == F(3, 2) and from_float(0.1) == F(1, 10) and from_float(0.667) == F(667, 1000)
    with pytest.raises(ValueError):
        from_float(float("nan"))


def test_a_rounded_old_total_is_settled_against_its_answers():
    assert settled_total(2.9999, F(3), 5) == 3
    assert settled_total(8.0001, F(8), 10) == 8
    assert settled_total(8.3666, F(251, 30), 25) == F(251, 30)
    assert settled_total(1.0, F(4, 3), 2) == 1  # an answer that no longer counted: the stored total stands
    assert old_attempt(2.9999, 5.0, 0.6, True, F(3), 5) == (3, 5, F(3, 5), True)
    assert old_attempt(None, None, 0.6, False, F(1, 2), 1) == (None, None, F(3, 5), None)


def test_a_mark_refuses_floats():
    with pytest.raises(TypeError):
        Mark(0.5, F(1))  # type: ignore[arg-type]
    assert Mark(F(1, 3), F(3, 2)).points == F(1, 2)


# -- exactly the pass mark, for every partial-credit type ---------------------------------------

THIRDS = """\
bank: thirds
title: {zh-CN: 部分得分, en: Partial credit}
rules:
  - id: r
    text: {zh-CN: 规则, en: A rule}
questions:
  - {id: single-a, type: single, rule: r, prompt: {zh-CN: 单选甲, en: Single A}, correct: 对, wrong: [错]}
  - {id: single-b, type: single, rule: r, prompt: {zh-CN: 单选乙, en: Single B}, correct: 对, wrong: [错]}
%s
"""
KINDS = {
    "multi": ("{id: multi-%d, type: multi, rule: r, prompt: {zh-CN: 多选%d, en: Multi %d}, correct: [甲, 乙, 丙], "
              "wrong: [丁]}", ["c0"]),
    "order": ("{id: order-%d, type: order, rule: r, prompt: {zh-CN: 排序%d, en: Order %d}, steps: [一, 二, 三, 四]}",
              [3, 2, 0, 1]),
    "fill": ("{id: fill-%d, type: fill, rule: r, prompt: {zh-CN: '填空%d ___ ___ ___', en: 'Fill %d ___ ___ ___'}, "
             "blanks: [[甲], [乙], [丙]]}", ["甲", "丁", "戊"]),
    "script": ("{id: script-%d, type: script, rule: r, prompt: {zh-CN: 话术%d, en: Script %d}, "
               "must: [[您好], [请稍等], [谢谢]], model: 您好，请稍等，谢谢}", "您好"),
    "match": ("{id: match-%d, type: match, rule: r, prompt: {zh-CN: 配对%d, en: Match %d}, "
              "pairs: [[甲, 一], [乙, 二], [丙, 三]]}", ["p0", "p2", "p1"]),
}
EXAM = """\
exam: boundary
title: {zh-CN: 及格线考试, en: Boundary exam}
pass_mark: 60%%
sections:
  - questions: [thirds/single-a, thirds/single-b, %s]
"""


@pytest.fixture(params=list(KINDS))
def boundary(request, tmp_path):
    """An exam of 2 single questions and 3 of one partial-credit type, answered 2 right + 3 at 1/3 (= 60%)."""
    kind = request.param
    line, response = KINDS[kind]
    folder = tmp_path / "banks"
    folder.mkdir()
    (folder / "thirds.yaml").write_text(THIRDS % "\n".join("  - " + line % (n, n, n) for n in (1, 2, 3)),
                                        encoding="utf-8")
    (folder / "boundary.yaml").write_text(EXAM % ", ".join(f"thirds/{kind}-{n}" for n in (1, 2, 3)),
                                          encoding="utf-8")
    loaded = load_paths([folder])
    assert [p for p in loaded.problems if p.severity == "error"] == []
    library, exam = loaded.library, loaded.library.exam("boundary")
    assert exam.pass_mark == F(3, 5)
    store = Store(tmp_path / "results.sqlite3")
    trainee = store.create_trainee("王五", "B2048")
    questions = [library.question(key) for key in exam.sections[0].questions]
    attempt = attempts.start(store, trainee=trainee, mode=AttemptMode.EXAM, questions=questions, seed=1,
                             library=library, content_lang="zh-CN", now=NOW, exam=exam)
    session = attempts.open_session(store, attempt, library, clock=lambda: 0.0, now=lambda: NOW)
    for slot in session.slots:
        answer = "c0" if slot.question.type is QuestionType.SINGLE else response
        mark = session.submit(slot, answer, 4.0)
        assert mark.fraction == (1 if slot.question.type is QuestionType.SINGLE else F(1, 3)), kind
    result = attempts.finish(store, attempt, session)
    yield kind, folder, library, store, attempt.id, result
    store.close()


def test_exactly_the_pass_mark_passes_in_the_quiz(boundary):
    kind, _, library, _, _, result = boundary
    assert (result.score, result.max_score, result.passed) == (3, 5, True)
    console = Console(record=True, width=100, color_system=None)
    render.result_summary(console, result, "zh-CN", "zh-CN", library, "及格线考试")
    shown = console.export_text()
    assert "得分 3/5（60%）" in shown and "✔ 通过（及格线 60%）" in shown, shown
    assert "2.9999" not in shown


def test_exactly_the_pass_mark_is_stored_and_shown_in_history(boundary, run):
    _, folder, _, store, attempt_id, _ = boundary
    record = store.attempt(attempt_id)
    assert (record.score, record.max_score, record.pass_mark, record.passed) == (3, 5, F(3, 5), True)
    assert tuple(store.db.execute("SELECT score, score_exact, passed FROM attempts").fetchone()) == (3.0, "3", 1)
    assert [a.points for a in store.answers(attempt_id)] == [1, 1, F(1, 3), F(1, 3), F(1, 3)]
    assert history._score_cell(summarize(record, 5)).plain == "3/5  60%"
    shown = run("--banks", str(folder), "--db", str(store.path), "--lang", "en", "history", attempt_id).output
    assert "Score 3/5 (60%)" in shown and "✔ PASSED (pass mark 60%)" in shown


def test_exactly_the_pass_mark_passes_in_every_export(boundary, tmp_path):
    kind, _, library, store, _, _ = boundary
    results = store.results(ResultFilter())
    write_csv(str(tmp_path / "t.csv"), results, library, "en", "attempt")
    (row,) = csv.DictReader(io.StringIO((tmp_path / "t.csv").read_text(encoding="utf-8-sig")))
    assert (row["Score"], row["Out of"], row["Percent"], row["Passed"]) == ("3", "5", "60", "yes")
    write_csv(str(tmp_path / "a.csv"), results, library, "en", "answer")
    answers = list(csv.DictReader(io.StringIO((tmp_path / "a.csv").read_text(encoding="utf-8-sig"))))
    assert [(r["Fraction right"], r["Points"], r["Right"]) for r in answers][1:3] == [
        ("1", "1", "yes"), (repr(1 / 3), repr(1 / 3), "no")]
    assert sum(float(r["Points"]) for r in answers) == pytest.approx(3)

    from openpyxl import load_workbook

    write_xlsx(str(tmp_path / "r.xlsx"), results, library, "en")
    book = load_workbook(tmp_path / "r.xlsx")
    sheet = book["Attempts"]
    header = [c.value for c in sheet[1]]
    cells = dict(zip(header, sheet[2], strict=True))
    assert (cells["Score"].value, cells["Out of"].value, cells["Percent"].value, cells["Passed"].value) == (
        3, 5, 60, "yes")
    answer_sheet = book["Answers"]
    header = [c.value for c in answer_sheet[1]]
    third = dict(zip(header, answer_sheet[4], strict=True))
    assert third["Points"].value == pytest.approx(1 / 3) and third["Points"].data_type == "n"
    assert third["Points"].number_format == "# ?/?"  # Excel shows 1/3, and sums the number

    items = list(statements(results, library))
    verdict = next(s for s in items if s["verb"]["id"].endswith(("/passed", "/failed")))
    assert verdict["verb"]["id"].endswith("/passed"), kind
    assert verdict["result"]["score"] == {"scaled": 0.6, "raw": 3, "min": 0, "max": 5}
    partial = [s for s in items if s["verb"]["id"].endswith("/answered")][2]
    assert partial["result"]["score"] == {"scaled": 1 / 3, "raw": 1 / 3, "min": 0, "max": 1}
    assert partial["result"]["success"] is False

    write_json(str(tmp_path / "r.json"), store, ResultFilter())
    document = json.loads((tmp_path / "r.json").read_text(encoding="utf-8"))
    (entry,) = document["attempts"]
    assert (document["version"], entry["score"], entry["pass_mark"], entry["passed"]) == (2, "3", "3/5", True)
    assert [a["points"] for a in entry["answers"]] == ["1", "1", "1/3", "1/3", "1/3"]
    with Store(tmp_path / "trainer.sqlite3") as trainer:
        merge(trainer, tmp_path / "r.json")
        imported = trainer.attempt(entry["id"])
        assert (imported.score, imported.pass_mark, imported.passed) == (3, F(3, 5), True)
        assert [a.fraction for a in trainer.answers(entry["id"])] == [1, 1, F(1, 3), F(1, 3), F(1, 3)]


def test_a_version_1_results_file_is_read_as_migration_4_reads_a_store(boundary, tmp_path):
    _, _, _, store, attempt_id, _ = boundary
    write_json(str(tmp_path / "r.json"), store, ResultFilter())
    document = json.loads((tmp_path / "r.json").read_text(encoding="utf-8"))
    # what the version 1 code wrote: floats, each answer's points and the total rounded to 4 decimals
    document["version"] = 1
    (entry,) = document["attempts"]
    entry.update(score=2.9999, max_score=5.0, pass_mark=0.6, passed=False)
    for answer in entry["answers"]:
        share = F(answer["fraction"])
        answer.update(fraction=float(share), points=round(float(share), 4), max_points=1.0)
    (tmp_path / "old.json").write_text(json.dumps(document), encoding="utf-8")
    with Store(tmp_path / "trainer.sqlite3") as trainer:
        report = merge(trainer, tmp_path / "old.json")
        assert (report.added, report.conflicts) == (1, [])
        imported = trainer.attempt(attempt_id)
        assert (imported.score, imported.max_score, imported.pass_mark, imported.passed) == (3, 5, F(3, 5), True)
        assert [a.points for a in trainer.answers(attempt_id)] == [1, 1, F(1, 3), F(1, 3), F(1, 3)]
        # the same attempt from the version 2 file is the same attempt: no conflict
        write_json(str(tmp_path / "new.json"), store, ResultFilter())
        assert merge(trainer, tmp_path / "new.json").conflicts == []


# -- what is shown, stored and decided agree, for any marks and pass mark -------------------------

POINTS = st.sampled_from([F(1), F(2), F(3, 2), F(1, 2), F(5, 2), F(1, 4), F(10), F(7, 10), F(1000)])


@st.composite
def share(draw):
    """A partial-credit share as a grader gives one: k of n parts (choices, steps - 1, blanks, groups, pairs)."""
    parts = draw(st.integers(1, 12))
    return F(draw(st.integers(0, parts)), parts)


@st.composite
def attempt_marks(draw):
    """Marks of an attempt, and a pass mark written as a percentage with up to two decimals, often on the
    score itself or next to it (where rounding used to decide)."""
    marks = draw(st.lists(st.tuples(share(), POINTS), min_size=1, max_size=15))
    total = sum(f * p for f, p in marks)
    most = sum(p for _, p in marks)
    scored = total / most * 100
    places = draw(st.integers(0, 2))
    unit = F(1, 10**places)
    near = max(unit, F(int(scored / unit)) * unit)
    percent = draw(st.one_of(st.just(near), st.just(near + unit),
                             st.integers(1, 100 * 10**places).map(lambda k: k * unit)))
    return marks, min(F(100), max(unit, percent)) / 100  # `near` is the score itself when it is written so


def parse_points(text: str) -> tuple[F, bool]:
    """Points as shown, and whether they were exact (no ≈)."""
    if text.startswith("≈"):
        return F(text[1:]), False
    if text[-1] in VULGAR.values():
        part = next(k for k, v in VULGAR.items() if v == text[-1])
        return F(text[:-1] or 0) + part, True
    return F(text), True


def quiz(marks, pass_mark):
    questions = [Question(bank="p", id=f"q{i}", type=QuestionType.TRUEFALSE, prompt=Text((("zh-CN", "题"),)),
                          body=TrueFalseBody(True), points=points) for i, (_, points) in enumerate(marks)]
    library = Library(banks=(Bank(id="p", title=Text((("zh-CN", "题库"),)), path="p", questions=tuple(questions)),))
    plan = make_plan(questions, 1)
    return library, plan, questions


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(attempt_marks())
def test_shown_stored_and_decided_agree(case):
    marks, pass_mark = case
    library, plan, questions = quiz(marks, pass_mark)
    exact_total = sum(f * p for f, p in marks)
    exact_most = sum(p for _, p in marks)
    passed = exact_total / exact_most >= pass_mark
    with tempfile.TemporaryDirectory() as folder, Store(Path(folder) / "r.sqlite3") as store:
        record = AttemptRecord(id="a", trainee="甲", mode=AttemptMode.EXAM, seed=1, lang="zh-CN", plan=plan,
                               bank_versions={}, feedback="end", started_at=NOW.isoformat(), pass_mark=pass_mark)
        store.create_attempt(record)
        session = attempts.open_session(store, record, library, clock=lambda: 0.0, now=lambda: NOW)
        for slot, (fraction, _) in zip(session.slots, marks, strict=True):
            mark = Mark(fraction, slot.question.points)  # any share a grader could give, recorded as submit does
            session.recorder(slot, True, mark, 1.0, 0.0)
            session.marks[slot.position] = mark
        result = attempts.finish(store, record, session)
        # decided exactly
        assert (result.score, result.max_score, result.passed) == (exact_total, exact_most, passed)
        # stored exactly (and the REAL column is the float nearest to it)
        stored = store.attempt("a")
        assert (stored.score, stored.max_score, stored.pass_mark, stored.passed) == (
            exact_total, exact_most, pass_mark, passed)
        assert store.db.execute("SELECT score FROM attempts").fetchone()[0] == float(exact_total)
        assert sum(a.points for a in store.answers("a")) == exact_total
        history_cell = history._score_cell(summarize(stored, len(marks))).plain
    # shown: the score as written, the percentage never above the score, and on the pass mark's side
    console = Console(record=True, width=200, color_system=None)
    render.result_summary(console, result, "en", "en", library, "exam")
    text = console.export_text()
    found = re.search(r"Score (\S+)/(\S+) \(([\d.]+)%\)", text)
    assert found is not None, text
    points, was_exact = parse_points(found.group(1))
    if was_exact:
        assert points == exact_total
    else:
        assert points <= exact_total < points + F(1, 10)
    assert parse_points(found.group(2)) == (exact_most, True)
    shown_percent = Decimal(found.group(3))
    mark_shown = Decimal(re.search(r"pass mark ([\d.]+)%", text).group(1))
    assert F(mark_shown) == pass_mark * 100  # the pass mark exactly as written
    assert F(shown_percent) <= exact_total / exact_most * 100
    assert (shown_percent >= mark_shown) == passed == ("✔ PASSED" in text)
    assert history_cell.split() == [f"{found.group(1)}/{found.group(2)}", f"{found.group(3)}%"]


@settings(max_examples=60, deadline=None)
@given(st.lists(st.tuples(st.fractions(min_value=0, max_value=1, max_denominator=10**12), POINTS), min_size=1,
                max_size=6))
def test_any_exact_value_round_trips_through_the_store_and_the_json_document(values):
    # A well-formed attempt (results import checks the whole file), with any exact marks.
    answers = [AnswerRecord(position=i, question_key=f"p/q{i}", bank="p", content_hash="0" * 16, response=True,
                            fraction=f, points=f * p, max_points=p, seconds=1.0) for i, (f, p) in enumerate(values)]
    total = sum(a.points for a in answers)
    most = sum(p for _, p in values)
    plan = [{"key": a.question_key, "hash": a.content_hash, "layout": {}} for a in answers]
    with tempfile.TemporaryDirectory() as folder:
        with Store(Path(folder) / "a.sqlite3") as store:
            store.create_trainee("甲", trainee_id="t")
            store.create_attempt(AttemptRecord(id="a", trainee="甲", trainee_id="t", mode=AttemptMode.EXAM, seed=1,
                                               lang="zh-CN", plan=plan, bank_versions={}, feedback="end",
                                               started_at=NOW.isoformat(), exam_id="e", pass_mark=F(2, 3)))
            for answer in answers:
                store.record_answer("a", answer, 1.0)
            store.finish_attempt("a", score=total, max_score=most, passed=total / most >= F(2, 3), elapsed=1)
            assert [(a.fraction, a.points, a.max_points) for a in store.answers("a")] == [
                (a.fraction, a.points, a.max_points) for a in answers]
            assert store.attempt("a").score == total
            write_json(str(Path(folder) / "r.json"), store, ResultFilter())
        with Store(Path(folder) / "b.sqlite3") as other:
            merge(other, Path(folder) / "r.json")
            assert [(a.fraction, a.points, a.max_points) for a in other.answers("a")] == [
                (a.fraction, a.points, a.max_points) for a in answers]
            assert (other.attempt("a").score, other.attempt("a").pass_mark) == (total, F(2, 3))
