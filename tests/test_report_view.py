"""What a trainer reads: the terminal report at 80 and 120 columns, the HTML page, history's charts, the
CSV/XLSX a Chinese trainer opens, and the signs of life long commands give (or do not give) on a terminal."""

from __future__ import annotations

import csv
import io
import json
import re
import subprocess
import sys
from pathlib import Path

import pytest
from rich.cells import cell_len

from etiquette_quiz.banks import load_paths
from etiquette_quiz.report import MIN_ITEM_ATTEMPTS, build_report
from etiquette_quiz.store import AnswerRecord, AttemptRecord, ResultFilter, Store, TraineeRecord

from .conftest import DATA, golden
from .terminal import Terminal

LIBRARY = load_paths([DATA]).library
ROOT = Path(__file__).resolve().parent.parent


def cli(run, store, *args, lang="en"):
    return run("--banks", str(DATA), "--db", str(store), "--lang", lang, *args)


# -- the terminal report ---------------------------------------------------------------------


@pytest.mark.parametrize("lang", ["en", "zh-CN"])
@pytest.mark.parametrize("columns", [80, 120])
def test_terminal_report_is_pinned_and_fits(run, cohort, monkeypatch, columns, lang):
    monkeypatch.setenv("COLUMNS", str(columns))
    result = cli(run, cohort, "report", lang=lang)
    assert result.exit_code == 0, result.output
    golden(f"report-{columns}-{lang}.txt", result.stdout)
    lines = result.stdout.splitlines()
    assert max(cell_len(line.rstrip()) for line in lines) <= columns
    # The same data as the page: the histogram, pass rate, banks as bars, trainees, a legend.
    text = result.stdout
    assert "█" in text and "░" in text
    assert ("Cronbach's α" in text) if lang == "en" else ("克隆巴赫 α" in text)
    if columns >= 120:
        assert "sample/phrase-match" in text  # ids beside the text, never cut
    else:
        assert not re.search(r"sample/\S*…|…\S*phrase-match", text)


def test_ids_and_texts_are_never_broken_mid_word_at_80_columns(run, cohort, monkeypatch):
    monkeypatch.setenv("COLUMNS", "80")
    out = cli(run, cohort, "report").stdout
    for line in out.splitlines():
        assert not line.rstrip().endswith("-"), line  # no id folded onto the next line
    assert "…with its standard replacement." in out  # the question (its point, at its end), not its id
    assert "sample/phrase-match" not in out


# -- who needs help: exams rank, practice apart (UX-13) -----------------------------------------


def add_attempt(store, n, person, mode, exam_id, title, points, started, passed=None):
    questions = ["sample/ring-count", "sample/silent-call", "sample/late-apology", "sample/hold-script",
                 "sample/phrase-match"][:len(points)]
    store.insert_attempt(AttemptRecord(
        id=f"a{n:03d}", trainee=person.name, trainee_id=person.id, employee_no=person.employee_no, mode=mode,
        seed=n, lang="zh-CN", plan=[{"key": k, "hash": "h", "layout": {}} for k in questions], bank_versions={},
        feedback="end", started_at=started, exam_id=exam_id, title=title, state="finished", score=sum(points),
        max_score=float(len(points)), passed=passed),
        [AnswerRecord(i, k, "sample", "h", None, p, p, 1.0, 5.0) for i, (k, p) in enumerate(zip(questions, points,
                                                                                            strict=True))])


@pytest.fixture
def ranking_store(tmp_path):
    path = tmp_path / "rank.sqlite3"
    with Store(path) as store, store.write():
        li = TraineeRecord("t1", "李小红", "AB-007", "2026-11-01T00:00:00+00:00")
        wang = TraineeRecord("t2", "王五", "E002", "2026-11-01T00:00:00+00:00")
        zhou = TraineeRecord("t3", "培训师老周", None, "2026-11-01T00:00:00+00:00")
        for person in (li, wang, zhou):
            store.insert_trainee(person)
        # 李小红 fails the long exam, then passes a two-question quiz and practises well.
        add_attempt(store, 1, li, "exam", "sample-exam", "示例考试", [1, 0, 0, 0, 1], "2026-11-02T01:00:00+00:00", False)
        add_attempt(store, 2, li, "exam", "quick", "三十秒快测", [1, 1], "2026-11-02T02:00:00+00:00", True)
        add_attempt(store, 3, li, "practice", None, None, [1, 1, 1], "2026-11-02T03:00:00+00:00")
        add_attempt(store, 4, wang, "exam", "sample-exam", "示例考试", [1, 1, 1, 1, 0], "2026-11-02T04:00:00+00:00", True)
        add_attempt(store, 5, zhou, "practice", None, None, [1, 0], "2026-11-02T05:00:00+00:00")
    return path


