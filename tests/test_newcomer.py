"""The newcomer's report (reports/newcomer-2026-11.md): one test per BUG and UX item fixed by issue 13.

Items tested elsewhere: BUG-3 (tests/test_prompts.py, test_fit.py, test_terminal_fit.py), BUG-6
(test_prompts.py), BUG-9 (test_yaml_loaders.py), UX-2 and UX-3 (test_app.py, test_e2e.py),
POLISH-2 (test_layout.py).
"""

from __future__ import annotations

import io
from datetime import UTC, datetime

import pytest
from prompt_toolkit.input.defaults import create_pipe_input
from prompt_toolkit.output import DummyOutput

from etiquette_quiz.banks import load_paths
from etiquette_quiz.errors import UserError
from etiquette_quiz.grading import grade
from etiquette_quiz.paths import Config
from etiquette_quiz.session import layout_for
from etiquette_quiz.store import Store
from etiquette_quiz.trainees import resolve_trainee
from etiquette_quiz.ui import render
from etiquette_quiz.ui.app import QuizApp
from etiquette_quiz.ui.console import make_console

from .conftest import DATA
from .quizkeys import CTRL_C, ENTER, right_keys, wrong_keys
from .terminal import Terminal

LIBRARY = load_paths([DATA]).library


@pytest.fixture
def store(tmp_path):
    with Store(tmp_path / "r.sqlite3") as store:
        yield store


def run_app(store, keys, action, lang="zh-CN", library=LIBRARY, trainee=None, **options):
    screen = io.StringIO()
    with create_pipe_input() as pipe:
        pipe.send_text("".join(keys))
        pipe.close()
        trainee = trainee or (store.find_trainees("张三") or [store.create_trainee("张三", "A1024")])[0]
        app = QuizApp(library=library, store=store, console=make_console(screen, width=100), lang=lang,
                      content_lang=lang, trainee=trainee, seed_source=lambda: 1,
                      prompt_io={"input": pipe, "output": DummyOutput()}, **options)
        result = action(app)
    return result, screen.getvalue()


# -- BUG-2: an unknown bank or exam id names the real ones ---------------------------------------------


def test_an_unknown_bank_suggests_from_the_banks_on_disk_not_the_ones_read(store):
    with pytest.raises(UserError) as caught:
        run_app(store, [], lambda app: app.practice(banks=["groming"]), library=load_paths([]).library,
                known_banks=["grooming", "posture"])
    message = caught.value.render("en")
    assert "did you mean grooming?" in message and "loaded banks: grooming, posture." in message


def test_an_unknown_bank_in_a_real_run(tmp_path):
    term = Terminal(["--lang", "en", "--trainee", "x", "practice", "--bank", "groming"], tmp_path / "h",
                    env={"ETIQUETTE_QUIZ_HOME": str(tmp_path / "h")})
    term.wait_for("Add x as a new trainee")  # BUG-5: an unknown --trainee asks first
    term.send("\x1b[A" + ENTER)  # "Cancel" is the last entry
    assert term.exit_code() == 2
    assert "nobody was added" in term.everything
    term = Terminal(["--lang", "en", "practice", "--bank", "groming"], tmp_path / "h")
    term.wait_for("Your name")
    term.send("Amy" + ENTER)
    term.wait_for("Employee number")
    term.send(ENTER)
    term.wait_for("did you mean grooming?")
    assert "loaded banks: business-cards, complaints" in term.everything.replace("\r\n", "")
    assert term.exit_code() == 2


# -- BUG-5: employee numbers and names match however they are typed ------------------------------------


def test_full_width_employee_numbers_and_case_match(store):
    person = store.create_trainee("李小红", "ＡＢ-007")
    assert person.employee_no == "AB-007"  # stored NFKC
    assert store.find_trainees("AB-007") == [person]
    assert store.find_trainees(" ab-００７ ") == [person]
    assert store.find_trainees("李小红 ") == [person]


