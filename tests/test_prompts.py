"""Every question type's prompt, driven through prompt_toolkit's pipe input."""

from __future__ import annotations

import time

import pytest
from prompt_toolkit.input.defaults import create_pipe_input
from prompt_toolkit.output import DummyOutput

from etiquette_quiz.banks import load_file
from etiquette_quiz.session import TimeUp, layout_for
from etiquette_quiz.ui.prompts import Skipped
from etiquette_quiz.ui.prompts import TerminalPrompter as Prompter

from .conftest import DATA

BANK = load_file(DATA / "sample-bank.yaml").document
DOWN, UP, ENTER, SPACE, CTRL_C = "\x1b[B", "\x1b[A", "\r", " ", "\x03"


def question(qid):
    return next(q for q in BANK.questions if q.id == qid)


def ask(qid, keys, layout=None, **options):
    q = question(qid)
    with create_pipe_input() as pipe:
        pipe.send_text(keys)
        prompter = Prompter(options.pop("lang", "zh-CN"), input=pipe, output=DummyOutput(), **options)
        return prompter.ask(q, layout if layout is not None else layout_for(q, 1))


def test_single_picks_the_highlighted_choice():
    layout = {"choices": ["w1", "c0", "w0"]}
    assert ask("ring-count", ENTER, layout) == "w1"
    assert ask("ring-count", DOWN + ENTER, layout) == "c0"
    assert ask("ring-count", "3" + ENTER, layout) == "w0"  # number shortcut


def test_single_offers_skip_only_in_exams():
    layout = {"choices": ["w1", "c0", "w0"]}
    with pytest.raises(Skipped):
        ask("ring-count", UP + ENTER, layout, allow_skip=True)
    assert ask("ring-count", UP + ENTER, layout) == "w0"  # no skip entry: wraps to the last choice


def test_multi_ticks_with_space():
    layout = {"choices": ["w0", "c1", "c0", "w1"]}
    assert ask("rude-phrases", DOWN + SPACE + DOWN + SPACE + ENTER, layout) == ["c1", "c0"]


def test_multi_in_practice_requires_a_tick_and_in_an_exam_skips():
    layout = {"choices": ["w0", "c1", "c0", "w1"]}
    # Enter with nothing ticked is refused, then a tick goes through.
    assert ask("rude-phrases", ENTER + SPACE + ENTER, layout) == ["w0"]
    with pytest.raises(Skipped):
        ask("rude-phrases", ENTER, layout, allow_skip=True)


def test_truefalse():
    assert ask("late-apology", ENTER) is True
    assert ask("late-apology", DOWN + ENTER) is False


def test_order_picks_steps_one_by_one_then_confirms():
    layout = {"steps": [2, 0, 3, 1]}
    # step 1: pick 0 (2nd shown), step 2: 1 (last of [2, 3, 1]), step 3: 2 (first of [2, 3]); 3 is left; confirm.
    keys = DOWN + ENTER + DOWN + DOWN + ENTER + ENTER + ENTER
    assert ask("answer-steps", keys, layout) == [0, 1, 2, 3]


def test_order_can_be_redone_before_submitting():
    layout = {"steps": [2, 0, 3, 1]}
    first_try = ENTER + ENTER + ENTER + "n"   # 2, 0, 3, then 1: rejected at the confirm ("n" needs no Enter)
    second_try = DOWN + ENTER + DOWN + DOWN + ENTER + ENTER + ENTER
    assert ask("answer-steps", first_try + second_try, layout) == [0, 1, 2, 3]


def test_fill_asks_each_blank():
    assert ask("ring-fill", "３" + ENTER) == ["３"]


def test_script_takes_chinese_text():
    assert ask("hold-script", "您好，请您稍候，我帮您查询。" + ENTER) == "您好，请您稍候，我帮您查询。"


def test_script_empty_answer_skips_in_an_exam():
    with pytest.raises(Skipped):
        ask("hold-script", ENTER, allow_skip=True)


