"""`bank stats`: coverage tables for trainers, stacking their rows when the terminal is too narrow."""

from __future__ import annotations

from collections import Counter
from statistics import median

from rich.console import Console
from rich.text import Text

from ..i18n import t
from ..model import QUESTION_TYPES, Bank, Question
from .layout import Column, FitTable, Wrapped

SITUATIONAL_TAG = "情景"  # the tag the first banks used before questions had a `scenario`


def situational(question: Question) -> bool:
    """A question set in a situation: it has a `scenario`, or the older 情景 tag."""
    return question.scenario is not None or SITUATIONAL_TAG in question.tags


def render_stats(console: Console, banks: list[Bank], lang: str, per_rule: bool = False) -> None:
    """Questions per bank × type, per bank × difficulty and rules, and (with `per_rule`) questions per rule."""
    type_rows, level_rows, rule_rows = [], [], []
    totals: Counter[str] = Counter()
    uncovered: list[str] = []
    spread: list[int] = []
    for bank in banks:
        types = Counter(q.type.value for q in bank.questions)
        levels = Counter(q.difficulty for q in bank.questions)
        per_rule_counts = Counter(rule_id for q in bank.questions for rule_id in q.rules)
        missing = [rule.id for rule in bank.rules if per_rule_counts[rule.id] == 0]
        uncovered += [f"{bank.id}/{rule_id}" for rule_id in missing]
        spread += [per_rule_counts[rule.id] for rule in bank.rules]
        scenes = sum(situational(q) for q in bank.questions)
        type_rows.append([Text(bank.id), *(_count(types[q]) for q in QUESTION_TYPES), _count(len(bank.questions))])
        level_rows.append([Text(bank.id), *(_count(levels[level]) for level in (1, 2, 3)), _count(scenes),
                           _count(len(bank.rules)), _count(len(missing))])
        rule_rows += [[Text(bank.id), Text(rule.id), _count(per_rule_counts[rule.id], warn=True)]
                      for rule in bank.rules]
        totals.update({f"type:{k}": v for k, v in types.items()})
        totals.update({f"level:{k}": v for k, v in levels.items()})
        totals.update(situational=scenes, rules=len(bank.rules), questions=len(bank.questions),
                      uncovered=len(missing))
    if len(banks) > 1:
        label = Text(t("stats.total", lang), style="bold")
        type_rows.append([label, *(_count(totals[f"type:{q}"]) for q in QUESTION_TYPES), _count(totals["questions"])])
        level_rows.append([label, *(_count(totals[f"level:{level}"]) for level in (1, 2, 3)),
                           _count(totals["situational"]), _count(totals["rules"]), _count(totals["uncovered"])])
    bank_column = Column(t("stats.bank", lang), lead=True)
    type_columns = [bank_column, *(Column(t(f"type.{q}", lang), justify="right") for q in QUESTION_TYPES),
                    Column(t("stats.total", lang), justify="right", style="bold")]
    level_columns = [bank_column, *(Column(t("stats.difficulty", lang, level=level), justify="right")
                                    for level in (1, 2, 3)),
                     Column(t("stats.situational", lang), justify="right"),
                     Column(t("stats.rules", lang), justify="right"),
                     Column(t("stats.rules-uncovered", lang), justify="right")]
    console.print(FitTable(type_columns, type_rows, title=t("stats.title.types", lang), lang=lang))
    console.print()
    console.print(FitTable(level_columns, level_rows, title=t("stats.title.levels", lang), lang=lang))
    console.print()
    if per_rule and rule_rows:
        rule_columns = [bank_column, Column(t("stats.rule", lang), lead=True),
                        Column(t("stats.questions", lang), justify="right")]
        console.print(FitTable(rule_columns, rule_rows, title=t("stats.per-rule.title", lang), lang=lang))
        console.print()
    elif spread:
        # Hundreds of rules make a list nobody reads: say how the questions spread over them instead.
        console.print(Wrapped(Text(t("stats.per-rule.spread", lang, rules=len(spread), least=min(spread),
                                     median=f"{median(spread):g}", most=max(spread)), style="dim")))
    if uncovered:
        console.print(Wrapped(Text(t("stats.uncovered", lang, rules=", ".join(uncovered)), style="yellow")))
    elif banks:
        console.print(Text(t("stats.all-covered", lang), style="green"))


def _count(value: int, warn: bool = False) -> Text:
    """A count; a zero is dimmed, or highlighted where zero is a gap worth fixing."""
    if value == 0:
        return Text("0", style="bold yellow" if warn else "dim")
    return Text(str(value))
