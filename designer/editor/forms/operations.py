"""Edits to a form document as small operations addressed by ids (pure Python).

The editor never sends a whole form: it sends one operation ("move field x up",
"replace field x with these properties"). Operations are plain JSON so they can be
stored with the edit, and they address sections and fields by id, never by position,
so the same operation means the same thing on a newer revision of the draft.
"""

from __future__ import annotations

import copy
import keyword
import re

from designer.editor import census_words
from renderer.definitions import field_types
from renderer.definitions.identifiers import RESERVED, RULE_NAMESPACES

# The language's own list, from its schema.
FIELD_TYPES = field_types()
FORM_KEYS = (
    "title",
    "purpose",
    "owner",
    "summary_for_family",
    "authorisation",
    # A case note type's settings (designer/editor/forms/note_settings.py).
    "kind",
    "significant",
    "note_date",
    "visit_when",
)
OUTPUT_KEYS = ("title", "introduction", "template")


class OperationRefused(ValueError):
    """The operation cannot apply (unknown id, statutory lock, duplicate id...)."""


def new_form(form_id: str, title: str, owner: str) -> dict:
    return {
        "id": form_id,
        "version": 1,
        "title": title,
        "purpose": "",
        "owner": owner,
        "sections": [],
    }


def make_id(text: str, taken: set[str] | frozenset[str] = frozenset(), prefix: str = "q") -> str:
    """A snake_case id from a label that the loader will accept and that is not taken."""
    base = re.sub(r"[^a-z0-9]+", "_", (text or "").lower()).strip("_")[:50].strip("_")
    if not base or not base[0].isalpha():
        base = f"{prefix}_{base}".strip("_")
    if keyword.iskeyword(base) or base in RESERVED or base in RULE_NAMESPACES:
        base = f"{base}_{prefix}"
    ident, n = base, 2
    while ident in taken:
        ident, n = f"{base}_{n}", n + 1
    return ident


# -- finding things -------------------------------------------------------------------


def iter_fields(doc: dict):
    """(section, containing list, field, group or None) for every field, in page order."""
    for section in doc.get("sections") or []:
        for field in section.get("fields") or []:
            yield section, section["fields"], field, None
            for inner in (
                field.get("fields") or [] if field.get("type") == "repeating_group" else []
            ):
                yield section, field["fields"], inner, field


def field_ids(doc: dict) -> set[str]:
    return {f.get("id") for _, _, f, _ in iter_fields(doc)}


def find_field(doc: dict, field_id: str):
    for section, siblings, field, group in iter_fields(doc):
        if field.get("id") == field_id:
            return section, siblings, field, group
    raise OperationRefused(f"There is no question with the id '{field_id}' in this form.")


def find_section(doc: dict, section_id: str) -> dict:
    for section in doc.get("sections") or []:
        if section.get("id") == section_id:
            return section
    raise OperationRefused(f"There is no section with the id '{section_id}' in this form.")


def statutory_fields(doc: dict | None) -> dict[str, dict]:
    """field id -> {type, statutory} for every field that feeds a statutory return."""
    if not doc:
        return {}
    return {
        f["id"]: {"type": f.get("type"), "statutory": f["statutory"]}
        for _, _, f, _ in iter_fields(doc)
        if f.get("statutory")
    }


def locked_problems(doc: dict, locked: dict[str, dict]) -> list[str]:
    """What breaks the statutory locks of the published version (empty = fine)."""
    present = {f.get("id"): f for _, _, f, _ in iter_fields(doc)}
    out = []
    for field_id, lock in sorted(locked.items()):
        field = present.get(field_id)
        if field is None:
            out.append(
                f"'{field_id}' feeds {census_words.return_name(lock['statutory']['return'])} "
                f"(‘{census_words.item_name(lock['statutory']['item'])}’) and cannot be deleted."
            )
        elif field.get("type") != lock["type"] or field.get("statutory") != lock["statutory"]:
            out.append(
                f"'{field_id}' feeds {census_words.return_name(lock['statutory']['return'])}: "
                "its type and statutory mapping cannot change."
            )
    return out


# -- applying -------------------------------------------------------------------------


def _set_values(target: dict, values: dict, allowed: tuple[str, ...] | None = None) -> None:
    for key, value in values.items():
        if allowed is not None and key not in allowed:
            raise OperationRefused(f"'{key}' cannot be set here.")
        if value in (None, "", [], {}):
            target.pop(key, None)
        else:
            target[key] = value


def _insert_after(items: list, item: dict, after: str | None) -> None:
    if after is None:
        items.append(item)
        return
    for n, other in enumerate(items):
        if other.get("id") == after:
            items.insert(n + 1, item)
            return
    items.append(item)


def _move(items: list, index: int, direction: str) -> bool:
    target = index - 1 if direction == "up" else index + 1
    if 0 <= target < len(items):
        items[index], items[target] = items[target], items[index]
        return True
    return False


