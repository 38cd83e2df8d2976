"""Small SQL helpers every part of the store shares."""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Sequence
from datetime import UTC, datetime
from typing import Any

from ..review import ReviewState


def utc_now() -> str:
    """Now, as the store writes times: ISO 8601 in UTC with milliseconds."""
    return datetime.now(UTC).isoformat(timespec="milliseconds")


def to_json(value: Any) -> str:
    """A value as the compact JSON the store keeps in text columns."""
    return json.dumps(value, ensure_ascii=False, separators=(",", ":"))


def sql_in(column: str, values: Sequence[Any]) -> tuple[str, list[Any]]:
    """`column IN (?, ?, …)` and its parameters."""
    return f"{column} IN ({','.join('?' * len(values))})", list(values)


def run_script(db: sqlite3.Connection, script: str) -> None:
    """Run statements one by one: executescript() would commit the migration's transaction."""
    code = "\n".join(line.split("--")[0] for line in script.splitlines())  # comments may hold ';'
    for statement in code.split(";"):
        if statement.strip():
            db.execute(statement)


def save_review(db: sqlite3.Connection, trainee_id: str, state: ReviewState) -> None:
    """Insert or replace one question's review schedule for one trainee."""
    db.execute(
        """INSERT INTO reviews (trainee_id, question_key, bank, content_hash, card, due, last_review, reviews, wrong)
           VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)
           ON CONFLICT (trainee_id, question_key) DO UPDATE SET bank = excluded.bank,
               content_hash = excluded.content_hash, card = excluded.card, due = excluded.due,
               last_review = excluded.last_review, reviews = excluded.reviews, wrong = excluded.wrong""",
        (trainee_id, state.question_key, state.bank, state.content_hash, to_json(state.card), state.due,
         state.last_review, state.reviews, state.wrong),
    )


def review_from_row(row: sqlite3.Row) -> ReviewState:
    """A review schedule from its row."""
    return ReviewState(
        question_key=row["question_key"], bank=row["bank"], content_hash=row["content_hash"],
        card=json.loads(row["card"]), due=row["due"], last_review=row["last_review"], reviews=row["reviews"],
        wrong=row["wrong"],
    )
