"""The report's statistics: the formulas from sums, the store's SQL that makes the sums, and small samples.

Every figure is checked against numpy/scipy computed from the raw answers, independently of the
store's SQL; the sample sizes 1, 2, 9, 10 and 30 pin what the report shows and withholds.
"""

from __future__ import annotations

import json
import math
import random
import re
from pathlib import Path

import numpy as np
import pytest
from scipy import stats

from etiquette_quiz.banks import load_paths
from etiquette_quiz.report import (
    MIN_EXAM_ATTEMPTS,
    MIN_ITEM_ATTEMPTS,
    build_report,
    covariance,
    exam_figures,
    item_figures,
    variance,
)
from etiquette_quiz.store import AnswerRecord, AttemptRecord, ResultFilter, Store, TraineeRecord
from etiquette_quiz.store.queries import ExamTotals, ItemSums

from .conftest import DATA

LIBRARY = load_paths([DATA]).library
KEYS = ["sample/ring-count", "sample/silent-call", "sample/late-apology", "sample/hold-script", "sample/phrase-match"]

# Four attempts at three one-point questions (rows: attempts, columns: questions).
MATRIX = [[1, 1, 1], [1, 1, 0], [1, 0, 0], [0, 0, 0]]


def item_sums(scores: list[float], rests: list[float], top: float) -> ItemSums:
    """The sums the store computes for one question, computed here in Python from the raw lists."""
    pairs = list(zip(scores, rests, strict=True))
    return ItemSums("q", len(scores), top, sum(scores), sum(x * x for x in scores), sum(rests),
                    sum(r * r for r in rests), sum(x * r for x, r in pairs),
                    sum(x * r for x, r in zip(sorted(scores), sorted(rests), strict=True)))


def exam_totals(matrix: list[list[float]], top: float) -> ExamTotals:
    totals = [sum(row) for row in matrix]
    n = len(matrix)
    slot_variance = sum(np.var([row[j] for row in matrix], ddof=1) for j in range(len(matrix[0]))) if n > 1 else None
    return ExamTotals("e", None, n, 0, n, 0, float(np.mean(totals)) / top, float(np.median(totals)) / top, top,
                      len(matrix[0]), sum(totals), sum(t * t for t in totals), slot_variance)


def test_variance_and_covariance_from_sums_use_n_minus_1():
    values = [1, 2, 3, 4]
    assert variance(4, sum(values), sum(v * v for v in values)) == pytest.approx(np.var(values, ddof=1))
    xs, ys = [1, 2, 3], [2, 4, 7]
    assert covariance(3, sum(xs), sum(ys), sum(x * y for x, y in zip(xs, ys, strict=True))) == pytest.approx(np.cov(xs, ys)[0, 1])
    assert variance(1, 5, 25) is None
    thirds = [1 / 3] * 7  # rounding leaves a hair of variance where there is none
    assert variance(7, sum(thirds), sum(v * v for v in thirds)) == 0.0


def test_item_figures_by_hand():
    scores = [row[0] for row in MATRIX] * 10             # 1 1 1 0, ten times over: n = 40
    rests = [sum(row) - row[0] for row in MATRIX] * 10   # 2 1 0 0
    f = item_figures(item_sums(scores, rests, 1.0))
    assert f.attempts == 40 and f.enough
    assert f.facility == pytest.approx(0.75)
    assert f.sd == pytest.approx(math.sqrt(0.75 * 0.25 * 40 / 39))
    # r is unchanged by repeating the rows; on the four (dividing by n): cov 0.1875, V(x) 0.1875, V(X) 0.6875
    assert f.discrimination == pytest.approx(0.1875 / math.sqrt(0.1875 * 0.6875))
    assert f.discrimination == pytest.approx(0.522233, abs=1e-6)
    assert f.efficiency == pytest.approx(1.0)  # already paired in the same order as sorted


def test_item_figures_without_spread_or_sample():
    f = item_figures(item_sums([1.0] * 40, [2, 1, 0, 3] * 10, 1.0))
    assert (f.facility, f.sd, f.discrimination, f.efficiency) == (1.0, 0.0, None, None)
    few = item_figures(item_sums([1, 1, 1, 0], [2, 1, 0, 0], 1.0))
    assert few.facility == 0.75 and few.sd is not None  # what happened is shown
    assert (few.discrimination, few.efficiency, few.enough) == (None, None, False)  # an estimate is not


