"""Problems (catalogue entries located in a file) and the loaders' one exception."""

from __future__ import annotations

import difflib
from dataclasses import dataclass, field

from .catalogue import CATALOGUE, ERROR, WARNING, Entry

__all__ = ["CATALOGUE", "ERROR", "WARNING", "DefinitionError", "Entry", "Problem", "did_you_mean"]


@dataclass(frozen=True)
class Problem:
    """One error or warning, located as precisely as the YAML allows."""

    code: str
    message: str
    file: str = ""
    line: int = 0
    column: int = 0
    path: str = ""
    fix: str = ""
    severity: str = field(default="")

    def __post_init__(self) -> None:
        entry = CATALOGUE[self.code]
        if not self.severity:
            object.__setattr__(self, "severity", entry.severity)
        if not self.fix:
            object.__setattr__(self, "fix", entry.fix)

    @property
    def is_error(self) -> bool:
        return self.severity == ERROR

    @property
    def title(self) -> str:
        return CATALOGUE[self.code].title

    def location(self) -> str:
        return f"{self.file or '<input>'}:{self.line}:{self.column}"

    def __str__(self) -> str:
        where = f" (at {self.path})" if self.path else ""
        return f"{self.location()}: {self.code} {self.message}{where}"

    def to_dict(self) -> dict:
        return {
            "code": self.code,
            "severity": self.severity,
            "file": self.file,
            "line": self.line,
            "column": self.column,
            "path": self.path,
            "message": self.message,
            "fix": self.fix,
        }


class DefinitionError(Exception):
    """Raised by the loaders; carries every problem found, not only the first."""

    def __init__(self, problems: list[Problem]):
        self.problems = list(problems)
        first = self.problems[0] if self.problems else None
        summary = str(first) if first else "invalid definition"
        more = len(self.problems) - 1
        if more > 0:
            summary += f" (and {more} more)"
        super().__init__(summary)

    @property
    def errors(self) -> list[Problem]:
        return [p for p in self.problems if p.is_error]


def did_you_mean(word: str, candidates) -> str:
    """A ' Did you mean 'x'?' suffix, or '' when nothing is close."""
    close = difflib.get_close_matches(str(word), sorted(set(candidates)), n=1, cutoff=0.6)
    return f" Did you mean '{close[0]}'?" if close else ""
