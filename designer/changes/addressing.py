"""How the change engine names things: by ids, never by list positions.

A definition is a tree of *items* kept in id-keyed *collections* (a form's sections,
a section's fields, a field's options; a pathway's stages, a stage's prefill, ...).
An item's *path* is the chain of (collection, id) pairs that leads to it, e.g.
``["sections", "reasons", "fields", "concern_summary"]``; a property path carries on
with plain keys (``[..., "label"]``). An item's *identity* is what stays the same when
it moves: field ids are unique across a whole form, so a field's identity is just
``("field", id)`` wherever it sits; an option is ``("field", f, "option", o)``.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

# collections by (document kind, owning noun or None for the top level)
COLLECTIONS: dict[tuple[str, str | None], dict[str, str]] = {
    ("form", None): {"sections": "section"},
    ("form", "section"): {"fields": "field"},
    ("form", "field"): {"fields": "field", "options": "option"},
    ("pathway", None): {
        "parameters": "parameter",
        "events": "event",
        "stages": "stage",
        "transitions": "transition",
        "triggers": "trigger",
    },
    ("pathway", "stage"): {"prefill": "prefill"},
}
# the key that identifies an item of each noun (prefill entries are named by their field)
KEY_OF = {"prefill": "field"}
# nouns whose ids are unique across the whole document, so moves keep their identity
GLOBAL_NOUNS = {"field"}
# properties compared as one value (rules are JSON Logic: a change is a new rule)
ATOMIC_KEYS = {"show_if", "required_if", "calculation", "when", "rule", "validations"}
NOUNS = sorted({n for table in COLLECTIONS.values() for n in table.values()})


class AddressError(LookupError):
    """A path that does not name anything in the document."""


def kind_of(doc: dict) -> str:
    """``"pathway"`` or ``"form"`` for a definition mapping."""
    return "pathway" if "stages" in doc else "form"


def key_of(noun: str) -> str:
    return KEY_OF.get(noun, "id")


def collections(kind: str, noun: str | None) -> dict[str, str]:
    return COLLECTIONS.get((kind, noun), {})


def child_identity(owner: tuple, noun: str, item_id: object) -> tuple:
    """The identity of item ``item_id`` of kind ``noun`` inside the item ``owner``."""
    return (noun, item_id) if noun in GLOBAL_NOUNS else owner + (noun, item_id)


def identity(kind: str, path: list) -> tuple:
    """The identity of the item named by an item path (property keys are ignored)."""
    ident: tuple = ()
    noun: str | None = None
    i = 0
    while i + 1 < len(path):
        table = collections(kind, noun)
        if path[i] not in table:
            break
        noun = table[path[i]]
        ident = child_identity(ident, noun, path[i + 1])
        i += 2
    return ident


def split_path(kind: str, path: list) -> tuple[list, list]:
    """Split a path into (item path, property path)."""
    noun: str | None = None
    i = 0
    while i + 1 < len(path):
        table = collections(kind, noun)
        if path[i] not in table:
            break
        noun = table[path[i]]
        i += 2
    return list(path[:i]), list(path[i:])


@dataclass
class Entry:
    """Where one item sits in a document."""

    identity: tuple
    noun: str
    path: list  # item path as it is now
    item: dict
    container: list  # the list holding the item
    owner: tuple  # identity of the owning item, () for the top level
    collection: str  # the collection name within the owner


def index(doc: dict, kind: str | None = None) -> dict[tuple, Entry]:
    """Every item of the document by identity."""
    kind = kind or kind_of(doc)
    out: dict[tuple, Entry] = {}

    def walk(node: dict, noun: str | None, ident: tuple, path: list) -> None:
        for coll, child_noun in collections(kind, noun).items():
            items = node.get(coll)
            if not isinstance(items, list):
                continue
            key = key_of(child_noun)
            for item in items:
                if not isinstance(item, dict) or key not in item:
                    continue
                cid = item[key]
                child_ident = child_identity(ident, child_noun, cid)
                child_path = [*path, coll, cid]
                out[child_ident] = Entry(
                    child_ident, child_noun, child_path, item, items, ident, coll
                )
                walk(item, child_noun, child_ident, child_path)

    walk(doc, None, (), [])
    return out


def descendants(item: dict, noun: str, kind: str, ident: tuple) -> Iterator[tuple]:
    """Identities of every item nested inside ``item`` (whose identity is ``ident``)."""
    for coll, child_noun in collections(kind, noun).items():
        for child in item.get(coll) or []:
            if isinstance(child, dict):
                cident = child_identity(ident, child_noun, child.get(key_of(child_noun)))
                yield cident
                yield from descendants(child, child_noun, kind, cident)


def describe_identity(ident: tuple) -> str:
    parts = [f"{ident[i]} '{ident[i + 1]}'" for i in range(0, len(ident), 2)]
    return " of ".join(reversed(parts)) if parts else "the definition"


MISSING = object()


def lookup(node: Any, keys: list) -> Any:
    """The value at ``keys`` under ``node``, or MISSING."""
    for k in keys:
        if not isinstance(node, dict) or k not in node:
            return MISSING
        node = node[k]
    return node
