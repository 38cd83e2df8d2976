"""bank lint: each check on small banks (a bad and a good one, in Chinese and in English), the manual
reader, the command line, the quote in practice feedback, and every flaw the content audit listed,
found again on a copy of the bundled banks as they were (tests/banks-2026-11, commit c32f173)."""

from __future__ import annotations

import io
import json
from collections import Counter
from pathlib import Path

import pytest
import yaml

from etiquette_quiz.banks import load_paths
from etiquette_quiz.banks.lint import Finding, lint_loaded, numbers_in, phrase_in, reading_units, tone
from etiquette_quiz.banks.manuals import Manual, cn_number, read_manuals
from etiquette_quiz.errors import ExitCode

from .conftest import TESTS

ROOT = TESTS.parent
COPY = TESTS / "banks-2026-11"
MANUALS = ROOT / "manuals"
LANGS = ("zh-CN", "en")


# -- helpers -------------------------------------------------------------------------------------
def write_bank(folder: Path, questions: list[dict], language: str = "zh-CN", rules: list[dict] | None = None,
               bank: str = "t", sources: list[dict] | None = None) -> Path:
    """A bank file with the questions given; each question tests rule `r` unless it says otherwise."""
    folder.mkdir(parents=True, exist_ok=True)
    document = {"bank": bank, "title": "T", "language": language}
    if sources:
        document["sources"] = sources
    document["rules"] = rules or [{"id": "r", "text": "规则" if language == "zh-CN" else "The rule"}]
    document["questions"] = [{"rule": document["rules"][0]["id"], "explain": "-", **q} for q in questions]
    path = folder / f"{bank}.yaml"
    path.write_text(yaml.safe_dump(document, allow_unicode=True, sort_keys=False), encoding="utf-8")
    return path


def lint(*paths: Path, manuals: Path | None = None, coverage: bool = False):
    result = load_paths(list(paths))
    assert not result.errors, [p.format("en") for p in result.errors]
    return lint_loaded(result, read_manuals(manuals) if manuals else None, coverage)


def codes(report, code: str) -> list[Finding]:
    return [f for f in report.findings if f.code == code]


def single(qid: str, prompt: str, correct: str, wrong: list[str]) -> dict:
    return {"id": qid, "type": "single", "prompt": prompt, "correct": correct, "wrong": wrong}


def line_of(path: Path, text: str) -> int:
    """The 1-based line of the first line containing `text`."""
    return next(i for i, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1) if text in line)


# -- item checks: a bad and a good bank per check, in each language ------------------------------------
KEY_LONGEST = {
    "zh-CN": ("先向客户致歉，说明原因，再与客户重新约定上门时间", ["直接不去了", "改天再说", "让同事去"],
              ["到了约定时间直接不去，事后也不再联系客户", "当天打电话说晚点到，让客户在家多等一会儿", "让同事替你上门，不必事先告诉客户这件事"]),
    "en": ("Apologise in advance, explain why, and agree a new time for the visit", ["Just skip it", "Go later", "Send a colleague"],
           ["Skip the visit and say nothing to the customer afterwards", "Phone on the day to say you will be an hour late",
            "Send a colleague in your place without telling the customer"]),
}


@pytest.mark.parametrize("lang", LANGS)
def test_key_longest(tmp_path, lang):
    key, short, even = KEY_LONGEST[lang]
    bad = write_bank(tmp_path / "bad", [single("q", "?", key, short)], lang)
    good = write_bank(tmp_path / "good", [single("q", "?", key, even)], lang)
    found = codes(lint(bad), "key-longest")
    assert [(f.line, f.args["lang"]) for f in found] == [(line_of(bad, "correct:"), lang)]
    assert not codes(lint(good), "key-longest")


@pytest.mark.parametrize("lang", LANGS)
def test_key_length_bias_per_bank(tmp_path, lang):
    long_key = ("甲乙丙丁戊", ["甲乙丙丁", "甲乙丙", "甲乙"]) if lang == "zh-CN" else ("abcdefghijkl", ["abcdefghi", "abcdef", "abc"])
    bad = write_bank(tmp_path / "bad", [single(f"q{i}", f"? {i}", long_key[0] + str(i), long_key[1]) for i in range(10)], lang)
    mixed = [single(f"q{i}", f"? {i}", (long_key[1][1] if i % 4 else long_key[0]) + str(i),
                    [long_key[0], long_key[1][0], long_key[1][2]] if i % 4 else long_key[1]) for i in range(10)]
    good = write_bank(tmp_path / "good", mixed, lang)
    (finding,) = codes(lint(bad), "key-length-bias")
    assert finding.line == 1 and finding.args["share"] == 100 and finding.args["direction"] == "often"
    assert not codes(lint(good), "key-length-bias")


CUES = {  # check: {lang: (cued options, plain options)}
    "cue-justification": {"zh-CN": (["先收下，以便维护关系", "收下礼物，为了不伤感情", "带回公司，以免客户不高兴"], ["先收下", "收下礼物", "带回公司"]),
                          "en": (["Accept it so that you keep the relationship", "Take it to show respect",
                                  "Take it back to the office in order to be polite"],
                                 ["Accept it", "Take it", "Take it back to the office"])},
    "cue-absolute": {"zh-CN": (["一律双手递上", "总是先递名片", "任何时候都站着"], ["双手递上", "先递名片", "站着递"]),
                     "en": (["Always use both hands", "Never sit down", "Every card goes face down"],
                            ["Use both hands", "Sit down", "Card face down"])},
}


