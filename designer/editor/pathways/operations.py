"""Edits to a pathway document as small operations addressed by ids (pure Python).

The pathway counterpart of operations.py: stages (with their timescale, weight, who
does them and what is pre-filled), transitions, triggers, events, timescale settings
(`parameters`) and the pathway's own details and wording (`labels`). A stage records
a form or is an activity without one (`set_stage_work`, refused while anything reads
the form's answers: stage_work.py). Like the form's, every operation names
what it changes by id, so it means the same on a newer revision of the draft and
merges by id with what others saved meanwhile.
"""

from __future__ import annotations

import copy

from designer.editor.forms.operations import OperationRefused, _insert_after, _move, _set_values
from designer.editor.pathways import stage_removal, stage_work

PATHWAY_KEYS = ("title", "purpose", "owner")
STAGE_KEYS = ("title", "description", "done_by", "weight", "due")
# The pathway's lists edited whole item by whole item: op noun -> (key, words).
LISTS = {
    "transition": ("transitions", "transition"),
    "trigger": ("triggers", "trigger"),
    "event": ("events", "event"),
    "parameter": ("parameters", "timescale setting"),
}
OPS = frozenset(
    {
        "set_pathway",
        "set_labels",
        "add_stage",
        "set_stage_work",
        "update_stage",
        "delete_stage",
        "move_stage",
        "set_prefill",
        *(f"{verb}_{noun}" for verb in ("add", "replace", "delete") for noun in LISTS),
    }
)


def find_stage(doc: dict, stage_id: str) -> dict:
    for stage in doc.get("stages") or []:
        if stage.get("id") == stage_id:
            return stage
    raise OperationRefused(f"There is no stage with the id '{stage_id}' in this pathway.")


def find_item(doc: dict, noun: str, ident: str) -> dict:
    key, words = LISTS[noun]
    for item in doc.get(key) or []:
        if item.get("id") == ident:
            return item
    raise OperationRefused(f"There is no {words} '{ident}' in this pathway.")


def clock_users(doc: dict, noun: str, ident: str) -> list[str]:
    """Titles of the stages and trigger tasks whose timescale uses this event or
    timescale setting: deleting it would leave their clocks without a start or length."""
    out = []
    dues = [(s.get("title") or s.get("id"), s.get("due")) for s in doc.get("stages") or []]
    dues += [
        (
            f"the task ‘{(t.get('task') or {}).get('title') or 'with no title'}’",
            (t.get("task") or {}).get("due"),
        )
        for t in doc.get("triggers") or []
    ]
    for owner, due in dues:
        due = due or {}
        if noun == "event":
            used = (due.get("from") or {}).get("event") == ident
        else:
            amounts = [due.get("working_days"), *(due.get("calendar") or {}).values()]
            used = any(isinstance(a, dict) and a.get("parameter") == ident for a in amounts)
        if used:
            out.append(owner)
    return out


def _list_op(doc: dict, verb: str, noun: str, op: dict) -> None:
    key, words = LISTS[noun]
    items = doc.get(key) or []
    if verb == "add":
        item = op[noun]
        if any(i.get("id") == item.get("id") for i in items):
            raise OperationRefused(f"There is already a {words} '{item.get('id')}'.")
        doc.setdefault(key, []).append(dict(item))
    elif verb == "replace":
        old = find_item(doc, noun, op["id"])
        items[items.index(old)] = dict(op[noun], id=op["id"])
    else:
        old = find_item(doc, noun, op["id"])
        users = clock_users(doc, noun, op["id"]) if noun in ("event", "parameter") else []
        if users:
            raise OperationRefused(
                f"The {words} '{op['id']}' is used by the timescale of "
                f"{', '.join(users)}: change that first."
            )
        items.remove(old)
        if not items:
            del doc[key]


def _set_pathway(doc: dict, op: dict) -> None:
    _set_values(doc, op["values"], PATHWAY_KEYS)


def _set_labels(doc: dict, op: dict) -> None:
    if op["labels"]:
        doc["labels"] = dict(op["labels"])
    else:
        doc.pop("labels", None)


def _add_stage(doc: dict, op: dict) -> None:
    stage = op["stage"]
    if any(s.get("id") == stage["id"] for s in doc.get("stages") or []):
        raise OperationRefused(f"There is already a stage with the id '{stage['id']}'.")
    _insert_after(doc.setdefault("stages", []), dict(stage), op.get("after"))


def _update_stage(doc: dict, op: dict) -> None:
    _set_values(find_stage(doc, op["id"]), op["values"], STAGE_KEYS)


def _set_stage_work(doc: dict, op: dict) -> None:
    find_stage(doc, op["id"])
    stage_work.switch(doc, op["id"], op["work"])


def _delete_stage(doc: dict, op: dict) -> None:
    stage_removal.remove(doc, op["id"])


def _move_stage(doc: dict, op: dict) -> None:
    stage = find_stage(doc, op["id"])
    _move(doc["stages"], doc["stages"].index(stage), op["direction"])


def _set_prefill(doc: dict, op: dict) -> None:
    stage = find_stage(doc, op["id"])
    if op["prefill"]:
        stage["prefill"] = op["prefill"]
    else:
        stage.pop("prefill", None)


# Each operation's handler changes the (already copied) document in place; add_, replace_
# and delete_ of the other lists (LISTS) share _list_op.
_OPERATIONS = {
    "set_pathway": _set_pathway,
    "set_labels": _set_labels,
    "add_stage": _add_stage,
    "update_stage": _update_stage,
    "set_stage_work": _set_stage_work,
    "delete_stage": _delete_stage,
    "move_stage": _move_stage,
    "set_prefill": _set_prefill,
}


def apply(doc: dict, op: dict) -> dict:
    """A new document with the operation applied; the input is not changed."""
    doc = copy.deepcopy(doc)
    kind = op.get("op")
    verb, _, noun = str(kind).partition("_")
    handler = _OPERATIONS.get(kind) if isinstance(kind, str) else None
    if handler is not None:
        handler(doc, op)
    elif verb in ("add", "replace", "delete") and noun in LISTS:
        _list_op(doc, verb, noun, op)
    else:
        raise OperationRefused(f"Unknown operation '{kind}'.")
    return doc


def summary(op: dict) -> str:
    """One line for the draft's edit history."""
    kind = str(op.get("op", ""))
    verb, _, noun = kind.partition("_")
    item = op.get(noun) if noun else None
    subject = op.get("id") or (item.get("id", "") if isinstance(item, dict) else "")
    if noun in LISTS:
        done = {"add": "Added", "replace": "Changed", "delete": "Deleted"}.get(verb, verb)
        return f"{done} {LISTS[noun][1]} '{subject}'"[:300]
    words = {
        "set_pathway": "Changed the pathway's details",
        "set_labels": "Changed the pathway's wording",
        "set_stage_work": _work_summary(subject, op.get("work")),
        "add_stage": f"Added stage '{subject}'",
        "update_stage": f"Changed stage '{subject}'",
        "delete_stage": f"Deleted stage '{subject}' and what went with it",
        "move_stage": f"Moved stage '{subject}' {op.get('direction', '')}",
        "set_prefill": f"Changed what is pre-filled in stage '{subject}'",
    }
    return words.get(kind, kind)[:300]


def _work_summary(stage_id: str, work) -> str:
    work = work if isinstance(work, dict) else {}
    if work.get("form"):
        return f"Stage '{stage_id}' records the form '{work['form']}'"
    return f"Stage '{stage_id}' is an activity: {work.get('activity', '')}"
