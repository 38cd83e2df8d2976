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
import time
import uuid
from collections.abc import Callable, Iterator
from dataclasses import dataclass
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
# account.homePage names the system that issued the account names (trainee ids or employee
# numbers): the organisation's own address, from --home-page or the config file. This reserved
# .invalid address only stands in until one is set, and says so.
HOME_PAGE = "https://etiquette-quiz.invalid/trainees"
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


@dataclass(frozen=True)
class Identity:
    """How trainees are named to the LRS: accounts of `home_page`, by trainee id or by employee number."""

    home_page: str = HOME_PAGE
    by_employee_no: bool = False  # the employee number, where there is one, instead of the trainee id


def _actor(row: Any, identity: Identity) -> dict[str, Any]:
    name = (row["employee_no"] if identity.by_employee_no and row["employee_no"] else None) or row["trainee_id"]
    return {"objectType": "Agent", "name": row["trainee"],
            "account": {"homePage": identity.home_page, "name": name or row["trainee"]}}


def _assessment(row: Any, library: Library) -> dict[str, Any]:
    """The exam (or the practice or review) an attempt belongs to, named in each language it is known in."""
    from ..i18n import t

    exam_id, mode = row["exam_id"], row["mode"]
    key = f"exam:{exam_id}" if exam_id else mode
    exam = library.exam(exam_id) if exam_id else None
    if exam is not None:
        name = language_map(exam.title)
    elif row["title"]:
        name = {row["lang"]: row["title"]}  # only the language it was taken in: no English that is Chinese
    else:
        name = {lang: t(f"mode.{mode}", lang) for lang in LANGUAGES}
    return {"objectType": "Activity", "id": ACTIVITY + key, "definition": {
        "type": "http://adlnet.gov/expapi/activities/assessment", "name": name}}


def _score(points: Fraction, max_points: Fraction) -> dict[str, Any]:
    """An xAPI score: `scaled` the float nearest the exact share, `raw` and `max` exact where whole."""
    return {"scaled": float(fraction_of(points, max_points)), "raw": number(points), "min": 0,
            "max": number(max_points)}


def statements(results: Results, library: Library, identity: Identity = Identity()) -> Iterator[dict[str, Any]]:
    """Every statement for the filtered results, attempt by attempt."""
    context_base = {"platform": f"etiquette-quiz {__version__}", "language": "zh-CN"}
    answer_stream = results.answers()
    reviewed = results.review_cells()
    attempt_id, pending = next(answer_stream, (None, None))
    for row in results.attempt_rows():
        actor = _actor(row, identity)
        parent = _assessment(row, library)
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


def statements_url(endpoint: str) -> str:
    """The statements resource of an LRS endpoint; an address that is not http(s)://host/… is a UserError."""
    from urllib.parse import urlsplit

    from ..errors import UserError

    parts = urlsplit(endpoint.strip())
    if parts.scheme not in ("http", "https") or not parts.hostname:
        raise UserError("error.lrs-url", url=endpoint)
    url = endpoint.strip().rstrip("/")
    return url if url.endswith("/statements") else url + "/statements"


class _Refuse(Exception):
    """A redirect the LRS answered with: nothing is sent to another address, credentials least of all."""

    def __init__(self, status: int, location: str) -> None:
        super().__init__(status, location)
        self.status = status
        self.location = location


def _no_redirects() -> Any:
    """A urllib opener that raises _Refuse on any redirect.

    urllib follows a 302 by turning the POST into a GET without its body (the statements are
    lost while the LRS seemed to answer 200) and sends the Authorization header to whatever
    host the Location names.
    """
    import urllib.request

    class NoRedirect(urllib.request.HTTPRedirectHandler):
        def redirect_request(self, req: Any, fp: Any, code: int, msg: str, headers: Any, newurl: str) -> None:
            raise _Refuse(code, newurl)

    return urllib.request.build_opener(NoRedirect)


@dataclass
class _Progress:
    stored: int = 0
    duplicates: int = 0
    error: BaseException | None = None
    done: bool = False


PER_READ = 30.0  # seconds a single connect or read may take; the push as a whole has its own deadline