@pytest.mark.parametrize("lang", LANGS)
@pytest.mark.parametrize("check", sorted(CUES))
def test_cue_words_only_in_distractors(tmp_path, lang, check):
    cued, plain = CUES[check][lang]
    key = "婉言谢绝" if lang == "zh-CN" else "Decline politely"
    bad = write_bank(tmp_path / "bad", [single(f"q{i}", f"? {i}", f"{key} {i}", [cued[i], plain[(i + 1) % 3]]) for i in range(3)], lang)
    good = write_bank(tmp_path / "good", [single(f"q{i}", f"? {i}", cued[i], [cued[(i + 1) % 3], plain[i]])
                                          for i in range(3)], lang)
    (finding,) = codes(lint(bad), check)
    assert finding.args["side"] == "wrong" and finding.args["count"] == 3 and finding.args["other"] == 0
    assert finding.args["lang"] == lang and finding.line == 1
    assert not codes(lint(good), check)


@pytest.mark.parametrize("lang", LANGS)
def test_cue_hedge_only_in_keys(tmp_path, lang):
    hedged = ["适当寒暄后再谈正事", "一般先请客户入座", "尽量少说话"] if lang == "zh-CN" else [
        "Usually let them sit first", "Keep small talk appropriate", "Where possible, say little"]
    wrong = ["马上谈正事", "站着谈"] if lang == "zh-CN" else ["Get straight to business", "Talk standing up"]
    bad = write_bank(tmp_path / "bad", [single(f"q{i}", f"? {i}", hedged[i], wrong) for i in range(3)], lang)
    good = write_bank(tmp_path / "good", [single(f"q{i}", f"? {i}", hedged[i], [wrong[0], hedged[(i + 1) % 3]])
                                          for i in range(3)], lang)
    (finding,) = codes(lint(bad), "cue-hedge")
    assert finding.args["side"] == "key" and finding.args["count"] == 3
    assert not codes(lint(good), "cue-hedge")


@pytest.mark.parametrize("lang", LANGS)
def test_cue_verbatim_keys_copy_the_rules(tmp_path, lang):
    if lang == "zh-CN":
        rules = [{"id": f"r{i}", "text": text} for i, text in enumerate(
            ["电话铃响三声之内必须接听电话", "递接名片时应站立并用双手", "拜访前应电话预约并商定时间"])]
        wrong = ["响五声之内接起来就可以", "坐着用一只手接过来就行", "直接上门给客户一个惊喜吧"]
    else:
        rules = [{"id": f"r{i}", "text": text} for i, text in enumerate(
            ["the phone must be answered within three rings", "stand up and use both hands for cards",
             "phone ahead to agree the time of a visit"])]
        wrong = ["pick it up whenever you are ready", "a card can be taken with one hand while seated",
                 "just drop by and surprise the customer"]
    questions = [{**single(f"q{i}", f"? {i}", rules[i]["text"], [wrong[i], wrong[(i + 1) % 3]]), "rule": f"r{i}"}
                 for i in range(3)]
    bad = write_bank(tmp_path / "bad", questions, lang, rules)
    # Distractors in other rules' words (as another manual would put it) balance the keys' verbatim wording.
    balanced = [{**q, "wrong": [rules[(int(q["id"][1]) + 1) % 3]["text"], q["wrong"][1]]} for q in questions]
    good = write_bank(tmp_path / "good", balanced, lang, rules)
    (finding,) = codes(lint(bad), "cue-verbatim")
    assert finding.args["side"] == "key" and finding.args["count"] == 3 and finding.args["other"] == 0
    assert not codes(lint(good), "cue-verbatim")


STEM_ECHO = {
    "zh-CN": ("客户的名片上印着“华信律师事务所 律师 陈明”，你应怎样称呼他？", "客户是华信事务所的陈明，按职业你应怎样称呼他？",
              "陈律师", ["小陈", "老陈"]),
    "en": ("The customer's card reads 'Chen Ming, Lawyer'. What do you call him?",
           "The customer is Chen Ming, who practises at Huaxin. What do you call him?", "Lawyer Chen", ["Young Chen", "Old Chen"]),
}


@pytest.mark.parametrize("lang", LANGS)
def test_stem_echo(tmp_path, lang):
    echo, plain, key, wrong = STEM_ECHO[lang]
    bad = write_bank(tmp_path / "bad", [single("q", echo, key, wrong)], lang)
    good = write_bank(tmp_path / "good", [single("q", plain, key, wrong)], lang)
    (finding,) = codes(lint(bad), "stem-echo")
    assert finding.args["words"] == (["律师"] if lang == "zh-CN" else ["lawyer"])
    assert finding.line == line_of(bad, "prompt:")
    assert not codes(lint(good), "stem-echo")


TONE = {
    "strawman": {
        "zh-CN": ("先让里面的人出来，再进去，不硬往里挤", ["抢先挤进去占个位置", "大声催里面的人快点出来"],
                  ["先进去，再让里面的人出来", "站到一边等下一趟"]),
        "en": ("Let people out first, then get in without pushing", ["Push in first to grab a spot", "Shout at them to hurry up"],
               ["Get in first, then let them out", "Wait for the next lift"]),
    },
}


@pytest.mark.parametrize("lang", LANGS)
def test_strawman_distractors_that_are_plainly_rude(tmp_path, lang):
    key, rude, plausible = TONE["strawman"][lang]
    bad = write_bank(tmp_path / "bad", [single("q", "?", key, rude)], lang)
    good = write_bank(tmp_path / "good", [single("q", "?", key, plausible)], lang)
    (finding,) = codes(lint(bad), "strawman")
    assert finding.args["lang"] == lang and finding.line == line_of(bad, "wrong:") + 1
    assert not codes(lint(good), "strawman")


