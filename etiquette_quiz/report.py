"""What the results say, for trainers: cohort figures, exams, trainees, and Moodle's item analysis.

The store computes every aggregate (store/queries.py, ReportQueries); this module turns those
sums into the figures of Moodle's quiz statistics report ("Quiz statistics calculations"), on
points, with sample variances (divisor N-1), and names everything in the report's language:

  facility index  F  = mean(x) / max(x)
  standard dev.   SD = sqrt(V(x)) / max(x)
  discrimination  DI = r(x, X), X = the attempt's total minus this item (the rest of the test)
  discriminative efficiency  DE = C(x, X) / Cmax(x, X), Cmax pairing x and X each sorted
  exam: CIC (Cronbach's alpha) = n/(n-1) * (1 - sum V(slot) / V(total)),
        error ratio ER = sqrt(1 - CIC), standard error SE = ER * SD(total)

Item figures use the finished exam attempts in which the question was answered; test figures
use the finished attempts of one exam, slot by slot, an unanswered question scoring 0 (as in
Moodle).

How many attempts a figure needs. Moodle's code computes SD from 2 attempts and CIC from 3: that
is where the formulas are defined, not where they mean anything (2 attempts gave this report an α
of -147%). Moodle's guidance reads CIC against bands (above 75% satisfactory, below 64%
unsatisfactory) and DI too (above 30% adequate, below 20% weak), so a figure is worth showing
once it lands in the right band most of the time. benchmarks/report_sample_size.py simulates a
20-question exam whose true α is 80% and a middling question whose true DI is 37%; the share of
samples that put them in a wrong band (α below 64%, DI below 20%) is:

    attempts     5     10     20     30     50
    α          28%    15%     5%     2%     0%
    DI         33%    27%    20%    14%    10%

So the test statistics (CIC, error ratio, SE) need MIN_EXAM_ATTEMPTS = 10 attempts at the exam,
and a question's DI, DE and every flag MIN_ITEM_ATTEMPTS = 30 answers (a facility flag needs as
many: 10 of 10 right happens one time in ten to a question that 80% get right). Below that the
report says "too few attempts (n=…)" in words instead of a number. Means, medians and pass rates
are shown from one attempt: they are what happened, not an estimate.
"""

from __future__ import annotations

import json
import math
from collections import Counter
from collections.abc import Callable, Iterable
from dataclasses import asdict, dataclass, field
from typing import Any

from .i18n import t
from .model import ChoiceBody, Library, QuestionType
from .store import Results
from .store.queries import ExamTotals, ItemSums, ReportData, TraineeExam

MIN_EXAM_ATTEMPTS = 10  # attempts at an exam before CIC, error ratio and SE are shown (module docstring)
MIN_ITEM_ATTEMPTS = 30  # exam answers to a question before DI, DE and flags are shown (module docstring)
TOO_EASY, TOO_HARD, WEAK_DISCRIMINATION = 0.95, 0.20, 0.20
MISLEADING = 0.25  # a wrong choice picked in this share of all answers to its question
WEAKEST_MIN_ANSWERS = 3  # a bank answered once or twice says little about a weakness

# Each figure: its label (an interface string key, or the symbol itself) and what it means in words a
# manager reads (a hover title in HTML; a legend in the terminal and at the foot of the page).
FIGURES = {
    "mean": ("report.col.mean", "report.explain.mean"), "median": ("report.col.median", "report.explain.median"),
    "pass_rate": ("report.col.pass-rate", "report.explain.pass-rate"), "sd": ("report.col.sd", "report.explain.sd"),
    "cic": ("report.col.cic", "report.explain.cic"),
    "error_ratio": ("report.col.error-ratio", "report.explain.error-ratio"),
    "standard_error": ("report.col.standard-error", "report.explain.standard-error"),
    "n": ("n", "report.explain.n"), "facility": ("F", "report.explain.facility"),
    "item_sd": ("SD", "report.explain.item-sd"), "discrimination": ("DI", "report.explain.discrimination"),
    "efficiency": ("DE", "report.explain.efficiency"), "missed": ("report.col.missed", "report.explain.missed"),
    "answers": ("report.col.answers", "report.explain.answers"),
    "practice": ("report.col.practice", "report.explain.practice"),
    "weakest": ("report.col.weakest", "report.explain.weakest"),
}


