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
        known_banks: Sequence[str] = (),
        known_exams: Sequence[str] = (),
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
        # Every bank and exam id on disk: a run reads only the banks it needs, so the library alone
        # cannot say what a mistyped --bank or exam id should have been.
        self.known_banks = list(known_banks)
        self.known_exams = list(known_exams)

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
            # Always the same entries in the same order, so each keeps its number (1-7) from run to run.
            choices = [
                Choice(t("home.practice", self.lang), value="practice"),
                Choice(t("home.exam", self.lang), value="exam"),
                Choice(t("home.review", self.lang, count=due), value="review"),
                # Shown dimmed when there is nothing to resume; the prompt does not print the reason.
                Choice(t("home.resume", self.lang, count=len(unfinished)), value="resume",
                       disabled=None if unfinished else "0"),
                Choice(t("home.history", self.lang), value="history"),
                Choice(t("home.trainees", self.lang), value="trainees"),
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
            return self.resume(None, from_menu=True)
        if action == "history":
            self.show_history()
            self.prompter().pause(t("home.back", self.lang))
        elif action == "trainees":
            self.manage_trainees()
        return FINISHED

    def show_history(self) -> None:
        """The trainee's history, as the `history` command shows it."""
        from ..progress import plan_banks, progress
        from .history import render_progress

        data = progress(self.store, self.library, self.trainee, self.now())
        plans = {a.id: plan_banks(a.plan) for a in self.store.attempts_of(self.trainee.id)}
        render_progress(self.console, data, plans, self.library, self.lang, self.content_lang)

    def manage_trainees(self) -> None:
        """Switch to another trainee, add one, rename the current one or remove someone."""
        from questionary import Choice, Separator

        people = [p for p in self.store.trainees() if p.id != self.trainee.id]
        choices = [Choice(t("trainees.switch-to", self.lang, name=p.label), value=("switch", p.id)) for p in people]
        choices += [
            Choice(t("switch.new", self.lang), value=("new", "")),
            Separator(" "),
            Choice(t("trainees.rename", self.lang, name=self.trainee.label), value=("rename", self.trainee.id)),
            Choice(t("trainees.remove", self.lang), value=("remove", "")),
            Choice(t("trainees.back", self.lang), value=("back", "")),
        ]
        action, trainee_id = self.prompter().select(t("switch.who", self.lang), choices, skippable=False)
        if action == "switch":
            chosen = self.store.trainee(trainee_id)
            assert chosen is not None
            self._become(chosen)
        elif action == "new":
            self._become(ask_new_trainee(self.lang, self.store, **self.prompt_io))
        elif action == "rename":
            self.rename_trainee()
        elif action == "remove":
            self.remove_trainee()

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
        self._become(trainee)

    def _become(self, trainee: TraineeRecord) -> None:
        self.trainee = trainee
        if self.on_switch is not None:
            self.on_switch(trainee)

    def rename_trainee(self) -> None:
        """Correct the current trainee's name or employee number; their history stays theirs."""
        prompter = self.prompter()
        current = self.trainee
        name = prompter.text(t("trainees.new-name", self.lang), skippable=False, default=current.name,
                             validate=lambda v: bool(v.strip()) or t("setup.name-required", self.lang))
        number = prompter.text(t("setup.employee-no", self.lang), skippable=False, default=current.employee_no or "")
        clash = [p for p in self.store.find_trainees(number) if p.id != current.id] if number.strip() else []
        if clash:
            raise UserError("error.employee-no-taken", number=number.strip(), name=clash[0].name)
        self.store.rename_trainee(current.id, name.strip(), number.strip() or None)
        renamed = self.store.trainee(current.id)
        assert renamed is not None
        self._become(renamed)
        self.console.print(Text(t("trainees.renamed", self.lang, name=renamed.label), style="green"))

    def remove_trainee(self) -> None:
        """Take a trainee off the lists, keeping their results unless the trainer asks, after a confirmation."""
        from questionary import Choice

        people = self.store.trainees()
        choices = [Choice(p.label, value=p.id) for p in people] + [Choice(t("trainees.back", self.lang), value="")]
        prompter = self.prompter()
        chosen = prompter.select(t("trainees.remove-who", self.lang), choices, skippable=False)
        person = self.store.trainee(chosen) if chosen else None
        if person is None:
            return
        attempts = len(self.store.attempts_of(person.id))
        if not prompter.confirm(t("trainees.remove-confirm", self.lang, name=person.label, count=attempts),
                                default=False):
            return
        delete = attempts > 0 and prompter.confirm(
            t("trainees.delete-results", self.lang, name=person.name, count=attempts), default=False)
        self.store.remove_trainee(person.id, delete_results=delete)
        done = "trainees.removed-deleted" if delete else "trainees.removed-kept"
        self.console.print(Text(t(done, self.lang, name=person.label, count=attempts), style="yellow"))
        if person.id == self.trainee.id:
            self.switch_trainee()

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

                ids = sorted(set(self.known_banks) | {b.id for b in self.library.banks})
                hint = suggest(bank_id, ids)  # no "did you mean —?" when nothing is close
                raise UserError("error.unknown-bank" if hint else "error.unknown-bank-none", bank=bank_id,
                                known=", ".join(ids) or "—", suggestion=hint)
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

                ids = sorted(set(self.known_exams) | {e.id for e in self.library.exams})
                hint = suggest(exam_id, ids)
                raise UserError("error.unknown-exam" if hint else "error.unknown-exam-none", exam=exam_id,
                                known=", ".join(ids) or "—", suggestion=hint)
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

        from .layout import Wrapped

        self.console.print(Panel(Group(*(Wrapped(line) for line in lines)),
                                 title=Text(exam.title.get(self.content_lang), style="bold"),
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
    def resume(self, attempt_id: str | None, from_menu: bool = False) -> Outcome:
        """Continue an unfinished attempt: the same questions in the same order; an exam past its deadline
        is handed in with the answers given. From the home menu the trainee picks which, or discards one."""
        attempt = self._pick_unfinished() if from_menu else self._find_unfinished(attempt_id)
        if attempt is None:
            return FINISHED
        return self._run(attempt, self.store.answers(attempt.id), resumed=True)

    def _pick_unfinished(self) -> AttemptRecord | None:
        """The unfinished attempt to continue, chosen from a list that also offers to discard one."""
        from questionary import Choice, Separator

        unfinished = self.store.unfinished(self.trainee.id)
        if not unfinished:
            raise UserError("error.nothing-to-resume", name=self.trainee.name)
        choices = [Choice(self._attempt_label(a), value=a.id) for a in unfinished]
        choices += [Separator(" "), Choice(t("resume.discard", self.lang), value="discard"),
                    Choice(t("trainees.back", self.lang), value="")]
        chosen = self.prompter().select(t("resume.which", self.lang), choices, skippable=False)
        if chosen == "discard":
            self.discard(None)
            return None
        return next((a for a in unfinished if a.id == chosen), None)

    def discard(self, attempt_id: str | None) -> None:
        """Discard an unfinished attempt after a confirmation; it stays in the history as abandoned."""
        if attempt_id is None:
            from questionary import Choice

            unfinished = self.store.unfinished(self.trainee.id)
            if not unfinished:
                raise UserError("error.nothing-to-resume", name=self.trainee.name)
            choices = [Choice(self._attempt_label(a), value=a.id) for a in unfinished]
            choices.append(Choice(t("trainees.back", self.lang), value=""))
            attempt_id = self.prompter().select(t("resume.discard-which", self.lang), choices, skippable=False)
            if not attempt_id:
                return
        attempt = self._find_unfinished(attempt_id)
        answered = len(self.store.answers(attempt.id))
        if not self.prompter().confirm(t("resume.discard-confirm", self.lang, what=self._attempt_label(attempt),
                                          answered=answered), default=False):
            return
        self.store.abandon_attempt(attempt.id, self.now().isoformat(timespec="milliseconds"))
        self.console.print(Text(t("resume.discarded", self.lang, id=attempt.id[:8]), style="yellow"))

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
        if attempt.state == AttemptState.ABANDONED:
            raise UserError("error.attempt-abandoned", attempt=attempt.id[:8])
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
            numbers = {s.position: n for n, s in enumerate(session.available, 1)}
            try:
                self._review_missed(result, numbers)
            except (KeyboardInterrupt, EOFError):  # the attempt is handed in already: only the review stops
                self.console.print()
        if attempt.mode == AttemptMode.EXAM:
            if result.missed:
                self.console.print(Text(t("result.scheduled", self.lang), style="dim"))
        else:
            self.console.print(Text(self.reviews_ahead(), style="dim"))
        return Outcome.FINISHED

    def _review_missed(self, result: Any, numbers: dict[int, int]) -> None:
        """After the score: the missed questions one screen at a time, by their number in the exam, if wanted."""
        if not result.missed:
            self.console.print(Text(t("result.all-right", self.lang), style="bold green"))
            return
        prompter = self.prompter()
        count = len(result.missed)
        if not prompter.confirm(t("result.offer-review", self.lang, count=count)):
            return
        for n, (slot, response, mark) in enumerate(result.missed, 1):
            self.console.print(Text(t("result.review-progress", self.lang, n=n, count=count), style="bold"))
            render.show_missed(self.console, slot, response, mark, numbers.get(slot.position, n), result.total,
                               self.lang, self.content_lang, self.library)
            if n < count and not prompter.page(t("result.review-next", self.lang, left=count - n)):
                return

    def reviews_ahead(self) -> str:
        """How many questions are due for review now, and when the next one comes due."""
        import math

        now = self.now()
        queue = self.due()
        queued = {item.state.question_key for item in queue}
        upcoming = [s.due_at() for s in self.store.review_states(self.trainee.id)
                    if s.question_key not in queued and self.library.question(s.question_key) is not None]
        if not queue and not upcoming:
            return t("history.no-reviews", self.lang)
        if not upcoming:
            return t("review.after.due", self.lang, count=len(queue))
        hours = (min(upcoming) - now).total_seconds() / 3600
        when = (t("duration.hours", self.lang, count=max(1, math.ceil(hours))) if hours < 24
                else t("duration.days", self.lang, count=math.ceil(hours / 24)))
        if queue:
            return t("review.after.due-next", self.lang, count=len(queue), when=when)
        return t("review.after.next", self.lang, when=when)


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


def ask_new_trainee(lang: str, store: Store, name: str = "", **prompt_io: Any) -> TraineeRecord:
    """Ask a new trainee's name and (optional) employee number, and add them to the store.

    An employee number someone already has is that person (typed full-width or not): they are
    not added twice.
    """
    prompter = TerminalPrompter(lang, **prompt_io)
    name = prompter.text(t("setup.name", lang), skippable=False, default=name,
                         validate=lambda v: bool(v.strip()) or t("setup.name-required", lang))
    employee_no = prompter.text(t("setup.employee-no", lang), skippable=False) or None
    if employee_no:
        same = store.find_trainees(employee_no)
        if same:
            return same[0]
    return store.create_trainee(name.strip(), employee_no)


def confirm_new_trainee(lang: str, store: Store, console: Console, **prompt_io: Any) -> Any:
    """For trainees.resolve_trainee: when --trainee names nobody, ask before adding someone new."""
    def confirm(name: str, similar: Sequence[TraineeRecord]) -> TraineeRecord | None:
        from questionary import Choice

        console.print(Text(t("trainees.unknown", lang, name=name), style="yellow"))
        choices = [Choice(t("trainees.use", lang, name=p.label), value=p.id) for p in similar]
        choices += [Choice(t("trainees.create", lang, name=name), value="new"),
                    Choice(t("trainees.cancel", lang), value="")]
        chosen = TerminalPrompter(lang, **prompt_io).select(t("switch.who", lang), choices, skippable=False)
        if chosen == "new":
            return ask_new_trainee(lang, store, name=name, **prompt_io)
        return store.trainee(chosen) if chosen else None

    return confirm


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
    if not minutes:  # "30 s", not "0 min 30 s" (POLISH-5)
        return t("duration.sec", lang, seconds=secs)
    if secs:
        return t("duration.min-sec", lang, minutes=minutes, seconds=secs)
    return t("duration.min", lang, minutes=minutes)
