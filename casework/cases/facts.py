"""The facts about a case that pathways pre-fill from and rules test."""

from __future__ import annotations

from casework.models import Case


def facts(case: Case) -> dict:
    """What pathways may pre-fill from and test in rules: case.* and child.*."""
    child = case.child
    child_facts = {}
    if child:
        child_facts = {
            "full_name": child.full_name,
            "first_name": child.first_name,
            "last_name": child.last_name,
            "date_of_birth": child.date_of_birth.isoformat() if child.date_of_birth else None,
            "gender": child.gender,
            "address": child.address,
            "school": child.school,
            "upn": child.upn,
            "ethnicity": child.ethnicity,
            "disabilities": list(child.disabilities or []),
        }
    return {
        "case": {"reference": case.reference, "opened_on": case.opened_on.isoformat()},
        "child": child_facts,
    }