def test_exam_figures_by_hand():
    f = exam_figures(exam_totals(MATRIX * 3, 3.0))  # 12 attempts: enough for CIC
    data = np.array(MATRIX * 3, dtype=float)
    totals = data.sum(axis=1)
    alpha = 3 / 2 * (1 - data.var(axis=0, ddof=1).sum() / totals.var(ddof=1))
    assert f.cic == pytest.approx(alpha)
    assert f.error_ratio == pytest.approx(math.sqrt(1 - alpha))
    assert f.standard_error == pytest.approx(math.sqrt(1 - alpha) * totals.std(ddof=1) / 3)
    assert exam_figures(exam_totals(MATRIX, 3.0)).cic is None  # 4 attempts: too few


@pytest.mark.parametrize("seed", [1, 2, 3])
def test_against_numpy_and_scipy_on_random_results(seed):
    rng = random.Random(seed)
    skills = [rng.random() for _ in range(200)]
    matrix = [[rng.choice((0.0, 0.5, 1.0)) if rng.random() < s else 0.0 for _ in range(10)] for s in skills]
    data = np.array(matrix)
    totals = data.sum(axis=1)
    for j in range(10):
        x, rest = data[:, j], totals - data[:, j]
        f = item_figures(item_sums(list(x), list(rest), 1.0))
        assert f.facility == pytest.approx(x.mean())
        assert f.sd == pytest.approx(x.std(ddof=1))
        assert f.discrimination == pytest.approx(stats.pearsonr(x, rest).statistic)
        assert f.efficiency == pytest.approx(np.cov(x, rest)[0, 1] / np.cov(np.sort(x), np.sort(rest))[0, 1])
    f = exam_figures(exam_totals(matrix, 10.0))
    alpha = 10 / 9 * (1 - data.var(axis=0, ddof=1).sum() / totals.var(ddof=1))
    assert f.cic == pytest.approx(alpha)
    assert f.sd == pytest.approx(totals.std(ddof=1) / 10)


# -- the store's SQL, end to end ---------------------------------------------------------------


def exam_store(path: Path, points: list[list[float | None]], exam: str = "sample-exam", seed: int = 0) -> Store:
    """A store with one finished exam attempt per row; None is a question left unanswered (it scores 0)."""
    store = Store(path)
    rng = random.Random(seed)
    with store.write():
        for n in range(min(7, len(points))):
            store.insert_trainee(TraineeRecord(f"t{n}", f"学员{n}", f"E{n}", "2026-10-01T00:00:00+00:00"))
        for n, row in enumerate(points):
            trainee_id = f"t{n % 7}"
            keys = rng.sample(KEYS, len(row)) if len(row) < len(KEYS) else KEYS
            answers = [AnswerRecord(position, key, "sample", "h", None, value / 2, value, 2.0, 5.0)
                       for position, (key, value) in enumerate(zip(keys, row, strict=True)) if value is not None]
            score = sum(v for v in row if v is not None)
            store.insert_attempt(AttemptRecord(
                id=f"a{n:04d}", trainee=f"学员{n % 7}", trainee_id=trainee_id, employee_no=f"E{n % 7}", mode="exam",
                seed=n, lang="en", plan=[{"key": k, "hash": "h", "layout": {}} for k in keys], bank_versions={},
                feedback="end", started_at=f"2026-10-{1 + n // 100:02d}T{n % 24:02d}:{n % 60:02d}:00+00:00",
                exam_id=exam, title="Sample exam", state="finished", score=score, max_score=2.0 * len(row),
                passed=score / (2.0 * len(row)) >= 0.6), answers)
    return store


def random_points(n: int, rng: random.Random) -> list[list[float | None]]:
    """n attempts at 5 two-point questions, partial credit in thirds and halves, some left unanswered."""
    rows = []
    for _ in range(n):
        skill = rng.random()
        rows.append([None if rng.random() < 0.05 else
                     rng.choice((0.0, 2 / 3, 1.0, 4 / 3, 2.0)) if rng.random() < skill else 0.0 for _ in KEYS])
    return rows