TONE_SPLIT = {
    "zh-CN": (["斜视", "瞟视", "俯视"], ["用柔和的目光注视对方", "视线真诚热情"], ["注视对方双眼和嘴之间的三角部位", "在电梯内凝视别人"]),
    "en": (["Looking at someone sideways", "Sneaking glances", "Looking down on someone"],
           ["Looking at them with a gentle gaze", "A sincere, warm look"],
           ["Looking at the triangle between their eyes and mouth", "Gazing at people in the lift"]),
}


@pytest.mark.parametrize("lang", LANGS)
def test_tone_split_tick_the_negative_sounding(tmp_path, lang):
    keys, positive, neutral = TONE_SPLIT[lang]
    multi = {"id": "q", "type": "multi", "prompt": "?", "correct": keys}
    bad = write_bank(tmp_path / "bad", [{**multi, "wrong": positive}], lang)
    good = write_bank(tmp_path / "good", [{**multi, "wrong": neutral}], lang)
    assert [f.args["question"] for f in codes(lint(bad), "tone-split")] == ["q"]
    assert not codes(lint(good), "tone-split") and not codes(lint(good), "strawman")


@pytest.mark.parametrize("lang", LANGS)
def test_all_of_the_above(tmp_path, lang):
    above, real = ("以上都对", "先问候再握手") if lang == "zh-CN" else ("All of the above", "Greet first, then shake hands")
    bad = write_bank(tmp_path / "bad", [single("q", "?", above, ["甲", "乙"] if lang == "zh-CN" else ["A", "B"])], lang)
    good = write_bank(tmp_path / "good", [single("q", "?", real, ["甲", "乙"] if lang == "zh-CN" else ["A", "B"])], lang)
    (finding,) = codes(lint(bad), "all-of-the-above")
    assert finding.args["text"] == above and finding.line == line_of(bad, "correct:")
    assert not codes(lint(good), "all-of-the-above")


ORDER = {
    "zh-CN": (["起身而立", "主动走近客户", "双手接拿"], ["首先问候客户", "然后报出公司和职位", "接着报上姓名", "最后请教对方称呼"],
              ["问候客户", "报出公司和职位", "报上姓名", "请教对方称呼"]),
    "en": (["Stand up", "Step towards the customer", "Take it with both hands"],
           ["First greet the customer", "Then give your company and post", "Next give your name", "Finally ask theirs"],
           ["Greet the customer", "Give your company and post", "Give your name", "Ask how to address them"]),
}


@pytest.mark.parametrize("lang", LANGS)
def test_order_few_steps_and_position_words(tmp_path, lang):
    three, cued, plain = ORDER[lang]
    bad = write_bank(tmp_path / "bad", [{"id": "few", "type": "order", "prompt": "?", "steps": three},
                                        {"id": "cued", "type": "order", "prompt": "?", "steps": cued}], lang)
    good = write_bank(tmp_path / "good", [{"id": "q", "type": "order", "prompt": "?", "steps": plain}], lang)
    report = lint(bad)
    assert [f.args["question"] for f in codes(report, "order-few-steps")] == ["few"]
    (cue,) = codes(report, "order-position-cue")
    assert cue.args["question"] == "cued" and len(cue.args["steps"]) == 4
    assert not codes(lint(good), "order-few-steps") and not codes(lint(good), "order-position-cue")


MATCH = {
    "zh-CN": ([["眼睛", "无眼屎、不充血"], ["耳朵", "耳内外干净"], ["鼻子", "鼻毛不外露"]],
              [["眼睛", "无分泌物、不充血"], ["耳朵", "内外干净"], ["鼻孔", "毛发不外露"]], ["每天刷两次", "修剪整齐"]),
    "en": ([["Eyes", "No sleep left in your eyes"], ["Ears", "Clean ears inside and out"], ["Nose", "No nose hair showing"]],
           [["Eyes", "Clear, not bloodshot"], ["Ears", "Clean inside and out"], ["Nostrils", "Nothing showing"]],
           ["Brushed twice a day", "Trimmed neatly"]),
}


@pytest.mark.parametrize("lang", LANGS)
def test_match_solvable_by_shared_words_and_few_decoys(tmp_path, lang):
    echo, plain, decoys = MATCH[lang]
    bad = write_bank(tmp_path / "bad", [{"id": "q", "type": "match", "prompt": "?", "pairs": echo}], lang)
    good = write_bank(tmp_path / "good", [{"id": "q", "type": "match", "prompt": "?", "pairs": plain, "wrong": decoys}], lang)
    report = lint(bad)
    (echoed,) = codes(report, "match-echo")
    assert echoed.args["count"] == 3 and echoed.args["total"] == 3
    assert [f.args["count"] for f in codes(report, "match-few-decoys")] == [0]
    assert not codes(lint(good), "match-echo") and not codes(lint(good), "match-few-decoys")


@pytest.mark.parametrize("lang", LANGS)
def test_duplicates_across_banks(tmp_path, lang):
    zh = lang == "zh-CN"
    question = single("a", "你刚入职，查询系统还不熟练，客户不耐烦地说：“你怎么这么慢？”你应该怎么回答？" if zh else
                      "You are new and slow with the system; the customer snaps 'Why are you so slow?' What do you say?",
                      "对不起，让您久等了，我将尽快帮您处理" if zh else "Sorry to keep you waiting, I'll be as quick as I can",
                      ["我是新手" if zh else "I'm new here", "请稍等" if zh else "Hold on"])
    reworded = {**question, "id": "b",
                "prompt": question["prompt"].replace("刚入职", "刚上岗不久") if zh else question["prompt"].replace("You are new", "You only just started")}
    first = write_bank(tmp_path / "one", [question], lang, bank="one")
    same = write_bank(tmp_path / "two", [{**question, "id": "b"}], lang, bank="two")
    near = write_bank(tmp_path / "three", [reworded], lang, bank="three")
    other = write_bank(tmp_path / "four", [single("b", "电梯门开了，应该怎么做？" if zh else "The lift doors open. What do you do?",
                                                   question["correct"], question["wrong"])], lang, bank="four")
    (exact,) = codes(lint(first, same), "duplicate-question")
    assert exact.args["other"] == "one/a" and exact.path.endswith("two.yaml")
    (nearly,) = codes(lint(first, near), "near-duplicate")
    assert nearly.args["other"] == "one/a" and nearly.args["prompt"] >= 75
    assert not codes(lint(first, other), "near-duplicate") and not codes(lint(first, other), "duplicate-question")