def test_practice_refuses_an_empty_typed_answer_and_takes_a_question_mark_as_giving_up():
    """BUG-6: Enter also commits IME text, so an empty answer in practice is refused, not marked wrong."""
    assert ask("hold-script", ENTER + "?" + ENTER) == ""  # ? = "I don't know": show the answer
    assert ask("hold-script", ENTER + "您好" + ENTER) == "您好"
    assert ask("ring-fill", ENTER + "？" + ENTER) == [""]


def test_match_asks_one_select_per_left_item():
    layout = {"options": ["d0", "p2", "p0", "p1"]}
    keys = "3" + ENTER + "4" + ENTER + "2" + ENTER
    assert ask("phrase-match", keys, layout) == ["p0", "p1", "p2"]


def test_ctrl_c_reaches_the_caller():
    with pytest.raises(KeyboardInterrupt):
        ask("ring-count", CTRL_C)
    with pytest.raises(KeyboardInterrupt):
        ask("hold-script", "您好" + CTRL_C)


def test_prompt_closes_with_time_up_at_the_deadline():
    deadline = time.monotonic() + 0.3
    started = time.monotonic()
    with pytest.raises(TimeUp):
        ask("hold-script", "", remaining=lambda: deadline - time.monotonic())
    assert 0.25 < time.monotonic() - started < 3


def test_no_prompt_opens_after_the_deadline():
    with pytest.raises(TimeUp):
        ask("ring-count", ENTER, remaining=lambda: 0.0)


def test_heartbeat_saves_the_clock_while_a_prompt_is_open():
    beats = []
    q = question("hold-script")
    with create_pipe_input() as pipe:
        prompter = Prompter("en", input=pipe, output=DummyOutput(), heartbeat=lambda: beats.append(1),
                            heartbeat_every=0.05, remaining=lambda: 0.4)
        with pytest.raises(TimeUp):
            prompter.ask(q, {})
    assert len(beats) >= 3


@pytest.mark.parametrize(("left", "style", "words"), [
    (900, "class:bottom-toolbar", "⏱ 剩余 15:00"),
    (300, "class:clock-low", "⚠ ⏱ 剩余 05:00 — 不到 5 分钟"),
    (59.2, "class:clock-last", "⚠ ⏱ 剩余 01:00 — 最后 1 分钟"),
])
def test_the_clock_line_changes_look_and_words_in_the_last_minutes(left, style, words):
    prompter = Prompter("zh-CN", remaining=lambda: left, status=lambda: "已答 1/5 · 标记 0")
    ((shown_style, text),) = prompter._toolbar()
    assert shown_style == style and text == f"{words}  ·  已答 1/5 · 标记 0"


def test_a_list_starts_on_its_default_and_an_exam_names_its_skip_entry():
    with create_pipe_input() as pipe:
        pipe.send_text(ENTER)
        prompter = Prompter("en", input=pipe, output=DummyOutput())
        assert prompter.select("Which?", ["a", "b", "c"], skippable=False, default="b") == "b"
    with create_pipe_input() as pipe:
        pipe.send_text(UP + ENTER)
        prompter = Prompter("en", allow_skip=True, skip_label="☰ Skip, flag…", input=pipe, output=DummyOutput())
        with pytest.raises(Skipped):
            prompter.select("Which?", ["a", "b"])


# -- the choice list at any size (BUG-3) -------------------------------------------------------------------
from questionary import Choice  # noqa: E402

from etiquette_quiz.ui.layout import CLOSING, text_width  # noqa: E402
from etiquette_quiz.ui.prompts import ChoiceList  # noqa: E402

LONG = [
    "Stand up, step towards the customer, look at them and take it with both hands, then read it before putting it away",
    "Take it one-handed without getting up",
    "“对不起，公司规定上班时间不允许接听私人电话，请您下班后再与她联系，谢谢您的理解与配合。”",
    "Put it straight into your pocket",
]


