"""One prompt per question type, behind the Prompter interface the quiz flow calls.

TerminalPrompter asks through questionary. Every prompt goes through `unsafe_ask()`, so
Ctrl-C reaches the caller as KeyboardInterrupt instead of being swallowed. In an exam a clock
line sits under the prompt and the prompt is closed with TimeUp when the time runs out.
"""

from __future__ import annotations

import asyncio
from collections.abc import Callable
from typing import Any, Protocol

import questionary
from prompt_toolkit import print_formatted_text
from prompt_toolkit.formatted_text import FormattedText
from prompt_toolkit.styles import Style
from questionary import Choice, Separator

from ..i18n import t
from ..model import (
    BLANK_MARKS,
    ChoiceBody,
    FillBody,
    Layout,
    MatchBody,
    OrderBody,
    Question,
    QuestionType,
    Response,
    ScriptBody,
)
from ..session import TimeUp

SKIP = "__skip__"

STYLE = Style([
    ("qmark", "fg:ansicyan bold"),
    ("question", "bold"),
    ("answer", "fg:ansicyan bold"),
    ("pointer", "fg:ansicyan bold"),
    ("highlighted", "fg:ansicyan bold"),
    ("selected", "fg:ansigreen"),
    ("instruction", "fg:ansibrightblack"),
    ("bottom-toolbar", "noreverse fg:ansiyellow"),
    ("clock-low", "noreverse fg:ansired bold"),  # under 5 minutes left
    ("clock-last", "reverse fg:ansired bold"),  # the last minute
])
# When the clock line changes look and says so: the last 5 minutes, the last minute.
WARN_AT = (300, 60)


class Skipped(Exception):
    """The trainee chose to leave the question for later."""


class Prompter(Protocol):
    """What the quiz flow asks the trainee; the terminal implements it, a test or another front end may too."""

    def ask(self, question: Question, layout: Layout) -> Response:
        """The trainee's response to a question (raises Skipped to leave it for later)."""

    def select(self, message: str, choices: list[Any], skippable: bool = True, default: Any = None) -> Any:
        """One of `choices` (questionary Choice objects or plain values); the pointer starts on `default`."""

    def text(self, message: str, instruction: str | None = None, skippable: bool = True,
             validate: Callable[[str], bool | str] | None = None) -> str:
        """A line of text."""

    def checkbox(self, message: str, choices: list[Any], instruction: str,
                 validate: Callable[[list[Any]], bool | str] | None = None,
                 none_means: str | None = None) -> list[Any]:
        """Any number of `choices`."""

    def pause(self, message: str) -> None:
        """Wait for a key."""

    def confirm(self, message: str, default: bool = True) -> bool:
        """Yes or no."""


class PromptFactory(Protocol):
    """Makes a Prompter for one stretch of a run: a menu, or the questions of a quiz with its clock."""

    def __call__(self, *, allow_skip: bool = False, remaining: Callable[[], float | None] | None = None,
                 status: Callable[[], str] | None = None, heartbeat: Callable[[], None] | None = None,
                 skip_label: str | None = None) -> Prompter:
        """A prompter with these options."""


