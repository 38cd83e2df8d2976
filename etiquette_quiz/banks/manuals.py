"""The source manuals as plain text: their outline, where a rule's citation points, and their own words.

A manual is a `<source id>.txt` file (the repository keeps the bundled banks' manuals in
`manuals/`). Its outline is read from the way Chinese documents number their headings:
第X篇 / 第X章 / 第X节, 一、, （一）, 1. or 1、, 4.5.3, (1) and 1). Two kinds of unnumbered
heading are read too: a short label and a colon at the start of a line ("声调:自然、清晰…")
and a short line of its own ("仪表"). Numbering restarts tell nesting apart ("五、…" then
"一、…" is a level deeper); unnumbered headings cannot say how deep they are, so they sit
directly under the numbered heading before them.

The manuals were scraped from document-sharing sites and are partly garbled: headings run
into the text on one line, a slide deck repeats its headings on every page, and a few
headings are lost. The reader is lenient where it can be (headings after white space
mid-line, repeated headings merged, page numbers ignored) and `locate` says which part of a
citation it could not find rather than guessing.

Used by `bank lint --sources` (quotes, citations, titles) and its coverage map; nothing here
knows about banks.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

CN_DIGITS = {"零": 0, "〇": 0, "一": 1, "二": 2, "两": 2, "三": 3, "四": 4, "五": 5, "六": 6, "七": 7,
             "八": 8, "九": 9}
_CN = "一二三四五六七八九十百零〇两"

# Numbered heading markers, written as they appear after NFKC (（1） becomes (1), ． becomes .).
_FIXED = {"篇": "part", "章": "chapter", "节": "section"}
_FIXED_RANK = {"part": 0, "chapter": 1, "section": 2}
_MARKER = re.compile(
    rf"""
      第(?P<fixed_n>[{_CN}\d]+)\s*(?P<fixed>[篇章节])
    | (?P<dotted>\d+(?:\.\d+)+)\.?(?!\d)
    | \((?P<cnparen>[{_CN}]+)\)
    | \((?P<paren>\d+)\)
    | (?P<rparen>\d+)\)
    | (?P<cn>[一二三四五六七八九十]+)[、.]
    | (?P<num>\d+)(?:、|\.(?!\d))
    | (?P<letter>[A-Z])(?:、|\)|\.(?![A-Za-z]))
    """,
    re.X,
)
# The same markers inside a citation, where "1（1）" means item 1, sub-item (1) and a bare
# number may end the citation ("… 第四节 工作秩序 5").
_CITED_NUMBER = re.compile(r"(?P<num>\d+)(?=$|\(|[–—~～\-至])|(?P<letter>[A-Z])(?=$|[–—~～\-至])")
# "C–G", "4-6": a range of items, each of them cited.
_RANGE = re.compile(r"\s*[–—~～\-至]\s*")

MAX_TITLE = 30  # characters of a heading's title kept after its number
MAX_LABEL = 8  # a "label:" heading has at most this many characters before the colon
MAX_PLAIN = 16  # a line of its own is a heading when it is at most this long
# Words that open an example or a note with a colon; they are not section labels.
NOT_LABELS = frozenset({"示例", "如", "例如", "例", "备注", "注", "注意", "说明", "要点", "原则"})
# Page furniture of the document-sharing sites the manuals were scraped from.
NOT_HEADINGS = frozenset({"查看更多", "原创力文档", "文档简介", "温馨提示", "最新文档", "评论", "下载本文档",
                          "已阅读", "继续免费阅读", "版权说明", "提交评论"})
# A scraped slide deck numbers its pages "1、" "2、" … at line starts; that many lines
# numbered in one unbroken run are page numbers, not headings.
PAGE_RUN = 10

_SENTENCE_END = set("。;；!！?？")
_STOP = set(" \t\u3000,，:：;；。!！?？、") | {"\n"}
_QUOTES = str.maketrans({"“": '"', "”": '"', "„": '"', "「": '"', "」": '"', "『": '"', "』": '"',
                         "‘": "'", "’": "'"})
_SPACE = re.compile(r"\s+")
_NOT_WORD = re.compile(r"[\W_]+")


def cn_number(text: str) -> int | None:
    """The value of a Chinese or Arabic numeral such as 十二, 二十, 三百 or 12."""
    if text.isdigit():
        return int(text)
    total, current = 0, 0
    for char in text:
        if char in CN_DIGITS:
            current = CN_DIGITS[char]
        elif char == "十":
            total += (current or 1) * 10
            current = 0
        elif char == "百":
            total += (current or 1) * 100
            current = 0
        else:
            return None
    return total + current


def plain(text: str) -> str:
    """Text reduced to letters and digits, for comparing titles: NFKC, case folded, no spaces or punctuation."""
    return _NOT_WORD.sub("", unicodedata.normalize("NFKC", text).casefold())


def squeeze(text: str) -> str:
    """Text as `bank lint` compares quotes: NFKC, no white space, one kind of quotation mark."""
    return _SPACE.sub("", unicodedata.normalize("NFKC", text).translate(_QUOTES))


def _key(match: re.Match[str]) -> tuple[str, Any] | None:
    """The numbering of a marker: ('part', 5), ('cn', 2), ('num', 1), ('paren', 1), ('dotted', (4, 5))…"""
    kind = match.lastgroup
    if kind is None:
        return None
    if kind == "fixed":
        value = cn_number(match.group("fixed_n"))
        return (_FIXED[match.group("fixed")], value) if value is not None else None
    text = match.group(kind)
    if kind == "dotted":
        return "dotted", tuple(int(part) for part in text.split("."))
    if kind == "letter":
        return "letter", ord(text) - ord("A") + 1
    value = cn_number(text)
    if value is None:
        return None
    return {"rparen": "paren", "cnparen": "cnparen"}.get(kind, kind), value


def _same_style(a: tuple[str, Any], b: tuple[str, Any]) -> bool:
    return a[0] == b[0] and (a[0] != "dotted" or len(a[1]) == len(b[1]))


@dataclass(eq=False)
class Heading:
    """One heading of a manual and the stretch of text under it."""

    key: tuple[str, Any]  # ('part', 5), ('cn', 2), ('label', '声调'), ('plain', '仪表'), ('root', '')…
    label: str  # the number as written: "第五篇", "二、", "4.5.3", "(1)"; empty when unnumbered
    title: str
    line: int
    start: int
    spans: list[list[int]] = field(default_factory=list)  # [start, end) offsets; repeated headings have several
    children: list[Heading] = field(default_factory=list)
    parent: Heading | None = None

    @property
    def name(self) -> str:
        """The heading as a reader would quote it: "第五节 电话礼仪", "2.接电话", "仪表"."""
        if not self.label:
            return self.title
        joiner = " " if self.key[0] in _FIXED_RANK or self.key[0] == "dotted" else ""
        return f"{self.label}{joiner}{self.title}".strip()

    @property
    def numbered(self) -> bool:
        """Whether the heading has a number (labels and lines of their own do not)."""
        return self.key[0] not in ("label", "plain")

    @property
    def end(self) -> int:
        """Where the last stretch of text under the heading ends."""
        return max(span[1] for span in self.spans)

    def contains(self, offset: int) -> bool:
        """Whether an offset of the manual's text is under this heading."""
        return any(start <= offset < end for start, end in self.spans)

    def ancestors(self) -> list[Heading]:
        """The headings above this one, outermost first (the manual's root excluded)."""
        out: list[Heading] = []
        node = self.parent
        while node is not None and node.parent is not None:
            out.append(node)
            node = node.parent
        return out[::-1]

    def walk(self) -> Iterator[Heading]:
        """This heading and every heading under it, in document order."""
        yield self
        for child in self.children:
            yield from child.walk()