def test_an_unknown_trainee_is_never_created_silently(store, tmp_path):
    store.create_trainee("李小红", "AB-007")
    with pytest.raises(UserError) as caught:
        resolve_trainee(store, Config(), tmp_path / "c.toml", "李小虹")
    assert caught.value.message_id == "error.unknown-trainee"
    assert "李小红 (AB-007)" in caught.value.render("zh-CN")
    assert [p.name for p in store.trainees()] == ["李小红"]
    asked = []

    def confirm(name, similar):
        asked.append((name, [p.name for p in similar]))
        return similar[0]

    chosen = resolve_trainee(store, Config(), tmp_path / "c.toml", "李小虹", confirm_new=confirm)
    assert chosen.name == "李小红" and asked == [("李小虹", ["李小红"])]


def test_import_matches_employee_numbers_however_typed(store, tmp_path):
    import json

    from etiquette_quiz.store.merge import merge

    local = store.create_trainee("李小红", "AB-007")
    export = {"format": "etiquette-quiz/results", "version": 1,
              "trainees": [{"id": "other-id", "name": "李小红", "employee_no": "ａｂ-007", "created_at": ""}],
              "attempts": [], "reviews": []}
    path = tmp_path / "x.json"
    path.write_text(json.dumps(export), encoding="utf-8")
    report = merge(store, path)
    assert report.trainees_matched == 1 and [p.id for p in store.trainees()] == [local.id]


# -- BUG-11 ----------------------------------------------------------------------------------------------


def test_history_of_an_unknown_attempt_points_to_history(run, tmp_path):
    from etiquette_quiz.store import Store

    Store(tmp_path / "r.sqlite3").close()  # a store that exists: history only reads one (a missing --db is a typo)
    result = run("--lang", "en", "--db", str(tmp_path / "r.sqlite3"), "history", "nosuchid")
    assert result.exit_code == 2
    assert "`etiquette-quiz history` lists yours" in result.output
    assert "resume" not in result.output


# -- UX-4: every mark in words as well as colour ----------------------------------------------------------


@pytest.mark.parametrize("lang", ["zh-CN", "en"])
def test_choice_marks_say_in_words_which_is_right_and_which_was_picked(lang, monkeypatch):
    monkeypatch.setenv("NO_COLOR", "1")
    multi = LIBRARY.question("sample/rude-phrases")
    layout = {"choices": ["w0", "c1", "c0", "w1"]}
    response = ["w0", "c1"]  # one wrong pick, one right pick, one right answer missed
    screen = io.StringIO()
    console = make_console(screen, width=100)
    render.feedback(console, multi, layout, response, grade(multi, response), lang, lang, LIBRARY)
    lines = screen.getvalue().replace("\u00a0", " ").splitlines()
    words = {"zh-CN": ("您的选择（错误）", "正确答案 · 您的选择", "正确答案（漏选）"),
             "en": ("your choice (wrong)", "correct answer · your choice", "correct answer (not ticked)")}[lang]
    marked = [line for line in lines if line.strip() and line.lstrip()[0] in "✔✘○→"]
    assert len(marked) == 4  # the verdict and three choices
    for word in words:
        assert sum(word in line for line in marked) == 1, (word, lines)
    assert "\x1b[" not in screen.getvalue()
    single = LIBRARY.question("sample/silent-call")
    screen = io.StringIO()
    render.feedback(make_console(screen, width=100), single, {"choices": ["w0", "w1", "c0"]}, "w0",
                    grade(single, "w0"), lang, lang, LIBRARY)
    right = next(line for line in screen.getvalue().replace("\u00a0", " ").splitlines()
                 if line.strip().startswith("→"))
    assert ("正确答案" if lang == "zh-CN" else "correct answer") in right


