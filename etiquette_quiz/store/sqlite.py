"""Opening an SQLite store, waiting for it, and saying plainly what went wrong with it.

This is the one place that knows SQLite's locking and failure modes:
  - every write transaction goes through `begin` (BEGIN IMMEDIATE): while another program
    holds the write lock it waits, says once that it is waiting (`on_wait`), and gives up
    with a clear message after WAIT_LIMIT seconds instead of crashing after SQLite's own
    busy timeout;
  - read-only opening (`mode=ro`) never creates a file or folder, and falls back to
    `immutable=1` on read-only media, where SQLite cannot create the WAL's shared-memory file;
  - `quick_check` finds a damaged store before a trainer command reads half of it, and
    `refuse_empty` a store cut off to 0 bytes, which SQLite would take for a new one;
  - `explain` turns any SQLite or OS error into one sentence (busy, full disk, read-only,
    damaged) for the command line.
"""

from __future__ import annotations

import errno
import json
import sqlite3
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any
from urllib.parse import quote

from ..errors import StoreError

# SQLite waits on a lock by itself for this long; after that the store says it is waiting.
BUSY_SLICE_MS = 1000
# How long a command waits for another writer in all: an import writes in batches of about a
# second, so only a stuck or foreign program holds the lock this long.
WAIT_LIMIT = 60.0

OnWait = Callable[[], None]


class StoreBusy(StoreError):
    """Another program held the results store's write lock for longer than a command waits."""


def error_name(exc: BaseException) -> str:
    """SQLite's primary result code name for an error ('SQLITE_BUSY', …), or ''."""
    code = getattr(exc, "sqlite_errorcode", None)
    if code is None:
        return ""
    names = {5: "SQLITE_BUSY", 6: "SQLITE_LOCKED", 8: "SQLITE_READONLY", 10: "SQLITE_IOERR", 11: "SQLITE_CORRUPT",
             13: "SQLITE_FULL", 14: "SQLITE_CANTOPEN", 19: "SQLITE_CONSTRAINT", 26: "SQLITE_NOTADB"}
    return names.get(code & 0xFF, "")


def is_busy(exc: BaseException) -> bool:
    """Whether an error means another connection holds a lock we need."""
    return error_name(exc) in ("SQLITE_BUSY", "SQLITE_LOCKED") or "locked" in str(exc)


def connect(path: Path, *, readonly: bool = False, create_folder: bool = False) -> sqlite3.Connection:
    """A connection to the store at `path` (isolation_level=None: every write says BEGIN itself).

    Not bound to its thread: `report` computes in a worker thread while the banks load, one
    thread at a time (a store in memory, with no second connection, runs there).

    `readonly` opens an existing store for reading only and creates nothing; otherwise the
    store is created if missing, and its folder too only with `create_folder` (the default
    data folder), so that a mistyped --db is an error, not a new empty store.
    """
    if readonly:
        return _connect_readonly(path)
    if create_folder:
        try:
            path.parent.mkdir(parents=True, exist_ok=True)
        except OSError as exc:
            raise explain(exc, path) from None
    elif not path.parent.is_dir():
        raise StoreError("error.store-no-folder", path=str(path), folder=str(path.parent))
    try:
        db = sqlite3.connect(str(path), isolation_level=None, timeout=BUSY_SLICE_MS / 1000, check_same_thread=False)
    except sqlite3.Error as exc:
        raise explain(exc, path) from None
    db.execute(f"PRAGMA busy_timeout = {BUSY_SLICE_MS}")
    return db


def _connect_readonly(path: Path) -> sqlite3.Connection:
    if not path.is_file():
        raise StoreError("error.store-missing", path=str(path))
    uri = "file:" + quote(str(path.resolve()))
    try:
        db = sqlite3.connect(uri + "?mode=ro", uri=True, isolation_level=None, timeout=WAIT_LIMIT,
                             check_same_thread=False)
        db.execute("PRAGMA schema_version").fetchone()  # opening is lazy: touch the file now
        return db
    except sqlite3.Error as exc:
        # On read-only media SQLite cannot create the WAL's -shm file. Without a -wal file
        # everything is in the main file, and reading it as immutable is exact.
        if Path(f"{path}-wal").exists() or error_name(exc) not in ("SQLITE_CANTOPEN", "SQLITE_READONLY"):
            raise explain(exc, path) from None
    try:
        db = sqlite3.connect(uri + "?immutable=1", uri=True, isolation_level=None, check_same_thread=False)
        db.execute("PRAGMA schema_version").fetchone()
        return db
    except sqlite3.Error as exc:
        raise explain(exc, path) from None


