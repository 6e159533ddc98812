"""Pathways: stages, transitions, triggers, pre-fill (CV5xx)."""

from __future__ import annotations

from .entry import ERROR, Entry

ENTRIES = [
    Entry(
        "CV501",
        ERROR,
        "Stage form not in the library",
        "Either add the form to form_library/, or correct the form id.",
    ),
    Entry(
        "CV502",
        ERROR,
        "Pre-fill target is not a field of the stage's form",
        "Either correct the field id, or remove the pre-fill entry.",
    ),
    Entry(
        "CV503",
        ERROR,
        "Pre-fill source stage is unknown or not earlier",
        "Either name a stage listed before this one, or take the value from a case attribute.",
    ),
    Entry(
        "CV504",
        ERROR,
        "Pre-fill source field does not exist",
        "Either correct the field id, or choose a field that the source stage's form has.",
    ),
    Entry(
        "CV505",
        ERROR,
        "Unknown case attribute",
        "Either use one of the case attributes listed, or pre-fill from an earlier stage instead.",
    ),
    Entry(
        "CV506",
        ERROR,
        "Pre-fill types do not fit",
        "Either pre-fill from a field of a compatible type (see docs/language.md), or "
        "set mode: none and explain why in the note.",
    ),
    Entry(
        "CV507",
        ERROR,
        "Reference to an unknown stage",
        "Either correct the stage id, or add the stage.",
    ),
    Entry(
        "CV508",
        ERROR,
        "Due rule names something unknown",
        "Either correct the name, or add the missing event or parameter.",
    ),
    Entry(
        "CV509",
        ERROR,
        "Due clock depends on itself",
        "Either start the clock from an event or another stage, or remove the due rule.",
    ),
    Entry(
        "CV510",
        ERROR,
        "Parameter unit does not fit",
        "Either use a parameter whose unit matches, or change the parameter's unit.",
    ),
    Entry(
        "CV511",
        ERROR,
        "Pre-fill on a stage without a form",
        "Either give the stage a form, or remove the pre-fill.",
    ),
    Entry(
        "CV512",
        ERROR,
        "Field pre-filled twice",
        "Either keep one pre-fill entry for the field, or pre-fill a different field.",
    ),
    Entry(
        "CV513",
        ERROR,
        "Event recorded by no answer",
        "Either name a date field of that stage's form (outside any repeating group), or "
        "remove recorded_by and record the event another way.",
    ),
    Entry(
        "CV514",
        ERROR,
        "Event recorded by an answer that is not a date",
        "Either name a date field, or change the field's type to date.",
    ),
    Entry(
        "CV515",
        ERROR,
        "Transition fires on submit from a stage with no form",
        "Either remove fires_on (it fires when the activity is done), or give the stage a form.",
    ),
    Entry(
        "CV516",
        ERROR,
        "A field reading a fact cannot show what an earlier stage records",
        "Either make the two fields fit (the same options, the same group fields, a "
        "length no smaller), or pre-fill this field in the pathway from somewhere else "
        "(or set mode: none with a note).",
    ),
    Entry(
        "CV517",
        ERROR,
        "Stage completed by an unknown kind of note",
        "Either name a case note type of the library that has 'visit_when' (such as "
        "home_visit), or remove it from the stage's 'completed_by_notes'.",
    ),
    Entry(
        "CV518",
        ERROR,
        "Date trigger names no answer",
        "Either name a date question of that stage's form (outside any repeating group), "
        "or fire the trigger another way, such as when the stage is finished.",
    ),
    Entry(
        "CV519",
        ERROR,
        "Date trigger names an answer that is not a date",
        "Either name a date question, or change the question's type to date.",
    ),
    Entry(
        "CV520",
        ERROR,
        "Deadline trigger on a stage with no timescale",
        "Either give the stage a timescale ('due'), or name a stage that has one.",
    ),
]
