"""A date answered at a stage, as an event's clock or a trigger's day names it: the
stage is one of this pathway's, has a form, and the form asks that date question at its
top level (not inside a repeating group, which gives many dates). One lookup for both;
each wording says the problem as its own author would read it.
"""

from __future__ import annotations

from dataclasses import dataclass

from .errors import did_you_mean


@dataclass(frozen=True)
class Wording:
    """The code and the message for each way the reference can fail. Messages are
    formatted with: who, stage, field, form, type, stage_hint and field_hint (did you
    mean ...)."""

    unknown_stage: str
    no_form: tuple[str, str]
    nested: str
    missing: tuple[str, str]
    not_date: tuple[str, str]


def stage_named(c, wording: Wording, who: str, stage_id: str, path) -> dict | None:
    """The stage called ``stage_id``, or None after saying CV507."""
    index = c.stage_index.get(stage_id)
    if index is None:
        hint = did_you_mean(stage_id, c.stage_index)
        c.add(
            "CV507",
            (*path, "stage"),
            wording.unknown_stage.format(who=who, stage=stage_id, stage_hint=hint),
        )
        return None
    return c.data["stages"][index]


def check_date_answer(c, wording: Wording, who: str, stage_id: str, field_id: str, path) -> None:
    """``c`` is crosscheck_pathway's _Check, after stages have been indexed."""
    stage = stage_named(c, wording, who, stage_id, path)
    if stage is None:
        return
    if "form" not in stage:
        code, message = wording.no_form
        c.add(code, (*path, "stage"), message.format(who=who, stage=stage_id))
        return
    form = c.forms.get(stage["form"])
    if form is None:
        return  # an unknown or broken form is reported on the stage itself
    field = {f.id: f for s in form.sections for f in s.fields}.get(field_id)
    if field is None:
        code, message = wording.missing
        if field_id in form.fields_by_id:
            message = wording.nested
        hint = did_you_mean(field_id, form.fields_by_id)
        text = message.format(
            who=who, stage=stage_id, field=field_id, form=form.id, field_hint=hint
        )
        c.add(code, (*path, "field"), text)
        return
    if field.type != "date":
        code, message = wording.not_date
        c.add(code, (*path, "field"), message.format(who=who, field=field_id, type=field.type))
