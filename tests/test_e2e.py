"""End to end in a real pseudo-terminal: what a trainee types, what the screen shows."""

from __future__ import annotations

import signal
import sys
from datetime import UTC
from pathlib import Path

import pytest

from etiquette_quiz.banks import load_paths
from etiquette_quiz.session import draw_exam, draw_practice, layout_for
from etiquette_quiz.store import Store

from .conftest import DATA
from .quizkeys import CTRL_C, ENTER, right_keys, wrong_keys
from .terminal import Terminal

pytestmark = pytest.mark.skipif(sys.platform == "win32", reason="needs a POSIX pseudo-terminal")

LIBRARY = load_paths([DATA]).library
EXAM = LIBRARY.exam("sample-exam")
# The sample exam with its paper fixed by the file, so a test knows the questions a pty run draws.
FIXED = (DATA / "sample-exam.yaml").read_text(encoding="utf-8").replace("exam: sample-exam", "exam: fixed-exam")
FIXED += "seed: 8\n"


def hand_in(term: Terminal, lang: str = "zh-CN") -> None:
    """On the answer sheet, "hand in" (the default once all is answered), then "yes"."""
    term.wait_for("Go to which question, or hand in?" if lang == "en" else "跳到哪一题，或交卷")
    term.send(ENTER)
    term.wait_for("Hand in now?" if lang == "en" else "现在交卷吗")
    term.send(ENTER)


@pytest.fixture
def papers(tmp_path):
    folder = tmp_path / "papers"
    folder.mkdir()
    (folder / "fixed-exam.yaml").write_text(FIXED, encoding="utf-8")
    return str(folder)


def exam_args(papers: str, *more: str) -> list[str]:
    return ["--banks", str(DATA), "--banks", papers, *more]



def answer(term: Terminal, keys: list[str]) -> None:
    for part in keys:
        term.send(part)


def attempts(home: Path):
    with Store(home / "results.sqlite3") as store:
        rows = store.db.execute("SELECT id, state, score, max_score, passed FROM attempts").fetchall()
        return [(dict(row), store.answers(row["id"])) for row in rows]


def test_first_run_then_a_full_practice(tmp_path):
    home = tmp_path / "fresh"
    term = Terminal(["--banks", str(DATA), "--lang", "zh-CN", "practice", "--bank", "sample", "--count", "3",
                     "--seed", "5"], home)
    term.wait_for("您的姓名")
    term.send("赵六" + ENTER)
    term.wait_for("工号")
    term.send(ENTER)
    drawn = draw_practice([q for q in LIBRARY.questions if q.bank == "sample"], 3, 5)
    for n, question in enumerate(drawn, 1):
        term.wait_for(f"第 {n}/3 题")
        answer(term, right_keys(question, layout_for(question, 5)))
        term.wait_for("回答正确")
        term.wait_for("按任意键继续" if n < 3 else "按任意键查看成绩")  # the last feedback waits too (UX-2)
        term.send(" ")
    term.wait_for("得分 3/3（100%）")
    assert term.exit_code() == 0
    assert 'trainee = "赵六"' in (home / "config.toml").read_text(encoding="utf-8")
    ((attempt, answers),) = attempts(home)
    assert attempt["state"] == "finished" and len(answers) == 3


def run_exam(home: Path, papers: str, wrong: set[int], lang: str = "zh-CN") -> Terminal:
    # --seed repeats the file's own seed: accepted, as the paper is fixed anyway
    term = Terminal(exam_args(papers, "--lang", lang, "exam", "fixed-exam", "--seed", "8"), home)
    term.wait_for("Start the exam now?" if lang == "en" else "现在开始考试吗")
    term.send("y")
    for n, question in enumerate(draw_exam(EXAM, LIBRARY, 8), 1):
        term.wait_for(f"Question {n}/5" if lang == "en" else f"第 {n}/5 题")
        answer(term, (wrong_keys if n - 1 in wrong else right_keys)(question, layout_for(question, 8), lang))
    hand_in(term, lang)
    return term