class TerminalPrompter:
    """Asks questions in the terminal (or on the pipes given, in tests)."""

    def __init__(
        self,
        lang: str,
        *,
        content_lang: str | None = None,
        allow_skip: bool = False,
        remaining: Callable[[], float | None] | None = None,
        status: Callable[[], str] | None = None,
        heartbeat: Callable[[], None] | None = None,
        heartbeat_every: float = 15.0,
        skip_label: str | None = None,
        input: Any = None,
        output: Any = None,
    ) -> None:
        self.lang = lang
        self.content_lang = content_lang or lang
        self.allow_skip = allow_skip
        self.remaining = remaining
        self.status = status
        self.heartbeat = heartbeat
        self.heartbeat_every = heartbeat_every
        self.skip_label = skip_label  # the entry that leaves a question (default: skip for now)
        self.io = {k: v for k, v in (("input", input), ("output", output)) if v is not None}

    # -- plumbing ---------------------------------------------------------------------------
    def _toolbar(self) -> FormattedText:
        parts = []
        style = "class:bottom-toolbar"
        remaining = self.remaining() if self.remaining else None
        if remaining is not None:
            minutes, seconds = divmod(int(remaining + 0.999), 60)
            parts.append(t("quiz.clock", self.lang, time=f"{minutes:02d}:{seconds:02d}"))
            if remaining <= WARN_AT[1]:
                style, parts[-1] = "class:clock-last", t("exam.clock-last", self.lang, clock=parts[-1])
            elif remaining <= WARN_AT[0]:
                style, parts[-1] = "class:clock-low", t("exam.clock-low", self.lang, clock=parts[-1])
        if self.status:
            parts.append(self.status())
        return FormattedText([(style, "  ·  ".join(parts))])

    def _options(self) -> dict[str, Any]:
        options: dict[str, Any] = {"style": STYLE, "qmark": "?", **self.io}
        if self.remaining is not None:
            options["refresh_interval"] = 0.5  # redraw the clock
        return options

    def _add_status_line(self, app: Any) -> None:
        """Put the clock and progress line under any questionary prompt.

        questionary's select and checkbox hand `bottom_toolbar` to two prompt sessions at
        once and fail, so the line is added to the finished layout instead.
        """
        from prompt_toolkit.filters import is_done
        from prompt_toolkit.layout import ConditionalContainer, HSplit, Layout, Window
        from prompt_toolkit.layout.controls import FormattedTextControl

        line = Window(FormattedTextControl(self._toolbar), height=1)
        focused = app.layout.current_window
        app.layout = Layout(HSplit([app.layout.container, ConditionalContainer(line, filter=~is_done)]),
                            focused_element=focused)

    def run(self, prompt: questionary.Question) -> Any:
        """Ask, closing the prompt with TimeUp at the deadline and saving the clock meanwhile."""
        app = prompt.application
        remaining = self.remaining() if self.remaining else None
        if remaining is not None and remaining <= 0:
            raise TimeUp()
        if self.remaining is not None or self.status is not None:
            self._add_status_line(app)

        def start_timers() -> None:
            loop = asyncio.get_event_loop()
            if remaining is not None:
                def time_up() -> None:
                    if app.is_running and not app.is_done:
                        app.exit(exception=TimeUp())

                loop.call_later(remaining, time_up)
            heartbeat = self.heartbeat
            if heartbeat is not None:
                def beat() -> None:
                    if app.is_running and not app.is_done:
                        heartbeat()
                        loop.call_later(self.heartbeat_every, beat)

                loop.call_later(self.heartbeat_every, beat)

        app.pre_run_callables.append(start_timers)
        return prompt.unsafe_ask()

    def select(self, message: str, choices: list[Any], skippable: bool = True, default: Any = None) -> Any:
        """A single choice; with `skippable` in an exam, one more entry leaves the question for later."""
        label = self.skip_label or t("quiz.skip", self.lang)
        extra = [Separator(" "), Choice(label, value=SKIP)] if skippable and self.allow_skip else []
        answer = self.run(questionary.select(
            message, choices=choices + extra, use_shortcuts=len(choices) <= 9,
            instruction=t("quiz.select-help", self.lang), default=default, **self._options(),
        ))
        if answer == SKIP:
            raise Skipped()
        return answer

    def text(self, message: str, instruction: str | None = None, skippable: bool = True,
             validate: Callable[[str], bool | str] | None = None) -> str:
        """A line of text; in an exam an empty answer to a `skippable` prompt leaves the question for later."""
        answer = self.run(questionary.text(message, instruction=instruction, validate=validate, **self._options()))
        answer = (answer or "").strip()
        if not answer and skippable and self.allow_skip:
            raise Skipped()
        return answer

    def checkbox(self, message: str, choices: list[Any], instruction: str,
                 validate: Callable[[list[Any]], bool | str] | None = None, none_means: str | None = None) -> list[Any]:
        """Tick any number; `none_means` is what to echo when nothing is ticked."""
        # questionary's own summary line of a checkbox is English ("done (3 selections)"):
        # erase the prompt when done and print the summary in the interface language.
        prompt = questionary.checkbox(message, choices=choices, instruction=instruction,
                                      validate=validate or (lambda _: True), erase_when_done=True,
                                      **self._options())
        picked = list(self.run(prompt))
        echoed = none_means if none_means and not picked else t("quiz.ticked", self.lang, count=len(picked))
        self._echo_answer(message, echoed)
        return picked

    def _echo_answer(self, message: str, answer: str) -> None:
        """The answered prompt's line, in the interface language (for prompts erased when done)."""
        print_formatted_text(FormattedText([
            ("class:qmark", "?"), ("class:question", f" {message} "), ("class:answer", answer),
        ]), style=STYLE, **({"output": self.io["output"]} if "output" in self.io else {}))

    def pause(self, message: str) -> None:
        """Wait for a key, so the trainee can read what is on screen."""
        self.run(questionary.press_any_key_to_continue(message, **self.io))

    def confirm(self, message: str, default: bool = True) -> bool:
        """Yes or no (y/n keys, Enter for the default); the answer is echoed in the interface language."""
        answer = bool(self.run(questionary.confirm(message, default=default, erase_when_done=True,
                                                   **self._options())))
        self._echo_answer(message, t("quiz.yes" if answer else "quiz.no", self.lang))
        return answer

    # -- question types -----------------------------------------------------------------
    def ask(self, question: Question, layout: Layout) -> Response:
        """The trainee's response to `question`, in grading's language-independent shape."""
        return ASKERS[question.type](self, question, layout)

    def _choice_list(self, body: ChoiceBody, layout: Layout) -> list[Choice]:
        ids = layout.get("choices") or list(body.choice_ids)
        return [Choice(body.choice(cid).text.get(self.content_lang), value=cid) for cid in ids]

    def _single(self, question: Question, layout: Layout) -> str:
        body = question.body
        assert isinstance(body, ChoiceBody)
        picked: str = self.select(t("quiz.pick-one", self.lang), self._choice_list(body, layout))
        return picked

    def _multi(self, question: Question, layout: Layout) -> list[str]:
        body = question.body
        assert isinstance(body, ChoiceBody)

        def at_least_one(picked: list[str]) -> bool | str:
            return True if picked or self.allow_skip else t("quiz.pick-at-least-one", self.lang)

        instruction = t("quiz.multi-help-skip" if self.allow_skip else "quiz.multi-help", self.lang)
        choices = self._choice_list(body, layout)
        picked = self.checkbox(t("quiz.pick-all", self.lang), choices, instruction, at_least_one)
        if not picked and self.allow_skip:
            raise Skipped()
        return picked

    def _truefalse(self, question: Question, layout: Layout) -> bool:
        choices = [Choice(t("quiz.true", self.lang), value=True), Choice(t("quiz.false", self.lang), value=False)]
        answer: bool = self.select(t("quiz.true-or-false", self.lang), choices)
        return answer

    def _order(self, question: Question, layout: Layout) -> list[int]:
        body = question.body
        assert isinstance(body, OrderBody)
        shown = layout.get("steps") or list(range(len(body.steps)))
        while True:
            chosen: list[int] = []
            left = list(shown)
            while len(left) > 1:
                choices = [Choice(body.steps[i].get(self.content_lang), value=i) for i in left]
                message = t("quiz.step-n", self.lang, n=len(chosen) + 1, total=len(shown))
                picked = self.select(message, choices, skippable=not chosen)
                chosen.append(picked)
                left.remove(picked)
            chosen.extend(left)
            summary = " → ".join(f"{n}. {body.steps[i].get(self.content_lang)}" for n, i in enumerate(chosen, 1))
            if self.confirm(t("quiz.order-confirm", self.lang, order=summary)):
                return chosen

    def _fill(self, question: Question, layout: Layout) -> list[str]:
        body = question.body
        assert isinstance(body, FillBody)
        answers = []
        for n in range(len(body.blanks)):
            mark = BLANK_MARKS[n] if n < len(BLANK_MARKS) else f"({n + 1})"
            instruction = t("quiz.blank-help-skip" if self.allow_skip and n == 0 else "quiz.blank-help", self.lang)
            answers.append(self.text(t("quiz.blank-n", self.lang, mark=mark), instruction, skippable=n == 0))
        return answers

    def _script(self, question: Question, layout: Layout) -> str:
        assert isinstance(question.body, ScriptBody)
        key = "quiz.script-help-skip" if self.allow_skip else "quiz.script-help"
        return self.text(t("quiz.script-answer", self.lang), t(key, self.lang))

    def _match(self, question: Question, layout: Layout) -> list[str | None]:
        body = question.body
        assert isinstance(body, MatchBody)
        options = layout.get("options") or list(body.option_ids)
        picks: list[str | None] = []
        for n, pair in enumerate(body.pairs):
            choices = [Choice(body.option(oid).get(self.content_lang), value=oid) for oid in options]
            message = t("quiz.match-left", self.lang, n=n + 1, total=len(body.pairs),
                        left=pair.left.get(self.content_lang))
            picks.append(self.select(message, choices, skippable=n == 0))
        return picks


# How each type is asked (this layer's entry of the question-type registry).
ASKERS: dict[QuestionType, Callable[[TerminalPrompter, Question, Layout], Response]] = {
    QuestionType.SINGLE: TerminalPrompter._single,
    QuestionType.MULTI: TerminalPrompter._multi,
    QuestionType.TRUEFALSE: TerminalPrompter._truefalse,
    QuestionType.ORDER: TerminalPrompter._order,
    QuestionType.FILL: TerminalPrompter._fill,
    QuestionType.SCRIPT: TerminalPrompter._script,
    QuestionType.MATCH: TerminalPrompter._match,
}