def test_sql_figures_equal_numpy_on_the_raw_answers(tmp_path):
    rng = random.Random(5)
    points = random_points(60, rng)
    with exam_store(tmp_path / "s.sqlite3", points) as store:
        report = build_report(store.results(ResultFilter()), LIBRARY, "en")
    data = np.array([[v or 0.0 for v in row] for row in points])  # unanswered counts 0, as in Moodle
    totals = data.sum(axis=1)
    (exam,) = report.exams
    k = data.shape[1]
    alpha = k / (k - 1) * (1 - data.var(axis=0, ddof=1).sum() / totals.var(ddof=1))
    assert exam.figures.attempts == 60 and exam.figures.slots == 5
    assert exam.figures.cic == pytest.approx(alpha)
    assert exam.figures.sd == pytest.approx(totals.std(ddof=1) / 10)
    assert exam.figures.median == pytest.approx(np.median(totals / 10))
    assert exam.figures.mean == pytest.approx(totals.mean() / 10)
    for item in report.items:
        j = KEYS.index(item.key)
        answered = np.array([row[j] is not None for row in points])
        x, rest = data[answered, j], (totals - data[:, j])[answered]
        f = item.figures
        assert f.attempts == answered.sum()
        assert f.facility == pytest.approx(x.mean() / 2)
        assert f.sd == pytest.approx(x.std(ddof=1) / 2)
        assert f.discrimination == pytest.approx(stats.pearsonr(x, rest).statistic)
        assert f.efficiency == pytest.approx(np.cov(x, rest)[0, 1] / np.cov(np.sort(x), np.sort(rest))[0, 1])


def test_sql_counts_say_what_they_count(tmp_path):
    # Two finished attempts at a 5-question exam, one handed in with nothing answered (time ran out).
    with exam_store(tmp_path / "s.sqlite3", [[2.0, 2.0, 0.0, 2.0, 1.0], [None] * 5]) as store:
        report = build_report(store.results(ResultFilter()), LIBRARY, "zh-CN")
    (exam,) = report.exams
    assert (exam.figures.attempts, exam.figures.slots) == (2, 5)
    assert exam.title == "示例考试"  # the loaded exam's title in the report's language, not the stored "Sample exam"
    assert report.cohort.attempts == 2 and report.cohort.exam_attempts == 2 and report.cohort.trainees == 2
    assert report.distribution["exam"][0] == 1 and report.distribution["exam"][7] == 1  # 0% and 70%


# -- what the report shows at n = 1, 2, 9, 10 and 30 -------------------------------------------


@pytest.fixture(scope="module")
def stores(tmp_path_factory):
    folder = tmp_path_factory.mktemp("sizes")
    rng = random.Random(9)
    out = {}
    for n in (1, 2, 9, 10, 30):
        path = folder / f"n{n}.sqlite3"
        exam_store(path, random_points(n, rng) if n > 2 else [[2.0, 1.0, 0.0, 2.0, 2.0], [0.0, 2.0, 2.0, 0.0, 1.0]][:n],
                   seed=n).close()
        out[n] = path
    return out


def report_json(run, path):
    result = run("--banks", str(DATA), "--db", str(path), "--lang", "en", "report", "--json")
    assert result.exit_code == 0, result.output
    return json.loads(result.stdout)


@pytest.mark.parametrize("n", [1, 2, 9, 10, 30])
def test_the_report_withholds_what_its_sample_cannot_support(run, stores, n):
    data = report_json(run, stores[n])
    (exam,) = data["exams"]
    figures = exam["figures"]
    assert figures["attempts"] == n and figures["mean"] is not None and figures["median"] is not None
    assert (figures["sd"] is None) == (n < 2)
    for name in ("cic", "error_ratio", "standard_error"):
        assert (figures[name] is None) == (n < MIN_EXAM_ATTEMPTS), name
    for item in data["items"]:
        enough = item["figures"]["attempts"] >= MIN_ITEM_ATTEMPTS
        assert (item["figures"]["discrimination"] is not None) <= enough
        assert not item["flags"] or enough
    assert data["min_attempts"] == {"exam": MIN_EXAM_ATTEMPTS, "item": MIN_ITEM_ATTEMPTS}


@pytest.mark.parametrize("n", [1, 2, 9, 10, 30])
def test_the_terminal_says_too_few_in_words(run, stores, n):
    result = run("--banks", str(DATA), "--db", str(stores[n]), "--lang", "en", "report")
    assert result.exit_code == 0, result.output
    text = " ".join(result.stdout.split())  # as read, whatever the terminal wrapped
    assert "-147" not in text
    if n < MIN_EXAM_ATTEMPTS:
        assert f"Cronbach's α, error ratio, standard error: too few attempts (n={n}; shown from 10)" in text
        assert not re.search(r"Cronbach's α -?\d", text)
    else:
        assert re.search(r"Cronbach's α -?\d+% · error ratio", text)
    if n < 2:
        assert "SD too few attempts (n=1)" in text
    zh = run("--banks", str(DATA), "--db", str(stores[n]), "--lang", "zh-CN", "report").stdout
    assert "示例考试" in zh and "Sample exam" not in zh
    assert ("作答太少（n=" in zh) == (n < MIN_EXAM_ATTEMPTS)
