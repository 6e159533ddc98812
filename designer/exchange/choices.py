"""The import flow's logic: preview another council's bundle change by change, apply a
person's choices (which clean changes to take, ours or theirs for each hard conflict),
and publish exactly once.

The engine merges whole definitions (``plan_import``); choosing single changes is done
by giving it a copy of their definition holding only the chosen changes: their
operations since the shared base, filtered, applied to the base. Soft and locked
changes always go in, so the engine still resolves the soft ones and refuses the locked
ones (a statutory field is never removed by an import) and says so in the change log.

A change left unticked and a conflict kept ours are recorded as decisions in the new
version's change set (designer/changes/decisions.py). The next preview shows their
changes we declined before as "declined": unticked, with when, who and why, and taken
only if ticked again.
"""

from __future__ import annotations

import copy
import hashlib
import json
from dataclasses import asdict, dataclass, field

from designer.changes import (
    ApplyError,
    Bundle,
    Decision,
    Library,
    apply_operations,
    change_id,
    describe,
    describe_operation,
    diff,
    plan_import,
    read_bundle,
)
from designer.changes.decisions import DECLINED as NOT_TAKEN_BEFORE
from designer.changes.decisions import KEPT_OURS, origins

CLEAN, SOFT, HARD, LOCKED, DECLINED = "clean", "soft", "hard", "locked", "declined"
STATUS_TEXT = {
    "new": "New here: taken whole, with its change log",
    "up to date": "Nothing new: this library already has every version in the bundle",
    "merge": "Changed since the version both councils share",
    "no shared version": "Not touched: it shares no version with this library",
    "local edits not published": (
        "Not touched: this library has edits to it that are not published yet; "
        "publish or undo them, then import again"
    ),
}


class ChoiceProblem(ValueError):
    """The choices cannot be applied as they stand; the message says what to change."""


@dataclass
class Change:
    """One of their operations since the shared base, and how it meets ours."""

    key: str  # "<definition key>:<n>", stable while neither library changes
    sentence: str
    category: str
    level: str  # clean | soft | hard | locked | declined (declined in an earlier import)
    reason: str = ""
    old: object = None
    new: object = None
    ours: list[str] = field(default_factory=list)  # our conflicting changes, as sentences
    earlier: dict | None = None  # for a declined change: when, who, why (Decision.to_data)


@dataclass
class DefinitionPreview:
    kind: str
    id: str
    title: str
    status: str
    local_version: int | None
    their_version: int
    base_version: int | None
    taken: list[dict]  # their change sets since the base: id, author, council, date, why
    changes: list[Change]
    problems: list[str]

    @property
    def key(self) -> str:
        return f"{self.kind}-{self.id}"

    @property
    def status_text(self) -> str:
        return STATUS_TEXT.get(self.status, self.status)

    def of_level(self, level: str) -> list[Change]:
        return [c for c in self.changes if c.level == level]


@dataclass
class _Work:
    """What a preview needs to apply choices later: base and their operations."""

    base: dict
    ops: list[dict]
    levels: list[str]


# A checked bundle is immutable, so it is kept by the hash of its bytes: every step of
# the flow needs it, and checking it again takes a second and a half.
_CHECKED: dict[str, Bundle] = {}
_CHECKED_LIMIT = 4


def checked_bundle(data: bytes) -> Bundle:
    """read_bundle with a small cache; raises BundleRefused with the engine's reason."""
    digest = hashlib.sha256(data).hexdigest()
    found = _CHECKED.get(digest)
    if found is None:
        found = read_bundle(data)
        if len(_CHECKED) >= _CHECKED_LIMIT:
            _CHECKED.pop(next(iter(_CHECKED)))
        _CHECKED[digest] = found
    return found


def _their_changes(library: Library, item) -> tuple[_Work, list[Change]]:
    base = library.rebuild(item.id, item.kind, item.base_version)
    theirs = dict(item.theirs, version=base["version"])  # as plan_import merges them
    ours = dict(item.local, version=base["version"])
    ops = diff(base, theirs, item.kind)
    rows = describe(ops, base, theirs, item.kind)
    levels = [CLEAN] * len(ops)
    changes = [
        Change("", r["sentence"], r["category"], CLEAN, old=r.get("old"), new=r.get("new"))
        for r in rows
    ]
    unclaimed = list(range(len(ops)))
    for conflict in item.result.conflicts:
        # the engine diffs the same inputs, so its operations equal ours by value
        n = next((i for i in unclaimed if ops[i] == conflict.theirs), None)
        if n is None:
            continue
        unclaimed.remove(n)
        levels[n] = conflict.level
        changes[n].level, changes[n].reason = conflict.level, conflict.reason
        changes[n].ours = [describe_operation(op, base, ours, item.kind) for op in conflict.ours]
        if conflict.earlier is not None:
            changes[n].earlier = conflict.earlier.to_data()
    return _Work(base, ops, levels), changes


