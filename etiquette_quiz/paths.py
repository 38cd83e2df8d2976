"""Where the tool keeps its files, and the trainee's config file.

Defaults come from platformdirs (XDG on Linux, AppData on Windows, ~/Library on macOS);
ETIQUETTE_QUIZ_HOME overrides every path at once, which tests and shared machines use.
"""

from __future__ import annotations

import os
import stat
import sys
import tempfile
import tomllib
from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import IO, Any

from .errors import InvalidInput, StoreError

APP_NAME = "etiquette-quiz"
HOME_VARIABLE = "ETIQUETTE_QUIZ_HOME"


@dataclass(frozen=True)
class Paths:
    """Where the config file, the results store and the cache live."""

    config_file: Path
    data_dir: Path
    cache_dir: Path

    @property
    def default_db(self) -> Path:
        """The results store used when --db is not given."""
        return self.data_dir / "results.sqlite3"


def default_paths(environ: Mapping[str, str] | None = None) -> Paths:
    """The platform's folders, or all in ETIQUETTE_QUIZ_HOME when it is set."""
    env = os.environ if environ is None else environ
    home = env.get(HOME_VARIABLE)
    if home:
        base = Path(home).expanduser()
        return Paths(config_file=base / "config.toml", data_dir=base, cache_dir=base / "cache")
    import platformdirs

    return Paths(
        config_file=Path(platformdirs.user_config_dir(APP_NAME, appauthor=False)) / "config.toml",
        data_dir=Path(platformdirs.user_data_dir(APP_NAME, appauthor=False)),
        cache_dir=Path(platformdirs.user_cache_dir(APP_NAME, appauthor=False)),
    )


@dataclass
class Config:
    """The trainee's settings, kept between runs."""

    trainee: str | None = None
    employee_no: str | None = None
    trainee_id: str | None = None
    lang: str | None = None
    banks: list[str] = field(default_factory=list)
    store: str | None = None  # the results store: a SQLite file, or a postgresql:// URL shared by a centre
    trainer: str | None = None  # the trainer's name, recorded with each mark they change (`results review`)
    extra: dict[str, Any] = field(default_factory=dict)  # keys written by newer versions, kept as they are

    KEYS = ("trainee", "employee_no", "trainee_id", "lang", "banks", "store", "trainer")


def load_config(path: Path) -> Config:
    """The config file's settings; a missing file is an empty config, a broken one a clear error."""
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        return Config()
    except NotADirectoryError:  # ETIQUETTE_QUIZ_HOME=/etc/hostname/x: say which part is not a folder
        blocking = next(parent for parent in path.parents if parent.exists())
        raise StoreError("error.not-a-folder", path=str(blocking), folder=str(path.parent)) from None
    except (OSError, UnicodeDecodeError) as exc:
        raise StoreError("error.config-unreadable", path=str(path), reason=str(exc)) from None
    except tomllib.TOMLDecodeError as exc:
        raise InvalidInput("error.config-syntax", path=str(path), reason=str(exc)) from None
    config = Config()
    for key in ("trainee", "employee_no", "trainee_id", "lang", "store", "trainer"):
        value = data.get(key)
        if value is not None and not isinstance(value, str):
            raise InvalidInput("error.config-value", path=str(path), key=key)
        setattr(config, key, value or None)
    banks = data.get("banks", [])
    if not isinstance(banks, list) or not all(isinstance(b, str) for b in banks):
        raise InvalidInput("error.config-value", path=str(path), key="banks")
    config.banks = banks
    config.extra = {k: v for k, v in data.items() if k not in Config.KEYS}
    return config


def _toml_value(value: Any) -> str:
    """A TOML literal for the value types the config holds (JSON escapes are valid TOML)."""
    import json

    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, (int, float)):
        return repr(value)
    if isinstance(value, str):
        return json.dumps(value, ensure_ascii=False)
    if isinstance(value, list):
        return "[" + ", ".join(_toml_value(v) for v in value) + "]"
    raise TypeError(f"cannot write {type(value).__name__} to the config file")


def save_config(path: Path, config: Config) -> None:
    """Write the config atomically: a temporary file, then a rename over the old one."""
    lines = ["# etiquette-quiz settings; written by the tool, safe to edit by hand."]
    for key in Config.KEYS:
        value = getattr(config, key)
        if value not in (None, [], ""):
            lines.append(f"{key} = {_toml_value(value)}")
    for key, value in config.extra.items():
        try:
            lines.append(f"{key} = {_toml_value(value)}")
        except TypeError:
            continue  # tables written by hand are kept only if they are simple values
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_name(path.name + ".tmp")
    tmp.write_text("\n".join(lines) + "\n", encoding="utf-8")
    tmp.replace(path)


def remember_trainee(config: Config, path: Path, trainee: Any) -> None:
    """Make `trainee` (a store.TraineeRecord) the one this machine's later runs train as."""
    config.trainee_id, config.trainee, config.employee_no = trainee.id, trainee.name, trainee.employee_no
    save_config(path, config)


