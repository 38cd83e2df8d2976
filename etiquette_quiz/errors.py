"""The errors a user can cause, and the exit codes the command line ends with.

A UserError carries a message id and its arguments; the words come from i18n when it is
shown, so the same error prints in Chinese or English. Each error class says which exit code
it ends the program with (as commitizen does), and README lists the codes.
"""

from __future__ import annotations

from collections.abc import Iterable
from enum import IntEnum
from typing import Any


class ExitCode(IntEnum):
    """What a command's exit status means (README, "Exit codes")."""

    OK = 0
    INVALID = 1  # an invalid bank, exam, config or import file; a failed check (bank validate --strict)
    USAGE = 2  # a wrong option or argument (click uses 2 as well)
    STORE = 3  # the results store, a file or the LRS could not be read or written
    INTERRUPTED = 130  # Ctrl-C, or a quiz stopped early with its answers saved


class UserError(Exception):
    """An error the user caused and can fix: one sentence in their language, no traceback."""

    exit_code: ExitCode = ExitCode.USAGE  # a wrong option, argument or choice; subclasses say otherwise

    def __init__(self, message_id: str, /, **args: Any) -> None:
        self.message_id = message_id
        self.args_ = args
        super().__init__(self.render("en"))

    @property
    def key(self) -> str:
        """The message id (the name older code used)."""
        return self.message_id

    def render(self, lang: str) -> str:
        """The message in `lang`."""
        from .i18n import t

        return t(self.message_id, lang, **self.args_)


class InvalidInput(UserError):
    """A bank, exam, config or imported file that fails its checks."""

    exit_code = ExitCode.INVALID


class Notice(UserError):
    """Nothing to do (no reviews due, say): said plainly, and not a failure."""

    exit_code = ExitCode.OK


class StoreError(UserError):
    """The results store (or another file) cannot be opened, read or written."""

    exit_code = ExitCode.STORE


class StoreUnreachable(StoreError):
    """The results server cannot be reached (after waiting for it); what was not yet saved is not saved."""


def suggest(word: str, candidates: Iterable[str]) -> str | None:
    """The closest candidate to a misspelt word, for "did you mean …"."""
    import difflib

    pool = list(dict.fromkeys(candidates))
    lowered = {c.lower().replace("_", "-"): c for c in pool}
    if word.lower().replace("_", "-") in lowered:
        return lowered[word.lower().replace("_", "-")]
    matches = difflib.get_close_matches(word, pool, n=1, cutoff=0.6)
    return matches[0] if matches else None
