"""`check_paths`: everything `convivial check` reports, as data."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from .errors import DefinitionError, Problem
from .library_folder import expand, kind_of, load_library
from .loader import schema_only_problems
from .yaml_source import read_source

DEFAULT_PATHS = ("form_library", "pathways")


@dataclass(frozen=True)
class CheckReport:
    files: list[str]
    problems: list[Problem] = field(default_factory=list)

    @property
    def errors(self) -> list[Problem]:
        return [p for p in self.problems if p.is_error]

    @property
    def warnings(self) -> list[Problem]:
        return [p for p in self.problems if not p.is_error]

    def failed(self, strict: bool = False) -> bool:
        return bool(self.errors or (strict and self.warnings))

    def summary(self) -> str:
        def n(count, word):
            return f"{count} {word}{'' if count == 1 else 's'}"

        return (
            f"Checked {n(len(self.files), 'file')}: {n(len(self.errors), 'error')}, "
            f"{n(len(self.warnings), 'warning')}."
        )

    def to_dict(self, strict: bool = False) -> dict:
        return {
            "ok": not self.failed(strict),
            "files": self.files,
            "errors": len(self.errors),
            "warnings": len(self.warnings),
            "problems": [p.to_dict() for p in self.problems],
        }


def check_paths(paths=None) -> CheckReport:
    """Check files and folders (default: ./form_library and ./pathways)."""
    if not paths:
        paths = [p for p in DEFAULT_PATHS if Path(p).is_dir()] or list(DEFAULT_PATHS)
    missing = [
        Problem("CV109", "No such file or folder.", file=str(p), line=1, column=1)
        for p in map(Path, paths)
        if not p.exists()
    ]
    existing = [p for p in paths if Path(p).exists()]
    result = load_library(existing)
    problems = missing + result.errors + result.warnings
    files = list(result.files)
    for path in expand(existing):
        kind = kind_of(path)
        if kind in ("changeset", "bundle"):
            files.append(str(path))
            try:
                problems.extend(schema_only_problems(read_source(path), kind))
            except DefinitionError as exc:
                problems.extend(exc.problems)
    problems.sort(key=lambda p: (p.file, p.line, p.column, p.code))
    return CheckReport(files=files, problems=problems)
