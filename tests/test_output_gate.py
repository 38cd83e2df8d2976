"""The one output gate (textsafe.py): the report's hostile strings through every command that prints or exports.

Rows 3c, 4d, 5b and 5g of the reliability report: trainee names, titles, ids and keys in a
store (written by an older version, or edited by hand: imports refuse them now), YAML keys,
file names and an LRS's error page. None of their escapes reaches the terminal raw, no
spreadsheet cell starts a formula, and XLSX export does not choke on control characters.
"""

from __future__ import annotations

import csv
import http.server
import io
import json
import threading
from pathlib import Path

import pytest

from etiquette_quiz.store import AnswerRecord, AttemptRecord, Store
from etiquette_quiz.textsafe import UNSAFE, cell_text, json_text, visible, visible_line

from .conftest import DATA

OSC_TITLE = "\x1b]0;PWNED-TITLE\x07"
OSC_TITLE_ST = "\x1b]0;PWNED\x1b\\"
OSC_52 = "\x1b]52;c;cHduZWQ=\x07"
CLEAR = "\x1b[2J\x1b[H"
C1_CSI = "\u009b31mRED"
RLO = "\u202eLIAM"
HOSTILE = [OSC_TITLE, OSC_TITLE_ST, OSC_52, CLEAR, C1_CSI, RLO, "\x00NUL", "\x7fDEL", "\u2028LSEP"]
FORMULAS = ['=HYPERLINK("http://127.0.0.1/x","click")', "+cmd|' /C calc'!A0", "-2+3", "@SUM(1)", "\t=1+1", "\r=1"]
RAW = ("\x1b", "\x07", "\u009b", "\u202e", "\x00", "\x7f", "\u2028")


def raw_in(text: str) -> list[str]:
    return [f"U+{ord(c):04X}" for c in RAW if c in text]


def test_visible_escapes_every_hostile_character():
    for text in HOSTILE:
        shown = visible_line("Mallory" + text)
        assert not raw_in(shown) and shown.startswith("Mallory")
    assert visible("a\tb\nc") == "a\tb\nc"  # layout characters stay in multi-line text
    assert visible_line("a\tb\nc") == "a\\x09b\\x0ac"  # but not inside a one-line value
    assert visible(OSC_TITLE) == "\\x1b]0;PWNED-TITLE\\x07"
    assert visible(RLO) == "\\u202eLIAM"
    assert json.loads(json_text({"name": C1_CSI + RLO})) == {"name": C1_CSI + RLO}  # the same data, escaped
    assert not raw_in(json_text({"name": "".join(HOSTILE)}))


@pytest.mark.parametrize("formula", FORMULAS)
def test_every_formula_start_is_quoted(formula):
    assert cell_text(formula).startswith("'")
    assert cell_text("Mallory" + OSC_TITLE) == "Mallory\\x1b]0;PWNED-TITLE\\x07"


@pytest.fixture
def hostile_store(tmp_path):
    """A store whose every text a trainer sees is hostile (as an old version's import could leave it)."""
    from etiquette_quiz.banks import load_paths
    from etiquette_quiz.session import make_plan

    library = load_paths([DATA]).library
    questions = [q for q in library.questions if q.bank == "sample"][:3]
    path = tmp_path / "hostile.sqlite3"
    ids = []
    with Store(path) as store:
        for n, evil in enumerate(HOSTILE + FORMULAS):
            person = store.create_trainee("Mallory" + evil if n < len(HOSTILE) else evil,
                                          employee_no=f"E{n}", trainee_id=f"t{n}")
            attempt_id = f"a{n:02d}-0000"
            ids.append(attempt_id)
            store.create_attempt(AttemptRecord(
                id=attempt_id, trainee=person.name, trainee_id=person.id, employee_no=evil, mode="exam",
                seed=1, lang="en", plan=make_plan(questions, 1), bank_versions={"sample": 1}, feedback="end",
                started_at=f"2026-10-{n + 1:02d}T09:00:00+00:00", exam_id="sample-exam", title="Exam" + evil,
                time_limit=600, pass_mark=0.8))
            for position, question in enumerate(questions):
                store.record_answer(attempt_id, AnswerRecord(
                    position, question.key, question.bank, question.content_hash, "c0" if position else evil, 0.0,
                    0.0, 1.0, 3.0, [evil]), elapsed=position)
            store.finish_attempt(attempt_id, score=0.0, max_score=3.0, passed=False, elapsed=30)
        _judge(store, ids[0])
    return path, ids


