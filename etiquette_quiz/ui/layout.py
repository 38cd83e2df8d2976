"""Text that fits the terminal: one line breaker for Chinese and English, and tables that stack when narrow.

`line_spans` decides where lines break, for the prompts (prompt_toolkit), the panels and tables (rich) and
`--help` alike: English breaks at spaces, Chinese between characters, and closing punctuation never starts a
line nor opening punctuation ends one (避头尾). Nothing heavy is imported at the top, because `--help` uses
this module too; rich is loaded by the renderables when they render.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from typing import Any

# Never at the start of a line (行首禁则): closing brackets and quotes, sentence and clause marks, and the
# ellipsis and dash, which must not be split either.
CLOSING = frozenset("，。、；：？！）】」』》〉〕｝］”’…‥—～·・ー々%‰℃,.;:?!)]}»›")
# Never at the end of a line (行尾禁则): opening brackets and quotes.
OPENING = frozenset("（【「『《〈〔｛［“‘([{«‹")
# Breakable spaces; a no-break space (U+00A0) keeps the words on each side together.
SPACES = frozenset(" \t")

_WIDTHS: dict[str, int] = {}


def char_width(char: str) -> int:
    """How many terminal cells a character takes: 2 for wide (CJK) characters, 0 for combining marks."""
    width = _WIDTHS.get(char)
    if width is None:
        if unicodedata.category(char) in ("Mn", "Me", "Cf") or char == "\u200b":
            width = 0
        else:
            width = 2 if unicodedata.east_asian_width(char) in ("W", "F") else 1
        _WIDTHS[char] = width
    return width


def text_width(text: str) -> int:
    """How many terminal cells a one-line text takes."""
    if text.isascii():
        return len(text)
    return sum(char_width(char) for char in text)


def _wide(char: str) -> bool:
    return char_width(char) == 2


def _may_break_before(text: str, index: int) -> bool:
    """Whether a line may start at `index` (never between letters of a word, nor against 避头尾)."""
    before, char = text[index - 1], text[index]
    if char in SPACES or char in CLOSING or before in OPENING:
        return False
    return before in SPACES or _wide(before) or _wide(char)


def _atoms(text: str, start: int, end: int) -> Iterator[tuple[int, int]]:
    """The unbreakable pieces of text[start:end], each with the spaces that follow it."""
    atom = start
    for index in range(start + 1, end):
        if _may_break_before(text, index):
            yield atom, index
            atom = index
    if atom < end:
        yield atom, end


def _content_end(text: str, start: int, end: int) -> int:
    while end > start and text[end - 1] in SPACES:
        end -= 1
    return end


def line_spans(text: str, width: int, hang: int = 0) -> list[tuple[int, int]]:
    """Where each line starts and ends (trailing spaces left out) when `text` is wrapped to `width` cells.

    Lines after the first of each paragraph are `hang` cells narrower (they get a hanging indent);
    a newline in the text always ends a line.
    """
    width = max(1, width)
    hang = min(max(0, hang), width // 2)
    spans: list[tuple[int, int]] = []
    paragraph = 0
    for part in text.split("\n"):
        _wrap_paragraph(text, paragraph, paragraph + len(part), width, hang, spans)
        paragraph += len(part) + 1
    return spans


def _wrap_paragraph(text: str, start: int, end: int, width: int, hang: int, spans: list[tuple[int, int]]) -> None:
    if start == end:
        spans.append((start, start))
        return
    line_start, line_end, used, limit = start, start, 0, width
    for atom_start, atom_end in _atoms(text, start, end):
        content = _content_end(text, atom_start, atom_end)
        needed = text_width(text[atom_start:content])
        if used and used + needed > limit:
            spans.append((line_start, line_end))
            line_start, used, limit = atom_start, 0, width - hang
        if needed > limit:  # one word longer than a line: cut it between characters
            for piece_start, piece_end in _split_long(text, atom_start, content, width - hang, limit - used):
                if piece_start != line_start:
                    spans.append((line_start, line_end))
                    line_start, used, limit = piece_start, 0, width - hang
                line_end = piece_end
                used = text_width(text[line_start:piece_end])
        else:
            line_end = content
            used += needed
        used += text_width(text[content:atom_end])
    spans.append((line_start, line_end))


def _split_long(text: str, start: int, end: int, limit: int, first: int) -> Iterator[tuple[int, int]]:
    """An over-long word in pieces of at most `limit` cells (`first` for the first), none starting with CLOSING
    where the piece before can give up a character."""
    piece, used, room = start, 0, max(1, first)
    index = start
    while index < end:
        width = char_width(text[index])
        if used + width > room and index > piece:
            cut = index
            while cut - 1 > piece and text[cut] in CLOSING:
                cut -= 1
            yield piece, cut
            piece, used, room, index = cut, 0, limit, cut
            continue
        used += width
        index += 1
    yield piece, end


def paragraph_starts(text: str) -> set[int]:
    """Where each paragraph of `text` starts (its first line gets no hanging indent)."""
    return {0} | {n + 1 for n, char in enumerate(text) if char == "\n"}


def wrap(text: str, width: int, hang: int = 0) -> list[str]:
    """`text` as lines of at most `width` cells; continuation lines start with `hang` spaces."""
    indent = " " * min(max(0, hang), max(1, width) // 2)
    starts = paragraph_starts(text)
    return [("" if start in starts else indent) + text[start:end] for start, end in line_spans(text, width, hang)]


def longest_word(text: str) -> int:
    """The width of the widest piece of `text` that is never broken (its narrowest possible line)."""
    widest = 0
    paragraph = 0
    for part in text.split("\n"):
        for start, end in _atoms(text, paragraph, paragraph + len(part)):
            widest = max(widest, text_width(text[start:_content_end(text, start, end)]))
        paragraph += len(part) + 1
    return widest


def max_line_width(text: str) -> int:
    """The width of the widest line of `text`."""
    return max((text_width(line) for line in text.split("\n")), default=0)


# -- rich renderables ----------------------------------------------------------------------------------


class Wrapped:
    """A rich Text (or str) wrapped by `line_spans`, continuation lines indented by `hang` cells.

    rich's own wrapping breaks Chinese anywhere; this keeps the styles of the text and breaks by the
    rules above, at whatever width the renderable is given (a panel, a table cell, the console).
    """

    def __init__(self, text: Any, hang: int = 0, style: str = "") -> None:
        self.text = text
        self.hang = hang
        self.style = style

    def _text(self) -> Any:
        from rich.text import Text

        return self.text if isinstance(self.text, Text) else Text(str(self.text), style=self.style)

    def __rich_console__(self, console: Any, options: Any) -> Iterator[Any]:
        from rich.text import Text

        text = self._text()
        width = options.max_width
        plain = text.plain
        indent = min(self.hang, max(1, width) // 2)
        starts = paragraph_starts(plain)
        for start, end in line_spans(plain, width, self.hang):
            line = text[start:end]
            if start not in starts and indent:
                line = Text.assemble(" " * indent, line)
            line.no_wrap = True
            line.end = "\n"
            yield line

    def __rich_measure__(self, console: Any, options: Any) -> Any:
        from rich.measure import Measurement

        plain = self._text().plain
        widest = max_line_width(plain)
        return Measurement(min(widest, longest_word(plain) + self.hang), widest).with_maximum(options.max_width)


def hanging(text: Any, prefix: int) -> Wrapped:
    """A line whose continuation lines start under its text, `prefix` cells in (after a mark or a label)."""
    return Wrapped(text, hang=prefix)


@dataclass(frozen=True)
class Column:
    """A column of a FitTable."""

    header: str
    justify: str = "left"
    style: str = ""
    flex: bool = False  # may wrap onto several lines (titles, names); the other columns never wrap
    lead: bool = False  # in the stacked layout, shown on the record's first line, without its header


FLEX_MIN = 10  # a flex column narrower than this reads badly: stack the rows instead
TABLE_GAP = 2  # cells between two columns: one of padding, one of the (blank) divider


class FitTable:
    """Rows as a table when every cell fits whole, else each row as a stacked record; never a cut value.

    Ids, dates and scores are never wrapped nor cut: when the columns do not fit the width given, even with
    the flex columns wrapped down to FLEX_MIN cells, each row is shown as a record instead — its lead cells on
    one line, then "header: value" pairs, as many to a line as fit.
    """

    def __init__(self, columns: Sequence[Column], rows: Iterable[Sequence[Any]], *, title: str | None = None,
                 lang: str = "en") -> None:
        from ..i18n import UI, ui_language

        self.columns = list(columns)
        self.rows = [list(row) for row in rows]
        self.title = title
        # How a header and its value read in the stacked layout: "Score: 4/5", "得分：4/5".
        self.label = UI["layout.label"][ui_language(lang)]

    def widths(self, width: int) -> list[int] | None:
        """Each column's width at `width` cells as a table, or None when the rows must stack.

        First every cell and header whole on one line; else headers wrap at their spaces and flex columns
        wrap down to FLEX_MIN cells (never below their longest word), the room left shared out again.
        """
        cells = [[_plain(row[n]) for row in self.rows] for n in range(len(self.columns))]
        natural = [max([max_line_width(column.header)] + [max_line_width(cell) for cell in cells[n]])
                   for n, column in enumerate(self.columns)]
        overhead = TABLE_GAP * (len(self.columns) - 1)
        if sum(natural) + overhead <= width:
            return natural
        least = []
        for n, column in enumerate(self.columns):
            header = max(text_width(word) for word in column.header.split() or [""])  # wraps at spaces only
            if column.flex:
                words = max((longest_word(cell) for cell in cells[n]), default=0)
                least.append(min(natural[n], max(FLEX_MIN, header, words)))
            else:
                least.append(max([header] + [max_line_width(cell) for cell in cells[n]]))
        spare = width - overhead - sum(least)
        if spare < 0:
            return None
        # The room left makes whole columns whole again, the nearest first: a header on one line reads
        # better than every header a little wider and all of them still wrapped. Flex columns come last.
        widths = list(least)
        order = sorted(range(len(widths)), key=lambda n: (self.columns[n].flex, natural[n] - least[n]))
        for n in order:
            extra = min(spare, natural[n] - least[n])
            widths[n] += extra
            spare -= extra
        return widths

    def __rich_console__(self, console: Any, options: Any) -> Iterator[Any]:
        from rich.text import Text

        widths = self.widths(options.max_width)
        if widths is not None:
            yield self._table(widths)
            return
        if self.title:
            yield Wrapped(Text(self.title, style="bold"))
        for row in self.rows:
            yield from self._record(row, options.max_width)

    def _table(self, widths: list[int]) -> Any:
        from rich import box
        from rich.table import Table
        from rich.text import Text

        table = Table(title=self.title, title_justify="left", title_style="bold", box=box.SIMPLE_HEAD,
                      show_edge=False, pad_edge=False, padding=(0, 1, 0, 0))
        for column, width in zip(self.columns, widths, strict=True):
            header = Wrapped(Text(column.header, style="bold"))  # "Level 1" may wrap at its space; never cut
            table.add_column(header, justify=column.justify,  # type: ignore[arg-type]
                             style=column.style or None, width=width, no_wrap=not column.flex,
                             overflow="fold")
        for row in self.rows:
            cells = []
            for column, cell in zip(self.columns, row, strict=True):
                text = cell if isinstance(cell, Text) else Text(str(cell))
                cells.append(Wrapped(text) if column.flex else text)
            table.add_row(*cells)
        return table

    def _record(self, row: Sequence[Any], width: int) -> Iterator[Any]:
        from rich.text import Text

        lead = [(_text(cell, column.style), column.style) for column, cell in zip(self.columns, row, strict=True)
                if column.lead and _plain(cell)]
        heading = Text(style="bold")
        for n, (cell, _) in enumerate(lead):
            if n:
                heading.append("  ")
            heading.append_text(cell)
        if lead:
            yield Wrapped(heading, hang=2)
        indent = 2 if lead else 0
        pairs = []
        for column, cell in zip(self.columns, row, strict=True):
            if column.lead or not _plain(cell):
                continue
            before, _, after = self.label.partition("{value}")
            pair = Text.assemble((before.replace("{label}", column.header), "dim"), _text(cell, column.style),
                                 after.replace("{label}", column.header))
            pairs.append(pair)
        line = Text(" " * indent)
        for pair in pairs:
            fits = line.cell_len + (3 if line.plain.strip() else 0) + pair.cell_len <= width
            if line.plain.strip() and not fits:
                yield line
                line = Text(" " * indent)
            if line.plain.strip():
                line.append("   ")
            if pair.cell_len > width - indent:
                if line.plain.strip():
                    yield line
                yield _Indented(Wrapped(pair, hang=2), indent)
                line = Text(" " * indent)
                continue
            line.append_text(pair)
        if line.plain.strip():
            yield line


class _Indented:
    """A renderable shifted right by `indent` cells."""

    def __init__(self, renderable: Any, indent: int) -> None:
        self.renderable = renderable
        self.indent = indent

    def __rich_console__(self, console: Any, options: Any) -> Iterator[Any]:
        from rich.padding import Padding

        yield Padding(self.renderable, (0, 0, 0, self.indent))


def _plain(cell: Any) -> str:
    return cell.plain if hasattr(cell, "plain") else str(cell)


def _text(cell: Any, style: str = "") -> Any:
    from rich.text import Text

    if isinstance(cell, Text):
        return cell.copy() if not style else Text.assemble(cell, style=style)
    return Text(str(cell), style=style)
