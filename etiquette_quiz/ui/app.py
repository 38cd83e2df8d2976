"""The trainee's flows in the terminal: home menu, practice, exam, review, resume.

QuizApp asks and shows; starting, recording, resuming and finishing attempts is attempts.py's
job, and the question loop is QuizRunner's. Everything it needs comes in through its
constructor, so tests drive it with pipe input, a fake clock and a temporary store.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Sequence
from datetime import datetime
from typing import Any

from rich.console import Console
from rich.panel import Panel
from rich.text import Text

from .. import attempts
from ..attempts import Outcome, utc_clock
from ..errors import Notice, UserError
from ..i18n import t
from ..model import (
    AttemptMode,
    AttemptState,
    ClockMode,
    Exam,
    FeedbackMode,
    Library,
    Navigation,
    Question,
    ReviewOption,
)
from ..scores import pass_mark_text
from ..session import QuizSession, draw_exam, draw_practice, filter_questions, new_seed
from ..store import AnswerRecord, AttemptRecord, Store, TraineeRecord
from ..textsafe import visible_line
from . import render
from .prompts import Prompter, TerminalPrompter
from .runner import QuizRunner

FINISHED = Outcome.FINISHED
PAUSED = Outcome.PAUSED
PRACTICE_COUNTS = (5, 10, 20)


class QuizApp:
    """The trainee's session with the tool, from the home menu to the last quiz."""

    def __init__(
        self,
        *,
        library: Library,
        store: Store,
        console: Console,
        lang: str,
        content_lang: str,
        trainee: TraineeRecord,
        clock: Callable[[], float] = time.monotonic,
        now: Callable[[], datetime] = utc_clock,
        seed_source: Callable[[], int] = new_seed,
        prompt_io: dict[str, Any] | None = None,
        on_switch: Callable[[TraineeRecord], None] | None = None,
    ) -> None:
        self.library = library
        self.store = store
        self.console = console
        self.lang = lang
        self.content_lang = content_lang
        self.trainee = trainee
        self.clock = clock
        self.now = now
        self.seed_source = seed_source
        self.prompt_io = prompt_io or {}
        self.on_switch = on_switch

    def prompter(self, **options: Any) -> Prompter:
        """A prompter for a menu or a quiz (options: allow_skip, remaining, status, heartbeat, skip_label)."""
        return TerminalPrompter(self.lang, content_lang=self.content_lang, **options, **self.prompt_io)

    # -- home ---------------------------------------------------------------------------------
    def home(self) -> Outcome:
        """The home menu, until the trainee quits; returns the outcome of the last quiz run."""
        from questionary import Choice, Separator

        outcome = FINISHED
        while True:
            unfinished = self.store.unfinished(self.trainee.id)
            due = len(self.due())
            choices = [
                Choice(t("home.practice", self.lang), value="practice"),
                Choice(t("home.exam", self.lang), value="exam"),
                Choice(t("home.review", self.lang, count=due), value="review"),
            ]
            if unfinished:
                choices.append(Choice(t("home.resume", self.lang, count=len(unfinished)), value="resume"))
            choices += [
                Choice(t("home.history", self.lang), value="history"),
                Choice(t("home.switch", self.lang), value="switch"),
                Separator(" "),
                Choice(t("home.quit", self.lang), value="quit"),
            ]
            self.console.print(Text(t("home.hello", self.lang, name=self.trainee.name), style="bold"))
            action = self.prompter().select(t("home.what", self.lang), choices, skippable=False)
            if action == "quit":
                return outcome
            try:
                outcome = self._home_action(action)
            except UserError as exc:  # e.g. nothing due: say so and stay in the menu
                self.console.print(Text(exc.render(self.lang), style="yellow"))
                outcome = FINISHED
            if outcome == PAUSED:
                return outcome

    def _home_action(self, action: str) -> Outcome:
        if action == "practice":
            return self.practice(ask=True)
        if action == "exam":
            return self.exam(None)
        if action == "review":
            return self.review()
        if action == "resume":
            return self.resume(None)
        if action == "history":
            self.show_history()
            self.prompter().pause(t("home.back", self.lang))
        elif action == "switch":
            self.switch_trainee()
        return FINISHED

    def show_history(self) -> None:
        """The trainee's history, as the `history` command shows it."""
        from ..progress import plan_banks, progress
        from .history import render_progress

        data = progress(self.store, self.library, self.trainee, self.now())
        plans = {a.id: plan_banks(a.plan) for a in self.store.attempts_of(self.trainee.id)}
        render_progress(self.console, data, plans, self.library, self.lang, self.content_lang)

    def switch_trainee(self) -> None:
        """Pick another trainee of this store, or add one; later runs remember the choice."""
        from questionary import Choice, Separator

        people = [p for p in self.store.trainees() if p.id != self.trainee.id]
        # Names come from the store (imported, or typed on a shared machine): through the output gate.
        choices = [Choice(visible_line(p.label), value=p.id) for p in people]
        choices += [Separator(" "), Choice(t("switch.new", self.lang), value="")]
        chosen = self.prompter().select(t("switch.who", self.lang), choices, skippable=False)
        if chosen:
            trainee = self.store.trainee(chosen)
            assert trainee is not None
        else:
            trainee = ask_new_trainee(self.lang, self.store, **self.prompt_io)
        self.trainee = trainee
        if self.on_switch is not None:
            self.on_switch(trainee)

    # -- starting an attempt ------------------------------------------------------------------
    def practice(
        self,
        banks: Sequence[str] = (),
        tags: Sequence[str] = (),
        types: Sequence[str] = (),
        difficulty: Sequence[int] = (),
        count: int | None = None,
        seed: int | None = None,
        ask: bool = False,
    ) -> Outcome:
        """Practice with immediate feedback; with `ask`, the trainee picks banks and how many."""
        for bank_id in banks:
            if self.library.bank(bank_id) is None:
                from ..errors import suggest

                raise UserError("error.unknown-bank", bank=bank_id,
                                known=", ".join(b.id for b in self.library.banks),
                                suggestion=suggest(bank_id, [b.id for b in self.library.banks]) or "—")
        if ask:
            banks, count = self._ask_practice_options()
        pool = filter_questions(self.library.questions, banks, tags, types, difficulty)
        if not pool:
            raise UserError("error.no-questions")
        seed = seed if seed is not None else self.seed_source()
        questions = draw_practice(pool, count if count is not None else 10, seed)
        return self._run_new(AttemptMode.PRACTICE, questions, seed)

    def _ask_practice_options(self) -> tuple[list[str], int | None]:
        from questionary import Choice

        prompter = self.prompter()
        choices = [
            Choice(f"{b.title.get(self.content_lang)}  ({len(b.questions)})", value=b.id, checked=False)
            for b in self.library.banks
        ]
        picked = prompter.checkbox(t("practice.which-banks", self.lang), choices, t("practice.banks-help", self.lang),
                                   none_means=t("practice.all-banks", self.lang))
        counts = [Choice(str(n), value=n) for n in PRACTICE_COUNTS] + [Choice(t("practice.all", self.lang), value=None)]
        count = prompter.select(t("practice.how-many", self.lang), counts, skippable=False)
        return list(picked), count

    def exam(self, exam_id: str | None, seed: int | None = None) -> Outcome:
        """An exam as its file defines it; without an id the trainee picks one.

        Each attempt draws a fresh paper: a `seed` is refused, since replaying a known draw is
        rehearsing the exact paper, unless the exam file fixes its own paper (`seed:`).
        """
        if seed is not None and exam_id is None:
            raise UserError("error.exam-seed-needs-id")
        if exam_id is None:
            exam = self._pick_exam()
        else:
            found = self.library.exam(exam_id)
            if found is None:
                from ..errors import suggest

                ids = [e.id for e in self.library.exams]
                raise UserError("error.unknown-exam", exam=exam_id, known=", ".join(ids) or "—",
                                suggestion=suggest(exam_id, ids) or "—")
            exam = found
        if seed is not None and exam.seed is None:
            raise UserError("error.exam-seed", exam=exam.id)
        if seed is not None and seed != exam.seed:
            raise UserError("error.exam-seed-fixed", exam=exam.id, seed=exam.seed)
        seed = exam.seed if exam.seed is not None else self.seed_source()
        questions = draw_exam(exam, self.library, seed)
        if not questions:
            raise UserError("error.no-questions")
        self._exam_intro(exam, len(questions))
        if not self.prompter().confirm(t("exam.start", self.lang)):
            return FINISHED
        return self._run_new(AttemptMode.EXAM, questions, seed, exam)

    def _pick_exam(self) -> Exam:
        from questionary import Choice

        if not self.library.exams:
            raise UserError("error.no-exams")
        choices = []
        for exam in self.library.exams:
            limit = _duration(exam.time_limit, self.lang) if exam.time_limit else t("exam.no-limit", self.lang)
            label = t("exam.choice", self.lang, title=exam.title.get(self.content_lang), limit=limit,
                      mark=pass_mark_text(exam.pass_mark))
            choices.append(Choice(label, value=exam.id))
        exam_id = self.prompter().select(t("exam.which", self.lang), choices, skippable=False)
        picked = self.library.exam(exam_id)
        assert picked is not None
        return picked

    def _exam_intro(self, exam: Exam, count: int) -> None:
        lines: list[Any] = []
        if exam.description is not None:
            lines.append(Text(exam.description.get(self.content_lang)))
        limit = _duration(exam.time_limit, self.lang) if exam.time_limit else t("exam.no-limit", self.lang)
        lines.append(Text(t("exam.facts", self.lang, count=count, limit=limit, mark=pass_mark_text(exam.pass_mark))))
        sentences = [t(key, self.lang) for key in exam_rules(exam)]
        # Chinese sentences follow one another with no space; English ones with one.
        lines.append(Text("".join(s if s.endswith("。") else s + " " for s in sentences).rstrip(), style="dim"))
        from rich.console import Group

        self.console.print(Panel(Group(*lines), title=Text(exam.title.get(self.content_lang), style="bold"),
                                 border_style="cyan", padding=(0, 1)))

    def _run_new(self, mode: AttemptMode, questions: list[Question], seed: int, exam: Exam | None = None) -> Outcome:
        attempt = attempts.start(self.store, trainee=self.trainee, mode=mode, questions=questions, seed=seed,
                                 library=self.library, content_lang=self.content_lang, now=self.now(), exam=exam)
        return self._run(attempt, [])

    # -- review -------------------------------------------------------------------------------
    def due(self, banks: Sequence[str] = (), count: int | None = None) -> list[Any]:
        """The trainee's questions due for review."""
        from ..review import due_queue

        return due_queue(self.store.review_states(self.trainee.id), self.library, self.now(), banks, count)

    def review(self, banks: Sequence[str] = (), count: int | None = None, seed: int | None = None) -> Outcome:
        """Re-drill the missed questions that are due, oldest first, with feedback like practice."""
        queue = self.due(banks, count)
        if not queue:
            upcoming = [s.due for s in self.store.review_states(self.trainee.id)
                        if self.library.question(s.question_key) and (not banks or s.bank in banks)]
            if upcoming:
                from .history import local_time

                raise Notice("error.nothing-due-until", when=local_time(min(upcoming)))
            raise Notice("error.nothing-due")
        if any(item.fresh for item in queue):
            self.console.print(Text(t("review.fresh", self.lang), style="yellow"))
        self.console.print(Text(t("review.start", self.lang, count=len(queue)), style="bold"))
        seed = seed if seed is not None else self.seed_source()
        return self._run_new(AttemptMode.REVIEW, [item.question for item in queue], seed)

    # -- resuming -----------------------------------------------------------------------------
    def resume(self, attempt_id: str | None) -> Outcome:
        """Continue an unfinished attempt: the same questions in the same order; an exam past its deadline
        is handed in with the answers given."""
        attempt = self._find_unfinished(attempt_id)
        return self._run(attempt, self.store.answers(attempt.id), resumed=True)

    def _find_unfinished(self, attempt_id: str | None) -> AttemptRecord:
        if attempt_id is None:
            unfinished = self.store.unfinished(self.trainee.id)
            if not unfinished:
                raise UserError("error.nothing-to-resume", name=self.trainee.name)
            if len(unfinished) == 1:
                return unfinished[0]
            from questionary import Choice

            choices = [Choice(self._attempt_label(a), value=a.id) for a in unfinished]
            chosen = self.prompter().select(t("resume.which", self.lang), choices, skippable=False)
            return next(a for a in unfinished if a.id == chosen)
        found = self.store.find_attempts(attempt_id)
        if not found:
            raise UserError("error.no-attempt", attempt=attempt_id)
        if len(found) > 1:
            raise UserError("error.ambiguous-attempt", attempt=attempt_id, count=len(found))
        attempt = found[0]
        if attempt.state != AttemptState.IN_PROGRESS:
            raise UserError("error.attempt-finished", attempt=attempt.id[:8])
        if attempt.trainee_id != self.trainee.id:
            raise UserError("error.attempt-of-other", attempt=attempt.id[:8], name=attempt.trainee)
        return attempt

    def _attempt_label(self, attempt: AttemptRecord) -> str:
        what = attempt.title or t(f"mode.{attempt.mode}", self.lang)
        started = attempt.started_at[:16].replace("T", " ")
        return t("resume.choice", self.lang, id=attempt.id[:8], what=what, started=started,
                 total=len(attempt.plan))

    # -- running ------------------------------------------------------------------------------
    def _run(self, attempt: AttemptRecord, answers: list[AnswerRecord], resumed: bool = False) -> Outcome:
        store = self.store
        session = attempts.open_session(store, attempt, self.library, clock=self.clock, now=self.now,
                                        answers=answers, resumed=resumed)
        if resumed:
            missing = [s.key for s in session.slots if s.question is None]
            if missing:
                self.console.print(Text(t("resume.missing", self.lang, keys=", ".join(missing)), style="yellow"))
            if any(s.changed for s in session.slots):
                self.console.print(Text(t("resume.changed", self.lang), style="yellow"))
            if session.expired():  # the clock ran on while the exam was stopped
                counts = {"answered": session.answered_count, "total": len(session.available)}
                said = (t("resume.time-ran-out", self.lang, when=_local(attempt.deadline), **counts) if session.running
                        else t("resume.no-time-left", self.lang, **counts))
                self.console.print(Text(said, style="bold yellow"))
                return self._hand_in(attempt, session)
            self.console.print(Text(t("resume.continuing", self.lang, answered=len(answers),
                                      total=len(session.slots)), style="bold"))
        exam = attempt.mode == AttemptMode.EXAM
        prompter = self.prompter(
            allow_skip=exam,
            remaining=session.remaining if attempt.time_limit else None,
            status=(lambda: self._status(session)) if exam else None,
            heartbeat=lambda: attempts.save_clock(store, attempt, session, wait=False),
            # A running clock's heartbeat is the latest time the exam was seen: a clock set back while it is
            # stopped can give back no more than this, plus the time it was stopped (and is flagged).
            heartbeat_every=5.0 if session.running else 15.0,
            skip_label=t("exam.nav-entry" if session.changeable else "exam.skip-final", self.lang) if exam else None,
        )
        runner = QuizRunner(console=self.console, library=self.library, lang=self.lang,
                            content_lang=self.content_lang, prompter=prompter, clock=self.clock)
        try:
            runner.run(session)
        except (KeyboardInterrupt, EOFError):
            attempts.pause(store, attempt, session)
            self.console.print()
            self.console.print(Text(self._paused_text(attempt, session), style="bold yellow"))
            return Outcome.PAUSED
        return self._hand_in(attempt, session)

    def _status(self, session: QuizSession) -> str:
        """The progress part of an exam's clock line."""
        total = len(session.available)
        if session.changeable:
            return t("exam.progress", self.lang, answered=session.answered_count, total=total,
                     flagged=len(session.flagged))
        return t("quiz.progress", self.lang, answered=session.answered_count, total=total,
                 skipped=len(session.skipped))

    def _paused_text(self, attempt: AttemptRecord, session: QuizSession) -> str:
        answered, total, short = session.answered_count, len(session.available), attempt.id[:8]
        if session.running:
            remaining = session.remaining() or 0.0
            minutes, seconds = divmod(int(remaining), 60)
            return t("exam.paused-running", self.lang, answered=answered, total=total, id=short,
                     left=f"{minutes:02d}:{seconds:02d}", when=_local(attempt.deadline))
        return t("quiz.paused", self.lang, answered=answered, total=total, id=short)

    def _hand_in(self, attempt: AttemptRecord, session: QuizSession) -> Outcome:
        """Finish the attempt and show as much of the result as the exam allows."""
        result = attempts.finish(self.store, attempt, session)
        self.console.print()
        review = ReviewOption(attempt.review or ReviewOption.ANSWERS.value)
        if review is ReviewOption.NONE:
            self.console.print(Text(t("result.handed-in", self.lang, answered=result.answered, total=result.total),
                                    style="bold"))
            return Outcome.FINISHED
        render.result_summary(self.console, result, self.lang, self.content_lang, self.library, attempt.title)
        if review is ReviewOption.SCORE:
            self.console.print(Text(t("result.score-only", self.lang), style="dim"))
            return Outcome.FINISHED
        if attempt.feedback == FeedbackMode.END:
            render.review_missed(self.console, result, self.lang, self.content_lang, self.library)
        if result.missed:
            self.console.print(Text(t("result.scheduled", self.lang), style="dim"))
        return Outcome.FINISHED


