"""A per-file cache of parsed banks, so a quiz starts without re-reading every YAML file.

Parsing and checking the bundled banks takes longer than importing the whole terminal stack,
and a quiz usually needs one or two of them. The cache keeps, per file, what it holds (kind,
id, problems) in a small index, and the parsed document in an entry of its own; a run reads
only the entries it needs. An entry is used only while the file's size, times and inode are
unchanged and the package is the same build, otherwise the file is parsed again.

Nothing read from the cache can run code: entries are JSON, turned back into model objects by
the explicit decoders of codec.py. An entry is named by a digest of the file's path, signature
and build, which is recomputed rather than trusted from the index; it carries a SHA-256 of its
contents and is parsed again when that does not match. Because a cached bank decides what is
marked right, the folder must be the user's own: a folder other users can write is emptied and
made private again (with a warning), one owned by someone else is not used at all.
"""

from __future__ import annotations

import json
import os
import re
import stat
from collections.abc import Collection, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from .. import __version__
from ..model import Exam
from ..paths import folder_trouble, read_private
from ..problems import Problem
from .codec import CODEC_VERSION, CodecError, decode_problem, decode_result, encode_problem, encode_result
from .library import LoadResult, check_files, discover, display_path, load_file
from .reader import FileResult

CACHE_FORMAT = 2  # 1: pickles; 2: JSON entries with a checksum
ENTRY_NAME = re.compile(r"[0-9a-f]{32}")
MAGIC = b"etiquette-quiz-cache"


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
    return f"{CACHE_FORMAT}.{CODEC_VERSION}:{__version__}:" + ":".join(stamps)


def _signature(path: Path) -> list[int]:
    st = path.stat()
    return [st.st_size, st.st_mtime_ns, st.st_ctime_ns, st.st_ino]


def _digest(*parts: str) -> str:
    import hashlib

    return hashlib.sha256("|".join(parts).encode("utf-8")).hexdigest()


