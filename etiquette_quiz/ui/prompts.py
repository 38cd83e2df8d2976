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
from prompt_toolkit.data_structures import Point
from prompt_toolkit.formatted_text import FormattedText, StyleAndTextTuples
from prompt_toolkit.layout.controls import UIContent, UIControl
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
GIVE_UP = ("?", "？")  # typed in practice: "I don't know, show me the answer"

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
             validate: Callable[[str], bool | str] | None = None, default: str = "") -> str:
        """A line of text (`default` is typed in already, for corrections)."""

    def checkbox(self, message: str, choices: list[Any], instruction: str,
                 validate: Callable[[list[Any]], bool | str] | None = None,
                 none_means: str | None = None) -> list[Any]:
        """Any number of `choices`."""

    def pause(self, message: str) -> None:
        """Wait for a key."""

    def page(self, message: str) -> bool:
        """Wait for a key between screens of a pager: False when the trainee stops."""

    def confirm(self, message: str, default: bool = True) -> bool:
        """Yes or no."""


class PromptFactory(Protocol):
    """Makes a Prompter for one stretch of a run: a menu, or the questions of a quiz with its clock."""

    def __call__(self, *, allow_skip: bool = False, remaining: Callable[[], float | None] | None = None,
                 status: Callable[[], str] | None = None, heartbeat: Callable[[], None] | None = None,
                 skip_label: str | None = None) -> Prompter:
        """A prompter with these options."""


class ChoiceList:
    """A select or checkbox prompt drawn by us: the message and every choice wrapped to the terminal's width.

    A long choice wraps with a hanging indent under its number, Chinese breaks by the same rules as the
    panels (ui/layout.py), and when the list is taller than the screen it scrolls so that the highlighted
    choice is always whole on screen, with a line saying how many more are above or below. Choices are
    questionary's Choice and Separator objects (or plain values), as elsewhere; the keys are the same as
    questionary's: arrows, the number keys, Space to tick, Enter.
    """

    POINTER = "»"
    TICKED, UNTICKED = "●", "○"

    def __init__(self, message: str, choices: list[Any], *, instruction: str = "", multi: bool = False,
                 lang: str = "en", default: Any = None) -> None:
        from questionary import Choice, Separator

        self.message = message
        self.instruction = instruction
        self.multi = multi
        self.lang = lang
        self.items: list[Any] = [c if isinstance(c, Choice) else Choice(str(c), value=c) for c in choices]
        self.separators = {n for n, c in enumerate(self.items) if isinstance(c, Separator)}
        self.numbers: dict[int, int] = {}
        for n in range(len(self.items)):
            if n not in self.separators:
                self.numbers[n] = len(self.numbers) + 1
        self.ticked = {n for n, c in enumerate(self.items) if getattr(c, "checked", False) and self.selectable(n)}
        start = [n for n in range(len(self.items)) if self.selectable(n) and self.items[n].value == default]
        self.pointed = start[0] if default is not None and start else next(
            (n for n in range(len(self.items)) if self.selectable(n)), 0)
        self.error: str | None = None
        self.offset = 0  # the first choice line on screen, when the list scrolls

    def selectable(self, index: int) -> bool:
        """Whether the choice at `index` can be highlighted and picked."""
        return index not in self.separators and not self.items[index].disabled

    def move(self, steps: int) -> None:
        """Highlight the selectable choice `steps` further down (up when negative), wrapping round."""
        if not any(self.selectable(n) for n in range(len(self.items))):
            return
        direction = 1 if steps > 0 else -1
        for _ in range(abs(steps)):
            index = self.pointed
            for _ in range(len(self.items)):
                index = (index + direction) % len(self.items)
                if self.selectable(index):
                    self.pointed = index
                    break

    def jump(self, number: int) -> None:
        """Highlight the choice with this number, if it can be picked."""
        for index, shown in self.numbers.items():
            if shown == number and self.selectable(index):
                self.pointed = index

    def edge(self, last: bool) -> None:
        """Highlight the first (or last) selectable choice."""
        order = range(len(self.items) - 1, -1, -1) if last else range(len(self.items))
        self.pointed = next((n for n in order if self.selectable(n)), self.pointed)

    def toggle(self) -> None:
        """Tick or untick the highlighted choice."""
        self.ticked ^= {self.pointed}
        self.error = None

    def value(self) -> Any:
        """The highlighted choice's value."""
        return self.items[self.pointed].value

    def values(self) -> list[Any]:
        """The ticked choices' values, in list order."""
        return [self.items[n].value for n in sorted(self.ticked)]

    def titles(self, indexes: list[int]) -> list[str]:
        """The titles of these choices, as shown."""
        return [_title(self.items[n]) for n in indexes]

    # -- drawing ---------------------------------------------------------------------------------
    def header(self, width: int) -> list[list[tuple[str, str]]]:
        """The message (and the key help) as lines of at most `width` cells."""
        return message_lines(self.message, self.instruction, width)

    def choice_lines(self, index: int, width: int) -> list[list[tuple[str, str]]]:
        """One choice, wrapped under its number; the first line carries the pointer."""
        from .layout import wrap

        item = self.items[index]
        if index in self.separators:
            return [[("class:separator", _title(item).rstrip())]]
        pointed = index == self.pointed
        digits = len(str(len(self.numbers)))
        number = f"{self.numbers[index]:>{digits}}) "
        mark = ((self.TICKED if index in self.ticked else self.UNTICKED) + " ") if self.multi else ""
        prefix_width = 3 + len(mark) + len(number)
        style = ("class:disabled" if item.disabled else "class:selected" if index in self.ticked
                 else "class:highlighted" if pointed else "class:text")
        lines = wrap(_title(item), max(1, width - prefix_width))
        out = []
        for n, line in enumerate(lines):
            if n == 0:
                out.append([("class:pointer" if pointed else "", f" {self.POINTER} " if pointed else "   "),
                            ("class:selected" if index in self.ticked else "class:text", mark),
                            (style, number + line)])
            else:
                out.append([("", " " * prefix_width), (style, line)])
        return out

    def lines(self, width: int, height: int | None) -> tuple[list[list[tuple[str, str]]], int]:
        """What the prompt shows in `width` × `height` cells, and the line of the highlighted choice."""
        head = self.header(width)
        tail = [[("class:validation", line)] for line in _wrapped(self.error, width)] if self.error else []
        blocks = [self.choice_lines(n, width) for n in range(len(self.items))]
        body = [line for block in blocks for line in block]
        first = sum(len(block) for block in blocks[: self.pointed])
        last = first + len(blocks[self.pointed])
        if height is None or len(head) + len(body) + len(tail) <= height:
            return head + body + tail, len(head) + first
        head = head[: max(1, height - len(tail) - 3)]
        room = max(1, height - len(head) - len(tail) - 2)  # a line above and below says what is hidden
        if first < self.offset:
            self.offset = first
        elif last > self.offset + room:
            self.offset = min(first, last - room)
        self.offset = max(0, min(self.offset, len(body) - room))
        above, below = self.offset, max(0, len(body) - self.offset - room)
        shown = body[self.offset: self.offset + room]
        more = [[("class:instruction", "   " + t("quiz.more-above", self.lang, count=above) if above else "")]]
        less = [[("class:instruction", "   " + t("quiz.more-below", self.lang, count=below) if below else "")]]
        return head + more + shown + less + tail, len(head) + 1 + first - self.offset


