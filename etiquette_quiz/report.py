"""What the results say, for trainers: cohort figures, trainees, and Moodle's item analysis.

The statistics follow Moodle's quiz statistics report ("Quiz statistics calculations"), on
points, with sample variances (divisor N-1):

  facility index  F  = mean(x) / max(x)
  standard dev.   SD = sqrt(V(x)) / max(x)
  discrimination  DI = r(x, X), X = the attempt's total minus this item (the rest of the test)
  discriminative efficiency  DE = C(x, X) / Cmax(x, X), Cmax pairing x and X each sorted
  exam: CIC (Cronbach's alpha) = n/(n-1) * (1 - sum V(slot) / V(total)),
        error ratio ER = sqrt(1 - CIC), standard error SE = ER * SD(total)

Item figures use the finished exam attempts in which the question appeared; test figures use
the attempts of one exam, slot by slot. Everything here is pure: data in, figures out.
"""

from __future__ import annotations

import json
import math
import statistics
from collections import Counter, defaultdict
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

from .model import AttemptMode, ChoiceBody, Library, QuestionType
from .overrides import KeyLine, keys_to_fix
from .store import Results
from .store.queries import AttemptLine, QuestionTotals

MIN_ATTEMPTS = 10  # flags need this many attempts at a question to mean anything
TOO_EASY, TOO_HARD, WEAK_DISCRIMINATION = 0.95, 0.20, 0.20


# -- statistics -------------------------------------------------------------------------------


def variance(values: Sequence[float]) -> float | None:
    """The sample variance (divisor n-1); None below two values."""
    if len(values) < 2:
        return None
    mean = sum(values) / len(values)
    return sum((v - mean) ** 2 for v in values) / (len(values) - 1)


def covariance(xs: Sequence[float], ys: Sequence[float]) -> float | None:
    """The sample covariance (divisor n-1); None below two pairs."""
    n = len(xs)
    if n < 2:
        return None
    mx, my = sum(xs) / n, sum(ys) / n
    return sum((x - mx) * (y - my) for x, y in zip(xs, ys, strict=False)) / (n - 1)


@dataclass(frozen=True)
class ItemFigures:
    """Moodle's item statistics of one question."""

    attempts: int
    facility: float | None
    sd: float | None
    discrimination: float | None
    efficiency: float | None


def item_figures(scores: Sequence[float], rests: Sequence[float], max_points: float) -> ItemFigures:
    """Moodle's F, SD, DI and DE of one question from its scores and the rest-of-test scores."""
    n = len(scores)
    if n == 0 or max_points <= 0:
        return ItemFigures(n, None, None, None, None)
    facility = sum(scores) / n / max_points
    var_x, var_rest = variance(scores), variance(rests)
    sd = math.sqrt(var_x) / max_points if var_x is not None else None
    cov = covariance(scores, rests)
    discrimination = efficiency = None
    if cov is not None and var_x and var_rest:
        discrimination = cov / math.sqrt(var_x * var_rest)
        cov_max = covariance(sorted(scores), sorted(rests))
        efficiency = cov / cov_max if cov_max else None
    return ItemFigures(n, facility, sd, discrimination, efficiency)


@dataclass(frozen=True)
class ExamFigures:
    """Moodle's test statistics of one exam."""

    attempts: int
    slots: int
    mean: float | None  # fraction of the maximum
    median: float | None
    sd: float | None
    cic: float | None
    error_ratio: float | None
    standard_error: float | None


def exam_figures(matrix: Sequence[Sequence[float]], max_total: float) -> ExamFigures:
    """Test statistics from a matrix of attempts x slots (points scored in each slot)."""
    attempts = len(matrix)
    slots = len(matrix[0]) if matrix else 0
    totals = [sum(row) for row in matrix]
    if not attempts or max_total <= 0:
        return ExamFigures(attempts, slots, None, None, None, None, None, None)
    mean = sum(totals) / attempts / max_total
    median = statistics.median(totals) / max_total
    var_total = variance(totals)
    sd = math.sqrt(var_total) / max_total if var_total is not None else None
    cic = error_ratio = standard_error = None
    if var_total and slots > 1:
        slot_variance = sum(variance([row[j] for row in matrix]) or 0.0 for j in range(slots))
        cic = slots / (slots - 1) * (1 - slot_variance / var_total)
        if cic < 1:
            error_ratio = math.sqrt(1 - cic) if cic >= 0 else None
            if error_ratio is not None:
                standard_error = error_ratio * math.sqrt(var_total) / max_total
    return ExamFigures(attempts, slots, mean, median, sd, cic, error_ratio, standard_error)


# -- the report -------------------------------------------------------------------------------


@dataclass(frozen=True)
class Cohort:
    """The cohort at a glance."""

    attempts: int
    finished: int
    trainees: int
    mean: float | None
    median: float | None
    exams: int
    passed: int

    @property
    def pass_rate(self) -> float | None:
        """The share of finished exams passed."""
        return self.passed / self.exams if self.exams else None