def post(statements_: list[dict[str, Any]], endpoint: str, user: str | None, password: str | None,
         batch: int = 200, deadline: float | None = None, tick: Callable[[int], None] | None = None) -> tuple[int, int]:
    """Send statements to an LRS; returns (stored, already there), as the LRS acknowledged them.

    A statement counts as stored only when the LRS's answer lists its id (xAPI 1.0.3: POST
    answers with the ids it stored). Redirects are refused; the whole push ends after
    `deadline` seconds (default: a minute, plus a second per batch) however slowly the server
    answers. `tick` hears of each batch acknowledged. Errors are one clear sentence.
    """
    import threading

    if deadline is None:
        deadline = 60.0 + -(-len(statements_) // batch)
    url = statements_url(endpoint)
    headers = {"Content-Type": "application/json", "X-Experience-API-Version": XAPI_VERSION}
    if user is not None:
        token = base64.b64encode(f"{user}:{password or ''}".encode()).decode()
        headers["Authorization"] = f"Basic {token}"
    progress = _Progress()
    ends = time.monotonic() + deadline

    def work() -> None:
        try:
            _send(statements_, url, headers, batch, ends, progress, tick)
        except BaseException as exc:  # noqa: BLE001 - handed to the waiting thread, which raises it
            progress.error = exc
        progress.done = True

    # A server that trickles one byte at a time defeats every per-read timeout: the push runs
    # in a thread the command stops waiting for at the deadline (the process then exits).
    worker = threading.Thread(target=work, daemon=True)
    worker.start()
    worker.join(max(0.0, ends - time.monotonic()))
    if not progress.done:
        raise StoreError("error.lrs-timeout", url=url, seconds=round(deadline), stored=progress.stored)
    if progress.error is not None:
        raise progress.error
    return progress.stored, progress.duplicates


def _send(statements_: list[dict[str, Any]], url: str, headers: dict[str, str], batch: int, ends: float,
          progress: _Progress, tick: Callable[[int], None] | None = None) -> None:
    """POST the statements in batches, counting what the LRS acknowledged."""
    import urllib.error
    import urllib.request

    opener = _no_redirects()
    for start in range(0, len(statements_), batch):
        chunk = statements_[start:start + batch]
        request = urllib.request.Request(url, data=json.dumps(chunk).encode(), headers=headers, method="POST")
        timeout = max(0.1, min(PER_READ, ends - time.monotonic()))
        try:
            with opener.open(request, timeout=timeout) as response:
                body = response.read(1_000_000)
                status = response.status
        except _Refuse as exc:
            raise StoreError("error.lrs-redirect", url=url, status=exc.status, location=exc.location,
                             stored=progress.stored) from None
        except urllib.error.HTTPError as exc:
            if exc.code == 409 and len(chunk) > 1:
                # Some were sent before (statement ids are stable): send one by one to store the rest.
                _send(chunk, url, headers, 1, ends, progress, tick)
                continue
            if exc.code == 409:
                progress.duplicates += 1
                if tick is not None:
                    tick(1)
                continue
            detail = exc.read()[:300].decode("utf-8", "replace")
            raise StoreError("error.lrs-http", url=url, status=exc.code, detail=detail) from None
        except (urllib.error.URLError, OSError, ValueError) as exc:
            raise StoreError("error.lrs-unreachable", url=url, reason=str(getattr(exc, "reason", exc))) from None
        acknowledged = _acknowledged(status, body, chunk)
        if acknowledged is None:
            raise StoreError("error.lrs-unacknowledged", url=url, status=status, stored=progress.stored)
        progress.stored += acknowledged
        progress.duplicates += len(chunk) - acknowledged
        if tick is not None:
            tick(len(chunk))


def _acknowledged(status: int, body: bytes, chunk: list[dict[str, Any]]) -> int | None:
    """How many of the chunk's statements the LRS stored; None when its answer is not an LRS's.

    xAPI 1.0.3: POST answers 200 with the ids it stored; a statement it already holds with the
    same content is accepted but not stored again, so it is left out of the list, and when
    every one was there already, LRSs answer 204 No Content. Anything else (a web page, a
    redirect target's 200) acknowledges nothing.
    """
    if status == 204:
        return 0
    try:
        ids = json.loads(body)
    except (ValueError, RecursionError):
        return None
    if not isinstance(ids, list) or not all(isinstance(i, str) for i in ids):
        return None
    sent = {s["id"] for s in chunk}
    return len(sent & set(ids))
