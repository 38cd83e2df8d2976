"""Spreadsheets as trainers and other exam systems write them: header aliases, answer spellings, Excel's pitfalls."""

from __future__ import annotations

import datetime as dt

import pytest

from etiquette_quiz.formats.draft import Draft, Origin
from etiquette_quiz.formats.table import Sheet, read_workbook
from etiquette_quiz.model import QuestionType

from .formatsdata import HEADER, import_one, imported_bank, messages, row, write_xlsx

SINGLE = row(题号="ring-count", 题型="单选题", 题干="电话铃响后，最迟应在第几声之内接听？", 选项A="五声", 选项B="三声",
             选项C="十声", 答案="B", 解析="铃响三声之内必须接听。")


def _bank(tmp_path, rows, header=HEADER, name="题目", **sheets):
    path = write_xlsx(tmp_path / "bank.xlsx", {name: [header] + rows, **sheets})
    return imported_bank(import_one(path), tmp_path)


@pytest.mark.parametrize("prompt", ["题目", "试题", "题目内容", "题干（必填）", "Prompt", "question"])
@pytest.mark.parametrize("answer", ["正确答案", "标准答案", "答案\n（必填）", "Answer"])
def test_headers_are_matched_by_name_with_the_usual_aliases(tmp_path, prompt, answer):
    header = ["题型", "选项 A", "选项B", "C", prompt, answer]  # any order, any spacing
    bank = _bank(tmp_path, [["单选题", "五声", "三声", "十声", "最迟第几声接听？", "B"]], header)
    question = bank.questions[0]
    assert question.prompt.get() == "最迟第几声接听？"
    assert [c.text.get() for c in question.body.correct] == ["三声"]
    assert [c.text.get() for c in question.body.wrong] == ["五声", "十声"]


@pytest.mark.parametrize("cell", ["A. 问候语\nB. 今天的天气\nC. 公司名称", "问候语|今天的天气|公司名称",
                                  "A、问候语$;$B、今天的天气$;$C、公司名称"])
def test_options_may_share_one_cell(tmp_path, cell):
    bank = _bank(tmp_path, [["多选题", "问候语应包含哪些内容？", cell, "AC"]], ["题型", "题干", "选项", "答案"])
    body = bank.questions[0].body
    assert [c.text.get() for c in body.correct] == ["问候语", "公司名称"]
    assert [c.text.get() for c in body.wrong] == ["今天的天气"]


@pytest.mark.parametrize("answer", ["ACD", "A,C,D", "A、C、D", "A;C;D", "A；C；D", "a c d", "ＡＣＤ", "Ａ，Ｃ，Ｄ"])
def test_multi_answers_in_every_usual_spelling(tmp_path, answer):
    bank = _bank(tmp_path, [row(题型="多选题", 题干="问候语应包含哪些内容？", 选项A="问候语", 选项B="天气", 选项C="公司名称",
                                选项D="部门名称", 答案=answer)])
    assert [c.text.get() for c in bank.questions[0].body.correct] == ["问候语", "公司名称", "部门名称"]


@pytest.mark.parametrize(("answer", "value"), [("对", True), ("错", False), ("√", True), ("×", False), ("T", True),
                                               ("F", False), ("正确", True), ("错误", False), ("是", True), ("否", False),
                                               (True, True), (False, False), ("TRUE", True), ("false", False)])
def test_true_false_answers(tmp_path, answer, value):
    bank = _bank(tmp_path, [row(题型="判断题", 题干="通话结束时，应等客户先挂断电话。", 答案=answer)])
    assert bank.questions[0].body.answer is value


@pytest.mark.parametrize(("cell", "level"), [("简单", 1), ("中等", 2), ("困难", 3), ("易", 1), ("中", 2), ("难", 3),
                                             (1, 1), (2.0, 2), ("3", 3), ("★★", 2), ("hard", 3)])
def test_difficulty_in_words_or_numbers(tmp_path, cell, level):
    bank = _bank(tmp_path, [SINGLE[:HEADER.index("难度")] + [cell]])
    assert bank.questions[0].difficulty == level


def test_numbers_typed_in_general_cells_keep_their_written_form(tmp_path):
    # Excel stores 3 as the float 3.0, 1001 as 1001.0: a naive str() would make "3.0" the answer.
    bank = _bank(tmp_path, [row(题号=1001, 题型="填空题", 题干="电话铃响___声之内必须接听。", 答案=3, 分值=2.0),
                            row(题型="单选题", 题干="几声？", 选项A=3, 选项B=5.5, 答案="A")])
    fill = bank.questions[0]
    assert (fill.id, fill.body.blanks[0].get(), fill.points) == ("1001", ("3",), 2.0)
    assert [c.text.get() for c in bank.questions[1].body.correct + bank.questions[1].body.wrong] == ["3", "5.5"]


