"""xAPI (Experience API 1.0.3) statements for a Learning Record Store.

One `answered` statement per answer, its object a cmi.interaction activity (the question,
with its interactionType, components and correctResponsesPattern), and per attempt a
`completed` statement plus `passed` or `failed` for an exam. Every statement of an attempt
carries the attempt's UUID as `context.registration`. Statement ids are derived from the
attempt and position, so sending the same results twice sends the same statements.

Scores are final: where a trainer changed a mark (`results review`), the answer's statement
carries the trainer's mark, with the grader's mark and the verdict (who, when, why) in its
`urn:etiquette-quiz:verdict` extension, and the attempt's statements the score and pass or fail
worked out again. A statement is never changed once stored, so these get ids of their own
(derived from the verdict, or from the new score): an LRS that stored the grader's statements
before keeps them, and the later ones, with the same registration, say what now stands.
"""

from __future__ import annotations

import base64
import json
import uuid
from collections.abc import Callable, Iterator
from fractions import Fraction
from typing import Any

from .. import __version__
from ..errors import StoreError
from ..model import Library, Question, QuestionType, Response, Text
from ..scores import exact, fraction_of, number
from ..store import Results

XAPI_VERSION = "1.0.3"
NAMESPACE = uuid.UUID("8d0b6a4e-3f55-5a43-9a7d-5f3c2f6f6b21")  # statement ids: uuid5(NAMESPACE, "attempt/part")
ACTIVITY = "urn:etiquette-quiz:"
HOME_PAGE = "https://github.com/etiquette-quiz"  # account.homePage: the system that issued the trainee ids
LANGUAGES = ("zh-CN", "en")

VERBS = {
    name: {"id": f"http://adlnet.gov/expapi/verbs/{name}", "display": {"en-US": name, "zh-CN": chinese}}
    for name, chinese in (("answered", "作答"), ("completed", "完成"), ("passed", "通过"), ("failed", "未通过"))
}

def language_map(text: Text | None, fallback: str = "") -> dict[str, str]:
    """An xAPI language map with zh-CN and en (the bank's language stands in for a missing one)."""
    if text is None:
        return {lang: fallback for lang in LANGUAGES}
    return {lang: text.get(lang) for lang in LANGUAGES}


def duration(seconds: float | None) -> str:
    """ISO 8601 duration, as xAPI wants it: PT1H2M3.5S."""
    total = max(0.0, float(seconds or 0))
    hours, rest = divmod(total, 3600)
    minutes, secs = divmod(rest, 60)
    out = "PT"
    if hours:
        out += f"{int(hours)}H"
    if minutes:
        out += f"{int(minutes)}M"
    return out + f"{round(secs, 2):g}S"


def _choice_pattern(body: Any) -> dict[str, Any]:
    return {"choices": [{"id": cid, "description": language_map(body.choice(cid).text)} for cid in body.choice_ids],
            "correctResponsesPattern": ["[,]".join(f"c{i}" for i in range(len(body.correct)))]}


def _truefalse_pattern(body: Any) -> dict[str, Any]:
    return {"correctResponsesPattern": ["true" if body.answer else "false"]}


def _order_pattern(body: Any) -> dict[str, Any]:
    return {"choices": [{"id": f"s{i}", "description": language_map(step)} for i, step in enumerate(body.steps)],
            "correctResponsesPattern": ["[,]".join(f"s{i}" for i in range(len(body.steps)))]}


def _fill_pattern(body: Any) -> dict[str, Any]:
    first = [blank.get()[0] for blank in body.blanks]
    return {"correctResponsesPattern": ["{case_matters=false}" + "[,]".join(first)]}


def _script_pattern(body: Any) -> dict[str, Any]:
    return {"correctResponsesPattern": ["{case_matters=false}" + body.model.get()]}


def _match_pattern(body: Any) -> dict[str, Any]:
    return {"source": [{"id": f"l{i}", "description": language_map(p.left)} for i, p in enumerate(body.pairs)],
            "target": [{"id": oid, "description": language_map(body.option(oid))} for oid in body.option_ids],
            "correctResponsesPattern": ["[,]".join(f"l{i}[.]p{i}" for i in range(len(body.pairs)))]}