def figure_label(name: str, lang: str) -> str:
    """What the report calls a figure (FIGURES), in `lang`."""
    label = FIGURES[name][0]
    return t(label, lang) if label.startswith("report.") else label


def figure_meaning(name: str, lang: str) -> str:
    """What a figure (FIGURES) means, in one sentence in `lang`."""
    return t(FIGURES[name][1], lang)


# -- statistics from sums ---------------------------------------------------------------------


def variance(n: int, total: float, squares: float) -> float | None:
    """The sample variance (divisor n-1) from a count, a sum and a sum of squares; None below two values.

    Rounding can leave a hair above zero where every value is the same: that counts as none.
    """
    if n < 2:
        return None
    spread = (squares - total * total / n) / (n - 1)
    return spread if spread > 1e-12 * max(1.0, squares / n) else 0.0


def covariance(n: int, x: float, y: float, xy: float) -> float | None:
    """The sample covariance (divisor n-1) from a count, the two sums and the sum of products."""
    return (xy - x * y / n) / (n - 1) if n >= 2 else None


@dataclass(frozen=True)
class ItemFigures:
    """Moodle's item statistics of one question; DI and DE stay None below MIN_ITEM_ATTEMPTS."""

    attempts: int
    facility: float | None
    sd: float | None
    discrimination: float | None
    efficiency: float | None

    @property
    def enough(self) -> bool:
        """Whether there are attempts enough for DI, DE and flags."""
        return self.attempts >= MIN_ITEM_ATTEMPTS


def item_figures(sums: ItemSums) -> ItemFigures:
    """Moodle's F, SD, DI and DE of one question from the sums over its exam answers."""
    n, top = sums.n, sums.max_points
    if n == 0 or top <= 0:
        return ItemFigures(n, None, None, None, None)
    facility = sums.x / n / top
    var_x, var_rest = variance(n, sums.x, sums.xx), variance(n, sums.r, sums.rr)
    sd = math.sqrt(var_x) / top if var_x is not None else None
    discrimination = efficiency = None
    if n >= MIN_ITEM_ATTEMPTS and var_x and var_rest:
        cov = covariance(n, sums.x, sums.r, sums.xr)
        cov_max = covariance(n, sums.x, sums.r, sums.sorted_xr)
        assert cov is not None and cov_max is not None
        discrimination = cov / math.sqrt(var_x * var_rest)
        efficiency = cov / cov_max if cov_max > 1e-12 else None
    return ItemFigures(n, facility, sd, discrimination, efficiency)


@dataclass(frozen=True)
class ExamFigures:
    """Moodle's test statistics of one exam; CIC, ER and SE stay None below MIN_EXAM_ATTEMPTS."""

    attempts: int
    slots: int
    mean: float | None  # fraction of the maximum
    median: float | None
    sd: float | None
    cic: float | None
    error_ratio: float | None
    standard_error: float | None

    @property
    def enough(self) -> bool:
        """Whether there are attempts enough for CIC, the error ratio and the standard error."""
        return self.attempts >= MIN_EXAM_ATTEMPTS


def exam_figures(totals: ExamTotals) -> ExamFigures:
    """Test statistics of one exam from the sums over its finished attempts."""
    n, slots, top = totals.attempts, totals.slots or 0, totals.max_score
    var_total = variance(n, totals.score_sum, totals.score_squares)
    sd = math.sqrt(var_total) / top if var_total is not None and top > 0 else None
    cic = error_ratio = standard_error = None
    if n >= MIN_EXAM_ATTEMPTS and var_total and slots > 1 and totals.slot_variance is not None:
        cic = slots / (slots - 1) * (1 - totals.slot_variance / var_total)
        if 0 <= cic <= 1:
            error_ratio = math.sqrt(1 - cic)
            standard_error = error_ratio * math.sqrt(var_total) / top
    return ExamFigures(n, slots, totals.mean, totals.median, sd, cic, error_ratio, standard_error)


