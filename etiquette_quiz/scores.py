"""Exact scores, and scores as a person writes them.

Points are `fractions.Fraction` from the grader to the store and back. Integer units were the
other candidate, but the partial-credit denominators are not bounded by the format: a `multi`
question divides by its correct choices, `order` by its steps less one, `fill` by its blanks,
`script` by its `must` groups and `match` by its pairs, and a question's `points` may be any
decimal up to 1000. One unit fine enough for every bank would be the least common multiple of
all of them (already 232,792,560 for denominators up to 20, times the decimals of the points),
and the next bank could break it. A Fraction is exact for any of them, is in the standard
library, and sums a few hundred marks in microseconds.

Display never rounds up: a percentage is rounded down, so a score shown at or above the pass
mark has passed and one shown below it has failed, and 100% means every point. Points are shown
whole (`8`), as a short decimal (`2.5`, `0.25`), with a vulgar fraction (`7⅓`, `1⅚`, `2⅜`), or,
where a fraction would be awkward (`8 11/30`), to one decimal below the exact value (`≈8.3`).
"""

from __future__ import annotations

import math
from fractions import Fraction
from functools import lru_cache

# Floats written by older versions (the store before migration 4, results files of version 1) are
# read as the nearest fraction whose denominator is at most this: it recovers every partial-credit
# fraction and every decimal of up to six places exactly, because two such fractions differ by far
# more than a float's error.
FLOAT_DENOMINATOR = 10**6
# Older versions rounded each answer's points and each total to four decimals.
OLD_ROUNDING = Fraction(1, 20_000)

# Fractional parts with a character of their own (U+2150 block); halves, quarters and fifths
# read better as decimals (2.5, 0.75, 0.2), so they are not here.
VULGAR = {
    Fraction(1, 3): "⅓", Fraction(2, 3): "⅔", Fraction(1, 6): "⅙", Fraction(5, 6): "⅚",
    Fraction(1, 8): "⅛", Fraction(3, 8): "⅜", Fraction(5, 8): "⅝", Fraction(7, 8): "⅞",
    Fraction(1, 7): "⅐", Fraction(1, 9): "⅑",
}
DECIMAL_PLACES = 2  # points are shown as a decimal when this many places say them exactly
MAX_PERCENT_PLACES = 6  # the most decimals a pass mark's percentage is shown with


def exact(value: Fraction | int | float | str) -> Fraction:
    """A score as a Fraction: texts ('1/3', '2.5') exactly, floats from older versions as `from_float` reads them."""
    if value.__class__ is Fraction:  # already exact (immutable: the same one will do)
        return value
    if isinstance(value, float):
        return from_float(value)
    if isinstance(value, bool):
        raise TypeError("a score is a number, not a truth value")
    if isinstance(value, str):
        return _parse(value)
    return Fraction(value)


@lru_cache(maxsize=4096)
def _parse(text: str) -> Fraction:
    """An exact text read once: exports read a million of them, and few differ ('1', '0', '1/3')."""
    return Fraction(text)


def from_float(value: float, max_denominator: int = FLOAT_DENOMINATOR) -> Fraction:
    """The fraction nearest to a float written by an older version, its denominator at most `max_denominator`."""
    if not math.isfinite(value):
        raise ValueError(f"a score must be a finite number, not {value}")
    return Fraction(value).limit_denominator(max_denominator)


def exact_text(value: Fraction) -> str:
    """The exact value as text the store and the results document keep: '3', '5/2', '251/30'."""
    return str(value)


def number(value: Fraction) -> int | float:
    """The value for a spreadsheet cell or a JSON number: exact when whole, else the nearest float."""
    return value.numerator if value.denominator == 1 else float(value)


def decimal_text(value: Fraction) -> str:
    """A value as a plain number a file writes (points, `defaultgrade`): '3', '1.5'; a value no decimal writes
    exactly (points are always written as decimals) as the nearest float."""
    places = decimal_places(value)
    return _decimal(value, places) if places is not None else repr(float(value))


def fraction_of(score: Fraction, max_score: Fraction) -> Fraction:
    """The share of the points scored (0 when there were none to score)."""
    return score / max_score if max_score else Fraction(0)


def passes(score: Fraction, max_score: Fraction, pass_mark: Fraction) -> bool:
    """Whether a score reaches the pass mark, decided on exact values: exactly the pass mark passes."""
    return fraction_of(score, max_score) >= pass_mark


def settled_total(stored: float, exact_sum: Fraction, parts: int) -> Fraction:
    """The exact total behind a total an older version stored rounded (2.9999 for 3).

    `exact_sum` is the exact sum of the total's `parts` answers. It is the total when the old
    rounding (4 decimals per part and for the total) explains the difference, else the stored
    total is kept as the four decimals it was (a part no longer known, such as a question
    dropped from its bank while the attempt was paused).
    """
    if abs(exact_sum - Fraction(stored)) <= OLD_ROUNDING * (parts + 1):
        return exact_sum
    return from_float(stored, 10_000)