def test_truefalse_statements_are_not_duplicates_when_their_answers_differ(tmp_path):
    statement = {"id": "a", "type": "truefalse", "prompt": "电话铃响三声之内必须接听。", "answer": True}
    one = write_bank(tmp_path / "one", [statement], bank="one")
    two = write_bank(tmp_path / "two", [{**statement, "prompt": "电话铃响五声之内必须接听。", "answer": False}], bank="two")
    three = write_bank(tmp_path / "three", [{**statement, "prompt": "电话铃响三声之内必须接听！"}], bank="three")
    assert not codes(lint(one, two), "near-duplicate")
    assert codes(lint(one, three), "duplicate-question")


@pytest.mark.parametrize("balance", [(4, 1, False), (3, 2, True), (2, 3, True), (0, 5, False), (1, 1, True)])
@pytest.mark.parametrize("lang", LANGS)
def test_truefalse_balance(tmp_path, lang, balance):
    true, false, fine = balance
    questions = [{"id": f"q{i}", "type": "truefalse", "prompt": f"{i}", "answer": i < true} for i in range(true + false)]
    found = codes(lint(write_bank(tmp_path, questions, lang)), "truefalse-balance")
    assert (not found) == fine
    if found:
        assert found[0].args["true"] == true and found[0].args["false"] == false
        assert found[0].parts("en")[0].endswith(f"answer {'False' if true < false else 'True'}” pays off")


NUMBERS = {  # (Chinese, English that agrees, English that drops or changes the number)
    "digits": ("提前5分钟到达", "Arrive 5 minutes early", "Arrive a few minutes early"),
    "numerals": ("电话铃响三声之内必须接听", "Answer within three rings", "Answer within four rings"),
    "ordinal": ("按第五篇的规定", "Under Part 5", "Under the rules"),
    "floor": ("去二楼的会议室", "to the meeting room on the 2nd floor", "to the meeting room on the first floor"),
}


@pytest.mark.parametrize("case", sorted(NUMBERS))
def test_number_mismatch_between_chinese_and_english(tmp_path, case):
    zh, agrees, drops = NUMBERS[case]
    bad = write_bank(tmp_path / "bad", [single("q", {"zh-CN": zh, "en": drops}, {"zh-CN": "对", "en": "Yes"},
                                               [{"zh-CN": "错", "en": "No"}])])
    good = write_bank(tmp_path / "good", [single("q", {"zh-CN": zh, "en": agrees}, {"zh-CN": "对", "en": "Yes"},
                                                 [{"zh-CN": "错", "en": "No"}])])
    (finding,) = codes(lint(bad), "number-mismatch")
    assert finding.args["field"] == "prompt" and finding.line == line_of(bad, "en: ") and finding.args["lang"] == "en"
    assert not codes(lint(good), "number-mismatch")


def test_numbers_leave_out_one_idioms_and_discounts():
    assert numbers_in("一视同仁地接待，有理也要让三分，给九折优惠", "zh-CN") == set()
    assert numbers_in("treat them alike and give 10% off; one customer", "en") == set()
    assert numbers_in("十分钟以内，第二十三条，两个工作日", "zh-CN") == {10.0, 23.0, 2.0}


SCRIPT = {"type": "script", "prompt": "?", "model": "好的"}


@pytest.mark.parametrize("lang", LANGS)
def test_phrase_forbidden_in_one_script_and_required_in_another(tmp_path, lang):
    phrase, required = ("听懂了吗", "请问您听懂了吗") if lang == "zh-CN" else ("speak up", "Could you speak up a little?")
    forbids = {**SCRIPT, "id": "forbids", "must": [["您好", "hello"]], "never": [phrase], "model": "您好 hello"}
    needs = {**SCRIPT, "id": "needs", "must": [[required]], "model": required}
    bad = write_bank(tmp_path / "bad", [forbids, needs], lang)
    (finding,) = codes(lint(bad), "phrase-conflict")
    assert finding.severity == "error" and finding.args["other"] == "t/needs" and finding.args["place"] == "must"
    assert finding.line == line_of(bad, "never:") + 1
    scoped = {**forbids, "never": [{"phrase": phrase, "unless": [required]}]}
    assert not codes(lint(write_bank(tmp_path / "scoped", [scoped, needs], lang)), "phrase-conflict")
    elsewhere = {**needs, "must": [["请稍等" if lang == "zh-CN" else "one moment"]], "model": "请稍等 one moment"}
    assert not codes(lint(write_bank(tmp_path / "good", [forbids, elsewhere], lang)), "phrase-conflict")


def test_phrase_conflict_in_a_model_answer(tmp_path):
    forbids = {**SCRIPT, "id": "forbids", "must": ["您好"], "never": ["不知道"], "model": "您好"}
    models = {**SCRIPT, "id": "models", "must": ["稍等"], "model": "请稍等，我也不知道怎么回事"}
    (finding,) = codes(lint(write_bank(tmp_path, [forbids, models])), "phrase-conflict")
    assert finding.args["place"] == "model"


