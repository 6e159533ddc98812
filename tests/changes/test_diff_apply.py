"""Property tests: a diff applied to the old version gives the new version exactly."""

from __future__ import annotations

import copy

import pytest
from hypothesis import HealthCheck, given, settings

from designer.changes.apply import ApplyError, apply_operations
from designer.changes.diff import diff, same

from .strategies import forms, pathways

SETTINGS = settings(max_examples=100, deadline=None, suppress_health_check=[HealthCheck.too_slow])


@SETTINGS
@given(forms(), forms())
def test_apply_diff_rebuilds_any_form(a, b):
    b = dict(b, version=a["version"])
    ops = diff(a, b)
    before = copy.deepcopy(a)
    assert same(apply_operations(a, ops), b)
    assert same(a, before), "apply must not change its input"


@SETTINGS
@given(pathways(), pathways())
def test_apply_diff_rebuilds_any_pathway(a, b):
    b = dict(b, version=a["version"])
    assert same(apply_operations(a, diff(a, b)), b)


@settings(max_examples=100, deadline=None)
@given(forms())
def test_a_new_definition_is_built_from_nothing(b):
    ops = diff({}, b, "form")
    built = apply_operations({}, ops, "form")
    assert same(dict(built, version=b["version"]), b)


@settings(max_examples=100, deadline=None)
@given(forms())
def test_no_change_no_operations(a):
    assert diff(a, copy.deepcopy(a)) == []


def _form():
    return {
        "id": "safety",
        "version": 1,
        "title": "Safety",
        "purpose": "Why",
        "owner": "Group",
        "sections": [
            {
                "id": "working_well",
                "title": "What's working well",
                "fields": [
                    {
                        "id": "network",
                        "type": "long_text",
                        "label": "Who is in the safety network?",
                    },
                    {"id": "strengths", "type": "long_text", "label": "Strengths"},
                ],
            },
            {"id": "needs", "title": "What needs to happen", "fields": []},
        ],
    }


def test_move_between_sections_is_one_move_not_remove_and_add():
    a = _form()
    b = copy.deepcopy(a)
    b["sections"][1]["fields"].append(b["sections"][0]["fields"].pop(0))
    ops = diff(a, b)
    assert ops == [
        {
            "op": "move_field",
            "path": ["sections", "working_well", "fields", "network"],
            "to": ["sections", "needs", "fields", "network"],
            "after": None,
        }
    ]


def test_relabel_is_a_set_with_old_and_new():
    a = _form()
    b = copy.deepcopy(a)
    b["sections"][0]["fields"][1]["label"] = "What is going well"
    assert diff(a, b) == [
        {
            "op": "set",
            "path": ["sections", "working_well", "fields", "strengths", "label"],
            "old": "Strengths",
            "new": "What is going well",
        }
    ]


def test_apply_refuses_an_operation_whose_old_value_does_not_match():
    a = _form()
    op = {
        "op": "set",
        "path": ["sections", "working_well", "fields", "strengths", "label"],
        "old": "Something else",
        "new": "X",
    }
    with pytest.raises(ApplyError, match="Expected label of field 'strengths'"):
        apply_operations(a, [op])


def test_true_and_one_are_different_values():
    a = _form()
    b = copy.deepcopy(a)
    a["sections"][0]["fields"][0]["required"] = 1
    b["sections"][0]["fields"][0]["required"] = True
    ops = diff(a, b)
    assert len(ops) == 1 and ops[0]["new"] is True


def test_field_ids_are_unique_across_the_form_when_adding():
    a = _form()
    op = {
        "op": "add_field",
        "path": ["sections", "needs", "fields", "network"],
        "after": None,
        "field": {"id": "network", "type": "text", "label": "Again"},
    }
    with pytest.raises(ApplyError, match="already exists"):
        apply_operations(a, [op])
