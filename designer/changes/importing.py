"""Importing another council's bundle into a local library: preview, merge, record.

For each definition in a (checked) bundle the importer finds the newest version both
councils share (by sha256 in both change logs), merges their changes since then onto
the local latest version, and on ``write`` publishes the result as a new local
version whose change set says what was taken from whom and why. A definition the
library does not have yet is taken whole, with its change log. Hard conflicts are
never written until decided (``prefer``); whatever merged cleanly is.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from .bundle import Bundle
from .changeset import make_changeset
from .diff import same
from .library import Library
from .merge import MergeResult, merge
from .source import definition_problems, sha256_of

__all__ = ["DefinitionImport", "ImportPlan", "plan_import", "write_import"]

NEW, UP_TO_DATE, MERGE, UNRELATED, UNPUBLISHED = (
    "new",
    "up to date",
    "merge",
    "no shared version",
    "local edits not published",
)


@dataclass
class DefinitionImport:
    kind: str
    id: str
    status: str
    theirs: dict
    local: dict | None = None
    base_version: int | None = None
    taken: list[dict] = field(default_factory=list)  # their change sets since the base
    result: MergeResult | None = None
    problems: list[str] = field(default_factory=list)

    @property
    def merged(self) -> dict | None:
        if self.status == NEW:
            return self.theirs
        return self.result.merged if self.result else None

    @property
    def changes_anything(self) -> bool:
        if self.status == NEW:
            return True
        return self.merged is not None and not same(self.merged, self.local)

    @property
    def decides_anything(self) -> bool:
        """A conflict decided (even "keep ours") or a locked change refused: worth a
        version of its own so the change log records the decision and its reason."""
        if not self.result:
            return False
        return any(c.decision or c.level == "locked" for c in self.result.conflicts)

    @property
    def blocked(self) -> bool:
        """Waiting for a person: conflicts, invalid merge, unrelated or unpublished."""
        pending = bool(self.result and self.result.pending)
        return pending or bool(self.problems) or self.status in (UNRELATED, UNPUBLISHED)


@dataclass
class ImportPlan:
    bundle: Bundle
    items: list[DefinitionImport]
    prefer: str | None

    @property
    def pending(self) -> list[DefinitionImport]:
        return [item for item in self.items if item.blocked]

    @property
    def clean(self) -> bool:
        return not self.pending


def _plan_one(
    library: Library, kind: str, theirs: dict, their_log: list[dict], prefer
) -> DefinitionImport:
    doc_id = theirs["id"]
    local_history = library.history(doc_id, kind)
    current = library.current(kind, doc_id)
    if not local_history and current is None:
        return DefinitionImport(kind, doc_id, NEW, theirs, taken=list(their_log))
    local_shas = {sha: version for version, sha in local_history}
    shared = [cs for cs in their_log if cs["result"]["sha256"] in local_shas]
    if not shared:
        return DefinitionImport(kind, doc_id, UNRELATED, theirs, current)
    latest = library.rebuild(doc_id, kind)
    if current is None or sha256_of(current) != sha256_of(latest):
        return DefinitionImport(kind, doc_id, UNPUBLISHED, theirs, current)
    base_cs = shared[-1]
    taken = [cs for cs in their_log if cs["result"]["version"] > base_cs["result"]["version"]]
    if not taken:
        return DefinitionImport(kind, doc_id, UP_TO_DATE, theirs, latest)
    base = library.rebuild(doc_id, kind, local_shas[base_cs["result"]["sha256"]])
    theirs_at_base_version = dict(theirs, version=base["version"])
    ours_at_base_version = dict(latest, version=base["version"])
    result = merge(base, ours_at_base_version, theirs_at_base_version, kind, prefer)
    result.merged["version"] = latest["version"]
    item = DefinitionImport(kind, doc_id, MERGE, theirs, latest, base["version"], taken, result)
    return item


def plan_import(library: Library, bundle: Bundle, prefer: str | None = None) -> ImportPlan:
    """What importing ``bundle`` would do; nothing is written."""
    items = [
        _plan_one(library, "form", doc, bundle.changesets.get(doc_id, []), prefer)
        for doc_id, doc in sorted(bundle.forms.items())
    ]
    items.append(
        _plan_one(
            library, "pathway", bundle.pathway, bundle.changesets[bundle.pathway["id"]], prefer
        )
    )
    # the merged pathway and forms must still load together
    pathway = next(item for item in items if item.kind == "pathway")
    pathway_doc = pathway.merged or pathway.local or bundle.pathway
    forms = {}
    for form_id in sorted({s["form"] for s in pathway_doc.get("stages", []) if s.get("form")}):
        item = next((i for i in items if i.kind == "form" and i.id == form_id), None)
        local = library.definition_path("form", form_id)
        if item is not None and (item.merged or item.local):
            forms[form_id] = item.merged or item.local
        elif local.exists():
            forms[form_id] = library.read_definition(local)
    problems = definition_problems(forms, {pathway.id: pathway_doc})
    for item in items:
        mine = [p for p in problems if f"/{item.id}.yaml" in p]
        if mine and item.changes_anything:
            item.problems = mine
    return ImportPlan(bundle, items, prefer)


def _rationale(item: DefinitionImport, bundle: Bundle, prefer: str | None, note: str | None) -> str:
    lines = [
        f"Imported from {bundle.council}'s bundle of pathway '{bundle.manifest['pathway']}' "
        f"(exported {bundle.manifest['exported_at']})."
    ]
    for cs in item.taken:
        lines.append(
            f"Took {cs['id']} by {cs['author']} of {cs.get('council', bundle.council)}"
            f" ({cs['date']}): {cs['rationale'].strip()}"
        )
    if item.result:
        for c in item.result.conflicts:
            if c.level == "soft":
                lines.append(f"Resolved automatically: {c.subject}: {c.reason}.")
            elif c.level == "locked":
                lines.append(f"Not taken: {c.sentence}: {c.reason}.")
            elif c.decision:
                lines.append(
                    f"Conflict on {c.subject} ({c.reason}): "
                    f"decided '{c.decision}' (--prefer {prefer})."
                )
            else:
                lines.append(f"Left for a decision: {c.sentence} ({c.reason}).")
    if note:
        lines.append(note)
    return "\n".join(lines) + "\n"


def write_import(
    library: Library,
    plan: ImportPlan,
    *,
    author: str,
    council: str | None = None,
    date: str | None = None,
    note: str | None = None,
) -> list[tuple[str, int]]:
    """Write what merged cleanly; return (definition id, new version) for each write.

    A definition whose merged result does not load, or that shares no version with
    the library, is not written. Hard conflicts are left out of what is written and
    stay in the plan for a later decision.
    """
    written = []
    for item in plan.items:
        if item.problems or item.status in (UNRELATED, UNPUBLISHED, UP_TO_DATE):
            continue
        if item.status == NEW:
            for cs in item.taken:
                library.write_changeset(cs)
            library.write_definition(item.theirs, item.kind)
            written.append((item.id, item.theirs["version"]))
            continue
        if not (item.changes_anything or item.decides_anything):
            continue
        version = item.local["version"] + 1
        merged = dict(item.merged, version=version)
        cs = make_changeset(
            item.local,
            merged,
            rationale=_rationale(item, plan.bundle, plan.prefer, note),
            author=author,
            council=council,
            date=date,
            version=version,
        )
        library.write_changeset(cs)
        library.write_definition(merged, item.kind)
        written.append((item.id, version))
    return written
