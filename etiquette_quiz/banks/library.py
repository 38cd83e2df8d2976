"""Finding, loading and cross-checking bank and exam files: the library a run works with.

`load_file` reads one file; `load_library` finds the bundled and extra folders, loads every
document and runs the checks that span files (duplicate ids, exam sections resolved against
the loaded banks).
"""

from __future__ import annotations

import os
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from ..errors import UserError, suggest
from ..model import Bank, Exam, Library
from ..problems import ERROR, WARNING, Problem
from . import yamlsafe
from .documents import read_document
from .keys import YAML_SUFFIXES
from .reader import FileResult, NodeReader


def display_path(path: Path) -> str:
    """A path as the user would type it: relative to the working directory when inside it."""
    try:
        rel = os.path.relpath(path)
    except ValueError:  # another drive on Windows
        return str(path)
    return rel if not rel.startswith("..") else str(path)


def load_file(path: Path, shown: str | None = None) -> FileResult:
    """Read, check and build one bank or exam file."""
    import gc

    # Loading allocates a node per YAML value and a frozen object per model value, none of
    # them cyclic: collection passes during the load find nothing and cost half its time.
    enabled = gc.isenabled()
    gc.disable()
    try:
        return _load_file(path, shown or display_path(path))
    finally:
        if enabled:
            gc.enable()