def refuse_empty(path: Path) -> None:
    """Refuse a store file of 0 bytes before a trainer command opens it.

    SQLite takes such a file for a new store: a store cut off to nothing (a failed copy, a full
    disk) would report "0 attempts" and then be written over as a new one.
    """
    try:
        empty = path.stat().st_size == 0
        wal = Path(f"{path}-wal")
        empty = empty and not (wal.exists() and wal.stat().st_size > 0)
    except OSError:
        return  # no file yet (or an unreadable one): opening it says so
    if empty:
        raise StoreError("error.store-empty", path=str(path))


def quick_check(db: sqlite3.Connection, path: Path, memo: Path | None = None) -> None:
    """Refuse a damaged store before a trainer command reads it (PRAGMA quick_check, O(size)).

    The check reads the whole file (a third of a second for a million answers), so with `memo`
    (a file of the cache folder) a store is checked again only when it has changed since its last
    clean check: its file or its write-ahead log has another size, time or inode. Damage that
    leaves those alone (the disk's own bit rot) is then found when a page is read, as one
    sentence too (explain). The memo is the user's own file, ignored if anyone else may write it.
    """
    identity = _identity(path) if memo is not None else None
    remembered = _read_memo(memo) if memo is not None and identity is not None else {}
    key = str(path.resolve())
    if identity is not None and remembered.get(key) == identity:
        return
    try:
        rows = db.execute("PRAGMA quick_check(5)").fetchall()
    except sqlite3.DatabaseError as exc:
        raise explain(exc, path) from None
    # Its findings come as lines under a "*** in database main ***" heading: one line of the first few.
    found = [line.strip() for row in rows for line in str(row[0]).splitlines() if line.strip()[:3] != "***"]
    if found != ["ok"]:
        raise StoreError("error.store-damaged", path=str(path), reason="; ".join(found[:3])[:200])
    if memo is not None and identity is not None:
        _remember_check(memo, remembered, key, identity)


MEMO_STORES = 20  # stores a memo remembers (a trainer's own, a centre's copies): the newest kept


def _identity(path: Path) -> list[list[int] | None] | None:
    """What changes when a store is written to: its file's and its (non-empty) log's device, inode, size and
    time."""
    found: list[list[int] | None] = []
    for part in (path, Path(f"{path}-wal")):
        try:
            st = part.stat()
        except FileNotFoundError:
            found.append(None)
            continue
        except OSError:
            return None
        # An empty log holds nothing: the same as none (readers and writers make and remove it).
        found.append([st.st_dev, st.st_ino, st.st_size, st.st_mtime_ns] if st.st_size or part == path else None)
    return found if found[0] is not None else None


def _read_memo(memo: Path) -> dict[str, Any]:
    from ..paths import read_private

    raw = read_private(memo)
    try:
        data = json.loads(raw) if raw else {}
    except ValueError:
        return {}
    return data if isinstance(data, dict) else {}


def _remember_check(memo: Path, remembered: dict[str, Any], key: str, identity: list[list[int] | None]) -> None:
    """Note a clean check beside those `remembered` (best effort: a memo that cannot be written only means
    checking again)."""
    import os
    import tempfile

    data = {other: value for other, value in remembered.items() if other != key} | {key: identity}
    kept = dict(list(data.items())[-MEMO_STORES:])
    try:
        memo.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
        fd, temporary = tempfile.mkstemp(dir=memo.parent, prefix=".store-checks.", suffix=".tmp")
        try:
            with os.fdopen(fd, "w", encoding="utf-8") as handle:
                json.dump(kept, handle)
            os.replace(temporary, memo)
        except OSError:
            os.unlink(temporary)
            raise
    except OSError:
        pass