def test_an_exam_that_passes(home, papers):
    term = run_exam(home, papers, wrong=set())
    term.wait_for("✔ 通过（及格线 80%）")
    assert "得分 5/5（100%）" in term.everything
    assert term.exit_code() == 0
    ((attempt, _),) = attempts(home)
    assert (attempt["state"], attempt["passed"]) == ("finished", 1)


def test_an_exam_that_fails_in_english(home, papers):
    term = run_exam(home, papers, wrong={1, 4}, lang="en")
    term.wait_for("NOT PASSED (pass mark 80%)")
    term.wait_for("Go through the 2 questions you missed now, one at a time?")
    term.send("y")
    term.wait_for("Missed question 1 of 2")
    term.wait_for("Question 2/5")  # numbered by its place in the exam (UX-3)
    term.wait_for("Any key: the next one (1 left) · q: stop")
    term.send(" ")
    term.wait_for("Missed question 2 of 2")
    term.wait_for("Question 5/5")
    assert term.exit_code() == 0
    ((attempt, _),) = attempts(home)
    assert (attempt["passed"], attempt["score"]) == (0, 3.0)


def test_ctrl_c_mid_exam_then_resume(home, papers):
    drawn = draw_exam(EXAM, LIBRARY, 8)
    term = Terminal(exam_args(papers, "exam", "fixed-exam"), home, env={"LANG": "zh_CN.UTF-8"})
    term.wait_for("现在开始考试吗")
    term.send("y")
    for n in (0, 1):
        term.wait_for(f"第 {n + 1}/5 题")
        answer(term, right_keys(drawn[n], layout_for(drawn[n], 8)))
    term.wait_for("第 3/5 题")
    term.send(CTRL_C)
    term.wait_for("已退出，但考试计时不会停止")
    assert "已保存 2/5" in term.everything
    assert term.exit_code() == 130
    ((attempt, answers),) = attempts(home)
    assert attempt["state"] == "in_progress" and len(answers) == 2

    term = Terminal(exam_args(papers, "resume"), home, env={"LANG": "zh_CN.UTF-8"})
    term.wait_for("继续答题：已保存 2/5 题的作答")
    for n in (2, 3, 4):
        term.wait_for(f"第 {n + 1}/5 题")
        answer(term, right_keys(drawn[n], layout_for(drawn[n], 8)))
    hand_in(term)
    term.wait_for("得分 5/5（100%）")
    assert term.exit_code() == 0
    ((attempt, answers),) = attempts(home)
    assert attempt["state"] == "finished" and len(answers) == 5


def test_a_two_second_time_limit_expires(home, tmp_path):
    folder = tmp_path / "exams"
    folder.mkdir()
    (folder / "short.yaml").write_text(
        "exam: short\ntitle: 两秒测验\ntime_limit: 2s\nsections:\n  - bank: sample\n", encoding="utf-8")
    term = Terminal(["--banks", str(DATA), "--banks", str(folder), "--lang", "zh-CN", "exam", "short"], home)
    term.wait_for("现在开始考试吗")
    term.send("y")
    term.wait_for("剩余 00:0")
    term.wait_for("时间到，已自动交卷", timeout=10)
    assert "得分 0/8（0%）" in term.everything
    term.wait_for("现在逐题查看答错的 8 道题吗")
    term.send("n")
    assert term.exit_code() == 0
    ((attempt, answers),) = attempts(home)
    assert attempt["state"] == "finished" and answers == []


def test_a_chinese_script_answer_with_a_forbidden_phrase(home):
    term = Terminal(["--banks", str(DATA), "--lang", "zh-CN", "practice", "--bank", "sample", "--type", "script"], home)
    term.wait_for("您会怎么说")
    term.send("喂，您好，请稍等" + ENTER)
    term.wait_for("使用了服务禁语：喂 — 本题记 0 分")
    assert "已说到：您好 / 你好" in term.everything
    assert "示范回答：您好，请稍等" in term.everything
    term.wait_for("按任意键查看成绩")
    term.send(" ")
    term.wait_for("下一道将在")  # "N due for review, next in N days" after a practice
    assert term.exit_code() == 0
    ((_, (saved,)),) = attempts(home)
    assert (saved.response, saved.forbidden, saved.fraction) == ("喂，您好，请稍等", ["喂"], 0.0)


