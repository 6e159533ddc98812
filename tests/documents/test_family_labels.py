"""Every question a family sees in a child protection document is worded for the family.

The forms are read from the shipped child protection pathway, so a stage added to it, or
a field added to one of its forms, is held to the same rule without editing this test.
"""

from __future__ import annotations

from pathlib import Path

from renderer.definitions import load_library
from renderer.documents.plain_language import check_text

ROOT = Path(__file__).resolve().parents[2]
LIBRARY = load_library([ROOT / "form_library", ROOT / "pathways"])
# Never in a family document: manager sign-off is left out of the family version, and
# guidance has no answer.
NOT_SHOWN = {"manager_authorisation", "guidance"}


def child_protection_forms():
    stages = LIBRARY.pathways["child_protection"].stages
    return {LIBRARY.forms[s.form] for s in stages if s.form}


def top_level(form):
    return [f for s in form.sections for f in s.fields]


def family_visible(fields):
    """Fields a family document can show: a professional-only group hides its fields."""
    for f in fields:
        if f.type in NOT_SHOWN or not f.share_with_family:
            continue
        yield f
        yield from family_visible(f.fields)


def test_the_pathway_uses_the_nine_child_protection_forms():
    assert {f.id for f in child_protection_forms()} >= {
        "contact_referral",
        "strategy_discussion",
        "section_47_enquiry",
        "child_and_family_assessment",
        "social_work_report_to_conference",
        "initial_child_protection_conference",
        "core_group_review",
        "review_child_protection_conference",
        "child_protection_visit",
    }


def test_every_family_visible_field_has_family_wording():
    missing = [
        f"{form.id}: {f.id}"
        for form in sorted(child_protection_forms(), key=lambda form: form.id)
        for f in family_visible(top_level(form))
        if not (f.family_label or "").strip()
    ]
    assert missing == []


def test_family_wording_passes_the_plain_language_checks():
    problems = [
        (form.id, f.id, p)
        for form in child_protection_forms()
        for f in family_visible(top_level(form))
        for p in check_text(f.family_label or f.label).problems
    ]
    assert problems == []
