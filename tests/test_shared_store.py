"""Two terminals with different home folders share one PostgreSQL store (issue 16's "done when").

A trainee starts an exam on one machine, stops, and resumes it on the other; the trainer's
report sees the attempt. Driven in real pseudo-terminals, as a person would.
"""

from __future__ import annotations

import json
import sys

import pytest

from etiquette_quiz.banks import load_paths
from etiquette_quiz.session import draw_exam, layout_for
from etiquette_quiz.store import Store

from .conftest import DATA
from .quizkeys import CTRL_C, right_keys
from .terminal import Terminal
from .test_e2e import FIXED, answer, exam_args, hand_in

pytestmark = pytest.mark.skipif(sys.platform == "win32", reason="needs a POSIX pseudo-terminal")

LIBRARY = load_paths([DATA]).library
EXAM = LIBRARY.exam("sample-exam")


def machine(tmp_path, name: str, url: str):
    home = tmp_path / name
    home.mkdir()
    (home / "config.toml").write_text(f'trainee = "王小明"\nemployee_no = "E-42"\nstore = {json.dumps(url)}\n',
                                      encoding="utf-8")
    return home


def test_an_exam_started_on_one_machine_is_finished_on_another(pg_url, tmp_path, run):
    papers = tmp_path / "papers"
    papers.mkdir()
    (papers / "fixed-exam.yaml").write_text(FIXED, encoding="utf-8")  # a fixed paper: the draw is known
    papers = str(papers)
    first, second = machine(tmp_path, "terminal-1", pg_url), machine(tmp_path, "terminal-2", pg_url)
    drawn = draw_exam(EXAM, LIBRARY, 8)
    term = Terminal(exam_args(papers, "exam", "fixed-exam"), first, env={"LANG": "zh_CN.UTF-8"})
    term.wait_for("现在开始考试吗")
    term.send("y")
    for n in (0, 1):
        term.wait_for(f"第 {n + 1}/5 题")
        answer(term, right_keys(drawn[n], layout_for(drawn[n], 8)))
    term.wait_for("第 3/5 题")
    term.send(CTRL_C)
    term.wait_for("已保存 2/5")
    assert term.exit_code() == 130

    term = Terminal(exam_args(papers, "resume"), second, env={"LANG": "zh_CN.UTF-8"})
    term.wait_for("继续答题：已保存 2/5 题的作答")
    for n in (2, 3, 4):
        term.wait_for(f"第 {n + 1}/5 题")
        answer(term, right_keys(drawn[n], layout_for(drawn[n], 8)))
    hand_in(term)
    term.wait_for("得分 5/5（100%）")
    assert term.exit_code() == 0
    assert not (first / "results.sqlite3").exists() and not (second / "results.sqlite3").exists()

    with Store(pg_url) as store:
        ((attempt),) = store.attempts_of(None)
        assert attempt.state == "finished" and len(store.answers(attempt.id)) == 5
        assert len(store.trainees()) == 1  # the same trainee on both machines
    result = run("--lang", "en", "--banks", str(DATA), "--db", pg_url, "report", "--json")
    figures = json.loads(result.output)
    assert figures["cohort"]["attempts"] == 1 and figures["cohort"]["finished"] == 1
