"""YAML -> model: translations, every question type, exams, and positions."""

from __future__ import annotations

from fractions import Fraction

import pytest

from etiquette_quiz.banks import load_file, load_paths
from etiquette_quiz.model import (
    ChoiceBody,
    ClockMode,
    FeedbackMode,
    FillBody,
    MatchBody,
    Navigation,
    OrderBody,
    QuestionType,
    ReviewOption,
    Scoring,
    ScriptBody,
    Text,
    TrueFalseBody,
)

from .conftest import DATA


@pytest.fixture(scope="module")
def bank():
    result = load_file(DATA / "sample-bank.yaml")
    assert result.problems == []
    return result.document


def question(bank, qid):
    return next(q for q in bank.questions if q.id == qid)


def test_bank_fields(bank):
    assert (bank.id, bank.version, bank.language) == ("sample", 2, "zh-CN")
    assert bank.title.get("en") == "Sample bank"
    assert [s.id for s in bank.sources] == ["s003"]
    assert bank.rule("ring-three").source == "s003 四、电话服务规范"
    assert [q.type for q in bank.questions] == [
        QuestionType.SINGLE, QuestionType.SINGLE, QuestionType.MULTI, QuestionType.TRUEFALSE,
        QuestionType.ORDER, QuestionType.FILL, QuestionType.SCRIPT, QuestionType.MATCH,
    ]


@pytest.mark.parametrize(("lang", "expected"), [
    ("zh-CN", "三声"), ("en", "The third"), ("en-GB", "The third"), ("zh", "三声"), ("zh-TW", "三声"),
    ("fr", "三声"), (None, "三声"),
])
def test_text_falls_back_to_the_bank_language(bank, lang, expected):
    body = question(bank, "ring-count").body
    assert body.correct[0].text.get(lang) == expected


def test_per_language_lists_are_merged_item_by_item(bank):
    body = question(bank, "ring-count").body
    assert isinstance(body, ChoiceBody)
    assert [(c.text.get("zh-CN"), c.text.get("en")) for c in body.wrong] == [("五声", "The fifth"), ("十声", "The tenth")]
    assert body.choice_ids == ("c0", "w0", "w1")


def test_choice_feedback(bank):
    body = question(bank, "silent-call").body
    assert body.wrong[0].feedback.get("en") == "That is a forbidden phrase."
    assert body.wrong[1].feedback is None
    assert body.choice("w0").text.get() == "喂，说话呀！"


def test_every_type_body(bank):
    multi = question(bank, "rude-phrases").body
    assert isinstance(multi, ChoiceBody) and len(multi.correct) == 2 and multi.scoring is Scoring.PARTIAL
    assert question(bank, "late-apology").body == TrueFalseBody(True)
    order = question(bank, "answer-steps").body
    assert isinstance(order, OrderBody) and len(order.steps) == 4
    fill = question(bank, "ring-fill").body
    assert isinstance(fill, FillBody)
    assert fill.blanks[0].get("en") == ("three", "3")
    assert fill.blanks[0].all_values() == ("三", "3", "three")
    script = question(bank, "hold-script").body
    assert isinstance(script, ScriptBody)
    assert [g.get("zh-CN") for g in script.must] == [("您好", "你好"), ("请稍等", "请您稍候", "稍等")]
    assert script.must[1].get("en") == ("one moment", "please hold", "just a moment")
    assert [g.phrase.get("en") for g in script.never] == [("hey",), ("i don't know",)]
    assert script.should[0].get("en") == ("thank you", "thanks")
    match = question(bank, "phrase-match").body
    assert isinstance(match, MatchBody)
    assert match.option_ids == ("p0", "p1", "p2", "d0")
    assert match.option("d0").get("en") == "Hurry up"


def test_question_key_tags_and_defaults(bank):
    q = question(bank, "ring-count")
    assert (q.key, q.difficulty, q.points, q.tags, q.rules) == ("sample/ring-count", 1, 1.0, ("接听",), ("ring-three",))
    assert question(bank, "rude-phrases").difficulty == 2


def test_content_hash_is_stable_and_changes_with_content(tmp_path, bank):
    again = load_file(DATA / "sample-bank.yaml").document
    assert question(again, "ring-count").content_hash == question(bank, "ring-count").content_hash
    edited = tmp_path / "edited.yaml"
    edited.write_text((DATA / "sample-bank.yaml").read_text(encoding="utf-8").replace("十声", "九声"), encoding="utf-8")
    changed = load_file(edited).document
    assert question(changed, "ring-count").content_hash != question(bank, "ring-count").content_hash
    assert question(changed, "silent-call").content_hash == question(bank, "silent-call").content_hash


def test_exam_fields():
    result = load_paths([DATA])
    assert result.problems == []
    exam = result.library.exam("sample-exam")
    assert (exam.time_limit, exam.pass_mark, exam.feedback) == (600, Fraction(4, 5), FeedbackMode.END)
    first, second = exam.sections
    assert (first.bank, first.count, first.types) == ("sample", 3, ("single", "multi", "truefalse"))
    assert second.questions == ("sample/hold-script", "sample/phrase-match")


