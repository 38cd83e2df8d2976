"""The errors a user can cause, and the exit codes the command line ends with.

A UserError carries a message id and its arguments; the words come from i18n when it is
shown, so the same error prints in Chinese or English. Each error class says which exit code
it ends the program with (as commitizen does), and README lists the codes.
"""

from __future__ import annotations

from enum import IntEnum
from typing import Any


class ExitCode(IntEnum):
    """What a command's exit status means (README, "Exit codes")."""

    OK = 0
    INVALID = 1  # an invalid bank, a failed check, a failed exam run's precondition
    USAGE = 2  # a wrong option or argument (click uses 2 as well)
    STORE = 3  # the results store or a file could not be read or written
    INTERRUPTED = 130  # Ctrl-C, or a quiz stopped early with its answers saved


class UserError(Exception):
    """An error the user caused and can fix: one sentence in their language, no traceback."""

    exit_code: ExitCode = ExitCode.INVALID  # refined per error class (see the subclasses)

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
    """A bank, exam or imported file that fails its checks."""

    exit_code = ExitCode.INVALID


class StoreError(UserError):
    """The results store (or another file) cannot be opened, read or written."""

    exit_code = ExitCode.STORE


class UsageError(UserError):
    """A command-line option or argument that cannot work as given (as click's own usage errors)."""

    exit_code = ExitCode.USAGE
