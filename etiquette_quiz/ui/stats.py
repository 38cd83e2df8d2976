"""`bank stats`: coverage tables for trainers, sized to fit an 80-column terminal."""

from __future__ import annotations

from collections import Counter

from rich import box
from rich.console import Console
from rich.table import Table
from rich.text import Text

from ..i18n import t
from ..model import QUESTION_TYPES, Bank

SITUATIONAL_TAG = "情景"


def _table(title: str) -> Table:
    return Table(title=title, title_justify="left", box=box.SIMPLE_HEAD, pad_edge=False, padding=(0, 1))


def render_stats(console: Console, banks: list[Bank], lang: str) -> None:
    """Questions per bank × type, per bank × difficulty, and questions per rule."""
    by_type = _table(t("stats.title.types", lang))
    by_type.add_column(t("stats.bank", lang))
    for qtype in QUESTION_TYPES:
        by_type.add_column(t(f"type.{qtype}", lang), justify="right")
    by_type.add_column(t("stats.total", lang), justify="right", style="bold")

    by_level = _table(t("stats.title.levels", lang))
    by_level.add_column(t("stats.bank", lang))
    for level in (1, 2, 3):
        by_level.add_column(t("stats.difficulty", lang, level=level), justify="right")
    by_level.add_column(t("stats.situational", lang), justify="right")
    by_level.add_column(t("stats.rules", lang), justify="right")
    by_level.add_column(t("stats.rules-uncovered", lang), justify="right")

    per_rule = _table(t("stats.per-rule.title", lang))
    per_rule.add_column(t("stats.bank", lang))
    per_rule.add_column(t("stats.rule", lang))
    per_rule.add_column(t("stats.questions", lang), justify="right")

    totals: Counter[str] = Counter()
    uncovered: list[str] = []
    for bank in banks:
        types = Counter(q.type.value for q in bank.questions)
        levels = Counter(q.difficulty for q in bank.questions)
        per_rule_counts = Counter(rule_id for q in bank.questions for rule_id in q.rules)
        missing = [rule.id for rule in bank.rules if per_rule_counts[rule.id] == 0]
        uncovered += [f"{bank.id}/{rule_id}" for rule_id in missing]
        situational = sum(SITUATIONAL_TAG in q.tags for q in bank.questions)
        by_type.add_row(Text(bank.id), *(_count(types[q]) for q in QUESTION_TYPES), _count(len(bank.questions)))
        by_level.add_row(Text(bank.id), *(_count(levels[level]) for level in (1, 2, 3)),
                         _count(situational), _count(len(bank.rules)), _count(len(missing)))
        for rule in bank.rules:
            per_rule.add_row(Text(bank.id), Text(rule.id), _count(per_rule_counts[rule.id], warn=True))
        totals.update({f"type:{k}": v for k, v in types.items()})
        totals.update({f"level:{k}": v for k, v in levels.items()})
        totals.update(situational=situational, rules=len(bank.rules), questions=len(bank.questions),
                      uncovered=len(missing))
    if len(banks) > 1:
        label = Text(t("stats.total", lang), style="bold")
        by_type.add_section()
        by_type.add_row(label, *(_count(totals[f"type:{q}"]) for q in QUESTION_TYPES), _count(totals["questions"]))
        by_level.add_section()
        by_level.add_row(label, *(_count(totals[f"level:{level}"]) for level in (1, 2, 3)),
                         _count(totals["situational"]), _count(totals["rules"]), _count(totals["uncovered"]))
    console.print(by_type)
    console.print(by_level)
    if per_rule.row_count:
        console.print(per_rule)
    if uncovered:
        console.print(Text(t("stats.uncovered", lang, rules=", ".join(uncovered)), style="yellow"))
    elif banks:
        console.print(Text(t("stats.all-covered", lang), style="green"))


def _count(value: int, warn: bool = False) -> Text:
    """A count; a zero is dimmed, or highlighted where zero is a gap worth fixing."""
    if value == 0:
        return Text("0", style="bold yellow" if warn else "dim")
    return Text(str(value))