# Each type as an xAPI cmi.interaction: its interactionType, what the definition lists, and a
# response in the format of that type (this layer's entries of the question-type registry).
INTERACTIONS: dict[QuestionType, tuple[str, Callable[[Any], dict[str, Any]], Callable[[Response], str]]] = {
    QuestionType.SINGLE: ("choice", _choice_pattern, str),
    QuestionType.MULTI: ("choice", _choice_pattern, lambda response: "[,]".join(response)),
    QuestionType.TRUEFALSE: ("true-false", _truefalse_pattern, lambda response: "true" if response else "false"),
    QuestionType.ORDER: ("sequencing", _order_pattern, lambda response: "[,]".join(f"s{int(i)}" for i in response)),
    QuestionType.FILL: ("fill-in", _fill_pattern, lambda response: "[,]".join(str(v) for v in response)),
    QuestionType.SCRIPT: ("long-fill-in", _script_pattern, str),
    QuestionType.MATCH: ("matching", _match_pattern,
                         lambda response: "[,]".join(f"l{i}[.]{pick}" for i, pick in enumerate(response) if pick)),
}


def interaction(question: Question) -> dict[str, Any]:
    """The cmi.interaction definition of a question."""
    kind, pattern, _ = INTERACTIONS[question.type]
    return {
        "type": "http://adlnet.gov/expapi/activities/cmi.interaction",
        "name": language_map(question.prompt),
        "description": language_map(question.scenario or question.prompt),
        "interactionType": kind,
    } | pattern(question.body)


def response_string(question: Question | None, response: Any) -> str:
    """A response in xAPI's format for the question's interaction type."""
    if response is None:
        return ""
    if question is None:
        return json.dumps(response, ensure_ascii=False)
    return INTERACTIONS[question.type][2](response)


def _actor(name: str, trainee_id: str | None) -> dict[str, Any]:
    return {"objectType": "Agent", "name": name, "account": {"homePage": HOME_PAGE, "name": trainee_id or name}}


def _assessment(exam_id: str | None, mode: str, title: str | None) -> dict[str, Any]:
    key = f"exam:{exam_id}" if exam_id else mode
    name = title or mode
    return {"objectType": "Activity", "id": ACTIVITY + key, "definition": {
        "type": "http://adlnet.gov/expapi/activities/assessment", "name": {lang: name for lang in LANGUAGES}}}


def _score(points: Fraction, max_points: Fraction) -> dict[str, Any]:
    """An xAPI score: `scaled` the float nearest the exact share, `raw` and `max` exact where whole."""
    return {"scaled": float(fraction_of(points, max_points)), "raw": number(points), "min": 0,
            "max": number(max_points)}


