"""Triggers in words and from the trigger page's inputs (pure Python).

A trigger is "when X happens (and, optionally, only when a condition holds), start a
stage or give someone a task". X is a case being opened, a stage being finished, the
child reaching an age, a date answered in a form coming near (`date_reached: {answer}`)
or a stage's deadline coming near (`deadline_approaching`). The condition uses the
same builder as transitions; it is read and shown by the caller (pathway_pages),
because it needs the library's forms.
"""

from __future__ import annotations

from designer.editor.forms.operations import make_id
from designer.editor.pathways import stage_form, timescales

STARTS = (
    ("case_opened", "A case is opened"),
    ("stage_completed", "A stage is finished"),
    ("date_reached", "The child reaches an age"),
    ("date_answered", "A date answered in a form comes near"),
    ("deadline_approaching", "A stage's deadline comes near"),
)
DOES = (("start", "Start a stage"), ("task", "Give someone a task"))
MAX_AGE = 25
MAX_DAYS_BEFORE = 365


def _kind(on: dict) -> str:
    if "answer" in (on.get("date_reached") or {}):
        return "date_answered"
    return next((k for k, _ in STARTS if k in on), "")


def shown(trigger: dict | None) -> dict:
    """The input values for an existing trigger (or a new one)."""
    trigger = trigger or {}
    on = trigger.get("on") or {}
    task = trigger.get("task") or {}
    reached = on.get("date_reached") or {}
    answer = reached.get("answer") or {}
    approaching = on.get("deadline_approaching") or {}
    days = reached.get("days_before", approaching.get("days_before", ""))
    return {
        "on": _kind(on),
        "on-stage": on.get("stage_completed", ""),
        "on-age": str(reached.get("child_age_years", "")),
        "on-answer": f"{answer['stage']}.{answer['field']}" if answer else "",
        "on-deadline": approaching.get("stage", ""),
        "on-days": str(days),
        "does": "task" if "task" in trigger else ("start" if "start" in trigger else ""),
        "start": trigger.get("start", ""),
        "task-title": task.get("title", ""),
        "task-description": task.get("description", ""),
        "task-done_by": task.get("done_by") or ["practitioner"],
        "task-weight": "" if task.get("weight") is None else str(task["weight"]),
        "description": trigger.get("description", ""),
        **{f"task-{k}": v for k, v in timescales.shown(task.get("due")).items()},
    }


def _days_before(data, errors: dict, *, least: int) -> int | None:
    text = (data.get("on-days") or "").strip()
    if not text and least == 0:
        return None
    try:
        days = int(text)
    except ValueError:
        days = -1
    if not least <= days <= MAX_DAYS_BEFORE:
        errors["on-days"] = f"Enter how many days before, a whole number from {least} to 365"
    return days


def _on_date_answered(data, errors: dict, stages: set[str], dates: dict, timed: set[str]):
    key = data.get("on-answer", "")
    if key not in dates:
        errors["on-answer"] = "Choose the date question whose date starts this"
    stage, _, field = key.partition(".")
    reached: dict = {"answer": {"stage": stage, "field": field}}
    days = _days_before(data, errors, least=0)
    if days:
        reached["days_before"] = days
    return {"date_reached": reached}


def _on_deadline(data, errors: dict, stages: set[str], dates: dict, timed: set[str]):
    stage = data.get("on-deadline", "")
    if stage not in timed:
        errors["on-deadline"] = "Choose a stage with a timescale: only it has a deadline"
    days = _days_before(data, errors, least=1)
    return {"deadline_approaching": {"stage": stage, "days_before": days}}


def _on_case_opened(data, errors: dict, stages: set[str], dates: dict, timed: set[str]):
    return {"case_opened": True}


def _on_stage_completed(data, errors: dict, stages: set[str], dates: dict, timed: set[str]):
    stage = data.get("on-stage", "")
    if stage not in stages:
        errors["on-stage"] = "Choose the stage whose finishing starts this"
    return {"stage_completed": stage}