def test_order_feedback_shows_the_trainees_own_order_step_by_step():
    """POLISH-6: not "1 → 3 → 2 → 4" in the right list's numbering, but the steps as placed."""
    question = LIBRARY.question("sample/answer-steps")
    response = [0, 2, 1, 3]
    screen = io.StringIO()
    render.feedback(make_console(screen, width=100), question, {}, response, grade(question, response), "en", "en",
                    LIBRARY)
    text = screen.getvalue()
    steps = [step.get("en") for step in question.body.steps]
    assert f"✔ 1. {steps[0]}" in text and f"✘ 2. {steps[2]}" in text and "(step 3 in the right order)" in text


# -- UX-6: discard, and a menu whose numbers do not move ---------------------------------------------------


def test_an_unfinished_attempt_can_be_discarded_and_stays_as_abandoned(store):
    drawn = list(LIBRARY.bank("sample").questions)
    outcome, _ = run_app(store, [CTRL_C], lambda app: app.practice(banks=["sample"], count=3, seed=2))
    assert outcome == "paused"
    (attempt,) = store.unfinished(store.find_trainees("张三")[0].id)
    _, text = run_app(store, ["y"], lambda app: app.discard(attempt.id[:8]))
    assert "已放弃答题" in text
    assert store.attempt(attempt.id).state == "abandoned"
    assert store.unfinished(attempt.trainee_id) == []
    with pytest.raises(UserError) as caught:
        run_app(store, [], lambda app: app.resume(attempt.id[:8]))
    assert caught.value.message_id == "error.attempt-abandoned"
    from etiquette_quiz.progress import progress

    data = progress(store, LIBRARY, store.trainee(attempt.trainee_id), datetime.now(UTC))
    assert [a.state for a in data.attempts] == ["abandoned"] and drawn


def test_the_home_menu_keeps_its_numbers_with_or_without_something_to_resume(store):
    from etiquette_quiz.ui.prompts import ChoiceList

    menus = []

    def capture(self, message, choices, skippable=True):
        menus.append([getattr(c, "title", "") for c in choices if getattr(c, "value", None) is not None])
        listing = ChoiceList(message, choices)
        menus[-1] = [listing.numbers[n] for n in range(len(choices)) if n not in listing.separators]
        return "quit"

    import etiquette_quiz.ui.prompts as prompts

    original = prompts.TerminalPrompter.select
    prompts.TerminalPrompter.select = capture
    try:
        run_app(store, [], lambda app: app.home())
        run_app(store, [CTRL_C], lambda app: app.practice(banks=["sample"], count=2, seed=2))
        run_app(store, [], lambda app: app.home())
    finally:
        prompts.TerminalPrompter.select = original
    assert menus[0] == menus[-1] == [1, 2, 3, 4, 5, 6, 7]


# -- trainee management ----------------------------------------------------------------------------------


def test_rename_and_remove_a_trainee(store):
    amy = store.create_trainee("Amy", "E1")
    bo = store.create_trainee("Bo", "E2")
    store.rename_trainee(amy.id, "Amy Chen", "Ｅ1")
    assert store.trainee(amy.id).name == "Amy Chen" and store.trainee(amy.id).employee_no == "E1"
    run_app(store, [CTRL_C], lambda app: app.practice(banks=["sample"], count=2, seed=2), trainee=bo)
    store.remove_trainee(bo.id)  # results kept
    assert [p.name for p in store.trainees()] == ["Amy Chen"]
    assert store.find_trainees("Bo") == [] and store.find_trainees("Bo", include_removed=True)
    assert len(store.attempts_of(bo.id)) == 1
    store.remove_trainee(amy.id, delete_results=True)
    assert store.trainee(amy.id) is None


def test_removing_from_the_app_asks_and_keeps_results_by_default(store):
    bo = store.create_trainee("Bo", "E2")
    run_app(store, [CTRL_C], lambda app: app.practice(banks=["sample"], count=2, seed=2), trainee=bo)
    # pick Bo (the list is by name: Bo, 张三), confirm, keep the results, then switch to 张三
    zhang = store.create_trainee("张三", "A1024")
    _, text = run_app(store, [ENTER, "y", "n", ENTER], lambda app: app.remove_trainee(), lang="en", trainee=bo)
    assert "Bo (E2) is removed from the list; their results are kept (1 attempt)." in text
    assert store.trainee(bo.id).removed_at and len(store.attempts_of(bo.id)) == 1
    assert [p.id for p in store.trainees()] == [zhang.id]


