"""The one form every reader produces: a bank as plain YAML data, with where each value came from.

A reader turns a spreadsheet, a text file or a Moodle export into a `Draft`: the bank's own
keys (`bank`, `title`, `rules`, …) and one `QuestionDraft` per question, each holding exactly
the data a hand-written YAML file would hold (texts as strings or `{language: text}` mappings,
lists, numbers). Beside the data, `fields` maps every value's path to its `Origin` — the sheet
and cell, or the file and line, where the trainer wrote it — so any problem, found by the
reader or later by the validator on the written YAML, is reported where the trainer can fix it.
"""

from __future__ import annotations

import hashlib
import re
import unicodedata
from dataclasses import dataclass, field
from typing import Any, NamedTuple

from ..problems import ERROR, WARNING

KeyPath = tuple[Any, ...]  # keys and list indices into the plain data, e.g. ("wrong", 1) or ("prompt", "en")
Data = dict[str, Any]  # a question or bank as plain YAML data


class Origin(NamedTuple):
    """Where a value came from, written as the trainer finds it: `bank.xlsx:题目!K7`, `bank.gift:42`."""

    file: str
    sheet: str | None = None
    cell: str | None = None  # tables: "K7"
    line: int | None = None  # text formats (for .docx: the paragraph)

    def __str__(self) -> str:
        if self.cell is not None:
            return f"{self.file}:{self.sheet}!{self.cell}" if self.sheet else f"{self.file}:{self.cell}"
        if self.line is not None:
            return f"{self.file}:{self.line}"
        return self.file

    def as_json(self) -> dict[str, Any]:
        """The origin's parts, and how it is written, for `--format json`."""
        return {"file": self.file, "sheet": self.sheet, "cell": self.cell, "line": self.line, "at": str(self)}


@dataclass(frozen=True)
class SourceProblem:
    """A problem located in the source file; `question` is the index of the question it spoils, if any."""

    origin: Origin
    severity: str
    code: str
    args: dict[str, Any] = field(default_factory=dict)
    question: int | None = None
    yaml_at: str | None = None  # file:line:col in the written YAML, when the validator found it

    def message(self, lang: str) -> str:
        """'what is wrong — how to fix it' in `lang`."""
        from ..i18n import problem_text

        return problem_text(self.code, lang, self.args)

    def format(self, lang: str) -> str:
        """'origin: severity: what — fix' in `lang`."""
        from ..i18n import t

        return f"{self.origin}: {t('severity.' + self.severity, lang)}: {self.message(lang)}"

    def as_json(self, lang: str) -> dict[str, Any]:
        """The problem for `--format json`: where, what, how to fix it, and where in the YAML."""
        from ..i18n import problem_parts

        what, fix = problem_parts(self.code, lang, self.args)
        return {**self.origin.as_json(), "severity": self.severity, "code": self.code, "message": what,
                "fix": fix, "yaml": self.yaml_at}


def nearest(fields: dict[KeyPath, Origin], path: KeyPath, default: Origin) -> Origin:
    """The origin recorded for `path` or the nearest value enclosing it."""
    while path:
        found = fields.get(path)
        if found is not None:
            return found
        path = path[:-1]
    return default


@dataclass
class QuestionDraft:
    """One question as plain data (None when it could not be read) and where its parts came from."""

    data: dict[str, Any] | None
    origin: Origin  # the row, or the line the question starts on
    fields: dict[KeyPath, Origin] = field(default_factory=dict)
    generated_id: bool = False
    known_id: str | None = None  # the id the source gave, kept for naming the question even when it is unreadable

    def origin_of(self, path: KeyPath) -> Origin:
        """The origin of the value at `path`, else of the nearest enclosing value, else the question's."""
        return nearest(self.fields, path, self.origin)

    @property
    def label(self) -> str:
        """How a skipped question is named: where it is, and its id when it has one."""
        qid = (self.data or {}).get("id") if not self.generated_id else None
        qid = qid or self.known_id
        return f"{self.origin} ({qid})" if qid else str(self.origin)


