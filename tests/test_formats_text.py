"""Pasted text, Markdown, Word, Aiken, GIFT and Moodle XML, each on hand-written files of its conventions."""

from __future__ import annotations

import shutil

import pytest

from etiquette_quiz.banks import load_paths
from etiquette_quiz.formats.exporting import export_bank
from etiquette_quiz.formats.importing import detect_format
from etiquette_quiz.model import QuestionType

from .formatsdata import FORMATS, import_one, imported_bank, messages, words


def _import(tmp_path, name, skip_bad=False):
    path = tmp_path / name
    shutil.copy(FORMATS / name, path)
    return import_one(path, skip_bad=skip_bad)


def test_pasted_text_in_the_numbered_convention(tmp_path):
    bank = imported_bank(_import(tmp_path, "pasted.txt"), tmp_path)
    got = {q.prompt.get(): q for q in bank.questions}
    assert [q.type.value for q in bank.questions] == [
        "single", "single", "multi", "truefalse", "truefalse", "fill", "order", "script", "match"]
    first = got["电话铃响后，最迟应在第几声之内接听？"]
    assert words(first, "zh-CN")["correct"] == [("三声", None)]  # 'A. 五声    B. 三声    C. 十声' on one line
    assert first.explain.get() == "铃响三声之内必须接听；\n超过三声，接起后先致歉。"
    inline = bank.questions[1]  # 'What comes first?（ A ）': the answer in the prompt's brackets
    assert inline.prompt.get() == "接听电话时，第一句话应当说什么？（ ）"
    assert inline.body.correct[0].text.get() == "您好，这里是客服中心"
    assert [c.text.get() for c in bank.questions[2].body.correct] == ["问候语", "公司名称", "部门名称"]  # 【答案】A、C、D
    assert [q.body.answer for q in bank.questions[3:5]] == [True, False]  # 答案：对 / （×）
    fill = bank.questions[5]
    assert (fill.body.blanks[0].get(), fill.difficulty, fill.tags) == (("三", "3"), 1, ("接听",))
    assert [s.get() for s in bank.questions[6].body.steps] == ["铃响三声之内拿起话筒", "问候并报出公司名称", "询问客户需求"]
    script = bank.questions[7]
    assert script.scenario.get() == "客户来电询问订单进度，你需要查询系统。"
    assert [g.get() for g in script.body.must] == [("请稍等", "请您稍等"), ("谢谢",)]
    assert [f.phrase.get() for f in script.body.never] == [("等着",), ("我也没办法",)]
    match = bank.questions[8]
    assert match.id == "polite-match" and [d.get() for d in match.body.decoys] == ["恭喜"]


def test_markdown_with_headings_lists_and_bold(tmp_path):
    bank = imported_bank(_import(tmp_path, "bank.md"), tmp_path)
    assert (bank.id, bank.title.get()) == ("phone-quiz", "电话礼仪小测")
    assert [q.type for q in bank.questions] == [QuestionType.SINGLE, QuestionType.TRUEFALSE, QuestionType.FILL]
    assert bank.questions[0].prompt.get() == "电话铃响后，最迟应在第几声之内接听？"
    assert [b.get() for b in bank.questions[2].body.blanks] == [("企业", "公司"), ("部门",)]


def test_word_documents_with_automatic_numbering(tmp_path):
    import docx

    document = docx.Document()
    document.add_paragraph("题库ID：phone-word")
    document.add_paragraph("一、单选题")
    document.add_paragraph("电话铃响后，最迟应在第几声之内接听？", style="List Number")  # Word numbers it: no "1、"
    for option in ("A. 五声", "B. 三声", "C. 十声"):
        document.add_paragraph(option)
    document.add_paragraph("答案：B")
    document.add_paragraph("二、判断题")
    document.add_paragraph("通话结束时，应等客户先挂断电话。（√）", style="List Number")
    table = document.add_table(rows=1, cols=1)
    table.cell(0, 0).text = "3、电话铃响___声之内必须接听。"
    document.add_paragraph("答案：三")
    document.add_paragraph("题型：填空题")
    path = tmp_path / "bank.docx"
    document.save(path)
    bank = imported_bank(import_one(path), tmp_path)
    assert bank.id == "phone-word"
    assert [q.type.value for q in bank.questions] == ["single", "truefalse", "fill"]
    assert bank.questions[0].body.correct[0].text.get() == "三声"


