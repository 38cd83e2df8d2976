"""Nothing a trainee needs is cut off at 60, 80 or 120 columns, in Chinese or English (issue 13.1).

Every question type (the bundled questions with the longest texts), its prompt, its feedback, the end
screen and every table are drawn at each width; each line must fit, and every text must be there whole
(lines may wrap, so texts are compared without their white space; ids, dates and scores must also be
whole on one line). tests/test_terminal_fit.py does the same through a real terminal.
"""

from __future__ import annotations

import io
import re
from datetime import UTC, datetime

import pytest
from questionary import Choice
from rich.console import Console

from etiquette_quiz.banks import bundled_banks_dir, load_paths
from etiquette_quiz.grading import grade
from etiquette_quiz.model import QUESTION_TYPES, ChoiceBody, FillBody, MatchBody, OrderBody, ScriptBody, TrueFalseBody
from etiquette_quiz.progress import plan_banks, progress
from etiquette_quiz.review import due_queue
from etiquette_quiz.scores import format_score
from etiquette_quiz.session import QuizSession, layout_for, slots_from_plan
from etiquette_quiz.ui import render
from etiquette_quiz.ui.history import render_due, render_progress
from etiquette_quiz.ui.layout import text_width
from etiquette_quiz.ui.prompts import ChoiceList, quoted
from etiquette_quiz.ui.stats import render_stats

from .conftest import DATA
from .resultsdata import response_for

WIDTHS = (60, 80, 120)
LANGS = ("zh-CN", "en")
LIBRARY = load_paths([bundled_banks_dir(), DATA]).library


def squeeze(text: str) -> str:
    return "".join(text.split())


def draw(renderable, width: int) -> list[str]:
    console = Console(file=io.StringIO(), width=width, color_system=None, markup=False, emoji=False, highlight=False)
    console.print(renderable)
    return console.file.getvalue().splitlines()


def drawn_with(width: int, action) -> list[str]:
    console = Console(file=io.StringIO(), width=width, color_system=None, markup=False, emoji=False, highlight=False)
    action(console)
    return console.file.getvalue().splitlines()


def fits(lines: list[str], width: int) -> str:
    too_wide = [line for line in lines if text_width(line.rstrip()) > width]
    assert too_wide == [], f"wider than {width}: {too_wide[:3]}"
    return squeeze("".join(line.strip("│ ") for line in lines))


def choice_texts(question, lang: str) -> list[str]:
    body = question.body
    if isinstance(body, ChoiceBody):
        return [body.choice(cid).text.get(lang) for cid in body.choice_ids]
    if isinstance(body, OrderBody):
        return [step.get(lang) for step in body.steps]
    if isinstance(body, MatchBody):
        return [body.option(oid).get(lang) for oid in body.option_ids]
    return []


def longest(qtype, count: int = 3):
    """The questions of a type with the most text: the ones most likely to be cut."""
    pool = [q for q in LIBRARY.questions if q.type.value == qtype]
    size = {q.key: sum(len(t) for lang in LANGS for t in [q.prompt.get(lang), *choice_texts(q, lang)]) for q in pool}
    return sorted(pool, key=lambda q: -size[q.key])[:count]


CASES = [(q, width, lang) for qtype in QUESTION_TYPES for q in longest(qtype) for width in WIDTHS for lang in LANGS]


@pytest.mark.parametrize(("question", "width", "lang"), CASES,
                         ids=[f"{q.key}-{w}-{lang}" for q, w, lang in CASES])
def test_a_question_its_prompt_and_its_feedback_fit(question, width, lang):
    panel = fits(draw(render.question_panel(question, 7, 25, lang, lang, LIBRARY), width), width)
    prompt = question.prompt.get(lang)
    assert squeeze(render._number_blanks(prompt) if isinstance(question.body, FillBody) else prompt) in panel
    layout = layout_for(question, 3)
    messages = []
    if isinstance(question.body, MatchBody):
        messages = [f"1/{len(question.body.pairs)} {quoted(pair.left.get(lang), lang)} goes with:"
                    for pair in question.body.pairs]
    for message in messages or ["Your answer:"]:
        choices = [Choice(text, value=n) for n, text in enumerate(choice_texts(question, lang))]
        if not choices:
            break
        listing = ChoiceList(message, choices, instruction="（↑↓ 或数字键选择，回车确认）",
                             multi=question.type.value == "multi")
        shown = fits(["".join(text for _, text in line) for line in listing.lines(width, None)[0]], width)
        assert squeeze(message) in shown
        for text in choice_texts(question, lang):
            assert squeeze(text) in shown, text
    import random

    response = response_for(question, False, random.Random(1))
    mark = grade(question, response)
    lines = drawn_with(width, lambda console: render.feedback(console, question, layout, response, mark, lang, lang,
                                                              LIBRARY))
    feedback = fits(lines, width)
    expected = [] if isinstance(question.body, MatchBody) else list(choice_texts(question, lang))
    if question.explain is not None:
        expected.append(question.explain.get(lang))
    if isinstance(question.body, ScriptBody):
        expected.append(question.body.model.get(lang))
    if isinstance(question.body, MatchBody):  # every pair, the right match beside it (decoys are not repeated)
        expected += [text for pair in question.body.pairs for text in (pair.left.get(lang), pair.right.get(lang))]
    for rule in LIBRARY.rule_of(question):
        expected.append(rule.text.get(lang))
    for text in expected:
        assert squeeze(text) in feedback, text
    if isinstance(question.body, TrueFalseBody):
        assert squeeze("正确答案" if lang == "zh-CN" else "Right answer") in feedback


