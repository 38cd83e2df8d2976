"""The trainee's flows through the real prompts (pipe input) and a real store."""

from __future__ import annotations

import io
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from prompt_toolkit.input.defaults import create_pipe_input
from prompt_toolkit.output import DummyOutput

from etiquette_quiz.banks import load_paths
from etiquette_quiz.session import draw_exam, draw_practice, layout_for
from etiquette_quiz.store import Store
from etiquette_quiz.ui.app import FINISHED, PAUSED, QuizApp
from etiquette_quiz.ui.console import make_console

from .conftest import DATA
from .quizkeys import CTRL_C, ENTER, right_keys, wrong_keys


@pytest.fixture
def library(tmp_path):
    (tmp_path / "quick.yaml").write_text(
        "exam: quick\ntitle: {zh-CN: 快速测验, en: Quick check}\ntime_limit: 1s\npass_mark: 50%\n"
        "sections:\n  - questions: [sample/ring-count, sample/late-apology]\n", encoding="utf-8")
    return load_paths([DATA, tmp_path / "quick.yaml"]).library


class Harness:
    def __init__(self, library, db: Path, lang: str = "zh-CN") -> None:
        self.library, self.db, self.lang = library, db, lang
        self.screen = io.StringIO()

    def run(self, keys: list[str], action, seed: int = 1, now=None, later: tuple[float, str] | None = None):
        """Run `action` with `keys` typed ahead; `later` = (seconds, keys) typed once that time has passed."""
        import threading

        with create_pipe_input() as pipe, Store(self.db) as store:
            pipe.send_text("".join(keys))
            if later is None:
                pipe.close()  # a prompt the keys do not answer ends the run (EOF) instead of waiting forever
            else:
                threading.Timer(later[0], lambda: (pipe.send_text(later[1]), pipe.close())).start()
            trainee = (store.find_trainees("张三") or [store.create_trainee("张三", "A1024")])[0]
            app = QuizApp(library=self.library, store=store, console=make_console(self.screen, width=100),
                          lang=self.lang, content_lang=self.lang, trainee=trainee,
                          seed_source=lambda: seed, prompt_io={"input": pipe, "output": DummyOutput()},
                          **({"now": now} if now else {}))
            return action(app)

    @property
    def text(self) -> str:
        return self.screen.getvalue()


def practice_keys(library, seed, count, wrong=(), lang="zh-CN"):
    pool = library.questions
    keys = []
    drawn = draw_practice(pool, count, seed)
    for n, q in enumerate(drawn):
        layout = layout_for(q, seed)
        keys += (wrong_keys if n in wrong else right_keys)(q, layout, lang)
        keys.append(" ")  # "press any key" after the feedback, the last one's too
    return drawn, keys


def test_a_full_practice_run_gives_feedback_and_saves_every_answer(library, tmp_path):
    harness = Harness(library, tmp_path / "r.sqlite3")
    drawn, keys = practice_keys(library, seed=3, count=8, wrong={1})
    assert harness.run(keys, lambda app: app.practice(count=8, seed=3)) == FINISHED
    assert harness.text.count("✔ 回答正确") == 7
    assert harness.text.count("✘ 回答错误") == 1 or "◐ 部分正确" in harness.text
    assert "解析：" in harness.text and "规则：" in harness.text and "出处：" in harness.text
    with Store(tmp_path / "r.sqlite3") as store:
        (attempt,) = store.db.execute("SELECT * FROM attempts").fetchall()
        assert (attempt["mode"], attempt["state"], attempt["trainee"], attempt["employee_no"]) == (
            "practice", "finished", "张三", "A1024")
        assert attempt["score"] < 8
        answers = store.answers(attempt["id"])
        assert [a.question_key for a in answers] == [q.key for q in drawn]


def test_practice_in_english(library, tmp_path):
    harness = Harness(library, tmp_path / "r.sqlite3", lang="en")
    _, keys = practice_keys(library, seed=4, count=2, lang="en")
    harness.run(keys, lambda app: app.practice(count=2, seed=4))
    assert harness.text.count("✔ Right") == 2
    assert "Why: " in harness.text and "Rule: " in harness.text
    assert "Sample bank" in harness.text


HAND_IN = [ENTER, ENTER]  # the answer sheet (every question answered: "hand in" is the default), then "yes"


