"""Semantic diff: the operations that turn one version of a definition into another.

Operations are addressed by ids (see ``addressing``), carry the old value so they can
be verified when applied, and come in an order that rebuilds the new version exactly
when applied one after another: additions and moves in the new version's order
(containers before their contents), each followed by its property changes; then
removals of whatever the new version no longer has.

Operation shapes (``<noun>`` is section, field, option, parameter, event, stage,
transition, trigger or prefill):

- ``{op: add_<noun>, path: [..., <collection>, <id>], after: <id or null>, <noun>: {...}}``
- ``{op: remove_<noun>, path: [...], old: {...}}``
- ``{op: move_<noun>, path: <old path>, to: <new path>, after: <id or null>}``
- ``{op: set, path: [..., <property>, ...], old: <value>, new: <value>}`` where a
  missing ``old`` means the property did not exist and a missing ``new`` removes it.
"""

from __future__ import annotations

import copy
from collections.abc import Callable
from typing import Any

from .addressing import (
    ATOMIC_KEYS,
    Entry,
    child_identity,
    collections,
    index,
    key_of,
    kind_of,
)

__all__ = ["diff", "same", "strip_item"]

TOP_LEVEL_SKIP = {"version"}


def same(a: Any, b: Any) -> bool:
    """Equality that tells ``True`` from ``1`` and ``1`` from ``1.0`` (as JSON does)."""
    if type(a) is not type(b):
        return False
    if isinstance(a, dict):
        return a.keys() == b.keys() and all(same(a[k], b[k]) for k in a)
    if isinstance(a, list):
        return len(a) == len(b) and all(same(x, y) for x, y in zip(a, b, strict=True))
    return a == b


def strip_item(item: dict, noun: str, kind: str, ident: tuple, keep) -> dict:
    """A deep copy of ``item`` keeping only nested items for which ``keep(identity)``."""
    out = {}
    table = collections(kind, noun)
    for key, value in item.items():
        if key in table and isinstance(value, list):
            child_noun = table[key]
            kept = []
            for child in value:
                if not isinstance(child, dict):
                    kept.append(copy.deepcopy(child))
                    continue
                cid = child.get(key_of(child_noun))
                cident = child_identity(ident, child_noun, cid)
                if keep(cident):
                    kept.append(strip_item(child, child_noun, kind, cident, keep))
            out[key] = kept
        else:
            out[key] = copy.deepcopy(value)
    return out


def _props(a: dict, b: dict, path: list, skip: set, ops: list) -> None:
    keys = list(a) + [k for k in b if k not in a]
    for key in keys:
        if key in skip:
            continue
        here = [*path, key]
        if key not in b:
            ops.append({"op": "set", "path": here, "old": copy.deepcopy(a[key])})
        elif key not in a:
            ops.append({"op": "set", "path": here, "new": copy.deepcopy(b[key])})
        elif same(a[key], b[key]):
            continue
        elif isinstance(a[key], dict) and isinstance(b[key], dict) and key not in ATOMIC_KEYS:
            _props(a[key], b[key], here, set(), ops)
        else:
            ops.append(
                {
                    "op": "set",
                    "path": here,
                    "old": copy.deepcopy(a[key]),
                    "new": copy.deepcopy(b[key]),
                }
            )


def _stays(a_ids: list, b_ids: list) -> set:
    """Ids in a longest common subsequence: the items that keep their place."""
    n, m = len(a_ids), len(b_ids)
    if a_ids == b_ids:
        return set(a_ids)
    table = [[0] * (m + 1) for _ in range(n + 1)]
    for i in range(n - 1, -1, -1):
        for j in range(m - 1, -1, -1):
            table[i][j] = (
                table[i + 1][j + 1] + 1
                if a_ids[i] == b_ids[j]
                else max(table[i + 1][j], table[i][j + 1])
            )
    out, i, j = set(), 0, 0
    while i < n and j < m:
        if a_ids[i] == b_ids[j]:
            out.add(a_ids[i])
            i, j = i + 1, j + 1
        elif table[i + 1][j] >= table[i][j + 1]:
            i += 1
        else:
            j += 1
    return out


