"""`bank import`: source files -> drafts -> YAML banks, checked by the validator before anything is written.

Every reader gives a Draft. The draft is written as YAML (the contract stays YAML) to a
scratch folder and loaded by the same validator as `bank validate`; the validator's problems
are traced back, through the positions the YAML writer recorded and the origins the reader
recorded, to the cell or line in the source. A bank is written only when nothing is wrong, or
with `skip_bad`, without the questions that are (each one named).
"""

from __future__ import annotations

import tempfile
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from ..problems import ERROR, Problem
from .draft import Draft, KeyPath, Origin, QuestionDraft, SourceProblem
from .yamlout import dump_bank

TABLE_SUFFIXES = (".xlsx", ".xlsm", ".xls", ".xlsb", ".ods", ".csv")
TEXT_SUFFIXES = (".txt", ".md", ".markdown", ".docx", ".gift", ".aiken")
XML_SUFFIXES = (".xml",)
SUFFIXES = TABLE_SUFFIXES + TEXT_SUFFIXES + XML_SUFFIXES


@dataclass
class ImportReport:
    """What became of one source file."""

    source: str
    draft: Draft
    output: str | None = None  # the YAML file written (or '-'), None when nothing was written
    yaml_text: str | None = None
    written: int = 0
    skipped: list[QuestionDraft] = field(default_factory=list)
    problems: list[SourceProblem] = field(default_factory=list)

    @property
    def bank_id(self) -> str | None:
        """The id of the bank read (None if it has none yet)."""
        value = self.draft.bank.get("bank")
        return value if isinstance(value, str) else None

    @property
    def errors(self) -> list[SourceProblem]:
        """The problems that stop a question, or the bank, from being written."""
        return [p for p in self.problems if p.severity == ERROR]

    @property
    def generated_ids(self) -> int:
        """How many written questions got an id made from their words."""
        return sum(1 for q in self.draft.questions if q.generated_id and q.data is not None and q not in self.skipped)


def detect_format(path: Path, head: bytes) -> str:
    """The format of a file, by its extension and, for plain text, its content."""
    suffix = path.suffix.lower()
    if suffix in TABLE_SUFFIXES[:-1]:
        return "xlsx"
    if suffix == ".csv":
        return "csv"
    if suffix == ".xml" or head.lstrip(b"\xef\xbb\xbf \r\n\t").startswith(b"<?xml") and b"<quiz" in head:
        return "moodle-xml"
    if suffix == ".gift":
        return "gift"
    if suffix in (".docx", ".md", ".markdown"):
        return "text"
    if suffix == ".aiken":
        return "aiken"
    from .aiken import looks_like_aiken
    from .gift import looks_like_gift

    text = head.decode("utf-8", errors="ignore")
    if looks_like_gift(text):
        return "gift"
    if looks_like_aiken(text):
        return "aiken"
    return "text"


def read_source(path: Path, shown: str) -> Draft:
    """The draft of one source file, by its format."""
    try:
        with path.open("rb") as stream:
            head = stream.read(65536)
    except OSError as exc:
        draft = Draft(shown, Origin(shown))
        draft.error(Origin(shown), "import-unreadable", reason=exc.strerror or str(exc))
        return draft
    fmt = detect_format(path, head)
    if fmt == "xlsx":
        from .xlsx import read_xlsx

        return read_xlsx(path, shown)
    if fmt == "csv":
        from .csvfile import read_csv

        return read_csv(path, shown)
    if fmt == "moodle-xml":
        from .moodle import read_moodle

        return read_moodle(path, shown)
    if fmt == "gift":
        from .gift import read_gift

        return read_gift(path, shown)
    if fmt == "aiken":
        from .aiken import read_aiken

        return read_aiken(path, shown)
    from .text import read_text

    return read_text(path, shown)


def _locate(problem: Problem, positions: dict[tuple[int, int], KeyPath],
            by_line: dict[int, list[tuple[int, KeyPath]]], draft: Draft,
            active: list[int]) -> tuple[Origin, int | None]:
    """The source origin of a validator problem, and the question it belongs to."""
    path = positions.get((problem.line, problem.col))
    if path is None:
        if not by_line:  # only problems not at a value's start need the values by line
            for (line, col), where in positions.items():
                by_line.setdefault(line, []).append((col, where))
        candidates = [(col, p) for col, p in by_line.get(problem.line, []) if col <= problem.col]
        path = max(candidates, key=lambda item: item[0])[1] if candidates else None
    if path is None:
        return draft.origin, None
    if path[0] == "questions" and len(path) > 1:
        index = active[path[1]]
        return draft.questions[index].origin_of(path[2:]), index
    return draft.bank_origin_of(path), None


def _validate(draft: Draft, excluded: set[int], scratch: Path,
              shown: str) -> tuple[str, list[SourceProblem], list[int]]:
    """The draft (without `excluded` questions) as YAML, and the validator's problems on it, located."""
    from ..banks import load_file

    active = [i for i, q in enumerate(draft.questions) if q.data is not None and i not in excluded]
    text, positions = dump_bank(draft.bank, [draft.questions[i].data for i in active])  # type: ignore[misc]
    target = scratch / Path(shown).name
    target.write_text(text, encoding="utf-8")
    result = load_file(target, shown)
    by_line: dict[int, list[tuple[int, KeyPath]]] = {}
    located = []
    for problem in result.problems:
        origin, index = _locate(problem, positions, by_line, draft, active)
        located.append(SourceProblem(origin, problem.severity, problem.code, problem.args, index,
                                     f"{problem.path}:{problem.line}:{problem.col}"))
    return text, located, active