def statements(results: Results, library: Library) -> Iterator[dict[str, Any]]:
    """Every statement for the filtered results, attempt by attempt."""
    context_base = {"platform": f"etiquette-quiz {__version__}", "language": "zh-CN"}
    answer_stream = results.answers()
    reviewed = results.review_cells()
    attempt_id, pending = next(answer_stream, (None, None))
    for row in results.attempt_rows():
        actor = _actor(row["trainee"], row["trainee_id"])
        parent = _assessment(row["exam_id"], row["mode"], row["title"])
        context = context_base | {"registration": row["id"], "language": row["lang"]}
        while pending is not None and attempt_id == row["id"]:
            question = library.question(pending.question_key)
            activity: dict[str, Any] = {"objectType": "Activity", "id": ACTIVITY + "question:" + pending.question_key}
            if question is not None:
                activity["definition"] = interaction(question)
            part = f"{row['id']}/{pending.position}"
            result: dict[str, Any] = {
                "response": response_string(question, pending.response),
                "score": _score(pending.points, pending.max_points),
                "success": pending.fraction >= 1,
                "duration": duration(pending.seconds),
            }
            cell = reviewed.get((row["id"], pending.position))
            if cell is not None and cell.verdict_id is not None:
                part += f"/verdict/{cell.verdict_id}"
                assert cell.auto_fraction is not None and cell.auto_points is not None  # kept at the first verdict
                fraction, points = exact(cell.auto_fraction), exact(cell.auto_points)
                result["extensions"] = {ACTIVITY + "verdict": {
                    "verdict": cell.verdict, "trainer": cell.trainer, "at": cell.at, "why": cell.comment,
                    "grader": _score(points, pending.max_points) | {"success": fraction >= 1}}}
            yield {
                "id": str(uuid.uuid5(NAMESPACE, part)),
                "actor": actor, "verb": VERBS["answered"], "object": activity,
                "result": result,
                "context": context | {"contextActivities": {"parent": [parent]}},
                "timestamp": pending.answered_at,
            }
            attempt_id, pending = next(answer_stream, (None, None))
        if row["state"] != "finished":
            continue
        result = {"score": _score(exact(row["score_exact"]), exact(row["max_score_exact"])),
                  "completion": True, "duration": duration(row["elapsed"])}
        flags = json.loads(row["flags"])
        extensions: dict[str, Any] = {}
        if flags:  # what a trainer should check, such as the system clock going back during the exam
            extensions[ACTIVITY + "flags"] = flags
        scored = ""
        if row["auto_score_exact"] is not None:  # a trainer changed a mark: the grader's score beside the final one
            scored = f"/score/{row['score_exact']}"
            extensions[ACTIVITY + "grader"] = _score(exact(row["auto_score_exact"]), exact(row["max_score_exact"])) | (
                {} if row["auto_passed"] is None else {"success": bool(row["auto_passed"])})
        if extensions:
            result["extensions"] = extensions
        verbs = ["completed"] + ([] if row["passed"] is None else ["passed" if row["passed"] else "failed"])
        for verb in verbs:
            yield {
                "id": str(uuid.uuid5(NAMESPACE, f"{row['id']}/{verb}{scored}")),
                "actor": actor, "verb": VERBS[verb], "object": parent,
                "result": result | ({"success": bool(row["passed"])} if verb != "completed" else {}),
                "context": context,
                "timestamp": row["finished_at"] or row["started_at"],
            }


def post(statements_: list[dict[str, Any]], endpoint: str, user: str | None, password: str | None,
         batch: int = 200, tick: Callable[[int], None] | None = None) -> tuple[int, int]:
    """Send statements to an LRS (`tick` hears of each batch); returns (stored, already there).

    Errors are one clear sentence."""
    import urllib.error
    import urllib.request

    url = endpoint.rstrip("/")
    if not url.endswith("/statements"):
        url += "/statements"
    headers = {"Content-Type": "application/json", "X-Experience-API-Version": XAPI_VERSION}
    if user is not None:
        token = base64.b64encode(f"{user}:{password or ''}".encode()).decode()
        headers["Authorization"] = f"Basic {token}"
    stored = duplicates = 0
    for start in range(0, len(statements_), batch):
        chunk = statements_[start:start + batch]
        request = urllib.request.Request(url, data=json.dumps(chunk).encode(), headers=headers, method="POST")
        try:
            with urllib.request.urlopen(request, timeout=60) as response:
                response.read()
            stored += len(chunk)
            if tick is not None:
                tick(len(chunk))
        except urllib.error.HTTPError as exc:
            if exc.code == 409 and len(chunk) > 1:
                # Some were sent before (statement ids are stable): send one by one to store the rest.
                more, seen = post(chunk, endpoint, user, password, batch=1, tick=tick)
                stored, duplicates = stored + more, duplicates + seen
                continue
            if exc.code == 409:
                duplicates += 1
                if tick is not None:
                    tick(1)
                continue
            detail = exc.read()[:300].decode("utf-8", "replace")
            raise StoreError("error.lrs-http", url=url, status=exc.code, detail=detail) from None
        except (urllib.error.URLError, OSError) as exc:
            raise StoreError("error.lrs-unreachable", url=url, reason=str(getattr(exc, "reason", exc))) from None
    return stored, duplicates
