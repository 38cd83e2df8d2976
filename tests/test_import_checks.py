"""results import checks a whole file before writing anything (reliability report rows 4b, 4c, 4e, 4f, 5b, 7e, 7f).

Every hand-edited export of the report is refused with the problem located, nothing of it is
written, and the store keeps working; a property test throws random edits at the importer.
"""

from __future__ import annotations

import copy
import json
import sqlite3
import uuid
from fractions import Fraction

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from etiquette_quiz.banks import load_paths
from etiquette_quiz.errors import UserError
from etiquette_quiz.exports.jsondoc import write_json
from etiquette_quiz.store import ResultFilter, Store
from etiquette_quiz.store.merge import merge

from .conftest import DATA

LIBRARY = load_paths([DATA]).library
FORMULA = '=HYPERLINK("http://127.0.0.1/x","click")'


@pytest.fixture(scope="module")
def exported(cohort, tmp_path_factory):
    """The cohort's JSON export, with fresh attempt ids (so that importing it adds them)."""
    path = tmp_path_factory.mktemp("export") / "all.json"
    with Store(cohort) as store:
        write_json(str(path), store, ResultFilter())
    return json.loads(path.read_text(encoding="utf-8"))


def rows(path):
    db = sqlite3.connect(path)
    try:
        return [db.execute(f"SELECT COUNT(*) FROM {table}").fetchone()[0] for table in ("trainees", "attempts",
                                                                                        "answers", "reviews")]
    finally:
        db.close()


def import_doc(tmp_path, doc, name="in.json", library=LIBRARY, skip_bad=False):
    path = tmp_path / name
    path.write_text(json.dumps(doc, ensure_ascii=False), encoding="utf-8")
    store_path = tmp_path / "trainer.sqlite3"
    with Store(store_path) as trainer:
        return merge(trainer, path, library, skip_bad=skip_bad), store_path


def edited(doc, change):
    doc = copy.deepcopy(doc)
    change(doc)
    return doc


def first(doc):
    return doc["attempts"][0]


def wrong_answer(doc):
    """The first attempt and position whose answer is not right."""
    for a in doc["attempts"]:
        for answer in a["answers"]:
            if Fraction(answer["fraction"]) < 1:
                return a, answer
    raise AssertionError("the cohort has no wrong answer")


def claim_full_marks(doc):
    """A consistent forgery: one wrong answer given full marks, and the attempt's score and verdict to match."""
    attempt, answer = wrong_answer(doc)
    answer.update(fraction="1", points=answer["max_points"])
    score = sum((Fraction(a["points"]) for a in attempt["answers"]), Fraction(0))
    attempt["score"] = str(score)
    attempt["passed"] = score / Fraction(attempt["max_score"]) >= Fraction(attempt["pass_mark"])


def as_version_1(doc):
    """The same results as a version 1 file wrote them: scores as floats, points rounded to 4 places."""
    doc = copy.deepcopy(doc)
    doc["version"] = 1
    for attempt in doc["attempts"]:
        for name in ("score", "max_score", "pass_mark"):
            if attempt[name] is not None:
                attempt[name] = round(float(Fraction(attempt[name])), 4)
        for answer in attempt["answers"]:
            answer["fraction"] = float(Fraction(answer["fraction"]))
            answer["max_points"] = float(Fraction(answer["max_points"]))
            answer["points"] = round(answer["fraction"] * answer["max_points"], 4)
    return doc


def question_the_exam_never_draws(doc):
    """Row 7e: a practice's question passed off as part of the exam (an order question; the exam draws none)."""
    entry = first(doc)["plan"][0]
    entry["key"] = "sample/answer-steps"
    for answer in first(doc)["answers"]:
        if answer["position"] == 0:
            answer["question_key"] = "sample/answer-steps"


def exam_cut_short(doc):
    """Row 7e: a consistent 3-question attempt passed off as the 5-question exam."""
    attempt = first(doc)
    attempt["plan"] = attempt["plan"][:3]
    attempt["answers"] = [a for a in attempt["answers"] if a["position"] < 3]
    score = sum((Fraction(a["points"]) for a in attempt["answers"]), Fraction(0))
    most = sum((Fraction(a["max_points"]) for a in attempt["answers"]), Fraction(0))
    attempt.update(score=str(score), max_score=str(most), passed=score / most >= Fraction(attempt["pass_mark"]))