def message_lines(message: str, instruction: str, width: int) -> list[list[tuple[str, str]]]:
    """'? message (instruction)' wrapped to `width`, continuation lines under the message."""
    from .layout import text_width, wrap

    lines = wrap(message, max(1, width - 2))
    out = [[("class:qmark", "?" if n == 0 else " "), ("", " "), ("class:question", line)]
           for n, line in enumerate(lines)]
    if instruction:
        last = text_width("? " + lines[-1])
        if last + 1 + text_width(instruction) <= width:
            out[-1].append(("class:instruction", " " + instruction))
        else:
            out += [[("", "  "), ("class:instruction", line)] for line in wrap(instruction, max(1, width - 2))]
    return out


def _wrapped(text: str, width: int) -> list[str]:
    from .layout import wrap

    return wrap(text, max(1, width - 2))


def _title(choice: Any) -> str:
    title = choice.title
    if isinstance(title, list):
        return "".join(part[1] for part in title)
    return str(title)


class ChoiceControl(UIControl):
    """The prompt_toolkit control that draws a ChoiceList at whatever size it is given (resizes included)."""

    def __init__(self, choices: ChoiceList) -> None:
        self.choices = choices

    def preferred_width(self, max_available_width: int) -> int | None:
        """As wide as the terminal."""
        return None

    def preferred_height(self, width: int, max_available_height: int, wrap_lines: bool,
                         get_line_prefix: Any) -> int | None:
        """Every line of the prompt; the renderer gives less when the screen is shorter."""
        return len(self.choices.lines(width, None)[0])

    def is_focusable(self) -> bool:
        """It takes the keys."""
        return True

    def create_content(self, width: int, height: int | None) -> UIContent:
        """The lines that fit, scrolled to the highlighted choice."""
        lines, cursor = self.choices.lines(width, height)
        fragments: list[StyleAndTextTuples] = [list(line) for line in lines]
        return UIContent(get_line=lambda n: fragments[n], line_count=len(fragments),
                         cursor_position=Point(x=0, y=cursor), show_cursor=False)


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

    def _status_window(self) -> Any:
        """The clock and progress line shown under an open prompt."""
        from prompt_toolkit.filters import is_done
        from prompt_toolkit.layout import ConditionalContainer, Window
        from prompt_toolkit.layout.controls import FormattedTextControl

        line = Window(FormattedTextControl(self._toolbar), height=1)
        return ConditionalContainer(line, filter=~is_done)

    def _add_status_line(self, app: Any) -> None:
        """Put the clock and progress line under any questionary prompt.

        questionary's prompts hand `bottom_toolbar` to two prompt sessions at once and fail, so the
        line is added to the finished layout instead.
        """
        from prompt_toolkit.layout import HSplit, Layout

        focused = app.layout.current_window
        app.layout = Layout(HSplit([app.layout.container, self._status_window()]), focused_element=focused)

    def _columns(self) -> int:
        """The terminal's width (the output's, in tests)."""
        output = self.io.get("output")
        if output is not None:
            return max(20, int(output.get_size().columns))
        import shutil

        return max(20, shutil.get_terminal_size().columns)

    def run(self, prompt: questionary.Question, status_line: bool = True) -> Any:
        """Ask, closing the prompt with TimeUp at the deadline and saving the clock meanwhile."""
        app = prompt.application
        remaining = self.remaining() if self.remaining else None
        if remaining is not None and remaining <= 0:
            raise TimeUp()
        if status_line and (self.remaining is not None or self.status is not None):
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

    def _choose(self, choices: ChoiceList, validate: Callable[[list[Any]], bool | str] | None = None) -> Any:
        """Run a ChoiceList prompt; returns the highlighted value (select) or the ticked values (checkbox)."""
        from prompt_toolkit.application import Application
        from prompt_toolkit.key_binding import KeyBindings
        from prompt_toolkit.keys import Keys
        from prompt_toolkit.layout import HSplit, Layout, Window

        keys = KeyBindings()

        @keys.add(Keys.ControlC, eager=True)
        @keys.add(Keys.ControlQ, eager=True)
        def _interrupt(event: Any) -> None:
            event.app.exit(exception=KeyboardInterrupt, style="class:aborting")

        for key, step in ((Keys.Down, 1), (Keys.ControlN, 1), (Keys.Up, -1), (Keys.ControlP, -1)):
            keys.add(key, eager=True)(lambda event, step=step: choices.move(step))
        keys.add(Keys.Home, eager=True)(lambda event: choices.edge(last=False))
        keys.add(Keys.End, eager=True)(lambda event: choices.edge(last=True))
        keys.add(Keys.PageDown, eager=True)(lambda event: choices.move(5))
        keys.add(Keys.PageUp, eager=True)(lambda event: choices.move(-5))
        for digit in range(1, 10):
            keys.add(str(digit), eager=True)(lambda event, digit=digit: choices.jump(digit))
        if choices.multi:
            keys.add(" ", eager=True)(lambda event: choices.toggle())

        @keys.add(Keys.ControlM, eager=True)
        @keys.add(Keys.ControlJ, eager=True)  # Enter typed ahead, before the terminal left line mode
        def _enter(event: Any) -> None:
            if not choices.multi:
                event.app.exit(result=choices.value())
                return
            verdict = validate(choices.values()) if validate else True
            if verdict is True:
                event.app.exit(result=choices.values())
            else:
                choices.error = verdict or ""

        @keys.add(Keys.Any)
        def _other(event: Any) -> None:
            """Other keys do nothing."""

        parts: list[Any] = [Window(ChoiceControl(choices), dont_extend_height=True, always_hide_cursor=True)]
        if self.remaining is not None or self.status is not None:
            parts.append(self._status_window())
        options = {k: v for k, v in self._options().items() if k not in ("qmark",)}
        app: Application[Any] = Application(layout=Layout(HSplit(parts)), key_bindings=keys, erase_when_done=True,
                                            **options)
        return self.run(questionary.Question(app), status_line=False)

    def select(self, message: str, choices: list[Any], skippable: bool = True, default: Any = None) -> Any:
        """A single choice; with `skippable` in an exam, one more entry leaves the question for later."""
        label = self.skip_label or t("quiz.skip", self.lang)
        extra = [Separator(" "), Choice(label, value=SKIP)] if skippable and self.allow_skip else []
        listing = ChoiceList(message, choices + extra, instruction=t("quiz.select-help", self.lang), lang=self.lang,
                             default=default)
        answer = self._choose(listing)
        if answer == SKIP:
            self._echo_answer(message, t("quiz.skipped", self.lang))
            raise Skipped()
        self._echo_answer(message, listing.titles([listing.pointed])[0])
        return answer

    def text(self, message: str, instruction: str | None = None, skippable: bool = True,
             validate: Callable[[str], bool | str] | None = None, default: str = "") -> str:
        """A line of text; in an exam an empty answer to a `skippable` prompt leaves the question for later."""
        shown, help_text = self._fit_text_prompt(message, instruction)
        # Erased when done and echoed by _echo_answer: prompt_toolkit's own echo breaks lines anywhere.
        answer = self.run(questionary.text(shown, instruction=help_text, validate=validate, default=default,
                                           erase_when_done=True, **self._options()))
        answer = (answer or "").strip()
        if not answer and skippable and self.allow_skip:
            self._echo_answer(message, t("quiz.skipped", self.lang))
            raise Skipped()
        self._echo_answer(message, answer)
        return answer

    def _fit_text_prompt(self, message: str, instruction: str | None) -> tuple[str, str | None]:
        """The message and instruction of a text prompt wrapped to the terminal, the input on a line of its own
        when they do not leave it room."""
        from .layout import text_width, wrap

        width = self._columns()
        if text_width(f"? {message} {instruction or ''} ") + 20 <= width:
            return message, instruction
        lines = wrap(message, width - 2)
        help_lines = wrap(instruction, width - 2) if instruction else []
        shown = "\n  ".join(lines)
        # The instruction on lines of its own: after the message's last line it would run past the edge.
        return shown, ("\n  " + "\n  ".join(help_lines) + "\n  ›" if help_lines else "\n  ›")

    def checkbox(self, message: str, choices: list[Any], instruction: str,
                 validate: Callable[[list[Any]], bool | str] | None = None, none_means: str | None = None) -> list[Any]:
        """Tick any number; the ticked titles are echoed (`none_means` when nothing is ticked)."""
        listing = ChoiceList(message, choices, instruction=instruction, multi=True, lang=self.lang)
        picked = list(self._choose(listing, validate or (lambda _: True)))
        names = listing.titles(sorted(listing.ticked))
        echoed = none_means if none_means and not picked else t("list.sep", self.lang).join(names) or "—"
        self._echo_answer(message, echoed)
        return picked

    def _echo_answer(self, message: str, answer: str) -> None:
        """The answered prompt's line, wrapped, in the interface language (prompts are erased when done)."""
        from .layout import text_width, wrap

        width = self._columns()
        lines = message_lines(message, "", width)
        last = "".join(text for _, text in lines[-1])
        if text_width(last) + 1 + text_width(answer) <= width:
            lines[-1].append(("class:answer", " " + answer))
        else:
            lines += [[("", "  "), ("class:answer", line)] for line in wrap(answer, width - 2)]
        fragments: list[tuple[str, str]] = []
        for n, line in enumerate(lines):
            fragments += line + ([("", "\n")] if n < len(lines) - 1 else [])
        self._print(fragments)

    def _print(self, fragments: list[tuple[str, str]]) -> None:
        print_formatted_text(FormattedText(fragments), style=STYLE,
                             **({"output": self.io["output"]} if "output" in self.io else {}))

    def pause(self, message: str) -> None:
        """Wait for a key, so the trainee can read what is on screen."""
        self.run(questionary.press_any_key_to_continue(message, **self.io))

    def page(self, message: str) -> bool:
        """Wait for a key between screens of a pager: False when the trainee stops (q or Esc), else True."""
        from prompt_toolkit.application import Application
        from prompt_toolkit.formatted_text import FormattedText as Fragments
        from prompt_toolkit.key_binding import KeyBindings
        from prompt_toolkit.keys import Keys
        from prompt_toolkit.layout import Layout, Window
        from prompt_toolkit.layout.controls import FormattedTextControl

        keys = KeyBindings()

        @keys.add(Keys.ControlC, eager=True)
        def _interrupt(event: Any) -> None:
            event.app.exit(exception=KeyboardInterrupt, style="class:aborting")

        for key in ("q", "Q", Keys.Escape):
            keys.add(key, eager=True)(lambda event: event.app.exit(result=False))

        @keys.add(Keys.Any)
        def _next(event: Any) -> None:
            event.app.exit(result=True)

        line = Window(FormattedTextControl(Fragments([("class:instruction", message)])), height=1,
                      dont_extend_height=True)
        app: Application[Any] = Application(layout=Layout(line), key_bindings=keys, erase_when_done=True,
                                            style=STYLE, **self.io)
        return bool(self.run(questionary.Question(app), status_line=False))

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
        none_means = t("quiz.skipped", self.lang) if self.allow_skip else None
        picked = self.checkbox(t("quiz.pick-all", self.lang), choices, instruction, at_least_one, none_means)
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
            self._print_order([body.steps[i].get(self.content_lang) for i in chosen])
            if self.confirm(t("quiz.order-submit", self.lang)):
                return chosen

    def _print_order(self, steps: list[str]) -> None:
        """The order picked, one numbered step a line, wrapped under its number."""
        from .layout import wrap

        width = self._columns()
        fragments: list[tuple[str, str]] = [("class:question", t("quiz.your-order", self.lang)), ("", "\n")]
        digits = len(str(len(steps)))
        for n, step in enumerate(steps, 1):
            number = f"  {n:>{digits}}. "
            for k, line in enumerate(wrap(step, width - len(number))):
                fragments += [("", number if k == 0 else " " * len(number)), ("class:answer", line), ("", "\n")]
        self._print(fragments[:-1])

    def _typed(self, skippable: bool) -> Callable[[str], bool | str]:
        """In practice an empty answer is refused (Enter also commits IME text); `?` gives up and shows the answer."""
        def typed(value: str) -> bool | str:
            if value.strip() or (skippable and self.allow_skip):
                return True
            return t("quiz.type-something", self.lang)

        return typed

    def _given_up(self, answer: str) -> str:
        return "" if answer in GIVE_UP else answer

    def _fill(self, question: Question, layout: Layout) -> list[str]:
        body = question.body
        assert isinstance(body, FillBody)
        answers = []
        for n in range(len(body.blanks)):
            mark = blank_mark(n)
            if self.allow_skip:
                key = "quiz.blank-help-skip" if n == 0 else "quiz.blank-help"
            else:
                key = "quiz.blank-help-practice"
            answer = self.text(t("quiz.blank-n", self.lang, mark=mark), t(key, self.lang), skippable=n == 0,
                               validate=self._typed(n == 0))
            answers.append(self._given_up(answer))
        return answers

    def _script(self, question: Question, layout: Layout) -> str:
        assert isinstance(question.body, ScriptBody)
        key = "quiz.script-help-skip" if self.allow_skip else "quiz.script-help"
        answer = self.text(t("quiz.script-answer", self.lang), t(key, self.lang), validate=self._typed(True))
        return self._given_up(answer)

    def _match(self, question: Question, layout: Layout) -> list[str | None]:
        body = question.body
        assert isinstance(body, MatchBody)
        options = layout.get("options") or list(body.option_ids)
        picks: list[str | None] = []
        for n, pair in enumerate(body.pairs):
            choices = [Choice(body.option(oid).get(self.content_lang), value=oid) for oid in options]
            message = t("quiz.match-left", self.lang, n=n + 1, total=len(body.pairs),
                        left=quoted(pair.left.get(self.content_lang), self.lang))
            picks.append(self.select(message, choices, skippable=n == 0))
        return picks


def blank_mark(n: int) -> str:
    """How the n-th blank (from 0) of a fill question is numbered on screen: ①, ②, … then (11), (12)."""
    return BLANK_MARKS[n] if n < len(BLANK_MARKS) else f"({n + 1})"


QUOTES = {"en": ("“", "”"), "zh-CN": ("「", "」")}


def quoted(text: str, lang: str) -> str:
    """`text` in quotation marks, unless it is already quoted (a match item that is itself a saying)."""
    if text[:1] in "“\"「『‘'":
        return text
    opening, closing = QUOTES["zh-CN" if lang.startswith("zh") else "en"]
    return f"{opening}{text}{closing}"


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