def _load_file(path: Path, shown: str) -> FileResult:
    reader = NodeReader(shown)

    def report(code: str, line: int, col: int, **args: Any) -> None:
        reader.error((line, col), code, **args)

    try:
        size = path.stat().st_size
        if size > yamlsafe.MAX_FILE_BYTES:
            report("file-too-large", 1, 1, size=size // (1024 * 1024), limit=yamlsafe.MAX_FILE_BYTES // (1024 * 1024))
            return FileResult(shown, None, reader.problems)
        data = path.read_bytes()
    except OSError as exc:
        report("file-unreadable", 1, 1, reason=exc.strerror or str(exc))
        return FileResult(shown, None, reader.problems)
    text = yamlsafe.decode(data, report)
    if text is None:
        return FileResult(shown, None, reader.problems)
    root = yamlsafe.compose(text, report)
    if root is None:
        if not reader.problems:
            report("empty-file", 1, 1)
        return FileResult(shown, None, reader.problems)
    if not yamlsafe.check_graph(root, report):
        return FileResult(shown, None, reader.problems)
    result = read_document(reader, root)
    if reader.failed:
        result.document = None
    result.problems = reader.problems
    return result


def bundled_banks_dir() -> Path:
    """The banks shipped inside the package (the repository's top-level `banks/`)."""
    from importlib.resources import files

    return Path(str(files("etiquette_quiz.bundled_banks")))


def discover(paths: Iterable[Path]) -> list[Path]:
    """Every YAML file named or inside the folders named, in a stable order."""
    out: list[Path] = []
    for path in paths:
        if path.is_dir():
            found = sorted(
                p for p in path.rglob("*")
                if p.suffix.lower() in YAML_SUFFIXES and p.is_file()
                and not any(part.startswith(".") for part in p.relative_to(path).parts)
            )
            out.extend(found)
        elif path.is_file():
            out.append(path)
        else:
            raise UserError("error.no-such-path", path=str(path))
    return list(dict.fromkeys(out))


@dataclass
class LoadResult:
    """Every file read for one run, and the library of the documents that loaded."""

    library: Library
    files: list[FileResult]
    # Warnings about how the files were read (the cache), as (message id, arguments) for i18n.
    notices: list[tuple[str, dict[str, Any]]] = field(default_factory=list)

    @property
    def problems(self) -> list[Problem]:
        """Every problem of every file, in file and line order."""
        return sorted((p for f in self.files for p in f.problems), key=Problem.sort_key)

    @property
    def errors(self) -> list[Problem]:
        """The problems that stop a document from loading."""
        return [p for p in self.problems if p.severity == ERROR]

    @property
    def warnings(self) -> list[Problem]:
        """The problems that are likely mistakes but do not stop loading."""
        return [p for p in self.problems if p.severity == WARNING]


def load_paths(
    paths: Sequence[Path], base: Callable[[], Library] | None = None, bundled: Sequence[Path] = ()
) -> LoadResult:
    """Load files and folders, then run the cross-file checks.

    `base` gives already-loaded banks that exams may draw from (the library, when validating
    single files); it is only called when an exam names a bank the files do not hold. Files
    under `bundled` may be replaced by a trainer's bank or exam of the same id.
    """
    return check_files([load_file(p) for p in discover(paths)], base=base, bundled=bundled)


def check_files(
    files: list[FileResult], base: Callable[[], Library] | None = None, bundled: Sequence[Path] = ()
) -> LoadResult:
    """The checks that span files: duplicate ids, and exams resolved against the banks."""
    bundled_names = {display_path(p) for p in discover(bundled)} if bundled else set()
    banks: dict[str, tuple[Bank, FileResult]] = {}
    exams: dict[str, tuple[Exam, FileResult]] = {}
    for result in files:
        doc = result.document
        if doc is None:
            continue
        table: dict[str, tuple[Any, FileResult]] = banks if isinstance(doc, Bank) else exams
        if doc.id in table:
            first = table[doc.id][1]
            if first.path in bundled_names and result.path not in bundled_names:
                table[doc.id] = (doc, result)  # a trainer's own copy replaces the bundled one
                continue
            line, col = result.id_position
            kind = "bank" if isinstance(doc, Bank) else "exam"
            result.problems.append(Problem(result.path, line, col, ERROR, "duplicate-document",
                                           {"kind": kind, "id": doc.id,
                                            "first": f"{first.path}:{first.id_position[0]}"}))
            result.document = None
            continue
        table[doc.id] = (doc, result)
    library = Library(banks=tuple(b for b, _ in banks.values()), exams=tuple(e for e, _ in exams.values()))
    if base is not None and any(_needs_more(exam, library) for exam, _ in exams.values()):
        extra = base()
        library = Library(
            banks=library.banks + tuple(b for b in extra.banks if b.id not in banks),
            exams=library.exams + tuple(e for e in extra.exams if e.id not in exams),
        )
    broken = {f.declared[1]: f.path for f in files if f.document is None and f.declared and f.declared[0] == "bank"
              and any(p.severity == ERROR for p in f.problems)}
    for exam, result in exams.values():
        _check_exam(exam, result, library, broken)
    library = Library(banks=library.banks, exams=tuple(e for e in library.exams if _exam_ok(e, exams)))
    return LoadResult(library, files)


def _exam_ok(exam: Exam, loaded: dict[str, tuple[Exam, FileResult]]) -> bool:
    """An exam whose sections failed the cross-file checks is not offered."""
    entry = loaded.get(exam.id)
    return entry is None or entry[1].document is not None


def _needs_more(exam: Exam, library: Library) -> bool:
    return any(
        (section.bank is not None and library.bank(section.bank) is None)
        or any(library.question(key) is None for key in section.questions)
        for section in exam.sections
    )


def _check_exam(exam: Exam, result: FileResult, library: Library, broken: dict[str, str]) -> None:
    """Resolve an exam's sections against the loaded banks."""
    bank_ids = [b.id for b in library.banks]
    keys = [q.key for q in library.questions]
    listed: set[str] = set()
    for index, section in enumerate(exam.sections):
        line, col = result.position("sections", index)
        if section.bank is not None:
            bank = library.bank(section.bank)
            if bank is None and section.bank in broken:
                result.problems.append(Problem(result.path, line, col, ERROR, "bank-has-errors",
                                               {"value": section.bank, "file": broken[section.bank]}))
                continue
            if bank is None:
                result.problems.append(Problem(result.path, line, col, ERROR, "unknown-bank",
                                               {"value": section.bank, "suggestion": suggest(section.bank, bank_ids)}))
                continue
            available = sum(1 for q in bank.questions if section.matches(q))
            wanted = section.count if section.count is not None else available
            if available == 0 or wanted > available:
                result.problems.append(Problem(result.path, line, col, ERROR, "section-short",
                                               {"bank": section.bank, "wanted": wanted, "available": available}))
        for i, key in enumerate(section.questions):
            qline, qcol = result.positions.get(("sections", index, "questions", i), (line, col))
            if library.question(key) is None and key.split("/")[0] in broken:
                result.problems.append(Problem(result.path, qline, qcol, ERROR, "bank-has-errors",
                                               {"value": key.split("/")[0], "file": broken[key.split("/")[0]]}))
            elif library.question(key) is None:
                result.problems.append(Problem(result.path, qline, qcol, ERROR, "unknown-question",
                                               {"value": key, "suggestion": suggest(key, keys)}))
            elif key in listed:
                result.problems.append(Problem(result.path, qline, qcol, WARNING, "question-twice", {"value": key}))
            listed.add(key)
    if any(p.severity == ERROR for p in result.problems):
        result.document = None


def load_library(extra: Sequence[Path] = (), include_bundled: bool = True) -> LoadResult:
    """The bundled banks plus extra folders (config file and --banks), with every problem."""
    bundled = [bundled_banks_dir()] if include_bundled else []
    return load_paths(bundled + list(extra), bundled=bundled)