def test_a_removed_trainee_in_the_config_is_asked_for_again(store, tmp_path):
    gone = store.create_trainee("Bo")
    store.remove_trainee(gone.id)
    with pytest.raises(UserError) as caught:
        resolve_trainee(store, Config(trainee="Bo", trainee_id=gone.id), tmp_path / "c.toml")
    assert caught.value.message_id == "error.no-trainee"


def test_migration_6_adds_the_removed_column(tmp_path):
    import shutil
    import sqlite3

    path = tmp_path / "old.sqlite3"
    shutil.copy(DATA / "store-v1.sqlite3", path)
    Store(path).close()
    columns = [row[1] for row in sqlite3.connect(path).execute("PRAGMA table_info(trainees)")]
    assert "removed_at" in columns


# -- UX-9, UX-10, UX-15, UX-16, UX-17, UX-18, UX-19 -------------------------------------------------------


def test_an_untimed_exam_does_not_warn_about_time_running_out(store, tmp_path):
    (tmp_path / "e.yaml").write_text("exam: untimed\ntitle: 不限时\nsections:\n  - questions: [sample/ring-count]\n",
                                     encoding="utf-8")
    library = load_paths([DATA, tmp_path / "e.yaml"]).library
    _, text = run_app(store, ["n"], lambda app: app.exam("untimed"), library=library)
    assert "不限时" in text and "时间到将自动交卷" not in text
    _, text = run_app(store, ["n"], lambda app: app.exam("sample-exam"))
    assert "时间到将自动交卷" in text


def test_after_a_practice_the_reviews_ahead_are_counted(store):
    question = LIBRARY.question("sample/ring-count")
    keys = wrong_keys(question, layout_for(question, 1)) + [" "]
    _, text = run_app(store, keys, lambda app: app.practice(banks=["sample"], tags=["接听"], seed=1), lang="en")
    assert "the next comes due in" in text or "comes due in" in text


def test_situational_questions_are_those_with_a_scenario(tmp_path):
    from etiquette_quiz.ui.stats import situational

    script = LIBRARY.question("sample/hold-script")
    assert script.scenario is not None and situational(script)
    assert not situational(LIBRARY.question("sample/late-apology"))


def test_one_typo_is_one_error_and_missing_fields_name_their_question(tmp_path):
    bank = tmp_path / "b.yaml"
    bank.write_text("bank: b\ntitle: t\nquestions:\n  - id: greet\n    type: single\n    promt: 问候？\n"
                    "    correct: 您好\n    wrong: [喂]\n    explain: x\n  - id: yes-no\n    type: truefalse\n"
                    "    prompt: 对吗？\n    explain: x\n", encoding="utf-8")
    problems = load_paths([bank]).problems
    assert [p.code for p in problems if p.severity == "error"] == ["unknown-key", "question-missing-field"]
    missing = next(p for p in problems if p.code == "question-missing-field")
    assert "`yes-no`" in missing.message("en") and "answer: true" in missing.message("en")


def test_many_untranslated_questions_make_one_warning(tmp_path):
    questions = "".join(f"  - id: q{n}\n    type: truefalse\n    prompt: 题{n}\n    answer: true\n    explain: x\n"
                        for n in range(8))
    bank = tmp_path / "b.yaml"
    bank.write_text("bank: b\ntitle: t\nquestions:\n  - id: first\n    type: truefalse\n"
                    "    prompt: {zh-CN: 对吗？, en: Right?}\n    answer: true\n    explain: x\n" + questions,
                    encoding="utf-8")
    warnings = [p for p in load_paths([bank]).problems if p.code.startswith("missing-translation")]
    assert [p.code for p in warnings] == ["missing-translation-many"]
    assert "9 questions have no en text: first, q0, q1, …" in warnings[0].message("en")  # `first` lacks explain


