"""The quality bar of the bundled banks and exams (issue: content).

Run against drafts with BANKS_DIR=/path/to/folder; by default it checks the banks that ship
inside the package.
"""

from __future__ import annotations

import difflib
import os
import re
from collections import Counter
from fractions import Fraction
from pathlib import Path

import pytest
import yaml

from etiquette_quiz.banks import bundled_banks_dir, load_paths, texts_of
from etiquette_quiz.grading import normalize
from etiquette_quiz.model import Bank, ChoiceBody, Exam, QuestionType, ScriptBody

BANKS_DIR = Path(os.environ.get("BANKS_DIR") or bundled_banks_dir())
DRAFTS = "BANKS_DIR" in os.environ
SEEDS = Path(__file__).resolve().parent.parent.parent / "shared" / "seeds" / "simplified"

EXPECTED = {  # bank id -> minimum number of questions
    "grooming": 30, "posture": 30, "business-cards": 30, "phone-scripts": 30,
    "forbidden-phrases": 30, "service-language": 20, "visits-reception": 20, "complaints": 20,
}
CORE_BANKS = ("grooming", "posture", "business-cards", "phone-scripts", "forbidden-phrases")
SITUATIONAL = "情景"
CRUTCHES = re.compile(r"以上(都|皆|全)(对|是|不对|错|正确|不是)|以上均|all of the above|none of the above", re.I)
SOURCE_RE = re.compile(r"^(\d{3}_[0-9a-f]{16}) \S")

RESULT = load_paths([BANKS_DIR])
BANKS: dict[str, Bank] = {
    b.id: b for b in RESULT.library.banks if Path(b.path).resolve().parent == BANKS_DIR.resolve()
}
EXAMS: dict[str, Exam] = {e.id: e for e in RESULT.library.exams}
CHECKED = [b for b in BANKS.values() if b.id in EXPECTED]


def test_every_file_validates_without_errors_or_warnings():
    problems = [p.format("en") for p in RESULT.problems]
    assert problems == []


@pytest.mark.skipif(DRAFTS, reason="drafts folder: only the banks present are checked")
def test_all_eight_banks_and_both_exams_are_bundled():
    assert set(EXPECTED) <= set(BANKS)
    assert {"new-hire", "phone-desk"} <= set(EXAMS)


@pytest.mark.parametrize("bank", CHECKED, ids=lambda b: b.id)
def test_bank_meets_its_counts(bank: Bank):
    assert len(bank.questions) >= EXPECTED[bank.id]
    types = {q.type for q in bank.questions}
    assert len(types) >= 4, f"{bank.id} uses only {sorted(types)}"
    if bank.id in ("phone-scripts", "forbidden-phrases"):
        assert sum(q.type is QuestionType.SCRIPT for q in bank.questions) >= 8


def test_every_type_is_used_and_a_third_is_situational():
    questions = [q for b in CHECKED for q in b.questions]
    if not DRAFTS:
        assert {q.type for q in questions} == set(QuestionType)
    situational = sum(SITUATIONAL in q.tags for q in questions)
    assert situational * 3 >= len(questions), f"{situational} of {len(questions)} are situational"


@pytest.mark.parametrize("bank", CHECKED, ids=lambda b: b.id)
def test_every_question_has_rule_difficulty_and_explanation(bank: Bank):
    raw = yaml.load(Path(bank.path).read_text(encoding="utf-8"), Loader=yaml.CSafeLoader)
    for item in raw["questions"]:
        assert "difficulty" in item, f"{bank.id}/{item['id']} has no difficulty"
        assert "rule" in item or "rules" in item, f"{bank.id}/{item['id']} has no rule"
        assert "explain" in item, f"{bank.id}/{item['id']} has no explain"


@pytest.mark.parametrize("bank", CHECKED, ids=lambda b: b.id)
def test_every_text_has_an_english_translation(bank: Bank):
    missing = []
    for rule in bank.rules:
        if "en" not in rule.text.languages:
            missing.append(f"rule {rule.id}")
    for question in bank.questions:
        for name, text in texts_of(question):
            if "en" not in text.languages:
                missing.append(f"{question.id}.{name}")
    if "en" not in bank.title.languages:
        missing.append("title")
    assert missing == []


@pytest.mark.parametrize("bank", CHECKED, ids=lambda b: b.id)
def test_every_rule_cites_a_seed_file_and_section(bank: Bank):
    stems = {p.stem for p in SEEDS.glob("*.txt")} if SEEDS.is_dir() else None
    for rule in bank.rules:
        match = SOURCE_RE.match(rule.source or "")
        assert match, f"{bank.id}/{rule.id}: source {rule.source!r} must be '<seed file> <section>'"
        if stems is not None:
            assert match.group(1) in stems, f"{bank.id}/{rule.id}: no seed file {match.group(1)}"


@pytest.mark.parametrize("bank", CHECKED, ids=lambda b: b.id)
def test_no_all_of_the_above_crutches(bank: Bank):
    for question in bank.questions:
        if isinstance(question.body, ChoiceBody):
            for choice in question.body.correct + question.body.wrong:
                for text in choice.text.all_values():
                    assert not CRUTCHES.search(text), f"{question.key}: {text!r}"


