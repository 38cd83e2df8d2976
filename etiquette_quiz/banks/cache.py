"""A per-file cache of parsed banks, so a quiz starts without re-reading every YAML file.

Parsing and checking the bundled banks takes longer than importing the whole terminal stack,
and a quiz usually needs one or two of them. The cache keeps, per file, what it holds (kind,
id, problems) in a small index, and the parsed document in a pickle of its own; a run
unpickles only the documents it needs. An entry is used only while the file's size, times
and inode are unchanged and the package is the same build, otherwise the file is parsed
again. The cache lives in the user's own cache folder and is never shared between users:
pickles are only ever read from there.
"""

from __future__ import annotations

import json
import os
import pickle
from collections.abc import Collection, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from .. import __version__
from ..model import Exam
from ..problems import Problem
from .library import LoadResult, check_files, discover, display_path, load_file
from .reader import FileResult

CACHE_FORMAT = 1


@dataclass(frozen=True)
class Wanted:
    """Which documents a run needs; None means all of that kind."""

    banks: frozenset[str] | None = None
    exams: frozenset[str] | None = None


def _fingerprint() -> str:
    """This build of the loader and model: a cached document is only valid for the code that made it."""
    here = Path(__file__).resolve().parent
    modules = sorted(here.glob("*.py")) + [here.parent / "model.py", here.parent / "grading.py"]
    stamps = [f"{path.stat().st_mtime_ns}" for path in modules]
    return f"{CACHE_FORMAT}:{__version__}:" + ":".join(stamps)


def _signature(path: Path) -> list[int]:
    st = path.stat()
    return [st.st_size, st.st_mtime_ns, st.st_ctime_ns, st.st_ino]


class BankCache:
    """The cache folder: an index of files by signature, and one entry per parsed file."""

    def __init__(self, folder: Path) -> None:
        self.folder = folder
        self.index_path = folder / "index.json"
        self.fingerprint = _fingerprint()
        self.entries: dict[str, dict[str, Any]] = {}
        self.dirty = False
        try:
            data = json.loads(self.index_path.read_text(encoding="utf-8"))
            if data.get("fingerprint") == self.fingerprint:
                self.entries = data.get("files", {})
        except (OSError, ValueError):
            pass

    def lookup(self, path: Path, shown: str) -> tuple[dict[str, Any], FileResult | None]:
        """The index entry for a file, parsing it (and returning the result) when the cache is stale."""
        key = str(path.resolve())
        signature = _signature(path)
        entry = self.entries.get(key)
        if entry is not None and entry["signature"] == signature and entry["shown"] == shown:
            return entry, None
        import hashlib  # only when a file is parsed again

        result = load_file(path, shown)
        entry = {
            "signature": signature,
            "shown": shown,
            "declared": list(result.declared) if result.declared else None,
            "valid": result.document is not None,
            "problems": [_problem_json(p) for p in result.problems],
            "blob": hashlib.sha256(f"{key}|{signature}|{self.fingerprint}".encode()).hexdigest()[:32],
        }
        self._write_blob(entry["blob"], result)
        self.entries[key] = entry
        self.dirty = True
        return entry, result

    def materialize(self, path: Path, entry: dict[str, Any]) -> FileResult:
        """The parsed file an index entry points to, re-parsed if the entry cannot be read."""
        try:
            with open(self.folder / f"{entry['blob']}.pickle", "rb") as handle:
                result = pickle.load(handle)
            if isinstance(result, FileResult):
                return result
        except Exception:  # noqa: BLE001 - a damaged or foreign cache entry: parse the file again
            pass
        result = load_file(path, entry["shown"])
        self._write_blob(entry["blob"], result)
        return result

    def _write_blob(self, name: str, result: FileResult) -> None:
        try:
            self.folder.mkdir(parents=True, exist_ok=True)
            tmp = self.folder / f"{name}.{os.getpid()}.tmp"
            tmp.write_bytes(pickle.dumps(result, protocol=pickle.HIGHEST_PROTOCOL))
            tmp.replace(self.folder / f"{name}.pickle")
        except OSError:
            pass  # a read-only cache folder only costs speed

    def save(self, live: Collection[str]) -> None:
        """Write the index (dropping files no longer seen) and delete orphaned pickles."""
        kept = {key: entry for key, entry in self.entries.items() if key in live}
        if not self.dirty and len(kept) == len(self.entries):
            return
        try:
            self.folder.mkdir(parents=True, exist_ok=True)
            tmp = self.folder / f"index.{os.getpid()}.tmp"
            tmp.write_text(json.dumps({"fingerprint": self.fingerprint, "files": kept}, ensure_ascii=False),
                           encoding="utf-8")
            tmp.replace(self.index_path)
            blobs = {f"{entry['blob']}.pickle" for entry in kept.values()}
            for old in self.folder.glob("*.pickle"):
                if old.name not in blobs:
                    old.unlink(missing_ok=True)
        except OSError:
            pass


def _problem_json(problem: Problem) -> dict[str, Any]:
    return {"path": problem.path, "line": problem.line, "col": problem.col, "severity": problem.severity,
            "code": problem.code, "args": problem.args}


def _problem(data: dict[str, Any]) -> Problem:
    return Problem(data["path"], data["line"], data["col"], data["severity"], data["code"], data["args"])


def load_library_cached(paths: Sequence[Path], bundled: Sequence[Path], folder: Path,
                        wanted: Wanted = Wanted()) -> LoadResult:
    """Like banks.load_paths, reading only the documents `wanted` and parsing only changed files."""
    cache = BankCache(folder)
    files: list[FileResult] = []
    live = []
    plan: list[tuple[Path, dict[str, Any], FileResult | None]] = []
    for path in discover(paths):
        shown = display_path(path)
        entry, parsed = cache.lookup(path, shown)
        live.append(str(path.resolve()))
        plan.append((path, entry, parsed))
    needed_banks = None if wanted.banks is None else set(wanted.banks)
    if needed_banks is not None:
        # An exam needs the banks its sections draw from; those are read from the exam itself.
        for n, (path, entry, parsed) in enumerate(plan):
            declared = entry["declared"]
            wanted_exam = wanted.exams is None or (declared is not None and declared[1] in wanted.exams)
            if declared and declared[0] == "exam" and entry["valid"] and wanted_exam:
                parsed = parsed or cache.materialize(path, entry)
                plan[n] = (path, entry, parsed)  # read once: the loop below reuses it
                exam = parsed.document
                if isinstance(exam, Exam):
                    needed_banks.update(s.bank for s in exam.sections if s.bank)
                    needed_banks.update(k.split("/")[0] for s in exam.sections for k in s.questions)
    for path, entry, parsed in plan:
        declared = entry["declared"]
        needed = entry["valid"] and declared is not None and (
            (declared[0] == "bank" and (needed_banks is None or declared[1] in needed_banks))
            or (declared[0] == "exam" and (wanted.exams is None or declared[1] in wanted.exams))
        )
        if needed:
            files.append(parsed or cache.materialize(path, entry))
        else:
            # Not read this run: what the index knows is enough for the cross-file checks.
            result = FileResult(entry["shown"], None, [_problem(p) for p in entry["problems"]])
            result.declared = tuple(declared) if declared else None
            files.append(result)
    cache.save(live)
    return check_files(files, bundled=bundled)
