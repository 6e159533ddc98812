"""Cross-checks for how work moves on: events recorded by an answer, transitions on submit.

Kept apart from crosscheck_pathway.py (stages, pre-fill, due rules) so each stays small.
"""

from __future__ import annotations

from .crosscheck_date_answers import Wording, check_date_answer


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


EVENT_CLOCK = Wording(
    unknown_stage="Event '{who}' is recorded by stage '{stage}', which is not a stage of "
    "this pathway.{stage_hint}",
    no_form=(
        "CV513",
        "Event '{who}' is recorded by stage '{stage}', an activity with no form, so no "
        "answer can record its date.",
    ),
    nested="Event '{who}' is recorded by '{field}', which is inside a repeating group, so "
    "it has many dates, not one.",
    missing=(
        "CV513",
        "Event '{who}' is recorded by '{field}', which is not a field of form '{form}' "
        "(stage '{stage}').{field_hint}",
    ),
    not_date=(
        "CV514",
        "Event '{who}' is recorded by '{field}', a {type} field; a clock can only start "
        "from a date.",
    ),
)


def _recorded_by(c, event: dict, path) -> None:
    by = event["recorded_by"]
    check_date_answer(c, EVENT_CLOCK, event["id"], by["stage"], by["field"], path)


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