def test_phrases_match_as_grading_does():
    assert phrase_in("check", "Just checking in") is False  # Latin phrases are whole words
    assert phrase_in("speak up", "Could you SPEAK-UP a little?")
    assert phrase_in("听懂了吗", "请问，您听懂了吗？")


def test_reading_units_and_tone():
    assert reading_units("陈律师") == 3 and reading_units("abc def") == 2
    assert tone("不硬往里挤", "zh-CN")[0] == 1 and tone("侧身挤进去", "zh-CN")[0] == -1
    assert tone("Let them out without pushing", "en")[0] == 1 and tone("Push in first", "en")[0] == -1


# -- checks against the manuals ---------------------------------------------------------------------
MANUAL = """第一篇:甲类服务规范
一、总则
1、对客户有礼貌。
第二篇:乙类礼仪规范[试行稿]
第一章 对外礼仪 第一节 电话礼仪
1.打电话:尽量不要影响对方休息。
2.接电话:电话铃响三声之内必须接听电话;拿起话筒先问候。
第二节 电梯礼仪
1.乘电梯时,先出后进。
"""


@pytest.fixture
def manuals(tmp_path):
    folder = tmp_path / "manuals"
    folder.mkdir()
    (folder / "m1.txt").write_text(MANUAL, encoding="utf-8")
    return folder


def sourced_bank(folder: Path, rule: dict, language: str = "zh-CN", source_id: str = "m1") -> Path:
    sources = [{"id": source_id, "title": {"zh-CN": "规范汇编", "en": "Standards"}}]
    return write_bank(folder, [single("q", "?", "对" if language == "zh-CN" else "Yes", ["错" if language == "zh-CN" else "No"])],
                      language, [{"id": "r", "source": f"{source_id} 第二篇 第一章 第一节 电话礼仪 2.接电话", **rule}], sources=sources)


@pytest.mark.parametrize("lang", LANGS)
def test_quote_must_be_verbatim(tmp_path, manuals, lang):
    text = "铃响三声内接" if lang == "zh-CN" else "Answer within three rings"
    verbatim = {"zh-CN": "电话铃响三声之内 必须接听电话", "en": "The phone must be answered within three rings"}
    good = sourced_bank(tmp_path / "good", {"text": text, "quote": verbatim}, lang)
    bad = sourced_bank(tmp_path / "bad", {"text": text, "quote": {"zh-CN": "电话铃响三声以内必须接听", "en": "x"}}, lang)
    assert not codes(lint(good, manuals=manuals), "quote-not-found")
    (finding,) = codes(lint(bad, manuals=manuals), "quote-not-found")
    assert finding.severity == "error" and finding.line == line_of(bad, "quote:") + 1
    assert finding.args["nearest"] == "电话铃响三声之内必须接听"  # the manual's nearest words, to copy from


@pytest.mark.parametrize("lang", LANGS)
def test_quote_outside_the_cited_section(tmp_path, manuals, lang):
    text = "先出后进" if lang == "zh-CN" else "Out first, then in"
    bad = sourced_bank(tmp_path / "bad", {"text": text, "quote": {"zh-CN": "乘电梯时,先出后进", "en": "Out first"}}, lang)
    (finding,) = codes(lint(bad, manuals=manuals), "quote-outside-section")
    assert finding.args["line"] == 9 and "电梯礼仪" in finding.args["found"]
    good = sourced_bank(tmp_path / "good", {"text": text, "quote": {"zh-CN": "拿起话筒先问候", "en": "Greet first"}}, lang)
    assert not codes(lint(good, manuals=manuals), "quote-outside-section")


@pytest.mark.parametrize("lang", LANGS)
def test_citation_not_found(tmp_path, manuals, lang):
    rule = {"text": "规则" if lang == "zh-CN" else "The rule", "source": "m1 第二篇 第一章 第三节 会议礼仪 2"}
    bank = write_bank(tmp_path, [single("q", "?", "对", ["错"])], lang, rules=[{"id": "r", **rule}],
                      sources=[{"id": "m1", "title": "规范汇编"}])
    (finding,) = codes(lint(bank, manuals=manuals), "section-not-found")
    assert finding.args["parts"] == ["第三节", "会议礼仪", "2"] and finding.line == line_of(bank, "source: m1")
    good = sourced_bank(tmp_path / "good", {"text": rule["text"]}, lang)
    assert not codes(lint(good, manuals=manuals), "section-not-found")


@pytest.mark.parametrize(("named", "fine"), [("甲类服务规范", False), ("乙类礼仪规范", True), ("别的手册", True)])
def test_title_must_be_the_cited_parts_own(tmp_path, manuals, named, fine):
    bank = sourced_bank(tmp_path, {"text": f"《{named}》：铃响三声之内接听。"})
    found = codes(lint(bank, manuals=manuals), "title-mismatch")
    assert (not found) == fine
    if found:
        assert found[0].args["belongs"] == "第一篇 《甲类服务规范》" and found[0].args["cited"] == "第二篇 《乙类礼仪规范》"


def test_title_of_another_source_without_manuals(tmp_path):
    sources = [{"id": "a", "title": "客户经理基础服务礼仪"}, {"id": "b", "title": "齐派送客户服务标准用语"}]
    rules = [{"id": "r", "text": "《齐派送客户服务标准用语》：不抛不丢。", "source": "a 二、行为举止 8"}]
    bank = write_bank(tmp_path, [{**single("q", "按《客户经理基础服务礼仪》，怎样递交？", "双手", ["扔过去"])}], rules=rules,
                      sources=sources)
    (finding,) = codes(lint(bank), "title-mismatch")
    assert finding.args["rule"] == "r" and finding.args["belongs"] == "b"
    compared = [{**rules[0], "text": "《客户经理基础服务礼仪》：不抛不丢（《齐派送客户服务标准用语》另有规定）。"}]
    explained = {**single("q", "怎样递交？", "双手", ["扔过去"]), "explain": "《齐派送客户服务标准用语》也这样要求。"}
    fine = write_bank(tmp_path / "fine", [explained], rules=compared, sources=sources)
    assert not codes(lint(fine), "title-mismatch")  # another manual named beside the cited one, or in an explanation