def _judge(store: Store, attempt_id: str) -> None:
    """Put the first answer of an attempt before trainers, and give it a verdict whose every text is hostile."""
    from etiquette_quiz.store.overrides import add_override, apply_overrides
    from etiquette_quiz.store.records import OverrideRecord

    with store.write():
        store.db.execute("UPDATE answers SET review_reason = 'partial', mark_detail = ? WHERE attempt_id = ? "
                         "AND position = 0", (json.dumps({"found": [], "missing": ["Mallory" + OSC_52]}), attempt_id))
        add_override(store, attempt_id, OverrideRecord(
            "v1", 0, "2026-10-02T09:00:00+00:00", "Trainer" + OSC_TITLE, "credit", 1 / 2, "why" + CLEAR + RLO))
        apply_overrides(store, attempt_id, {0}, lambda key: None)


def printing_commands(ids):
    return [
        ("report",), ("report", "--json"), ("history", "--all"), ("history", "--all", "--json"),
        ("history", ids[0]), ("history", ids[4]), ("history", ids[5], "--json"),
        ("export", "--format", "csv", "--out", "-"), ("export", "--format", "csv", "--level", "attempt", "--out", "-"),
        ("export", "--format", "json", "--out", "-"),
        ("--trainee", "E0", "history"),
        ("results", "review", "--list"), ("results", "review", "--list", "--all"), ("results", "review", f"{ids[0]}:1"),
    ]


def test_no_hostile_character_reaches_the_terminal_from_any_command(run, hostile_store):
    path, ids = hostile_store
    for lang in ("en", "zh-CN"):
        for args in printing_commands(ids):
            result = run("--lang", lang, "--banks", str(DATA), "--db", str(path), *args)
            assert result.exit_code == 0, (args, result.output)
            assert raw_in(result.stdout + result.stderr) == [], (lang, args)
    shown = run("--lang", "en", "--banks", str(DATA), "--db", str(path), "history", "--all").stdout
    assert "Mallory\\x1b]0;PWNED-TITLE" in shown  # shown as an escape, not dropped: a trainer sees something is odd


def test_spreadsheets_get_no_formula_and_no_illegal_character(run, hostile_store, tmp_path):
    from openpyxl import load_workbook

    path, _ = hostile_store
    out = tmp_path / "x.xlsx"
    result = run("--lang", "en", "--banks", str(DATA), "--db", str(path), "export", "--format", "xlsx", "--out", str(out))
    assert result.exit_code == 0, result.output
    cells = [c for sheet in load_workbook(out).worksheets for row in sheet.iter_rows() for c in row]
    assert [c.coordinate for c in cells if c.data_type == "f"] == []
    texts = [c.value for c in cells if isinstance(c.value, str)]
    assert any(t.startswith("=HYPERLINK") for t in texts)  # kept as text
    assert not any(raw_in(t) for t in texts)
    for level in ("attempt", "answer"):
        result = run("--lang", "en", "--banks", str(DATA), "--db", str(path), "export", "--format", "csv",
                     "--level", level, "--out", "-")
        for row in csv.reader(io.StringIO(result.stdout.lstrip("\ufeff"))):
            for cell in row:
                assert not cell.startswith(("=", "+", "@", "\t", "\r")), (level, cell)
                assert not (cell.startswith("-") and not cell.lstrip("-").replace(".", "").isdigit()), (level, cell)


