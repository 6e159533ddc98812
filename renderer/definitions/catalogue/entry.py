"""One catalogue entry: a code, how serious it is, a title and an "Either ... or ..." fix."""

from __future__ import annotations

from dataclasses import dataclass

ERROR = "error"
WARNING = "warning"


@dataclass(frozen=True)
class Entry:
    code: str
    severity: str
    title: str
    fix: str
