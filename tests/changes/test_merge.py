"""Three-way merge: disjoint changes commute; clashes stop for a person; nothing is lost."""

from __future__ import annotations

import copy

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from designer.changes.diff import same
from designer.changes.merge import BOTH_KEPT, SAME, merge

from .strategies import forms, section_edits


@st.composite
def base_and_two_disjoint_edits(draw):
    base = draw(forms())
    sections = base["sections"]
    split = draw(st.integers(0, len(sections)))
    mine, yours = copy.deepcopy(base), copy.deepcopy(base)
    for i, section in enumerate(sections):
        if i < split:
            mine["sections"][i] = draw(section_edits(section, "x"))
        else:
            yours["sections"][i] = draw(section_edits(section, "y"))
    if draw(st.booleans()):
        mine["title"] = "Retitled by one council"
    if draw(st.booleans()):
        yours["owner"] = "Another working group"
    combined = copy.deepcopy(base)
    combined["sections"] = mine["sections"][:split] + yours["sections"][split:]
    combined["title"], combined["owner"] = mine["title"], yours["owner"]
    return base, mine, yours, combined


@settings(max_examples=100, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(base_and_two_disjoint_edits())
def test_disjoint_changes_merge_the_same_either_way_round(case):
    base, mine, yours, combined = case
    one = merge(base, mine, yours)
    two = merge(base, yours, mine)
    assert one.clean and two.clean
    assert same(one.merged, two.merged)
    assert same(one.merged, combined)


@settings(max_examples=100, deadline=None)
@given(forms())
def test_merging_identical_changes_is_soft(a):
    b = copy.deepcopy(a)
    b["title"] = "Both councils chose this"
    result = merge(a, b, copy.deepcopy(b))
    assert result.clean
    assert same(result.merged, b)
    retitled = a["title"] != b["title"]
    assert [(c.level, c.reason) for c in result.conflicts] == [("soft", SAME)] * retitled


def _base():
    return {
        "id": "review",
        "version": 1,
        "title": "Review",
        "purpose": "Why",
        "owner": "Group",
        "sections": [
            {
                "id": "worries",
                "title": "What are we worried about?",
                "fields": [
                    {"id": "harm", "type": "long_text", "label": "Past harm"},
                    {
                        "id": "referral_date",
                        "type": "date",
                        "label": "Referral date",
                        "statutory": {"return": "cin_census", "item": "CINreferralDate"},
                    },
                    {"id": "danger", "type": "long_text", "label": "Future danger"},
                ],
            },
            {"id": "next", "title": "Next steps", "fields": []},
        ],
    }


def _field(doc, fid):
    for section in doc["sections"]:
        for field in section["fields"]:
            if field["id"] == fid:
                return field
    return None


def test_same_property_changed_differently_is_hard_and_prefer_decides():
    base = _base()
    ours, theirs = copy.deepcopy(base), copy.deepcopy(base)
    _field(ours, "harm")["label"] = "What has happened?"
    _field(theirs, "harm")["label"] = "Harm that has happened"
    _field(theirs, "danger")["hint"] = "What could happen if nothing changes"
    result = merge(base, ours, theirs)
    assert not result.clean
    [clash] = result.pending
    assert clash.subject == "label of field 'harm'"
    assert (clash.level, clash.reason) == ("hard", "both sides changed it differently")
    assert _field(result.merged, "harm")["label"] == "What has happened?"
    assert _field(result.merged, "danger")["hint"].startswith("What could happen")
    assert _field(merge(base, ours, theirs, prefer="theirs").merged, "harm")["label"] == (
        "Harm that has happened"
    )
    kept = merge(base, ours, theirs, prefer="ours")
    assert kept.clean and _field(kept.merged, "harm")["label"] == "What has happened?"


def test_change_to_something_deleted_here_is_hard_and_theirs_restores_it():
    base = _base()
    ours, theirs = copy.deepcopy(base), copy.deepcopy(base)
    ours["sections"][0]["fields"].pop(0)  # we delete 'harm'
    _field(theirs, "harm")["label"] = "Harm that has happened"
    result = merge(base, ours, theirs)
    assert [(c.level, c.reason) for c in result.conflicts] == [("hard", "it was deleted here")]
    assert _field(result.merged, "harm") is None
    restored = merge(base, ours, theirs, prefer="theirs")
    assert restored.clean
    assert _field(restored.merged, "harm")["label"] == "Harm that has happened"
    assert [f["id"] for f in restored.merged["sections"][0]["fields"]][0] == "harm"


def test_their_deletion_of_something_we_changed_is_hard():
    base = _base()
    ours, theirs = copy.deepcopy(base), copy.deepcopy(base)
    _field(ours, "danger")["label"] = "Worries for the future"
    theirs["sections"][0]["fields"].pop(2)
    result = merge(base, ours, theirs)
    assert [(c.level, c.reason) for c in result.conflicts] == [
        ("hard", "it was deleted there but changed here")
    ]
    assert _field(result.merged, "danger")["label"] == "Worries for the future"


def test_statutory_field_cannot_be_removed_by_an_import_even_when_preferred():
    base = _base()
    theirs = copy.deepcopy(base)
    theirs["sections"][0]["fields"].pop(1)
    theirs["sections"][0]["title"] = "Worries"
    for prefer in (None, "theirs"):
        result = merge(base, copy.deepcopy(base), theirs, prefer=prefer)
        assert result.clean
        assert [(c.level, c.reason) for c in result.conflicts] == [
            ("locked", "it holds a statutory field, which an import cannot remove")
        ]
        assert _field(result.merged, "referral_date") is not None
        assert result.merged["sections"][0]["title"] == "Worries"


def test_statutory_field_type_cannot_be_changed_by_an_import():
    base = _base()
    theirs = copy.deepcopy(base)
    _field(theirs, "referral_date")["type"] = "text"
    result = merge(base, copy.deepcopy(base), theirs, prefer="theirs")
    assert _field(result.merged, "referral_date")["type"] == "date"
    assert [(c.level, c.reason) for c in result.conflicts] == [
        ("locked", "it feeds a statutory return; an import cannot change that")
    ]


def test_addition_after_an_item_deleted_here_lands_after_its_earlier_sibling():
    base = _base()
    ours, theirs = copy.deepcopy(base), copy.deepcopy(base)
    ours["sections"][0]["fields"].pop(2)  # delete 'danger'
    theirs["sections"][0]["fields"].append({"id": "complicating", "type": "text", "label": "C"})
    result = merge(base, ours, theirs)
    assert result.clean
    assert [f["id"] for f in result.merged["sections"][0]["fields"]] == [
        "harm",
        "referral_date",
        "complicating",
    ]


def test_different_properties_of_one_item_are_a_soft_conflict_with_both_kept():
    base = _base()
    ours, theirs = copy.deepcopy(base), copy.deepcopy(base)
    _field(ours, "harm")["label"] = "What happened"
    _field(theirs, "harm")["hint"] = "Say when"
    result = merge(base, ours, theirs)
    assert result.clean
    assert [(c.level, c.reason) for c in result.conflicts] == [("soft", BOTH_KEPT)]
    assert _field(result.merged, "harm") == {
        "id": "harm",
        "type": "long_text",
        "label": "What happened",
        "hint": "Say when",
    }


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(forms(), forms(), forms())
def test_every_change_of_theirs_is_taken_or_listed(base, ours, theirs):
    """Nothing is lost or silently overwritten, whatever the three versions are."""
    from designer.changes.diff import diff

    ours, theirs = dict(ours, version=base["version"]), dict(theirs, version=base["version"])
    result = merge(base, ours, theirs)
    listed = [c.theirs for c in result.conflicts]
    for op in diff(base, theirs):
        assert op in result.applied or op in listed, op
    kept = merge(base, ours, theirs, prefer="ours")
    assert kept.clean
    merge(base, ours, theirs, prefer="theirs")  # decides or leaves pending; never raises


def _drop(doc, section, fid):
    fields = doc["sections"][section]["fields"]
    return fields.pop([f["id"] for f in fields].index(fid))


def _delete_next(doc):
    doc["sections"].pop(1)


def _add_to_next(doc):
    doc["sections"][1]["fields"].append({"id": "goal", "type": "text", "label": "Goal"})


def _add_extra(label):
    return lambda doc: doc["sections"][0]["fields"].append(
        {"id": "extra", "type": "text", "label": label}
    )


def _harm_last(doc):
    doc["sections"][0]["fields"].append(_drop(doc, 0, "harm"))


def _harm_to_next(doc):
    doc["sections"][1]["fields"].append(_drop(doc, 0, "harm"))


@pytest.mark.parametrize(
    ("ours", "theirs", "expected"),
    [
        (_delete_next, _add_to_next, ("hard", "it was added to something deleted here")),
        (_add_extra("Extra"), _add_extra("Extra"), ("soft", "both sides added the same thing")),
        (
            _add_extra("Extra"),
            _add_extra("Other"),
            ("hard", "both sides added an item with this id, differently"),
        ),
        (
            lambda d: _drop(d, 0, "harm"),
            lambda d: _drop(d, 0, "harm"),
            ("soft", "both sides deleted it"),
        ),
        (_delete_next, _harm_to_next, ("hard", "it was moved into something deleted here")),
        (_harm_last, _harm_last, ("soft", "both sides made the same move")),
        (_harm_to_next, _harm_last, ("hard", "both sides moved it, to different places")),
    ],
)
def test_each_kind_of_conflict_says_why(ours, theirs, expected):
    base = _base()
    mine, yours = copy.deepcopy(base), copy.deepcopy(base)
    ours(mine)
    theirs(yours)
    result = merge(base, mine, yours)
    assert [(c.level, c.reason) for c in result.conflicts] == [expected]
