"""The results store on PostgreSQL: a connection that speaks the store's SQL, written for SQLite.

The Store's methods, queries and migrations are written once, in SQLite's dialect, against the
part of `sqlite3.Connection` they use (execute, executemany, rows readable by position and by
name, BEGIN IMMEDIATE / COMMIT / ROLLBACK, PRAGMA user_version). `PgConnection` offers the same
part on PostgreSQL through psycopg 3, so a store method or a migration added on another branch
runs on both engines without a second copy. What PostgreSQL spells differently is rewritten by
one hook per construct (`DIALECT` below: keep it short, and prefer portable SQL in new code).

Transactions keep SQLite's guarantees (`BEGIN IMMEDIATE`: one writer at a time) without making
a room of terminals queue behind each other:
  - a write transaction that reads (a merge deciding what to add, a migration reading the
    schema version) takes the store's write lock exclusively before its first read, so it reads
    what is committed and nothing changes under it until it commits — as in SQLite;
  - a transaction that only writes (a trainee's answer: insert, upsert, update by key) takes
    the same lock shared: any number of them run at once, none while an exclusive one runs;
  - the lock is a transaction-level advisory lock on a READ COMMITTED transaction. SERIALIZABLE
    was tried and rejected: with 50 trainees answering at once its page-level read locks kept
    aborting answers for conflicts that were not there, and 12 of the 50 trainees still failed
    after 20 replays each;
  - when PostgreSQL aborts a transaction (a deadlock) or the connection drops, the transaction
    is replayed from its log (each statement, its parameters and the rows it read) on a new
    transaction; if a read returns something else the second time, the decisions taken on the
    first reading may no longer hold and the write fails plainly (error.store-changed). A
    trainee's answer reads nothing, so it is always replayed;
  - a COMMIT whose acknowledgement was lost with the connection is looked up by its
    transaction id (txid_status) after reconnecting: applied once, never twice;
  - the schema version (SQLite's PRAGMA user_version) lives in the table `schema_version`;
    reading it inside a write transaction, as Store._migrate does before migrating, takes the
    lock exclusively, so two machines starting at once migrate once.
Reads outside a transaction are streamed in chunks (a million answers never sit in memory);
a stream still open when the next statement comes is read to its end first, as one
connection carries one query at a time.

psycopg is imported only here, only when a `postgresql://` store is opened.
"""

from __future__ import annotations

import random
import re
import sqlite3
import time
import weakref
from collections.abc import Callable, Iterator, Sequence
from functools import lru_cache
from typing import TYPE_CHECKING, Any, NamedTuple, NoReturn, TypeVar

from ..errors import StoreError, StoreUnreachable

if TYPE_CHECKING:
    import psycopg

T = TypeVar("T")

URL_PREFIXES = ("postgresql://", "postgres://")
STREAM_CHUNK = 10_000  # rows per network round trip when streaming a read (2,000: 25% slower)
RECONNECT_SECONDS = 20.0  # how long a lost server is waited for before the trainee is told
REPLAYS = 20  # aborted replays in a row before giving up (each waits a little longer)
VERSION_TABLE = "schema_version"
# Libpq settings used unless the URL sets them: notice a dead server in seconds, not hours.
CONNECT_DEFAULTS = {
    "connect_timeout": "10", "keepalives": "1", "keepalives_idle": "5", "keepalives_interval": "2",
    "keepalives_count": "3", "tcp_user_timeout": "10000", "application_name": "etiquette-quiz",
}
# A transaction left open by a machine that vanished holds its row locks until the server ends it.
SESSION_SETTINGS = "SET idle_in_transaction_session_timeout = '30s'"
_WRITE_LOCK = "hashtext(current_schema() || '/etiquette-quiz/write')"  # one per store (schema)
_READS = ("SELECT", "WITH", "VALUES")


def is_server_url(target: object) -> bool:
    """Whether a --db value or config `store` names a PostgreSQL server rather than a SQLite file."""
    return isinstance(target, str) and target.startswith(URL_PREFIXES)


def display_url(url: str) -> str:
    """The URL as messages show it: without its password."""
    return re.sub(r"^(postgres(?:ql)?://[^:/@]*):[^@/]*@", r"\1@", url)