def test_trainees_are_ranked_by_their_latest_exam_results_and_practice_is_apart(ranking_store):
    with Store(ranking_store) as store:
        report = build_report(store.results(ResultFilter()), LIBRARY, "zh-CN")
    first, second = report.trainees
    assert (first.name, first.failed) == ("李小红", 1)  # the failed exam counts, whatever she did since
    assert [(r.title, round(r.fraction, 2), r.passed) for r in first.exams] == [("示例考试", 0.4, False),
                                                                                 ("三十秒快测", 1.0, True)]
    assert (first.practice_attempts, first.practice_mean) == (1, 1.0)
    assert second.name == "王五" and second.failed == 0
    assert [p.name for p in report.practising] == ["培训师老周"]  # practice only: not among those ranked
    assert report.needing_help == 1


def test_the_terminal_and_the_page_show_the_ranking(run, ranking_store, tmp_path):
    out = cli(run, ranking_store, "report", "--html", str(tmp_path / "r.html"), lang="zh-CN").stdout
    assert out.index("李小红") < out.index("王五")
    assert "2 名学员中有 1 名最近一次考试未通过" in out
    assert "只练习、尚未考试的学员（1 名）：培训师老周" in " ".join(out.split())
    page = (tmp_path / "r.html").read_text(encoding="utf-8")
    assert page.index("李小红") < page.index("王五") < page.index("培训师老周")


# -- the page (UX-14) ------------------------------------------------------------------------------


def test_the_page_shows_question_texts_analyses_only_what_it_can_and_explains_every_figure(run, cohort, tmp_path):
    page = tmp_path / "r.html"
    assert cli(run, cohort, "report", "--html", str(page)).exit_code == 0
    html = page.read_text(encoding="utf-8")
    analysed, waiting = html.split("<details>", 1)
    main_table = analysed.split("Item analysis", 1)[1]
    assert "Match each forbidden phrase with its standard replacement." in main_table
    assert '<span class="id">sample/phrase-match</span>' in main_table
    rows = re.findall(r'<td class="num">(\d+)</td><td class="num">[\d.]+%', main_table)
    assert rows and all(int(n) >= MIN_ITEM_ATTEMPTS for n in rows)  # too few answers: not in the analysis
    assert "fewer than 30 exam answers are not analysed yet" in waiting
    for symbol in ("F", "DI", "DE", "SD"):
        assert re.search(rf'<th title="[^"]+" class="num">{symbol}</th>', html), symbol
    assert "th { background: #f0f4f8; white-space: nowrap; }" in html  # 作答数 no longer one character a line
    assert 'class="track"' in html  # bank bars at the page's text size, not 11 px SVG labels


def test_report_html_open_opens_the_page(run, cohort, tmp_path, monkeypatch):
    import webbrowser

    opened = []
    monkeypatch.setattr(webbrowser, "open", opened.append)
    page = tmp_path / "r.html"
    assert cli(run, cohort, "report", "--html", str(page), "--open").exit_code == 0
    assert opened == [page.resolve().as_uri()]
    bad = cli(run, cohort, "report", "--open")
    assert bad.exit_code == 2 and "--open opens the page --html writes" in bad.output


# -- history's pictures ----------------------------------------------------------------------------


def test_history_draws_each_exam_on_its_own_line_at_80_columns(run, ranking_store, monkeypatch):
    monkeypatch.setenv("COLUMNS", "80")
    out = cli(run, ranking_store, "--trainee", "李小红", "history", lang="zh-CN").stdout
    trend = out.split("各考试成绩走势（从早到近）：", 1)[1].splitlines()[1:]
    assert trend[0].split()[0] == "示例考试" and trend[0].rstrip().endswith("40%")
    assert trend[1].split()[0] == "三十秒快测" and trend[1].rstrip().endswith("100%")
    assert "40% → 100%" not in out  # two exams are not one trend
    assert max(cell_len(line.rstrip()) for line in out.splitlines()) <= 80
    assert "\x1b[" not in out  # NO_COLOR: the bars and sparklines read by their shape


