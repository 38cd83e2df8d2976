"""The kinds of question, apart from the rest of the model so that `--help` stays light."""

from __future__ import annotations

from enum import StrEnum


class QuestionType(StrEnum):
    """The seven kinds of question a bank may hold (BANK-FORMAT.md)."""

    SINGLE = "single"
    MULTI = "multi"
    TRUEFALSE = "truefalse"
    ORDER = "order"
    FILL = "fill"
    SCRIPT = "script"
    MATCH = "match"