# -- the dialect ------------------------------------------------------------------------------
# One rewrite per construct the store's SQL uses that PostgreSQL spells differently. Each applies
# outside string literals, quoted names and comments; the why is the comment beside it.
DIALECT: tuple[tuple[re.Pattern[str], str], ...] = (
    # SQLite's planner hint; PostgreSQL's planner takes no hints.
    (re.compile(r"\bNOT\s+INDEXED\b", re.I), ""),
    # `x IS ?` compares NULL-safely in SQLite; PostgreSQL allows only IS NULL after IS.
    (re.compile(r"\bIS\s+NOT\s+\?", re.I), "IS DISTINCT FROM ?"),
    (re.compile(r"\bIS\s+\?", re.I), "IS NOT DISTINCT FROM ?"),
    # SQLite's REAL and INTEGER are 8 bytes; PostgreSQL's are 4 (a float4 loses exact scores).
    (re.compile(r"\bREAL\b", re.I), "DOUBLE PRECISION"),
    (re.compile(r"\bINTEGER\b", re.I), "BIGINT"),
    (re.compile(r"\bIFNULL\s*\(", re.I), "COALESCE("),
    # SQLite's LIKE ignores ASCII case: a pattern typed by someone (a parameter: an id prefix in
    # capitals) matches the same on both; a literal pattern is the store's own and stays LIKE (faster).
    (re.compile(r"(?<!I)\bLIKE(\s+\?)", re.I), r"ILIKE\1"),
)
_INSERT_OR_IGNORE = re.compile(r"\bINSERT\s+OR\s+IGNORE\s+INTO\b", re.I)
_TOKENS = re.compile(r"'(?:[^']|'')*'|\"(?:[^\"]|\"\")*\"|--[^\n]*|/\*.*?\*/|[^'\"\-/]+|.", re.S)


@lru_cache(maxsize=1024)
def translate(sql: str) -> str:
    """The store's SQL (SQLite dialect, `?` placeholders) as psycopg runs it on PostgreSQL."""
    ignore = _INSERT_OR_IGNORE.search(sql) is not None
    if ignore:
        sql = _INSERT_OR_IGNORE.sub("INSERT INTO", sql).rstrip().rstrip(";") + " ON CONFLICT DO NOTHING"
    parts = []
    code: list[str] = []

    def flush() -> None:
        text = "".join(code)
        for pattern, replacement in DIALECT:
            text = pattern.sub(replacement, text)
        parts.append(text.replace("%", "%%").replace("?", "%s"))
        code.clear()

    for token in _TOKENS.findall(sql):
        if token[0] in "'\"" or token.startswith(("--", "/*")):
            flush()
            parts.append(token.replace("%", "%%"))  # psycopg reads % everywhere, literals included
        else:
            code.append(token)
    flush()
    return "".join(parts)


# -- rows and cursors -------------------------------------------------------------------------


class NamedRow(tuple[Any, ...]):
    """A row readable by position and by column name, as sqlite3.Row is."""

    __slots__ = ()
    _index: dict[str, int] = {}

    def __getitem__(self, key: Any) -> Any:
        if isinstance(key, str):
            return tuple.__getitem__(self, self._index[key.lower()])
        return tuple.__getitem__(self, key)

    def keys(self) -> list[str]:
        """The column names, in order."""
        return list(self._index)


def _row_factory(cursor: Any) -> Callable[[Sequence[Any]], NamedRow]:
    names = [column.name for column in cursor.description or ()]
    row_class = type("Row", (NamedRow,), {"__slots__": (), "_index": {n.lower(): i for i, n in enumerate(names)}})
    return row_class


class BufferedCursor:
    """The rows of one statement, already read."""

    def __init__(self, rows: list[Any] | None, rowcount: int = -1) -> None:
        self._rows = rows or []
        self._next = 0
        self.rowcount = rowcount

    def fetchone(self) -> Any:
        """The next row, or None."""
        if self._next >= len(self._rows):
            return None
        self._next += 1
        return self._rows[self._next - 1]

    def fetchall(self) -> list[Any]:
        """The rows not yet read."""
        rows, self._next = self._rows[self._next:], len(self._rows)
        return rows

    def __iter__(self) -> Iterator[Any]:
        while (row := self.fetchone()) is not None:
            yield row


