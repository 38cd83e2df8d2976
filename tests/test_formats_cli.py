"""`bank template`, `bank import` and `bank export` as a trainer runs them."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

from etiquette_quiz.banks import load_paths

from .formatsdata import FORMATS, HEADER, row, write_xlsx

SINGLE = row(题号="ring-count", 题型="单选题", 题干="电话铃响后，最迟应在第几声之内接听？", 选项A="五声", 选项B="三声", 答案="B",
             解析="铃响三声之内必须接听。")
TRUEFALSE = row(题号="hang-up", 题型="判断题", 题干="通话结束时，应等客户先挂断电话。", 答案="对", 解析="客户先挂机。")


@pytest.fixture
def workdir(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    return tmp_path


def test_template_in_chinese(run, workdir):
    from openpyxl import load_workbook

    result = run("--lang", "zh-CN", "bank", "template")
    assert result.exit_code == 0
    assert "题库模板已写入 题库模板.xlsx" in result.stderr
    workbook = load_workbook(workdir / "题库模板.xlsx")
    assert workbook.sheetnames == ["题目", "题库信息", "规则", "出处", "说明"]
    sheet = workbook["题目"]
    header = [c.value for c in sheet[1]]
    assert header[:5] == ["题号", "题型", "题干", "情景", "选项A"] and header[-6:] == ["难度", "分值", "评分方式", "标签", "规则", "选项解析"]
    assert all(c.font.bold for c in sheet[1]) and sheet.freeze_panes == "C2"
    assert sheet["C50"].number_format == "@" and sheet.column_dimensions["C"].number_format == "@"  # "3" stays text
    assert sheet.column_dimensions["C"].width >= 40  # 题干 fits Chinese
    lists = {str(v.sqref).split(":")[0]: v.formula1 for v in sheet.data_validations.dataValidation}
    assert lists["B2"] == '"单选题,多选题,判断题,排序题,填空题,话术题,匹配题"'
    assert lists["Q2"] == '"简单,中等,困难"'
    assert [c.value for c in workbook["说明"]["B"][1:8]] == ["单选题", "多选题", "判断题", "排序题", "填空题", "话术题", "匹配题"]
    assert [c.value for c in workbook["规则"][1]] == ["规则ID", "规则内容", "出处", "原文"]


def test_template_in_english_with_its_own_option(run, workdir):
    from openpyxl import load_workbook

    result = run("--lang", "zh-CN", "bank", "template", "--lang", "en", "--out", "mine.xlsx")
    assert result.exit_code == 0
    workbook = load_workbook(workdir / "mine.xlsx")
    assert workbook.sheetnames == ["Questions", "Bank", "Rules", "Sources", "Guide"]
    assert [c.value for c in workbook["Questions"][1]][:3] == ["ID", "Type", "Prompt"]


def test_template_refuses_a_name_that_is_not_a_workbook(run, workdir):
    result = run("--lang", "en", "bank", "template", "--out", "template.csv")
    assert result.exit_code == 2
    assert result.stderr == "error: --out template.csv: the template is an Excel workbook — give a file name ending in .xlsx.\n"


def test_from_an_excel_sheet_to_a_checked_bank_in_one_command(run, workdir):
    info = [["题库ID", "标题"], ["phone-basics", "电话礼仪基础"]]
    write_xlsx(workdir / "电话礼仪.xlsx", {"题目": [HEADER, SINGLE, TRUEFALSE], "题库信息": info})
    result = run("--lang", "en", "bank", "import", "电话礼仪.xlsx", "--out", "banks")
    assert result.exit_code == 0, result.output
    assert "电话礼仪.xlsx: wrote 2 questions to banks/phone-basics.yaml." in result.stderr
    assert "Next: etiquette-quiz --banks banks practice --bank phone-basics" in result.stderr
    loaded = load_paths([workdir / "banks"])
    assert not loaded.errors and [q.key for q in loaded.library.questions] == ["phone-basics/ring-count",
                                                                               "phone-basics/hang-up"]
    stats = run("--banks", "banks", "bank", "stats", "banks")  # the second command finds it with --banks
    assert stats.exit_code == 0 and "phone-basics" in stats.output


def test_a_bad_row_blocks_the_import_with_every_problem_located(run, workdir):
    bad = row(题型="单选题", 题干="几声？", 选项A="三声", 答案="C")
    worse = row(题型="判断题", 题干="客户先挂机。", 答案="也许")
    write_xlsx(workdir / "bank.xlsx", {"题目": [HEADER, SINGLE, bad, worse]})
    result = run("--lang", "zh-CN", "bank", "import", "bank.xlsx", "--out", "banks")
    assert result.exit_code == 1
    assert "bank.xlsx:题目!I3: 错误: 单选题答案“C”中的C没有对应选项 — 在选项C列填写内容或修改答案" in result.stderr
    assert "bank.xlsx:题目!I4: 错误: “也许”不是判断题答案" in result.stderr
    assert "bank.xlsx：未导入任何题目 — 请先修正以上 2 个错误后重新导入（或加 --skip-bad，先导入没有问题的题目）。" in result.stderr
    assert not (workdir / "banks").exists()


def test_skip_bad_says_exactly_what_it_skipped(run, workdir):
    bad = row(题号="bad-one", 题型="单选题", 题干="几声？", 选项A="三声", 答案="C")
    write_xlsx(workdir / "bank.xlsx", {"题目": [HEADER, SINGLE, bad, TRUEFALSE]})
    result = run("--lang", "en", "bank", "import", "bank.xlsx", "--out", "banks", "--skip-bad")
    assert result.exit_code == 1  # something was wrong, even though the good questions were written
    assert ("skipped bank.xlsx:题目!A3 (bad-one): the single-choice answer “C” names C, but option C is empty"
            in result.stderr)
    assert "bank.xlsx: 1 question with errors was skipped" in result.stderr
    [written] = (workdir / "banks").iterdir()
    assert "bad-one" not in written.read_text(encoding="utf-8")
    assert "hang-up" in written.read_text(encoding="utf-8")


def test_json_output_for_scripts(run, workdir):
    write_xlsx(workdir / "bank.xlsx", {"题目": [HEADER, SINGLE, row(题型="判断题", 题干="客户先挂机。", 答案="也许")]})
    result = run("--lang", "en", "bank", "import", "bank.xlsx", "--out", "banks", "--format", "json")
    assert result.exit_code == 1
    payload = json.loads(result.stdout)
    assert payload["ok"] is False
    [problem] = [p for p in payload["files"][0]["problems"] if p["severity"] == "error"]
    assert {k: problem[k] for k in ("file", "sheet", "cell", "at", "code")} == {
        "file": "bank.xlsx", "sheet": "题目", "cell": "I3", "at": "bank.xlsx:题目!I3", "code": "import-bad-truefalse"}
    assert problem["fix"] == "write TRUE or FALSE (also T/F, yes/no)"


def test_yaml_to_standard_output(run, workdir):
    shutil.copy(FORMATS / "pasted.txt", workdir / "pasted.txt")
    result = run("--lang", "en", "bank", "import", "pasted.txt", "--out", "-")
    assert result.exit_code == 0
    assert result.stdout.startswith("bank: pasted\ntitle: pasted\n")
    assert "id: polite-match" in result.stdout


def test_import_refuses_files_it_cannot_read(run, workdir):
    (workdir / "bank.pdf").write_bytes(b"%PDF")
    result = run("--lang", "en", "bank", "import", "bank.pdf")
    assert result.exit_code == 2  # a wrong argument, as click's own usage errors
    assert result.stderr.startswith("error: bank.pdf: cannot import this kind of file")
    missing = run("--lang", "en", "bank", "import", "nothing.xlsx")
    assert missing.stderr == "error: nothing.xlsx: no such file or folder — check the path and try again.\n"


def test_two_files_with_one_bank_id(run, workdir):
    for name in ("a.xlsx", "b.xlsx"):
        write_xlsx(workdir / name, {"题目": [HEADER, SINGLE], "题库信息": [["题库ID", "标题"], ["same", "同名"]]})
    result = run("--lang", "en", "bank", "import", "a.xlsx", "b.xlsx", "--out", "banks")
    assert result.exit_code == 1
    assert "b.xlsx: error: the bank ID `same` is also the ID of a.xlsx" in result.stderr
    assert [p.name for p in (workdir / "banks").iterdir()] == ["same.yaml"]


@pytest.mark.parametrize(("fmt", "name"), [("xlsx", "phone-scripts.xlsx"), ("csv", "phone-scripts.csv"),
                                           ("gift", "phone-scripts.gift.txt"), ("moodle-xml", "phone-scripts.xml"),
                                           ("aiken", "phone-scripts.aiken.txt"), ("md", "phone-scripts.md")])
def test_export_every_format(run, workdir, fmt, name):
    result = run("--lang", "en", "bank", "export", "phone-scripts", "--format", fmt)
    assert result.exit_code == 0, result.output
    assert (workdir / name).stat().st_size > 1000
    assert f"to {name}." in result.stderr


def test_export_says_once_per_question_what_a_format_cannot_carry(run, workdir):
    result = run("--lang", "en", "bank", "export", "phone-scripts", "--format", "gift", "--out", "phone.gift")
    lines = result.stderr.splitlines()
    assert "phone-scripts: GIFT cannot carry translations." in lines
    assert "phone-scripts/ring-late-script: GIFT cannot carry a separate scenario (put before the prompt), the key " \
           "phrases and forbidden phrases (it becomes an essay, graded by hand)." in lines
    ordering = [line for line in lines if "ordering questions" in line]
    assert ordering and all(line.endswith("left out — GIFT cannot carry ordering questions.") or "left out" in line
                            for line in ordering)
    per_question = [line.split(":")[0] for line in lines if "/" in line.split(":")[0]]
    assert len(per_question) == len(set(per_question))  # never twice for one question


def test_export_a_bank_file_and_the_stdout_rules(run, workdir):
    bank = Path(__file__).parent / "data" / "sample-bank.yaml"
    result = run("--lang", "en", "bank", "export", str(bank), "--format", "md", "--out", "-")
    assert result.exit_code == 0 and result.stdout.startswith("# ")
    many = run("--lang", "en", "bank", "export", "phone-scripts", "grooming", "--format", "gift", "--out", "-")
    assert many.exit_code == 2 and "takes one bank, not 2" in many.stderr
    both = run("--lang", "en", "bank", "export", "phone-scripts", "grooming", "--format", "xlsx", "--out", "out")
    assert both.exit_code == 0
    assert sorted(p.name for p in (workdir / "out").iterdir()) == ["grooming.xlsx", "phone-scripts.xlsx"]


def test_export_of_an_unknown_or_invalid_bank(run, workdir):
    unknown = run("--lang", "en", "bank", "export", "phone-script", "--format", "xlsx")
    assert unknown.exit_code == 2 and unknown.stderr.startswith("error: phone-script: no such bank file")
    (workdir / "broken.yaml").write_text("bank: broken\ntitle: 坏\nquestions: [1]\n", encoding="utf-8")
    broken = run("--lang", "en", "bank", "export", "broken.yaml", "--format", "xlsx")
    assert broken.exit_code == 1
    assert broken.stderr == ("error: broken.yaml has errors and was not exported — run "
                             "`etiquette-quiz bank validate broken.yaml` to see them.\n")


def test_edit_in_excel_and_reimport_keeps_ids(run, workdir):
    """The round trip a trainer makes: export, edit a prompt and add a row, import again."""
    from openpyxl import load_workbook

    assert run("--lang", "en", "bank", "export", "grooming", "--format", "xlsx", "--out", "g.xlsx").exit_code == 0
    workbook = load_workbook(workdir / "g.xlsx")
    sheet = workbook["Questions"]  # exported with English headers: --lang en
    first_id = sheet["A2"].value
    sheet["C2"] = sheet["C2"].value + "（修订）"
    new_row = sheet.max_row + 1
    for col, value in {"B": "truefalse", "C": "工作时可以佩戴夸张的首饰。", "M": "FALSE"}.items():
        sheet[f"{col}{new_row}"] = value
    workbook.save(workdir / "g.xlsx")
    result = run("--lang", "en", "bank", "import", "g.xlsx", "--out", "banks")
    assert result.exit_code == 0, result.stderr
    assert "1 question had no ID" in result.stderr
    [bank] = load_paths([workdir / "banks"]).library.banks
    assert bank.id == "grooming" and bank.questions[0].id == first_id
    assert bank.questions[0].prompt.get().endswith("（修订）")
    assert bank.questions[-1].id.startswith("q-")
