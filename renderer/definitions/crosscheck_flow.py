"""Cross-checks for how work moves on: events recorded by an answer, transitions on submit.

Kept apart from crosscheck_pathway.py (stages, pre-fill, due rules) so each stays small.
"""

from __future__ import annotations

from .errors import did_you_mean


def check_flow(c) -> None:
    """``c`` is crosscheck_pathway's _Check, after stages have been indexed."""
    for i, event in enumerate(c.data.get("events", ())):
        if "recorded_by" in event:
            _recorded_by(c, event, ("events", i, "recorded_by"))
    for i, t in enumerate(c.data.get("transitions", ())):
        if t.get("fires_on") == "submitted":
            _fires_on_submit(c, t, ("transitions", i, "fires_on"))
    _unreached(c)


def _unreached(c) -> None:
    """CV912: a stage no transition goes to and no trigger starts never begins on any case
    (the engine opens a case only with the stages its case_opened triggers start)."""
    led = {t.get("to") for t in c.data.get("transitions", ())}
    led |= {t.get("start") for t in c.data.get("triggers", ()) if "start" in t}
    for i, stage in enumerate(c.data.get("stages", ())):
        if "id" in stage and stage["id"] not in led:
            c.add(
                "CV912",
                ("stages", i, "id"),
                f"Nothing leads to stage '{stage['id']}': no transition goes to it and no "
                "trigger starts it, so it never begins on any case.",
            )


def _top_level_fields(form) -> dict:
    return {f.id: f for s in form.sections for f in s.fields}


def _recorded_by(c, event: dict, path) -> None:
    stage_id, field_id = event["recorded_by"]["stage"], event["recorded_by"]["field"]
    index = c.stage_index.get(stage_id)
    if index is None:
        c.add(
            "CV507",
            (*path, "stage"),
            f"Event '{event['id']}' is recorded by stage '{stage_id}', which is not a stage "
            f"of this pathway.{did_you_mean(stage_id, c.stage_index)}",
        )
        return
    stage = c.data["stages"][index]
    if "form" not in stage:
        c.add(
            "CV513",
            (*path, "stage"),
            f"Event '{event['id']}' is recorded by stage '{stage_id}', an activity with no "
            "form, so no answer can record its date.",
        )
        return
    form = c.forms.get(stage["form"])
    if form is None:
        return  # an unknown or broken form is reported on the stage itself
    field = _top_level_fields(form).get(field_id)
    if field is None:
        nested = field_id in form.fields_by_id
        c.add(
            "CV513",
            (*path, "field"),
            f"Event '{event['id']}' is recorded by '{field_id}', which "
            + (
                "is inside a repeating group, so it has many dates, not one."
                if nested
                else f"is not a field of form '{form.id}' (stage '{stage_id}')."
                f"{did_you_mean(field_id, form.fields_by_id)}"
            ),
        )
        return
    if field.type != "date":
        c.add(
            "CV514",
            (*path, "field"),
            f"Event '{event['id']}' is recorded by '{field_id}', a {field.type} field; "
            "a clock can only start from a date.",
        )


def _fires_on_submit(c, transition: dict, path) -> None:
    index = c.stage_index.get(transition["from"])
    if index is None:
        return  # reported as CV507 on 'from'
    stage = c.data["stages"][index]
    if "form" not in stage:
        c.add(
            "CV515",
            path,
            f"Transition '{transition['id']}' fires when stage '{stage['id']}' is submitted, "
            "but that stage is an activity with no form to submit.",
        )
        return
    form = c.forms.get(stage["form"])
    if form is not None and not form.authorisation_role:
        c.add(
            "CV910",
            path,
            f"Transition '{transition['id']}' fires on submit, but form '{form.id}' needs no "
            "sign-off, so submitting already completes it.",
        )
