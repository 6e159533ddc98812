"""Three-way merge: bring another council's changes onto a local version that has moved on.

``merge(base, ours, theirs)`` compares both sides with their common ancestor by id.
Their changes that touch nothing we changed are applied. The same item changed in
compatible ways (different properties, or the very same change on both sides) is a
*soft* conflict: resolved automatically and listed. The same property changed
differently, a change to something we deleted, or a deletion of something we changed
is a *hard* conflict: nothing is applied until a person decides (``prefer``).
Removing a statutory field, or changing its type or its statutory mapping, is
*locked*: an import never does it, whatever is preferred. A change we *declined*
before (``declined``: change identities from our change log, see decisions.py) is not
applied and not waited on: it is listed with the earlier decision.
"""

from __future__ import annotations

import copy
from dataclasses import dataclass, field
from typing import Any

from .addressing import (
    descendants,
    describe_identity,
    identity,
    index,
    kind_of,
    split_path,
)
from .apply import ApplyError, apply_operation
from .decisions import change_id
from .describe import describe_operation
from .diff import diff, same, strip_item

__all__ = ["Conflict", "MergeResult", "merge"]

HARD, SOFT, LOCKED, DECLINED = "hard", "soft", "locked", "declined"
SAME = "both sides made the same change"
BOTH_KEPT = "both sides changed this item, in different ways; both kept"


@dataclass
class Conflict:
    """One place where both sides touched the same thing."""

    level: str  # soft | hard | locked | declined
    subject: str  # what it is about, e.g. "label of field 'x'"
    reason: str
    theirs: dict  # their operation
    ours: list[dict] = field(default_factory=list)
    sentence: str = ""  # their operation as a sentence
    decision: str | None = None  # ours | theirs once decided (or automatically, for soft)
    earlier: Any = None  # for a declined change: the Decision read from our change log


@dataclass
class MergeResult:
    merged: dict
    applied: list[dict]  # their operations that were applied (as given)
    conflicts: list[Conflict]

    @property
    def soft(self) -> list[Conflict]:
        return [c for c in self.conflicts if c.level == SOFT]

    @property
    def declined(self) -> list[Conflict]:
        """Their changes we declined before: not applied, not waiting for anyone."""
        return [c for c in self.conflicts if c.level == DECLINED]

    @property
    def pending(self) -> list[Conflict]:
        """Hard conflicts still waiting for a person to decide."""
        return [c for c in self.conflicts if c.level == HARD and c.decision is None]

    @property
    def clean(self) -> bool:
        return not self.pending


def _subtree(item: dict, noun: str, kind: str, ident: tuple) -> set[tuple]:
    return {ident, *descendants(item, noun, kind, ident)}


def _ancestors(ident: tuple, idx: dict) -> list[tuple]:
    out, seen = [], set()
    while ident in idx and idx[ident].owner and ident not in seen:
        seen.add(ident)
        ident = idx[ident].owner
        out.append(ident)
    return out


class _Ours:
    """What our side changed, keyed for conflict look-ups."""

    def __init__(self, base: dict, ours: dict, ops: list[dict], kind: str):
        self.base_idx = index(base, kind)
        self.ours_idx = index(ours, kind)
        self.removed: set[tuple] = set()
        self.sets: dict[tuple, list[tuple[tuple, dict]]] = {}
        self.moved: dict[tuple, dict] = {}
        self.added: dict[tuple, dict] = {}
        self.touched: dict[tuple, list[dict]] = {}  # item -> our ops on it or inside it
        for op in ops:
            name = op["op"]
            if name == "set":
                item_path, prop = split_path(kind, op["path"])
                ident = identity(kind, item_path)
                self.sets.setdefault(ident, []).append((tuple(prop), op))
                self._touch(ident, op)
            elif name.startswith("remove_"):
                ident = identity(kind, op["path"])
                entry = self.base_idx.get(ident)
                if entry is not None:
                    self.removed |= _subtree(entry.item, entry.noun, kind, ident)
            elif name.startswith("move_"):
                ident = identity(kind, op["path"])
                self.moved[ident] = op
                self._touch(ident, op)
            elif name.startswith("add_"):
                ident = identity(kind, op["path"])
                noun = name[4:]
                for sub in _subtree(op[noun], noun, kind, ident):
                    self.added[sub] = op
                self._touch(identity(kind, op["path"][:-2]), op)

    def _touch(self, ident: tuple, op: dict) -> None:
        for one in [ident, *_ancestors(ident, self.base_idx)]:
            self.touched.setdefault(one, []).append(op)


def _statutory(item: dict | None) -> bool:
    return isinstance(item, dict) and bool(item.get("statutory"))


_Verdict = tuple[str | None, str, list]
_CLEAN: _Verdict = (None, "", [])