def test_source_without_a_manual_file(tmp_path, manuals):
    bank = sourced_bank(tmp_path, {"text": "规则"}, source_id="m9")
    (finding,) = codes(lint(bank, manuals=manuals), "source-file-missing")
    assert finding.args["source"] == "m9" and finding.line == line_of(bank, "- id: m9")


def test_an_invalid_bank_is_one_finding_and_not_linted(tmp_path):
    broken = tmp_path / "broken.yaml"
    broken.write_text("bank: b\ntitle: B\nquestions:\n  - id: q\n    type: single\n    prompt: ?\n", encoding="utf-8")
    report = lint_loaded(load_paths([broken]))
    assert [f.code for f in report.findings] == ["bank-invalid"] and report.errors == 1


# -- the manual reader ------------------------------------------------------------------------------
def test_manual_outline_nests_by_numbering():
    manual = Manual("m", "标题\n五、电话用语\n一、问候语\n1、您好\n2、请讲\n二、无法听清\n1、免提\n声调:柔和亲切\n六、结束语\n"
                         "4.5 处理\n4.5.1 准备 4.5.2 接听\n4.6 回访\n")
    names = {h.name: [a.name for a in h.ancestors()] for h in manual.headings}
    assert names["一、问候语"] == ["标题", "五、电话用语"]
    assert names["2、请讲"] == ["标题", "五、电话用语", "一、问候语"]
    assert names["二、无法听清"] == ["标题", "五、电话用语"]
    assert names["声调"][-1] == "1、免提"
    assert names["4.5.2 接听"][-1] == "4.5 处理" and names["4.6 回访"][-1] == "六、结束语"


def test_manual_locate_names_what_it_cannot_find():
    manual = Manual("m", MANUAL)
    place = manual.locate("第二篇 第一章 对外礼仪 第一节 电话礼仪 2.接电话")
    assert place.heading.name == "2.接电话" and not place.missing
    assert manual.locate("第二篇 第一章 第一节 1、2").headings[0].name == "1.打电话"
    assert manual.locate("第二篇 第一章 第一节 7").missing == ("7",)
    assert manual.find_quote("铃响三声之内 必须接听") is not None and manual.find_quote("铃响五声") is None
    assert {h.title for h in manual.parts().values()} == {"甲类服务规范", "乙类礼仪规范[试行稿]"}


def test_manual_lettered_items_ranges_and_exact_titles():
    manual = Manual("m", "一、电话服务规范\n1、接听来电\nA、及时接听。\nB、报出名称。\nC、耐心询问。\nD、认真记录。\n"
                         "经管架构和工作职责\n经管架构\n客户经理设立三类。\n")
    place = manual.locate("一、电话服务规范 1、接听来电 A、C–D")
    assert [h.name for h in place.headings] == ["A、及时接听", "C、耐心询问", "D、认真记录"] and not place.missing
    assert manual.locate("经管架构").heading.line == 8  # the heading of that title, not the one it begins


def test_slide_deck_running_heads_and_page_numbers():
    pages = [f"{n}、正文第{n}页的内容。 {1 + (n - 1) // 4}、第{1 + (n - 1) // 4}章 {1 + (n - 1) // 4}.{(n - 1) % 4 + 1}.第{n}节n要点"
             for n in range(1, 13)]
    manual = Manual("slides", "\n".join(pages))
    top = [h.name for h in manual.root.children]
    assert top == ["1、第1章", "2、第2章", "3、第3章"]
    assert [h.name for h in manual.root.children[1].children] == ["2.1. 第5节", "2.2. 第6节", "2.3. 第7节", "2.4. 第8节"]


def test_cn_numbers():
    assert [cn_number(x) for x in ("五", "十二", "二十", "三百零五", "12", "半")] == [5, 12, 20, 305, 12, None]


def test_every_bundled_citation_resolves_but_three_that_name_missing_items():
    """On the copy of today's banks: what the manual reader makes of 374 real citations."""
    manuals = read_manuals(MANUALS)
    library = load_paths([COPY]).library
    missing = {}
    for bank in library.banks:
        for rule in bank.rules:
            source_id, _, section = rule.source.partition(" ")
            place = manuals[source_id].locate(section)
            if place.missing:
                missing[rule.id] = place.missing
    assert sum(len(b.rules) for b in library.banks) == 374
    # 第三篇 五 一、问候语 has no numbered item 4 and 二、无法听清 no item 5 in the manual text.
    assert missing == {"silent-call-003": ("4",), "silent-003": ("4",), "dialect-003": ("5",)}


# -- coverage -----------------------------------------------------------------------------------------
def test_coverage_counts_rules_and_questions_per_heading(tmp_path, manuals):
    bank = sourced_bank(tmp_path, {"text": "规则"})
    rows = {(r.source, r.heading): r for r in lint(bank, manuals=manuals, coverage=True).coverage}
    assert (rows["m1", "2.接电话"].rules, rows["m1", "2.接电话"].questions) == (1, 1)
    assert rows["m1", "第二篇 乙类礼仪规范[试行稿]"].rules == 1
    assert rows["m1", "1.打电话"].rules == 0 and rows["m1", "第二节 电梯礼仪"].rules == 0
    assert ("m1", "1.乘电梯时") not in rows  # under an uncited heading: shown once, at the top
    assert rows["m1", "m1"].cited == 4 and rows["m1", "m1"].headings == len(Manual("m1", MANUAL).headings)


