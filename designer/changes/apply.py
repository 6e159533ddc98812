"""Apply operations to a definition mapping, checking each one against what is there."""

from __future__ import annotations

import copy
from collections.abc import Callable
from typing import Any

from .addressing import (
    MISSING,
    AddressError,
    collections,
    descendants,
    describe_identity,
    identity,
    index,
    key_of,
    kind_of,
    lookup,
    split_path,
)
from .diff import same

__all__ = ["ApplyError", "apply_operation", "apply_operations"]


class ApplyError(ValueError):
    """An operation that does not fit the definition it is applied to."""

    def __init__(self, message: str, op: dict | None = None, position: int | None = None):
        super().__init__(message)
        self.op = op
        self.position = position


def _short(value: Any) -> str:
    text = repr(value)
    return text if len(text) <= 60 else text[:57] + "..."


def _verb_noun(op: dict) -> tuple[str, str]:
    """("set", "") or the verb and the noun of an item operation ("add", "field")."""
    name = op.get("op")
    if name == "set":
        return "set", ""
    verb, _, noun = str(name).partition("_")
    if verb not in {"add", "remove", "move"} or not noun:
        raise ApplyError(f"Unknown operation {name!r}", op)
    return verb, noun


def _container(doc: dict, idx: dict, kind: str, item_path: list, noun: str) -> list:
    """The list an item at ``item_path`` belongs in (created if the owner lacks it)."""
    owner_path, coll = item_path[:-2], item_path[-2]
    owner = identity(kind, owner_path)
    if owner and owner not in idx:
        raise ApplyError(f"{describe_identity(owner).capitalize()} does not exist")
    node = doc if not owner else idx[owner].item
    owner_noun = idx[owner].noun if owner else None
    if collections(kind, owner_noun).get(coll) != noun:
        raise ApplyError(f"A {noun} cannot be placed in {coll!r} of {describe_identity(owner)}")
    if not isinstance(node.get(coll), list):
        node[coll] = []
    return node[coll]


Placement = Callable[[list, Any, str, Any], int]


def _position(container: list, key: str, after: Any, new_id: Any, placement) -> int:
    if after is None:
        return 0
    ids = [c.get(key) for c in container]
    if after in ids:
        return ids.index(after) + 1
    if placement is None:
        raise ApplyError(f"'{after}' is not there to place this after")
    return placement(container, after, key, new_id)


def _insert(container: list, key: str, after: Any, item: dict, placement) -> None:
    container.insert(_position(container, key, after, item.get(key), placement), item)


def _apply_add(
    doc: dict, idx: dict, kind: str, op: dict, noun: str, placement: Placement | None
) -> None:
    path, key = op["path"], key_of(noun)
    ident = identity(kind, path)
    item = op.get(noun)
    if not isinstance(item, dict) or item.get(key) != path[-1]:
        raise ApplyError(f"The new {noun} must be a mapping with {key} '{path[-1]}'", op)
    if ident in idx:
        raise ApplyError(f"{describe_identity(ident).capitalize()} already exists", op)
    clash = [d for d in descendants(item, noun, kind, ident) if d in idx]
    if clash:
        raise ApplyError(f"{describe_identity(clash[0]).capitalize()} already exists", op)
    container = _container(doc, idx, kind, path, noun)
    _insert(container, key, op.get("after"), copy.deepcopy(item), placement)


def apply_operation(
    doc: dict,
    op: dict,
    kind: str | None = None,
    *,
    verify: bool = True,
    placement: Placement | None = None,
) -> None:
    """Apply one operation to ``doc`` in place; when it raises, ``doc`` is unchanged.

    ``verify`` checks the operation's old values against the document. ``placement``
    decides where an item goes when its ``after`` anchor has gone (merges only).
    """
    kind = kind or kind_of(doc)
    verb, noun = _verb_noun(op)
    path = op.get("path")
    if not isinstance(path, list) or (verb != "set" and len(path) < 2):
        raise ApplyError("The operation has no usable path", op)
    idx = index(doc, kind)
    if verb == "set":
        _apply_set(doc, idx, kind, op, verify)
        return
    ident = identity(kind, path)
    key = key_of(noun)
    if verb == "add":
        _apply_add(doc, idx, kind, op, noun, placement)
        return
    if ident not in idx:
        raise ApplyError(f"{describe_identity(ident).capitalize()} does not exist", op)
    entry = idx[ident]
    if verb == "remove":
        if verify and "old" in op and not same(entry.item, op["old"]):
            raise ApplyError(
                f"{describe_identity(ident).capitalize()} is not as the change set expects", op
            )
        entry.container.remove(entry.item)
        return
    to = op.get("to")
    if not isinstance(to, list) or len(to) < 2 or identity(kind, to) != ident:
        raise ApplyError("A move needs 'to': the item's new path", op)
    if verify and identity(kind, path[:-2]) != entry.owner:
        raise ApplyError(f"{describe_identity(ident).capitalize()} is not where expected", op)
    new_owner = identity(kind, to[:-2])
    if new_owner == ident or new_owner in set(descendants(entry.item, noun, kind, ident)):
        raise ApplyError(f"{describe_identity(ident).capitalize()} cannot go inside itself", op)
    container = _container(doc, idx, kind, to, noun)  # checked before anything changes
    entry.container.remove(entry.item)
    _insert(container, key, op.get("after"), entry.item, placement)


def _apply_set(doc: dict, idx: dict, kind: str, op: dict, verify: bool) -> None:
    item_path, prop = split_path(kind, op["path"])
    if not prop:
        raise ApplyError("A 'set' needs a property after the item's path", op)
    ident = identity(kind, item_path)
    if ident and ident not in idx:
        raise ApplyError(f"{describe_identity(ident).capitalize()} does not exist", op)
    node = doc if not ident else idx[ident].item
    current = lookup(node, prop)
    if verify:
        expected = op.get("old", MISSING)
        if not (current is MISSING and expected is MISSING) and (
            current is MISSING or expected is MISSING or not same(current, expected)
        ):
            where = ".".join(str(p) for p in prop)
            now = "not set" if current is MISSING else _short(current)
            raise ApplyError(
                f"Expected {where} of {describe_identity(ident)} to be "
                f"{'not set' if expected is MISSING else _short(expected)}, but it is {now}",
                op,
            )
    parent = node
    for k in prop[:-1]:
        if not isinstance(parent.get(k), dict):
            if "new" not in op:
                return
            parent[k] = {}
        parent = parent[k]
    if "new" in op:
        parent[prop[-1]] = copy.deepcopy(op["new"])
    else:
        parent.pop(prop[-1], None)


def apply_operations(
    doc: dict, ops: list[dict], kind: str | None = None, *, verify: bool = True
) -> dict:
    """A new mapping: ``doc`` with ``ops`` applied in order (``doc`` is not changed)."""
    kind = kind or (kind_of(doc) if doc else "form")
    result = copy.deepcopy(doc)
    for n, op in enumerate(ops):
        try:
            apply_operation(result, op, kind, verify=verify)
        except (ApplyError, AddressError, KeyError, TypeError) as exc:
            message = exc.args[0] if exc.args else str(exc)
            raise ApplyError(f"Operation {n + 1} ({op.get('op')}): {message}", op, n) from exc
    return result