class StreamCursor(BufferedCursor):
    """A read streamed in chunks; read to its end into memory if another statement must run first."""

    def __init__(self, owner: PgConnection, rows: Iterator[Any], first: list[Any]) -> None:
        super().__init__(first)
        self._owner = owner
        self._stream: Iterator[Any] | None = rows

    def materialise(self) -> None:
        """Read the rest of the stream now, freeing the connection."""
        if self._stream is not None:
            stream, self._stream = self._stream, None
            self._rows = self._rows[self._next:] + self._owner.guard(lambda: list(stream))
            self._next = 0
            self._owner.stream_ended(self)

    def fetchone(self) -> Any:
        """The next row, or None."""
        self.materialise()
        return super().fetchone()

    def fetchall(self) -> list[Any]:
        """The rows not yet read."""
        self.materialise()
        return super().fetchall()

    def __iter__(self) -> Iterator[Any]:
        while self._stream is not None and self._next < len(self._rows):  # read when the query ran
            self._next += 1
            yield self._rows[self._next - 1]
        stream = self._stream
        if stream is not None:
            try:
                for row in stream:
                    yield row
                    if self._stream is None:  # read into memory meanwhile: the rest is in the buffer
                        break
                else:
                    self._stream = None
                    self._owner.stream_ended(self)
            except Exception as exc:  # noqa: BLE001 - psycopg's errors, as the store's callers know them
                raise self._owner.translate(exc) from exc
        yield from super().__iter__()


# -- errors -----------------------------------------------------------------------------------


def _sqlite_error(exc: Exception) -> Exception:
    """A psycopg error as the sqlite3 error the store's callers already handle."""
    import psycopg

    if isinstance(exc, psycopg.IntegrityError):
        return sqlite3.IntegrityError(str(exc))
    if isinstance(exc, psycopg.errors.InsufficientPrivilege):
        return sqlite3.OperationalError(f"permission denied: {exc}")
    if isinstance(exc, (psycopg.ProgrammingError, psycopg.errors.UndefinedTable)):
        return sqlite3.OperationalError(str(exc))
    if isinstance(exc, psycopg.DataError):
        return sqlite3.DataError(str(exc))
    return sqlite3.DatabaseError(str(exc))


def _lost(exc: BaseException, conn: psycopg.Connection[Any] | None) -> bool:
    """Whether an error means the connection is gone (server down, restarted or unreachable)."""
    import psycopg

    if isinstance(exc, (psycopg.errors.AdminShutdown, psycopg.errors.CannotConnectNow,
                        psycopg.errors.CrashShutdown, psycopg.errors.IdleInTransactionSessionTimeout)):
        return True
    return isinstance(exc, psycopg.OperationalError) and (conn is None or conn.broken or conn.closed)


def _retryable(exc: BaseException) -> bool:
    import psycopg

    return isinstance(exc, (psycopg.errors.SerializationFailure, psycopg.errors.DeadlockDetected,
                            psycopg.errors.LockNotAvailable))


# -- the connection ---------------------------------------------------------------------------


class _Entry(NamedTuple):
    """One statement of a write transaction, kept so the transaction can be replayed."""

    sql: str
    params: Any
    many: bool
    rows: list[Any] | None  # what it read, compared on replay


