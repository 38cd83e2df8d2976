"""A drop folder for centres without a server: terminals (or people) leave JSON exports in it,
a trainer imports them all with `results import --inbox DIR`.

Each file merged (merge.merge: idempotent, conflicts reported, nothing overwritten) is moved to
DIR/imported/, so the next run sees only what arrived since. A file that cannot be read yet (still
being copied in, or broken) stays where it is with a reason, and is tried again next time; a file
dropped twice is merged twice harmlessly and archived once.
"""

from __future__ import annotations

import filecmp
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from ..errors import InvalidInput, StoreError, StoreUnreachable, UserError
from .merge import MergeReport, merge

if TYPE_CHECKING:
    from ..model import Library
    from . import Store

ARCHIVE = "imported"
PARTIAL_SUFFIXES = (".tmp", ".part", ".partial", ".crdownload")


@dataclass
class InboxItem:
    """What importing one file of the inbox did: merged and archived, or kept with the reason."""

    path: Path
    report: MergeReport | None = None
    archived: Path | None = None
    error: UserError | None = None


def waiting_files(inbox: Path) -> list[Path]:
    """The export files waiting in the inbox, oldest name first (hidden and half-copied files left alone)."""
    if not inbox.is_dir():
        raise UserError("error.no-such-path", path=str(inbox))
    return sorted(p for p in inbox.glob("*.json")
                  if p.is_file() and not p.name.startswith((".", "~")) and not p.name.endswith(PARTIAL_SUFFIXES))


def import_inbox(store: Store, inbox: Path, library: Library | None = None,
                 skip_bad: bool = False) -> Iterator[InboxItem]:
    """Check, merge and archive every export file waiting in `inbox`, one at a time (merge.merge).

    A file refused for its problems stays in the inbox, like one that cannot be read: it is
    reported, and tried again once it has been replaced by a fresh export.
    """
    for path in waiting_files(inbox):
        try:
            report = merge(store, path, library, skip_bad=skip_bad)
        except StoreUnreachable:
            raise  # nothing more can be imported; what was imported is archived
        except (InvalidInput, StoreError) as exc:
            yield InboxItem(path, error=exc)
            continue
        if report.refused:
            yield InboxItem(path, report=report)
            continue
        yield InboxItem(path, report=report, archived=archive(path, inbox / ARCHIVE))


def archive(path: Path, folder: Path) -> Path | None:
    """Move an imported file into `folder`: an identical copy already there is kept once; None if it went away."""
    folder.mkdir(exist_ok=True)
    target = folder / path.name
    number = 1
    while target.exists():
        if filecmp.cmp(target, path, shallow=False):
            path.unlink(missing_ok=True)
            return target
        number += 1
        target = folder / f"{path.stem}-{number}{path.suffix}"
    try:
        path.rename(target)
    except FileNotFoundError:  # another trainer's import archived it meanwhile
        return None
    return target