def finished_session(questions, lang):
    answers = {}

    def record(slot, response, mark, seconds, elapsed):
        answers[slot.position] = response

    plan = [{"key": q.key, "hash": q.content_hash, "layout": layout_for(q, 1)} for q in questions]
    session = QuizSession("a", "exam", slots_from_plan(plan, LIBRARY), record, pass_mark=0.8, immediate_feedback=False)
    import random

    for slot in session.slots:
        session.submit(slot, response_for(slot.question, slot.position % 2 == 0, random.Random(slot.position)), 3.0)
    return session


@pytest.mark.parametrize("width", WIDTHS)
@pytest.mark.parametrize("lang", LANGS)
def test_the_end_screen_fits(width, lang):
    questions = [longest(qtype, 1)[0] for qtype in QUESTION_TYPES]
    result = finished_session(questions, lang).result()
    lines = drawn_with(width, lambda console: render.result_summary(console, result, lang, lang, LIBRARY,
                                                                   "新员工服务礼仪入职考核"))
    fits(lines, width)
    # a bank's name may wrap in its column, beside its bar: read the column to the left of the bars
    names = squeeze("".join(re.split("[█░]", line.strip("│ "))[0] for line in lines))
    for bank in {q.bank for q in questions}:
        assert squeeze(LIBRARY.bank(bank).title.get(lang)) in names


# -- tables ------------------------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def cohort_store(tmp_path_factory):
    from etiquette_quiz.review import update
    from etiquette_quiz.store import Store

    from .resultsdata import build_store

    path = tmp_path_factory.mktemp("fit") / "store.sqlite3"
    build_store(path, load_paths([DATA]).library, trainees=3, exams_each=2).close()
    store = Store(path)
    trainee = store.trainees()[0]
    with store.write():  # the longest questions missed, so they are due for review
        for question in (longest(qtype, 1)[0] for qtype in QUESTION_TYPES):
            store.save_review(trainee.id, update(None, question_key=question.key, bank=question.bank,
                                                 content_hash=question.content_hash, fraction=0.0, seconds=5,
                                                 qtype=question.type.value, now=datetime(2026, 11, 1, tzinfo=UTC)))
    return store


@pytest.mark.parametrize("width", WIDTHS)
@pytest.mark.parametrize("lang", LANGS)
@pytest.mark.parametrize("everyone", [False, True])
def test_history_tables_fit_and_keep_ids_dates_and_scores_whole(cohort_store, width, lang, everyone):
    trainee = None if everyone else cohort_store.trainees()[0]
    data = progress(cohort_store, LIBRARY, trainee, datetime(2026, 12, 1, tzinfo=UTC))
    plans = {a.id: plan_banks(a.plan) for a in cohort_store.attempts_of(trainee.id if trainee else None)}
    lines = drawn_with(width, lambda console: render_progress(console, data, plans, LIBRARY, lang, lang))
    fits(lines, width)
    screen = "\n".join(lines)
    assert "…" not in screen
    for attempt in data.attempts:
        assert attempt.id[:8] in screen
        assert datetime.fromisoformat(attempt.started_at).astimezone().strftime("%Y-%m-%d %H:%M") in screen
        assert format_score(attempt.score, attempt.max_score) in screen
        if everyone:
            assert attempt.trainee in screen  # BUG-4: whose attempt it is


@pytest.mark.parametrize("width", WIDTHS)
@pytest.mark.parametrize("lang", LANGS)
def test_bank_stats_fit(width, lang):
    banks = list(load_paths([bundled_banks_dir()]).library.banks)
    lines = drawn_with(width, lambda console: render_stats(console, banks, lang, per_rule=True))
    screen = "\n".join(lines)
    fits(lines, width)
    assert "…" not in screen
    for bank in banks:
        assert bank.id in screen
        assert str(len(bank.questions)) in screen
        for rule in bank.rules[:3]:
            assert rule.id in screen


@pytest.mark.parametrize("width", WIDTHS)
@pytest.mark.parametrize("lang", LANGS)
def test_the_review_list_shows_whole_questions(cohort_store, width, lang):
    """UX-10: `review --list` no longer cuts prompts at 40 characters nor shows raw ids."""
    trainee = cohort_store.trainees()[0]
    queue = due_queue(cohort_store.review_states(trainee.id), LIBRARY, datetime(2027, 1, 1, tzinfo=UTC))
    assert queue
    lines = drawn_with(width, lambda console: render_due(console, queue, LIBRARY, lang, lang))
    shown = fits(lines, width)
    for item in queue:  # the question is the last column: its wrapped lines follow one another
        assert squeeze(item.question.prompt.get(lang)) in shown
        assert item.question.key not in "\n".join(lines)
        assert squeeze(LIBRARY.bank(item.question.bank).title.get(lang)) in shown