def with_start_logged(**detail):
    """An exam log whose first line (the start, read back on resume as a copy of the deadline) holds `detail`."""
    def edit(doc):
        attempt = first(doc)
        attempt["events"] = [{"kind": "start", "at": attempt["started_at"], "elapsed": 0.0, "position": None,
                              "response": None, "detail": {"clock": "running"} | detail, "seq": 1}]
    return edit


def new_trainee_without_name(doc):
    person = doc["trainees"][0]
    person["name"] = None


def review_of(doc):
    """A review schedule for the first trainee, as an export holds it."""
    from dataclasses import asdict
    from datetime import UTC, datetime

    from etiquette_quiz.review import update

    question = LIBRARY.questions[0]
    state = update(None, question_key=question.key, bank=question.bank, content_hash=question.content_hash,
                   fraction=0.0, seconds=3.0, qtype=question.type.value, now=datetime(2026, 10, 1, tzinfo=UTC))
    return {"trainee_id": doc["trainees"][0]["id"]} | asdict(state)


def plus_bad_review(doc):
    review = review_of(doc)
    review["due"] = "tomorrow"
    doc["reviews"].append(review)


def plus_bad_card(doc):
    review = review_of(doc)
    review["card"] = {"state": "hacked"}
    doc["reviews"].append(review)


# (what the report did, the edit, where the problem is, its code)
POISONS = [
    ("negative score", lambda d: first(d).update(score=-5), "attempts[0].score", "range"),
    ("NaN score", lambda d: first(d).update(score=float("nan")), "attempts[0].score", "exact"),
    ("Infinity score", lambda d: first(d).update(score=float("inf")), "attempts[0].score", "exact"),
    ("score as a word", lambda d: first(d).update(score="eight"), "attempts[0].score", "exact"),
    ("score as a float", lambda d: first(d).update(score=2.5), "attempts[0].score", "exact"),
    ("1e308", lambda d: first(d).update(max_score=10**308), "attempts[0].max_score", "range"),
    ("10,000 answers for 5 questions",
     lambda d: first(d).update(answers=[dict(first(d)["answers"][0], position=i) for i in range(10_000)]),
     "attempts[0].answers", "count"),
    ("plan as text", lambda d: first(d).update(plan="x"), "attempts[0].plan", "type"),
    ("not a date", lambda d: first(d).update(started_at="not a date"), "attempts[0].started_at", "date"),
    ("mode hacker", lambda d: first(d).update(mode="hacker"), "attempts[0].mode", "choice"),
    ("bad review due", plus_bad_review, "reviews[{last}].due", "date"),
    ("review card that cannot be read", plus_bad_card, "reviews[{last}].card", "card"),
    ("position -7", lambda d: first(d)["answers"][0].update(position=-7), "attempts[0].answers[0].position", "range"),
    ("position 10^12", lambda d: first(d)["answers"][0].update(position=10**12), "attempts[0].answers[0].position",
     "range"),
    ("bank <script>", lambda d: first(d)["answers"][0].update(bank="<script>"), "attempts[0].answers[0].bank", "pattern"),
    ("duplicate position", lambda d: first(d)["answers"][1].update(position=first(d)["answers"][0]["position"]),
     "attempts[0].answers[1].position", "twice"),
    ("trainee not in the file", lambda d: first(d).update(trainee_id="not-in-file"), "attempts[0].trainee_id", "trainee"),
    ("name null", new_trainee_without_name, "trainees[0].name", "type"),
    ("score is not the sum of the answers", lambda d: first(d).update(score=first(d)["max_score"], passed=True),
     "attempts[0].score", "sum"),
    ("an answer claims full marks", claim_full_marks, "attempts[{attempt}].answers[{answer}].points", "regrade"),
    ("pass mark lowered", lambda d: first(d).update(pass_mark="1/10", passed=True), "attempts[0].pass_mark",
     "exam-setting"),
    ("formula as exam id", lambda d: first(d).update(exam_id=FORMULA), "attempts[0].exam_id", "pattern"),
    ("formula as language", lambda d: first(d).update(lang="=1+1"), "attempts[0].lang", "pattern"),
    ("formula as question key", lambda d: first(d)["answers"][0].update(question_key="=5+5/q"),
     "attempts[0].answers[0].question_key", "key"),
    ("formula as time", lambda d: first(d)["answers"][0].update(answered_at="+1"), "attempts[0].answers[0].answered_at",
     "date"),
    ("escape in a name", lambda d: d["trainees"][0].update(name="Mallory\x1b]0;PWNED\x07"), "trainees[0].name",
     "control"),
    ("C1 CSI in a name", lambda d: first(d).update(trainee="Mallory\u009b31m"), "attempts[0].trainee", "control"),
    ("an unfinished attempt with a score", lambda d: first(d).update(state="in_progress"), "attempts[0].score",
     "unfinished"),
    ("unknown field", lambda d: first(d).update(bonus=5), "attempts[0].bonus", "unknown"),
    ("boolean seed", lambda d: first(d).update(seed=True), "attempts[0].seed", "type"),
    ("a question the exam never draws", question_the_exam_never_draws, "attempts[0].plan[0].key", "exam-plan"),
    ("an exam cut short", exam_cut_short, "attempts[0].plan", "exam-size"),
    ("a logged deadline that is no time", with_start_logged(deadline="soon", time_limit=600),
     "attempts[0].events[0].detail.deadline", "date"),
    ("a logged time limit in words", with_start_logged(deadline="2026-10-01T09:20:00+00:00", time_limit="ten"),
     "attempts[0].events[0].detail.time_limit", "type"),
    ("layout edited", lambda d: first(d)["plan"][0].update(layout={"choices": ["c0"]}), "attempts[0].plan[0].layout",
     "layout-differs"),
]