# -- the report -------------------------------------------------------------------------------


@dataclass(frozen=True)
class Cohort:
    """The attempts counted."""

    attempts: int
    finished: int
    trainees: int
    mean: float | None  # over finished attempts, any mode
    median: float | None
    exam_attempts: int  # finished exam attempts
    exams_passed: int

    @property
    def pass_rate(self) -> float | None:
        """The share of finished exam attempts that passed."""
        return self.exams_passed / self.exam_attempts if self.exam_attempts else None


@dataclass(frozen=True)
class ExamLine:
    """One exam: who sat it, who passed, and its test statistics."""

    exam_id: str
    title: str  # in the report's language when the exam is loaded
    passed: int  # attempts that passed
    trainees: int
    trainees_passed: int  # whose latest attempt passed
    figures: ExamFigures

    @property
    def pass_rate(self) -> float | None:
        """The share of finished attempts that passed."""
        return self.passed / self.figures.attempts if self.figures.attempts else None


@dataclass(frozen=True)
class RateLine:
    """How often a bank's or a rule's questions are answered, missed and scored, over every answer."""

    key: str  # bank id, or bank/rule
    title: str  # the bank's title or the rule's text, in the report's language
    answers: int
    missed: float
    mean: float


@dataclass(frozen=True)
class ItemLine:
    """One question in the item analysis."""

    key: str
    prompt: str  # in the report's language; empty when the question is no longer loaded
    bank: str
    type: str
    rules: tuple[str, ...]
    answers: int  # every answer, any mode
    missed: float  # share of those not fully right
    figures: ItemFigures  # from finished exam attempts
    flags: tuple[str, ...]
    distractor: str | None  # the wrong choice picked most often (single choice)
    distractor_share: float | None  # of every answer to the question


@dataclass(frozen=True)
class ExamResult:
    """A trainee's latest finished attempt at one exam."""

    exam_id: str
    title: str
    fraction: float
    passed: bool | None
    tries: int


@dataclass(frozen=True)
class TraineeLine:
    """One trainee: their latest exam results, practice apart, and their weakest bank in exams."""

    trainee_id: str
    name: str
    employee_no: str | None
    exams: tuple[ExamResult, ...]  # worst first
    failed: int  # exams whose latest attempt failed
    practice_attempts: int
    practice_mean: float | None
    weakest_bank: str | None = None
    weakest_title: str | None = None
    weakest: float | None = None


@dataclass(frozen=True)
class Leech:
    """A question trainees keep missing."""

    key: str
    prompt: str
    trainees: int


@dataclass
class Report:
    """Every figure of `report`: the terminal, HTML and JSON forms all show this."""

    cohort: Cohort
    distribution: dict[str, list[int]]  # "exam"/"practice" -> finished attempts per 10% band of the score
    exams: list[ExamLine]
    banks: list[RateLine]  # weakest first
    rules: list[RateLine]  # missed most first
    trainees: list[TraineeLine]  # who sat an exam, who needs help first
    practising: list[TraineeLine]  # who only practised so far
    items: list[ItemLine]
    forbidden: list[tuple[str, int]]
    leeches: list[Leech] = field(default_factory=list)

    @property
    def needing_help(self) -> int:
        """Trainees who failed their latest attempt at some exam."""
        return sum(1 for person in self.trainees if person.failed)

    def as_json(self) -> dict[str, Any]:
        """The figures as `report --json` prints them."""
        data = asdict(self)
        data["cohort"]["pass_rate"] = self.cohort.pass_rate
        data["min_attempts"] = {"exam": MIN_EXAM_ATTEMPTS, "item": MIN_ITEM_ATTEMPTS}
        for line, exam in zip(data["exams"], self.exams, strict=True):
            line["pass_rate"] = exam.pass_rate
        return data