def test_formulas_in_every_column_of_an_edited_store_are_neutralised(run, hostile_store, tmp_path):
    """Row 5b: ids, modes, banks, keys, hashes and times from an edited store (import refuses them now)."""
    import sqlite3

    from openpyxl import load_workbook

    path, _ = hostile_store
    db = sqlite3.connect(path)
    db.execute("UPDATE attempts SET exam_id = '=1+1', lang = '=1+1', mode = '@mode'")
    db.execute("UPDATE answers SET bank = '=5+5', content_hash = '@SUM(1)', answered_at = '+1', question_key = '=q'")
    db.commit()
    db.close()
    out = tmp_path / "x.xlsx"
    assert run("--db", str(path), "export", "--format", "xlsx", "--out", str(out)).exit_code == 0
    formulas = [c.coordinate for s in load_workbook(out).worksheets for r in s.iter_rows() for c in r
                if c.data_type == "f"]
    assert formulas == []
    for level in ("attempt", "answer"):
        result = run("--db", str(path), "export", "--format", "csv", "--level", level, "--out", "-")
        bad = [c for r in csv.reader(io.StringIO(result.stdout.lstrip("\ufeff"))) for c in r
               if c.startswith(("=", "+", "@"))]
        assert bad == []


def test_yaml_keys_and_file_names_reach_validate_as_escapes(run, tmp_path):
    folder = tmp_path / "esc"
    folder.mkdir()
    evil = r"\e]0;PWNED\a\e]52;c;cHduZWQ=\a\u009b31m\u202e"
    bank = "bank: k\ntitle: t\nrules:\n  - {id: r, text: 规则}\nquestions:\n"
    question = "  - id: q\n    type: truefalse\n    rule: r\n    prompt: 问\n    answer: true\n    explain: 因为\n"
    files = {
        "unknown-key.yaml": bank + question + f'    "{evil}": 1\n',
        "dupkey.yaml": bank + question + f'    "{evil}": 1\n    "{evil}": 2\n',
        "lang-key.yaml": bank + question.replace("prompt: 问", f'prompt: {{zh-CN: 问, "{evil}": x}}'),
        "top-key.yaml": f'"{evil}": 1\n' + bank + question,
        "section.exam.yaml": f'exam: e\ntitle: t\nsections:\n  - bank: k\n    count: 1\n    "{evil}": 2\n',
        "fname\x1b]0;FNAMEPWNED\x07.yaml": bank + question + "    bogus: 1\n",
    }
    for name, text in files.items():
        (folder / name).write_text(text, encoding="utf-8")
    for name in files:
        for output in ("text", "json"):
            result = run("--lang", "en", "bank", "validate", "--format", output, str(folder / name))
            assert result.exit_code == 1
            assert raw_in(result.stdout + result.stderr) == [], (name, output)
    everything = run("--lang", "en", "bank", "validate", str(folder))
    assert raw_in(everything.output) == [] and "fname\\x1b]0;FNAMEPWNED\\x07.yaml" in everything.output
    stats = run("--lang", "zh-CN", "bank", "stats", str(folder))
    assert raw_in(stats.output) == []
    # The quiz names the files it skipped: through the same gate.
    skipped = run("--lang", "en", "--banks", str(folder), "history", "--all")
    assert raw_in(skipped.output) == [] and "FNAMEPWNED" in skipped.output


def test_import_problems_quote_hostile_values_as_escapes(run, tmp_path):
    doc = {"format": "etiquette-quiz/results", "version": 1,
           "trainees": [{"id": "t1", "name": "Mallory" + OSC_52 + C1_CSI, "employee_no": None, "created_at": ""}],
           "attempts": [{"id": "a1", "mode": OSC_TITLE, "bonus" + CLEAR: 1}]}
    path = tmp_path / ("evil" + OSC_TITLE + ".json")
    path.write_text(json.dumps(doc, ensure_ascii=False), encoding="utf-8")
    result = run("--lang", "en", "--db", str(tmp_path / "t.sqlite3"), "results", "import", str(path))
    assert result.exit_code == 1
    assert raw_in(result.output) == [] and "trainees[0].name" in result.output


class _EvilLRS(http.server.BaseHTTPRequestHandler):
    def do_POST(self):  # noqa: N802 - the http.server API
        self.send_response(500)
        self.end_headers()
        self.wfile.write(("<html>" + OSC_TITLE + " internal error" + C1_CSI + RLO + "</html>").encode())

    def log_message(self, *args):
        pass