@pytest.mark.parametrize(("what", "change", "where", "code"), POISONS, ids=[p[0] for p in POISONS])
def test_a_hand_edited_export_is_refused_with_the_problem_located(tmp_path, exported, what, change, where, code):
    doc = edited(exported, change)
    if "{" in where:
        attempt, answer = wrong_answer(exported)
        a = exported["attempts"].index(attempt)
        where = where.format(last=len(doc["reviews"]) - 1, attempt=a, answer=attempt["answers"].index(answer))
    report, store_path = import_doc(tmp_path, doc)
    assert report.refused
    assert (where, code) in [(p.where, p.code) for p in report.problems], [p.message("x", "en") for p in report.problems]
    assert rows(store_path) == [0, 0, 0, 0]  # nothing written
    assert not [m for p in report.problems if "Fraction(" in (m := p.message("x", "en"))]  # values as the file has them


# The report's attacks on a version 1 file (floats), which the importer still reads.
POISONS_V1 = [
    ("negative score", lambda d: first(d).update(score=-5), "attempts[0].score", "range"),
    ("NaN score", lambda d: first(d).update(score=float("nan")), "attempts[0].score", "range"),
    ("Infinity score", lambda d: first(d).update(score=float("inf")), "attempts[0].score", "range"),
    ("score as text", lambda d: first(d).update(score="8"), "attempts[0].score", "type"),
    ("1e308", lambda d: first(d).update(max_score=1e308), "attempts[0].max_score", "range"),
    ("score is not the sum of the answers", lambda d: first(d).update(score=first(d)["max_score"]),
     "attempts[0].score", "sum"),
    ("points not fraction x max points", lambda d: first(d)["answers"][0].update(points=0.5, fraction=0.0),
     "attempts[0].answers[0].points", "points"),
    ("passed against the pass mark", lambda d: first(d).update(passed=not first(d)["passed"]),
     "attempts[0].passed", "passed"),
]


@pytest.mark.parametrize(("what", "change", "where", "code"), POISONS_V1, ids=[p[0] for p in POISONS_V1])
def test_a_hand_edited_version_1_file_is_refused_too(tmp_path, exported, what, change, where, code):
    report, store_path = import_doc(tmp_path, edited(as_version_1(exported), change))
    assert report.refused
    assert (where, code) in [(p.where, p.code) for p in report.problems], [p.message("x", "en") for p in report.problems]
    assert rows(store_path) == [0, 0, 0, 0]


def test_a_clean_version_1_file_imports_with_exact_scores(tmp_path, exported):
    report, store_path = import_doc(tmp_path, as_version_1(exported))
    assert report.problems == [] and (report.added, report.regraded) == (36, 180)
    with Store(store_path) as store:
        for attempt in exported["attempts"]:
            assert store.attempt(attempt["id"]).score == Fraction(attempt["score"])  # the rounding undone