def exam_title(library: Library, exam_id: str | None, stored: str | None, lang: str) -> str:
    """An exam's title in `lang` when the exam is loaded, else as stored with the attempt, else its id."""
    exam = library.exam(exam_id) if exam_id else None
    return exam.title.get(lang) if exam else stored or exam_id or ""


def bank_title(library: Library, bank_id: str, lang: str) -> str:
    """A bank's title in `lang`, else its id."""
    bank = library.bank(bank_id)
    return bank.title.get(lang) if bank else bank_id


def question_prompt(library: Library, key: str, lang: str) -> str:
    """A question's prompt in `lang`; empty when the question is no longer loaded."""
    question = library.question(key)
    return question.prompt.get(lang) if question else ""


def _flags(figures: ItemFigures, misleading: bool) -> tuple[str, ...]:
    flags = []
    if figures.enough and figures.facility is not None:
        if figures.facility > TOO_EASY:
            flags.append("too-easy")
        elif figures.facility < TOO_HARD:
            flags.append("too-hard")
        if figures.discrimination is not None and figures.discrimination < WEAK_DISCRIMINATION:
            flags.append("weak-discrimination")
    if misleading:
        flags.append("misleading")
    return tuple(flags)


PARTS = 3  # the parts of the engine's work (Results.report_data), for a progress display


def gather(results: Results, done: Callable[[int], None] | None = None) -> ReportData:
    """What the engine computes for the report (any thread may run this); `done` hears of each part finished."""
    from .review import LEECH_AFTER

    return results.report_data(WEAKEST_MIN_ANSWERS, LEECH_AFTER, done)


def build_report(results: Results, library: Library, lang: str) -> Report:
    """Every figure of `report`, from the results a filter keeps."""
    return assemble_report(gather(results), library, lang)


def assemble_report(data: ReportData, library: Library, lang: str) -> Report:
    """The report from the engine's aggregates: figures from sums, names in `lang`, trainees in order."""
    raw = data.cohort
    cohort = Cohort(raw.attempts, raw.finished, raw.trainees, raw.mean, raw.median, raw.exam_attempts,
                    raw.exams_passed)
    distribution = {"exam": [0] * 10, "practice": [0] * 10}
    for is_exam, band, count in data.bands:
        distribution["exam" if is_exam else "practice"][band] = count
    exams = [ExamLine(t.exam_id, exam_title(library, t.exam_id, t.title, lang), t.passed, t.trainees,
                      t.trainees_passed, exam_figures(t)) for t in data.exams]
    item_sums = {s.key: s for s in data.items}
    totals = data.questions
    wrong, forbidden = _picks_and_phrases(data.picks, library, lang)
    leeches = [Leech(key, question_prompt(library, key, lang), count) for key, count in data.leeches]
    weakest = {w.who: w for w in data.weakest}
    practice = {p.who: p for p in data.practice}
    trainees = _trainees(data.trainee_exams, practice, weakest, library, lang)
    seen = {person.trainee_id for person in trainees}
    practising = [TraineeLine(p.who, p.name, p.employee_no, (), 0, p.attempts, p.mean)
                  for p in practice.values() if p.who not in seen]

    banks: dict[str, RateLine] = {}
    rules: dict[str, list[float]] = {}
    items = []
    for row in totals:
        if row.bank not in banks:
            banks[row.bank] = RateLine(row.bank, bank_title(library, row.bank, lang), row.bank_answers,
                                       row.bank_missed / row.bank_answers, row.bank_earned / row.bank_answers)
        question = library.question(row.key)
        for rule in question.rules if question else ():
            bucket = rules.setdefault(f"{row.bank}/{rule}", [0, 0, 0.0])
            bucket[0] += row.answers
            bucket[1] += row.missed
            bucket[2] += row.earned
        sums = item_sums.get(row.key)
        figures = item_figures(sums) if sums else ItemFigures(0, None, None, None, None)
        top = wrong.get(row.key)
        share = top[1] / row.answers if top else None
        misleading = share is not None and row.answers >= MIN_ITEM_ATTEMPTS and share >= MISLEADING
        items.append(ItemLine(
            key=row.key, prompt=question.prompt.get(lang) if question else "", bank=row.bank,
            type=question.type.value if question else "", rules=question.rules if question else (),
            answers=row.answers, missed=row.missed / row.answers, figures=figures, flags=_flags(figures, misleading),
            distractor=top[0] if top else None, distractor_share=share,
        ))
    items.sort(key=lambda item: (not item.flags, item.figures.facility if item.figures.facility is not None else 2,
                                 item.key))
    rule_lines = [RateLine(key, _rule_text(library, key, lang), int(v[0]), v[1] / v[0], v[2] / v[0])
                  for key, v in rules.items()]
    rule_lines.sort(key=lambda line: (-line.missed, line.key))
    return Report(cohort=cohort, distribution=distribution, exams=exams,
                  banks=sorted(banks.values(), key=lambda b: (b.mean, b.key)), rules=rule_lines, trainees=trainees,
                  practising=practising, items=items, forbidden=forbidden.most_common(20), leeches=leeches)