def test_coverage_of_the_bundled_banks(run):
    """The map of today's bundled banks: every manual listed, every cited rule counted once under its manual."""
    from etiquette_quiz.banks import bundled_banks_dir

    result = run("--lang", "en", "bank", "lint", str(bundled_banks_dir()), "--sources", str(MANUALS), "--coverage",
                 "--format", "json")
    rows = json.loads(result.output)["coverage"]
    manuals = [row for row in rows if row["depth"] == 0]
    assert [row["source"] for row in manuals] == sorted(p.stem for p in MANUALS.glob("*.txt"))
    library = load_paths([bundled_banks_dir()]).library
    texts = read_manuals(MANUALS)
    cited = Counter(source for bank in library.banks for rule in bank.rules if rule.source
                    for source, _, section in [rule.source.partition(" ")]
                    if source in texts and texts[source].locate(section).heading.parent is not None)
    for row in manuals:
        assert row["rules"] == cited[row["source"]] and row["questions"] > 0
        assert 0 < row["cited"] <= row["headings"]


# -- the command line ----------------------------------------------------------------------------------
def test_cli_exit_status_strict_and_json(run, tmp_path):
    warnings_only = write_bank(tmp_path / "w", [{"id": "q", "type": "order", "prompt": "?", "steps": ["甲", "乙", "丙"]}])
    result = run("--lang", "en", "bank", "lint", str(warnings_only))
    assert result.exit_code == 0
    assert f"t.yaml:{line_of(warnings_only, 'steps:') + 1}:" in result.output
    assert "warning [order-few-steps]: only 3 steps" in result.output and "0 errors and 1 warning" in result.output
    strict = run("--lang", "en", "bank", "lint", "--strict", str(warnings_only))
    assert strict.exit_code == 1 and "Failing because of --strict" in strict.output
    as_json = run("bank", "lint", "--format", "json", "--lang", "zh-CN", str(warnings_only))
    payload = json.loads(as_json.output)
    assert payload["ok"] and payload["counts"] == {"order-few-steps": 1}
    (finding,) = payload["findings"]
    assert finding["code"] == "order-few-steps" and finding["question"] == "q" and "只有 3 个步骤" in finding["evidence"]
    assert finding["line"] == line_of(warnings_only, "steps:") + 1 and finding["fix"]  # the first step


def test_cli_fails_on_errors_and_speaks_chinese(run, tmp_path):
    forbids = {**SCRIPT, "id": "a", "must": ["您好"], "never": ["不知道"], "model": "您好"}
    needs = {**SCRIPT, "id": "b", "must": ["不知道"], "model": "不知道"}
    bank = write_bank(tmp_path, [forbids, needs])
    result = run("bank", "lint", "--lang", "zh-CN", str(bank))
    assert result.exit_code == 1
    assert "错误 [phrase-conflict]" in result.output and "1 个错误" in result.output


def test_cli_coverage_map(run, tmp_path, manuals):
    bank = sourced_bank(tmp_path, {"text": "规则"})
    result = run("--lang", "en", "bank", "lint", "--sources", str(manuals), "--coverage", str(bank))
    lines = result.output.splitlines()
    assert f"m1 《Standards》: 4 of {len(Manual('m1', MANUAL).headings)} headings cited" in lines
    assert any(line.startswith("        2.接电话") and line.rstrip().endswith("1 · 1     :7") for line in lines)
    assert any(line.startswith("      第二节 电梯礼仪") and "—" in line for line in lines)


def test_cli_usage_errors(run, tmp_path):
    bank = write_bank(tmp_path, [single("q", "?", "对", ["错"])])
    no_sources = run("--lang", "en", "bank", "lint", "--coverage", str(bank))
    assert no_sources.exit_code == ExitCode.USAGE and "--coverage needs --sources DIR" in no_sources.output
    empty = run("--lang", "en", "bank", "lint", "--sources", str(tmp_path / "nowhere"), str(bank))
    assert empty.exit_code == ExitCode.USAGE and "holds no manuals" in empty.output
    bad_lang = run("bank", "lint", "--lang", "fr", str(bank))
    assert bad_lang.exit_code == ExitCode.USAGE


# -- the quote in practice feedback -------------------------------------------------------------------
@pytest.mark.parametrize(("lang", "expected"), [
    ("zh-CN", ["出处：规范汇编 · 第二篇 第一章 第一节 电话礼仪 2.接电话", "      “电话铃响三声之内必须接听电话”"]),
    ("en", ["Source: Standards · 第二篇 第一章 第一节 电话礼仪 2.接电话",
            "        “The phone must be answered within three rings” (电话铃响三声之内必须接听电话)"]),
])
def test_feedback_shows_the_quote_under_source(tmp_path, lang, expected):
    from rich.console import Console

    from etiquette_quiz.grading import grade
    from etiquette_quiz.ui.render import feedback

    bank = sourced_bank(tmp_path, {"text": {"zh-CN": "三声之内接听", "en": "Answer within three rings"},
                                   "quote": {"zh-CN": "电话铃响三声之内必须接听电话",
                                             "en": "The phone must be answered within three rings"}})
    library = load_paths([bank]).library
    question = library.question("t/q")
    out = io.StringIO()
    feedback(Console(width=100, file=out, color_system=None), question, {"order": ["c0", "w0"]}, "w0",
             grade(question, "w0"), lang, lang, library)
    shown = [line.rstrip()[2:] for line in out.getvalue().splitlines()]
    assert shown[-3:-1] == expected