def test_a_clean_export_imports_with_every_answer_regraded(tmp_path, exported):
    doc = edited(exported, lambda d: d["reviews"].append(review_of(d)))
    report, store_path = import_doc(tmp_path, doc)
    assert report.problems == [] and not report.refused
    assert (report.added, report.answers_added, report.regraded, report.unchecked) == (36, 180, 180, 0)
    assert rows(store_path) == [12, 36, 180, 1]


def test_without_the_banks_answers_are_checked_for_consistency_only(tmp_path, exported):
    report, _ = import_doc(tmp_path, edited(exported, claim_full_marks), library=None)
    assert report.refused is False and (report.regraded, report.unchecked) == (0, 180)


def test_problems_are_messages_naming_file_field_and_value(tmp_path, exported):
    report, _ = import_doc(tmp_path, edited(exported, lambda d: first(d)["answers"][0].update(points=-2)), "t.json")
    messages = [p.message("t.json", "en") for p in report.problems]
    assert "t.json: attempts[0].answers[0].points: -2 — should be between 0 and 1" in messages
    assert all(m.startswith("t.json: ") for m in messages)
    zh = report.problems[0].message("t.json", "zh-CN")
    assert zh.startswith("t.json：attempts[0]") and "应" in zh


def test_a_regraded_answer_and_an_unfinished_score_are_quoted_as_the_file_writes_them(tmp_path, exported):
    attempt, answer = wrong_answer(exported)
    a, n = exported["attempts"].index(attempt), attempt["answers"].index(answer)
    report, _ = import_doc(tmp_path, edited(exported, claim_full_marks), "t.json")
    assert any(m.startswith(f't.json: attempts[{a}].answers[{n}].points: "{answer["max_points"]}" — the file says ')
               for m in (p.message("t.json", "en") for p in report.problems))
    report, _ = import_doc(tmp_path, edited(exported, lambda d: first(d).update(state="in_progress")), "u.json")
    assert f'u.json: attempts[0].score: "{first(exported)["score"]}" — an unfinished attempt has none yet' in [
        p.message("u.json", "en") for p in report.problems]


def test_every_problem_is_collected_not_only_the_first(tmp_path, exported):
    def many(d):
        for a in d["attempts"][:3]:
            a["score"] = -1
            a["answers"][0]["fraction"] = "7"

    report, _ = import_doc(tmp_path, edited(exported, many))
    wheres = {p.where for p in report.problems}
    for n in range(3):
        assert {f"attempts[{n}].score", f"attempts[{n}].answers[0].fraction"} <= wheres


def test_skip_bad_imports_the_clean_attempts_and_accounts_for_the_rest(tmp_path, exported):
    def two_bad(d):
        d["attempts"][1]["score"] = -1
        d["attempts"][4]["mode"] = "hacker"

    report, store_path = import_doc(tmp_path, edited(exported, two_bad), skip_bad=True)
    assert not report.refused
    assert [(a, n) for a, _, n in report.skipped] == [(exported["attempts"][1]["id"], 1),
                                                      (exported["attempts"][4]["id"], 1)]
    assert report.added == 34 and rows(store_path)[1] == 34


def test_the_cli_refuses_with_every_line_and_exit_1(run, tmp_path, exported):
    doc = edited(exported, lambda d: (first(d).update(score=-5), d["attempts"][2].update(mode="hacker")))
    path = tmp_path / "edited.json"
    path.write_text(json.dumps(doc, ensure_ascii=False), encoding="utf-8")
    db = tmp_path / "t.sqlite3"
    result = run("--lang", "en", "--banks", str(DATA), "--db", str(db), "results", "import", str(path))
    assert result.exit_code == 1
    assert f"{path}: attempts[0].score: -5 — should be between 0 and" in result.stderr
    assert f"{path}: attempts[2].mode: \"hacker\" — should be one of practice, exam, review" in result.stderr
    assert "2 problems found, so nothing was imported" in result.stderr
    skipped = run("--lang", "en", "--banks", str(DATA), "--db", str(db), "results", "import", "--skip-bad", str(path))
    assert skipped.exit_code == 1
    assert skipped.stderr.count("skipped attempt") == 2 and "34 attempts added" in skipped.stdout
    clean = run("--lang", "en", "--banks", str(DATA), "--db", str(db), "results", "import", str(path.with_name("x.json")))
    assert clean.exit_code == 2  # no such file


