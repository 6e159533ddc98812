"""The pure parts: operations, statutory locks, the conditions builder, the properties
panel and where a loader problem is shown."""

from __future__ import annotations

import pytest
from werkzeug.datastructures import MultiDict

from designer.editor import checking
from designer.editor.conditions import logic as conditions
from designer.editor.conditions.logic import Row
from designer.editor.forms import operations, properties

FORM = {
    "id": "f",
    "version": 1,
    "title": "T",
    "purpose": "P",
    "owner": "O",
    "sections": [
        {
            "id": "a",
            "title": "A",
            "fields": [
                {"id": "age", "type": "number", "label": "Age"},
                {
                    "id": "upn",
                    "type": "text",
                    "label": "UPN",
                    "statutory": {"return": "cin_census", "item": "UPN"},
                },
            ],
        },
        {
            "id": "b",
            "title": "B",
            "fields": [
                {
                    "id": "colour",
                    "type": "single_choice",
                    "label": "Colour",
                    "options": [{"id": "red", "label": "Red"}, {"id": "blue", "label": "Blue"}],
                },
            ],
        },
    ],
}
FIELDS = {f["id"]: f for s in FORM["sections"] for f in s["fields"]}


def test_make_id_avoids_reserved_words_and_taken_ids():
    assert operations.make_id("Child's full name!") == "child_s_full_name"
    assert operations.make_id("Name") == "name_q"  # 'name' is reserved by the renderer
    assert operations.make_id("2nd visit") == "q_2nd_visit"
    assert operations.make_id("Age", {"age"}) == "age_2"


def test_statutory_fields_of_the_published_version_are_locked():
    locked = operations.statutory_fields(FORM)
    deleted = operations.apply(FORM, {"op": "delete_field", "id": "upn"})
    assert "cannot be deleted" in operations.locked_problems(deleted, locked)[0]
    retyped = operations.apply(
        FORM,
        {
            "op": "replace_field",
            "id": "upn",
            "field": {
                "type": "long_text",
                "label": "UPN",
                "statutory": FORM["sections"][0]["fields"][1]["statutory"],
            },
        },
    )
    assert "cannot change" in operations.locked_problems(retyped, locked)[0]
    relabelled = operations.apply(
        FORM,
        {
            "op": "replace_field",
            "id": "upn",
            "field": {
                "type": "text",
                "label": "Unique pupil number",
                "statutory": {"return": "cin_census", "item": "UPN"},
            },
        },
    )
    assert operations.locked_problems(relabelled, locked) == []


def test_apply_never_changes_its_input_and_refuses_unknown_ids():
    before = repr(FORM)
    operations.apply(FORM, {"op": "move_section", "id": "b", "direction": "up"})
    assert repr(FORM) == before
    with pytest.raises(operations.OperationRefused):
        operations.apply(FORM, {"op": "delete_field", "id": "nope"})
    with pytest.raises(operations.OperationRefused):
        operations.apply(
            FORM,
            {
                "op": "add_field",
                "section": "a",
                "field": {"id": "age", "type": "text", "label": "x"},
            },
        )


def test_conditions_write_json_logic_and_read_it_back():
    rows = [Row("colour", "equals", "Red"), Row("age", "at_least", "12"), Row()]
    rule = conditions.to_logic(rows, "any", FIELDS)
    assert rule == {"or": [{"==": [{"var": "colour"}, "red"]}, {">=": [{"var": "age"}, 12]}]}
    back, combine = conditions.from_logic(rule, FIELDS)
    assert combine == "any" and [(r.field, r.comparison, r.value) for r in back] == [
        ("colour", "equals", "red"),
        ("age", "at_least", "12"),
    ]
    assert conditions.from_logic({"if": [1, 2, 3]}, FIELDS) is None  # shown as advanced
    with pytest.raises(conditions.ConditionError, match="Choose one of the answers"):
        conditions.to_logic([Row("colour", "equals", "Green")], "all", FIELDS)
    with pytest.raises(conditions.ConditionError, match="number"):
        conditions.to_logic([Row("age", "more_than", "twelve")], "all", FIELDS)


def test_the_properties_panel_writes_only_keys_of_the_type():
    data = MultiDict(
        {
            "type": "single_choice",
            "label": "Colour",
            "max_length": "40",
            "options": "red | Red\nLight green",
            "required": "true",
            "show_if-0-field": "age",
            "show_if-0-comparison": "more_than",
            "show_if-0-value": "3",
            "show_if-combine": "all",
        }
    )
    field, errors = properties.field_from_form(data, FIELDS["colour"], FIELDS)
    assert errors == {}
    assert field == {
        "id": "colour",
        "type": "single_choice",
        "label": "Colour",
        "required": True,
        "show_if": {">": [{"var": "age"}, 3]},
        "options": [{"id": "red", "label": "Red"}, {"id": "light_green", "label": "Light green"}],
    }


def test_a_statutory_field_keeps_its_type_and_mapping_whatever_is_posted():
    old = FIELDS["upn"]
    field, _ = properties.field_from_form(
        MultiDict({"type": "number", "label": "UPN"}), old, FIELDS
    )
    assert field["type"] == "text" and field["statutory"] == old["statutory"]


def test_incomplete_rules_and_bad_json_are_reported_against_their_input():
    data = MultiDict(
        {
            "type": "text",
            "label": "X",
            "show_if-0-field": "age",
            "show_if-0-comparison": "equals",
            "show_if-0-value": "",
            "required_if-advanced": "{not json",
        }
    )
    _, errors = properties.field_from_form(data, {"id": "x", "type": "text"}, FIELDS)
    assert errors["show_if-0-value"] == "Condition 1: Enter a number to compare with"
    assert "not complete" in errors["required_if-advanced"]


def test_loader_problems_are_pinned_to_the_question_and_property():
    doc = operations.apply(
        FORM,
        {
            "op": "replace_field",
            "id": "colour",
            "field": {
                "type": "single_choice",
                "label": "Colour",
                "options": [{"id": "red", "label": "Red"}],
            },
        },
    )
    result = checking.check(doc)
    assert not result.ok
    [problem] = result.for_field("colour")
    assert (problem.section, problem.field, problem.key) == ("b", "colour", "options")
    assert problem.anchor == "field-colour"