def diff(old: dict, new: dict, kind: str | None = None) -> list[dict]:
    """The operations that turn ``old`` into ``new`` (``version`` is left to the change set)."""
    kind = kind or kind_of(new if new else old)
    a_idx, b_idx = index(old, kind), index(new, kind)
    ops: list[dict] = []
    top_colls = set(collections(kind, None))
    _props(old, new, [], TOP_LEVEL_SKIP | top_colls, ops)

    def walk(a_node: dict | None, b_node: dict, noun: str | None, ident: tuple, path: list) -> None:
        for coll, child_noun in collections(kind, noun).items():
            a_list = a_node.get(coll) if a_node is not None else None
            b_list = b_node.get(coll)
            if not isinstance(b_list, list):
                continue
            key = key_of(child_noun)
            if a_node is not None and not isinstance(a_list, list):
                ops.append({"op": "set", "path": [*path, coll], "new": []})

            def cident(cid: Any, child_noun: str = child_noun) -> tuple:
                return child_identity(ident, child_noun, cid)

            stays = _staying(a_list, b_list, key, cident, (ident, coll), b_idx)
            prev = None
            for child in b_list:
                cid = child[key]
                child_ident = cident(cid)
                child_path = [*path, coll, cid]
                if child_ident not in a_idx:
                    if a_node is not None:
                        value = strip_item(
                            child, child_noun, kind, child_ident, lambda i: i not in a_idx
                        )
                        ops.append(
                            {
                                "op": f"add_{child_noun}",
                                "path": child_path,
                                "after": prev,
                                child_noun: value,
                            }
                        )
                    walk(None, child, child_noun, child_ident, child_path)
                else:
                    entry = a_idx[child_ident]
                    same_place = entry.owner == ident and entry.collection == coll
                    if not same_place or cid not in stays:
                        ops.append(
                            {
                                "op": f"move_{child_noun}",
                                "path": entry.path,
                                "to": child_path,
                                "after": prev,
                            }
                        )
                    skip = set(collections(kind, child_noun)) | {key}
                    _props(entry.item, child, child_path, skip, ops)
                    walk(entry.item, child, child_noun, child_ident, child_path)
                prev = cid

    walk(old, new, None, (), [])

    ops += _removals(a_idx, b_idx, kind)
    ops += _emptied(old, new, a_idx, b_idx, kind)
    return ops


def _staying(
    a_list: Any, b_list: list, key: str, cident: Callable, place: tuple, b_idx: dict
) -> set:
    """Ids of the children that stay in this list (``place``: owner and collection) in
    the same order, so they are not moves."""
    if not isinstance(a_list, list):
        return set()
    ident, coll = place
    here = {
        c[key]
        for c in a_list
        if cident(c[key]) in b_idx
        and b_idx[cident(c[key])].owner == ident
        and b_idx[cident(c[key])].collection == coll
    }
    b_ids = [c[key] for c in b_list]
    return _stays([c[key] for c in a_list if c[key] in here], [i for i in b_ids if i in here])


def _removals(a_idx: dict, b_idx: dict, kind: str) -> list[dict]:
    """An item the new version lacks is removed where its owner stays (the owner's own
    removal takes it along otherwise)."""
    ops: list[dict] = []
    for ident, entry in a_idx.items():
        if ident in b_idx:
            continue
        if entry.owner == () or entry.owner in b_idx:
            value = strip_item(entry.item, entry.noun, kind, ident, lambda i: i not in b_idx)
            ops.append({"op": f"remove_{entry.noun}", "path": entry.path, "old": value})
    return ops


def _emptied(old: dict, new: dict, a_idx: dict, b_idx: dict, kind: str) -> list[dict]:
    """Collections the new version no longer has at all become empty lists."""
    emptied: list[list] = []
    kept: Entry | None  # None: the document itself
    for ident, kept in [((), None), *a_idx.items()]:
        if ident != () and ident not in b_idx:
            continue
        a_node = old if kept is None else kept.item
        b_node = new if kept is None else b_idx[ident].item
        path = [] if kept is None else b_idx[ident].path
        for coll in collections(kind, None if kept is None else kept.noun):
            if isinstance(a_node.get(coll), list) and coll not in b_node:
                emptied.append([*path, coll])
    return [{"op": "set", "path": path, "old": []} for path in emptied]