def test_a_conflict_exits_non_zero(run, tmp_path, exported):
    path = tmp_path / "all.json"
    path.write_text(json.dumps(exported, ensure_ascii=False), encoding="utf-8")
    db = tmp_path / "t.sqlite3"
    assert run("--lang", "en", "--banks", str(DATA), "--db", str(db), "results", "import", str(path)).exit_code == 0
    clash = edited(exported, lambda d: first(d).update(seed=first(d)["seed"] + 1))
    path.write_text(json.dumps(clash, ensure_ascii=False), encoding="utf-8")
    result = run("--lang", "en", "--db", str(db), "results", "import", str(path))  # banks not loaded: layouts unchecked
    assert result.exit_code == 1 and "differs from the one in the store (seed)" in result.stderr


def test_writes_go_in_short_batches(tmp_path, exported):
    many = copy.deepcopy(exported)
    many["attempts"] = [dict(copy.deepcopy(a), id=str(uuid.uuid4())) for a in exported["attempts"] * 60]
    report, store_path = import_doc(tmp_path, many, library=None)
    assert report.added == 36 * 60 and rows(store_path)[2] == 180 * 60
    assert report.longest_batch < 1.0


# -- property test: random edits never crash the importer or the trainer's commands afterwards -----

def paths(value, prefix=()):
    """Every place in a JSON document, as a tuple of keys and indexes."""
    yield prefix
    if isinstance(value, dict):
        for key, item in value.items():
            yield from paths(item, prefix + (key,))
    elif isinstance(value, list):
        for index, item in enumerate(value[:3]):
            yield from paths(item, prefix + (index,))


JSON_VALUES = st.recursive(
    st.none() | st.booleans() | st.integers(min_value=-(10**20), max_value=10**20)
    | st.floats(allow_nan=True, allow_infinity=True) | st.text(max_size=20)
    | st.sampled_from(["", "=1+1", "\x1b]0;x\x07", "2026-10-01T00:00:00+00:00", "sample/greeting", "exam", "finished"]),
    lambda children: st.lists(children, max_size=3) | st.dictionaries(st.text(max_size=8), children, max_size=3),
    max_leaves=6,
)


def small(doc):
    """Three attempts of the export, so that each example is quick."""
    doc = copy.deepcopy(doc)
    doc["attempts"] = doc["attempts"][:3]
    keep = {a["trainee_id"] for a in doc["attempts"]}
    doc["trainees"] = [t for t in doc["trainees"] if t["id"] in keep]
    doc["reviews"] = [r for r in doc["reviews"] if r["trainee_id"] in keep][:3]
    return doc


@settings(max_examples=80, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture,
                                                                  HealthCheck.too_slow])
@given(data=st.data())
def test_random_edits_never_crash_and_never_leave_poison(tmp_path_factory, exported, data):
    from etiquette_quiz.exports.tabular import write_csv
    from etiquette_quiz.progress import progress
    from etiquette_quiz.report import build_report

    doc = small(exported)
    for _ in range(data.draw(st.integers(min_value=1, max_value=3))):
        where = data.draw(st.sampled_from([p for p in paths(doc) if p]))  # afresh: an edit may drop a branch
        target = doc
        for step in where[:-1]:
            target = target[step]
        if data.draw(st.booleans()) and isinstance(target, dict):
            target.pop(where[-1], None)
        else:
            target[where[-1]] = data.draw(JSON_VALUES)
    folder = tmp_path_factory.mktemp("fuzz")
    path = folder / "in.json"
    path.write_text(json.dumps(doc, ensure_ascii=False), encoding="utf-8")
    with Store(folder / "t.sqlite3") as trainer:
        try:
            report = merge(trainer, path, LIBRARY)
        except UserError:
            assert rows(folder / "t.sqlite3") == [0, 0, 0, 0]
            return
        if report.refused:
            assert rows(folder / "t.sqlite3") == [0, 0, 0, 0]
            return
        # Whatever got in, the trainer's views of it still work.
        build_report(trainer.results(ResultFilter()), LIBRARY, "en")
        write_csv(str(folder / "out.csv"), trainer.results(ResultFilter()), LIBRARY, "en", "answer")
        from datetime import UTC, datetime

        progress(trainer, LIBRARY, None, datetime.now(UTC))
