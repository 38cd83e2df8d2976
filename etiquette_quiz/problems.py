"""Problems found in bank and exam files, and the errors a user can cause.

A Problem carries a code and its arguments; the words come from i18n at display time, so the
same problem prints in Chinese or English and serialises to JSON for CI pipelines.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

ERROR = "error"
WARNING = "warning"


@dataclass(frozen=True)
class Problem:
    path: str
    line: int
    col: int
    severity: str
    code: str
    args: dict[str, Any] = field(default_factory=dict)

    def sort_key(self) -> tuple:
        return (self.path, self.line, self.col, self.code)

    def message(self, lang: str) -> str:
        """'what is wrong — how to fix it' in `lang`."""
        from .i18n import problem_text

        return problem_text(self.code, lang, self.args)

    def format(self, lang: str) -> str:
        from .i18n import t

        return f"{self.path}:{self.line}:{self.col}: {t('severity.' + self.severity, lang)}: {self.message(lang)}"

    def as_json(self, lang: str) -> dict[str, Any]:
        from .i18n import problem_parts

        what, fix = problem_parts(self.code, lang, self.args)
        return {
            "file": self.path, "line": self.line, "column": self.col, "severity": self.severity,
            "code": self.code, "message": what, "fix": fix,
        }


class UserError(Exception):
    """An error the user caused and can fix: printed as one sentence, exit code 1, no traceback.

    The message is an i18n key with arguments, rendered in the user's language by the CLI.
    """

    exit_code = 1

    def __init__(self, key: str, **args: Any) -> None:
        self.key = key
        self.args_ = args
        super().__init__(self.render("en"))

    def render(self, lang: str) -> str:
        from .i18n import t

        return t(self.key, lang, **self.args_)