def test_review_list_with_nothing_due_exits_0_and_says_when(run, tmp_path):
    from datetime import UTC, datetime, timedelta

    from etiquette_quiz.review import update

    path = tmp_path / "r.sqlite3"
    with Store(path) as store:
        person = store.create_trainee("甲")
        question = LIBRARY.question("sample/ring-count")
        later = datetime.now(UTC) + timedelta(days=3)
        state = update(None, question_key=question.key, bank="sample", content_hash=question.content_hash,
                       fraction=0.0, seconds=3, qtype="single", now=later)
        store.save_review(person.id, state)
    result = cli(run, path, "--trainee", "甲", "review", "--list")
    assert result.exit_code == 0
    assert result.stdout.startswith("nothing is due for review yet — the next review is due 20")


# -- exports a Chinese trainer reads (UX-12) and export defects (BUG-10) ----------------------


def test_csv_reads_in_chinese_with_question_texts_local_times_and_clear_answers(run, tmp_path, monkeypatch):
    import time

    monkeypatch.setenv("TZ", "Asia/Shanghai")
    time.tzset()
    path = tmp_path / "m.sqlite3"
    with Store(path) as store, store.write():
        person = TraineeRecord("t1", "李小红", "AB-007", "2026-11-01T00:00:00+00:00")
        store.insert_trainee(person)
        store.insert_attempt(AttemptRecord(
            id="m1", trainee=person.name, trainee_id=person.id, employee_no=person.employee_no, mode="practice",
            seed=1, lang="zh-CN", plan=[], bank_versions={}, feedback="immediate",
            started_at="2026-11-30T00:21:25.900+00:00", state="finished", score=1.0, max_score=2.0),
            [AnswerRecord(0, "sample/phrase-match", "sample", "h", ["p1", "p0", "p2"], 1 / 3, 1 / 3, 1.0, 9.5,
                          answered_at="2026-11-30T00:21:35.100+00:00"),
             AnswerRecord(1, "sample/rude-phrases", "sample", "h", ["c0", "w0"], 0.0, 0.0, 1.0, 4.0,
                          answered_at="2026-11-30T16:05:00.000+00:00")])
    out = tmp_path / "a.csv"
    try:
        assert cli(run, path, "export", "--format", "csv", "--out", str(out), lang="zh-CN").exit_code == 0
    finally:
        monkeypatch.delenv("TZ")
        time.tzset()
    text = out.read_bytes()[3:].decode("utf-8")
    rows = list(csv.DictReader(io.StringIO(text)))
    assert list(rows[0])[:9] == ["答题编号", "学员", "工号", "类型", "考试", "答题开始时间", "题号", "题目编号", "题目"]
    match, multi = rows
    assert match["题目"] == "请把禁语与规范用语配对。" and match["题号"] == "1" and match["类型"] == "练习"
    assert match["题型"] == "配对" and match["是否答对"] == "否"
    assert match["答题开始时间"] == "2026-11-30 08:21:25" and match["作答时间"] == "2026-11-30 08:21:35"
    assert multi["作答时间"] == "2026-12-01 00:05:00"  # across midnight in Shanghai
    assert "；" in match["回答"] and match["回答"].count(" → ") == 3  # pairs apart, whatever 、 the texts hold
    assert "；" in multi["回答"]
    assert all(len(row) == 20 for row in rows)


def test_xlsx_has_date_and_number_cells(store_path_xlsx):
    from datetime import datetime

    from openpyxl import load_workbook

    book = load_workbook(store_path_xlsx)
    answers = book["作答明细"]
    header = [c.value for c in answers[1]]
    started = answers.cell(2, header.index("答题开始时间") + 1).value
    assert isinstance(started, datetime) and started.tzinfo is None
    points = answers.cell(2, header.index("得分") + 1)
    assert points.data_type == "n" and isinstance(points.value, int | float)  # a number Excel sums
    assert answers.cell(2, header.index("题目") + 1).value


@pytest.fixture
def store_path_xlsx(run, cohort, tmp_path):
    out = tmp_path / "r.xlsx"
    assert cli(run, cohort, "export", "--format", "xlsx", "--out", str(out), lang="zh-CN").exit_code == 0
    return out