def exam_keys(library, seed, wrong=(), start="y"):
    exam = library.exam("sample-exam")
    keys = [start]
    drawn = draw_exam(exam, library, seed)
    for n, q in enumerate(drawn):
        keys += (wrong_keys if n in wrong else right_keys)(q, layout_for(q, seed))
    return drawn, keys + HAND_IN


def test_an_exam_that_passes(library, tmp_path):
    harness = Harness(library, tmp_path / "r.sqlite3")
    _, keys = exam_keys(library, seed=8)
    assert harness.run(keys, lambda app: app.exam("sample-exam"), seed=8) == FINISHED
    assert "得分 5/5（100%）" in harness.text
    assert "✔ 通过（及格线 80%）" in harness.text
    assert "全部答对" in harness.text
    assert "回答正确" not in harness.text  # no feedback before the end


def test_an_exam_that_fails_shows_the_score_then_offers_the_misses_one_at_a_time(library, tmp_path):
    harness = Harness(library, tmp_path / "r.sqlite3")
    drawn, keys = exam_keys(library, seed=8, wrong={0, 3})
    harness.run(keys + ["y", " "], lambda app: app.exam("sample-exam"), seed=8)
    assert "✘ 未通过（及格线 80%）" in harness.text
    text = harness.text
    assert text.index("未通过") < text.index("错题 1/2") < text.index("错题 2/2")
    # numbered by their place in the exam, not 1/2 and 2/2
    assert "第 1/5 题" in text and "第 4/5 题" in text
    assert "示范回答" in harness.text or "解析：" in harness.text
    assert "█" in harness.text  # per-bank bar
    with Store(tmp_path / "r.sqlite3") as store:
        row = store.db.execute("SELECT state, passed, score FROM attempts").fetchone()
        assert (row["state"], row["passed"]) == ("finished", 0)


def skip_keys(question, layout) -> str:
    """Leave a question through its first prompt: the navigation entry of a list, or Enter on nothing."""
    if question.type.value in ("single", "truefalse", "match", "order"):
        return "\x1b[A" + ENTER  # up from the first entry wraps round to the last one: "☰ skip, flag…"
    return ENTER


def test_a_skipped_question_is_offered_from_the_answer_sheet_before_handing_in(library, tmp_path):
    harness = Harness(library, tmp_path / "r.sqlite3")
    drawn = draw_exam(library.exam("sample-exam"), library, 8)
    first, rest = drawn[0], drawn[1:]
    keys = ["y", skip_keys(first, layout_for(first, 8)), ENTER]  # skip, then "next question" in the menu
    for q in rest:
        keys += right_keys(q, layout_for(q, 8))
    keys += [ENTER]  # the answer sheet points at the blank question 1
    keys += right_keys(first, layout_for(first, 8))
    keys += HAND_IN
    harness.run(keys, lambda app: app.exam("sample-exam"), seed=8)
    assert "答题卡：已答 4/5 · 未答 1 · 标记 0" in harness.text
    assert "得分 5/5（100%）" in harness.text
    with Store(tmp_path / "r.sqlite3") as store:
        (attempt,) = store.db.execute("SELECT id FROM attempts").fetchall()
        by_time = sorted(store.answers(attempt["id"]), key=lambda a: a.answered_at)
        assert by_time[-1].position == 0  # the skipped first question was answered last


def test_handing_in_with_a_blank_question_names_it_and_scores_it_zero(library, tmp_path):
    harness = Harness(library, tmp_path / "r.sqlite3")
    drawn = draw_exam(library.exam("sample-exam"), library, 8)
    keys = ["y"]
    for q in drawn[:-1]:
        keys += right_keys(q, layout_for(q, 8))
    last = drawn[-1]
    keys += [skip_keys(last, layout_for(last, 8)), ENTER]  # skip the last; "that was the last: answer sheet"
    keys += ["\x1b[B" + ENTER]  # the sheet points at the blank question 5: down to "hand in"
    keys += ["y"]  # the confirmation says No by default while a question is blank
    keys += ["y"]  # go through the missed question
    harness.run(keys, lambda app: app.exam("sample-exam"), seed=8)
    assert "还有 1 题未作答：第 5 题，交卷后记 0 分。" in harness.text
    assert "得分 4/5（80%）" in harness.text
    assert "未作答" in harness.text