def _move_field(doc: dict, op: dict) -> None:
    section, siblings, field, group = find_field(doc, op["id"])
    index = siblings.index(field)
    if "section" in op:  # drag and drop: to a position in a (possibly other) section
        siblings.pop(index)
        to = find_section(doc, op["section"]).setdefault("fields", [])
        to.insert(max(0, min(int(op.get("index", len(to))), len(to))), field)
        return
    if _move(siblings, index, op["direction"]) or group is not None:
        return
    # At the top or bottom of a section, "move up/down" crosses into the next section,
    # so the keyboard alone can put a question anywhere.
    sections = doc["sections"]
    n = sections.index(section) + (-1 if op["direction"] == "up" else 1)
    if 0 <= n < len(sections):
        siblings.pop(index)
        other = sections[n].setdefault("fields", [])
        if op["direction"] == "up":
            other.append(field)
        else:
            other.insert(0, field)


def _set_form(doc: dict, op: dict) -> dict:
    _set_values(doc, op["values"], FORM_KEYS)
    return doc


def _set_output(doc: dict, op: dict) -> dict:
    output = dict(doc.get("output") or {})
    _set_values(output, op["values"], OUTPUT_KEYS)
    if output:
        doc["output"] = output
    else:
        doc.pop("output", None)
    return doc


def _add_section(doc: dict, op: dict) -> dict:
    section = op["section"]
    if any(s.get("id") == section["id"] for s in doc.get("sections") or []):
        raise OperationRefused(f"There is already a section with the id '{section['id']}'.")
    _insert_after(doc.setdefault("sections", []), {**section, "fields": []}, op.get("after"))
    return doc


def _update_section(doc: dict, op: dict) -> dict:
    _set_values(find_section(doc, op["id"]), op["values"], ("title", "description"))
    return doc


def _delete_section(doc: dict, op: dict) -> dict:
    doc["sections"].remove(find_section(doc, op["id"]))
    return doc


def _move_section(doc: dict, op: dict) -> dict:
    section = find_section(doc, op["id"])
    _move(doc["sections"], doc["sections"].index(section), op["direction"])
    return doc


def _add_field(doc: dict, op: dict) -> dict:
    field = op["field"]
    if field.get("id") in field_ids(doc):
        raise OperationRefused(f"There is already a question with the id '{field['id']}'.")
    if op.get("group"):
        _, _, group, _ = find_field(doc, op["group"])
        if group.get("type") != "repeating_group":
            raise OperationRefused(f"'{op['group']}' is not a repeating group.")
        _insert_after(group.setdefault("fields", []), field, op.get("after"))
    else:
        target = find_section(doc, op["section"]).setdefault("fields", [])
        _insert_after(target, field, op.get("after"))
    return doc


def _replace_field(doc: dict, op: dict) -> dict:
    _, siblings, field, _ = find_field(doc, op["id"])
    new = dict(op["field"], id=op["id"])
    if field.get("type") == "repeating_group" and new.get("type") == "repeating_group":
        new["fields"] = field.get("fields", [])  # nested questions are edited one by one
    siblings[siblings.index(field)] = new
    return doc


def _delete_field(doc: dict, op: dict) -> dict:
    _, siblings, field, _ = find_field(doc, op["id"])
    siblings.remove(field)
    return doc


def _move_field_op(doc: dict, op: dict) -> dict:
    _move_field(doc, op)
    return doc


def _replace_document(doc: dict, op: dict) -> dict:
    return copy.deepcopy(op["document"])


# Each operation's handler changes the (already copied) document and returns it.
_OPERATIONS = {
    "set_form": _set_form,
    "set_output": _set_output,
    "add_section": _add_section,
    "update_section": _update_section,
    "delete_section": _delete_section,
    "move_section": _move_section,
    "add_field": _add_field,
    "replace_field": _replace_field,
    "delete_field": _delete_field,
    "move_field": _move_field_op,
    "replace_document": _replace_document,
}


def apply(doc: dict, op: dict) -> dict:
    """A new document with the operation applied; the input is not changed."""
    doc = copy.deepcopy(doc)
    kind = op.get("op")
    handler = _OPERATIONS.get(kind) if isinstance(kind, str) else None
    if handler is None:
        raise OperationRefused(f"Unknown operation '{kind}'.")
    return handler(doc, op)


def summary(op: dict) -> str:
    """One line for the draft's edit history."""
    kind = op.get("op", "")
    subject = op.get("id") or (op.get("field") or op.get("section") or {}).get("id", "")
    words = {
        "set_form": "Changed the form's details",
        "set_output": "Changed the family output",
        "add_section": f"Added section '{subject}'",
        "update_section": f"Changed section '{subject}'",
        "delete_section": f"Deleted section '{subject}'",
        "move_section": f"Moved section '{subject}' {op.get('direction', '')}",
        "add_field": f"Added question '{subject}'",
        "replace_field": f"Changed question '{subject}'",
        "delete_field": f"Deleted question '{subject}'",
        "move_field": f"Moved question '{subject}' {op.get('direction', '')}".rstrip(),
        "replace_document": "Edited the YAML",
    }
    return words.get(kind, kind)[:300]