@dataclass
class Located:
    """Where a citation points: the deepest heading found, and the parts of the citation that were not."""

    heading: Heading
    offset: int
    missing: tuple[str, ...] = ()
    headings: tuple[Heading, ...] = ()  # every heading cited ("(2)(3)" cites two); the last is `heading`


class Manual:
    """One manual: its text (NFKC), its outline, and lookups for citations and quotes."""

    def __init__(self, source_id: str, text: str, path: Path | None = None) -> None:
        self.id = source_id
        self.path = path
        self.text = unicodedata.normalize("NFKC", text)
        self._line_starts = [0] + [m.end() for m in re.finditer("\n", self.text)]
        self.root = Heading(("root", ""), "", source_id, 1, 0, [[0, len(self.text)]])
        self._slides = False
        self._chapters: dict[int, str] = {}
        self._build()
        self.headings = [h for h in self.root.walk() if h is not self.root]
        self._by_start = sorted(self.headings, key=lambda h: h.start)
        self._starts = [h.start for h in self._by_start]
        flat, index = [], []
        for offset, char in enumerate(self.text.translate(_QUOTES)):
            if not char.isspace():
                flat.append(char)
                index.append(offset)
        self._flat = "".join(flat)
        self._flat_index = index

    # -- reading the outline -------------------------------------------------------------
    def _build(self) -> None:
        stack: list[Heading] = [self.root]
        page_numbers = self._slides = self._page_numbered()
        if self._slides:
            self._chapters = {h.key[1]: h.title for number, line in enumerate(self.text.split("\n"), start=1)
                              for h in self._headings_on(line, number, 0, True) if h.key[0] == "num"}
        offset = 0
        for number, line in enumerate(self.text.split("\n"), start=1):
            for heading in self._headings_on(line, number, offset, page_numbers):
                self._place(stack, heading)
            offset += len(line) + 1
        for node in stack[1:]:
            node.spans[-1][1] = len(self.text)

    def _page_numbered(self) -> bool:
        numbers = [m.group("num") for m in (_MARKER.match(line.lstrip()) for line in self.text.split("\n"))
                   if m is not None and m.lastgroup == "num"]
        return len(numbers) >= PAGE_RUN and [int(n) for n in numbers] == list(range(1, len(numbers) + 1))

    def _headings_on(self, line: str, number: int, offset: int, page_numbers: bool) -> Iterator[Heading]:
        stripped = line.strip()
        if not stripped or stripped.startswith("- "):
            return
        lead = len(line) - len(line.lstrip())
        found_numbered = False
        position = 0
        while position < len(line):
            at_start = position == lead
            before = line[position - 1] if position > 0 else ""
            segment = at_start or (before.isspace() or before in _SENTENCE_END) and bool(before)
            # Deep numbers (4.5.3.1) are headings even run into the text before them.
            deep = (not segment and line[position].isdigit() and position > 0
                    and not (line[position - 1].isdigit() or line[position - 1] == "."))
            if segment or deep:
                match = _MARKER.match(line, position)
                key = _key(match) if match else None
                if deep and not (key and key[0] == "dotted" and len(key[1]) >= 3):
                    key = None
                if match and key and page_numbers and key[0] == "num":
                    # In a slide deck only a chapter heading followed by its first section number
                    # ("1、客户服务基础知识 1.1.认识客户") is a heading; the rest are page numbers and list items.
                    title, after = self._title_after(line, match.end())
                    nxt = _MARKER.match(line, len(line) - len(line[after:].lstrip()))
                    nxt_key = _key(nxt) if nxt else None
                    if not (nxt_key and nxt_key[0] == "dotted" and nxt_key[1][0] == key[1]):
                        key = None
                if match and key:
                    title, after = self._title_after(line, match.end())
                    found_numbered = True
                    yield Heading(key, match.group().strip(), title, number, offset + position)
                    position = max(after, match.end())
                    continue
            position += 1
        if found_numbered:
            return
        label = re.match(rf"([\u3400-\u9fff]{{2,{MAX_LABEL}}}):(?![\"“])", stripped)
        if label and label.group(1) not in NOT_LABELS and label.group(1) not in NOT_HEADINGS:
            yield Heading(("label", label.group(1)), "", label.group(1), number, offset + lead)
            return
        compact = _SPACE.sub("", stripped)
        if (len(compact) <= MAX_PLAIN and re.fullmatch(r"[\u3400-\u9fff]{2,}", compact)
                and compact not in NOT_HEADINGS):
            yield Heading(("plain", compact), "", compact, number, offset + lead)

    @staticmethod
    def _title_after(line: str, start: int) -> tuple[str, int]:
        """The title written after a heading's number, and where it ends."""
        position = start
        while position < len(line) and line[position] in " \t\u3000:":
            position += 1
        begin = position
        while position < len(line) and position - begin < MAX_TITLE:
            char = line[position]
            if char in _STOP:
                break
            # A scraped slide's bullets come out as a bare "n" between two Chinese characters.
            if (char == "n" and position > begin and "\u3400" <= line[position - 1] <= "\u9fff"
                    and position + 1 < len(line) and "\u3400" <= line[position + 1] <= "\u9fff"):
                break
            position += 1
        return line[begin:position], position

    def _place(self, stack: list[Heading], heading: Heading) -> None:
        """Put a heading in the outline: as a sibling of the open heading it continues, else a child."""
        kind = heading.key[0]
        if kind in _FIXED_RANK:
            while len(stack) > 1 and not (stack[-1].key[0] in _FIXED_RANK
                                          and _FIXED_RANK[stack[-1].key[0]] < _FIXED_RANK[kind]):
                self._close(stack, heading.start)
        elif kind == "dotted":
            parts = heading.key[1]
            dotted = []  # open dotted headings, innermost first, up to the enclosing 篇/章/节
            for depth in range(len(stack) - 1, 0, -1):
                if stack[depth].key[0] in _FIXED_RANK:
                    break
                if stack[depth].key[0] == "dotted":
                    dotted.append(depth)
            prefix = next((d for d in dotted if len(stack[d].key[1]) < len(parts)
                           and parts[:len(stack[d].key[1])] == stack[d].key[1]), None)
            keep = prefix + 1 if prefix is not None else (dotted[-1] if dotted else len(stack))
            while len(stack) > keep:
                self._close(stack, heading.start)
            if self._slides:
                self._open_chapter(stack, parts[0], heading)
        else:
            if self._slides and kind == "num":
                while len(stack) > 1 and stack[-1].key[0] != "num":
                    self._close(stack, heading.start)  # a slide deck's chapters are never under its sections
            self._pop_to_sibling(stack, heading)
        parent = stack[-1]
        if heading.numbered:
            for child in parent.children:  # a heading repeated on every slide is one section
                if child.key == heading.key and (plain(child.title) == plain(heading.title)
                                                 or (self._slides and child.key[0] == "dotted")):
                    if len(heading.title) > len(child.title):
                        child.title = heading.title
                    child.spans.append([heading.start, heading.start])
                    stack.append(child)
                    return
        heading.parent = parent
        heading.spans.append([heading.start, heading.start])
        parent.children.append(heading)
        stack.append(heading)

    def _open_chapter(self, stack: list[Heading], number: int, heading: Heading) -> None:
        """In a slide deck, put section N.M under chapter N even where that slide lost the chapter's heading."""
        if any(node.key == ("num", number) for node in stack[1:]):
            while stack[-1].key != ("num", number):
                self._close(stack, heading.start)
            return
        while len(stack) > 1:
            self._close(stack, heading.start)
        title = self._chapters.get(number)
        if title is not None:
            self._place(stack, Heading(("num", number), f"{number}、", title, heading.line, heading.start))

    def _pop_to_sibling(self, stack: list[Heading], heading: Heading) -> None:
        """Close the open headings this one follows on from (its earlier sibling and what is under it)."""
        key = heading.key
        candidates = []  # open headings of the same style, innermost first, up to the enclosing 篇/章/节
        unnumbered = key[0] in ("label", "plain")
        for depth in range(len(stack) - 1, 0, -1):
            if stack[depth].key[0] in _FIXED_RANK or (unnumbered and stack[depth].numbered):
                break  # a 篇/章/节 bounds the numbering inside it; a numbered heading, the words under it
            if _same_style(stack[depth].key, key):
                candidates.append(depth)
        if not candidates:
            return
        title = plain(heading.title)
        again = next((d for d in candidates if stack[d].key == key and plain(stack[d].title) == title), None)
        if again is not None:  # the same heading repeated (a slide deck's running head): it is reopened
            while len(stack) > again:
                self._close(stack, heading.start)
            return
        if key[0] in ("label", "plain") or not isinstance(key[1], int):
            depth = candidates[0]
        else:
            follows = [d for d in candidates if stack[d].key[1] + 1 == key[1]]
            if follows:
                depth = follows[0]
            elif key[1] == 1:
                return  # numbering restarts under an open heading of the same style: one level deeper
            else:
                depth = next((d for d in candidates if stack[d].key[1] < key[1]), candidates[0])
        while len(stack) > depth:
            self._close(stack, heading.start)

    @staticmethod
    def _close(stack: list[Heading], offset: int) -> None:
        stack.pop().spans[-1][1] = offset

    # -- lookups -------------------------------------------------------------------------
    def line_of(self, offset: int) -> int:
        """The 1-based line of an offset in the text."""
        import bisect

        return bisect.bisect_right(self._line_starts, offset)

    def section_at(self, offset: int) -> Heading:
        """The deepest heading whose text holds `offset`."""
        node = self.root
        while True:
            inner = next((child for child in node.children if child.contains(offset)), None)
            if inner is None:
                return node
            node = inner

    def parts(self) -> dict[int, Heading]:
        """The manual's 篇 (parts) by number, for manuals that bundle several documents."""
        return {h.key[1]: h for h in self.root.children if h.key[0] == "part"}

    def part_of(self, heading: Heading) -> Heading | None:
        """The 篇 (part) a heading belongs to, if the manual has parts."""
        node: Heading | None = heading
        while node is not None and node.key[0] != "part":
            node = node.parent
        return node

    def locate(self, citation: str) -> Located:
        """Follow a citation's headings ("第五篇 第四章 第五节 电话礼仪 2.接电话") through the outline.

        Each part is looked for after the previous one and inside the numbered heading found
        so far: first as a heading (number and title, else number), then in the text, since
        manuals bury sub-headings in their paragraphs. A number not found inside the heading
        so far is looked for beside it ("(2)(3)", "4、5": several items cited). Parts that
        cannot be found are skipped and named.
        """
        node, offset = self.root, 0
        cited: list[Heading] = []
        missing: list[str] = []
        for token in citation.split():
            for kind, value, shown, title in _atoms(token):
                if kind == "number" and missing and value[0] in _PLAIN_NUMBERS:
                    # Under a heading that was not found, "2" could be any item 2: it is not guessed.
                    missing.append(shown + (title or ""))
                    continue
                if kind == "number":
                    found = self._numbered(node, offset, value, title)
                    if found is None and node.parent is not None:
                        beside = self._numbered(node.parent, offset, value, title)
                        if beside is not None and beside.parent is node.parent:
                            cited.append(node)  # the previous item of a list of several
                            found = beside
                    if found is not None:
                        node, offset = found, found.start
                        continue
                    if value[0] == "any-number" and not title:
                        missing.append(shown)  # a bare item number is a heading or nothing
                        continue
                    value = shown + (title or "")  # else perhaps run into the text: "案例分析(2)住一天…"
                wanted = plain(value)
                if not wanted or _title_matches(node.title, wanted):
                    continue
                scope = _scope(node)
                following = [h for h in self._by_start if offset <= h.start < scope.end and h is not node]
                found = next((h for h in following if plain(h.title) == wanted), None) or next(
                    (h for h in following if _title_matches(h.title, wanted)), None)
                if found is not None:
                    node, offset = found, found.start
                    continue
                at = self._find_plain(wanted, offset, scope.end)
                if at is None:
                    missing.append(shown + (title or "") if kind == "number" else shown)
                    continue
                offset = at
                inner = self.section_at(at)
                if inner is not node and (node is self.root or node in inner.ancestors()):
                    node = inner
        return Located(node, offset, tuple(missing), tuple(cited) + (node,))

    def _numbered(self, node: Heading, offset: int, key: tuple[str, Any], title: str | None) -> Heading | None:
        """The first heading numbered `key` after `offset` inside `node` (preferring one whose title matches)."""
        import bisect

        scope = _scope(node)
        end = scope.end
        after = self._by_start[bisect.bisect_left(self._starts, offset):bisect.bisect_left(self._starts, end)]
        candidates = [h for h in after if h is not node and _numbers_match(h.key, key) and scope.contains(h.start)]
        if title:
            wanted = plain(title)
            titled = next((h for h in candidates if _title_matches(h.title, wanted)), None)
            if titled is not None:
                return titled
        return candidates[0] if candidates else None

    def _find_plain(self, wanted: str, start: int, end: int) -> int | None:
        """Where words occur in the text between two offsets, ignoring spaces and punctuation."""
        pattern = r"[\W_]*".join(re.escape(char) for char in wanted)
        match = re.compile(pattern, re.I).search(self.text, start, end)
        return match.start() if match else None

    def find_quote(self, quote: str) -> int | None:
        """Where a quote occurs in the text, compared after `squeeze`; None when it does not."""
        flat = squeeze(quote)
        if not flat:
            return None
        at = self._flat.find(flat)
        return self._flat_index[at] if at >= 0 else None

    def nearest_passage(self, quote: str, start: int = 0, end: int | None = None) -> str:
        """The stretch of the manual most like a quote that is not in it, to show beside the finding."""
        from rapidfuzz import fuzz

        flat = squeeze(quote)
        lo = self._flat_offset(start)
        hi = self._flat_offset(end if end is not None else len(self.text))
        haystack = self._flat[lo:hi] or self._flat
        alignment = fuzz.partial_ratio_alignment(flat, haystack)
        if alignment is None:
            return ""
        return haystack[alignment.dest_start:alignment.dest_end]

    def _flat_offset(self, offset: int) -> int:
        import bisect

        return bisect.bisect_left(self._flat_index, offset)


