"""Cross-checks for triggers that fire on a date: a date answered in a form, and a
stage's deadline approaching. Kept apart from crosscheck_pathway.py so each stays small.
"""

from __future__ import annotations

from .errors import did_you_mean


def check_trigger_dates(c, trigger: dict, path) -> None:
    """``c`` is crosscheck_pathway's _Check, after stages have been indexed."""
    on = trigger["on"]
    answer = (on.get("date_reached") or {}).get("answer")
    if answer is not None:
        _answer(c, trigger["id"], answer, (*path, "on", "date_reached", "answer"))
    approaching = on.get("deadline_approaching")
    if approaching is not None:
        _deadline(c, trigger["id"], approaching, (*path, "on", "deadline_approaching"))


def _answer(c, trigger_id: str, answer: dict, path) -> None:
    stage_id, field_id = answer["stage"], answer["field"]
    index = c.stage_index.get(stage_id)
    if index is None:
        c.add(
            "CV507",
            (*path, "stage"),
            f"The trigger '{trigger_id}' names stage '{stage_id}', which is not a stage "
            f"of this pathway.{did_you_mean(stage_id, c.stage_index)}",
        )
        return
    stage = c.data["stages"][index]
    if "form" not in stage:
        c.add(
            "CV518",
            (*path, "stage"),
            f"Trigger '{trigger_id}' fires on a date answered at stage '{stage_id}', an "
            "activity with no form, so no answer can give the date.",
        )
        return
    form = c.forms.get(stage["form"])
    if form is None:
        return  # an unknown or broken form is reported on the stage itself
    top = {f.id: f for s in form.sections for f in s.fields}
    field = top.get(field_id)
    if field is None:
        nested = field_id in form.fields_by_id
        c.add(
            "CV518",
            (*path, "field"),
            f"Trigger '{trigger_id}' fires on the date answered in '{field_id}', which "
            + (
                "is inside a repeating group, so it has many dates, not one."
                if nested
                else f"is not a question of form '{form.id}' (stage '{stage_id}')."
                f"{did_you_mean(field_id, form.fields_by_id)}"
            ),
        )
        return
    if field.type != "date":
        c.add(
            "CV519",
            (*path, "field"),
            f"Trigger '{trigger_id}' fires on the date answered in '{field_id}', a "
            f"{field.type} question; only a date question gives a day to fire on.",
        )


def _deadline(c, trigger_id: str, approaching: dict, path) -> None:
    stage_id = approaching["stage"]
    index = c.stage_index.get(stage_id)
    if index is None:
        c.add(
            "CV507",
            (*path, "stage"),
            f"The trigger '{trigger_id}' names stage '{stage_id}', which is not a stage "
            f"of this pathway.{did_you_mean(stage_id, c.stage_index)}",
        )
        return
    if "due" not in c.data["stages"][index]:
        c.add(
            "CV520",
            (*path, "stage"),
            f"Trigger '{trigger_id}' fires before stage '{stage_id}' is due, but that "
            "stage has no timescale, so it is never due.",
        )
