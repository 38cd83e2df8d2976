"""The typed-answer matcher: every tolerance on and off, its bounds, forbidden phrases and keys
tested by their examples (issue 11)."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from dataclasses import replace
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from etiquette_quiz.banks import load_file
from etiquette_quiz.grading import example_failures, grade
from etiquette_quiz.i18n import problem_text
from etiquette_quiz.matching import (
    COURTESY,
    INSERTION,
    NEGATIONS,
    bounds,
    find,
    find_all,
    find_forbidden,
    find_whole,
    homophone_slip,
    readings,
    us_spelling,
    word_form,
)
from etiquette_quiz.model import Tolerance

from .conftest import DATA, TESTS

ALL_ON = Tolerance()
ALL_OFF = Tolerance(traditional=False, homophones=False, insertions=0, word_forms=False)
EXAMPLES_BANK = load_file(TESTS / "keys" / "examples-bank.yaml").document
SAMPLE_BANK = load_file(DATA / "sample-bank.yaml").document


def question(bank, qid):
    return next(q for q in bank.questions if q.id == qid)


def how(answer, phrase, tolerance=ALL_ON):
    """How `phrase` was found in `answer` ('' exact, 'homophone', …), or None when it was not."""
    match = find(answer, [phrase], tolerance)
    return None if match is None else "+".join(match.how)


def fires(answer, phrase, unless=None, tolerance=ALL_ON):
    hit = find_forbidden(answer, [phrase], unless, tolerance)
    return None if hit is None else "+".join(hit.how)


# -- the cases of issue 11, phrase by phrase ---------------------------------------------------

def test_issue_cases_at_phrase_level():
    assert fires("对不起，让您久等了，刚才线路太忙，我也没办法。", "我也没有办法") == "omission"
    assert how("好的，请少等。", "稍等") == "homophone"
    assert how("對不起，讓您久等了", "对不起") == "traditional"
    assert how("請稍等", "请稍等") == "traditional"
    assert how("I apologize for the mistake", "apologise") == "word-form"
    assert how("I do apologise", "apologize") == "word-form"
    assert how("Just checking — does that make sense?", "check") == "word-form"
    assert fires("不知道您是否需要留言？", "不知道", unless=["不知道您是否"]) is None
    # 请问您听懂了吗 is not the manual's 喂，听懂了吗: a bank scopes the bare words with `unless`.
    assert fires("请问您听懂了吗？", "听懂了吗", unless=["请问您听懂了吗"]) is None


def test_the_note_says_what_was_typed_and_what_it_counted_as():
    match = find("好的，请您少等一下", ["稍等", "稍候"])
    assert match.note() == {"typed": "少等", "as": "稍等", "how": "homophone", "at": [5, 7]}
    assert "好的，请您少等一下"[5:7] == "少等"


# -- exact matching keeps the documented contract ----------------------------------------------

@pytest.mark.parametrize("answer", ["您 好，请　稍　等", "ＨＥＬＬＯ，请稍等", "请，稍等。"])
def test_exact_tier_ignores_width_case_spacing_and_punctuation(answer):
    assert how(answer, "请稍等", ALL_OFF) == ""


def test_exact_match_wins_over_a_tolerant_one_of_an_earlier_variant():
    # 请您稍候 needs no tolerance: it is chosen over 请稍等 with an insertion.
    assert find("请您稍候", ["请稍等", "请您稍候"]).phrase == "请您稍候"
    assert find("请您稍候", ["请稍等", "请您稍候"]).exact


def test_offsets_point_into_the_typed_text_across_full_width_forms():
    answer = "ＯＫ，對不起"
    match = find(answer, ["对不起"])
    assert (match.typed, answer[match.start:match.end]) == ("對不起", "對不起")


# -- traditional -> simplified ----------------------------------------------------------------

def test_traditional_characters_count_as_simplified_only_when_on():
    assert how("請您稍等，我幫您查詢", "我帮您查询") == "traditional"
    assert how("請您稍等，我幫您查詢", "我帮您查询", replace(ALL_ON, traditional=False)) is None
    assert how("請您稍等", "请您稍等", replace(ALL_OFF, traditional=True)) == "traditional"


def test_a_bank_written_in_traditional_characters_matches_both_scripts():
    assert how("對不起", "對不起") == ""
    assert how("对不起", "對不起") == "traditional"


# -- homophones --------------------------------------------------------------------------------

def test_homophone_slips_are_accepted_with_a_note_only_when_on():
    assert how("请您少等", "请您稍等") == "homophone"
    assert how("请您少等", "请您稍等", replace(ALL_ON, homophones=False)) is None
    assert readings("少") & readings("稍") == {"shao"}
    assert homophone_slip("稍", "少") and not homophone_slip("对", "追")


@pytest.mark.parametrize(("answer", "phrase"), [
    ("很高兴为你服务", "很高兴为您服务"),   # 您 -> 你 is an etiquette fault, not a typing slip
    ("情稍等", "请稍等"),                   # qing: 请 carries the "please"
    ("非常感些", "非常感谢"),               # xie: 谢 carries the thanks
    ("真是报欠", "真是抱歉"),               # qian: 歉 carries the apology
    ("布好意思", "不好意思"),               # bu: a negation is never a slip
])
def test_courtesy_characters_and_negations_are_never_relaxed(answer, phrase):
    assert how(answer, phrase) is None


def test_the_protected_set_holds_the_courtesy_characters_and_negations():
    assert {"您", "你", "请", "谢", "歉"} <= COURTESY
    assert {"不", "没", "别"} <= NEGATIONS


def test_homophone_bounds_follow_the_phrase_length():
    assert bounds(1, ALL_ON)[2] == 0  # 喂 would otherwise fire on 为、位、未
    assert fires("很高兴为您服务", "喂") is None
    assert how("少等", "稍等") == "homophone"       # one slip in a short phrase
    assert how("少灯", "稍等") is None              # two slips in two characters: another word
    assert bounds(6, ALL_ON)[2] == 2


# -- insertions --------------------------------------------------------------------------------

def test_small_insertions_inside_a_phrase_only_when_on():
    assert how("请您稍等一下", "请稍等") == "insertion"
    assert how("请您稍等一下", "请稍等", replace(ALL_ON, insertions=0)) is None


@pytest.mark.parametrize(("answer", "phrase", "accepted"), [
    ("您说好", "您好", False),               # two characters: no insertion at all
    ("请您稍等", "请稍等", True),            # three: one
    ("请您再稍等", "请稍等", False),
    ("让您多久等了", "让您久等了", True),     # four or more: up to the setting (2)
    ("让您多多久久等了", "让您久等了", False),
    ("很不高兴为您服务", "很高兴为您服务", False),  # an inserted negation flips the meaning
    ("不太客气", "不客气", False),             # nor may anything come between a negation and its word,
    ("没有办法", "没办法", True),               # except 有 after 没: the same negation
])
def test_insertion_bounds(answer, phrase, accepted):
    assert (how(answer, phrase) is not None) is accepted


def test_the_insertion_setting_caps_the_bound():
    assert bounds(7, ALL_ON)[0] == 2
    assert bounds(7, replace(ALL_ON, insertions=5))[0] == 5
    assert bounds(7, replace(ALL_ON, insertions=1))[0] == 1


def test_an_insertion_does_not_reach_across_punctuation():
    assert fires("不，我知道了", "不知道") is None
    assert fires("我不太知道", "不知道") == "insertion"


def test_insertion_and_slip_together_are_both_named():
    assert how("请您少等", "请稍等") == "homophone+insertion"
    assert find("请您少等", ["请稍等", "稍等"]).how == ("homophone",)  # the smaller tolerance wins


def test_rare_readings_make_no_slip():
    assert how("追不起", "对不起") is None   # 追 has an old reading duī
    assert how("问题吗", "是吗") is None      # 是 has an old reading tí
    assert how("您反映的问题吗", "您反映的是") is None
    assert how("好的地", "好的的") == "homophone"  # 的 (de, di) and 地 (di, de)


# -- English word forms -------------------------------------------------------------------------

@pytest.mark.parametrize(("answer", "phrase"), [
    ("we apologize", "apologise"), ("our apologies", "apologise"), ("checked it", "check"),
    ("what colour is it", "color"), ("the city centre", "center"), ("your enquiry", "inquiry"),
    ("travelling there", "traveled"), ("sorry for the delays", "sorry for the delay"),
])
def test_english_word_forms_and_uk_us_spelling(answer, phrase):
    assert how(answer, phrase) == "word-form"
    assert how(answer, phrase, replace(ALL_ON, word_forms=False)) is None


@pytest.mark.parametrize(("answer", "phrase"), [
    ("this is it", "hi"), ("othello", "hello"), ("they said so", "hey"), ("I'm pleased to help", "please"),
])
def test_english_matches_whole_words_and_keeps_please_as_written(answer, phrase):
    assert how(answer, phrase) is None


def test_us_spelling_leaves_short_words_alone():
    assert [us_spelling(w) for w in ("four", "your", "hour", "flour", "raise", "colour")] == \
        ["four", "your", "hour", "flour", "raise", "color"]
    assert word_form("apologise") == word_form("apologize") == word_form("apologized")


# -- forbidden phrases ---------------------------------------------------------------------------

def test_forbidden_phrases_tolerate_at_least_as_much_as_required_ones():
    assert fires("我也没办法", "我也没有办法") == "omission"
    assert fires("我也真的没有办法", "我也没有办法") == "insertion"
    assert fires("對不起，我也沒有辦法", "我也没有办法") == "traditional"
    assert fires("您这么激动也没用", "你这么激动") == "nin-ni"
    assert fires("我也没办法", "我也没有办法", tolerance=replace(ALL_ON, insertions=0)) is None


@pytest.mark.parametrize(("answer", "phrase"), [
    ("我也有办法", "我也没有办法"),   # a negation is never left out
    ("听了吗", "听懂了吗"),           # four characters: nothing may be left out
    ("听错了吗", "听懂了吗"),         # nor swapped (left out + inserted)
])
def test_omission_bounds(answer, phrase):
    assert fires(answer, phrase) is None


def test_unless_excuses_only_hits_inside_a_polite_use():
    unless = ["不知道您是否"]
    assert fires("不知道您是否需要留言？", "不知道", unless) is None
    assert fires("我不知道。不知道您是否需要留言？", "不知道", unless) == ""
    assert fires("不知道您是否需要留言？我也不知道他去哪了", "不知道", unless) == ""
    # The polite use is matched like a required phrase: 你 instead of 您 is not one.
    assert fires("不知道你是否需要留言？", "不知道", unless) == ""
    # Tolerated polite uses still excuse: traditional characters, an inserted word.
    assert fires("不知道您現在是否需要留言？", "不知道", unless) is None


def test_every_occurrence_is_listed_in_order():
    found = find_all("不知道，真不知道", ["不知道"], ALL_ON, forbidden=True)
    assert [(m.start, m.end) for m in found] == [(0, 3), (5, 8)]


# -- fill blanks --------------------------------------------------------------------------------

def test_fill_blank_is_matched_whole_with_the_same_tolerances():
    assert find_whole("少等", ["稍等"]).how == ("homophone",)
    assert find_whole("請稍等", ["请稍等"]).how == ("traditional",)
    assert find_whole("请稍等一下", ["请稍等"]) is None
    assert find_whole("三声", ["三"]) is None


# -- grading ------------------------------------------------------------------------------------

def test_script_marks_say_what_was_accepted_and_why():
    mark = grade(question(SAMPLE_BANK, "hold-script"), "您好，請您少等")
    assert mark.correct
    assert mark.detail["notes"] == [{"part": "must", "index": 1, "typed": "少等", "as": "稍等",
                                     "how": "homophone", "at": [5, 7]}]
    json.dumps(mark.detail)  # plain data


def test_script_forbidden_hits_say_where_they_are():
    answer = "您好，请稍等，我也没办法"
    script = question(EXAMPLES_BANK, "absent-script")
    mark = grade(script, answer)
    assert mark.fraction == 0 and mark.forbidden == ("我也没有办法",)
    (hit,) = mark.detail["fired"]
    assert answer[slice(*hit["at"])] == "我也没办法" and hit["how"] == "omission"


def test_grading_uses_the_question_tolerance():
    script = question(SAMPLE_BANK, "hold-script")
    assert grade(script, "您好，请您少等").correct
    strict = replace(script, tolerance=ALL_OFF)
    assert grade(strict, "您好，请您少等").fraction == 0.5
    assert "notes" not in grade(strict, "您好，请稍等").detail


def test_fill_marks_note_a_tolerated_blank():
    fill = question(EXAMPLES_BANK, "fill-two")
    mark = grade(fill, ["少等", "留言"])
    assert mark.correct
    assert mark.detail == {"blanks": [True, True], "notes": [
        {"part": "blank", "index": 0, "typed": "少等", "as": "稍等", "how": "homophone", "at": [0, 2]}]}


def test_feedback_shows_what_was_typed_and_why(tmp_path):
    from rich.console import Console

    from etiquette_quiz.banks import load_paths
    from etiquette_quiz.ui.render import feedback

    library = load_paths([DATA]).library
    script = next(q for q in library.questions if q.id == "hold-script")
    answer = "您好，請您少等"
    mark = grade(script, answer)
    shown = {}
    for lang in ("zh-CN", "en"):
        console = Console(record=True, width=120, color_system=None)
        feedback(console, script, {}, answer, mark, lang, lang, library)
        shown[lang] = console.export_text()
    assert "已说到：稍等（输入为“少等”，同音字）" in shown["zh-CN"]
    assert "said: 稍等 (typed 少等: a same-sounding character)" in shown["en"]


def test_feedback_names_a_tolerated_forbidden_phrase_with_what_was_typed():
    from rich.console import Console

    from etiquette_quiz.banks import load_paths
    from etiquette_quiz.ui.render import feedback

    path = TESTS / "keys"
    library = load_paths([path]).library
    script = library.question("examples/absent-script")
    answer = "请稍等，我也没办法"
    console = Console(record=True, width=120, color_system=None)
    feedback(console, script, {}, answer, grade(script, answer), "en", "en", library)
    assert "Forbidden phrase used: 我也没有办法 (typed 我也没办法: a word left out)" in console.export_text()


# -- keys tested by their examples ---------------------------------------------------------------

def test_examples_of_a_good_key_all_pass():
    assert example_failures(question(EXAMPLES_BANK, "absent-script")) == []
    assert example_failures(question(EXAMPLES_BANK, "fill-two")) == []


def test_example_failures_name_the_missing_group_the_phrase_that_fired_and_what_was_credited():
    failures = example_failures(question(EXAMPLES_BANK, "narrow-script"))
    assert [(f.code, f.example) for f in failures] == [
        ("example-not-accepted", "不好意思，他不在，需要留言吗？"),
        ("example-forbidden", "请稍等，不知道您是否需要留言？"),
        ("example-not-rejected", "请稍等，留言吧。"),
    ]
    assert failures[0].args["missing"] == "[请稍等]" and failures[0].args["percent"] == "50"
    assert failures[1].args["fired"] == "[不知道]"
    assert failures[2].args["said"] == "[请稍等] [留言]"
    for failure in failures:
        for lang in ("zh-CN", "en"):
            assert failure.example in problem_text(failure.code, lang, failure.args)


def test_example_failures_of_a_fill_name_the_blank():
    failures = example_failures(question(EXAMPLES_BANK, "loose-fill"))
    assert [(f.code, f.args["missing"] or f.args["said"]) for f in failures] == [
        ("example-not-accepted", "[___1: 三]"), ("example-not-rejected", "[三]")]


def test_a_rejected_example_needs_only_to_stay_below_the_pass_fraction():
    narrow = question(EXAMPLES_BANK, "narrow-script")
    half = replace(narrow, examples=replace(narrow.examples, accept=(), reject=("请稍等，再见",)))
    assert example_failures(half) == []
    assert [f.code for f in example_failures(half, pass_fraction=0.5)] == ["example-not-rejected"]


def test_the_example_problem_texts_exist_in_both_languages():
    args = {"example": "x", "percent": 50, "missing": "[a]", "fired": "[b]", "said": "[c]"}
    for code in ("example-not-accepted", "example-forbidden", "example-not-rejected"):
        assert problem_text(code, "zh-CN", args) != problem_text(code, "en", args)


# -- properties -----------------------------------------------------------------------------------

# Characters with no shared reading among them or with the phrase alphabet below, and no
# courtesy characters or negations, so only the phrase itself can match.
PHRASE_CHARS = "山水花鸟月星云雨"
FILLER_CHARS = "甲乙丙丁戊己庚辛"


@settings(max_examples=150, deadline=None)
@given(st.text(PHRASE_CHARS, min_size=1, max_size=8), st.text(FILLER_CHARS + "，。 ab", max_size=12),
       st.text(FILLER_CHARS + "，。 ", max_size=12))
def test_an_exact_phrase_is_always_found_exactly(phrase, before, after):
    match = find(before + phrase + after, [phrase], ALL_ON)
    assert match is not None and match.exact
    assert match.typed == phrase


@settings(max_examples=150, deadline=None)
@given(st.text(PHRASE_CHARS, min_size=2, max_size=8), st.data())
def test_insertions_above_the_bound_are_never_accepted(phrase, data):
    allowed = bounds(len(phrase), ALL_ON)[0]
    gaps = data.draw(st.lists(st.integers(1, len(phrase) - 1), min_size=allowed + 1, max_size=allowed + 3))
    chars = list(phrase)
    for at in sorted(gaps, reverse=True):
        chars.insert(at, data.draw(st.sampled_from(FILLER_CHARS)))
    stretched = "".join(chars)
    assert find(stretched, [phrase], ALL_ON) is None
    # A forbidden phrase may still be found by leaving a character out of it (云云云云 in 云甲甲云云云云
    # for 云云云云云), never by stretching it further.
    assert all(INSERTION not in hit.how for hit in find_all(stretched, [phrase], ALL_ON, forbidden=True))


def test_the_alphabets_of_the_properties_share_no_reading():
    for a in PHRASE_CHARS + FILLER_CHARS:
        for b in PHRASE_CHARS + FILLER_CHARS:
            assert a == b or not readings(a) & readings(b)


# -- determinism and start-up ---------------------------------------------------------------------

CASES = [("好的，请您少等一下", "稍等"), ("對不起，我也沒辦法", "我也没有办法"), ("Just checking", "check"),
         ("请你稍等", "请您稍等"), ("我不太知道", "不知道")]


def _run(code: str, seed: str) -> str:
    env = {**os.environ, "PYTHONHASHSEED": seed}
    return subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, env=env, check=True,
                          cwd=Path(__file__).resolve().parent.parent).stdout


def test_matching_is_the_same_in_every_process():
    code = ("from etiquette_quiz.matching import find_all\n"
            f"for answer, phrase in {CASES!r}:\n"
            "    print([m.note() for m in find_all(answer, [phrase], forbidden=True)])\n")
    first = _run(code, "1")
    assert first == _run(code, "2") == _run(code, "3")
    assert "homophone" in first and "omission" in first


def test_the_matching_libraries_stay_off_the_start_up_path():
    code = ("import sys\nimport etiquette_quiz.cli, etiquette_quiz.grading, etiquette_quiz.matching\n"
            "print(sorted(m for m in ('opencc', 'pypinyin', 'snowballstemmer') if m in sys.modules))")
    assert _run(code, "0").strip() == "[]"


def test_loading_pinyin_leaves_the_environment_as_it_was():
    readings("等")
    assert "PYPINYIN_NO_PHRASES" not in os.environ and "PYPINYIN_NO_DICT_COPY" not in os.environ


def test_the_loader_checks_are_exact_unless_given_a_tolerance():
    from etiquette_quiz.grading import forbidden_hit as loader_forbidden_hit
    from etiquette_quiz.grading import found_variant
    from etiquette_quiz.model import Alternatives, Forbidden

    rule = Forbidden(Alternatives((("zh-CN", ("不知道",)),)), Alternatives((("zh-CN", ("不知道您是否",)),)))
    assert loader_forbidden_hit("我不知道。不知道您是否需要留言", rule) == "不知道"  # unless only inside
    assert loader_forbidden_hit("不知道您是否需要留言", rule) is None
    group = Alternatives((("zh-CN", ("稍等", "稍候")),))
    assert found_variant("请您少等", group) is None
    assert found_variant("请您少等", group, ALL_ON) == "稍等"
    code = ("import sys\nfrom pathlib import Path\nfrom etiquette_quiz.banks import load_paths\n"
            "load_paths([Path('tests/data')])\n"  # no examples: nothing is graded while loading
            "print(sorted(m for m in ('opencc', 'pypinyin', 'snowballstemmer') if m in sys.modules))")
    assert _run(code, "0").strip() == "[]"


def test_warming_a_question_prepares_every_phrase_its_answer_is_matched_against():
    from etiquette_quiz.banks import bundled_banks_dir, load_paths
    from etiquette_quiz.grading import typed_phrases, warm
    from etiquette_quiz.matching import prepare

    library = load_paths([bundled_banks_dir()]).library
    question = library.question("forbidden-phrases/script-closing-call")
    assert question is not None
    phrases = typed_phrases(question)
    assert len(phrases) > 10
    warm(question)
    before = prepare.cache_info()
    for phrase in phrases:
        prepare(phrase, True)
    after = prepare.cache_info()
    assert after.misses == before.misses and after.hits == before.hits + len(phrases)
    assert typed_phrases(library.question("grooming/" + next(
        q.id for q in library.bank("grooming").questions if q.type.value == "single"))) == []