def test_boolean_cells_read_as_what_the_trainer_typed(tmp_path):
    bank = _bank(tmp_path, [row(题型="单选题", 题干="哪一项写法正确？", 选项A=True, 选项B="对", 答案="A"),
                            row(题型="判断题", 题干="客户先挂机。", 答案=True)])
    assert bank.questions[0].body.correct[0].text.get() == "TRUE"
    assert bank.questions[1].body.answer is True


def test_a_date_is_reported_where_excel_made_it(tmp_path):
    # Typing 3-5 in a General cell gives 5 March; the trainer meant the text "3-5".
    path = write_xlsx(tmp_path / "bank.xlsx", {"题目": [HEADER, SINGLE, row(题型="填空题", 题干="投诉须在___个工作日内回复。",
                                                                             答案=dt.datetime(2026, 3, 5))]})
    report = import_one(path)
    assert report.yaml_text is None
    assert messages(report, severity="error") == [
        "bank.xlsx:题目!I3: 此单元格被 Excel 识别成了日期（2026-03-05） — 请把该列设为“文本”格式后重新输入"]


def test_a_formula_without_a_saved_result_is_reported(tmp_path):
    # openpyxl (like most scripts) saves formulas without their results; calamine would read an empty cell.
    path = write_xlsx(tmp_path / "bank.xlsx", {"题目": [HEADER, SINGLE, row(题型="单选题", 题干="几声？", 选项A="=\"三\"&\"声\"",
                                                                             选项B="五声", 答案="A")]})
    report = import_one(path)
    assert messages(report, "en", severity="error") == [
        "bank.xlsx:题目!E3: the cell holds a formula whose result was never saved — open and save the file in Excel or "
        "WPS, or type the text"]


def test_merged_cells_apply_to_every_row_they_cover(tmp_path):
    rows = [row(题型="判断题", 题干=f"第{n}条说法。", 答案="对") for n in range(3)]
    path = write_xlsx(tmp_path / "bank.xlsx", {"题目": [HEADER] + rows}, merges={"题目": ["B2:B4"]})
    bank = imported_bank(import_one(path), tmp_path)
    assert [q.type for q in bank.questions] == [QuestionType.TRUEFALSE] * 3


def test_trailing_and_separating_blank_rows_are_not_questions(tmp_path):
    blank = [None] * len(HEADER)
    spaces = [" "] * len(HEADER)
    bank = _bank(tmp_path, [SINGLE, blank, spaces, row(题型="判断题", 题干="客户先挂机。", 答案="对")] + [blank] * 50)
    assert len(bank.questions) == 2


def test_the_trainer_is_told_which_cell_to_fix(tmp_path):
    header = ["题号", "题型", "题干", "情景", "选项A", "选项B", "选项C", "选项D", "选项E", "选项F", "答案"]
    good = ["q", "单选题", "最迟第几声接听？", None, "五声", "三声", None, None, None, None, "B"]
    rows = [[f"q{n}"] + good[1:] for n in range(5)]
    rows.append(["greeting", "多选题", "问候语应包含哪些内容？", None, "问候语", "天气", "公司名称", "部门名称", None, None, "AE"])
    report = import_one(write_xlsx(tmp_path / "bank.xlsx", {"题目": [header] + rows}))
    assert messages(report, severity="error") == ["bank.xlsx:题目!K7: 多选题答案“AE”中的E没有对应选项 — 在选项E列填写内容或修改答案"]
    assert report.yaml_text is None  # a sheet with a bad row imports nothing until it is fixed


def test_every_problem_is_reported_not_only_the_first(tmp_path):
    rows = [SINGLE,
            row(题型="单选题", 题干="几声？", 选项A="三声", 选项B="五声", 答案="AB"),
            row(题型="判断题", 题干="客户先挂机。", 答案="也许"),
            row(题型="问答题", 题干="怎么说？", 答案="您好"),
            row(题型="单选题", 题干="几声？", 选项A="三声", 选项B="五声", 答案="A", 难度="很难"),
            row(题型="排序题", 题干="步骤？", 选项A="一", 选项B="二", 选项C="三", 答案="ABD")]
    report = import_one(write_xlsx(tmp_path / "bank.xlsx", {"题目": [HEADER] + rows}))
    assert [(str(p.origin), p.code) for p in report.errors] == [
        ("bank.xlsx:题目!I3", "import-single-several"),
        ("bank.xlsx:题目!I4", "import-bad-truefalse"),
        ("bank.xlsx:题目!I5", "import-essay-no-must"),
        ("bank.xlsx:题目!K6", "import-bad-difficulty"),
        ("bank.xlsx:题目!I7", "import-order-answer"),
    ]


