"""The report's statistics against a hand-computed example and against numpy/scipy."""

from __future__ import annotations

import math
import random

import numpy as np
import pytest
from scipy import stats

from etiquette_quiz.report import covariance, exam_figures, item_figures, variance

# Four attempts at three one-point questions (rows: attempts, columns: questions).
MATRIX = [[1, 1, 1], [1, 1, 0], [1, 0, 0], [0, 0, 0]]


def test_item_figures_by_hand():
    scores = [row[0] for row in MATRIX]           # 1 1 1 0
    rests = [sum(row) - row[0] for row in MATRIX]  # 2 1 0 0
    f = item_figures(scores, rests, 1.0)
    assert f.attempts == 4
    assert f.facility == pytest.approx(0.75)                       # 3 / 4
    assert f.sd == pytest.approx(0.5)                              # sqrt(0.75 / 3)
    # cov = 0.25, V(x) = 0.25, V(X) = 2.75 / 3  ->  r = 0.25 / sqrt(0.25 * 0.91667)
    assert f.discrimination == pytest.approx(0.25 / math.sqrt(0.25 * 2.75 / 3))
    assert f.discrimination == pytest.approx(0.522233, abs=1e-6)
    assert f.efficiency == pytest.approx(1.0)                      # already in the same order as the sorted pairing


def test_item_figures_without_spread():
    f = item_figures([1, 1, 1], [2, 1, 0], 1.0)
    assert (f.facility, f.sd, f.discrimination, f.efficiency) == (1.0, 0.0, None, None)
    assert item_figures([], [], 1.0).facility is None


def test_exam_figures_by_hand():
    f = exam_figures(MATRIX, 3.0)
    assert (f.attempts, f.slots) == (4, 3)
    assert f.mean == pytest.approx(0.5) and f.median == pytest.approx(0.5)
    assert f.sd == pytest.approx(math.sqrt(5 / 3) / 3)             # V(T) = 5/3 on totals 3 2 1 0
    # sum of slot variances = 0.25 + 1/3 + 0.25; CIC = 3/2 * (1 - (5/6) / (5/3)) = 0.75
    assert f.cic == pytest.approx(0.75)
    assert f.error_ratio == pytest.approx(0.5)
    assert f.standard_error == pytest.approx(0.5 * math.sqrt(5 / 3) / 3)


def test_variance_and_covariance_use_n_minus_1():
    assert variance([1, 2, 3, 4]) == pytest.approx(np.var([1, 2, 3, 4], ddof=1))
    assert covariance([1, 2, 3], [2, 4, 7]) == pytest.approx(np.cov([1, 2, 3], [2, 4, 7])[0, 1])
    assert variance([5]) is None


@pytest.mark.parametrize("seed", [1, 2, 3])
def test_against_numpy_and_scipy_on_random_results(seed):
    rng = random.Random(seed)
    skills = [rng.random() for _ in range(200)]
    matrix = [[rng.choice((0.0, 0.5, 1.0)) if rng.random() < s else 0.0 for _ in range(10)] for s in skills]
    data = np.array(matrix)
    totals = data.sum(axis=1)
    for j in range(10):
        x, rest = data[:, j], totals - data[:, j]
        f = item_figures(list(x), list(rest), 1.0)
        assert f.facility == pytest.approx(x.mean())
        assert f.sd == pytest.approx(x.std(ddof=1))
        assert f.discrimination == pytest.approx(stats.pearsonr(x, rest).statistic)
        cov_max = np.cov(np.sort(x), np.sort(rest))[0, 1]
        assert f.efficiency == pytest.approx(np.cov(x, rest)[0, 1] / cov_max)
    f = exam_figures(matrix, 10.0)
    k = data.shape[1]
    alpha = k / (k - 1) * (1 - data.var(axis=0, ddof=1).sum() / totals.var(ddof=1))
    assert f.cic == pytest.approx(alpha)
    assert f.mean == pytest.approx(totals.mean() / 10)
    assert f.median == pytest.approx(np.median(totals) / 10)
    assert f.sd == pytest.approx(totals.std(ddof=1) / 10)
    assert f.error_ratio == pytest.approx(math.sqrt(1 - alpha))
    assert f.standard_error == pytest.approx(math.sqrt(1 - alpha) * totals.std(ddof=1) / 10)