def test_out_into_a_missing_folder_is_an_error_and_creates_nothing(run, cohort, tmp_path):
    target = tmp_path / "nonexistent" / "dir" / "x.csv"
    result = cli(run, cohort, "export", "--format", "csv", "--out", str(target))
    assert result.exit_code == 2
    assert f"the folder {target.parent} does not exist" in result.output
    assert not (tmp_path / "nonexistent").exists()


@pytest.mark.parametrize(("args", "option", "fmt"), [
    (["--format", "csv", "--to", "http://lrs.example/xapi"], "--to", "xapi"),
    (["--format", "json", "--user", "me"], "--user", "xapi"),
    (["--format", "xlsx", "--level", "attempt"], "--level", "csv"),
])
def test_options_of_another_format_are_errors(run, cohort, tmp_path, args, option, fmt):
    result = cli(run, cohort, "export", *args, "--out", str(tmp_path / "x"))
    assert result.exit_code == 2
    assert f"{option} is only for --format {fmt}" in result.output
    assert not (tmp_path / "x").exists()


@pytest.mark.parametrize("fmt", ["xlsx", "csv"])
def test_a_reader_that_stops_early_gets_no_traceback(cohort, tmp_path, fmt):
    env = {"ETIQUETTE_QUIZ_HOME": str(tmp_path / "home"), "PATH": "/usr/bin:/bin", "LANG": "C.UTF-8"}
    command = (f"{sys.executable} -m etiquette_quiz --banks {DATA} --db {cohort} --lang en export --format {fmt} "
               "--out - | head -c 10 > /dev/null; echo \"exit ${PIPESTATUS[0]}\"")
    done = subprocess.run(["bash", "-c", command], capture_output=True, text=True, env=env, cwd=ROOT, timeout=120)
    assert "Traceback" not in done.stderr and "Error" not in done.stderr
    if "the output was closed" in done.stderr:  # the pipe closed before everything was written
        assert done.stdout.strip() == "exit 3"
        assert done.stderr.strip().count("\n") == 0
    else:  # everything fitted in the pipe's buffer before head closed it
        assert done.stdout.strip() == "exit 0"


# -- progress: on a terminal, never in a pipe ------------------------------------------------------


@pytest.mark.skipif(sys.platform == "win32", reason="needs a POSIX pseudo-terminal")
def test_progress_shows_on_a_terminal_and_not_with_quiet(cohort, tmp_path):
    home = tmp_path / "home"
    home.mkdir()
    out = tmp_path / "a.csv"
    term = Terminal(["--banks", str(DATA), "--db", str(cohort), "--lang", "en", "export", "--format", "csv",
                     "--out", str(out)], home, columns=100)
    assert term.exit_code() == 0
    assert f"Writing answer rows to {out}" in term.everything  # drawn, then cleared
    assert re.search(r"Wrote 180 answer rows to \S+ in \d+\.\d s\.", "".join(term.text.split("\n")))
    quiet = Terminal(["--banks", str(DATA), "--db", str(cohort), "--lang", "en", "--quiet", "export", "--format",
                      "csv", "--out", str(out)], home, columns=100)
    assert quiet.exit_code() == 0
    assert "Writing" not in quiet.everything and "Wrote" not in quiet.everything
    report = Terminal(["--banks", str(DATA), "--db", str(cohort), "--lang", "en", "report", "--json"], home,
                      columns=100, rows=200)
    assert report.exit_code() == 0
    assert "Computing the report" not in report.everything  # --json: the output is for a program
    json.loads(report.everything[report.everything.index("{"):])


def test_no_progress_in_a_pipe(run, cohort, tmp_path):
    result = cli(run, cohort, "export", "--format", "json", "--out", str(tmp_path / "a.json"))
    assert result.exit_code == 0
    assert re.fullmatch(r"Wrote 36 attempts to \S+ in \d+\.\d s\.", result.stderr.strip())  # one line, no frames
    report = cli(run, cohort, "report", "--html", str(tmp_path / "r.html"))
    assert "Computing the report" not in report.output


@pytest.mark.skipif(not Path("/proc/self").exists(), reason="needs /proc (Linux): a folder no file can be made in")
def test_an_output_that_cannot_be_written_exits_3_in_a_sentence(run, cohort):
    result = cli(run, cohort, "export", "--format", "csv", "--out", "/proc/x.csv")
    assert result.exit_code == 3
    assert result.output.startswith("error: /proc/x.csv: cannot write the file")