_PLAIN_NUMBERS = frozenset({"num", "any-number", "paren", "cn", "cnparen", "letter"})


def _scope(node: Heading) -> Heading:
    """The numbered heading (or the root) whose text a citation is searched in."""
    while not node.numbered and node.parent is not None:
        node = node.parent
    return node


def _numbers_match(key: tuple[str, Any], wanted: tuple[str, Any]) -> bool:
    kind, value = key
    if wanted[0] == "any-number":  # a bare number in a citation: "1" of "1、" or "1."
        return kind == "num" and value == wanted[1]
    return key == wanted


def _title_matches(title: str, wanted: str) -> bool:
    have = plain(title)
    return bool(have) and (have == wanted or have.startswith(wanted) or (len(have) >= 2 and wanted.startswith(have)
                                                                          and len(wanted) - len(have) <= 2))


def _atoms(token: str) -> Iterator[tuple[str, Any, str, str | None]]:
    """A citation word split into numbers (with the title written after them) and words.

    "1（1）" -> item 1, item (1); "8.手势" -> item 8 titled 手势; "C–G" -> items C, D, E, F, G;
    "关于道歉" -> words.
    """
    text = unicodedata.normalize("NFKC", token)
    position = 0
    while position < len(text):
        number = _cited_number(text, position)
        if number is None:
            stop = _next_marker(text, position + 1)
            if plain(text[position:stop]):
                yield "words", text[position:stop], text[position:stop], None
            position = stop
            continue
        key, shown, position = number
        dash = _RANGE.match(text, position)
        last = _cited_number(text, dash.end()) if dash else None
        if (dash and last is not None and isinstance(key[1], int) and _range_kind(key) == _range_kind(last[0])
                and last[0][1] > key[1]):
            for value in range(key[1], last[0][1] + 1):
                item = (key[0], value)
                yield "number", item, chr(ord("A") + value - 1) if key[0] == "letter" else str(value), None
            position = last[2]
            continue
        stop = _next_marker(text, position)
        title = text[position:stop].strip(":") if stop > position else None
        yield "number", key, shown, title if title and plain(title) else None
        position = stop


