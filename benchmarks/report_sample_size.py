"""Simulation: how many attempts the report's statistics need before they land in the right band.

    python benchmarks/report_sample_size.py [--trials 4000] [--seed 1]

A 20-question exam (one point each) whose true Cronbach's α is about 80% ("satisfactory" in
Moodle's guidance, above 75%), and one middling question of it whose true discrimination index is
about 37% ("adequate", above 30%). Trainees' abilities are normal, answers follow a two-parameter
logistic model. For each number of attempts the script draws --trials samples and prints how
often the estimate falls in a wrong band (α below 64% "unsatisfactory", DI below 20% "weak") and
the span of the middle 80% of estimates. The thresholds in etiquette_quiz/report.py
(MIN_EXAM_ATTEMPTS, MIN_ITEM_ATTEMPTS) come from this table.
"""

from __future__ import annotations

import argparse

import numpy as np

QUESTIONS = 20
SIZES = (3, 5, 10, 20, 30, 50)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--trials", type=int, default=4000)
    parser.add_argument("--seed", type=int, default=1)
    args = parser.parse_args()
    rng = np.random.default_rng(args.seed)
    difficulty = rng.normal(0, 1, QUESTIONS)
    middling = int(np.argmin(abs(difficulty)))

    def sample(n: int) -> np.ndarray:
        ability = rng.normal(0, 1, (n, 1))
        chance = 1 / (1 + np.exp(-(ability - difficulty)))
        return (rng.random((n, QUESTIONS)) < chance).astype(float)

    def alpha(x: np.ndarray) -> float:
        totals = x.sum(axis=1).var(ddof=1)
        return np.nan if totals == 0 else QUESTIONS / (QUESTIONS - 1) * (1 - x.var(axis=0, ddof=1).sum() / totals)

    def discrimination(x: np.ndarray) -> float:
        item, rest = x[:, middling], x.sum(axis=1) - x[:, middling]
        return np.nan if item.std() == 0 or rest.std() == 0 else float(np.corrcoef(item, rest)[0, 1])

    population = sample(200_000)
    print(f"true α {alpha(population):.0%}, true DI of the middling question {discrimination(population):.0%}")
    print("attempts  α in a wrong band  α middle 80%     DI in a wrong band  DI middle 80%")
    for n in SIZES:
        alphas = np.array([alpha(sample(n)) for _ in range(args.trials)])
        dis = np.array([discrimination(sample(n)) for _ in range(args.trials)])
        alphas, dis = alphas[~np.isnan(alphas)], dis[~np.isnan(dis)]
        a10, a90 = np.percentile(alphas, [10, 90])
        d10, d90 = np.percentile(dis, [10, 90])
        print(f"{n:8d}  {np.mean(alphas < 0.64):17.0%}  {a10:6.0%} to {a90:4.0%}  "
              f"{np.mean(dis < 0.20):18.0%}  {d10:6.0%} to {d90:4.0%}")


if __name__ == "__main__":
    main()
