"""The trainee's commands: practice, exam, resume, review, history."""

from __future__ import annotations

from datetime import UTC

import typer

from ..kinds import QuestionType
from . import app, exit_with, load, quiz_app, resolve_trainee, state_of


@app.command()
def practice(
    ctx: typer.Context,
    bank: list[str] = typer.Option([], "--bank", metavar="ID", help="Only this bank (repeatable)."),
    tag: list[str] = typer.Option([], "--tag", metavar="TAG", help="Only questions with this tag (repeatable)."),
    kind: list[QuestionType] = typer.Option([], "--type", metavar="TYPE",
                                            help="Only this type: single, multi, truefalse, order, fill, script, "
                                                 "match (repeatable)."),
    difficulty: list[int] = typer.Option([], "--difficulty", min=1, max=3, metavar="1-3",
                                         help="Only this difficulty, 1 easy to 3 hard (repeatable)."),
    count: int = typer.Option(None, "--count", min=1, metavar="N", help="How many questions (default 10)."),
    seed: int = typer.Option(None, "--seed", metavar="N", help="Seed the draw and the shuffles, to repeat a run."),
) -> None:
    """Practise with instant feedback: right or wrong, why, the rule and its source.

    With no options, asks which banks and how many questions.
    """
    from ..banks.cache import Wanted

    state = state_of(ctx)
    quiz = quiz_app(state, Wanted(banks=frozenset(bank) if bank else None, exams=frozenset()))
    ask = not (bank or tag or kind or difficulty or count)
    exit_with(quiz.practice(bank, tag, [k.value for k in kind], difficulty, count, seed, ask=ask))


@app.command()
def exam(
    ctx: typer.Context,
    exam_id: str = typer.Argument(None, metavar="[EXAM_ID]", help="The exam to take (default: pick from a list)."),
    seed: int = typer.Option(None, "--seed", metavar="N",
                             help="Only for an exam whose file fixes its paper (`seed:`), with that seed."),
) -> None:
    """Take a timed exam: no feedback until you hand in, then your score and a review."""
    from ..banks.cache import Wanted

    state = state_of(ctx)
    wanted = Wanted(banks=frozenset(), exams=frozenset([exam_id])) if exam_id else Wanted()
    exit_with(quiz_app(state, wanted).exam(exam_id, seed))


@app.command()
def resume(
    ctx: typer.Context,
    attempt: str = typer.Argument(None, metavar="[ATTEMPT]",
                                  help="The attempt id or its first characters (default: your unfinished one)."),
    discard: bool = typer.Option(False, "--discard",
                                 help="Discard the attempt instead (it stays in your history as discarded)."),
) -> None:
    """Continue an unfinished practice or exam where you left it (an exam's clock runs on meanwhile)."""
    state = state_of(ctx)
    app_ = quiz_app(state)
    if discard:
        app_.discard(attempt)
        return
    exit_with(app_.resume(attempt))


@app.command()
def review(
    ctx: typer.Context,
    bank: list[str] = typer.Option([], "--bank", metavar="ID", help="Only this bank (repeatable)."),
    count: int = typer.Option(None, "--count", min=1, metavar="N", help="At most N questions."),
    list_only: bool = typer.Option(False, "--list", help="Only list what is due, without starting."),
) -> None:
    """Review your mistakes: the questions you missed, when they are due (spaced repetition)."""
    from ..banks.cache import Wanted

    state = state_of(ctx)
    wanted = Wanted(banks=frozenset(bank) if bank else None, exams=frozenset())
    if list_only:
        from datetime import datetime

        from ..review import due_queue
        from ..ui.history import render_due

        console, library, store = load(state, wanted)
        trainee = resolve_trainee(state, store, console, ask=False)
        states = store.review_states(trainee.id)
        queue = due_queue(states, library, datetime.now(UTC), bank, count)
        upcoming = [s.due for s in states if library.question(s.question_key) and (not bank or s.bank in bank)]
        render_due(console, queue, library, state.lang, state.content_lang, min(upcoming) if upcoming else None)
        return
    exit_with(quiz_app(state, wanted).review(bank, count))


@app.command()
def history(
    ctx: typer.Context,
    attempt: str = typer.Argument(None, metavar="[ATTEMPT]", help="Show one attempt question by question."),
    everyone: bool = typer.Option(False, "--all", help="Every trainee's attempts, not only yours."),
    as_json: bool = typer.Option(False, "--json", help="Print JSON instead of tables."),
) -> None:
    """Your attempts, exam score trend, mastery per bank and the reviews due."""
    from ..progress import plan_banks, progress
    from ..textsafe import json_text
    from ..ui.history import render_attempt, render_progress

    state = state_of(ctx)
    # Another trainee's attempt or everyone's: only read (a typo in --db creates nothing). Either way the
    # store is checked first: history reads a trainee's whole record, and a damaged store is best found
    # before more answers go into it.
    console, library, store = load(state, readonly=everyone or attempt is not None, check=True)
    if attempt is not None:
        from ..errors import UserError

        found = store.find_attempts(attempt)
        if len(found) != 1:
            raise UserError("error.no-attempt-history" if not found else "error.ambiguous-attempt", attempt=attempt,
                            count=len(found))
        if as_json:
            from ..overrides import history_of

            record = found[0]
            answers = [a.__dict__ | {"overrides": [v.__dict__ for v in history_of(store, record.id, a.position)]}
                       for a in store.answers(record.id)]
            typer.echo(json_text({"attempt": record.__dict__, "answers": answers}))  # exact scores as '7/3'
            return
        render_attempt(console, store, library, found[0], state.lang, state.content_lang)
        return
    from datetime import datetime

    trainee = None if everyone else resolve_trainee(state, store, console, ask=False)
    data = progress(store, library, trainee, datetime.now(UTC))
    if as_json:
        typer.echo(json_text(data.as_json()))
        return
    plans = {a.id: plan_banks(a.plan) for a in store.attempts_of(trainee.id if trainee else None)}
    render_progress(console, data, plans, library, state.lang, state.content_lang)