def _classify(op: dict, ours: _Ours, current: dict, kind: str) -> _Verdict:
    """(level or None when clean, reason, our operations involved)."""
    verb = "set" if op["op"] == "set" else op["op"].partition("_")[0]
    return _CLASSIFIERS[verb](op, ours, index(current, kind), kind)


def _classify_set(op: dict, ours: _Ours, cur_idx: dict, kind: str) -> _Verdict:
    item_path, prop = split_path(kind, op["path"])
    ident = identity(kind, item_path)
    if ident in ours.removed:
        return HARD, "it was deleted here", []
    item = cur_idx[ident].item if ident in cur_idx else None
    if ident[:1] == ("field",) and _statutory(item) and prop[:1] in (["type"], ["statutory"]):
        return LOCKED, "it feeds a statutory return; an import cannot change that", []
    for our_prop, our_op in ours.sets.get(ident, []):
        n = min(len(our_prop), len(prop))
        if our_prop[:n] != tuple(prop[:n]):
            continue
        same_key = our_prop == tuple(prop) and ("new" in op) == ("new" in our_op)
        if same_key and ("new" not in op or same(op["new"], our_op["new"])):
            return SOFT, SAME, [our_op]
        return HARD, "both sides changed it differently", [our_op]
    if ident in ours.sets or ident in ours.moved:
        return SOFT, BOTH_KEPT, []
    return _CLEAN


def _classify_add(op: dict, ours: _Ours, cur_idx: dict, kind: str) -> _Verdict:
    noun = op["op"].partition("_")[2]
    ident = identity(kind, op["path"])
    if identity(kind, op["path"][:-2]) in ours.removed:
        return HARD, "it was added to something deleted here", []
    if ident not in ours.added:
        return _CLEAN
    ours_op = ours.added[ident]
    if ident in cur_idx and same(cur_idx[ident].item, op[noun]):
        return SOFT, "both sides added the same thing", [ours_op]
    return HARD, "both sides added an item with this id, differently", [ours_op]


def _classify_remove(op: dict, ours: _Ours, cur_idx: dict, kind: str) -> _Verdict:
    noun = op["op"].partition("_")[2]
    ident = identity(kind, op["path"])
    if ident in ours.removed:
        return SOFT, "both sides deleted it", []
    entry = ours.base_idx.get(ident)
    subtree = _subtree(entry.item, noun, kind, ident) if entry else {ident}
    here = cur_idx.get(ident)
    if here is not None:
        subtree |= _subtree(here.item, noun, kind, ident)
    if any(_statutory(cur_idx[s].item) for s in subtree if s in cur_idx and s[0] == "field"):
        return LOCKED, "it holds a statutory field, which an import cannot remove", []
    changed = [op2 for s in subtree for op2 in ours.touched.get(s, [])]
    if changed:
        return HARD, "it was deleted there but changed here", changed
    return _CLEAN


def _classify_move(op: dict, ours: _Ours, cur_idx: dict, kind: str) -> _Verdict:
    ident = identity(kind, op["path"])
    if ident in ours.removed:
        return HARD, "it was deleted here", []
    if identity(kind, op["to"][:-2]) in ours.removed:
        return HARD, "it was moved into something deleted here", []
    if ident in ours.moved:
        our_op = ours.moved[ident]
        if our_op["to"] == op["to"] and our_op.get("after") == op.get("after"):
            return SOFT, "both sides made the same move", [our_op]
        return HARD, "both sides moved it, to different places", [our_op]
    return _CLEAN


# One classifier per kind of operation: change a property, add, remove or move an item.
_CLASSIFIERS = {
    "set": _classify_set,
    "add": _classify_add,
    "remove": _classify_remove,
    "move": _classify_move,
}


def _placement(base_idx: dict, kind: str, op: dict):
    """Where an item goes when the sibling it followed has been deleted here."""
    if op["op"] == "set":
        return None
    path = op.get("to") or op["path"]
    owner, coll = identity(kind, path[:-2]), path[-2]
    base_ids = [e.path[-1] for e in base_idx.values() if e.owner == owner and e.collection == coll]

    def place(container: list, after: Any, key: str, new_id: Any) -> int:
        ids = [c.get(key) for c in container]
        earlier = base_ids[: base_ids.index(after)] if after in base_ids else []
        for sibling in reversed(earlier):
            if sibling in ids:
                return ids.index(sibling) + 1
        return 0

    return place


def _subject(op: dict, kind: str) -> str:
    item_path, prop = split_path(kind, op["path"])
    what = describe_identity(identity(kind, item_path))
    return f"{'.'.join(prop)} of {what}" if op["op"] == "set" and prop else what


