"""ui/layout.py: the one line breaker (Chinese 避头尾 and English words) and FitTable."""

from __future__ import annotations

import io

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from rich.cells import cell_len
from rich.console import Console
from rich.text import Text

from etiquette_quiz.banks import bundled_banks_dir, load_paths
from etiquette_quiz.ui.layout import CLOSING, OPENING, Column, FitTable, Wrapped, line_spans, text_width, wrap

BUNDLED = load_paths([bundled_banks_dir()]).library


def squeeze(text: str) -> str:
    return "".join(text.split())


def test_chinese_never_starts_a_line_with_closing_punctuation():
    text = "（晚辈）介绍给长辈时，你应该怎么做？请先说“您好”，再递上名片。并表示会尽快处理，说声“再见”。"
    for width in range(6, 40):
        lines = wrap(text, width)
        assert all(text_width(line) <= width for line in lines)
        assert squeeze("".join(lines)) == squeeze(text)
        assert not any(line[:1] in CLOSING for line in lines[1:]), (width, lines)
        assert not any(line[-1:] in OPENING for line in lines), (width, lines)


def test_english_breaks_between_words_with_a_hanging_indent():
    lines = wrap("Stand up, step towards the customer, look at them and take it with both hands.", 30, hang=4)
    assert lines == ["Stand up, step towards the", "    customer, look at them and", "    take it with both hands."]


def test_a_word_longer_than_the_line_is_cut_between_characters_only():
    assert wrap("supercalifragilistic word", 10) == ["supercalif", "ragilistic", "word"]


def test_newlines_start_paragraphs_without_the_hanging_indent():
    assert wrap("one two\n\nthree four", 6, hang=2) == ["one", "  two", "", "three", "  four"]


@settings(max_examples=300, deadline=None)
@given(st.text(alphabet=st.sampled_from(list("的一是不了人我在有他这中大来上国，。、？！（）“”《》…—ab c1-")), max_size=80),
       st.integers(4, 50), st.integers(0, 6))
def test_wrapping_keeps_every_character_and_fits(text, width, hang):
    lines = wrap(text, width, hang)
    assert all(text_width(line) <= width for line in lines)
    assert squeeze("".join(lines)) == squeeze(text)


def test_the_width_of_every_bundled_text_agrees_with_rich():
    """Prompts (prompt_toolkit) and panels (rich) share one measure: it must be rich's on real content."""
    texts = {q.prompt.get(lang) for q in BUNDLED.questions for lang in ("zh-CN", "en")}
    texts |= {choice.text.get(lang) for q in BUNDLED.questions if hasattr(q.body, "choice_ids")
              for cid in q.body.choice_ids for choice in [q.body.choice(cid)] for lang in ("zh-CN", "en")}
    assert len(texts) > 500
    assert [t for t in texts if text_width(t) != cell_len(t)] == []


def test_spans_point_into_the_original_text():
    text = "您好，请问有什么可以帮您？"
    assert [text[a:b] for a, b in line_spans(text, 10)] == ["您好，请问", "有什么可以", "帮您？"]


def render(renderable, width: int) -> list[str]:
    console = Console(file=io.StringIO(), width=width, color_system=None, markup=False, highlight=False)
    console.print(renderable)
    return [line.rstrip() for line in console.file.getvalue().splitlines()]


def test_wrapped_keeps_styles_and_indents_continuations():
    text = Text.assemble(("解析：", "bold"), "规范要求铃响三声之内接听；超过三声，接起后先说“对不起，让您久等了”。")
    lines = render(Wrapped(text, hang=3), 24)
    assert all(cell_len(line) <= 24 for line in lines)
    assert lines[0].startswith("解析：") and all(line.startswith("   ") for line in lines[1:])
    assert not any(line.strip()[:1] in CLOSING for line in lines[1:])


COLUMNS = [Column("Started", lead=True), Column("Mode", lead=True), Column("Exam / banks", flex=True),
           Column("Score", justify="right"), Column("Id", lead=True)]
ROWS = [["2026-11-30 00:21", "Practice", "Business Cards and Meeting People", "8/10  80%", "b37ae4d2"],
        ["2026-11-30 00:22", "Exam", "New-hire service etiquette assessment", "—", "d3efd2aa"]]


@pytest.mark.parametrize("width", [40, 60, 80, 120])
def test_fit_table_never_cuts_an_id_a_date_or_a_score(width):
    lines = render(FitTable(COLUMNS, ROWS), width)
    screen = "\n".join(lines)
    assert all(cell_len(line) <= width for line in lines)
    assert "…" not in screen
    for row in ROWS:
        for cell in (row[0], row[3], row[4]):
            assert cell in screen  # whole, on one line
        assert set(row[2].split()) <= set(screen.split())  # the title may wrap, word by word


def test_fit_table_is_a_table_when_it_fits_and_records_when_not():
    wide = render(FitTable(COLUMNS, ROWS), 120)
    assert wide[0].split() == ["Started", "Mode", "Exam", "/", "banks", "Score", "Id"]
    narrow = render(FitTable(COLUMNS, ROWS, lang="zh-CN"), 40)
    assert narrow[0] == "2026-11-30 00:21  Practice  b37ae4d2"
    assert any(line.strip().startswith("Score：8/10") for line in narrow)
