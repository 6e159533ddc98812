"""Edits to a pathway document as small operations addressed by ids (pure Python).

The pathway counterpart of operations.py: stages (with their timescale, weight, who
does them and what is pre-filled), transitions and the pathway's own details.
"""

from __future__ import annotations

import copy

from designer.editor.operations import OperationRefused, _insert_after, _move, _set_values

PATHWAY_KEYS = ("title", "purpose", "owner")
STAGE_KEYS = ("title", "done_by", "weight", "due")
OPS = frozenset(
    {
        "set_pathway",
        "add_stage",
        "update_stage",
        "delete_stage",
        "move_stage",
        "set_prefill",
        "add_transition",
        "delete_transition",
    }
)


def find_stage(doc: dict, stage_id: str) -> dict:
    for stage in doc.get("stages") or []:
        if stage.get("id") == stage_id:
            return stage
    raise OperationRefused(f"There is no stage with the id '{stage_id}' in this pathway.")


def apply(doc: dict, op: dict) -> dict:
    doc = copy.deepcopy(doc)
    kind = op.get("op")
    if kind == "set_pathway":
        _set_values(doc, op["values"], PATHWAY_KEYS)
    elif kind == "add_stage":
        stage = op["stage"]
        if any(s.get("id") == stage["id"] for s in doc.get("stages") or []):
            raise OperationRefused(f"There is already a stage with the id '{stage['id']}'.")
        _insert_after(doc.setdefault("stages", []), dict(stage), op.get("after"))
    elif kind == "update_stage":
        _set_values(find_stage(doc, op["id"]), op["values"], STAGE_KEYS)
    elif kind == "delete_stage":
        doc["stages"].remove(find_stage(doc, op["id"]))
    elif kind == "move_stage":
        stage = find_stage(doc, op["id"])
        _move(doc["stages"], doc["stages"].index(stage), op["direction"])
    elif kind == "set_prefill":
        stage = find_stage(doc, op["id"])
        if op["prefill"]:
            stage["prefill"] = op["prefill"]
        else:
            stage.pop("prefill", None)
    elif kind == "add_transition":
        transition = op["transition"]
        if any(t.get("id") == transition["id"] for t in doc.get("transitions") or []):
            raise OperationRefused(f"There is already a transition '{transition['id']}'.")
        doc.setdefault("transitions", []).append(dict(transition))
    elif kind == "delete_transition":
        before = doc.get("transitions") or []
        doc["transitions"] = [t for t in before if t.get("id") != op["id"]]
        if len(doc["transitions"]) == len(before):
            raise OperationRefused(f"There is no transition '{op['id']}'.")
    else:
        raise OperationRefused(f"Unknown operation '{kind}'.")
    return doc


def due_from_form(data, errors: dict) -> dict | None:
    """A stage's `due` from the timescale inputs (amount, unit, counted from)."""
    amount, unit, start = (data.get(k, "").strip() for k in ("amount", "unit", "start"))
    if not amount:
        return None
    try:
        number = int(amount)
    except ValueError:
        errors["amount"] = "Enter the timescale as a whole number"
        return None
    kind, _, what = start.partition(":")
    if kind not in ("event", "stage_completed", "stage_started") or not what:
        errors["start"] = "Choose what the timescale counts from"
        return None
    due: dict = {"from": {kind: what}}
    if unit == "working_days":
        due["working_days"] = number
    elif unit in ("days", "weeks", "months"):
        due["calendar"] = {unit: number}
    else:
        errors["unit"] = "Choose working days, days, weeks or months"
        return None
    return due


def prefill_from_form(data, rows: int) -> list[dict]:
    """Pre-fill rows: target field, source ("case:child.full_name" or "stage:field"),
    mode and note. A row without a target field is ignored."""
    out = []
    for n in range(rows):
        field = data.get(f"prefill-{n}-field", "").strip()
        if not field:
            continue
        source = data.get(f"prefill-{n}-from", "").strip()
        mode = data.get(f"prefill-{n}-mode", "copy_once")
        note = data.get(f"prefill-{n}-note", "").strip()
        rule: dict = {"field": field}
        if mode != "none" and source:
            if source.startswith("case:"):
                rule["from"] = {"case": source[5:]}
            else:
                stage, _, source_field = source.partition(":")
                rule["from"] = {"stage": stage, "field": source_field}
        if mode == "none":
            rule["mode"] = "none"
        if note:
            rule["note"] = note
        out.append(rule)
    return out
