"""The quiz loop in the terminal: show a question, ask it, submit the answer, show the feedback.

It only asks and shows: the session marks answers and its recorder saves them (attempts.py).
"""

from __future__ import annotations

from collections.abc import Callable

from rich.console import Console

from ..i18n import t
from ..model import Library
from ..session import QuizSession, TimeUp
from . import render
from .prompts import Prompter, Skipped


class QuizRunner:
    """Asks a session's questions until each is answered, the trainee hands in, or the time is up."""

    def __init__(self, *, console: Console, library: Library, lang: str, content_lang: str, prompter: Prompter,
                 clock: Callable[[], float]) -> None:
        self.console = console
        self.library = library
        self.lang = lang
        self.content_lang = content_lang
        self.prompter = prompter
        self.clock = clock

    def run(self, session: QuizSession) -> None:
        """Ask until done; KeyboardInterrupt and EOFError reach the caller (the run is paused)."""
        try:
            self._ask_all(session)
        except TimeUp:
            pass

    def _ask_all(self, session: QuizSession) -> None:
        number_of = {s.position: n for n, s in enumerate(session.available, 1)}
        total = len(session.available)
        while True:
            if session.expired():
                return
            slot = session.next_slot()
            if slot is None:
                if session.finished or not self._revisit(session):
                    return
                continue
            assert slot.question is not None
            self.console.print(render.question_panel(slot.question, number_of[slot.position], total, self.lang,
                                                     self.content_lang, self.library))
            shown_at = self.clock()
            try:
                response = self.prompter.ask(slot.question, slot.layout)
                mark = session.submit(slot, response, self.clock() - shown_at)
            except Skipped:
                session.skip(slot)
                continue
            if session.immediate_feedback:
                render.feedback(self.console, slot.question, slot.layout, response, mark, self.lang,
                                self.content_lang, self.library)
                # After the last answer too: the score that follows would push this feedback off screen.
                self.prompter.pause(t("quiz.continue" if session.pending() else "quiz.continue-last", self.lang))

    def _revisit(self, session: QuizSession) -> bool:
        """Only skipped questions are left: go back to them, or hand in now."""
        from questionary import Choice

        count = len(session.pending())
        choices = [Choice(t("exam.back-to-skipped", self.lang, count=count), value=True),
                   Choice(t("exam.hand-in", self.lang), value=False)]
        back = self.prompter.select(t("exam.skipped-left", self.lang, count=count), choices, skippable=False)
        if back:
            session.revisit_skipped()
        return bool(back)