def test_skip_bad_imports_the_good_rows_and_names_the_bad(tmp_path):
    rows = [SINGLE, row(题号="bad-one", 题型="单选题", 题干="几声？", 选项A="三声", 答案="C"),
            row(题型="判断题", 题干="客户先挂机。", 答案="对")]
    report = import_one(write_xlsx(tmp_path / "bank.xlsx", {"题目": [HEADER] + rows}), skip_bad=True)
    assert [q.label for q in report.skipped] == ["bank.xlsx:题目!A3 (bad-one)"]
    assert [q.id for q in imported_bank(report, tmp_path).questions][0] == "ring-count"
    assert report.written == 2


def test_problems_the_validator_finds_are_traced_to_their_cells(tmp_path):
    rows = [SINGLE,
            row(题号="dup", 题型="单选题", 题干="几声？", 选项A="三声", 选项B="五声", 选项C="三声", 答案="A"),
            row(题号="blanks", 题型="填空题", 题干="铃响___声之内接听，超过要___。", 答案="三"),
            row(题号="Bad Id", 题型="判断题", 题干="客户先挂机。", 答案="对")]
    report = import_one(write_xlsx(tmp_path / "bank.xlsx", {"题目": [HEADER] + rows}))
    located = [(str(p.origin), p.code, p.yaml_at is not None) for p in report.errors]
    assert located == [
        ("bank.xlsx:题目!G3", "correct-in-wrong", True),  # 选项C repeats the right answer
        ("bank.xlsx:题目!C4", "blank-count", True),  # two ___ in 题干, one answer
        ("bank.xlsx:题目!A5", "bad-id", True),
    ]


def test_rules_come_from_the_rules_sheet_or_from_words_in_the_row(tmp_path):
    rules = [["规则ID", "规则内容", "出处"], ["ring-three", "电话铃响三声之内必须接听。", "s003 第五篇"]]
    bank = _bank(tmp_path, [SINGLE[:HEADER.index("规则")] + ["ring-three"],
                            row(题型="判断题", 题干="客户先挂机。", 答案="对", 规则="通话结束时，让客户先挂机。"),
                            row(题型="判断题", 题干="先挂机的应是客户。", 答案="对", 规则="通话结束时，让客户先挂机。")],
                 规则=rules)
    assert bank.questions[0].rules == ("ring-three",)
    made = bank.questions[1].rules[0]
    assert made.startswith("r-") and bank.questions[2].rules == (made,)
    assert bank.rule(made).text.get() == "通话结束时，让客户先挂机。"
    assert bank.rule("ring-three").source == "s003 第五篇"


def test_an_unknown_rule_id_is_reported_with_a_suggestion(tmp_path):
    rules = [["规则ID", "规则内容"], ["ring-three", "电话铃响三声之内必须接听。"]]
    path = write_xlsx(tmp_path / "bank.xlsx", {"题目": [HEADER, SINGLE[:-1] + ["ring-tree"]], "规则": rules})
    assert messages(import_one(path), severity="error") == [
        "bank.xlsx:题目!N2: 没有编号为“ring-tree”的规则 — 您是不是想写 `ring-three`？"]


def test_translation_columns(tmp_path):
    header = ["题型", "题干", "题干[en]", "选项A", "选项B", "选项A[en]", "选项B[en]", "答案", "解析[EN]"]
    bank = _bank(tmp_path, [["单选题", "最迟第几声接听？", "By which ring?", "三声", "五声", "The third", "The fifth", "A",
                             "Within three rings."]], header)
    question = bank.questions[0]
    assert question.prompt.values == (("zh-CN", "最迟第几声接听？"), ("en", "By which ring?"))
    assert question.body.correct[0].text.get("en") == "The third"
    assert question.explain.values == (("en", "Within three rings."),) or question.explain.get("en") == "Within three rings."


def test_bank_details_from_the_bank_sheet(tmp_path):
    info = [["题库ID", "标题", "语言", "版本", "说明", "标题[en]"], ["phone-basics", "电话礼仪基础", "zh-CN", 3, "接听与等待", "Phone basics"]]
    bank = _bank(tmp_path, [SINGLE], 题库信息=info)
    assert (bank.id, bank.version, bank.description.get()) == ("phone-basics", 3, "接听与等待")
    assert bank.title.values == (("zh-CN", "电话礼仪基础"), ("en", "Phone basics"))


def test_ids_made_for_rows_without_them_are_stable(tmp_path):
    rows = [row(题型="判断题", 题干=f"第{n}条说法。", 答案="对") for n in range(4)]
    first = _bank(tmp_path, rows)
    again = _bank(tmp_path, list(reversed(rows)) + [row(题型="判断题", 题干="新加的一条。", 答案="错")])
    ids = {q.prompt.get(): q.id for q in first.questions}
    assert all(ids[q.prompt.get()] == q.id for q in again.questions if q.prompt.get() in ids)
    assert all(q.id.startswith("q-") for q in again.questions)
    edited = _bank(tmp_path, [row(题型="判断题", 题干="第0条说法（改）。", 答案="对")] + rows[1:])
    assert edited.questions[0].id != ids["第0条说法。"]  # why the export writes ids back