def _cited_number(text: str, position: int) -> tuple[tuple[str, Any], str, int] | None:
    """The heading number written at `position` of a citation word: (key, as written, where it ends)."""
    match = _MARKER.match(text, position)
    key = _key(match) if match else None
    if match is not None and key is not None:
        return key, match.group(), match.end()
    bare = _CITED_NUMBER.match(text, position)
    if bare is None:
        return None
    if bare.lastgroup == "letter":
        return ("letter", ord(bare.group()) - ord("A") + 1), bare.group(), bare.end()
    return ("any-number", int(bare.group())), bare.group(), bare.end()


def _range_kind(key: tuple[str, Any]) -> str:
    return "num" if key[0] == "any-number" else key[0]


def _next_marker(text: str, start: int) -> int:
    """Where the next heading number in a citation word begins (or its end)."""
    position = start
    while position < len(text):
        match = _MARKER.match(text, position) or _CITED_NUMBER.match(text, position)
        if match is not None and (match.re is _CITED_NUMBER or _key(match) is not None):
            return position
        position += 1
    return len(text)


def read_manuals(directory: Path) -> dict[str, Manual]:
    """Every `<source id>.txt` in a folder, by source id."""
    out: dict[str, Manual] = {}
    for path in sorted(directory.glob("*.txt")):
        out[path.stem] = Manual(path.stem, path.read_text(encoding="utf-8", errors="replace"), path)
    return out