def _analyse(library: Library, bundle: Bundle):
    plan = plan_import(library, bundle)
    previews, work = [], {}
    for item in plan.items:
        changes: list[Change] = []
        if item.result is not None:
            work_item, changes = _their_changes(library, item)
            key = f"{item.kind}-{item.id}"
            work[key] = work_item
            for n, change in enumerate(changes):
                change.key = f"{key}:{n}"
        previews.append(
            DefinitionPreview(
                kind=item.kind,
                id=item.id,
                title=str(item.theirs.get("title") or item.id),
                status=item.status,
                local_version=item.local["version"] if item.local else None,
                their_version=item.theirs["version"],
                base_version=item.base_version,
                taken=[_summary(cs, bundle) for cs in item.taken],
                changes=changes,
                problems=list(item.problems),
            )
        )
    return previews, work


def _summary(cs: dict, bundle: Bundle) -> dict:
    return {
        "id": cs["id"],
        "version": cs["result"]["version"],
        "author": cs.get("author", ""),
        "council": cs.get("council") or bundle.council,
        "date": str(cs.get("date", "")),
        "rationale": str(cs.get("rationale", "")).strip(),
        "views": [dict(v) for v in (cs.get("review") or {}).get("views") or []],
        "reviewers": list((cs.get("review") or {}).get("reviewers") or []),
    }


def preview(library: Library, bundle: Bundle) -> list[DefinitionPreview]:
    """Per definition: what importing would change; nothing is written."""
    return _analyse(library, bundle)[0]


def library_digest(library: Library, bundle: Bundle) -> str:
    """Changes whenever anything a preview depends on does: every definition file, and
    the change logs of the definitions in the bundle. Reading them is milliseconds;
    planning an import again is seconds."""
    digest = hashlib.sha256()
    files = list(library.definition_files())
    for doc_id in [bundle.pathway["id"], *sorted(bundle.forms)]:
        files.extend(sorted(library.log_dir(doc_id).glob("*.yaml")))
    for path in files:
        digest.update(str(path.relative_to(library.root)).encode() + b"\0")
        digest.update(hashlib.sha256(path.read_bytes()).digest())
    return digest.hexdigest()


def previews_to_data(previews: list[DefinitionPreview]) -> list[dict]:
    return json.loads(json.dumps([asdict(p) for p in previews], default=str))


def previews_from_data(data: list[dict]) -> list[DefinitionPreview]:
    return [
        DefinitionPreview(**{**d, "changes": [Change(**c) for c in d["changes"]]}) for d in data
    ]


def _work_from(library: Library, bundle: Bundle, previews: list[DefinitionPreview]) -> dict:
    """The base and their operations again, for a preview kept from an earlier step."""
    work = {}
    for p in previews:
        if p.status != "merge":
            continue
        base = library.rebuild(p.id, p.kind, p.base_version)
        theirs = bundle.pathway if p.kind == "pathway" else bundle.forms[p.id]
        ops = diff(base, dict(theirs, version=base["version"]), p.kind)
        if len(ops) != len(p.changes):
            raise ChoiceProblem("The preview is out of date. Check the changes again.")
        work[p.key] = _Work(base, ops, [c.level for c in p.changes])
    return work


def fingerprint(previews: list[DefinitionPreview]) -> str:
    """Changes whenever the preview would: choices are keyed by position in it, so a
    library published to in the meantime must send the person back to choose again."""
    summary = [
        [p.kind, p.id, p.status, p.local_version, p.base_version, p.their_version]
        + [[c.sentence, c.level] for c in p.changes]
        for p in previews
    ]
    return hashlib.sha256(json.dumps(summary, default=str).encode()).hexdigest()


def default_choices(previews: list[DefinitionPreview]) -> dict:
    """Every clean change ticked; no hard conflict decided yet."""
    return {
        "take": [c.key for p in previews for c in p.of_level(CLEAN)],
        "decide": {},
        "rationale": "",
    }


def read_choices(previews, take: list[str], decide: dict[str, str], rationale: str):
    """(choices, errors) from a submitted form; errors are (anchor, message) pairs."""
    known = {c.key: c for p in previews for c in p.changes}
    choices = {
        "take": [k for k in take if k in known and known[k].level in (CLEAN, DECLINED)],
        "decide": {
            k: v
            for k, v in decide.items()
            if k in known and known[k].level == HARD and v in ("ours", "theirs")
        },
        "rationale": rationale.strip(),
    }
    errors = []
    for p in previews:
        for c in p.of_level(HARD):
            if c.key not in choices["decide"]:
                errors.append(
                    (
                        anchor(c.key),
                        f"Choose ours or theirs for the conflict in {p.title}: {c.sentence}",
                    )
                )
    if not choices["rationale"]:
        errors.append(("rationale", "Say why you are taking these changes"))
    elif len(choices["rationale"]) > 2000:
        errors.append(("rationale", "The reason must be 2,000 characters or fewer"))
    return choices, errors


