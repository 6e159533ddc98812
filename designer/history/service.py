"""History, diffs and change specifications, read from the library folder's change log.

The change log (`change_log/<id>/`) is the source of truth for who changed what and
why, so every page here is built from it with the change engine; the database is
asked only which version is live in this service.
"""

from __future__ import annotations

import re
import tempfile
from dataclasses import dataclass, field
from pathlib import Path

import yaml
from markupsafe import Markup

from designer.changes import (
    ChangeSetError,
    Library,
    apply_changeset,
    describe,
    diff,
    export_bundle,
)
from renderer.definitions.facts import FACTS
from renderer.definitions.serialise import dump_definition

from .sidebyside import Row, side_by_side

KINDS = {"forms": "form", "pathways": "pathway"}
# Ids are snake_case in the language; checking here also keeps '..' out of file paths.
ID = re.compile(r"^[a-z][a-z0-9_]{0,79}$")


class NotFound(LookupError):
    """No such definition, or no such version of it."""


@dataclass
class Version:
    version: int
    changeset_id: str
    sha256: str
    date: str
    author: str
    council: str | None
    rationale: str
    review_state: str
    reviewers: list[str]
    links: list[str]
    changes: list[dict] = field(default_factory=list)  # describe() rows
    published_by: str | None = None  # recorded since publishing named it apart from approval
    views: list[dict] = field(default_factory=list)  # the reviewers' own views: by, view
    first: bool = False  # version 1: the whole definition is "added"


@dataclass
class History:
    kind: str
    id: str
    title: str
    versions: list[Version]  # oldest first

    @property
    def latest(self) -> int:
        return self.versions[-1].version

    def version(self, number: int) -> Version:
        for one in self.versions:
            if one.version == number:
                return one
        raise NotFound(f"{self.kind} '{self.id}' has no version {number}")


@dataclass
class Comparison:
    history: History
    old: int
    new: int
    changes: list[dict]
    rows: list[Row]


def check_id(kind: str, doc_id: str) -> None:
    if kind not in KINDS.values() or not ID.match(doc_id):
        raise NotFound(f"no {kind} '{doc_id}'")


def _title(doc: dict) -> str:
    return str(doc.get("title") or doc.get("id"))


def history(library: Library, kind: str, doc_id: str) -> History:
    """Every version of one definition, each with its changes as sentences."""
    check_id(kind, doc_id)
    try:
        changesets = library.changesets(doc_id, kind)
    except ChangeSetError as exc:
        raise NotFound(f"the change log of '{doc_id}' cannot be read: {exc}") from exc
    if not changesets:
        raise NotFound(f"no change log for {kind} '{doc_id}'")
    versions, doc = [], None
    for cs in changesets:
        # Replaying each change set on the one before checks the log as we read it and
        # gives describe() both sides, so sentences name things by their labels.
        new = apply_changeset(cs, doc)
        review = cs.get("review") or {}
        versions.append(
            Version(
                version=cs["result"]["version"],
                changeset_id=cs["id"],
                sha256=cs["result"]["sha256"],
                date=str(cs.get("date", "")),
                author=cs.get("author", ""),
                council=cs.get("council"),
                rationale=str(cs.get("rationale", "")).strip(),
                review_state=review.get("state", ""),
                reviewers=list(review.get("reviewers") or []),
                published_by=review.get("published_by"),
                views=[dict(v) for v in review.get("views") or []],
                links=list(cs.get("links") or []),
                changes=describe(cs["operations"], doc or {}, new, kind),
                first=doc is None,
            )
        )
        doc = new
    return History(kind, doc_id, _title(doc), versions)


def definition_at(library: Library, kind: str, doc_id: str, version: int) -> dict:
    try:
        return library.rebuild(doc_id, kind, version)
    except ChangeSetError as exc:
        raise NotFound(str(exc)) from exc


def compare(library: Library, kind: str, doc_id: str, old: int, new: int) -> Comparison:
    """What changed from version ``old`` to ``new`` (either order), as sentences and as
    two columns of the definitions' deterministic YAML."""
    found = history(library, kind, doc_id)
    found.version(old), found.version(new)
    before = definition_at(library, kind, doc_id, old)
    after = definition_at(library, kind, doc_id, new)
    changes = describe(diff(before, after, kind), before, after, kind)
    rows = side_by_side(dump_definition(before, kind), dump_definition(after, kind))
    return Comparison(found, old, new, changes, rows)


def specification(library: Library, kind: str, doc_id: str, first: int, last: int):
    """(history, the versions first..last inclusive, oldest first) for the document."""
    found = history(library, kind, doc_id)
    found.version(first), found.version(last)
    low, high = sorted((first, last))
    return found, [v for v in found.versions if low <= v.version <= high]


def definitions(library: Library) -> list[dict]:
    """Every form and pathway in the library folder that has a change log."""
    out = []
    for path in library.definition_files():
        kind = library.kind_of_path(path)
        if not ID.match(path.stem) or not library.log_dir(path.stem).is_dir():
            continue
        doc = library.read_definition(path)
        out.append({"kind": kind, "id": path.stem, "title": _title(doc), "version": doc["version"]})
    return sorted(out, key=lambda d: (d["kind"] != "pathway", d["title"].lower()))


_IDENTIFIER = re.compile(r"^[a-z][a-z0-9]*(?:[_.][a-z0-9]+)+$")


def show_value(value) -> str:
    """A value as a person reads it: text as is, a thing by its label, a case fact by its
    name; an id (of a question or a stage, which the sentence beside it names) and
    anything else structured are folded into an "Advanced" view."""
    if value is None:
        return "(nothing)"
    if isinstance(value, bool):
        return "Yes" if value else "No"
    if isinstance(value, str) and value in FACTS:
        return FACTS[value].label
    if isinstance(value, str) and _IDENTIFIER.match(value):
        return _advanced(value)
    if isinstance(value, str | int | float):
        return str(value)
    if isinstance(value, dict):
        label = next((value[k] for k in ("label", "title", "text") if value.get(k)), None)
        if isinstance(label, str):
            return label
    return _advanced(yaml.safe_dump(value, sort_keys=False, allow_unicode=True, width=80).strip())


def _advanced(text: str) -> Markup:
    return Markup(
        '<details class="govuk-details govuk-!-margin-bottom-0" data-advanced>'
        '<summary class="govuk-details__summary"><span class="govuk-details__summary-text">'
        "Advanced: as written in the file</span></summary>"
        '<div class="govuk-details__text"><pre class="history-value">{}</pre></div></details>'
    ).format(text)


def export_bytes(root: str | Path, pathway_id: str, council: str) -> bytes:
    """The bundle `convivial export` writes for this pathway, byte for byte."""
    with tempfile.TemporaryDirectory() as folder:
        out = Path(folder) / "bundle.zip"
        export_bundle(Library(Path(root)), pathway_id, out, council=council)
        return out.read_bytes()


def library_at(root: str | Path) -> Library:
    return Library(Path(root))


def live_version(kind: str, doc_id: str) -> int | None:
    """The newest version published into this service's database, if any."""
    from casework.library import service as published

    row = (
        published.latest_form_version(doc_id)
        if kind == "form"
        else published.latest_pathway_version(doc_id)
    )
    return row.version if row is not None else None