class BankCache:
    """The cache folder: an index of files by signature, and one JSON entry per parsed file."""

    def __init__(self, folder: Path) -> None:
        self.folder = folder
        self.index_path = folder / "index.json"
        self.fingerprint = _fingerprint()
        self.entries: dict[str, dict[str, Any]] = {}
        self.dirty = False
        self.notices: list[tuple[str, dict[str, Any]]] = []  # (message id, arguments): warnings for the user
        self.usable = self._check_folder()
        if not self.usable:
            return
        raw = read_private(self.index_path)
        try:
            data = json.loads(raw) if raw is not None else None
            if isinstance(data, dict) and data.get("fingerprint") == self.fingerprint:
                files = data.get("files")
                self.entries = files if isinstance(files, dict) else {}
        except ValueError:
            pass

    def _check_folder(self) -> bool:
        """Whether the folder may be used, making a shared folder of ours private again (with a warning)."""
        try:
            st = self.folder.stat()
        except FileNotFoundError:
            try:
                self.folder.parent.mkdir(parents=True, exist_ok=True)
                self.folder.mkdir(mode=0o700)
                return True
            except FileExistsError:  # another run made it meanwhile
                return self._check_folder()
            except OSError:
                return False  # a read-only place only costs speed
        except OSError:
            return False
        trouble = folder_trouble(st) if stat.S_ISDIR(st.st_mode) else "foreign"
        if trouble is None:
            return True
        if trouble == "shared":
            try:
                for item in self.folder.iterdir():  # anything in it may have been planted
                    item.unlink()
                self.folder.chmod(0o700)
                self.notices.append(("cache.made-private", {"folder": str(self.folder)}))
                return True
            except OSError:
                pass
        self.notices.append(("cache.not-used", {"folder": str(self.folder)}))
        return False

    def entry_name(self, key: str, signature: list[int]) -> str:
        """The name of a file's entry: a digest of what it depends on, never a name read from the index."""
        return _digest(key, json.dumps(signature), self.fingerprint)[:32]

    def lookup(self, path: Path, shown: str) -> tuple[dict[str, Any], FileResult | None]:
        """The index entry for a file, parsing it (and returning the result) when the cache is stale."""
        key = str(path.resolve())
        signature = _signature(path)
        entry = self.entries.get(key)
        if (isinstance(entry, dict) and entry.get("signature") == signature and entry.get("shown") == shown
                and entry.get("blob") == self.entry_name(key, signature) and _index_entry_ok(entry)):
            return entry, None
        result = load_file(path, shown)
        entry = {
            "signature": signature,
            "shown": shown,
            "declared": list(result.declared) if result.declared else None,
            "valid": result.document is not None,
            "problems": [encode_problem(p) for p in result.problems],
            "blob": self.entry_name(key, signature),
        }
        self._write_entry(entry["blob"], result)
        self.entries[key] = entry
        self.dirty = True
        return entry, result

    def materialize(self, path: Path, entry: dict[str, Any]) -> FileResult:
        """The parsed file an index entry points to, parsed again if the entry is missing or fails its checks."""
        name = entry["blob"]
        raw = read_private(self.folder / f"{name}.json") if ENTRY_NAME.fullmatch(name) else None
        if raw is not None:
            try:
                return decode_result(json.loads(_checked(raw)))
            except (CodecError, ValueError):
                self.notices.append(("cache.entry-damaged", {"file": entry["shown"]}))
        result = load_file(path, entry["shown"])
        self._write_entry(name, result)
        return result

    def _write_entry(self, name: str, result: FileResult) -> None:
        payload = json.dumps(encode_result(result), ensure_ascii=False, separators=(",", ":")).encode("utf-8")
        head = b"%s %d %s\n" % (MAGIC, CODEC_VERSION, _digest_bytes(payload).encode())
        self._write_atomic(f"{name}.json", head + payload)

    def _write_atomic(self, name: str, data: bytes) -> None:
        """Write through a private temporary file renamed into place; a failure only costs speed."""
        if not self.usable:
            return
        import tempfile

        try:
            handle, tmp = tempfile.mkstemp(prefix=".", suffix=".tmp", dir=self.folder)  # mode 0600
        except OSError:
            return
        try:
            with os.fdopen(handle, "wb") as stream:
                stream.write(data)
            os.replace(tmp, self.folder / name)
        except OSError:
            Path(tmp).unlink(missing_ok=True)

    def save(self, live: Collection[str]) -> None:
        """Write the index (dropping files no longer seen) and delete entries nothing points to."""
        kept = {key: entry for key, entry in self.entries.items() if key in live}
        if not self.usable or (not self.dirty and len(kept) == len(self.entries)):
            return
        index = json.dumps({"fingerprint": self.fingerprint, "files": kept}, ensure_ascii=False)
        self._write_atomic("index.json", index.encode("utf-8"))
        names = {f"{entry['blob']}.json" for entry in kept.values()} | {"index.json"}
        try:
            found = list(self.folder.iterdir())
        except OSError:
            return
        for old in found:
            # Temporary files of a run killed mid-write are dropped once they are old enough to be dead.
            stale = old.name.endswith(".tmp") and _age(old) > 60
            if stale or (old.name not in names and not old.name.endswith(".tmp")):
                try:
                    old.unlink()
                except OSError:
                    pass


def _age(path: Path) -> float:
    import time

    try:
        return time.time() - path.stat().st_mtime
    except OSError:
        return 0.0


def _digest_bytes(data: bytes) -> str:
    import hashlib

    return hashlib.sha256(data).hexdigest()


def _checked(raw: bytes) -> bytes:
    """An entry's JSON payload, after its header's format and checksum are checked."""
    head, _, payload = raw.partition(b"\n")
    parts = head.split(b" ")
    if len(parts) != 3 or parts[0] != MAGIC or parts[1] != str(CODEC_VERSION).encode():
        raise CodecError("not an entry of this version")
    if _digest_bytes(payload).encode() != parts[2]:
        raise CodecError("checksum mismatch")
    return payload


def _index_entry_ok(entry: dict[str, Any]) -> bool:
    """An index entry has the shape this version writes (the index is read as plain data too)."""
    declared = entry.get("declared")
    return (isinstance(entry.get("valid"), bool) and isinstance(entry.get("problems"), list)
            and (declared is None or (isinstance(declared, list) and len(declared) == 2
                                      and all(isinstance(d, str) for d in declared))))


def _problems(entry: dict[str, Any]) -> list[Problem]:
    try:
        return [decode_problem(p) for p in entry["problems"]]
    except (CodecError, ValueError, TypeError):
        return []


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
            result = FileResult(entry["shown"], None, _problems(entry))
            result.declared = (declared[0], declared[1]) if declared else None
            files.append(result)
    cache.save(live)
    loaded = check_files(files, bundled=bundled)
    loaded.notices.extend(cache.notices)
    return loaded