def test_a_home_folder_under_a_file_is_named_plainly(run, tmp_path, monkeypatch):
    blocker = tmp_path / "afile"
    blocker.write_text("x")
    monkeypatch.setenv("ETIQUETTE_QUIZ_HOME", str(blocker / "home"))
    result = run("--lang", "en", "history")
    assert result.exit_code == 3
    assert f"{blocker} is a file, so {blocker / 'home'} cannot be a folder" in result.output


def test_the_first_run_says_why_an_empty_name_is_refused(tmp_path):
    term = Terminal(["--lang", "zh-CN"], tmp_path / "h", columns=80, rows=24)
    term.wait_for("您的姓名")
    term.send(ENTER)
    term.wait_for("请输入姓名。")
    term.child.terminate(force=True)


def test_bank_stats_fails_when_a_bank_is_broken(run, tmp_path):
    (tmp_path / "ok.yaml").write_text((DATA / "sample-bank.yaml").read_text(encoding="utf-8"), encoding="utf-8")
    (tmp_path / "broken.yaml").write_text("bank: broken\ntitle: [\n", encoding="utf-8")
    result = run("--lang", "en", "bank", "stats", str(tmp_path))
    assert result.exit_code == 1
    assert "sample" in result.output


def test_history_trends_one_line_per_exam(store):
    """UX-19: scores of different exams are never joined into one trend."""
    from fractions import Fraction

    from etiquette_quiz.progress import AttemptSummary, Progress
    from etiquette_quiz.ui.history import exam_trends

    def summary(exam, score):
        return AttemptSummary("i", "t", None, "exam", exam, exam.upper(), "", None, 1, "finished", Fraction(score),
                              Fraction(10), None, 1, 1)

    data = Progress(None, [summary("a", 3), summary("b", 10), summary("a", 5), summary("b", 9)], [], [], [], 0, None)
    lines = [line.strip() for line in _draw(exam_trends(data, LIBRARY, "en", "en"))]
    assert len(lines) == 2 and lines[0].startswith("A") and lines[1].startswith("B")
    assert "30% → 50%" in lines[0] and "100% → 90%" in lines[1]


def _draw(renderable, width: int = 80) -> list[str]:
    screen = io.StringIO()
    make_console(screen, width=width).print(renderable)
    return [line for line in screen.getvalue().splitlines() if line.strip()]


def test_polish_wording():
    from etiquette_quiz.ui.app import _duration
    from etiquette_quiz.ui.prompts import quoted

    assert _duration(30, "zh-CN") == "限时 30 秒" and _duration(90, "en") == "1 min 30 s"
    assert quoted("“Well, there's nothing I can do!”", "en") == "“Well, there's nothing I can do!”"  # POLISH-3
    assert quoted("客户仍不接受道歉", "zh-CN") == "「客户仍不接受道歉」"


def test_right_keys_still_answer_every_type():
    """The keys the terminal tests type still work with the new choice list (a guard for the helpers)."""
    for question in LIBRARY.bank("sample").questions:
        assert right_keys(question, layout_for(question, 1))


def test_removing_a_trainee_with_results_removes_their_exam_logs_too(store):
    from etiquette_quiz.store import ATTEMPT_TABLES

    bo = store.create_trainee("Bo", "E2")
    run_app(store, [ENTER, CTRL_C], lambda app: app.exam("sample-exam"), trainee=bo)
    (attempt,) = store.attempts_of(bo.id)
    assert store.events(attempt.id), "an exam keeps a log"
    store.remove_trainee(bo.id, delete_results=True)
    assert store.trainee(bo.id) is None and store.attempt(attempt.id) is None
    tables = {row[0] for row in store.db.execute("SELECT name FROM sqlite_master WHERE type = 'table'")}
    per_attempt = {t for t in tables if "attempt_id" in
                   {c[1] for c in store.db.execute(f"PRAGMA table_info({t})")}}
    assert per_attempt == set(ATTEMPT_TABLES)