def old_answer(fraction: float, max_points: float) -> tuple[Fraction, Fraction, Fraction]:
    """(share, points, question's points) of an answer an older version stored as floats.

    The share and the question's points were stored unrounded, so `from_float` gives them back
    exactly; the points earned were rounded to 4 decimals, so they are worked out again.
    """
    share, most = from_float(fraction), from_float(max_points)
    return share, share * most, most


def old_attempt(score: float | None, max_score: float | None, pass_mark: float | None, finished: bool,
                answers_sum: Fraction, answers: int) -> tuple[Fraction | None, Fraction | None, Fraction | None,
                                                                bool | None]:
    """(score, maximum, pass mark, passed) of an attempt an older version stored as floats.

    The score is settled against the exact sum of its answers' points (`settled_total`); the
    maximum was a sum of decimal points rounded to 4 places. A finished attempt with a pass mark
    is decided again on the exact values (None: no decision to make).
    """
    exact_score = None if score is None else settled_total(score, answers_sum, answers)
    exact_max = None if max_score is None else from_float(max_score, 10_000)
    exact_mark = None if pass_mark is None else from_float(pass_mark)
    passed = None
    if finished and exact_score is not None and exact_max is not None and exact_mark is not None:
        passed = passes(exact_score, exact_max, exact_mark)
    return exact_score, exact_max, exact_mark, passed


def parse_share(text: str) -> Fraction | None:
    """A share of a question's points as a trainer writes it, exactly: '1/2', '2/3', '50%', '66.7%', '0.5', '1'.

    None when the text is not a number from 0 to 1 (or 0% to 100%).
    """
    written = "".join(text.split()).replace("％", "%").replace("／", "/")
    percent = written.endswith("%")
    try:
        value = Fraction(written[:-1].strip() if percent else written)
    except (ValueError, ZeroDivisionError):
        return None
    if percent:
        value /= 100
    return value if 0 <= value <= 1 else None


# -- display --------------------------------------------------------------------------------


def format_points(value: Fraction | int) -> str:
    """Points as a person writes them: '8', '2.5', '7⅓', or '≈8.3' (one decimal, never above the value)."""
    value = Fraction(value)
    if value < 0:
        return "-" + format_points(-value)
    whole, part = divmod(value, 1)
    if not part:
        return str(whole)
    decimals = decimal_places(value)
    if decimals is not None and decimals <= DECIMAL_PLACES:
        return _decimal(value, decimals)
    glyph = VULGAR.get(part)
    if glyph is not None:
        return (str(whole) if whole else "") + glyph
    return "≈" + _decimal(Fraction(math.floor(value * 10), 10), 1)


def spreadsheet_format(value: Fraction) -> str | None:
    """The number format a spreadsheet shows `value` with as people write it ('# ?/?' shows 7⅓ as 7 1/3).

    None where General already does (whole numbers, short decimals) or where the denominator has
    more than the three digits a fraction format can show.
    """
    places = decimal_places(value)
    digits = len(str(value.denominator))
    if (places is not None and places <= DECIMAL_PLACES) or digits > 3:
        return None
    return f"# {'?' * digits}/{'?' * digits}"


def format_score(score: Fraction | int, max_score: Fraction | int) -> str:
    """A score out of its maximum: '3/5', '2.5/5', '7⅓/10'."""
    return f"{format_points(score)}/{format_points(max_score)}"


def percent_places(pass_mark: Fraction | int | None) -> int:
    """How many decimals the percentages of an attempt need so that its pass mark shows exactly (66.7% -> 1)."""
    if pass_mark is None:
        return 0
    places = decimal_places(Fraction(pass_mark) * 100)
    return MAX_PERCENT_PLACES if places is None else min(places, MAX_PERCENT_PLACES)


def percent_text(value: Fraction | int, places: int = 0) -> str:
    """A share as a percentage without its sign, rounded down to `places` decimals: 2/3 -> '66', 3/5 -> '60'.

    Rounding down keeps what is shown on the side of the pass mark the score is on: with the
    decimals of `percent_places`, a score shown at or above the pass mark has passed.
    """
    scale = 10**places
    floored = Fraction(math.floor(Fraction(value) * 100 * scale), scale)
    return _decimal(floored, places).rstrip("0").rstrip(".") if places else str(floored.numerator)


def pass_mark_text(pass_mark: Fraction | int) -> str:
    """A pass mark as a percentage without its sign, exactly: 3/5 -> '60', 667/1000 -> '66.7'."""
    return percent_text(pass_mark, percent_places(pass_mark))


def decimal_places(value: Fraction) -> int | None:
    """How many decimal places write `value` exactly; None when no number of them does (1/3)."""
    denominator = value.denominator
    twos = fives = 0
    while denominator % 2 == 0:
        denominator //= 2
        twos += 1
    while denominator % 5 == 0:
        denominator //= 5
        fives += 1
    return max(twos, fives) if denominator == 1 else None


def _decimal(value: Fraction, places: int) -> str:
    """`value`, which `places` decimals write exactly (or a floor already taken), as a decimal."""
    scaled = value * 10**places
    digits = str(abs(math.floor(scaled))).rjust(places + 1, "0")
    return ("-" if value < 0 else "") + (digits[:-places] + "." + digits[-places:] if places else digits)