@dataclass(frozen=True)
class TraineeLine:
    """One trainee in the report."""

    trainee_id: str | None
    name: str
    employee_no: str | None
    attempts: int
    latest: float | None
    best: float | None
    weakest_bank: str | None
    weakest: float | None


@dataclass(frozen=True)
class ItemLine:
    """One question in the item analysis."""

    key: str
    bank: str
    type: str
    rules: tuple[str, ...]
    answers: int  # every answer, any mode
    missed: float  # share of answers not fully right
    figures: ItemFigures  # from exam attempts
    flags: tuple[str, ...]
    distractor: str | None  # the wrong choice picked most often
    distractor_share: float | None  # of the wrong answers


@dataclass(frozen=True)
class RateLine:
    """How often a bank or a rule is missed."""

    key: str  # bank id, or bank/rule
    answers: int
    missed: float
    mean: float


@dataclass(frozen=True)
class ExamLine:
    """One exam's test statistics."""

    exam_id: str
    title: str | None
    figures: ExamFigures


@dataclass
class Report:
    """Every figure of `report`."""

    cohort: Cohort
    banks: list[RateLine]
    rules: list[RateLine]
    trainees: list[TraineeLine]
    items: list[ItemLine]
    exams: list[ExamLine]
    forbidden: list[tuple[str, int]]
    distribution: list[int]  # finished attempts per 10% band of the score
    leeches: list[tuple[str, int]] = field(default_factory=list)  # question -> trainees who missed it 4+ times
    trends: dict[str, list[tuple[str, float]]] = field(default_factory=dict)  # trainee -> (started, fraction)
    overrides: list[KeyLine] = field(default_factory=list)  # trainers' verdicts per question: the keys to fix first

    def as_json(self) -> dict[str, Any]:
        """The figures as `report --json` prints them."""
        from dataclasses import asdict

        data = asdict(self)
        data["cohort"]["pass_rate"] = self.cohort.pass_rate
        return data


def _flags(figures: ItemFigures) -> tuple[str, ...]:
    if figures.attempts < MIN_ATTEMPTS or figures.facility is None:
        return ()
    flags = []
    if figures.facility > TOO_EASY:
        flags.append("too-easy")
    elif figures.facility < TOO_HARD:
        flags.append("too-hard")
    if figures.discrimination is not None and figures.discrimination < WEAK_DISCRIMINATION:
        flags.append("weak-discrimination")
    return tuple(flags)


def build_report(results: Results, library: Library, lang: str) -> Report:
    """Every figure of `report`, from the results a filter keeps."""
    attempts = results.attempt_lines()
    finished = [(line, fraction) for line in attempts if (fraction := line.fraction) is not None]
    fractions = [fraction for _, fraction in finished]
    exams = [(line, fraction) for line, fraction in finished
             if line.mode == AttemptMode.EXAM and line.passed is not None]
    cohort = Cohort(
        attempts=len(attempts), finished=len(finished),
        trainees=len({line.trainee_id or line.trainee for line in attempts}),
        mean=sum(fractions) / len(fractions) if fractions else None,
        median=statistics.median(fractions) if fractions else None,
        exams=len(exams), passed=sum(1 for line, _ in exams if line.passed),
    )
    distribution = [0] * 10
    for value in fractions:
        distribution[min(9, int(value * 10))] += 1

    # Per question, over every answer: how often, how often missed, mean score.
    per_question = results.question_totals()
    bank_totals: dict[str, list[float]] = defaultdict(lambda: [0, 0, 0.0])
    rule_totals: dict[str, list[float]] = defaultdict(lambda: [0, 0, 0.0])
    for key, bank, count, missed, total in per_question:
        for bucket in [bank_totals[bank]] + [rule_totals[f"{bank}/{r}"] for r in _rules(library, key)]:
            bucket[0] += count
            bucket[1] += missed
            bucket[2] += total
    banks = sorted((RateLine(k, int(v[0]), v[1] / v[0], v[2] / v[0]) for k, v in bank_totals.items()),
                   key=lambda line: -line.missed)
    rules = sorted((RateLine(k, int(v[0]), v[1] / v[0], v[2] / v[0]) for k, v in rule_totals.items()),
                   key=lambda line: (-line.missed, line.key))

    trainees = _trainee_lines(results, attempts)
    items, exam_lines = _item_analysis(results, library, per_question, lang)
    forbidden: Counter[str] = Counter()
    for phrases in results.forbidden_lists():
        forbidden.update(json.loads(phrases))
    trends: dict[str, list[tuple[str, float]]] = defaultdict(list)
    for line, fraction in exams:
        trends[line.trainee].append((line.started_at, fraction))
    from .review import LEECH_AFTER

    return Report(cohort=cohort, banks=banks, rules=rules, trainees=trainees, items=items, exams=exam_lines,
                  forbidden=forbidden.most_common(20), distribution=distribution,
                  leeches=results.leeches(LEECH_AFTER), trends=dict(trends), overrides=keys_to_fix(results, library))


