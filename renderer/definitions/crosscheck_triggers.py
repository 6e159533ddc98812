"""Cross-checks for triggers that fire on a date: a date answered in a form, and a
stage's deadline approaching. Kept apart from crosscheck_pathway.py so each stays small.
"""

from __future__ import annotations

from .crosscheck_date_answers import Wording, check_date_answer, stage_named


def check_trigger_dates(c, trigger: dict, path) -> None:
    """``c`` is crosscheck_pathway's _Check, after stages have been indexed."""
    on = trigger["on"]
    answer = (on.get("date_reached") or {}).get("answer")
    if answer is not None:
        _answer(c, trigger["id"], answer, (*path, "on", "date_reached", "answer"))
    approaching = on.get("deadline_approaching")
    if approaching is not None:
        _deadline(c, trigger["id"], approaching, (*path, "on", "deadline_approaching"))


TRIGGER_DAY = Wording(
    unknown_stage="The trigger '{who}' names stage '{stage}', which is not a stage of this "
    "pathway.{stage_hint}",
    no_form=(
        "CV518",
        "Trigger '{who}' fires on a date answered at stage '{stage}', an activity with no "
        "form, so no answer can give the date.",
    ),
    nested="Trigger '{who}' fires on the date answered in '{field}', which is inside a "
    "repeating group, so it has many dates, not one.",
    missing=(
        "CV518",
        "Trigger '{who}' fires on the date answered in '{field}', which is not a question "
        "of form '{form}' (stage '{stage}').{field_hint}",
    ),
    not_date=(
        "CV519",
        "Trigger '{who}' fires on the date answered in '{field}', a {type} question; only a "
        "date question gives a day to fire on.",
    ),
)


def _answer(c, trigger_id: str, answer: dict, path) -> None:
    check_date_answer(c, TRIGGER_DAY, trigger_id, answer["stage"], answer["field"], path)


def _deadline(c, trigger_id: str, approaching: dict, path) -> None:
    stage_id = approaching["stage"]
    stage = stage_named(c, TRIGGER_DAY, trigger_id, stage_id, path)
    if stage is None:
        return
    if "due" not in stage:
        c.add(
            "CV520",
            (*path, "stage"),
            f"Trigger '{trigger_id}' fires before stage '{stage_id}' is due, but that "
            "stage has no timescale, so it is never due.",
        )