# -- the flaws the content audit listed, on a copy of the banks as they were ---------------------------
@pytest.fixture(scope="module")
def before():
    """bank lint --sources manuals --coverage on the copy of the bundled banks at c32f173."""
    return lint_loaded(load_paths([COPY]), read_manuals(MANUALS), with_coverage=True)


def findings_on(report, code: str, question: str | None = None, **args) -> list[Finding]:
    return [f for f in report.findings if f.code == code and (question is None or f.args.get("question") == question)
            and all(f.args.get(k) == v for k, v in args.items())]


def test_before_truefalse_70_false_to_14_true(before):
    totals = [before.figures[b]["truefalse"] for b in before.figures]
    assert sum(t["true"] for t in totals) == 14 and sum(t["false"] for t in totals) == 70
    flagged = {f.args["bank"]: (f.args["true"], f.args["false"]) for f in findings_on(before, "truefalse-balance")}
    assert flagged["posture"] == (0, 10) and flagged["phone-scripts"] == (3, 15)
    assert "service-language" not in flagged  # 3 true, 3 false


def test_before_strawman_and_tick_the_negative_ones(before):
    assert findings_on(before, "strawman", "lift-let-out-first", lang="zh-CN")
    assert findings_on(before, "tone-split", "rude-looks")


def test_before_justifications_and_absolutes_only_in_distractors(before):
    for cue in ("cue-justification", "cue-absolute"):
        for lang in LANGS:
            (found,) = findings_on(before, cue, bank="business-cards", lang=lang)
            assert found.args["side"] == "wrong" and found.args["other"] <= 1
    verbatim = findings_on(before, "cue-verbatim", bank="grooming", lang="zh-CN")
    assert verbatim and verbatim[0].args["side"] == "key"  # keys copy the manual, distractors paraphrase


def test_before_stem_cue_profession(before):
    (found,) = findings_on(before, "stem-echo", "address-by-profession")
    assert found.args["words"] == ["律师"]


def test_before_match_and_order_that_solve_themselves(before):
    # situation-action-match pairs share no characters (礼物→谢绝 is an association, not a shared word):
    # what lint can see is the single decoy, which leaves the last pairs to elimination.
    assert findings_on(before, "match-few-decoys", "situation-action-match", count=1)
    assert findings_on(before, "match-echo", "face-parts-match")
    assert findings_on(before, "order-few-steps", "receive-order", count=3)


def test_before_citations_credit_part_five_to_part_ones_title(before):
    found = [f for f in findings_on(before, "title-mismatch", bank="business-cards") if f.args.get("rule") == "card-stock-003"]
    assert found and found[0].args["named"] == "客户服务规范流程"
    assert found[0].args["belongs"] == "第一篇 《客户服务规范流程》" and found[0].args["cited"] == "第五篇 《客户服务礼仪规范》"
    assert not [f for f in findings_on(before, "title-mismatch") if f.args.get("rule") == "first-words-003"]  # cites 第一篇


def test_before_english_number_mismatch(before):
    (found,) = findings_on(before, "number-mismatch", "guide-stairs")
    assert found.args["zh_numbers"] == ["2"] and found.args["other_numbers"] == ["—"]  # 二楼 became "first floor"


def test_before_other_findings(before):
    assert findings_on(before, "key-longest", "colleague-out-visitor-waits", lang="zh-CN")
    assert findings_on(before, "near-duplicate", "slow-script", other="forbidden-phrases/script-too-slow")
    assert {f.args["phrase"] for f in findings_on(before, "phrase-conflict")} == {"speak up", "come again", "什么事"}
    assert findings_on(before, "section-not-found", bank="forbidden-phrases", rule="silent-call-003", parts=["4"])


def test_before_coverage_shows_the_gaps_the_report_lists(before):
    rows = {(r.source[:3], r.heading): r for r in before.coverage}
    assert rows["003", "6.无论是上班或休假时间"].rules == 0  # 电话保持24小时开通
    assert rows["000", "4、尊重客户意愿及风俗习惯"].rules == 0
    assert rows["003", "2.接电话"].rules >= 3 and rows["003", "2.接电话"].questions >= 3


def test_a_finding_is_silenced_on_purpose_with_a_reason(tmp_path):
    path = tmp_path / "quiet.yaml"
    path.write_text(
        "bank: quiet\ntitle: 安静\nlint: {ignore: [strawman], why: 样例}\nrules: [{id: r, text: 规则}]\nquestions:\n"
        "  - {id: three, type: order, rule: r, prompt: 排序, steps: [一, 二, 三], explain: x,\n"
        "     lint: {ignore: [order-few-steps, no-such-check], why: 手册只有三步}}\n"
        "  - {id: other, type: order, rule: r, prompt: 另一个排序, steps: [甲, 乙, 丙], explain: x}\n",
        encoding="utf-8")
    report = lint_loaded(load_paths([path]))
    found = sorted((f.code, f.args.get("question")) for f in report.findings)
    assert found == [("ignore-unknown", "three"), ("ignore-unused", None), ("order-few-steps", "other")]
    assert report.errors == 1


def test_silencing_needs_a_reason(tmp_path):
    path = tmp_path / "why.yaml"
    path.write_text("bank: why\ntitle: t\nrules: [{id: r, text: 规则}]\nquestions:\n"
                    "  - {id: q, type: truefalse, rule: r, prompt: p, answer: true, explain: x,\n"
                    "     lint: {ignore: [number-mismatch]}}\n", encoding="utf-8")
    problems = load_paths([path]).problems
    assert [(p.code, p.args.get("field")) for p in problems] == [("missing-field", "why")]