def test_one_sheet_per_type_and_type_codes_in_the_header(tmp_path):
    singles = [["题目（必填）", "选项A（必填）", "选项B（必填）", "正确选项（必填）"], ["最迟第几声接听？", "三声", "五声", "A"]]
    coded = [["题型（0单选，1判断，2多选）", "题干", "选项A", "选项B", "选项C", "答案"], [1, "客户先挂机。", None, None, None, "对"],
             [2, "问候语包含？", "问候语", "公司名称", "天气", "AB"]]
    path = write_xlsx(tmp_path / "bank.xlsx", {"单选题": singles, "Sheet2": coded})
    bank = imported_bank(import_one(path), tmp_path)
    assert [q.type.value for q in bank.questions] == ["single", "truefalse", "multi"]


def test_an_empty_sheet_says_so(tmp_path):
    report = import_one(write_xlsx(tmp_path / "bank.xlsx", {"题目": [HEADER]}))
    assert messages(report, "en") == ["bank.xlsx: no questions found — fill in the question sheet (one row per question) "
                                      "and import again"]


def test_unknown_columns_are_named_not_silently_dropped(tmp_path):
    report = import_one(write_xlsx(tmp_path / "bank.xlsx", {"题目": [HEADER + ["出题人"], SINGLE + ["王老师"]]}))
    assert messages(report, severity="warning")[0] == "bank.xlsx:题目!O1: 无法识别的列“出题人”，已忽略 — 如果这一列有题目内容，请改用模板中的列名（见“说明”表）"


def test_template_examples_import_cleanly():
    """The 说明 sheet's example of each type is itself a valid question (both header languages)."""
    from etiquette_quiz.formats.template import example_rows

    for lang in ("zh-CN", "en"):
        header, examples = example_rows(lang)
        draft = Draft("guide", Origin("guide"))
        read_workbook(draft, [Sheet("guide", "题目", [header] + examples)], "guide")
        assert not draft.problems
        assert [q.data["type"] for q in draft.questions] == ["single", "multi", "truefalse", "order", "fill", "script",
                                                             "match"]


@pytest.mark.parametrize("encoding", ["utf-8-sig", "utf-8", "gb18030"])
def test_csv_in_every_encoding_chinese_excel_saves(tmp_path, encoding):
    text = "题型,题干,选项A,选项B,答案\r\n单选题,最迟第几声接听？,三声,五声,A\r\n判断题,客户先挂机。,,,√\r\n"
    path = tmp_path / "bank.csv"
    path.write_bytes(text.encode(encoding))
    bank = imported_bank(import_one(path), tmp_path)
    assert [q.prompt.get() for q in bank.questions] == ["最迟第几声接听？", "客户先挂机。"]


def test_csv_separated_by_tabs_or_semicolons(tmp_path):
    path = tmp_path / "bank.csv"
    path.write_text("题型;题干;答案\n判断题;客户先挂机。;对\n", encoding="utf-8")
    assert imported_bank(import_one(path), tmp_path).questions[0].body.answer is True


def test_csv_problems_name_the_cell_excel_shows(tmp_path):
    path = tmp_path / "bank.csv"
    path.write_text("题型,题干,选项A,答案\n判断题,\"客户\n先挂机。\",,也许\n", encoding="utf-8")  # a quoted line break
    assert [str(p.origin) for p in import_one(path).errors] == ["bank.csv:D2"]


def test_every_question_type_has_a_row_builder_a_layout_and_a_moodle_writer():
    from etiquette_quiz.formats.moodle import MOODLE_KINDS, MOODLE_WRITERS
    from etiquette_quiz.formats.rows import BODY_BUILDERS
    from etiquette_quiz.formats.table import BODY_CELLS

    every = set(QuestionType)
    assert {QuestionType(t) for t in BODY_BUILDERS} == every
    assert set(BODY_CELLS) == set(MOODLE_KINDS) == set(MOODLE_WRITERS) == every


@pytest.mark.parametrize("module", ["etiquette_quiz.formats.importing", "etiquette_quiz.formats.exporting",
                                    "etiquette_quiz.formats.template"])
def test_the_formats_core_loads_no_terminal_or_heavy_library(module):
    """Like the rest of the core: no terminal library, and the spreadsheet/Word/XML ones only when used."""
    import subprocess
    import sys

    heavy = ("rich", "questionary", "typer", "prompt_toolkit", "click", "openpyxl", "python_calamine", "docx", "lxml")
    code = f"import sys, {module}; print(sorted({{m.split('.')[0] for m in sys.modules}} & set({heavy!r})))"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout
    assert out.strip() == "[]", f"{module} pulls in {out.strip()}"
