"""Rules: show_if, validations, calculations (CV4xx)."""

from __future__ import annotations

from .entry import ERROR, Entry

ENTRIES = [
    Entry(
        "CV401",
        ERROR,
        "Rule names an unknown variable",
        "Either correct the name to an existing field id (or 'today'), or add the "
        "field the rule needs.",
    ),
    Entry(
        "CV402",
        ERROR,
        "Rule is not valid JSON Logic",
        "Either correct the rule as described, or rebuild it in the designer's rule editor.",
    ),
    Entry(
        "CV403",
        ERROR,
        "Calculation depends on itself",
        "Either remove one of the calculations in the loop, or make one of them use "
        "an answer the practitioner enters.",
    ),
    Entry(
        "CV404",
        ERROR,
        "show_if depends on itself",
        "Either remove one of the show_if conditions in the loop, or base one of them "
        "on a field that is always shown.",
    ),
    Entry(
        "CV405",
        ERROR,
        "Rule names a field inside a repeating group",
        "Either move the rule into the same repeating group, or refer to a field "
        "outside any group.",
    ),
    Entry(
        "CV311",
        ERROR,
        "Unknown case fact",
        "Either use one of the case facts listed in docs/language.md (the message suggests "
        "the nearest), or remove 'fact' if the field records nothing the case keeps.",
    ),
    Entry(
        "CV312",
        ERROR,
        "The field cannot hold this fact",
        "Either choose a fact of the field's kind (a date field holds a date fact), or "
        "change the field's type to one the fact fits; inside a repeating group, put the "
        "fact on the group itself.",
    ),
    Entry(
        "CV313",
        ERROR,
        "Case note settings out of place",
        "Either give the case note type a 'note_date' naming its date field (outside any "
        "repeating group), or remove 'note_date' and 'visit_when' from a form that is not "
        "'kind: case_note'.",
    ),
]