def test_time_runs_out_and_the_exam_is_handed_in(library, tmp_path):
    harness = Harness(library, tmp_path / "r.sqlite3")
    assert harness.run(["y"], lambda app: app.exam("quick"), later=(2.0, "n")) == FINISHED
    assert "时间到，已自动交卷" in harness.text
    assert "得分 0/2（0%）" in harness.text
    with Store(tmp_path / "r.sqlite3") as store:
        assert store.db.execute("SELECT state FROM attempts").fetchone()[0] == "finished"


def test_ctrl_c_pauses_and_resume_continues_with_the_same_questions(library, tmp_path):
    db = tmp_path / "r.sqlite3"
    drawn, keys = exam_keys(library, seed=8)
    first = drawn[0]
    harness = Harness(library, db)
    outcome = harness.run(["y"] + right_keys(first, layout_for(first, 8)) + [CTRL_C],
                          lambda app: app.exam("sample-exam"), seed=8)
    assert outcome == PAUSED
    assert "已退出，但考试计时不会停止" in harness.text and "已保存 1/5" in harness.text
    with Store(db) as store:
        (attempt,) = store.unfinished(store.find_trainees("张三")[0].id)
        assert len(store.answers(attempt.id)) == 1
    later = Harness(library, db)
    keys = []
    for q in drawn[1:]:
        keys += right_keys(q, layout_for(q, 8))
    assert later.run(keys + HAND_IN, lambda app: app.resume(attempt.id[:8])) == FINISHED
    assert "继续答题：已保存 1/5 题的作答" in later.text
    assert "得分 5/5（100%）" in later.text
    with Store(db) as store:
        assert store.attempt(attempt.id).state == "finished"
        assert len(store.answers(attempt.id)) == 5


def test_resume_refuses_unknown_or_finished_attempts(library, tmp_path):
    from etiquette_quiz.problems import UserError

    harness = Harness(library, tmp_path / "r.sqlite3")
    with pytest.raises(UserError) as caught:
        harness.run([], lambda app: app.resume(None))
    assert caught.value.key == "error.nothing-to-resume"
    with pytest.raises(UserError) as caught:
        harness.run([], lambda app: app.resume("nope"))
    assert caught.value.key == "error.no-attempt"


def test_unknown_bank_and_exam_are_user_errors(library, tmp_path):
    from etiquette_quiz.problems import UserError

    harness = Harness(library, tmp_path / "r.sqlite3")
    with pytest.raises(UserError) as caught:
        harness.run([], lambda app: app.practice(banks=["sampel"]))
    assert "did you mean sample" in caught.value.render("en")
    with pytest.raises(UserError) as caught:
        harness.run([], lambda app: app.exam("sample-exma"))
    assert "did you mean sample-exam" in caught.value.render("en")


def test_control_characters_in_bank_text_are_rejected(tmp_path):
    bank = tmp_path / "escape.yaml"
    bank.write_text('bank: esc\ntitle: "\\e[31mred"\nquestions: []\n', encoding="utf-8")
    result = load_paths([bank])
    assert [(p.code, p.line) for p in result.problems] == [("control-char", 2)]


def test_bank_text_is_printed_literally(tmp_path):
    bank = tmp_path / "inject.yaml"
    bank.write_text(
        "bank: inject\ntitle: '[bold red]x[/]'\nrules: [{id: r, text: '[link=http://evil]规则[/link]'}]\nquestions:\n"
        "  - {id: q, type: truefalse, rule: r, prompt: '[blink]:smile: 注意[/blink]', answer: true, explain: '[red]解析[/]'}\n",
        encoding="utf-8")
    library = load_paths([bank]).library
    harness = Harness(library, tmp_path / "r.sqlite3")
    harness.run([ENTER, " "], lambda app: app.practice(count=1, seed=1))
    assert "[blink]:smile: 注意[/blink]" in harness.text
    assert "[red]解析[/]" in harness.text and "[link=http://evil]规则[/link]" in harness.text


def test_home_menu_runs_a_practice_and_returns_to_the_menu(library, tmp_path):
    harness = Harness(library, tmp_path / "r.sqlite3")
    keys = [ENTER, ENTER, ENTER]  # practice; no bank ticked = all banks; 5 questions
    _, answers = practice_keys(library, seed=6, count=5)
    keys += answers
    keys += ["\x1b[A" + ENTER]  # back at the menu: quit
    assert harness.run(keys, lambda app: app.home(), seed=6) == FINISHED
    assert harness.text.count("张三，您好！") == 2
    assert harness.text.count("✔ 回答正确") == 5
    assert "得分 5/5（100%）" in harness.text


