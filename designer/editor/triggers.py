"""Triggers in words and from the trigger page's inputs (pure Python).

A trigger is "when X happens (and, optionally, only when a condition holds), start a
stage or give someone a task". X is a case being opened, a stage being finished or
the child reaching an age. The condition uses the same builder as transitions; it is
read and shown by the caller (pathway_pages), because it needs the library's forms.
"""

from __future__ import annotations

from designer.editor import stage_form, timescales
from designer.editor.operations import make_id

STARTS = (
    ("case_opened", "A case is opened"),
    ("stage_completed", "A stage is finished"),
    ("date_reached", "The child reaches an age"),
)
DOES = (("start", "Start a stage"), ("task", "Give someone a task"))
MAX_AGE = 25


def shown(trigger: dict | None) -> dict:
    """The input values for an existing trigger (or a new one)."""
    trigger = trigger or {}
    on = trigger.get("on") or {}
    task = trigger.get("task") or {}
    kind = next((k for k, _ in STARTS if k in on), "")
    return {
        "on": kind,
        "on-stage": on.get("stage_completed", ""),
        "on-age": str((on.get("date_reached") or {}).get("child_age_years", "")),
        "does": "task" if "task" in trigger else ("start" if "start" in trigger else ""),
        "start": trigger.get("start", ""),
        "task-title": task.get("title", ""),
        "task-description": task.get("description", ""),
        "task-done_by": task.get("done_by") or ["practitioner"],
        "task-weight": "" if task.get("weight") is None else str(task["weight"]),
        "description": trigger.get("description", ""),
        **{f"task-{k}": v for k, v in timescales.shown(task.get("due")).items()},
    }


def _on(data, errors: dict, stages: set[str]) -> dict:
    kind = data.get("on", "")
    if kind == "case_opened":
        return {"case_opened": True}
    if kind == "stage_completed":
        stage = data.get("on-stage", "")
        if stage not in stages:
            errors["on-stage"] = "Choose the stage whose finishing starts this"
        return {"stage_completed": stage}
    if kind == "date_reached":
        try:
            age = int((data.get("on-age") or "").strip())
        except ValueError:
            age = -1
        if not 0 <= age <= MAX_AGE:
            errors["on-age"] = f"Enter the child's age in whole years, from 0 to {MAX_AGE}"
        return {"date_reached": {"child_age_years": age}}
    errors["on"] = "Choose what starts this: a case opened, a stage finished or an age"
    return {}


def _task(data, errors: dict, parameters: dict, old: dict) -> dict:
    title = (data.get("task-title") or "").strip()[:500]
    if not title:
        errors["task-title"] = "Enter the task, as the person doing it will see it"
    task: dict = {"title": title}
    description = (data.get("task-description") or "").strip()
    if description:
        task["description"] = description[:5000]
    due = timescales.from_form(
        data, errors, parameters, prefix="task-", old=old.get("due"), needs_start=False
    )
    if due:
        task["due"] = due
    done_by = stage_form.done_by_from_form(data.getlist("task-done_by"), written="done_by" in old)
    if done_by:
        task["done_by"] = done_by
    weight = stage_form.weight_from_form(
        data.get("task-weight"), errors, "task-weight", written="weight" in old
    )
    if weight is not None:
        task["weight"] = weight
    return task


def from_form(data, old: dict | None, doc: dict, when, errors: dict) -> dict:
    """The trigger the inputs describe (the id of `old`, or a new one). `when` is the
    condition the builder read; problems go into `errors` by input id."""
    old = old or {}
    stages = {s.get("id") for s in doc.get("stages") or []}
    parameters = {p.get("id"): p for p in doc.get("parameters") or []}
    on = _on(data, errors, stages)
    if when is not None:
        on["when"] = when
    trigger: dict = {"id": old.get("id", ""), "on": on}
    does = data.get("does", "")
    if does == "start":
        start = data.get("start", "")
        if start not in stages:
            errors["start"] = "Choose the stage to start"
        trigger["start"] = start
    elif does == "task":
        trigger["task"] = _task(data, errors, parameters, old.get("task") or {})
    else:
        errors["does"] = "Choose what happens: start a stage or give someone a task"
    description = (data.get("description") or "").strip()
    if description:
        trigger["description"] = description[:5000]
    if not trigger["id"]:
        taken = {t.get("id") for t in doc.get("triggers") or []}
        name = (
            f"start {trigger['start']}"
            if "start" in trigger
            else trigger.get("task", {}).get("title", "")
        )
        trigger["id"] = make_id(name, taken, prefix="trigger")
    return trigger


def words(trigger: dict, titles: dict[str, str]) -> str:
    """ "When a case is opened: start ‘Contact and referral’", for lists and the diagram."""
    on = trigger.get("on") or {}
    if "stage_completed" in on:
        when = f"When ‘{titles.get(on['stage_completed'], on['stage_completed'])}’ is finished"
    elif "date_reached" in on:
        age = (on["date_reached"] or {}).get("child_age_years")
        when = f"When the child turns {age}"
    else:
        when = "When a case is opened"
    if "when" in on:
        when += ", if its condition is met"
    if "start" in trigger:
        does = f"start ‘{titles.get(trigger['start'], trigger['start'])}’"
    else:
        task = trigger.get("task") or {}
        does = f"give the task ‘{task.get('title', '')}’"
        if task.get("due"):
            does += f" ({timescales_words(task['due'])})"
    return f"{when}: {does}"


def timescales_words(due: dict) -> str:
    """ "due in 10 working days" for a task's timescale (it counts from the trigger)."""
    if "working_days" in due:
        amount, unit = due["working_days"], "working days"
    else:
        ((unit, amount),) = list((due.get("calendar") or {"days": "?"}).items())[:1]
    if isinstance(amount, dict):
        return f"due as the setting ‘{str(amount.get('parameter', '')).replace('_', ' ')}’ says"
    if amount == 1:
        unit = unit.rstrip("s")
    return f"due in {amount} {unit.replace('_', ' ')}"
