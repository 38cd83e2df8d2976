"""Workbooks written by another tool: LibreOffice (its own xlsx and the legacy xls WPS and old Excel save)."""

from __future__ import annotations

import dataclasses
import shutil
import subprocess

import pytest

from etiquette_quiz.banks import bundled_banks_dir, load_paths
from etiquette_quiz.formats.exporting import export_bank

from .formatsdata import FORMATS, import_one, imported_bank

SOFFICE = shutil.which("soffice") or shutil.which("libreoffice")
needs_soffice = pytest.mark.skipif(
    SOFFICE is None, reason="LibreOffice (soffice) is not installed; .ci/run installs libreoffice-calc-nogui")


def _convert(source, to, outdir, tmp_path, csv=False):
    """`soffice --headless --convert-to`, with a profile of its own so parallel runs do not collide."""
    profile = (tmp_path / "lo-profile").as_uri()
    command = [SOFFICE, f"-env:UserInstallation={profile}", "--headless"]
    if csv:
        command.append("--infilter=CSV:44,34,76,1")  # comma, double quote, UTF-8, from row 1
    command += ["--convert-to", to, "--outdir", str(outdir), str(source)]
    subprocess.run(command, check=True, capture_output=True, timeout=180)
    return outdir / (source.stem + "." + to)


@pytest.mark.parametrize("name", ["lo-bank.xlsx", "lo-bank.xls"])
def test_workbooks_libreoffice_made_from_csv(tmp_path, name):
    """Committed files LibreOffice wrote from lo-bank.csv: numbers as floats, TRUE as a boolean, legacy .xls."""
    shutil.copy(FORMATS / "libreoffice" / name, tmp_path / name)
    report = import_one(tmp_path / name)
    assert not report.errors
    bank = imported_bank(report, tmp_path)
    got = {q.id: q for q in bank.questions}
    assert list(got) == ["ring-count", "greeting-parts", "hang-up-last", "ring-fill", "steps", "polite-words"]
    assert got["ring-fill"].body.blanks[0].get() == ("3",)  # LibreOffice stored 3 as a number
    assert got["hang-up-last"].body.answer is True  # and TRUE as a boolean
    assert (got["greeting-parts"].difficulty, got["greeting-parts"].points) == (2, 2.0)
    assert [s.get() for s in got["steps"].body.steps] == ["铃响三声之内拿起话筒", "问候并报出公司名称", "询问客户需求"]


@needs_soffice
@pytest.mark.parametrize("to", ["xlsx", "xls"])
def test_libreoffice_converts_a_csv_and_the_workbook_imports(tmp_path, to):
    source = tmp_path / "题目.csv"
    source.write_text(
        "题号,题型,题干,选项A,选项B,答案,难度,分值\n"
        "formula,填空题,铃响___声之内接听。,,,=1+2,1,1\n"  # a formula LibreOffice works out and saves
        "fill,填空题,铃响___声之内接听。,,,3,2,1.5\n"
        "judge,判断题,客户先挂机。,,,TRUE,3,2\n", encoding="utf-8")
    (tmp_path / "out").mkdir()
    workbook = _convert(source, to, tmp_path / "out", tmp_path, csv=True)
    bank = imported_bank(import_one(workbook), tmp_path)
    got = {q.id: q for q in bank.questions}
    assert got["formula"].body.blanks[0].get() == ("3",)  # the saved result of the formula
    assert (got["fill"].body.blanks[0].get(), got["fill"].points) == (("3",), 1.5)
    assert (got["judge"].body.answer, got["judge"].difficulty) == (True, 3)


@needs_soffice
def test_an_exported_bank_saved_again_by_libreoffice_imports_unchanged(tmp_path):
    bank = next(b for b in load_paths([bundled_banks_dir()]).library.banks if b.id == "phone-scripts")
    ours = tmp_path / "phone-scripts.xlsx"
    export_bank(bank, "xlsx", str(ours), "zh-CN")
    (tmp_path / "out").mkdir()
    resaved = _convert(ours, "xlsx", tmp_path / "out", tmp_path)
    back = imported_bank(import_one(resaved), tmp_path)
    assert dataclasses.replace(back, path="") == dataclasses.replace(bank, path="")