def test_home_menu_quits(library, tmp_path):
    harness = Harness(library, tmp_path / "r.sqlite3", lang="en")
    assert harness.run(["\x1b[A" + ENTER], lambda app: app.home()) == FINISHED
    assert "Hello, 张三." in harness.text


def test_first_run_asks_the_name_once_and_saves_it(tmp_path):
    from etiquette_quiz.paths import Config, load_config
    from etiquette_quiz.ui.app import first_run

    screen = io.StringIO()
    config_file = tmp_path / "config.toml"
    with create_pipe_input() as pipe, Store(tmp_path / "r.sqlite3") as store:
        pipe.send_text(ENTER + "  李四 " + ENTER + "B-7" + ENTER)  # an empty name is refused first
        trainee = first_run(make_console(screen, width=80), "zh-CN", store, Config(), config_file,
                            input=pipe, output=DummyOutput())
        assert store.trainee(trainee.id) == trainee
    assert (trainee.name, trainee.employee_no) == ("李四", "B-7")
    saved = load_config(config_file)
    assert (saved.trainee, saved.employee_no, saved.trainee_id) == ("李四", "B-7", trainee.id)
    assert "已保存到" in screen.getvalue()


def test_an_exam_with_immediate_feedback_shows_each_verdict(library, tmp_path):
    folder = tmp_path / "immediate"
    folder.mkdir()
    (folder / "exam.yaml").write_text(
        "exam: coached\ntitle: 带反馈的考试\nfeedback: immediate\ntime_limit: 10m\n"
        "sections:\n  - questions: [sample/ring-count, sample/late-apology]\n", encoding="utf-8")
    lib = load_paths([DATA, folder]).library
    exam = lib.exam("coached")
    drawn = draw_exam(exam, lib, 2)
    keys = ["y"] + right_keys(drawn[0], layout_for(drawn[0], 2)) + [" "] + right_keys(drawn[1], layout_for(drawn[1], 2))
    keys += [" "]  # the last feedback waits for a key too
    harness = Harness(lib, tmp_path / "r.sqlite3")
    harness.run(keys, lambda app: app.exam("coached"), seed=2)
    assert harness.text.count("✔ 回答正确") == 2
    assert "得分 2/2（100%）" in harness.text
    assert "错题回顾" not in harness.text and "全部答对" not in harness.text  # already reviewed as it went


# -- exam navigation, review options, the clock (issues 10.2 and 13.3) ---------------------------
UP, DOWN = "\x1b[A", "\x1b[B"


def exam_library(tmp_path, options: str, exam_id: str = "options"):
    folder = tmp_path / f"exam-{exam_id}"
    folder.mkdir()
    text = (DATA / "sample-exam.yaml").read_text(encoding="utf-8").replace("exam: sample-exam", f"exam: {exam_id}")
    (folder / "exam.yaml").write_text(text + options, encoding="utf-8")
    return load_paths([DATA, folder]).library


def logged(db, kind):
    with Store(db) as store:
        (attempt,) = store.db.execute("SELECT id FROM attempts").fetchall()
        return [(e.position, e.response) for e in store.events(attempt["id"]) if e.kind == kind]


def test_go_back_and_change_an_answer(library, tmp_path):
    db = tmp_path / "r.sqlite3"
    harness = Harness(library, db)
    drawn = draw_exam(library.exam("sample-exam"), library, 8)
    keys = ["y"] + wrong_keys(drawn[0], layout_for(drawn[0], 8))
    keys += [ENTER, "2" + ENTER]  # question 2 (multi): nothing ticked opens the menu; "← previous question"
    keys += right_keys(drawn[0], layout_for(drawn[0], 8))  # answer question 1 again
    for q in drawn[1:]:
        keys += right_keys(q, layout_for(q, 8))
    harness.run(keys + HAND_IN, lambda app: app.exam("sample-exam"), seed=8)
    assert "您现在的答案：" in harness.text
    assert "得分 5/5（100%）" in harness.text
    assert [position for position, _ in logged(db, "answer")] == [0, 0, 1, 2, 3, 4]
    with Store(db) as store:
        (row,) = store.db.execute("SELECT id FROM attempts").fetchall()
        assert store.answers(row["id"])[0].fraction == 1.0  # the answers table keeps the final answer
        from etiquette_quiz.ui.history import render_attempt

        screen = io.StringIO()
        render_attempt(make_console(screen, width=100), store, library, store.attempt(row["id"]), "zh-CN", "zh-CN")
        assert "交卷前改过 1 次答案：五声 → 三声" in screen.getvalue()  # for the trainer, from the exam's log


