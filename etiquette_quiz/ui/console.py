"""The rich Console used by every command, configured from the environment."""

from __future__ import annotations

import os
from typing import IO

from rich.console import Console


def make_console(file: IO[str] | None = None, width: int | None = None) -> Console:
    """A Console that honours NO_COLOR and never interprets markup or emoji codes in our text.

    Bank text is shown through rich Text objects or with markup disabled, so nothing a
    trainer writes can inject styles or terminal escapes.
    """
    return Console(
        file=file,
        width=width,
        no_color=bool(os.environ.get("NO_COLOR")),
        markup=False,
        emoji=False,
        highlight=False,
        soft_wrap=False,
    )