def retrying(operation: Callable[[], object], on_wait: OnWait | None, limit: float | None = None) -> None:
    """Run `operation` (one statement), waiting while another program holds the lock it needs (WAIT_LIMIT s)."""
    limit = WAIT_LIMIT if limit is None else limit
    deadline = None
    while True:
        try:
            operation()
            return
        except sqlite3.OperationalError as exc:
            if not is_busy(exc):
                raise
            now = time.monotonic()
            if deadline is None:
                deadline = now + limit
                if on_wait is not None:
                    on_wait()
            if now >= deadline:
                raise StoreBusy("error.store-waited", seconds=round(limit)) from None
            time.sleep(0.05)


def begin(db: sqlite3.Connection, on_wait: OnWait | None, wait: bool = True) -> None:
    """BEGIN IMMEDIATE: take the write lock, waiting for it (or, without `wait`, failing at once with StoreBusy)."""
    if wait:
        retrying(lambda: db.execute("BEGIN IMMEDIATE"), on_wait)
        return
    db.execute("PRAGMA busy_timeout = 0")
    try:
        db.execute("BEGIN IMMEDIATE")
    except sqlite3.OperationalError as exc:
        if is_busy(exc):
            raise StoreBusy("error.store-waited", seconds=0) from None
        raise
    finally:
        db.execute(f"PRAGMA busy_timeout = {BUSY_SLICE_MS}")


def commit(db: sqlite3.Connection, on_wait: OnWait | None) -> None:
    """COMMIT, retried while busy (a busy COMMIT leaves the transaction open, to be committed again)."""
    retrying(lambda: db.execute("COMMIT"), on_wait)


def _nearly_full(folder: Path) -> bool:
    """Whether the file system of `folder` has (next to) no room left."""
    import shutil

    try:
        return shutil.disk_usage(folder).free < 64 * 1024
    except OSError:
        return False


def _read_only(folder: Path) -> bool:
    """Whether `folder` is on read-only media, or not writable by this user."""
    import os

    try:
        if hasattr(os, "statvfs") and os.statvfs(folder).f_flag & os.ST_RDONLY:
            return True
        return folder.is_dir() and not os.access(folder, os.W_OK)
    except OSError:
        return False


def explain(exc: BaseException, path: Path | str) -> StoreError:
    """One sentence for an error met while opening, reading or writing the store at `path`."""
    if isinstance(exc, StoreError):
        return exc
    where = str(path)
    name = error_name(exc)
    code = getattr(exc, "errno", None)
    text = str(exc)
    if is_busy(exc):
        return StoreBusy("error.store-waited", seconds=round(WAIT_LIMIT))
    # SQLite says "disk I/O error" or "unable to open" when the WAL or its -shm file cannot be
    # written; the folder's file system says why.
    folder = Path(where).parent
    if name == "SQLITE_FULL" or code == errno.ENOSPC or "disk is full" in text or (
            name == "SQLITE_IOERR" and _nearly_full(folder)):
        return StoreError("error.store-full", path=where)
    if name == "SQLITE_READONLY" or code in (errno.EROFS, errno.EACCES, errno.EPERM) or "readonly" in text or (
            name in ("SQLITE_CANTOPEN", "SQLITE_IOERR") and _read_only(folder)):
        return StoreError("error.store-readonly", path=where, reason=text)
    if name == "SQLITE_NOTADB" or "not a database" in text:
        return StoreError("error.store-broken", path=where, reason=text)
    if name == "SQLITE_CORRUPT" or isinstance(exc, sqlite3.DatabaseError) and "malformed" in text:
        return StoreError("error.store-damaged", path=where, reason=text)
    if name == "SQLITE_CANTOPEN":
        return StoreError("error.store-open", path=where, reason=text)
    if isinstance(exc, sqlite3.IntegrityError):
        return StoreError("error.store-constraint", path=where, reason=text)
    return StoreError("error.store-failed", path=where, reason=text)