def test_flag_the_answer_sheet_and_a_hand_in_that_names_what_is_left(library, tmp_path):
    db = tmp_path / "r.sqlite3"
    harness = Harness(library, db)
    drawn = draw_exam(library.exam("sample-exam"), library, 8)
    keys = ["y"] + right_keys(drawn[0], layout_for(drawn[0], 8))
    keys += [ENTER, "3" + ENTER, ENTER]  # question 2: open the menu, flag it, "next" (leaving it blank)
    for q in drawn[2:]:
        keys += right_keys(q, layout_for(q, 8))
    keys += ["6" + ENTER, ENTER]  # the sheet: hand in; the confirmation's default is No while 2 is blank
    keys += [ENTER]  # back on the sheet, the pointer is on the blank question 2
    keys += right_keys(drawn[1], layout_for(drawn[1], 8))
    keys += ["6" + ENTER, "y"]  # everything answered, 2 still flagged: hand in, and say yes
    harness.run(keys, lambda app: app.exam("sample-exam"), seed=8)
    text = harness.text
    assert "⚑ 已标记第 2 题。" in text
    assert "答题卡：已答 4/5 · 未答 1 · 标记 1" in text and "2○⚑" in text
    assert "还有 1 题未作答：第 2 题，交卷后记 0 分。" in text
    assert text.count("您标记了 1 题待复查：第 2 题。") == 2
    assert "⚑ 本题已标记。" in text  # shown again on question 2
    assert "得分 5/5（100%）" in text
    assert logged(db, "flag") == [(1, None)]


def test_a_sequential_exam_never_goes_back(tmp_path):
    lib = exam_library(tmp_path, "navigation: sequential\n")
    db = tmp_path / "r.sqlite3"
    drawn = draw_exam(lib.exam("options"), lib, 8)
    keys = ["y", UP + ENTER]  # leave question 1 blank: it does not come back
    for q in drawn[1:]:
        keys += right_keys(q, layout_for(q, 8))
    harness = Harness(lib, db)
    assert harness.run(keys, lambda app: app.exam("options"), seed=8) == FINISHED
    assert "按顺序逐题作答" in harness.text and "答题卡" not in harness.text
    assert "得分 4/5（80%）" in harness.text
    assert logged(db, "skip") == [(0, None)]


@pytest.mark.parametrize("review, shown, hidden", [
    ("score", ["得分 3/5（60%）", "本场考试只显示成绩，不显示答案。"], ["错题回顾", "答错的题已加入复习计划"]),
    ("none", ["已交卷：已答 5/5 题。成绩由培训师告知。"], ["得分", "错题回顾", "通过"]),
])
def test_review_options_decide_what_the_end_of_an_exam_shows(tmp_path, review, shown, hidden):
    lib = exam_library(tmp_path, f"review: {review}\n")
    db = tmp_path / "r.sqlite3"
    drawn = draw_exam(lib.exam("options"), lib, 8)
    keys = ["y"]
    for n, q in enumerate(drawn):
        keys += (wrong_keys if n in (0, 2) else right_keys)(q, layout_for(q, 8))
    harness = Harness(lib, db)
    harness.run(keys + HAND_IN, lambda app: app.exam("options"), seed=8)
    end = harness.text.split("答题卡：已答 5/5")[-1]
    assert all(words in end for words in shown)
    assert not any(words in end for words in hidden)
    with Store(db) as store:  # the review queue would show the right answers: not filled from this exam
        assert store.review_states(store.find_trainees("张三")[0].id) == []