def _on_age(data, errors: dict, stages: set[str], dates: dict, timed: set[str]):
    try:
        age = int((data.get("on-age") or "").strip())
    except ValueError:
        age = -1
    if not 0 <= age <= MAX_AGE:
        errors["on-age"] = f"Enter the child's age in whole years, from 0 to {MAX_AGE}"
    reached: dict = {"child_age_years": age}
    days = _days_before(data, errors, least=0)
    if days:
        reached["days_before"] = days
    return {"date_reached": reached}


# What starts a trigger, by the choice made on the page ("date_reached" is the child's age).
_STARTS = {
    "date_answered": _on_date_answered,
    "deadline_approaching": _on_deadline,
    "case_opened": _on_case_opened,
    "stage_completed": _on_stage_completed,
    "date_reached": _on_age,
}


def _on(data, errors: dict, stages: set[str], dates: dict, timed: set[str]) -> dict:
    kind = data.get("on", "")
    handler = _STARTS.get(kind) if isinstance(kind, str) else None
    if handler is not None:
        return handler(data, errors, stages, dates, timed)
    errors["on"] = (
        "Choose what starts this: a case opened, a stage finished, an age, a date "
        "answered or a deadline"
    )
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


def from_form(
    data, old: dict | None, doc: dict, when, errors: dict, dates: dict | None = None
) -> dict:
    """The trigger the inputs describe (the id of `old`, or a new one). `when` is the
    condition the builder read; `dates` the date questions a trigger may wait for
    ("stage.field" -> "Stage: question"); problems go into `errors` by input id."""
    old = old or {}
    stages = {s.get("id") for s in doc.get("stages") or []}
    timed = {s.get("id") for s in doc.get("stages") or [] if s.get("due")}
    parameters = {p.get("id"): p for p in doc.get("parameters") or []}
    on = _on(data, errors, stages, dates or {}, timed)
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


def words(
    trigger: dict,
    titles: dict[str, str],
    doc: dict | None = None,
    questions: dict[tuple[str, str], str] | None = None,
) -> str:
    """ "When a case is opened: start ‘Contact and referral’", for lists and the diagram.
    With the pathway (`doc`), a deadline's days say whether they are working days; with
    the question labels, a date answered is named by its question."""
    on = trigger.get("on") or {}
    reached = on.get("date_reached") or {}
    if "stage_completed" in on:
        when = f"When ‘{titles.get(on['stage_completed'], on['stage_completed'])}’ is finished"
    elif "answer" in reached:
        when = _answered_words(reached, titles, questions or {})
    elif "date_reached" in on:
        age = reached.get("child_age_years")
        when = f"When the child turns {age}"
        if reached.get("days_before"):
            when = f"{_days(reached['days_before'])} before the child turns {age}"
    elif "deadline_approaching" in on:
        when = _deadline_words(on["deadline_approaching"], titles, doc)
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


def _days(n, unit: str = "day") -> str:
    return f"{n} {unit}" if n == 1 else f"{n} {unit}s"


def _answered_words(reached: dict, titles: dict, questions: dict) -> str:
    answer = reached["answer"]
    stage = titles.get(answer.get("stage"), "a stage")
    question = questions.get((answer.get("stage"), answer.get("field")))
    date = (
        f"the date in ‘{question}’ (answered in ‘{stage}’)"
        if question
        else f"the date answered in ‘{stage}’"
    )
    days = reached.get("days_before")
    return f"{_days(days)} before {date}" if days else f"On {date}"


def _deadline_words(approaching: dict, titles: dict, doc: dict | None) -> str:
    stage_id = approaching.get("stage")
    due = next(
        (s.get("due") or {} for s in (doc or {}).get("stages") or [] if s.get("id") == stage_id),
        {},
    )
    unit = "working day" if "working_days" in due else "day"
    title = titles.get(stage_id, "a stage")
    return f"{_days(approaching.get('days_before'), unit)} before ‘{title}’ is due"


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
