"""Scoring of every question type as BANK-FORMAT.md specifies, and text normalisation."""

from __future__ import annotations

from fractions import Fraction as F

import pytest

from etiquette_quiz.banks import load_file
from etiquette_quiz.grading import grade, longest_ordered_run, normalize, same_text
from etiquette_quiz.model import ChoiceBody, Question, Scoring

from .conftest import DATA

BANK = load_file(DATA / "sample-bank.yaml").document


def q(qid: str) -> Question:
    return next(question for question in BANK.questions if question.id == qid)


def with_scoring(question: Question, scoring: Scoring) -> Question:
    from dataclasses import replace

    return replace(question, body=replace(question.body, scoring=scoring))


@pytest.mark.parametrize(("response", "fraction"), [("c0", 1.0), ("w0", 0.0), ("w1", 0.0)])
def test_single(response, fraction):
    assert grade(q("ring-count"), response).fraction == fraction


@pytest.mark.parametrize(("picked", "fraction"), [
    (["c0", "c1"], 1.0),          # both right
    (["c0"], 0.5),                # one of two
    (["c0", "c1", "w0"], 0.5),    # (2 - 1) / 2
    (["c0", "w0"], 0.0),          # (1 - 1) / 2
    (["w0", "w1"], 0.0),          # never below zero
    ([], 0.0),
])
def test_multi_partial_credit(picked, fraction):
    assert grade(q("rude-phrases"), picked).fraction == fraction


def test_multi_all_or_nothing():
    question = with_scoring(q("rude-phrases"), Scoring.ALL_OR_NOTHING)
    assert grade(question, ["c1", "c0"]).fraction == 1.0
    assert grade(question, ["c0"]).fraction == 0.0
    assert grade(question, ["c0", "c1", "w0"]).fraction == 0.0


def test_multi_mark_lists_picked_and_missed():
    mark = grade(q("rude-phrases"), ["c0", "w1"])
    assert mark.detail == {"picked": ["c0", "w1"], "missed": ["c1"]}
    assert mark.status == "wrong"


def test_truefalse():
    assert grade(q("late-apology"), True).correct
    assert not grade(q("late-apology"), False).correct


@pytest.mark.parametrize(("order", "fraction"), [
    ([0, 1, 2, 3], 1.0),
    ([1, 0, 2, 3], F(2, 3)),   # longest run in order: 0 2 3 (or 1 2 3) -> (3 - 1) / 3
    ([3, 2, 1, 0], 0.0),     # fully reversed: run of 1
    ([0, 2, 1, 3], F(2, 3)),
    ([1, 2, 3, 0], F(2, 3)),
])
def test_order_partial(order, fraction):
    assert grade(q("answer-steps"), order).fraction == fraction


def test_order_all_or_nothing():
    question = with_scoring(q("answer-steps"), Scoring.ALL_OR_NOTHING)
    assert grade(question, [0, 1, 2, 3]).fraction == 1.0
    assert grade(question, [0, 1, 3, 2]).fraction == 0.0


def test_longest_ordered_run_is_an_increasing_subsequence():
    assert longest_ordered_run([2, 0, 3, 1, 4]) == 3
    assert longest_ordered_run([]) == 0


@pytest.mark.parametrize(("typed", "right"), [
    ("三", True), ("3", True), ("３", True),          # full-width digit, NFKC
    (" 三 ", True), ("三。", True), ("Three", True),  # spaces, punctuation, case; any language's answer
    ("四", False), ("", False), ("三三", False),
])
def test_fill_normalises_width_case_spacing_and_punctuation(typed, right):
    assert grade(q("ring-fill"), [typed]).correct is right


def test_fill_share_of_blanks(tmp_path):
    path = tmp_path / "two.yaml"
    path.write_text(
        "bank: two\ntitle: t\nrules: [{id: r, text: 规则}]\nquestions:\n"
        "  - {id: f, type: fill, rule: r, prompt: 铃响___声内接听，超时先___。, blanks: [三, [致歉, 道歉]], explain: x}\n",
        encoding="utf-8")
    question = load_file(path).document.questions[0]
    assert grade(question, ["三", "道歉"]).fraction == 1.0
    assert grade(question, ["三", "挂断"]).fraction == 0.5
    assert grade(question, ["三"]).fraction == 0.5
    assert grade(question, ["三", "道歉"]).detail == {"blanks": [True, True]}


def test_script_share_of_must_groups():
    question = q("hold-script")
    full = grade(question, "您好！请您稍候，我帮您查一下。")
    assert full.fraction == 1.0 and full.forbidden == ()
    half = grade(question, "请稍等，我查一下")
    assert half.fraction == 0.5
    assert half.detail["found"] == [1] and half.detail["missing"] == [0]


def test_script_forbidden_phrase_scores_zero_and_is_named():
    mark = grade(q("hold-script"), "喂，您好，请稍等")
    assert mark.fraction == 0.0
    assert mark.forbidden == ("喂",)
    assert mark.detail["found"] == [0, 1]


def test_script_english_and_word_boundaries():
    question = q("hold-script")
    assert grade(question, "Good morning! One moment, please.").fraction == 1.0
    # 'hey' must not be found inside 'they', nor 'hello' count when only 'othello' is typed.
    assert grade(question, "They asked; hello, just a moment").forbidden == ()
    assert grade(question, "Othello, one moment").fraction == 0.5
    assert grade(question, "Hey, one moment").forbidden == ("hey",)


def test_script_full_width_and_spacing_are_ignored():
    assert grade(q("hold-script"), "您 好，请　稍　等").fraction == 1.0


def test_script_should_groups_do_not_score():
    question = q("hold-script")
    assert grade(question, "您好，请稍等，谢谢").detail["should_found"] == [0]
    assert grade(question, "您好，请稍等，谢谢").fraction == 1.0


@pytest.mark.parametrize(("picks", "fraction"), [
    (["p0", "p1", "p2"], 1.0), (["p0", "p2", "p1"], F(1, 3)), (["d0", None, "p2"], F(1, 3)), ([], 0.0),
])
def test_match_share_of_pairs(picks, fraction):
    assert grade(q("phrase-match"), picks).fraction == fraction


def test_points_scale_the_fraction(tmp_path):
    from dataclasses import replace

    question = replace(q("rude-phrases"), points=F(3))
    mark = grade(question, ["c0"])
    assert (mark.points, mark.max_points) == (F(3, 2), 3)


def test_unanswered_scores_zero():
    mark = grade(q("ring-count"), None)
    assert mark.fraction == 0.0 and mark.detail == {"unanswered": True}


def test_normalisation_helpers():
    assert normalize("Ｈｅｌｌｏ，ＷＯＲＬＤ！").text == "helloworld"
    assert same_text("请 稍 等。", "请稍等")
    assert normalize("您好，我是客服代表小王").find(normalize("客服代表"))
    assert not normalize("this").find(normalize("hi"))
    assert normalize("hi, there").find(normalize("hi"))
    assert isinstance(q("ring-count").body, ChoiceBody)