def _rules(library: Library, key: str) -> tuple[str, ...]:
    question = library.question(key)
    return question.rules if question else ()


def _trainee_lines(results: Results, attempts: list[AttemptLine]) -> list[TraineeLine]:
    by_bank: dict[str | None, list[tuple[float, str]]] = defaultdict(list)
    for trainee_id, bank, mean, count in results.trainee_bank_means():
        if count >= 3:  # a bank tried once or twice says little about a weakness
            by_bank[trainee_id].append((mean, bank))
    people: dict[str, dict[str, Any]] = {}
    for line in attempts:
        person = people.setdefault(line.trainee_id or line.trainee, {
            "id": line.trainee_id, "name": line.trainee, "no": line.employee_no, "attempts": 0, "latest": None,
            "best": None})
        person["attempts"] += 1
        person["name"], person["no"] = line.trainee, line.employee_no  # the latest name stands
        fraction = line.fraction
        if fraction is not None:
            person["latest"] = fraction
            person["best"] = fraction if person["best"] is None else max(person["best"], fraction)
    lines = []
    for person in people.values():
        weakest = min(by_bank.get(person["id"], []), default=None)
        lines.append(TraineeLine(person["id"], person["name"], person["no"], person["attempts"], person["latest"],
                                 person["best"], weakest[1] if weakest else None, weakest[0] if weakest else None))
    lines.sort(key=lambda line: (line.latest is None, line.latest if line.latest is not None else 0, line.name))
    return lines


def _item_analysis(results: Results, library: Library, per_question: list[QuestionTotals],
                   lang: str) -> tuple[list[ItemLine], list[ExamLine]]:
    """Item figures from finished exam attempts, and test figures per exam."""
    rows = results.exam_answers()
    per_attempt: dict[str, list[tuple[int, str, float, float]]] = defaultdict(list)
    exam_of: dict[str, tuple[str | None, str | None]] = {}
    for attempt_id, exam_id, title, position, key, points, max_points in rows:
        per_attempt[attempt_id].append((position, key, points, max_points))
        exam_of[attempt_id] = (exam_id, title)
    scores: dict[str, list[float]] = defaultdict(list)
    rests: dict[str, list[float]] = defaultdict(list)
    maxima: dict[str, float] = {}
    matrices: dict[str, list[list[float]]] = defaultdict(list)
    max_totals: dict[str, float] = {}
    for attempt_id, answered in per_attempt.items():
        total = sum(points for _, _, points, _ in answered)
        for _, key, points, max_points in answered:
            scores[key].append(points)
            rests[key].append(total - points)
            maxima[key] = max_points
        exam_id = exam_of[attempt_id][0] or ""
        matrices[exam_id].append([points for _, _, points, _ in sorted(answered)])
        max_totals[exam_id] = max(max_totals.get(exam_id, 0.0), sum(m for _, _, _, m in answered))
    exams = []
    titles = {exam_id: title for exam_id, title in exam_of.values()}
    for exam_id, matrix in sorted(matrices.items()):
        width = max(len(row) for row in matrix)
        full = [row for row in matrix if len(row) == width]  # attempts that answered every slot
        exams.append(ExamLine(exam_id, titles.get(exam_id), exam_figures(full, max_totals[exam_id])))
    distractors = _distractors(results, library, lang)
    items = []
    for key, bank, count, missed, _ in per_question:
        question = library.question(key)
        figures = item_figures(scores.get(key, []), rests.get(key, []), maxima.get(key, 1.0))
        top = distractors.get(key)
        items.append(ItemLine(
            key=key, bank=bank, type=question.type.value if question else "", rules=_rules(library, key),
            answers=count, missed=missed / count, figures=figures, flags=_flags(figures),
            distractor=top[0] if top else None, distractor_share=top[1] if top else None,
        ))
    items.sort(key=lambda item: (not item.flags, item.figures.facility if item.figures.facility is not None else 2,
                                 item.key))
    return items, exams


def _distractors(results: Results, library: Library, lang: str) -> dict[str, tuple[str, float]]:
    """For single-choice questions: the wrong choice picked most, and its share of the wrong answers."""
    counts: dict[str, Counter[str]] = defaultdict(Counter)
    for key, response, count in results.wrong_picks():
        counts[key][json.loads(response)] += count
    out = {}
    for key, picks in counts.items():
        question = library.question(key)
        if question is None or question.type is not QuestionType.SINGLE:
            continue
        body = question.body
        assert isinstance(body, ChoiceBody)
        choice_id, count = picks.most_common(1)[0]
        try:
            text = body.choice(choice_id).text.get(lang)
        except (IndexError, ValueError):
            continue
        out[key] = (text, count / sum(picks.values()))
    return out