def test_word_problems_name_the_paragraph(tmp_path):
    import docx

    document = docx.Document()
    document.add_paragraph("1、电话铃响后，最迟应在第几声之内接听？")
    document.add_paragraph("A. 五声")
    document.add_paragraph("答案：C")
    path = tmp_path / "bank.docx"
    document.save(path)
    assert messages(import_one(path), "en") == [
        "bank.docx:3: the single-choice answer “C” names C, but option C is empty — fill in option C or correct the answer"]


def test_aiken(tmp_path):
    report = _import(tmp_path, "aiken.txt", skip_bad=True)
    assert messages(report, "en", severity="error") == [
        "aiken.txt:12: this question has no ANSWER: line — end the question with a line such as ANSWER: B"]
    bank = imported_bank(report, tmp_path)
    assert [q.body.correct[0].text.get() for q in bank.questions] == ["三声", '"One moment, please."']
    assert [q.body.wrong[0].text.get() for q in bank.questions] == ["五声", '"Hold on."']


def test_gift_as_moodle_reads_it(tmp_path):
    report = _import(tmp_path, "bank.gift")
    bank = imported_bank(report, tmp_path)
    assert bank.title.get() == "电话礼仪基础"
    got = {q.id: q for q in bank.questions}
    assert list(got) == ["ring-count", "greeting-parts", "hang-up-last", "ring-fill", "time-call-back", "polite-words",
                         "escape-test", "steps"]
    ring = got["ring-count"]
    assert (ring.tags, ring.explain.get(), ring.body.wrong[0].feedback.get()) == (
        ("接听",), "铃响三声之内必须接听。", "超过三声接起，要先致歉。")
    assert got["greeting-parts"].type is QuestionType.MULTI  # weights, no '='
    assert got["hang-up-last"].body.answer is True
    assert got["ring-fill"].prompt.get() == "电话铃响___声之内必须接听。"  # the missing-word form
    assert got["ring-fill"].body.blanks[0].get() == ("三", "3")
    assert got["time-call-back"].prompt.get() == "回电承诺的时限是多少小时？___"
    assert [d.get() for d in got["polite-words"].body.decoys] == ["恭喜"]
    escaped = got["escape-test"]
    assert escaped.prompt.get() == "客户说: “1=1 吗？” 应回答: {正确}"  # [html], \: \= \{ \}
    assert escaped.body.correct[0].text.get() == "是的#确实"
    assert [s.get() for s in got["steps"].body.steps] == ["铃响三声之内拿起话筒", "问候并报出公司名称", "询问客户需求"]
    assert [(str(p.origin), p.code) for p in report.problems if p.code.startswith("import-")] == [
        ("bank.gift:20", "import-gift-feedback-lost")]


def test_gift_problems_are_located_by_line(tmp_path):
    report = _import(tmp_path, "problems.gift")
    assert [(str(p.origin), p.severity, p.code) for p in report.problems if p.code.startswith("import-")] == [
        ("problems.gift:4", "error", "import-gift-essay"),
        ("problems.gift:6", "error", "import-gift-numerical"),
        ("problems.gift:8", "warning", "import-gift-description"),
        ("problems.gift:10", "error", "import-gift-single-several"),
        ("problems.gift:12", "error", "import-gift-braces"),
    ]
    assert report.yaml_text is None
    skipped = _import(tmp_path, "problems.gift", skip_bad=True)
    assert [q.label for q in skipped.skipped] == ["problems.gift:4 (essay)", "problems.gift:6 (number)",
                                                 "problems.gift:10 (two-right)", "problems.gift:12 (broken)"]
    assert [q.id for q in imported_bank(skipped, tmp_path).questions] == ["ok"]