def _decision(bundle: Bundle, p: DefinitionPreview, op: dict, decision: str, change, choices):
    """The record of one of their changes not taken, for the new version's change set."""
    ids = {t["id"] for t in p.taken}
    their_log = [cs for cs in bundle.changesets.get(p.id, []) if cs["id"] in ids]
    return Decision(
        change_id(p.kind, p.id, op),
        decision,
        change.sentence,
        offered_by=bundle.council,
        offered_in=tuple(origins(p.kind, op, their_log)),
        reason=choices["rationale"] or None,
    )


def anchor(key: str) -> str:
    return "decide-" + key.replace(":", "-")


# What leaving one of their changes out records in our change log, by decision.
_LEFT_OUT = {KEPT_OURS: "Kept ours, not taken", NOT_TAKEN_BEFORE: "Not taken (left unticked)"}


def _verdict(level: str, key: str, take: set[str], decide: dict) -> str:
    """ "keep", "theirs" (kept, and theirs wins where it meets ours), "skip", or the
    decision recorded for leaving the change out."""
    if level in (SOFT, LOCKED):
        return "keep"  # the engine resolves or refuses these itself
    if level == DECLINED:
        # Ticked again: taken after all, the engine records it as reconsidered. Not
        # ticked: still declined, on record already, nothing new to say.
        return "theirs" if key in take else "skip"
    if level == HARD:
        return "theirs" if decide.get(key) == "theirs" else KEPT_OURS
    return "keep" if level == CLEAN and key in take else NOT_TAKEN_BEFORE


def _chosen_ops(bundle: Bundle, p: DefinitionPreview, item: _Work, choices: dict, out: dict):
    """Their operations the person chose for one definition, and whether any of them
    must win over ours; notes and declines for the rest are added to ``out``."""
    take, decide = set(choices["take"]), choices["decide"]
    keep, any_theirs = [], False
    for n, (op, level) in enumerate(zip(item.ops, item.levels, strict=True)):
        change = p.changes[n]
        verdict = _verdict(level, change.key, take, decide)
        if verdict in ("keep", "theirs"):
            keep.append(op)
            any_theirs = any_theirs or verdict == "theirs"
        elif verdict in _LEFT_OUT:
            out["notes"].setdefault(p.key, []).append(f"{_LEFT_OUT[verdict]}: {change.sentence}")
            out["declines"].setdefault(p.key, []).append(
                _decision(bundle, p, op, verdict, change, choices)
            )
    return keep, any_theirs


def _narrowed(p: DefinitionPreview, item: _Work, keep: list[dict]) -> dict:
    """Their definition holding only the chosen changes."""
    try:
        chosen = apply_operations(copy.deepcopy(item.base), keep, p.kind)
    except (ApplyError, KeyError, ValueError) as exc:
        raise ChoiceProblem(
            f"In {p.title} the changes you ticked need one you did not tick: {exc}"
        ) from exc
    return dict(chosen, version=p.their_version)


def _refuse_blocked(plan) -> None:
    for item in plan.items:
        if item.blocked and item.changes_anything:
            reasons = item.problems or [c.sentence for c in item.result.pending]
            raise ChoiceProblem(
                f"{item.id} cannot be imported as chosen: " + "; ".join(reasons[:3])
            )


def planned(library: Library, bundle: Bundle, choices: dict, previews=None):
    """(plan for write_import, previews, note for the change log) with choices applied.

    ``previews`` (kept from an earlier step for this same library state, see
    library_digest) saves planning the import twice.

    Raises ChoiceProblem when the chosen changes cannot stand on their own (one needs
    another that was not ticked) or the result still waits for a decision.
    """
    if previews is None:
        previews, work = _analyse(library, bundle)
    else:
        work = _work_from(library, bundle, previews)
    docs = {"pathway": {bundle.pathway["id"]: bundle.pathway}, "form": dict(bundle.forms)}
    any_theirs = False
    # per definition key: notes for its own change set, declines recorded as decisions
    out: dict = {"notes": {}, "declines": {}}
    for p in previews:
        if p.key not in work:
            continue
        keep, theirs = _chosen_ops(bundle, p, work[p.key], choices, out)
        any_theirs = any_theirs or theirs
        if len(keep) != len(work[p.key].ops):
            docs[p.kind][p.id] = _narrowed(p, work[p.key], keep)
    narrowed = Bundle(
        manifest=bundle.manifest,
        pathway=docs["pathway"][bundle.pathway["id"]],
        forms=docs["form"],
        changesets=bundle.changesets,
        files=bundle.files,
    )
    # The decided-ours conflicts and the declined changes not ticked again were left out
    # of their copy above, so everything in it was chosen: "theirs" here decides exactly
    # the conflicts the person chose theirs for, and nothing in it is held back as
    # declined before.
    plan = plan_import(library, narrowed, prefer="theirs" if any_theirs else None, reconsider=True)
    for item in plan.items:
        item.declines = out["declines"].get(f"{item.kind}-{item.id}", [])
    _refuse_blocked(plan)
    return plan, previews, out["notes"]