def exam_rules(exam: Exam) -> list[str]:
    """The interface strings that tell a trainee how an exam runs, in the order the intro says them."""
    keys = ["exam.rule-feedback-end" if exam.feedback is FeedbackMode.END else "exam.rule-feedback-immediate",
            "exam.rule-free" if exam.navigation is Navigation.FREE else "exam.rule-sequential"]
    if exam.time_limit:
        keys.append("exam.rule-running" if exam.clock is ClockMode.RUNNING else "exam.rule-pausable")
    keys.append("exam.rule-blank")
    keys.append({ReviewOption.ANSWERS: "exam.rule-review-answers", ReviewOption.SCORE: "exam.rule-review-score",
                 ReviewOption.NONE: "exam.rule-review-none"}[exam.review])
    return keys


def _local(stamp: str | None) -> str:
    """A stored time as the trainee's local clock shows it (hours and minutes)."""
    if not stamp:
        return "—"
    from datetime import datetime

    return datetime.fromisoformat(stamp).astimezone().strftime("%H:%M")


def ask_new_trainee(lang: str, store: Store, **prompt_io: Any) -> TraineeRecord:
    """Ask a new trainee's name and (optional) employee number, and add them to the store."""
    prompter = TerminalPrompter(lang, **prompt_io)
    name = prompter.text(t("setup.name", lang), skippable=False,
                         validate=lambda v: bool(v.strip()) or t("setup.name-required", lang))
    employee_no = prompter.text(t("setup.employee-no", lang), skippable=False) or None
    return store.create_trainee(name.strip(), employee_no)


def first_run(console: Console, lang: str, store: Store, config: Any, config_file: Any,
              **prompt_io: Any) -> TraineeRecord:
    """Ask the trainee's name once, and remember who they are in the config file."""
    console.print(Text(t("setup.welcome", lang), style="bold"))
    from ..paths import remember_trainee

    trainee = ask_new_trainee(lang, store, **prompt_io)
    remember_trainee(config, config_file, trainee)
    console.print(Text(t("setup.saved", lang, path=str(config_file)), style="dim"))
    return trainee


def _duration(seconds: float | None, lang: str) -> str:
    if not seconds:
        return ""
    minutes, secs = divmod(int(seconds), 60)
    if secs:
        return t("duration.min-sec", lang, minutes=minutes, seconds=secs)
    return t("duration.min", lang, minutes=minutes)