@dataclass
class Draft:
    """A bank read from one source file: bank-level data, questions, and the problems met reading it."""

    source: str  # the file as shown to the user
    origin: Origin  # the file, or the sheet or line holding the bank's own details
    bank: dict[str, Any] = field(default_factory=dict)  # bank, title, language, …, sources, rules
    bank_fields: dict[KeyPath, Origin] = field(default_factory=dict)
    questions: list[QuestionDraft] = field(default_factory=list)
    problems: list[SourceProblem] = field(default_factory=list)
    generated_bank_id: bool = False
    language_given: bool = False  # the source said which language it is in (else it is guessed from the texts)

    @property
    def language(self) -> str:
        """The bank's language (plain texts are in it)."""
        return self.bank.get("language") or "zh-CN"

    def report(self, severity: str, origin: Origin, code: str, question: int | None = None, **args: Any) -> None:
        """Record a problem met while reading."""
        self.problems.append(SourceProblem(origin, severity, code, args, question))

    def error(self, origin: Origin, code: str, question: int | None = None, **args: Any) -> None:
        """Record an error (the question, or the bank, cannot be written as it is)."""
        self.report(ERROR, origin, code, question, **args)

    def warn(self, origin: Origin, code: str, question: int | None = None, **args: Any) -> None:
        """Record a warning (something was read otherwise than written, or left out)."""
        self.report(WARNING, origin, code, question, **args)

    def bank_origin_of(self, path: KeyPath) -> Origin:
        """The origin of a bank-level value (title, a rule), else of the nearest enclosing one, else the file."""
        return nearest(self.bank_fields, path, self.origin)

    def set_language(self, value: str, origin: Origin) -> bool:
        """The bank's language as the source names it ('zh_cn' -> zh-CN); an error when it is no language tag."""
        from ..banks.keys import LANG_RE
        from ..banks.reader import canonical_language

        tag = value.strip().replace("_", "-")
        if not LANG_RE.match(tag):
            self.error(origin, "import-bad-language", value=value)
            return False
        self.bank["language"] = canonical_language(tag)
        self.bank_fields[("language",)] = origin
        self.language_given = True
        return True

    def add_question(self, question: QuestionDraft) -> int:
        """Add a question (read or not); returns its index, by which problems name it."""
        self.questions.append(question)
        return len(self.questions) - 1


# -- stable ids ------------------------------------------------------------------------------


def _fingerprint(*texts: str) -> str:
    joined = "\n".join(unicodedata.normalize("NFKC", t).strip() for t in texts)
    return hashlib.sha256(joined.encode("utf-8")).hexdigest()[:8]


def slug(value: str) -> str | None:
    """An id from a name when it has Latin letters or digits ('Q 12' -> 'q-12'), else None."""
    text = unicodedata.normalize("NFKC", value).lower()
    made = re.sub(r"[^a-z0-9]+", "-", text).strip("-")
    return made or None


def first_text(value: Any, lang: str) -> str:
    """The bank-language text of a plain text value (a string or a language mapping)."""
    if isinstance(value, dict):
        chosen = value.get(lang, next(iter(value.values()), ""))
        return chosen if isinstance(chosen, str) else ""
    return value if isinstance(value, str) else ""


def assign_question_ids(draft: Draft) -> int:
    """Give every question without an id one derived from its words; returns how many were given.

    The id is `q-` and 8 hex digits of a hash of the question's scenario and prompt (bank
    language), so it does not depend on the row or the order: re-importing the same sheet,
    sorted or with rows added, gives each question the id it had. Editing the prompt of a
    question without an id gives it a new one, which is why `bank export` writes the ids back
    into the 题号 column. Two questions with the same words get `-2`, `-3` in the order read.
    """
    taken = {q.data["id"] for q in draft.questions if q.data and isinstance(q.data.get("id"), str)}
    given = 0
    for question in draft.questions:
        data = question.data
        if data is None or data.get("id"):
            continue
        lang = draft.language
        base = "q-" + _fingerprint(first_text(data.get("scenario", ""), lang), first_text(data.get("prompt", ""), lang))
        candidate, n = base, 1
        while candidate in taken:
            n += 1
            candidate = f"{base}-{n}"
        taken.add(candidate)
        data["id"] = candidate
        question.generated_id = True
        given += 1
    return given


def named_after_file(shown: str) -> Draft:
    """An empty draft whose bank is named after its file (text formats say nothing else about the bank)."""
    from pathlib import Path as FilePath

    stem = FilePath(shown).stem
    draft = Draft(shown, Origin(shown), bank={"bank": bank_id_from_name(stem), "title": stem})
    draft.generated_bank_id = True
    return draft


def bank_id_from_name(stem: str) -> str:
    """A bank id from a file name: its Latin part ('Phone Scripts v2' -> 'phone-scripts-v2'), else a hash."""
    return slug(stem) or "bank-" + _fingerprint(stem)


def rule_id_from_text(text: str) -> str:
    """A rule id from the rule's words, stable across imports."""
    return "r-" + _fingerprint(text)


def ordered_data(data: dict[str, Any], order: tuple[str, ...]) -> dict[str, Any]:
    """`data` with its keys in the contract's order (keys outside it keep their place at the end)."""
    out = {key: data[key] for key in order if key in data}
    out.update((key, value) for key, value in data.items() if key not in out)
    return out


def guess_language(draft: Draft) -> None:
    """English for a bank whose prompts are (almost) free of Chinese characters, when the source did not say."""
    if draft.language_given or draft.bank.get("language"):
        return
    prompts = [first_text(q.data.get("prompt", ""), "zh-CN") for q in draft.questions if q.data]
    text = "".join(prompts)
    cjk = sum(1 for c in text if "\u4e00" <= c <= "\u9fff")
    latin = sum(1 for c in text if c.isascii() and c.isalpha())
    if latin and cjk * 20 < latin:
        draft.bank["language"] = "en"
