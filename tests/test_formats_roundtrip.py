"""Every bundled bank out and back in: the spreadsheet keeps all of it; the other formats keep what they carry."""

from __future__ import annotations

import dataclasses

import pytest

from etiquette_quiz.banks import bundled_banks_dir, load_paths
from etiquette_quiz.formats.exporting import EXTENSIONS, export_bank
from etiquette_quiz.model import ChoiceBody, FillBody, OrderBody, QuestionType, ScriptBody

from .formatsdata import import_one, imported_bank, words

BANKS = load_paths([bundled_banks_dir()]).library.banks


def _trip(bank, fmt, tmp_path, lang="zh-CN", skip_bad=False):
    path = tmp_path / f"{bank.id}{EXTENSIONS[fmt]}"
    exported = export_bank(bank, fmt, str(path), lang)
    report = import_one(path, skip_bad=skip_bad)
    return exported, report, imported_bank(report, tmp_path)


def _same(a, b):
    return dataclasses.replace(a, path="") == dataclasses.replace(b, path="")


def test_every_bundled_bank_is_checked():
    files = [p for p in bundled_banks_dir().glob("*.yaml") if not p.name.endswith(".exam.yaml")]
    assert len(BANKS) == len(files) >= 8
    assert {q.type for b in BANKS for q in b.questions} == set(QuestionType)


@pytest.mark.parametrize("fmt", ["xlsx", "csv"])
@pytest.mark.parametrize("bank", BANKS, ids=lambda b: b.id)
def test_spreadsheet_round_trip_gives_an_equal_bank(bank, fmt, tmp_path):
    exported, report, back = _trip(bank, fmt, tmp_path)
    assert _same(back, bank)  # same ids, texts, keys, translations, rules, sources, settings
    assert exported.losses == []
    assert report.generated_ids == 0 and not report.errors


def test_english_headers_round_trip_too(tmp_path):
    bank = next(b for b in BANKS if b.id == "phone-scripts")
    _, _, back = _trip(bank, "xlsx", tmp_path, lang="en")
    assert _same(back, bank)


def test_reimporting_an_export_gives_the_same_yaml(tmp_path):
    bank = next(b for b in BANKS if b.id == "forbidden-phrases")
    _, first, _ = _trip(bank, "xlsx", tmp_path)
    _, second, _ = _trip(bank, "xlsx", tmp_path)
    assert first.yaml_text == second.yaml_text


def _several_blanks(question):
    return isinstance(question.body, FillBody) and len(question.body.blanks) > 1


@pytest.mark.parametrize("bank", BANKS, ids=lambda b: b.id)
def test_moodle_xml_round_trip_keeps_questions_and_translations(bank, tmp_path):
    exported, _, back = _trip(bank, "moodle-xml", tmp_path)
    assert back.id == bank.id and back.description == bank.description
    assert back.title.get() == bank.title.get()
    got = {q.id: q for q in back.questions}
    assert list(got) == [q.id for q in bank.questions]
    for question in bank.questions:
        if _several_blanks(question):  # cloze: one text, every language's answers accepted in each blank
            assert got[question.id].prompt.get() == question.prompt.get()
            assert [set(b.all_values()) for b in got[question.id].body.blanks] == \
                [set(b.all_values()) for b in question.body.blanks]
            continue
        # Moodle has no rules, difficulty or answer examples; all else comes back, every language.
        lost = {"rules": (), "difficulty": 2, "examples": None, "tolerance": None}
        assert dataclasses.replace(got[question.id], **lost) == dataclasses.replace(question, **lost)
    said = {loss.question for loss in exported.losses if loss.question}
    assert said == {q.id for q in bank.questions if isinstance(q.body, ScriptBody) or
                    _several_blanks(q) and len(q.prompt.values) > 1 or
                    isinstance(q.body, ChoiceBody) and q.type is QuestionType.MULTI and
                    (q.body.scoring.value != "partial" or len(q.body.correct) not in (1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 20))}


@pytest.mark.parametrize("bank", BANKS, ids=lambda b: b.id)
def test_gift_round_trip_keeps_the_types_it_carries(bank, tmp_path):
    exported, report, back = _trip(bank, "gift", tmp_path, skip_bad=True)
    lang = bank.language
    left_out = {q.id for q in bank.questions if isinstance(q.body, OrderBody) or _several_blanks(q)}
    scripts = {q.id for q in bank.questions if isinstance(q.body, ScriptBody)}
    assert {loss.question for loss in exported.losses if loss.skipped} == left_out
    assert {q.known_id for q in report.skipped} == scripts  # essays come back without their key phrases
    got = {q.id: q for q in back.questions}
    assert set(got) == {q.id for q in bank.questions} - left_out - scripts
    for question in bank.questions:
        if question.id in got:
            assert words(got[question.id], lang) == words(question, lang, fold_scenario=True, blanks=True)
            assert got[question.id].tags == question.tags


@pytest.mark.parametrize("bank", BANKS, ids=lambda b: b.id)
def test_markdown_round_trip_keeps_every_question_in_the_bank_language(bank, tmp_path):
    _, _, back = _trip(bank, "md", tmp_path)
    lang = bank.language
    assert [words(q, lang) for q in back.questions] == [words(q, lang) for q in bank.questions]
    for mine, theirs in zip(back.questions, bank.questions, strict=True):
        assert (mine.difficulty, mine.points, mine.tags) == (theirs.difficulty, theirs.points, theirs.tags)
        assert [back.rule(r).text.get() for r in mine.rules] == [bank.rule(r).text.get() for r in theirs.rules]


@pytest.mark.parametrize("bank", BANKS[:3], ids=lambda b: b.id)
def test_aiken_round_trip_keeps_single_choice_questions(bank, tmp_path):
    exported, _, back = _trip(bank, "aiken", tmp_path)
    lang = bank.language

    def carried(question):  # Aiken: one line of question, the options and the answer; ids are made anew
        out = words(question, lang, fold_scenario=True, feedback=False)
        out["prompt"] = " ".join(line.strip() for line in out["prompt"].split("\n") if line.strip())
        return {key: value for key, value in out.items() if key not in ("id", "explain")}

    singles = [q for q in bank.questions if q.type is QuestionType.SINGLE]
    assert [carried(q) for q in back.questions] == [carried(q) for q in singles]
    assert {loss.question for loss in exported.losses if loss.skipped} == {
        q.id for q in bank.questions if q.type is not QuestionType.SINGLE}