class PgConnection:
    """The part of sqlite3.Connection the store uses, on a PostgreSQL server."""

    reconnect_seconds = RECONNECT_SECONDS

    def __init__(self, url: str) -> None:
        self.url = url
        self._conn: psycopg.Connection[Any] | None = None
        self._log: list[_Entry] | None = None  # the open write transaction's statements
        self._xid: int | None = None
        self._stream: weakref.ref[StreamCursor] | None = None
        self._lock: str | None = None  # how the open transaction holds the write lock
        self._conn = self._connect()

    # -- connecting ---------------------------------------------------------------------------
    def _connect(self) -> psycopg.Connection[Any]:
        import psycopg
        from psycopg.adapt import Loader
        from psycopg.conninfo import conninfo_to_dict, make_conninfo

        class NumberLoader(Loader):
            # SUM and AVG of integers are NUMERIC in PostgreSQL; SQLite gives int or float.
            def load(self, data: Any) -> int | float:
                text = bytes(data)
                return float(text) if any(c in text for c in b".eEN") else int(text)

        given = conninfo_to_dict(self.url)
        conninfo = make_conninfo(self.url, **{k: v for k, v in CONNECT_DEFAULTS.items() if k not in given})
        conn = psycopg.connect(conninfo, autocommit=True, row_factory=_row_factory)
        conn.adapters.register_loader("numeric", NumberLoader)
        conn.execute(SESSION_SETTINGS)
        return conn

    def _reconnect(self) -> psycopg.Connection[Any]:
        """A new connection, tried until `reconnect_seconds` have passed; then the trainee is told."""
        import psycopg

        self._drop()
        deadline, pause = time.monotonic() + self.reconnect_seconds, 0.2
        while True:
            try:
                self._conn = self._connect()
                return self._conn
            except psycopg.OperationalError:
                if time.monotonic() + pause > deadline:
                    raise StoreUnreachable("error.server-unreachable", url=display_url(self.url)) from None
                time.sleep(pause)
                pause = min(pause * 2, 2.0)

    def _drop(self) -> None:
        if self._conn is not None:
            try:
                self._conn.close()
            except Exception:  # noqa: BLE001 - a broken connection may fail to close; it is gone either way
                pass
            self._conn = None
        self._stream = None

    def _live(self) -> psycopg.Connection[Any]:
        if self._conn is None or self._conn.closed or self._conn.broken:
            return self._reconnect()
        return self._conn

    def close(self) -> None:
        """Close the connection (an open transaction is rolled back by the server)."""
        self._drop()

    # -- the sqlite3.Connection interface -----------------------------------------------------
    @property
    def in_transaction(self) -> bool:
        """Whether a write transaction is open."""
        return self._log is not None

    def execute(self, sql: str, parameters: Sequence[Any] = (), /) -> BufferedCursor:
        """Run one statement of the store's SQL (see the module docstring for what is rewritten)."""
        self._finish_stream()
        command = " ".join(sql.split()).upper().rstrip(";")
        if command.startswith("BEGIN"):
            return self._begin()
        if command in ("COMMIT", "END", "COMMIT TRANSACTION", "END TRANSACTION"):
            return self._commit()
        if command.startswith("ROLLBACK"):
            return self._rollback()
        if command.startswith("PRAGMA"):
            return self._pragma(command)
        return self._statement(translate(sql), tuple(parameters))

    def executemany(self, sql: str, seq_of_parameters: Sequence[Sequence[Any]], /) -> BufferedCursor:
        """Run one statement once per parameter set."""
        self._finish_stream()
        rows = [tuple(p) for p in seq_of_parameters]
        if not rows:
            return BufferedCursor(None, 0)
        return self._statement(translate(sql), rows, many=True)

    # -- statements ---------------------------------------------------------------------------
    def _statement(self, sql: str, params: Any, many: bool = False) -> BufferedCursor:
        if self._log is not None:
            return self._in_transaction(_Entry(sql, params, many, None))
        if not many and sql.lstrip()[:6].upper() in _READS:
            return self._stream_read(sql, params)
        # A write outside BEGIN is its own transaction, as in SQLite: nothing read, safe to run again.
        return self.guard(lambda: self._run(self._live(), sql, params, many), retry=True)

    @staticmethod
    def _run(conn: psycopg.Connection[Any], sql: str, params: Any, many: bool) -> BufferedCursor:
        cursor = conn.cursor()
        if many:
            cursor.executemany(sql, params)
            return BufferedCursor(None, cursor.rowcount)
        cursor.execute(sql, params)
        return BufferedCursor(cursor.fetchall() if cursor.description else None, cursor.rowcount)

    def _stream_read(self, sql: str, params: Any) -> BufferedCursor:
        def start() -> BufferedCursor:
            rows = self._live().cursor().stream(sql, params, size=STREAM_CHUNK)
            try:
                first = [next(rows)]  # runs the query now, as sqlite3's execute does
            except StopIteration:
                return BufferedCursor(None)
            cursor = StreamCursor(self, rows, first)
            self._stream = weakref.ref(cursor)
            return cursor

        return self.guard(start, retry=True)

    def guard(self, work: Callable[[], T], retry: bool = False) -> T:
        """Run `work`; psycopg errors become the sqlite3 errors the store handles (or StoreUnreachable).

        With `retry`, work outside any transaction is run again after a lost connection (on a new
        one) or a deadlock.
        """
        import psycopg

        for _ in range(REPLAYS):
            try:
                return work()
            except psycopg.Error as exc:
                if retry and _lost(exc, self._conn):
                    self._drop()
                    self._reconnect()
                    continue
                if retry and _retryable(exc):
                    continue
                raise self.translate(exc) from exc
        raise StoreError("error.store-busy", path=display_url(self.url))

    def translate(self, exc: Exception) -> Exception:
        """A psycopg error as the store's callers know it: a lost server, or the sqlite3 error SQLite raises."""
        if _lost(exc, self._conn):
            self._drop()
            return StoreUnreachable("error.server-unreachable", url=display_url(self.url))
        return _sqlite_error(exc)

    def _finish_stream(self) -> None:
        cursor = self._stream() if self._stream is not None else None
        self._stream = None
        if cursor is not None:
            cursor.materialise()

    def stream_ended(self, cursor: StreamCursor) -> None:
        """A streamed read reached its end (or was read into memory)."""
        if self._stream is not None and self._stream() is cursor:
            self._stream = None

    # -- transactions -------------------------------------------------------------------------
    def _begin(self) -> BufferedCursor:
        # Sent with the first statement, when it is known whether the transaction reads: BEGIN,
        # its id and the write lock then cost one round trip, not three.
        if self._log is not None:
            raise sqlite3.OperationalError("cannot start a transaction within a transaction")
        self._log, self._xid, self._lock = [], None, None
        return BufferedCursor(None)

    def _open_transaction(self) -> None:
        """BEGIN on the server, with the transaction's id and the write lock as it holds it."""
        lock = "pg_advisory_xact_lock" if self._lock == "exclusive" else "pg_advisory_xact_lock_shared"
        cursor = self._live().cursor()
        cursor.execute(f"BEGIN ISOLATION LEVEL READ COMMITTED; SELECT txid_current(); SELECT {lock}({_WRITE_LOCK})")
        cursor.nextset()
        row = cursor.fetchone()
        self._xid = int(row[0]) if row else None

    def _in_transaction(self, entry: _Entry) -> BufferedCursor:
        """Run one statement of the open transaction (beginning it first), replaying when needed."""
        reads = not entry.many and entry.sql.lstrip()[:6].upper() in _READS
        if self._lock is None:
            self._lock = "exclusive" if reads else "shared"
            self.guard(self._open_transaction, retry=True)
        elif reads and self._lock == "shared":
            self._lock = "exclusive"
            self._run_logged(_Entry(f"SELECT pg_advisory_xact_lock({_WRITE_LOCK})", (), False, None))
        return self._run_logged(entry)

    def _run_logged(self, entry: _Entry) -> BufferedCursor:
        import psycopg

        assert self._log is not None
        for _ in range(REPLAYS):
            try:
                result = self._run(self._live(), entry.sql, entry.params, entry.many)
            except psycopg.Error as exc:
                self._recover(exc)
                continue
            self._log.append(entry._replace(rows=None if entry.many else list(result._rows)))
            return result
        self._give_up(StoreError("error.store-busy", path=display_url(self.url)))

    def _commit(self) -> BufferedCursor:
        import psycopg

        if self._log is None or self._lock is None:  # nothing was sent: nothing to commit
            self._log = self._xid = self._lock = None
            return BufferedCursor(None)
        for _ in range(REPLAYS):
            try:
                self._send_commit()
            except psycopg.Error as exc:
                if _lost(exc, self._conn) and self._committed_before_loss():
                    break
                self._recover(exc)
                continue
            break
        else:
            self._give_up(StoreError("error.store-busy", path=display_url(self.url)))
        self._log = self._xid = self._lock = None
        return BufferedCursor(None)

    def _send_commit(self) -> None:
        self._live().execute("COMMIT")

    def _committed_before_loss(self) -> bool:
        """After losing the connection during COMMIT: did the server apply the transaction?"""
        xid = self._xid
        if xid is None:
            return False
        try:
            while True:
                row = self._reconnect().execute("SELECT txid_status(%s)", (xid,)).fetchone()
                if row is None or row[0] != "in progress":
                    return row is not None and row[0] == "committed"
                time.sleep(0.2)  # the old session is still ending; ask again
        except StoreUnreachable as exc:
            self._give_up(exc)

    def _recover(self, exc: psycopg.Error) -> None:
        """After a failed statement: replay the transaction if PostgreSQL asks for it, else fail as SQLite would."""
        if not (_lost(exc, self._conn) or _retryable(exc)):
            self._rollback()
            raise _sqlite_error(exc) from exc
        try:
            self._replay(exc)
        except (StoreError, sqlite3.Error) as failure:
            self._give_up(failure)

    def _give_up(self, failure: Exception) -> NoReturn:
        """End the transaction (rolled back, or lost with the connection) and raise `failure`."""
        self._rollback()
        raise failure

    def _rollback(self) -> BufferedCursor:
        import psycopg

        self._log = self._xid = self._lock = None
        conn = self._conn
        if conn is not None and not conn.broken and conn.info.transaction_status != psycopg.pq.TransactionStatus.IDLE:
            try:
                conn.execute("ROLLBACK")
            except psycopg.Error:
                self._drop()
        return BufferedCursor(None)

    def _replay(self, cause: BaseException) -> None:
        """Start the transaction again and run its statements so far, checking each read reads the same."""
        import psycopg

        log = self._log or []
        for attempt in range(REPLAYS):
            if _lost(cause, self._conn):
                self._reconnect()
            else:
                self._rollback_only()
                time.sleep(random.uniform(0, 0.005 * 2 ** min(attempt, 8)))  # let the other writer finish
            try:
                self._open_transaction()
                for entry in log:
                    result = self._run(self._live(), entry.sql, entry.params, entry.many)
                    if entry.rows is not None and list(result._rows) != entry.rows:
                        raise StoreError("error.store-changed", path=display_url(self.url))
                return
            except psycopg.Error as exc:
                if not (_lost(exc, self._conn) or _retryable(exc)):
                    raise _sqlite_error(exc) from exc
                cause = exc
        raise StoreError("error.store-busy", path=display_url(self.url))

    def _rollback_only(self) -> None:
        """Roll back the server's transaction, keeping the log to replay."""
        import psycopg

        conn = self._conn
        if conn is not None and not conn.broken:
            try:
                conn.execute("ROLLBACK")
            except psycopg.Error:
                self._drop()

    # -- PRAGMA user_version ----------------------------------------------------------------
    def _pragma(self, command: str) -> BufferedCursor:
        match = re.fullmatch(r"PRAGMA USER_VERSION(?:\s*=\s*(\d+))?", command)
        if match is None:
            raise sqlite3.NotSupportedError(f"{command} has no PostgreSQL counterpart")
        if match.group(1) is not None:
            if self._log is None:
                raise sqlite3.OperationalError("the schema version is set only inside a write transaction")
            self._internal(f"CREATE TABLE IF NOT EXISTS {VERSION_TABLE} (version BIGINT NOT NULL)")
            self._internal(f"DELETE FROM {VERSION_TABLE}")
            self._internal(f"INSERT INTO {VERSION_TABLE} (version) VALUES (%s)", int(match.group(1)))
            return BufferedCursor(None)
        # The catalog read by a plain query: to_regclass() may not see a table committed while this
        # transaction waited for the lock.
        exists = self._internal("SELECT EXISTS (SELECT 1 FROM pg_catalog.pg_tables WHERE schemaname = "
                                "current_schema() AND tablename = %s)", VERSION_TABLE).fetchone()[0]
        row = self._internal(f"SELECT version FROM {VERSION_TABLE}").fetchone() if exists else None
        return BufferedCursor([(row[0] if row else 0,)])

    def _internal(self, sql: str, *params: Any) -> BufferedCursor:
        """A statement of this module's own (already in PostgreSQL's dialect)."""
        if self._log is not None:
            return self._in_transaction(_Entry(sql, params, False, None))
        return self.guard(lambda: self._run(self._live(), sql, params, False), retry=True)