def test_answers_given_before_kill_9_are_in_the_store(home, papers):
    drawn = draw_exam(EXAM, LIBRARY, 8)
    term = Terminal(exam_args(papers, "--lang", "zh-CN", "exam", "fixed-exam"), home)
    term.wait_for("现在开始考试吗")
    term.send("y")
    for n in (0, 1, 2):
        term.wait_for(f"第 {n + 1}/5 题")
        answer(term, right_keys(drawn[n], layout_for(drawn[n], 8)))
    term.wait_for("第 4/5 题")
    term.kill(signal.SIGKILL)
    ((attempt, answers),) = attempts(home)
    assert attempt["state"] == "in_progress"
    assert [a.question_key for a in answers] == [q.key for q in drawn[:3]]


def test_no_terminal_is_a_one_line_error(home):
    import subprocess

    result = subprocess.run([sys.executable, "-m", "etiquette_quiz", "--lang", "en", "practice"],
                            stdin=subprocess.DEVNULL, capture_output=True, text=True,
                            env={"ETIQUETTE_QUIZ_HOME": str(home), "PATH": "/usr/bin:/bin"})
    assert result.returncode == 2
    assert result.stderr == ("error: the quiz needs an interactive terminal — run it in a terminal window, "
                             "not with input piped or redirected.\n")


def test_review_my_mistakes_end_to_end(home):
    """A question missed yesterday is due: review it, answer right, and it moves into the future."""
    from datetime import datetime, timedelta

    from etiquette_quiz.review import update
    from etiquette_quiz.store import AnswerRecord, AttemptRecord

    (home / "config.toml").write_text('trainee = "王小明"\ntrainee_id = "t-wang"\n', encoding="utf-8")
    yesterday = datetime.now(UTC) - timedelta(days=1)
    question = LIBRARY.question("sample/ring-count")
    missed = update(None, question_key=question.key, bank="sample", content_hash=question.content_hash,
                    fraction=0.0, seconds=5, qtype="single", now=yesterday)
    with Store(home / "results.sqlite3") as store:
        store.create_trainee("王小明", trainee_id="t-wang")
        store.create_trainee("别人", trainee_id="t-other")
        store.create_attempt(AttemptRecord(id="old", trainee="王小明", trainee_id="t-wang", mode="practice", seed=1,
                                           lang="zh-CN", plan=[], bank_versions={}, feedback="immediate",
                                           started_at=yesterday.isoformat()))
        store.record_answer("old", AnswerRecord(0, question.key, "sample", question.content_hash, "w0", 0, 0, 1, 5),
                            elapsed=5, review=("t-wang", missed))
        store.record_answer("old", AnswerRecord(1, "sample/late-apology", "sample", "x", False, 0, 0, 1, 5),
                            elapsed=9, review=("t-other", missed))  # someone else's mistake: never shown here

    term = Terminal(["--banks", str(DATA), "--lang", "zh-CN", "review"], home)
    term.wait_for("复习：1 道题到期")
    term.wait_for("第 1/1 题")
    with Store(home / "results.sqlite3") as store:
        (attempt,) = [a for a in store.attempts_of("t-wang") if a.mode == "review"]
    layout = attempt.plan[0]["layout"]
    answer(term, right_keys(question, layout))
    term.wait_for("回答正确")
    term.send(" ")
    term.wait_for("得分 1/1（100%）")
    term.wait_for("目前没有到期的复习题；下一道将在")
    assert term.exit_code() == 0
    with Store(home / "results.sqlite3") as store:
        state = store.review_state("t-wang", question.key)
        assert state.reviews == 2 and state.due_at() > datetime.now(UTC)

    term = Terminal(["--banks", str(DATA), "--lang", "zh-CN", "review", "--list"], home)
    term.wait_for("目前没有到期的复习题")
    assert term.exit_code() == 0
