"""Reading results for trainers: attempts and answers, filtered, streamed from the store.

Exports and reports read through here, so `--who`, `--exam`, `--bank`, `--mode` and the
date range mean the same thing everywhere. Rows are streamed (never a list of a million).
"""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta, timezone
from typing import Any

from .i18n import t
from .model import ChoiceBody, FillBody, MatchBody, OrderBody, Question, ScriptBody, TrueFalseBody
from .problems import UserError
from .store import AnswerRecord, Store


def sql_in(column: str, values: Sequence[Any]) -> tuple[str, list[Any]]:
    """`column IN (?, ?, …)` and its parameters."""
    return f"{column} IN ({','.join('?' * len(values))})", list(values)


@dataclass(frozen=True)
class ResultFilter:
    trainee_ids: tuple[str, ...] = ()
    exams: tuple[str, ...] = ()
    banks: tuple[str, ...] = ()
    modes: tuple[str, ...] = ()
    since: str | None = None  # ISO 8601 UTC, inclusive
    until: str | None = None  # ISO 8601 UTC, exclusive

    def attempt_sql(self, alias: str = "a") -> tuple[str, list[Any]]:
        """A WHERE clause (and its parameters) selecting the attempts this filter keeps."""
        clauses, params = [], []
        for column, values in (("trainee_id", self.trainee_ids), ("exam_id", self.exams), ("mode", self.modes)):
            if values:
                clause, values_ = sql_in(f"{alias}.{column}", values)
                clauses.append(clause)
                params.extend(values_)
        if self.since:
            clauses.append(f"{alias}.started_at >= ?")
            params.append(self.since)
        if self.until:
            clauses.append(f"{alias}.started_at < ?")
            params.append(self.until)
        if self.banks:
            clause, values_ = sql_in("b.bank", self.banks)
            clauses.append(f"EXISTS (SELECT 1 FROM answers b WHERE b.attempt_id = {alias}.id AND {clause})")
            params.extend(values_)
        return (" AND ".join(clauses) or "1"), params

    def answer_sql(self, alias: str = "s") -> tuple[str, list[Any]]:
        return sql_in(f"{alias}.bank", self.banks) if self.banks else ("1", [])


def parse_day(value: str, option: str, end: bool = False) -> str:
    """A date (YYYY-MM-DD, local time) or an ISO 8601 time as a UTC ISO string; `end`: the day after."""
    try:
        if len(value) == 10:
            day = date.fromisoformat(value) + (timedelta(days=1) if end else timedelta())
            moment = datetime.combine(day, time()).astimezone()
        else:
            moment = datetime.fromisoformat(value)
            if moment.tzinfo is None:
                moment = moment.astimezone()
    except ValueError:
        raise UserError("error.bad-date", option=option, value=value) from None
    return moment.astimezone(timezone.utc).isoformat(timespec="milliseconds")


def resolve_trainees(store: Store, who: Sequence[str]) -> tuple[str, ...]:
    """Trainee ids for names, employee numbers or ids given to --who; unknown ones are an error."""
    ids: list[str] = []
    for value in who:
        found = store.find_trainees(value) or ([store.trainee(value)] if store.trainee(value) else [])
        if not found:
            from .errors import suggest

            names = [p.name for p in store.trainees()]
            raise UserError("error.unknown-who", value=value, suggestion=suggest(value, names) or "—")
        ids.extend(p.id for p in found)
    return tuple(dict.fromkeys(ids))


ANSWER_COLUMNS = (
    "a.id, a.trainee_id, a.trainee, a.employee_no, a.mode, a.exam_id, a.started_at, s.position, s.question_key, "
    "s.bank, s.content_hash, s.response, s.fraction, s.points, s.max_points, s.seconds, s.forbidden, s.answered_at"
)


def answer_rows(db: sqlite3.Connection, flt: ResultFilter) -> Iterator[tuple]:
    """Raw answer tuples in ANSWER_COLUMNS order (response and forbidden still JSON), oldest attempt first."""
    where, params = flt.attempt_sql("a")
    answer_where, answer_params = flt.answer_sql("s")
    return db.execute(
        f"SELECT {ANSWER_COLUMNS} FROM attempts a JOIN answers s ON s.attempt_id = a.id "
        f"WHERE {where} AND {answer_where} ORDER BY a.started_at, a.id, s.position",
        params + answer_params,
    )


def answers(db: sqlite3.Connection, flt: ResultFilter) -> Iterator[tuple[str, AnswerRecord]]:
    """(attempt id, answer) for every answer the filter keeps, oldest attempt first."""
    for row in answer_rows(db, flt):
        yield row[0], AnswerRecord(
            position=row[7], question_key=row[8], bank=row[9], content_hash=row[10],
            response=json.loads(row[11]) if row[11] else None, fraction=row[12], points=row[13], max_points=row[14],
            seconds=row[15], forbidden=json.loads(row[16]), answered_at=row[17],
        )


def attempt_rows(db: sqlite3.Connection, flt: ResultFilter) -> Iterator[sqlite3.Row]:
    where, params = flt.attempt_sql("a")
    counts = "(SELECT COUNT(*) FROM answers c WHERE c.attempt_id = a.id)"
    return db.execute(f"SELECT a.*, {counts} AS answered FROM attempts a WHERE {where} ORDER BY a.started_at, a.id",
                      params)


# -- a response in words --------------------------------------------------------------------


def response_text(question: Question | None, response: Any, lang: str) -> str:
    """What the trainee answered, in words (choice texts rather than choice ids)."""
    if response is None:
        return ""
    if question is None:
        return json.dumps(response, ensure_ascii=False)
    body = question.body
    sep = t("list.sep", lang)
    try:
        if isinstance(body, ChoiceBody):
            picked = response if isinstance(response, list) else [response]
            return sep.join(body.choice(cid).text.get(lang) for cid in picked)
        if isinstance(body, TrueFalseBody):
            return t("quiz.true" if response else "quiz.false", lang)
        if isinstance(body, OrderBody):
            return " → ".join(body.steps[int(i)].get(lang) for i in response)
        if isinstance(body, FillBody):
            return sep.join(str(v) for v in response)
        if isinstance(body, ScriptBody):
            return str(response)
        if isinstance(body, MatchBody):
            return sep.join(f"{pair.left.get(lang)} → {body.option(pick).get(lang) if pick else '—'}"
                            for pair, pick in zip(body.pairs, response))
    except (IndexError, KeyError, ValueError, TypeError):
        pass  # the question changed since: show the stored answer as it is
    return json.dumps(response, ensure_ascii=False)
