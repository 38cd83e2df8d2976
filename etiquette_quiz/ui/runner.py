"""The quiz loop in the terminal: show a question, ask it, submit the answer, show the feedback.

Practice, review and sequential exams go through the questions in order. An exam with free
navigation moves like Moodle's: skip, go back, flag, change an answer, an answer sheet to jump
from, and a hand-in that says what is still unanswered. It only asks and shows: the session
marks answers and its recorder saves them (attempts.py).
"""

from __future__ import annotations

import threading
from collections.abc import Callable

from rich.console import Console
from rich.text import Text

from ..errors import StoreUnreachable
from ..grading import warm
from ..i18n import t
from ..model import Library, Mark, Response
from ..responses import response_text
from ..session import QuizSession, SheetLine, Slot, TimeUp
from . import render
from .prompts import WARN_AT, Prompter, Skipped

HAND_IN = "hand-in"
NEXT, BACK, FLAG, SHEET, STAY = "next", "back", "flag", "sheet", "stay"
EXCERPT_CELLS = 36  # how much of a question's prompt the answer sheet shows


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
        self.warned: set[int] = set()

    def run(self, session: QuizSession) -> None:
        """Ask until done; KeyboardInterrupt and EOFError reach the caller (the run is paused)."""
        try:
            if session.changeable:
                self._navigate(session)
            else:
                self._in_order(session)
        except TimeUp:
            pass

    def _show(self, slot: Slot, session: QuizSession) -> None:
        assert slot.question is not None
        number = session.available.index(slot) + 1
        self.console.print(render.question_panel(slot.question, number, len(session.available), self.lang,
                                                 self.content_lang, self.library))
        # While the trainee reads and types, get the typed-answer matcher ready in the background:
        # loading its libraries and preparing the key's phrases then never delays saving the answer.
        threading.Thread(target=warm, args=(slot.question,), daemon=True).start()

    def _in_order(self, session: QuizSession) -> None:
        """One question after another; in an exam a question left blank does not come back."""
        while True:
            if session.expired():
                return
            self._warn(session)
            slot = session.next_slot()
            if slot is None:
                return
            assert slot.question is not None
            self._show(slot, session)
            shown_at = self.clock()
            try:
                response = self.prompter.ask(slot.question, slot.layout)
                mark = self._submit(session, slot, response, self.clock() - shown_at)
            except Skipped:
                session.skip(slot)
                continue
            if session.immediate_feedback:
                render.feedback(self.console, slot.question, slot.layout, response, mark, self.lang,
                                self.content_lang, self.library)
                # After the last answer too: the score that follows would push this feedback off screen.
                self.prompter.pause(t("quiz.continue" if session.pending() else "quiz.continue-last", self.lang))

    def _submit(self, session: QuizSession, slot: Slot, response: Response, seconds: float) -> Mark:
        """Submit an answer; while the results server cannot be reached, keep it in hand and say so plainly."""
        while True:
            try:
                return session.submit(slot, response, seconds)
            except StoreUnreachable:
                self.console.print(t("quiz.server-lost", self.lang), style="yellow")
                self.prompter.pause(t("quiz.server-retry", self.lang))

    # -- free navigation ------------------------------------------------------------------
    def _navigate(self, session: QuizSession) -> None:
        """Until hand-in: answer, skip, go back, flag, and change answers; the answer sheet after the last one."""
        slots = session.available
        index = next((i for i, s in enumerate(slots) if not session.is_answered(s.position)), len(slots))
        while True:
            if session.expired():
                return
            self._warn(session)
            if index >= len(slots):
                target = self._answer_sheet(session)
                if target == HAND_IN:
                    if self._confirm_hand_in(session):
                        return
                    continue
                index = int(target)
                continue
            slot = slots[index]
            assert slot.question is not None
            self._show(slot, session)
            self._show_state(slot, session)
            shown_at = self.clock()
            try:
                response = self.prompter.ask(slot.question, slot.layout)
                self._submit(session, slot, response, self.clock() - shown_at)
                # On to the next question still to answer; none left after this one: the answer sheet.
                index = next((i for i in range(index + 1, len(slots)) if not session.is_answered(slots[i].position)),
                             len(slots))
            except Skipped:
                session.spend(slot, self.clock() - shown_at)
                index = self._move(session, index)

    def _show_state(self, slot: Slot, session: QuizSession) -> None:
        """Under a revisited question: its flag, and the answer it has (answering again changes it)."""
        if slot.position in session.flagged:
            self.console.print(Text(t("exam.flagged-note", self.lang), style="bold magenta"))
        if session.is_answered(slot.position):
            words = response_text(slot.question, session.responses.get(slot.position), self.content_lang)
            self.console.print(Text(t("exam.current-answer", self.lang, answer=words), style="cyan"))

    def _move(self, session: QuizSession, index: int) -> int:
        """The navigation menu of one question; returns where to go (len(slots): the answer sheet)."""
        from questionary import Choice

        slots = session.available
        slot = slots[index]
        while True:
            last = index == len(slots) - 1
            answered = session.is_answered(slot.position)
            forward = "exam.nav-sheet-last" if last else "exam.nav-next" if answered else "exam.nav-next-blank"
            choices = [Choice(t(forward, self.lang), value=NEXT)]
            if index > 0:
                choices.append(Choice(t("exam.nav-back", self.lang), value=BACK))
            flagged = slot.position in session.flagged
            choices.append(Choice(t("exam.nav-unflag" if flagged else "exam.nav-flag", self.lang), value=FLAG))
            if not last:
                choices.append(Choice(t("exam.nav-sheet", self.lang), value=SHEET))
            choices.append(Choice(t("exam.nav-stay", self.lang), value=STAY))
            number = index + 1
            action = self.prompter.select(t("exam.nav-what", self.lang, number=number), choices, skippable=False)
            if action == FLAG:
                now_flagged = session.toggle_flag(slot)
                note = "exam.flag-set" if now_flagged else "exam.flag-cleared"
                self.console.print(Text(t(note, self.lang, number=number), style="magenta"))
                continue
            if session.expired():
                raise TimeUp()
            return {NEXT: index + 1, BACK: index - 1, SHEET: len(slots), STAY: index}[action]

    def _answer_sheet(self, session: QuizSession) -> int | str:
        """Every question with its state; returns the index to jump to, or HAND_IN."""
        from questionary import Choice, Separator

        sheet = session.sheet()
        answered = sum(line.answered for line in sheet)
        flagged = [line for line in sheet if line.flagged]
        self.console.print()
        self.console.print(Text(t("exam.sheet-title", self.lang, answered=answered, total=len(sheet),
                                  blank=len(sheet) - answered, flagged=len(flagged)), style="bold"))
        self.console.print(Text.assemble(*(_cell(line) for line in sheet)))
        choices: list[object] = [Choice(self._sheet_label(line), value=str(line.number - 1)) for line in sheet]
        choices += [Separator(" "), Choice(t("exam.sheet-hand-in", self.lang), value=HAND_IN)]
        first_open = next((line for line in sheet if not line.answered), None) or (flagged[0] if flagged else None)
        default = str(first_open.number - 1) if first_open is not None else HAND_IN
        target: str = self.prompter.select(t("exam.sheet-where", self.lang), choices, skippable=False,
                                           default=default)
        if session.expired():
            raise TimeUp()
        return target if target == HAND_IN else int(target)

    def _sheet_label(self, line: SheetLine) -> str:
        from rich.cells import cell_len, set_cell_size

        assert line.slot.question is not None
        state = t("exam.sheet-answered" if line.answered else "exam.sheet-blank", self.lang)
        flag = " ⚑" if line.flagged else ""
        prompt = " ".join(line.slot.question.prompt.get(self.content_lang).split())
        if cell_len(prompt) > EXCERPT_CELLS:
            prompt = set_cell_size(prompt, EXCERPT_CELLS - 1).rstrip() + "…"
        return t("exam.sheet-line", self.lang, number=line.number, state=state + flag, prompt=prompt)

    def _confirm_hand_in(self, session: QuizSession) -> bool:
        """Hand in? Names the questions still unanswered and flagged; No is the default while there are any."""
        sheet = session.sheet()
        sep = t("list.sep", self.lang)
        blank = [str(line.number) for line in sheet if not line.answered]
        flagged = [str(line.number) for line in sheet if line.flagged]
        if blank:
            self.console.print(Text(t("exam.hand-in-blank", self.lang, count=len(blank), numbers=sep.join(blank)),
                                    style="bold yellow"))
        if flagged:
            self.console.print(Text(t("exam.hand-in-flagged", self.lang, count=len(flagged),
                                      numbers=sep.join(flagged)), style="magenta"))
        if not blank and not flagged:
            self.console.print(Text(t("exam.hand-in-complete", self.lang, count=len(sheet)), style="green"))
        confirmed = self.prompter.confirm(t("exam.hand-in-confirm", self.lang), default=not blank and not flagged)
        if session.expired():
            raise TimeUp()
        return confirmed

    # -- the clock ------------------------------------------------------------------------
    def _warn(self, session: QuizSession) -> None:
        """Say once when 5 minutes, then 1 minute, are left (the clock line changes colour too)."""
        remaining = session.remaining()
        if remaining is None or remaining <= 0:
            return
        for limit, key, style in ((WARN_AT[1], "exam.warn-last", "bold red"),
                                  (WARN_AT[0], "exam.warn-low", "bold yellow")):
            if remaining <= limit:
                if limit not in self.warned:
                    self.warned.update(at for at in WARN_AT if at >= limit)
                    minutes, seconds = divmod(int(remaining + 0.999), 60)
                    self.console.print(Text(t(key, self.lang, time=f"{minutes:02d}:{seconds:02d}"), style=style))
                return


def _cell(line: SheetLine) -> Text:
    """One question on the sheet's compact line: number, ✔ answered or ○ not, ⚑ flagged."""
    mark = "✔" if line.answered else "○"
    flag = "⚑" if line.flagged else " "
    return Text(f" {line.number:>2}{mark}{flag} ", style="green" if line.answered else "yellow")