def test_moodle_xml_every_type(tmp_path):
    report = _import(tmp_path, "moodle.xml")
    bank = imported_bank(report, tmp_path)
    assert (bank.id, bank.title.get(), bank.description.get()) == (
        "phone-moodle", "Phone etiquette", "Answering and holding calls.")
    got = {q.id: q for q in bank.questions}
    ring = got["ring-count"]  # multi-language spans, zh_cn -> zh-CN
    assert ring.prompt.get("en") == "By which ring must you answer?" and ring.prompt.get("zh-CN").startswith("电话铃响")
    assert (ring.points, ring.tags, ring.body.wrong[0].feedback.get("zh-CN")) == (2.0, ("answering",), "太晚了。")
    assert got["greeting-parts"].type is QuestionType.MULTI
    assert got["ring-fill"].body.blanks[0].get() == ("three", "3")  # the 50% answer is not accepted
    assert [d.get() for d in got["polite-words"].body.decoys] == ["Congratulations"]
    steps = got["steps"]
    assert [s.get() for s in steps.body.steps] == ["Pick up within three rings", "Greet the caller", "Ask what they need"]
    assert steps.body.scoring.value == "all-or-nothing"
    cloze = got["open-fill"]
    assert cloze.prompt.get() == "Give the ___ name and your ___."
    assert [b.get() for b in cloze.body.blanks] == [("company", "business"), ("department",)]
    warned = {(str(p.origin), p.code) for p in report.problems if p.severity == "warning"}
    assert {("moodle.xml:70", "import-gift-description"), ("moodle.xml:24", "import-gift-weights"),
            ("moodle.xml:41", "import-gift-partial"), ("moodle.xml:65", "import-gift-partial")} <= warned


def test_moodle_xml_problems(tmp_path):
    report = _import(tmp_path, "moodle-problems.xml")
    assert [(str(p.origin), p.code) for p in report.errors] == [
        ("moodle-problems.xml:3", "import-gift-essay"), ("moodle-problems.xml:8", "import-moodle-type")]


def test_moodle_xml_is_read_without_entities_or_network(tmp_path):
    path = tmp_path / "evil.xml"
    path.write_text('<?xml version="1.0"?><!DOCTYPE quiz [<!ENTITY x SYSTEM "file:///etc/passwd">]>'
                    '<quiz><question type="truefalse"><name><text>t</text></name><questiontext format="html">'
                    '<text>&x;</text></questiontext><answer fraction="100"><text>true</text></answer>'
                    '<answer fraction="0"><text>false</text></answer></question></quiz>', encoding="utf-8")
    report = import_one(path)
    assert "root:" not in (report.yaml_text or "")


def test_a_script_goes_to_moodle_as_an_essay_and_comes_back(tmp_path):
    bank = next(b for b in load_paths([FORMATS.parent]).library.banks if any(
        q.type is QuestionType.SCRIPT for q in b.questions))
    path = tmp_path / "bank.xml"
    export_bank(bank, "moodle-xml", str(path), "en")
    text = path.read_text(encoding="utf-8")
    assert '<question type="essay">' in text and "etq-must" in text
    back = imported_bank(import_one(path), tmp_path)
    for question in bank.questions:
        if question.type is QuestionType.SCRIPT:
            assert next(q for q in back.questions if q.id == question.id).body == question.body


def test_moodle_grades_are_the_nearest_allowed_with_a_warning(tmp_path):
    (tmp_path / "banks").mkdir()
    correct = ", ".join(f"对{n}" for n in range(11))
    (tmp_path / "banks" / "eleven.yaml").write_text(
        "bank: eleven\ntitle: 十一\nquestions:\n  - id: many\n    type: multi\n    prompt: 哪些对？\n"
        f"    correct: [{correct}]\n    wrong: [错]\n    explain: 十一个都对。\n", encoding="utf-8")
    [bank] = load_paths([tmp_path / "banks"]).library.banks
    exported = export_bank(bank, "moodle-xml", str(tmp_path / "eleven.xml"), "en")
    assert [(loss.question, loss.what) for loss in exported.losses] == [("many", ("fraction",))]
    text = (tmp_path / "eleven.xml").read_text(encoding="utf-8")
    assert text.count('fraction="10"') == 11 and 'fraction="-10"' in text  # 100/11 is not on Moodle's list


@pytest.mark.parametrize(("name", "content", "expected"), [
    ("a.txt", "::q1::电话最迟几声接听？{=三声 ~五声}\n", "gift"),
    ("a.txt", "Which ring?\nA. Third\nB. Fifth\nANSWER: A\n", "aiken"),
    ("a.txt", "1、电话最迟几声接听？\nA. 三声\nB. 五声\n答案：A\n", "text"),
    ("a.gift", "", "gift"), ("a.xml", "", "moodle-xml"), ("a.XLS", "", "xlsx"), ("a.csv", "", "csv"),
])
def test_formats_are_known_by_extension_and_content(tmp_path, name, content, expected):
    path = tmp_path / name
    path.write_text(content, encoding="utf-8")
    assert detect_format(path, content.encode()) == expected