def convert(draft: Draft, shown: str, skip_bad: bool, scratch: Path) -> ImportReport:
    """A draft checked and, when good enough, turned into YAML text (not yet written)."""
    from .draft import guess_language

    guess_language(draft)
    report = ImportReport(draft.source, draft)
    problems = list(draft.problems)
    bad = {p.question for p in problems if p.severity == ERROR and p.question is not None}
    bad |= {i for i, q in enumerate(draft.questions) if q.data is None}
    bank_broken = any(p.severity == ERROR and p.question is None for p in problems)
    excluded = set(bad)  # questions the reader could not build are never written
    seen: set[tuple[Any, ...]] = set()
    text, located, active = "", list[SourceProblem](), list[int]()
    for _ in range(4):  # skipping a question can only remove problems, but may reveal a rule left unused
        text, located, active = _validate(draft, excluded, scratch, shown)
        new_bad = {p.question for p in located if p.severity == ERROR and p.question is not None}
        for p in located:
            key = (str(p.origin), p.code, tuple(sorted((k, str(v)) for k, v in p.args.items())))
            if key not in seen and (p.severity == ERROR or p.question not in excluded):
                seen.add(key)
                problems.append(p)
        if not skip_bad or not (new_bad - excluded):
            bad |= new_bad
            break
        excluded |= new_bad
        bad |= new_bad
    final_errors = [p for p in located if p.severity == ERROR]
    bank_broken = bank_broken or any(p.question is None for p in final_errors)
    report.problems = sorted(problems, key=lambda p: _sort_key(p, draft))
    if bank_broken or (bad and not skip_bad) or (skip_bad and final_errors) or not active:
        return report
    report.skipped = [draft.questions[i] for i in sorted(bad)]
    report.yaml_text = text
    report.written = len(active)
    return report


def _sort_key(problem: SourceProblem, draft: Draft) -> tuple[Any, ...]:
    """Problems in the order the trainer meets them: file, sheet, row (or line), column."""
    origin = problem.origin
    row, col = _cell_order(origin.cell)
    return (origin.file != draft.source, origin.file, origin.sheet or "", origin.line or row, col)


def _cell_order(cell: str | None) -> tuple[int, int]:
    if not cell:
        return (0, 0)
    letters = "".join(c for c in cell if c.isalpha())
    number = int("".join(c for c in cell if c.isdigit()) or 0)
    col = 0
    for char in letters:
        col = col * 26 + ord(char) - 64
    return number, col


def import_files(paths: list[Path], out_dir: Path | None, skip_bad: bool = False,
                 shown: dict[Path, str] | None = None) -> list[ImportReport]:
    """Import each file as a bank; write `<bank id>.yaml` into `out_dir` (None: keep the YAML text only).

    Nothing is written for a file with errors, unless `skip_bad` (then its bad questions are left out).
    """
    import gc

    # As in banks.load_file: reading makes many small objects and no cycles, so collection
    # passes find nothing, yet cost a third of the time of a large sheet.
    enabled = gc.isenabled()
    gc.disable()
    try:
        return _import_files(paths, out_dir, skip_bad, shown)
    finally:
        if enabled:
            gc.enable()


def _import_files(paths: list[Path], out_dir: Path | None, skip_bad: bool,
                  shown: dict[Path, str] | None) -> list[ImportReport]:
    from ..banks import display_path
    from .csvfile import main_of_sibling, sibling_role

    given = {p.resolve() for p in paths}
    reports: list[ImportReport] = []
    outputs: dict[str, str] = {}
    with tempfile.TemporaryDirectory(prefix="etiquette-quiz-import-") as scratch:
        for path in paths:
            name = (shown or {}).get(path) or display_path(path)
            if path.suffix.lower() == ".csv" and sibling_role(path) and main_of_sibling(path).resolve() in given:
                continue  # read with its main file
            draft = read_source(path, name)
            found_id = draft.bank.get("bank")
            bank_id = found_id if isinstance(found_id, str) else "bank"
            target = str(out_dir / f"{bank_id}.yaml") if out_dir is not None else f"{bank_id}.yaml"
            scratch_dir = Path(scratch) / str(len(reports))
            scratch_dir.mkdir()
            report = convert(draft, display_path(Path(target)) if out_dir is not None else target, skip_bad,
                             scratch_dir)
            if report.yaml_text is not None and bank_id in outputs:
                report.problems.append(SourceProblem(draft.origin, ERROR, "import-same-bank",
                                                     {"id": bank_id, "first": outputs[bank_id]}))
                report.yaml_text = None
            if report.yaml_text is not None:
                outputs[bank_id] = name
                report.output = display_path(Path(target)) if out_dir is not None else "-"
            reports.append(report)
    return reports


def write_reports(reports: list[ImportReport], out_dir: Path | None) -> None:
    """Write the YAML of every report that has some: into `out_dir`, or to standard output."""
    import sys

    from ..paths import atomic_output

    texts = [r for r in reports if r.yaml_text is not None]
    if out_dir is None:
        sys.stdout.write("---\n".join(r.yaml_text for r in texts))  # type: ignore[misc]
        sys.stdout.flush()
        return
    for report in texts:
        with atomic_output(str(out_dir / f"{report.bank_id}.yaml")) as stream:
            stream.write(report.yaml_text or "")
