"""A library folder (form_library/, pathways/, change_log/) and its history.

change_log/<target id>/<nnnn>-<slug>.yaml holds one change set per published
version; replaying them from nothing rebuilds any version, so the log is a complete
history. ``publish`` records hand-edited files as new versions with their change sets.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import overload

from .addressing import kind_of
from .changeset import ChangeSetError, apply_changeset, check_changeset, make_changeset, slug
from .comments import keep_comments
from .source import (
    DefinitionError,
    Problem,
    definition_problems,
    dump_definition,
    read_yaml,
    sha256_of,
)

__all__ = ["Library", "Published", "publish"]

FOLDERS = {"form": "form_library", "pathway": "pathways"}


class Library:
    """The definitions and change log under one root folder."""

    def __init__(self, root: str | Path):
        self.root = Path(root)

    # -- where things live -------------------------------------------------------
    def definition_path(self, kind: str, doc_id: str) -> Path:
        return self.root / FOLDERS[kind] / f"{doc_id}.yaml"

    def log_dir(self, doc_id: str) -> Path:
        return self.root / "change_log" / doc_id

    def kind_of_path(self, path: Path) -> str:
        return "pathway" if Path(path).resolve().parent.name == "pathways" else "form"

    def definition_files(self) -> list[Path]:
        return [
            p
            for kind in ("form", "pathway")
            for p in sorted((self.root / FOLDERS[kind]).glob("*.yaml"))
        ]

    # -- reading -----------------------------------------------------------------
    def read_definition(self, path: Path) -> dict:
        return read_yaml(Path(path).read_bytes(), str(path))

    def current(self, kind: str, doc_id: str) -> dict | None:
        path = self.definition_path(kind, doc_id)
        return self.read_definition(path) if path.exists() else None

    def changesets(self, doc_id: str, kind: str | None = None) -> list[dict]:
        """The change sets for one definition, oldest first, each checked for shape."""
        out = []
        for path in sorted(self.log_dir(doc_id).glob("*.yaml")):
            cs = read_yaml(path.read_bytes(), str(path))
            problems = check_changeset(cs)
            if problems:
                raise ChangeSetError(f"{path}: " + "; ".join(problems[:5]))
            if kind is None or cs["target"]["kind"] == kind:
                out.append(cs)
        out.sort(key=lambda cs: cs["result"]["version"])
        return out

    def history(self, doc_id: str, kind: str | None = None) -> list[tuple[int, str]]:
        """(version, sha256) of every recorded version."""
        return [
            (cs["result"]["version"], cs["result"]["sha256"])
            for cs in self.changesets(doc_id, kind)
        ]

    @overload
    def rebuild(self, doc_id: str, kind: str, version: int) -> dict: ...
    @overload
    def rebuild(self, doc_id: str, kind: str, version: None = None) -> dict | None: ...
    def rebuild(self, doc_id: str, kind: str, version: int | None = None) -> dict | None:
        """Replay the change log up to ``version`` (the latest when None; None when the
        log is empty). A version the log does not reach raises ChangeSetError."""
        doc: dict | None = None
        for cs in self.changesets(doc_id, kind):
            if version is not None and cs["result"]["version"] > version:
                break
            doc = apply_changeset(cs, doc)
        if version is not None and (doc is None or doc["version"] != version):
            raise ChangeSetError(f"change_log/{doc_id} has no version {version}")
        return doc

    # -- writing -----------------------------------------------------------------
    def write_definition(self, doc: dict, kind: str | None = None) -> Path:
        kind = kind or kind_of(doc)
        path = self.definition_path(kind, doc["id"])
        path.parent.mkdir(parents=True, exist_ok=True)
        text = dump_definition(doc, kind)
        if path.exists():  # the comments people wrote in the file stay
            text = keep_comments(path.read_text(encoding="utf-8"), text)
        path.write_text(text, encoding="utf-8")
        return path

    def write_changeset(self, cs: dict) -> Path:
        folder = self.log_dir(cs["target"]["id"])
        folder.mkdir(parents=True, exist_ok=True)
        path = folder / f"{cs['result']['version']:04d}-{slug(cs['rationale'])}.yaml"
        path.write_text(dump_definition(cs, "changeset"), encoding="utf-8")
        return path


@dataclass
class Published:
    kind: str
    id: str
    version: int | None  # None when the file was already the latest version
    changeset: dict | None
    changeset_path: Path | None


def publish(
    library: Library,
    paths: list[str | Path] | None,
    *,
    rationale: str,
    author: str,
    council: str | None = None,
    date: str | None = None,
    links: list[str] | None = None,
) -> list[Published]:
    """Record hand-edited definition files as new versions, each with its change set.

    Every file is validated first (as one library, so pathways see their forms); if
    any is invalid nothing is written and DefinitionError says why. Unchanged files
    are reported with ``version=None``.
    """
    files = [Path(p) for p in paths] if paths else library.definition_files()
    docs: list[tuple[str, dict, Path]] = []
    for path in files:
        doc = library.read_definition(path)
        docs.append((library.kind_of_path(path), doc, path))
    forms = {d["id"]: d for k, d, _ in docs if k == "form"}
    pathways = {d["id"]: d for k, d, _ in docs if k == "pathway"}
    if pathways:  # a pathway is checked against every form it may name
        for other in sorted((library.root / FOLDERS["form"]).glob("*.yaml")):
            forms.setdefault(other.stem, library.read_definition(other))
    problems = definition_problems(forms, pathways)
    if problems:
        raise DefinitionError([Problem("CV100", m[:300], line=1, column=1) for m in problems])
    out: list[Published] = []
    for kind, doc, _path in docs:
        previous = library.rebuild(doc["id"], kind)
        version = previous["version"] + 1 if previous else 1
        if previous is not None and sha256_of(dict(doc, version=previous["version"])) == sha256_of(
            previous
        ):
            out.append(Published(kind, doc["id"], None, None, None))
            continue
        cs = make_changeset(
            previous,
            doc,
            rationale=rationale,
            author=author,
            council=council,
            date=date,
            links=links,
            version=version,
        )
        cs_path = library.write_changeset(cs)
        library.write_definition(dict(doc, version=version), kind)
        out.append(Published(kind, doc["id"], version, cs, cs_path))
    return out