def _rule_text(library: Library, key: str, lang: str) -> str:
    bank_id, _, rule_id = key.partition("/")
    bank = library.bank(bank_id)
    rule = bank.rule(rule_id) if bank else None
    return rule.text.get(lang) if rule else ""


def _trainees(rows: Iterable[TraineeExam], practice: dict[str, Any], weakest: dict[str, Any], library: Library,
              lang: str) -> list[TraineeLine]:
    """One line per trainee, in the order the store ranked them (rows of a trainee come together)."""
    lines: list[TraineeLine] = []
    current: list[TraineeExam] = []

    def close() -> None:
        first = current[0]
        done = practice.get(first.who)
        weak = weakest.get(first.who)
        lines.append(TraineeLine(
            trainee_id=first.who, name=first.name, employee_no=first.employee_no,
            exams=tuple(ExamResult(r.exam_id, exam_title(library, r.exam_id, r.title, lang), r.fraction, r.passed,
                                   r.tries) for r in current),
            failed=first.failed, practice_attempts=done.attempts if done else 0,
            practice_mean=done.mean if done else None,
            weakest_bank=weak.bank if weak else None,
            weakest_title=bank_title(library, weak.bank, lang) if weak else None, weakest=weak.mean if weak else None,
        ))

    for row in rows:
        if current and row.who != current[0].who:
            close()
            current = []
        current.append(row)
    if current:
        close()
    return lines


def _picks_and_phrases(rows: Iterable[tuple[str, str | None, str, int]], library: Library,
                       lang: str) -> tuple[dict[str, tuple[str, int]], Counter[str]]:
    """For single-choice questions, the wrong choice picked most (its text, how often); the forbidden phrases used."""
    picks: dict[str, Counter[str]] = {}
    phrases: Counter[str] = Counter()
    for key, response, forbidden, count in rows:
        if forbidden != "[]":
            for phrase in json.loads(forbidden):
                phrases[phrase] += count
        question = library.question(key)
        if response and question is not None and question.type is QuestionType.SINGLE:
            picks.setdefault(key, Counter())[json.loads(response)] += count
    out = {}
    for key, counter in picks.items():
        question = library.question(key)
        assert question is not None and isinstance(question.body, ChoiceBody)
        for choice_id, count in counter.most_common():
            try:
                out[key] = (question.body.choice(choice_id).text.get(lang), count)
                break
            except (IndexError, ValueError):
                continue  # a choice the question no longer has
    return out, phrases
