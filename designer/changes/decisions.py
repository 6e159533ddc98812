"""Decisions about another council's changes, kept in our own change log.

An import that does not take one of their changes (left unticked, or a conflict where
we kept our version) writes a version whose change set lists the decision under
``decisions``; so does one that takes a change declined before, and one where an
import refused a change to a statutory field. Reading them back
(``earlier_decisions``), the next import of the same change shows it as already
declined, with when, who and why, and does not take it unless asked to
(``plan_import(..., reconsider=True)``).

**Which change is "the same change".** An import offers their changes as operations
from the version both councils share to their latest one (the engine's diff), and
that shared version does not move when we take only some of their changes. A later
bundle from the same council, or the same bundle again, therefore offers an upstream
change they have not touched since as the very same operation. A change's identity
(``change_id``) is the sha256 of the canonical JSON of:

- the definition's kind and id;
- the operation, with the item it is about named by its *identity* rather than its
  path (a field is the same field in whichever section it sits), and without the
  ``after`` of an addition (where a new item goes depends on their other additions,
  not on what the addition is);
- everything else the operation says: the property and its old and new value for a
  ``set``, the whole item for an ``add_*`` or ``remove_*``, the new owner, collection
  and ``after`` for a ``move_*``.

So the same edit is recognised whichever bundle brings it, and whichever council;
when they change the same thing again (a new label for the field, say), that is a
different change and is offered as new. The upstream change sets that made it are
recorded (``offered_in``) for the reader, not used for matching: one offered
operation can combine several of their change sets, and their ids say nothing about
what the change is.

A change set's ``decisions`` entry: ``change`` (the identity), ``decision``
(``declined``: offered and not taken; ``kept_ours``: a conflict decided for our
version; ``reconsidered``: taken now after being declined earlier; ``locked``: a
change to a statutory field an import refused, for the record), ``sentence`` (the
change as the engine describes it), ``offered_by`` (their council), ``offered_in``
(their change set ids) and ``reason``. When and who are the change set's own
``date`` and ``author``. The latest decision about a change is the one that counts.
"""

from __future__ import annotations

from dataclasses import dataclass

from .addressing import identity, split_path
from .source import sha256_of

__all__ = [
    "DECLINED",
    "KEPT_OURS",
    "LOCKED",
    "NOT_TAKEN",
    "RECONSIDERED",
    "Decision",
    "change_id",
    "earlier_decisions",
    "origins",
]

DECLINED, KEPT_OURS, RECONSIDERED, LOCKED = "declined", "kept_ours", "reconsidered", "locked"
NOT_TAKEN = (DECLINED, KEPT_OURS)  # the decisions that stop a change being taken again


def _item(kind: str, op: dict) -> list:
    path = op.get("path") or []
    if op.get("op") == "set":
        path = split_path(kind, path)[0]
    return list(identity(kind, path))


def change_id(kind: str, doc_id: str | None, op: dict) -> str:
    """The identity of one of their changes to definition ``doc_id`` (see above)."""
    name = str(op.get("op", ""))
    key: dict = {"op": name, "item": _item(kind, op)}
    if name == "set":
        key["property"] = split_path(kind, op.get("path") or [])[1]
        for part in ("old", "new"):
            if part in op:
                key[part] = op[part]
    else:
        verb, _, noun = name.partition("_")
        if verb == "add":
            key[noun] = op.get(noun)
        elif verb == "remove":
            key["old"] = op.get("old")
        else:
            to = op.get("to") or []
            key["to"] = [list(identity(kind, to[:-2])), to[-2] if len(to) >= 2 else None]
            key["after"] = op.get("after")
    return sha256_of({"kind": kind, "id": doc_id, "change": key})


def origins(kind: str, op: dict, changesets: list[dict]) -> list[str]:
    """Ids of their change sets that touched the item ``op`` is about (provenance for
    the reader); their newest one when none can be matched."""
    item = _item(kind, op)
    found = [
        cs["id"]
        for cs in changesets
        if any(_item(kind, their) == item for their in cs.get("operations") or [])
    ]
    return found or [cs["id"] for cs in changesets[-1:]]


@dataclass(frozen=True)
class Decision:
    """One decision about one of their changes, as recorded (or to be recorded)."""

    change: str
    decision: str
    sentence: str
    offered_by: str | None = None
    offered_in: tuple[str, ...] = ()
    reason: str | None = None
    # where it is recorded: filled in when read back from the change log
    version: int | None = None
    changeset: str | None = None
    date: str | None = None
    author: str | None = None
    council: str | None = None

    def record(self) -> dict:
        """The entry for a change set's ``decisions``."""
        out: dict = {"change": self.change, "decision": self.decision, "sentence": self.sentence}
        if self.offered_by:
            out["offered_by"] = self.offered_by
        if self.offered_in:
            out["offered_in"] = list(self.offered_in)
        if self.reason:
            out["reason"] = self.reason
        return out

    @property
    def summary(self) -> str:
        """'already declined on 2026-11-24 by Dee Marsh of Council B, <reason>'."""
        who = self.author or "someone"
        if self.council:
            who += f" of {self.council}"
        text = f"already declined on {self.date} by {who}"
        if self.decision == KEPT_OURS:
            text += " (our version kept)"
        if self.reason:
            text += f", {self.reason.strip()}"
        return text

    def to_data(self) -> dict:
        """Plain data for screens and JSON (what, when, who, why)."""
        return {
            "decision": self.decision,
            "sentence": self.sentence,
            "offered_by": self.offered_by,
            "offered_in": list(self.offered_in),
            "reason": self.reason,
            "version": self.version,
            "changeset": self.changeset,
            "date": self.date,
            "author": self.author,
            "council": self.council,
        }


def earlier_decisions(changesets: list[dict]) -> dict[str, Decision]:
    """Every change our change log has a decision about, by change identity: the
    latest decision about each (change sets oldest first, as Library.changesets)."""
    out: dict[str, Decision] = {}
    for cs in changesets:
        for entry in cs.get("decisions") or []:
            out[entry["change"]] = Decision(
                change=entry["change"],
                decision=entry["decision"],
                sentence=entry.get("sentence", ""),
                offered_by=entry.get("offered_by"),
                offered_in=tuple(entry.get("offered_in") or ()),
                reason=entry.get("reason"),
                version=cs["result"]["version"],
                changeset=cs["id"],
                date=str(cs.get("date", "")),
                author=cs.get("author"),
                council=cs.get("council"),
            )
    return out
