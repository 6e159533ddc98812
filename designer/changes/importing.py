"""Importing another council's bundle into a local library: preview, merge, record.

For each definition in a (checked) bundle the importer finds the newest version both
councils share (by sha256 in both change logs), merges their changes since then onto
the local latest version, and on ``write`` publishes the result as a new local
version whose change set says what was taken from whom and why. A definition the
library does not have yet is taken whole, with its change log. Hard conflicts are
never written until decided (``prefer``); whatever merged cleanly is.

Decisions are remembered (decisions.py): a conflict decided for our version, a change
the caller declined (``DefinitionImport.declines``), a change taken after being
declined before, and a refused change to a statutory field are recorded in the new
version's change set; a version is written for them even when nothing else changes.
The next plan reads them back, and a change declined before is listed as such and
not taken unless ``reconsider`` is true.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from .bundle import Bundle, pathway_form_ids
from .change_log import Library
from .changeset import make_changeset
from .decisions import (
    KEPT_OURS,
    LOCKED,
    NOT_TAKEN,
    RECONSIDERED,
    Decision,
    change_id,
    earlier_decisions,
    origins,
)
from .describe import describe_operation
from .diff import same
from .merge import DECLINED, HARD, MergeResult, merge
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
    # our change log's decisions about their changes, by change identity
    earlier: dict[str, Decision] = field(default_factory=dict)
    # changes the caller declined besides the engine's own (the web flow's unticked ones)
    declines: list[Decision] = field(default_factory=list)

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
        """A decision not yet on record (a conflict kept ours, a declined change, one
        taken after being declined, a locked change refused): worth a version of its
        own so the change log records it and the next import knows."""
        return bool(self.decisions())

    def decisions(self, council: str | None = None, reason: str | None = None) -> list[Decision]:
        """The decisions this import makes that our change log does not hold yet.

        ``council`` is theirs (the bundle's); ``reason`` goes with the decisions the
        engine makes itself (the caller's ``declines`` carry their own)."""
        if self.result is None:
            return []
        base = self.local or {}
        found = list(self.declines)

        def decision(op, kind_of_decision, sentence, why):
            return Decision(
                change_id(self.kind, self.id, op),
                kind_of_decision,
                sentence,
                offered_by=council,
                offered_in=tuple(origins(self.kind, op, self.taken)),
                reason=why or None,
            )

        taken = list(self.result.applied)
        for c in self.result.conflicts:
            if c.level == HARD and c.decision == "ours":
                found.append(
                    decision(
                        c.theirs, KEPT_OURS, c.sentence, reason or "decided with --prefer ours"
                    )
                )
            elif c.level == HARD and c.decision == "theirs":
                taken.append(c.theirs)
            elif c.level == LOCKED:
                found.append(decision(c.theirs, LOCKED, c.sentence, c.reason))
        for op in taken:
            before = self.earlier.get(change_id(self.kind, self.id, op))
            if before is not None and before.decision in NOT_TAKEN:
                sentence = describe_operation(op, base, self.theirs, self.kind)
                found.append(decision(op, RECONSIDERED, sentence, reason))
        return self._not_on_record(found)

    def _not_on_record(self, found: list[Decision]) -> list[Decision]:
        """The first decision about each change, unless our change log holds it already."""
        out: list[Decision] = []
        for d in found:
            before = self.earlier.get(d.change)
            if before is not None and before.decision == d.decision:
                continue  # already on record as it stands
            if all(d.change != o.change for o in out):
                out.append(d)
        return out

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
    library: Library, kind: str, theirs: dict, their_log: list[dict], prefer, reconsider: bool
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
    if current is None or latest is None or sha256_of(current) != sha256_of(latest):
        return DefinitionImport(kind, doc_id, UNPUBLISHED, theirs, current)
    base_cs = shared[-1]
    taken = [cs for cs in their_log if cs["result"]["version"] > base_cs["result"]["version"]]
    if not taken:
        return DefinitionImport(kind, doc_id, UP_TO_DATE, theirs, latest)
    base = library.rebuild(doc_id, kind, local_shas[base_cs["result"]["sha256"]])
    theirs_at_base_version = dict(theirs, version=base["version"])
    ours_at_base_version = dict(latest, version=base["version"])
    earlier = earlier_decisions(library.changesets(doc_id, kind))
    declined = {} if reconsider else {k: d for k, d in earlier.items() if d.decision in NOT_TAKEN}
    result = merge(
        base, ours_at_base_version, theirs_at_base_version, kind, prefer, declined=declined
    )
    result.merged["version"] = latest["version"]
    item = DefinitionImport(kind, doc_id, MERGE, theirs, latest, base["version"], taken, result)
    item.earlier = earlier
    return item


def plan_import(
    library: Library, bundle: Bundle, prefer: str | None = None, *, reconsider: bool = False
) -> ImportPlan:
    """What importing ``bundle`` would do; nothing is written.

    Their changes our change log records as declined (or kept ours) are listed as
    declined and not taken; with ``reconsider`` they are offered like any other."""
    items = [
        _plan_one(library, "form", doc, bundle.changesets.get(doc_id, []), prefer, reconsider)
        for doc_id, doc in sorted(bundle.forms.items())
    ]
    pathway_log = bundle.changesets[bundle.pathway["id"]]
    items.append(_plan_one(library, "pathway", bundle.pathway, pathway_log, prefer, reconsider))
    # the merged pathway and forms must still load together
    pathway = next(item for item in items if item.kind == "pathway")
    pathway_doc = pathway.merged or pathway.local or bundle.pathway
    forms: dict[str, dict] = {}
    for form_id in pathway_form_ids(pathway_doc):
        item = next((i for i in items if i.kind == "form" and i.id == form_id), None)
        local = library.definition_path("form", form_id)
        chosen = (item.merged or item.local) if item is not None else None
        if chosen:
            forms[form_id] = chosen
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
            elif c.level == DECLINED:
                lines.append(f"Not taken again: {c.sentence} ({c.reason}).")
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
    reason: str | None = None,
    reviewers: list[str] | None = None,
    published_by: str | None = None,
    views: list[dict] | None = None,
) -> list[tuple[str, int]]:
    """Write what merged cleanly; return (definition id, new version) for each write.

    A definition whose merged result does not load, or that shares no version with
    the library, is not written. Hard conflicts are left out of what is written and
    stay in the plan for a later decision. The new version's change set records the
    import's decisions (``DefinitionImport.decisions``) with ``reason`` (default
    ``note``); a definition where only decisions were made gets a version that
    changes nothing else. ``reviewers``, ``published_by`` and ``views`` are this
    council's review of the import, recorded in each new version's change set as for a
    local change (a definition new here keeps their change sets as they are).
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
        decisions = item.decisions(plan.bundle.council, reason or note)
        if not (item.changes_anything or decisions):
            continue
        # what is left is a merge, which always has our version and a merged result
        local, result = item.local, item.merged
        assert local is not None and result is not None
        version = local["version"] + 1
        merged = dict(result, version=version)
        cs = make_changeset(
            local,
            merged,
            rationale=_rationale(item, plan.bundle, plan.prefer, note),
            author=author,
            council=council,
            date=date,
            version=version,
            decisions=[d.record() for d in decisions],
            reviewers=reviewers,
            published_by=published_by,
            views=views,
        )
        library.write_changeset(cs)
        library.write_definition(merged, item.kind)
        written.append((item.id, version))
    return written