@contextmanager
def atomic_output(path: str, binary: bool = False, encoding: str = "utf-8", *, new_folder: bool = True,
                  whole: bool = False) -> Iterator[IO[Any]]:
    """Write to a temporary file beside `path` and rename it into place only when complete.

    `-` is standard output (with `whole`, written only once complete). A failed export leaves no
    half-written file behind, and a killed one no hidden temporary file: on Linux the file has no
    name until it is complete (O_TMPFILE); elsewhere a temporary file left by a dead export is
    removed by the next one. A full disk is one sentence (error.disk-full), not a chain of
    tracebacks. Without `new_folder`, the folder must exist already: for a results export, a
    mistyped path is an error (error.out-folder), not a new tree of folders.
    """
    if path == "-":
        if whole:
            # Built whole, then copied: a reader that stops early (`| head`) then meets one failed
            # write, not a zip and XML writer failing halfway through.
            with tempfile.TemporaryFile() as spool:
                yield spool
                spool.seek(0)
                import shutil

                shutil.copyfileobj(spool, sys.stdout.buffer)
                sys.stdout.buffer.flush()
        elif binary:
            yield sys.stdout.buffer
            sys.stdout.buffer.flush()
        else:
            import io

            stream = io.TextIOWrapper(sys.stdout.buffer, encoding=encoding, newline="", write_through=True)
            try:
                yield stream
            finally:
                stream.detach()
        return
    target = Path(path)
    if new_folder:
        target.parent.mkdir(parents=True, exist_ok=True)
    elif not target.parent.is_dir():
        from .errors import UserError

        raise UserError("error.out-folder", path=path, folder=str(target.parent))
    _remove_dead_temporaries(target)
    try:
        handle, tmp = _temporary_beside(target)
    except OSError as exc:
        raise StoreError("error.out-unwritable", path=path, reason=exc.strerror or str(exc)) from None
    try:
        opened: IO[Any] = os.fdopen(handle, "wb") if binary else os.fdopen(handle, "w", encoding=encoding, newline="")
        with opened:
            yield opened
            try:
                opened.flush()
                os.fsync(opened.fileno())
                if tmp is None:  # an unnamed file: give it a name only now that it is complete
                    tmp = f"{target.parent}/.{target.name}.{os.getpid()}.{os.urandom(4).hex()}.tmp"
                    _name_unnamed(opened.fileno(), tmp)
            except OSError as exc:
                if _disk_full(exc):
                    raise
                raise StoreError("error.out-unwritable", path=path, reason=exc.strerror or str(exc)) from None
        os.replace(tmp, target)
    except BaseException as exc:
        if tmp is not None:
            Path(tmp).unlink(missing_ok=True)
        if _disk_full(exc):
            raise StoreError("error.disk-full", path=str(target)) from None
        raise


def _temporary_beside(target: Path) -> tuple[int, str | None]:
    """An open file in the target's folder: unnamed where the system can (None), else a named temporary."""
    import errno

    unnamed = getattr(os, "O_TMPFILE", None)
    if unnamed is not None and os.path.isdir("/proc/self/fd"):
        try:
            return os.open(target.parent, unnamed | os.O_WRONLY, 0o666), None  # the umask applies
        except OSError as exc:
            if exc.errno not in (errno.EOPNOTSUPP, errno.EISDIR, errno.EINVAL, errno.ENOENT):
                raise
    handle, tmp = tempfile.mkstemp(prefix=f".{target.name}.{os.getpid()}.", suffix=".tmp", dir=target.parent)
    umask = os.umask(0)
    os.umask(umask)
    os.chmod(tmp, 0o666 & ~umask)  # like any file the user creates, not mkstemp's private 0600
    return handle, tmp


def _name_unnamed(fd: int, name: str) -> None:
    """Link an O_TMPFILE file into its folder (linkat through /proc with AT_SYMLINK_FOLLOW).

    A directory fd for /proc/self/fd makes os.link use linkat; with neither, it calls link(2),
    which would link the /proc entry itself and fail across devices.
    """
    proc = os.open("/proc/self/fd", os.O_RDONLY)
    try:
        os.link(str(fd), name, src_dir_fd=proc, follow_symlinks=True)
    finally:
        os.close(proc)


def _remove_dead_temporaries(target: Path) -> None:
    """Temporary files of exports to the same file whose process is gone (killed mid-write)."""
    if not hasattr(os, "getuid"):  # pragma: no cover - Windows: no cheap way to ask whether a pid lives
        return
    for old in target.parent.glob(f".{glob_escape(target.name)}.*.tmp"):
        parts = old.name[len(target.name) + 2:].split(".")
        if not parts[0].isdigit():
            continue
        try:
            os.kill(int(parts[0]), 0)
        except ProcessLookupError:
            old.unlink(missing_ok=True)
        except OSError:
            continue  # alive, or someone else's


def glob_escape(name: str) -> str:
    """A file name as a literal glob pattern."""
    import glob

    return glob.escape(name)


def _disk_full(exc: BaseException) -> bool:
    """Whether a failure (or what it was raised while handling) is a full disk or quota."""
    import errno

    seen: set[int] = set()
    current: BaseException | None = exc
    while current is not None and id(current) not in seen:
        seen.add(id(current))
        if isinstance(current, OSError) and current.errno in (errno.ENOSPC, errno.EDQUOT):
            return True
        current = current.__cause__ or current.__context__
    return False


def folder_trouble(st: os.stat_result) -> str | None:
    """Why a cache folder (or file) cannot be trusted: 'foreign' (someone else's), 'shared' (others may write)."""
    getuid = getattr(os, "getuid", None)
    if getuid is None:  # pragma: no cover - Windows: no owner and mode bits to check (see README)
        return None
    if st.st_uid != getuid():
        return "foreign"
    if st.st_mode & (stat.S_IWGRP | stat.S_IWOTH):
        return "shared"
    return None


def read_private(path: Path) -> bytes | None:
    """A file's bytes, only when it is a regular file of ours that nobody else may write."""
    flags = os.O_RDONLY | getattr(os, "O_NOFOLLOW", 0) | getattr(os, "O_BINARY", 0)
    try:
        fd = os.open(path, flags)
    except OSError:
        return None
    try:
        st = os.fstat(fd)
        if not stat.S_ISREG(st.st_mode) or folder_trouble(st) is not None:
            return None
        with os.fdopen(fd, "rb") as handle:
            fd = -1
            return handle.read()
    finally:
        if fd >= 0:
            os.close(fd)