def test_an_lrs_error_page_is_quoted_as_escapes(run, cohort, tmp_path):
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), _EvilLRS)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    try:
        result = run("--lang", "en", "--banks", str(DATA), "--db", str(cohort), "export", "--format", "xapi",
                     "--to", f"http://127.0.0.1:{server.server_port}/xapi", "--out", str(tmp_path / "x.json"))
    finally:
        server.shutdown()
    assert result.exit_code == 3
    assert "answered 500: <html>\\x1b]0;PWNED-TITLE\\x07 internal error" in result.stderr
    assert raw_in(result.output) == []


def test_the_console_gate_keeps_rich_output_and_escapes_content():
    from rich.table import Table
    from rich.text import Text

    from etiquette_quiz.ui.console import make_console

    stream = io.StringIO()
    console = make_console(file=stream, width=80)
    table = Table()
    table.add_column("who")
    for evil in HOSTILE:
        table.add_row(Text("Mallory" + evil))
    console.print(table)
    console.print("plain " + CLEAR, style="bold")
    assert raw_in(stream.getvalue()) == []
    assert "Mallory\\x1b]52;c;cHduZWQ=" in stream.getvalue()  # (rich itself drops the BEL)
    assert not UNSAFE.search(stream.getvalue().replace("\n", ""))


def test_messages_quote_their_values_on_one_line():
    from etiquette_quiz.errors import StoreError

    error = StoreError("error.store-missing", path="/tmp/x\n\x1b[2Jerror: all fine" + RLO)
    assert error.render("en").count("\n") == 0 and raw_in(error.render("en")) == []


def test_a_path_with_escapes_in_a_store_error(run, tmp_path):
    folder = tmp_path / ("typo" + OSC_TITLE)
    result = run("--lang", "en", "--db", str(folder / "x.db"), "report")
    assert result.exit_code == 3 and raw_in(result.output) == [] and not Path(folder).exists()


def test_bank_lint_and_bank_import_quote_file_names_and_cells_as_escapes(run, tmp_path):
    folder = tmp_path / "lint"
    folder.mkdir()
    question = ("  - id: {id}\n    type: single\n    rule: r\n    prompt: 电话铃响后最迟第几声接听？\n"
                "    correct: 三声\n    wrong: [五声, 十声, 二十声]\n    explain: 三声之内。\n")
    bank = ("bank: k\ntitle: t\nrules:\n  - {id: r, text: 规则}\nquestions:\n" + question.format(id="a")
            + question.format(id="b"))  # the same question twice: a finding that names the file
    (folder / ("k" + OSC_TITLE + ".yaml")).write_text(bank, encoding="utf-8")
    for args in (("bank", "lint", str(folder)), ("bank", "lint", "--format", "json", str(folder))):
        result = run("--lang", "en", *args)
        assert "duplicate-question" in result.output and raw_in(result.output) == [], args
    pasted = tmp_path / ("pasted" + OSC_52 + ".txt")
    pasted.write_text("1、电话铃响后" + CLEAR + C1_CSI + "？\nA. 三声\nB. 五声\n答案：A\n", encoding="utf-8")
    for args in (("bank", "import", str(pasted), "--out", str(tmp_path / "out")),
                 ("bank", "import", "--format", "json", str(pasted), "--out", str(tmp_path / "out"))):
        result = run("--lang", "zh-CN", *args)
        assert "pasted" in result.output and raw_in(result.output) == [], args


def test_a_hostile_verdict_is_shown_as_escapes_to_the_trainer(run, hostile_store):
    path, ids = hostile_store
    base = ("--lang", "en", "--banks", str(DATA), "--db", str(path))
    listed = run(*base, "results", "review", "--list", "--all").stdout
    assert "Mallory\\x1b]0;PWNED-TITLE" in listed and not raw_in(listed)  # the trainee, from the queue
    shown = run(*base, "history", ids[0]).stdout
    assert "Trainer\\x1b]0;PWNED-TITLE" in shown and "\\u202eLIAM" in shown and not raw_in(shown)