def _take_theirs(doc: dict, op: dict, theirs: dict, kind: str, base_idx: dict) -> None:
    """Make their side win for one hard conflict (restoring what we deleted if need be)."""
    name = op["op"]
    place = _placement(base_idx, kind, op)
    target = op["path"] if name == "set" else op.get("to") or op["path"]
    ident = identity(kind, split_path(kind, target)[0] if name == "set" else target)
    cur_idx, their_idx = index(doc, kind), index(theirs, kind)
    if name.startswith("remove_"):
        if ident in cur_idx:
            cur_idx[ident].container.remove(cur_idx[ident].item)
        return
    # bring back (their version of) whatever we deleted on the way to the item
    chain = [ident, *_ancestors(ident, their_idx)]
    missing = [i for i in chain if i not in cur_idx and i in their_idx]
    if missing:
        top = their_idx[missing[-1]]
        value = strip_item(top.item, top.noun, kind, top.identity, lambda i: i not in cur_idx)
        siblings = [e.path[-1] for e in their_idx.values() if e.owner == top.owner]
        pos = siblings.index(top.path[-1])
        add: dict[str, Any] = {"op": f"add_{top.noun}", "path": top.path, top.noun: value}
        add["after"] = siblings[pos - 1] if pos else None
        apply_operation(doc, add, kind, verify=False, placement=place)
        return
    if name.startswith("add_") and ident in cur_idx:
        cur_idx[ident].container.remove(cur_idx[ident].item)
    apply_operation(doc, op, kind, verify=False, placement=place)


def merge(
    base: dict,
    ours: dict,
    theirs: dict,
    kind: str | None = None,
    prefer: str | None = None,
    *,
    declined: dict | None = None,
) -> MergeResult:
    """Merge the changes from ``base`` to ``theirs`` into ``ours``.

    ``prefer`` ("ours" or "theirs") decides every hard conflict that way; locked
    changes are never taken. ``declined`` maps the identities of changes we declined
    before (decisions.change_id) to the earlier decision: those are left out and
    listed as *declined* (already decided for ours), unless we already have the same
    change or it is locked. The result lists every soft, hard, locked and declined
    conflict.
    """
    if prefer not in (None, "ours", "theirs"):
        raise ValueError("prefer must be 'ours' or 'theirs'")
    kind = kind or kind_of(ours)
    our_ops, their_ops = diff(base, ours, kind), diff(base, theirs, kind)
    mine = _Ours(base, ours, our_ops, kind)
    merged = copy.deepcopy(ours)
    applied: list[dict] = []
    conflicts: list[Conflict] = []
    doc_id = theirs.get("id", ours.get("id"))
    for op in their_ops:
        level, reason, involved = _classify(op, mine, merged, kind)
        earlier = declined.get(change_id(kind, doc_id, op)) if declined else None
        if earlier is not None and (level in (None, HARD) or reason == BOTH_KEPT):
            conflicts.append(
                Conflict(
                    DECLINED,
                    _subject(op, kind),
                    earlier.summary,
                    op,
                    involved,
                    describe_operation(op, base, theirs, kind),
                    "ours",
                    earlier,
                )
            )
            continue
        if level is None or reason == BOTH_KEPT:
            try:  # apply_operation leaves the document unchanged when it fails
                apply_operation(merged, op, kind, placement=_placement(mine.base_idx, kind, op))
                applied.append(op)
            except (ApplyError, KeyError, ValueError) as exc:
                level, reason = HARD, f"it depends on a change not taken: {exc}"
        if level is not None:
            sentence = describe_operation(op, base, theirs, kind)
            # soft and locked conflicts are decided at once; hard ones wait for a person
            decision = None if level == HARD else ("theirs" if reason == BOTH_KEPT else "ours")
            conflicts.append(
                Conflict(level, _subject(op, kind), reason, op, involved, sentence, decision)
            )
    if prefer:
        merged = _decide_hard(conflicts, prefer, merged, theirs, kind, mine.base_idx)
    return MergeResult(merged, applied, conflicts)


def _decide_hard(
    conflicts: list[Conflict], prefer: str, merged: dict, theirs: dict, kind: str, base_idx: dict
) -> dict:
    """Decide every undecided hard conflict as ``prefer`` says; the merged document, with
    theirs taken where that could be done (a change that cannot be taken stays undecided)."""
    for conflict in conflicts:
        if conflict.level != HARD or conflict.decision is not None:
            continue
        if prefer == "ours":
            conflict.decision = "ours"
            continue
        snapshot = copy.deepcopy(merged)
        try:
            _take_theirs(merged, conflict.theirs, theirs, kind, base_idx)
            conflict.decision = "theirs"
        except (ApplyError, KeyError, ValueError):
            merged = snapshot
    return merged