def test_exam_options_default_to_a_running_clock_free_navigation_and_answers_shown():
    exam = load_paths([DATA]).library.exam("sample-exam")
    assert (exam.clock, exam.navigation, exam.review, exam.seed) == (
        ClockMode.RUNNING, Navigation.FREE, ReviewOption.ANSWERS, None)


def exam_file(tmp_path, options: str):
    path = tmp_path / "exam.yaml"
    path.write_text(f"exam: e\ntitle: t\ntime_limit: 5m\n{options}sections:\n  - questions: [sample/ring-count]\n",
                    encoding="utf-8")
    return load_paths([path, DATA / "sample-bank.yaml"])


def test_exam_options_as_written(tmp_path):
    result = exam_file(tmp_path, "clock: pausable\nnavigation: sequential\nreview: none\nseed: 42\n")
    assert result.problems == []
    exam = result.library.exam("e")
    assert (exam.clock, exam.navigation, exam.review, exam.seed) == (
        ClockMode.PAUSABLE, Navigation.SEQUENTIAL, ReviewOption.NONE, 42)


def test_immediate_feedback_means_sequential_navigation(tmp_path):
    result = exam_file(tmp_path, "feedback: immediate\n")
    assert result.library.exam("e").navigation is Navigation.SEQUENTIAL
    result = exam_file(tmp_path, "feedback: immediate\nnavigation: free\n")
    assert [(p.code, p.line) for p in result.problems] == [("free-navigation-immediate", 5)]


@pytest.mark.parametrize(("options", "message"), [
    ("clock: paused\n", "unknown `clock` value `paused` — did you mean `pausable`?"),
    ("review: scores\n", "unknown `review` value `scores` — did you mean `score`?"),
    ("navigation: linear\n", "unknown `navigation` value `linear` — use one of `free`, `sequential` (default `free`)"),
    ("seed: 0\n", "seed"),
])
def test_bad_exam_options_are_named_with_their_values(tmp_path, options, message):
    from etiquette_quiz.i18n import problem_text

    (problem,) = exam_file(tmp_path, options).problems
    assert problem.line == 4 and message in problem_text(problem.code, "en", problem.args)


@pytest.mark.parametrize(("written", "seconds"), [("90s", 90), ("20m", 1200), ("1h", 3600), ("1h30m", 5400), ("2 min", 120)])
def test_durations(tmp_path, written, seconds):
    path = tmp_path / "exam.yaml"
    path.write_text(f"exam: e\ntitle: t\ntime_limit: {written}\nsections:\n  - questions: [sample/ring-count]\n", encoding="utf-8")
    result = load_paths([path, DATA / "sample-bank.yaml"])
    assert result.problems == []
    assert result.library.exam("e").time_limit == seconds


def test_numbers_are_read_as_the_text_written(tmp_path):
    path = tmp_path / "numbers.yaml"
    path.write_text(
        "bank: numbers\ntitle: 数字\nrules: [{id: r, text: 规则}]\nquestions:\n"
        "  - {id: q, type: single, rule: r, prompt: 几声？, correct: 3, wrong: [5, 1.10], explain: 三声}\n",
        encoding="utf-8",
    )
    body = load_file(path).document.questions[0].body
    assert [c.text.get() for c in body.correct + body.wrong] == ["3", "5", "1.10"]


def test_language_tags_are_canonicalised(tmp_path):
    path = tmp_path / "tags.yaml"
    path.write_text(
        "bank: tags\ntitle: {zh-cn: 标题, EN: Title}\nlanguage: zh-cn\nquestions: []\n", encoding="utf-8")
    result = load_file(path)
    assert result.problems == []
    assert result.document.title == Text((("zh-CN", "标题"), ("en", "Title")))


def test_problems_carry_file_line_and_column(tmp_path):
    path = tmp_path / "bad.yaml"
    path.write_text("bank: bad\ntitle: t\nquestions:\n  - id: q\n    type: truefalse\n    prompt: p\n    answer: maybe\n",
                    encoding="utf-8")
    (problem, *_) = [p for p in load_file(path, "bad.yaml").problems if p.severity == "error"]
    assert (problem.path, problem.line, problem.col, problem.code) == ("bad.yaml", 7, 13, "bad-answer")


def test_a_forbidden_phrase_scoped_in_one_language_needs_no_translation(tmp_path):
    path = tmp_path / "u.yaml"
    path.write_text(
        "bank: u\ntitle: {zh-CN: 题库, en: Bank}\nrules: [{id: r, text: {zh-CN: 规则, en: Rule}}]\nquestions:\n"
        "  - id: q\n    type: script\n    rule: r\n    prompt: {zh-CN: 说, en: Say}\n"
        "    must: {zh-CN: [您好], en: [hello]}\n"
        "    never: {zh-CN: [{phrase: 不知道, unless: [不知道您是否]}], en: [no idea]}\n"
        "    model: {zh-CN: 您好, en: hello}\n    explain: {zh-CN: 解, en: why}\n", encoding="utf-8")
    assert load_paths([path]).problems == []
