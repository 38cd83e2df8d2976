"""The JSON results document: a versioned export that `results import` merges into another store.

Trainers collect these files from trainees' machines; store/merge.py reads them back. Scores are
exact texts ("1/3", "5/2", "3"; version 2): a JSON number cannot hold a third. An attempt carries
the trainers' verdicts on its marks (`overrides`, each with its id) beside the grader's marks
(`auto_*`), so a store that imports it ends with the same marks, whichever copy came first.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from dataclasses import asdict
from fractions import Fraction
from typing import Any

from .. import __version__
from ..scores import exact_text
from ..store import ResultFilter, Store, utc_now
from ..store.merge import FORMAT, VERSION
from ..store.overrides import overrides_of
from ..textsafe import json_safe
from .common import export_output


def write_json(out: str, store: Store, flt: ResultFilter, tick: Callable[[int], None] | None = None) -> int:
    """Write the document, streaming one attempt at a time (`tick` hears of each); returns the number of attempts."""
    results = store.results(flt)
    attempts = results.attempt_ids()
    trainee_ids = results.trainee_ids()
    with export_output(out) as stream:
        head = {
            "format": FORMAT, "version": VERSION, "generator": f"etiquette-quiz {__version__}",
            "exported_at": utc_now(), "schema": store.schema_version,
            "trainees": [asdict(t) for t in (store.trainee(i) for i in trainee_ids) if t is not None],
        }
        text = json_safe(json.dumps(head, ensure_ascii=False, indent=1))
        stream.write(text[:-2] + ',\n "attempts": [')
        for n, attempt_id in enumerate(attempts):
            record = store.attempt(attempt_id)
            assert record is not None
            entry = asdict(record) | {"answers": [asdict(a) for a in store.answers(attempt_id)]}
            events = store.events(attempt_id)
            if events:  # an exam's log: every answer given, flags, pauses, the start with its deadline
                entry["events"] = [asdict(e) for e in events]
            verdicts = overrides_of(store, attempt_id)
            if verdicts:  # trainers' verdicts on its marks, every one: `results import` adds those it lacks
                entry["overrides"] = [{k: v for k, v in asdict(o).items() if k != "attempt_id"} for o in verdicts]
            # json_safe: the same data, but a C1 or bidi character in it cannot act on a terminal (`--out -`).
            stream.write(("\n  " if n == 0 else ",\n  ") + json_safe(json.dumps(entry, ensure_ascii=False,
                                                                                default=_exact)))
            if tick is not None:
                tick(1)
        reviews = [dict(trainee_id=i) | asdict(s) for i in trainee_ids for s in store.review_states(i)
                   if not flt.banks or s.bank in flt.banks]
        stream.write("\n ],\n \"reviews\": [")
        stream.write(",".join("\n  " + json_safe(json.dumps(r, ensure_ascii=False)) for r in reviews))
        stream.write("\n ]\n}\n")
    return len(attempts)


def _exact(value: Any) -> str:
    """A score as the document keeps it: its exact text."""
    if isinstance(value, Fraction):
        return exact_text(value)
    raise TypeError(f"{type(value).__name__} is not JSON serializable")