def plain(line) -> str:
    return "".join(text for _, text in line)


@pytest.mark.parametrize("width", [60, 80, 120])
@pytest.mark.parametrize("multi", [False, True])
def test_long_choices_wrap_under_their_number(width, multi):
    listing = ChoiceList("Your answer:", [Choice(text, value=n) for n, text in enumerate(LONG)],
                         instruction="(↑↓ or number, Enter)", multi=multi)
    lines = [plain(line) for line in listing.lines(width, None)[0]]
    assert all(text_width(line) <= width for line in lines)
    body = lines[1:]
    # the first line carries the number; every continuation starts under the text, not under the number
    starts = [n for n, line in enumerate(body) if line[3:].lstrip("●○ ")[:2] in ("1)", "2)", "3)", "4)")]
    assert len(starts) == 4
    text_column = body[starts[0]].index("1)") + 3
    for n, line in enumerate(body):
        if n not in starts:
            assert line[:text_column].strip() == "" and line[text_column:text_column + 1] != " ", line
            assert line.strip()[:1] not in CLOSING
    for n, text in enumerate(LONG):
        block = body[starts[n]: starts[n + 1] if n + 1 < len(starts) else None]
        assert "".join(line[text_column:] for line in block).replace(" ", "") == text.replace(" ", "")


def test_the_highlighted_choice_stays_whole_on_a_short_screen():
    choices = [Choice(f"{n}: " + "a long choice that wraps onto two lines at forty columns", value=n) for n in range(12)]
    listing = ChoiceList("Pick one:", choices)
    for step in range(25):  # down through the list and round again
        shown, cursor = listing.lines(40, 10)
        text = [plain(line) for line in shown]
        assert len(text) <= 10
        pointed = listing.pointed
        assert any(line.startswith(f" » {pointed + 1:>2}) {pointed}:") for line in text), (step, text)
        first = next(n for n, line in enumerate(text) if line.startswith(" »"))
        assert text[first + 1].strip().endswith("forty columns")  # its second line is on screen too
        assert cursor == first
        listing.move(1)
    above = [plain(line) for line in listing.lines(40, 10)[0]]
    assert any("more above" in line for line in above) or any("more below" in line for line in above)


def test_disabled_entries_keep_their_number_and_are_skipped():
    listing = ChoiceList("?", [Choice("a", value="a"), Choice("b", value="b", disabled="0"), Choice("c", value="c")])
    lines = [plain(line) for line in listing.lines(40, None)[0]]
    assert [line.strip() for line in lines[1:]] == ["» 1) a", "2) b", "3) c"]
    listing.move(1)
    assert listing.value() == "c"
    listing.jump(2)
    assert listing.value() == "c"


def test_a_pick_is_echoed_in_full_and_the_ticked_banks_by_name():
    """UX-19: the practice bank picker says which banks were ticked, not "2 ticked"."""
    from prompt_toolkit.output.vt100 import Vt100_Output

    class Screen:
        def __init__(self):
            self.data = []

        def write(self, text):
            self.data.append(text)

        def flush(self):
            pass

        def isatty(self):
            return False

        def fileno(self):
            raise OSError

        encoding = "utf-8"

    screen = Screen()
    output = Vt100_Output(screen, lambda: __import__("prompt_toolkit").data_structures.Size(rows=24, columns=80),
                          term="dumb")
    with create_pipe_input() as pipe:
        pipe.send_text(SPACE + DOWN + DOWN + SPACE + ENTER)
        prompter = Prompter("en", input=pipe, output=output)
        picked = prompter.checkbox("Which banks?", [Choice("Phone scripts  (107)", value="p"),
                                                    Choice("Posture  (77)", value="q"),
                                                    Choice("Grooming  (70)", value="g")], "(Space to tick)")
    assert picked == ["p", "g"]
    assert "Phone scripts  (107), Grooming  (70)" in "".join(screen.data)
