"""Load a whole library folder: forms first, then pathways that refer to them."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path

from .errors import Problem
from .limits import MAX_FILE_BYTES
from .loader import check_form_file, check_pathway_file, sibling_forms
from .model import Form
from .model_pathway import Pathway

FOLDER_KINDS = {"form_library": "form", "pathways": "pathway", "change_log": "changeset"}


@dataclass(frozen=True)
class LibraryResult:
    forms: dict[str, Form]
    pathways: dict[str, Pathway]
    errors: list[Problem]
    warnings: list[Problem]
    files: list[str] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.errors


def kind_of(path: Path) -> str:
    """form, pathway, changeset or bundle, from the folder a file sits in."""
    if path.name == "manifest.yaml":
        return "bundle"
    for parent in path.parents:
        if parent.name in FOLDER_KINDS:
            return FOLDER_KINDS[parent.name]
    return _sniff(path)


_TOP_KEYS = re.compile(rb"^(stages|operations|format|sections):", re.M)


def _sniff(path: Path) -> str:
    """Outside the usual folders, guess from the top-level keys (read within the size
    limit; the loader reports unreadable files itself)."""
    try:
        with path.open("rb") as f:
            head = f.read(MAX_FILE_BYTES)
    except OSError:
        return "form"
    for m in _TOP_KEYS.finditer(head):
        key = m.group(1)
        if key != b"sections":
            return {b"stages": "pathway", b"operations": "changeset", b"format": "bundle"}[key]
    return "form"


def expand(paths) -> list[Path]:
    """Files named directly, plus *.yaml / *.yml under folders, in a stable order."""
    if isinstance(paths, str | Path):
        paths = [paths]
    out: list[Path] = []
    for p in map(Path, paths):
        if p.is_dir():
            subs = [p / name for name in FOLDER_KINDS if (p / name).is_dir()]
            for folder in subs or [p]:
                out.extend(
                    sorted(
                        x
                        for x in folder.rglob("*")
                        if x.suffix in (".yaml", ".yml") and x.is_file()
                    )
                )
        else:
            out.append(p)
    return list(dict.fromkeys(out))  # each file once, in the order first found


def load_library(root_or_paths) -> LibraryResult:
    """Load every form and pathway under a library root (or the given files/folders),
    collecting all problems rather than stopping at the first."""
    files = expand(root_or_paths)
    problems: list[Problem] = []
    forms: dict[str, Form] = {}
    known: dict[str, Form | None] = {}
    form_files: dict[str, str] = {}
    for path in (f for f in files if kind_of(f) == "form"):
        form, found = check_form_file(path)
        problems.extend(found)
        ident = form.id if form else path.stem
        if ident in form_files:
            problems.append(
                Problem(
                    "CV303",
                    f"The form id '{ident}' is also used by {form_files[ident]}.",
                    file=str(path),
                    line=1,
                    column=1,
                    path="id",
                )
            )
            continue
        form_files[ident] = str(path)
        known[ident] = form
        if form:
            forms[ident] = form
    pathways: dict[str, Pathway] = {}
    for path in (f for f in files if kind_of(f) == "pathway"):
        refs = known if form_files else sibling_forms(path)
        pathway, found = check_pathway_file(path, refs)
        problems.extend(found)
        if pathway and pathway.id in pathways:
            problems.append(
                Problem(
                    "CV303",
                    f"The pathway id '{pathway.id}' is also used by {pathways[pathway.id].file}.",
                    file=str(path),
                    line=1,
                    column=1,
                    path="id",
                )
            )
        elif pathway:
            pathways[pathway.id] = pathway
    return LibraryResult(
        forms=forms,
        pathways=pathways,
        errors=[p for p in problems if p.is_error],
        warnings=[p for p in problems if not p.is_error],
        files=[str(f) for f in files if kind_of(f) in ("form", "pathway")],
    )
