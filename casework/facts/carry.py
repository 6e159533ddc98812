"""Which answers a new record takes from the case's facts: pure decisions, no database.

A field reads its fact unless the stage pre-fills it itself (point to point, or
`mode: none`: the working group's "ask fresh here"). A value that the field could not
have been given by hand (an option it lacks, text longer than it allows) is not carried:
the practitioner answers instead of seeing something the screen cannot show.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from renderer.definitions import Form, Stage

# Facts the case already held before any form recorded them (casework/cases/facts.py).
CASE_RECORD_FACTS = (
    "child.full_name",
    "child.date_of_birth",
    "child.address",
    "child.school",
    "child.upn",
)


@dataclass(frozen=True)
class Known:
    """The newest value of a fact, and who gave it where."""

    value: object
    form_title: str
    recorded_at: datetime | None
    recorded_by: str | None


def _empty(value) -> bool:
    return value in (None, "", [], {})


def fits_field(field, value) -> bool:
    if field.type in ("text", "long_text"):
        return isinstance(value, str) and (not field.max_length or len(value) <= field.max_length)
    if field.type == "single_choice":
        return value in field.option_ids
    if field.type == "multiple_choice":
        return isinstance(value, list) and set(value) <= set(field.option_ids)
    if field.type == "repeating_group":
        ids = {f.id for f in field.fields}
        return isinstance(value, list) and all(
            isinstance(item, dict) and set(item) <= ids for item in value
        )
    return True


def from_facts(
    form: Form, stage: Stage, newest: dict[str, Known], case_record: dict
) -> dict[str, tuple[object, dict]]:
    """field id -> (value, where it came from) for the fields this record reads from facts."""
    own = {p.field for p in stage.prefill}
    out: dict[str, tuple[object, dict]] = {}
    for section in form.sections:
        for field in section.fields:
            name = field.reads_fact
            if name is None or field.id in own:
                continue
            known = newest.get(name)
            if known is None and name in CASE_RECORD_FACTS:
                group, _, attribute = name.partition(".")
                value = (case_record.get(group) or {}).get(attribute)
                if not _empty(value):
                    known = Known(value, "the case record", None, None)
            if known is None or _empty(known.value) or not fits_field(field, known.value):
                continue
            out[field.id] = (
                known.value,
                {
                    "source": "fact",
                    "fact": name,
                    "label": known.form_title,
                    "recorded_on": known.recorded_at.date().isoformat()
                    if known.recorded_at
                    else None,
                    "by": known.recorded_by,
                    "value": known.value,
                },
            )
    return out


def with_corrections(case_record: dict, newest: dict[str, Known]) -> dict:
    """The case record with any newer recorded value of its facts: a pre-fill from
    `case: child.address` gets the address as corrected, not as the case was opened."""
    out = {group: dict(values) for group, values in case_record.items()}
    for name in CASE_RECORD_FACTS:
        known = newest.get(name)
        if known is not None and not _empty(known.value):
            group, _, attribute = name.partition(".")
            if group in out and out[group]:
                out[group][attribute] = known.value
    return out