def test_correct_answer_is_rarely_the_longest_choice():
    singles = [q for b in CHECKED for q in b.questions if q.type is QuestionType.SINGLE]
    if not singles:
        pytest.skip("no single questions")
    for lang in ("zh-CN", "en"):
        longest = 0
        for question in singles:
            body = question.body
            assert isinstance(body, ChoiceBody)
            correct = len(body.correct[0].text.get(lang))
            if all(correct > len(choice.text.get(lang)) for choice in body.wrong):
                longest += 1
        share = longest / len(singles)
        assert share <= 0.40, f"{lang}: the correct choice is the longest in {share:.0%} of single questions"


def test_no_duplicate_or_near_duplicate_questions():
    questions = [q for b in CHECKED for q in b.questions]
    prompts = {}
    for question in questions:
        key = normalize((question.scenario.get() if question.scenario else "") + question.prompt.get()).text
        assert key not in prompts, f"{question.key} repeats {prompts[key]}"
        prompts[key] = question.key
    by_rule: dict[tuple[str, str], list] = {}
    for question in questions:
        for rule in question.rules:
            by_rule.setdefault((question.bank, rule), []).append(question)
    for group in by_rule.values():
        for i, a in enumerate(group):
            for b in group[i + 1:]:
                if a.type != b.type:
                    continue
                ratio = difflib.SequenceMatcher(None, a.prompt.get(), b.prompt.get()).ratio()
                assert ratio < 0.85, f"{a.key} and {b.key} test one rule with nearly the same words"


@pytest.mark.parametrize("bank", CHECKED, ids=lambda b: b.id)
def test_script_questions_are_complete(bank: Bank):
    for question in bank.questions:
        if isinstance(question.body, ScriptBody):
            assert question.body.never, f"{question.key} lists no forbidden phrase"
            assert question.scenario is not None, f"{question.key} has no scenario"


@pytest.mark.skipif(DRAFTS, reason="exams are checked on the bundled folder")
def test_exams_follow_the_brief():
    new_hire, phone_desk = EXAMS["new-hire"], EXAMS["phone-desk"]
    assert sum(s.count or 0 for s in new_hire.sections) == 25
    assert {s.bank for s in new_hire.sections} == set(CORE_BANKS)
    assert (new_hire.time_limit, new_hire.pass_mark) == (20 * 60, Fraction(4, 5))
    assert sum(s.count or 0 for s in phone_desk.sections) == 20
    assert {s.bank for s in phone_desk.sections} == {"phone-scripts", "forbidden-phrases", "service-language", "complaints"}
    assert (phone_desk.time_limit, phone_desk.pass_mark) == (15 * 60, Fraction(17, 20))
    scripts = sum(s.count or 0 for s in phone_desk.sections if s.types == ("script",))
    assert scripts >= 5


def test_rules_are_each_tested_and_important_ones_several_times():
    for bank in CHECKED:
        counts = Counter(rule for q in bank.questions for rule in q.rules)
        assert all(counts[r.id] >= 1 for r in bank.rules)
        # Breadth: at least a quarter of a bank's rules are tested from more than one angle.
        assert sum(counts[r.id] >= 2 for r in bank.rules) * 4 >= len(bank.rules), bank.id


# -- this wave's bar: lint-clean, keys tested by examples, the manuals' own words ---------------------
MANUALS = Path(__file__).resolve().parent.parent / "manuals"


@pytest.mark.skipif(DRAFTS, reason="drafts folder: the totals are for the bundled set")
def test_the_bundled_set_keeps_its_size_types_and_languages():
    questions = [q for b in BANKS.values() for q in b.questions]
    assert len(questions) >= 500
    assert {q.type for q in questions} == set(QuestionType)
    assert all({"zh-CN", "en"} <= set(q.prompt.languages) for q in questions)


def test_bank_lint_is_clean_against_the_manuals():
    from etiquette_quiz.banks.lint import lint_loaded
    from etiquette_quiz.banks.manuals import read_manuals

    report = lint_loaded(RESULT, read_manuals(MANUALS))
    assert [f.format("en") for f in report.findings] == []


@pytest.mark.parametrize("bank", list(BANKS.values()), ids=lambda b: b.id)
def test_every_rule_quotes_its_manual(bank: Bank):
    assert [r.id for r in bank.rules if r.quote is None] == []


@pytest.mark.parametrize("bank", list(BANKS.values()), ids=lambda b: b.id)
def test_every_typed_answer_key_carries_examples_in_both_languages(bank: Bank):
    from etiquette_quiz.matching import has_chinese

    for question in bank.questions:
        if question.type not in (QuestionType.SCRIPT, QuestionType.FILL):
            continue
        examples = question.examples
        assert examples is not None, f"{question.key} has no examples"
        if question.type is QuestionType.SCRIPT:
            for group, least in ((examples.accept, 3), (examples.reject, 2)):
                zh = sum(has_chinese(text) for text in group)
                assert zh >= least and len(group) - zh >= least, f"{question.key}: {zh} zh / {len(group) - zh} en"
        else:
            assert examples.accept and examples.reject, f"{question.key}"


def test_every_example_is_graded_as_the_trainer_expects():
    from etiquette_quiz.grading import example_failures
    from etiquette_quiz.model import DEFAULT_PASS_MARK

    failures = [f"{q.key}: {f.code} {f.example!r}" for b in BANKS.values() for q in b.questions
                for f in example_failures(q, pass_fraction=DEFAULT_PASS_MARK)]
    assert failures == []