def test_time_warnings_at_five_minutes_and_the_last_minute(tmp_path):
    text = (DATA / "sample-exam.yaml").read_text(encoding="utf-8").replace("time_limit: 10m", "time_limit: 50s")
    (tmp_path / "minute.yaml").write_text(text.replace("exam: sample-exam", "exam: minute"), encoding="utf-8")
    lib = load_paths([DATA, tmp_path / "minute.yaml"]).library
    harness = Harness(lib, tmp_path / "r.sqlite3")
    harness.run(["y", CTRL_C], lambda app: app.exam("minute"), seed=8)
    assert "⚠ 剩余 00:50：只剩最后 1 分钟，时间到将自动交卷。" in harness.text
    assert "不到 5 分钟了" not in harness.text  # one warning at a time: the more urgent one


def test_resume_after_the_deadline_hands_the_exam_in(library, tmp_path):
    db = tmp_path / "r.sqlite3"
    drawn = draw_exam(library.exam("sample-exam"), library, 8)
    started = datetime.now(UTC)
    harness = Harness(library, db)
    harness.run(["y"] + right_keys(drawn[0], layout_for(drawn[0], 8)) + [CTRL_C],
                lambda app: app.exam("sample-exam"), seed=8, now=lambda: started)
    later = Harness(library, db)
    outcome = later.run([], lambda app: app.resume(None), now=lambda: started + timedelta(minutes=11))
    assert outcome == FINISHED
    assert "考试暂停期间时间已于" in later.text and "用完：按已作答的 1/5 题交卷。" in later.text
    assert "得分 1/5（20%）" in later.text
    with Store(db) as store:
        (attempt,) = store.db.execute("SELECT state, elapsed FROM attempts").fetchall()
        assert (attempt["state"], attempt["elapsed"]) == ("finished", 600)
    assert [kind for kind, _ in logged(db, "time-up")] == [None]


def test_seed_is_refused_for_an_exam_unless_its_file_fixes_the_paper(library, tmp_path):
    from etiquette_quiz.errors import UserError

    harness = Harness(library, tmp_path / "r.sqlite3")
    for action, key in ((lambda app: app.exam("sample-exam", seed=8), "error.exam-seed"),
                        (lambda app: app.exam(None, seed=8), "error.exam-seed-needs-id")):
        with pytest.raises(UserError) as caught:
            harness.run([], action)
        assert caught.value.key == key
    fixed = exam_library(tmp_path, "seed: 42\n", exam_id="fixed")
    harness = Harness(fixed, tmp_path / "f.sqlite3")
    with pytest.raises(UserError) as caught:
        harness.run([], lambda app: app.exam("fixed", seed=8))
    assert caught.value.key == "error.exam-seed-fixed" and "seed 42" in caught.value.render("en")
    assert harness.run(["n"], lambda app: app.exam("fixed", seed=42)) == FINISHED  # the same paper: fine


def test_an_untimed_exam_says_nothing_about_time_running_out(tmp_path):
    text = (DATA / "sample-exam.yaml").read_text(encoding="utf-8").replace("time_limit: 10m\n", "")
    (tmp_path / "untimed.yaml").write_text(text.replace("exam: sample-exam", "exam: untimed"), encoding="utf-8")
    lib = load_paths([DATA, tmp_path / "untimed.yaml"]).library
    harness = Harness(lib, tmp_path / "r.sqlite3")
    harness.run(["n"], lambda app: app.exam("untimed"))
    intro = "".join(line.strip("│ ") for line in harness.text.splitlines())  # the panel's text, unwrapped
    assert "不限时" in intro and "未答的题记 0 分。" in intro
    assert "时间到" not in intro and "计时" not in intro


def test_the_answer_sheet_and_hand_in_in_english(library, tmp_path):
    harness = Harness(library, tmp_path / "r.sqlite3", lang="en")
    drawn = draw_exam(library.exam("sample-exam"), library, 8)
    keys = ["y"]
    for q in drawn[:-1]:
        keys += right_keys(q, layout_for(q, 8), "en")
    keys += [skip_keys(drawn[-1], layout_for(drawn[-1], 8)), ENTER, DOWN + ENTER, "y"]
    harness.run(keys, lambda app: app.exam("sample-exam"), seed=8)
    text = harness.text
    assert "you may skip questions, flag them" in text
    assert "Answer sheet: 4/5 answered · 1 blank · 0 flagged" in text
    assert "1 question is still unanswered (no. 5); they score 0." in text
    assert "Score 4/5 (80%)" in text
