"""Small charts made of text, for the report and history: they read without colour (NO_COLOR) too.

Bars use block characters, so their length carries the value and colour only adds to it;
partial cells use the eighth blocks, so a short bar still shows a difference.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from fractions import Fraction
from typing import Any

from rich.table import Table
from rich.text import Text

EIGHTHS = " ▏▎▍▌▋▊▉█"
SPARKS = "▁▂▃▄▅▆▇█"


def share_style(fraction: Fraction | float) -> str:
    """The colour of a score: green from 80%, yellow from 60%, red below."""
    return "green" if fraction >= 0.8 else "yellow" if fraction >= 0.6 else "red"


def share_bar(fraction: float, width: int) -> Text:
    """A share of 0–100% as a bar of `width` cells: filled █, the rest ░ (so the whole reads as 100%)."""
    fraction = max(0.0, min(1.0, fraction))
    filled = round(fraction * width)
    return Text.assemble(("█" * filled, share_style(fraction)), ("░" * (width - filled), "dim"))


def count_bar(count: int, top: int, width: int, style: str = "cyan") -> Text:
    """A count as a bar, `top` filling `width` cells, in eighths of a cell; a count above 0 shows at least ▏."""
    if top <= 0 or count <= 0:
        return Text("")
    eighths = max(1, round(count / top * width * 8))
    return Text("█" * (eighths // 8) + (EIGHTHS[eighths % 8] if eighths % 8 else ""), style=style)


def grid(*columns: dict[str, Any]) -> Table:
    """A borderless table, one space between cells, with these columns (each the options of Table.add_column)."""
    table = Table.grid(padding=(0, 1), pad_edge=False)
    for options in columns:
        table.add_column(**options)
    return table


# Column options the charts share.
NO_WRAP: dict[str, Any] = {"no_wrap": True}
RIGHT: dict[str, Any] = {"no_wrap": True, "justify": "right"}
FILL: dict[str, Any] = {"ratio": 1}


def sparkline(values: Sequence[Fraction | float]) -> str:
    """Fractions of 0–1 as a line of block characters, one per value."""
    return "".join(SPARKS[min(len(SPARKS) - 1, int(max(0.0, v) * (len(SPARKS) - 1) + 0.5))] for v in values)


def percent(value: float | None) -> str:
    """A share (a statistic: DI, α, a miss rate) as a whole percentage, or a dash."""
    return "—" if value is None else f"{value * 100:.0f}%"


def score_percent(value: Fraction | float | None) -> str:
    """A score's share as a whole percentage rounded down, as scores.percent_text writes scores — a score shown
    at the pass mark has reached it — or a dash. A float's last-bit error does not take it a point down."""
    return "—" if value is None else f"{math.floor(value * 100 + 1e-9)}%"


def shorten(text: str, width: int, middle: bool = True) -> str:
    """`text` in at most `width` cells: when it is longer, its start and its end with "…" between.

    The end carries more, because a question's point is usually at its end ("… where do you put
    the card?") while its start often names the manual. Without `middle`, a title keeps its
    start ("Complaints and…").
    """
    from rich.cells import cell_len

    if cell_len(text) <= width:
        return text
    if width <= 1:
        return "…"[:width]
    head_room = (width - 1) // 3 if middle else width - 1
    head, used = [], 0
    for char in text:
        if used + cell_len(char) > head_room:
            break
        head.append(char)
        used += cell_len(char)
    tail: list[str] = []
    room = width - 1 - used
    for char in reversed(text[len(head):]):
        if cell_len(char) > room:
            break
        tail.append(char)
        room -= cell_len(char)
    start, end = "".join(head), "".join(reversed(tail))
    # Between words where there are words: "According to…after reading it?", not "Accord…r reading it?".
    if " " in start and text[len(start)] != " ":
        start = start[:start.rindex(" ")]
    if " " in end and text[len(text) - len(end) - 1] != " ":
        end = end[end.index(" ") + 1:]
    return start.rstrip() + "…" + end.lstrip()


class Shortened:
    """A text that takes the width its table column gives it, cut (see `shorten`) to fit one line."""

    def __init__(self, text: str, prefix: Text | None = None, minimum: int = 10, style: str = "",
                 middle: bool = True) -> None:
        self.text = text
        self.prefix = prefix or Text("")
        self.minimum = minimum
        self.style = style
        self.middle = middle

    def __rich_measure__(self, console: Any, options: Any) -> Any:
        from rich.cells import cell_len
        from rich.measure import Measurement

        full = self.prefix.cell_len + cell_len(self.text)
        return Measurement(min(full, self.prefix.cell_len + self.minimum), full)

    def __rich_console__(self, console: Any, options: Any) -> Any:
        room = max(1, options.max_width - self.prefix.cell_len)
        line = self.prefix.copy()
        line.append(shorten(self.text, room, self.middle), style=self.style)
        line.no_wrap = True
        yield line
