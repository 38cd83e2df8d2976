"""Progress on long work: a live display on standard error for trainer commands, only on a terminal.

    from etiquette_quiz.ui.longrun import working

    with working(t("export.working", lang), total=rows, quiet=state.quiet) as work:
        for batch in batches:
            write(batch)
            work.advance(len(batch))
        work.step(t("export.saving", lang))    # a next phase: new words, its own total (None: a spinner)
    say_done(t("export.wrote", lang, …, seconds=work.seconds), quiet=state.quiet)

The display says what is being done, how far along it is (done of total, a bar, when the total
is known) and the time so far. It is drawn only when standard error is an interactive terminal
(not a pipe or a file, not TERM=dumb), never with `quiet`, without colour under NO_COLOR, and it
vanishes when the work ends, leaving the one summary line of `say_done`. When it is not drawn,
`advance` costs a call and an addition, and rich is not imported at all. Core code that cannot
import this module takes a plain callable (`work.advance`, `work.step`).
"""

from __future__ import annotations

import os
import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any


def shows_progress(quiet: bool = False) -> bool:
    """Whether a progress display would be drawn: standard error is an interactive terminal and not `quiet`."""
    if quiet or os.environ.get("TERM") == "dumb":
        return False
    try:
        return sys.stderr.isatty()
    except (AttributeError, ValueError):  # replaced or closed streams
        return False


class Work:
    """How far a long piece of work has come; drawn on the terminal when `shown`."""

    def __init__(self) -> None:
        self.count = 0
        self.started = time.perf_counter()
        self._progress: Any = None
        self._task: Any = None

    @property
    def shown(self) -> bool:
        """Whether a display is drawn (worth counting a total for)."""
        return self._progress is not None

    @property
    def seconds(self) -> float:
        """Seconds since the work began."""
        return time.perf_counter() - self.started

    def advance(self, count: int = 1) -> None:
        """`count` more done."""
        self.count += count
        if self._progress is not None:
            self._progress.update(self._task, advance=count)

    def step(self, what: str, total: int | None = None) -> None:
        """Go on to the next phase of the work: what it is, and its total (None when not known)."""
        self.count = 0
        if self._progress is not None:
            self._progress.update(self._task, description=what, total=total, completed=0)

    def total(self, total: int | None) -> None:
        """Set the total of the current phase, once it is known."""
        if self._progress is not None:
            self._progress.update(self._task, total=total)


@contextmanager
def working(what: str, total: int | None = None, *, quiet: bool = False) -> Iterator[Work]:
    """A progress display on standard error while the block runs (see the module docstring)."""
    work = Work()
    if not shows_progress(quiet):
        yield work
        return
    from rich.console import Console
    from rich.progress import (
        BarColumn,
        MofNCompleteColumn,
        Progress,
        SpinnerColumn,
        TextColumn,
        TimeElapsedColumn,
    )

    console = Console(stderr=True, no_color=bool(os.environ.get("NO_COLOR")), highlight=False, emoji=False)
    progress = Progress(SpinnerColumn(), TextColumn("{task.description}", markup=False), BarColumn(),
                        MofNCompleteColumn(), TimeElapsedColumn(), console=console, transient=True,
                        refresh_per_second=8)
    with progress:
        work._progress = progress
        work._task = progress.add_task(what, total=total)
        try:
            yield work
        finally:
            work._progress = None


def say_done(message: str, quiet: bool = False) -> None:
    """The one closing line of a long command (what was written, how many, how long), on standard error."""
    if not quiet:
        print(message, file=sys.stderr, flush=True)
