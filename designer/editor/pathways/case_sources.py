"""The case's own details a stage can be pre-filled from, named in words.

The pathway language names them by attribute (`child.full_name`, the keys of
renderer/definitions/prefill_types.CASE_ATTRIBUTES); a working group reads the words of
the case facts (renderer/definitions/facts.py) instead, never the attribute's name.
"""

from __future__ import annotations

CASE_SOURCES = {
    "case.reference": "The case reference",
    "case.opened_on": "The date the case was opened",
    "child.full_name": "The child's full name",
    "child.first_name": "The child's first name",
    "child.last_name": "The child's last name",
    "child.date_of_birth": "The child's date of birth",
    "child.gender": "The child's gender",
    "child.address": "Where the child lives",
    "child.school": "The child's school, nursery or college",
    "child.upn": "The child's unique pupil number",
    "child.ethnicity": "The child's ethnicity, as the family describes it",
    "child.disabilities": "The child's disabilities",
}


def words(name: str) -> str:
    """ "The child's full name (from the case)" for child.full_name."""
    return f"{CASE_SOURCES.get(name, 'A detail')} (from the case)"


def in_sentence(name: str) -> str:
    """ "the case (the child's full name)", to follow "from" in a sentence."""
    label = CASE_SOURCES.get(name, "A detail")
    return f"the case ({label[0].lower()}{label[1:]})"
