"""Problems found in bank and exam files, and the errors a user can cause.

A Problem carries a code and its arguments; the words come from i18n at display time, so the
same problem prints in Chinese or English and serialises to JSON for CI pipelines.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from .errors import UserError  # noqa: F401  (re-exported until every module imports it from errors)
from .model import Severity

ERROR = Severity.ERROR
WARNING = Severity.WARNING


@dataclass(frozen=True)
class Problem:
    """One problem found in a bank or exam file, located by line and column."""

    path: str
    line: int
    col: int
    severity: str
    code: str
    args: dict[str, Any] = field(default_factory=dict)

    def sort_key(self) -> tuple[str, int, int, str]:
        """Order by file, line, column and code."""
        return (self.path, self.line, self.col, self.code)

    def message(self, lang: str) -> str:
        """'what is wrong — how to fix it' in `lang`."""
        from .i18n import problem_text

        return problem_text(self.code, lang, self.args)

    def format(self, lang: str) -> str:
        """'file:line:col: severity: what — fix' in `lang`."""
        from .i18n import t

        return f"{self.path}:{self.line}:{self.col}: {t('severity.' + self.severity, lang)}: {self.message(lang)}"

    def as_json(self, lang: str) -> dict[str, Any]:
        """The problem as a JSON object, for CI pipelines."""
        from .i18n import problem_parts

        what, fix = problem_parts(self.code, lang, self.args)
        return {
            "file": self.path, "line": self.line, "column": self.col, "severity": self.severity,
            "code": self.code, "message": what, "fix": fix,
        }
