"""Through a real terminal (pexpect + pyte) at 60, 80 and 120 columns, in Chinese and English: the longest
bundled question of every type is shown, asked and explained with nothing cut, and `history` and
`bank stats` fit (issue 13.1; tests/test_fit.py checks more questions in-process)."""

from __future__ import annotations

import sys
import time

import pytest

from etiquette_quiz.banks import bundled_banks_dir, load_paths
from etiquette_quiz.model import QUESTION_TYPES, MatchBody
from etiquette_quiz.scores import format_score
from etiquette_quiz.session import draw_exam, layout_for

from .conftest import DATA
from .quizkeys import right_keys
from .terminal import Terminal
from .test_fit import choice_texts, longest

pytestmark = pytest.mark.skipif(sys.platform == "win32", reason="needs a POSIX pseudo-terminal")

SEED = 5


def squeeze(text: str) -> str:
    """The text without white space, nor the panel's side borders (a prompt wraps inside them)."""
    return "".join(text.replace("│", " ").split())


@pytest.fixture(scope="module")
def exam_folder(tmp_path_factory):
    """An exam of the longest question of each type, with feedback after each answer."""
    folder = tmp_path_factory.mktemp("fit-exam")
    keys = ", ".join(longest(qtype, 1)[0].key for qtype in QUESTION_TYPES)
    (folder / "fit.yaml").write_text(
        f"exam: fit\ntitle: {{zh-CN: 排版检查, en: Layout check}}\nfeedback: immediate\nseed: {SEED}\n"
        f"sections:\n  - questions: [{keys}]\n", encoding="utf-8")
    return folder


def shown_first(question, lang: str) -> list[str]:
    """What the first prompt of a question lists (a match question also names its first left item, a typed
    answer's prompt says how to answer and skip, as an exam asks it)."""
    from etiquette_quiz.i18n import t

    extra = [question.body.pairs[0].left.get(lang)] if isinstance(question.body, MatchBody) else []
    help_key = {"script": "quiz.script-help-skip", "fill": "quiz.blank-help-skip"}.get(question.type.value)
    if help_key is not None:
        extra.append(t(help_key, lang))
    return choice_texts(question, lang) + extra


def on_screen(term: Terminal, texts: list[str], timeout: float = 10.0) -> list[str]:
    """The texts not (yet) whole on the screen once the prompt has been drawn, or the time is up."""
    deadline = time.monotonic() + timeout
    while True:
        term.pump(0.1)
        screen = squeeze(term.text)
        missing = [text for text in texts if squeeze(text) not in screen]
        if not missing or time.monotonic() > deadline:
            return missing


def wait_count(term: Terminal, needle: str, count: int, timeout: float = 15.0) -> None:
    """Wait until `needle` has been written `count` times (this question's, not the last one's)."""
    deadline = time.monotonic() + timeout
    while term.everything.count(needle) < count:
        assert time.monotonic() < deadline, f"{needle!r} not shown {count} times:\n{term.text}"
        term.pump(0.1)


@pytest.mark.parametrize("columns", [60, 80, 120])
@pytest.mark.parametrize("lang", ["zh-CN", "en"])
def test_every_question_type_in_a_real_terminal(tmp_path, exam_folder, columns, lang):
    library = load_paths([bundled_banks_dir(), exam_folder]).library
    questions = draw_exam(library.exam("fit"), library, SEED)
    home = tmp_path / "home"
    home.mkdir()
    (home / "config.toml").write_text('trainee = "陈晓"\n', encoding="utf-8")
    term = Terminal(["--banks", str(exam_folder), "--lang", lang, "exam", "fit"], home,
                    columns=columns, rows=70)
    term.wait_for("现在开始考试吗" if lang == "zh-CN" else "Start the exam now?")
    term.send("y")
    total = len(questions)
    for n, question in enumerate(questions, 1):
        term.wait_for(f"第 {n}/{total} 题" if lang == "zh-CN" else f"Question {n}/{total}")
        expected = [] if "___" in question.prompt.get(lang) else [question.prompt.get(lang)]
        expected += shown_first(question, lang)
        missing = on_screen(term, expected)
        assert missing == [], f"cut at {columns}: {missing}\n{term.text}"
        for keys in right_keys(question, layout_for(question, SEED), lang):
            term.send(keys, settle=0.1)
        wait_count(term, "回答正确" if lang == "zh-CN" else "✔ Right", n)
        wait_count(term, "按任意键" if lang == "zh-CN" else "Press any key", n)
        if question.explain is not None:
            assert squeeze(question.explain.get(lang)) in squeeze(term.everything)
        term.send(" ")
    term.wait_for("得分" if lang == "zh-CN" else "Score")
    assert term.exit_code() == 0


@pytest.mark.parametrize("columns", [60, 80, 120])
@pytest.mark.parametrize("lang", ["zh-CN", "en"])
def test_history_and_stats_in_a_real_terminal(tmp_path, columns, lang):
    from etiquette_quiz.store import Store

    from .resultsdata import build_store

    home = tmp_path / "home"
    home.mkdir()
    build_store(home / "results.sqlite3", load_paths([DATA]).library, trainees=2, exams_each=2).close()
    with Store(home / "results.sqlite3") as store:
        attempts = store.attempts_of(None)
    term = Terminal(["--banks", str(DATA), "--lang", lang, "history", "--all"], home, columns=columns, rows=70)
    assert term.exit_code() == 0
    screen = term.text
    assert "…" not in screen
    for attempt in attempts:
        assert attempt.id[:8] in screen
        assert attempt.trainee in screen
        assert format_score(attempt.score, attempt.max_score) in screen
    term = Terminal(["--lang", lang, "bank", "stats"], home, columns=columns, rows=70)
    assert term.exit_code() == 0
    assert "…" not in term.everything
    for bank in load_paths([bundled_banks_dir()]).library.banks:
        assert bank.id in term.everything
