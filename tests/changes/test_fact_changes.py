"""Case facts are diffed, described and merged like every other part of a form."""

import copy

import yaml

from designer.changes import apply_operations, describe, diff, merge

from .conftest import ROOT


def _form():
    """The shipped strategy discussion with its case facts taken off, so each test gives
    them itself."""
    form = yaml.safe_load((ROOT / "form_library" / "strategy_discussion.yaml").read_text())
    for section in form["sections"]:
        for field in section["fields"]:
            field.pop("fact", None)
            field.pop("fact_use", None)
    return form


def _field(form, field_id):
    return next(f for s in form["sections"] for f in s["fields"] if f["id"] == field_id)


def test_giving_a_question_a_fact_reads_as_a_sentence_with_plain_names():
    old = _form()
    new = copy.deepcopy(old)
    _field(new, "child_address")["fact"] = "child.address"
    _field(new, "child_name")["fact"] = "child.full_name"
    _field(new, "child_name")["fact_use"] = "reads"
    rows = describe(diff(old, new), old, new)
    sentences = [r["sentence"] for r in rows]
    assert (
        "The question 'Where the child lives now' now holds the case fact 'Where the child lives'"
        in sentences
    )
    assert (
        "The question 'Child's full name' now only reads (is pre-filled with, but does not "
        "record) its case fact" in sentences
    )
    assert {r["category"] for r in rows} == {"case fact changed"}
    assert not any("child.address" in s for s in sentences)  # no dotted names on screen
    assert apply_operations(old, diff(old, new)) == new


def test_changing_and_removing_a_fact_name_both_facts():
    base = _form()
    _field(base, "child_address")["fact"] = "child.address"
    changed = copy.deepcopy(base)
    _field(changed, "child_address")["fact"] = "child.school"
    [row] = describe(diff(base, changed), base, changed)
    assert row["sentence"] == (
        "The question 'Where the child lives now' now holds the case fact "
        "'School, nursery or college' instead of 'Where the child lives'"
    )
    removed = copy.deepcopy(base)
    del _field(removed, "child_address")["fact"]
    [row] = describe(diff(base, removed), base, removed)
    assert row["sentence"] == (
        "The question 'Where the child lives now' no longer holds the case fact "
        "'Where the child lives'"
    )


def test_a_fact_added_by_one_council_merges_with_a_relabel_by_another():
    base = _form()
    ours = copy.deepcopy(base)
    _field(ours, "child_address")["fact"] = "child.address"
    theirs = copy.deepcopy(base)
    _field(theirs, "police_officer")["fact"] = "case.police_officer"
    result = merge(base, ours, theirs)
    assert result.conflicts == []
    assert _field(result.merged, "child_address")["fact"] == "child.address"
    assert _field(result.merged, "police_officer")["fact"] == "case.police_officer"


def test_two_councils_choosing_different_facts_for_one_question_conflict():
    base = _form()
    ours = copy.deepcopy(base)
    _field(ours, "child_address")["fact"] = "child.address"
    theirs = copy.deepcopy(base)
    _field(theirs, "child_address")["fact"] = "child.school"
    result = merge(base, ours, theirs)
    assert len(result.conflicts) == 1
    assert "case fact" in result.conflicts[0].sentence
