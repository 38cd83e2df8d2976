"""The rich Console used by every command, configured from the environment."""

from __future__ import annotations

import os
from collections.abc import Iterable
from typing import IO

from rich.console import Console
from rich.segment import Segment

from ..textsafe import visible


class SafeConsole(Console):
    """A Console whose content cannot carry terminal escapes.

    rich's Text strips only a few controls (BEL, backspace, CR…), so a name holding an OSC or
    CSI sequence would reach the terminal raw. Every segment of content passes the output
    gate (textsafe.visible) just before it is written; rich's own control segments (cursor
    moves) and the styles it renders are left alone.
    """

    def _render_buffer(self, buffer: Iterable[Segment]) -> str:
        return super()._render_buffer(
            segment if segment.control else Segment(visible(segment.text), segment.style, None)
            for segment in buffer
        )


def make_console(file: IO[str] | None = None, width: int | None = None) -> Console:
    """A Console that honours NO_COLOR and never interprets markup or emoji codes in our text.

    Bank text is shown through rich Text objects or with markup disabled, so nothing a
    trainer writes can inject styles; SafeConsole keeps escapes in any text from reaching the
    terminal.
    """
    return SafeConsole(
        file=file,
        width=width,
        no_color=bool(os.environ.get("NO_COLOR")),
        markup=False,
        emoji=False,
        highlight=False,
        soft_wrap=False,
    )
