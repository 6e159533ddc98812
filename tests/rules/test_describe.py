"""Plain-language descriptions."""

from __future__ import annotations

import pytest

from renderer.definitions.rules import describe

LABELS = {
    "police_present": "Were the police at the discussion?",
    "categories": "Categories of harm",
    "meeting_date": "Date of the meeting",
    "role": "Their role",
}


@pytest.mark.parametrize(
    ("rule", "text"),
    [
        (
            {"==": [{"var": "police_present"}, "yes"]},
            'the answer to "Were the police at the discussion?" is "yes"',
        ),
        ({"!=": [{"var": "decision"}, "nfa"]}, 'the answer to decision is not "nfa"'),
        ({"==": [{"var": "x"}, None]}, "the answer to x is empty"),
        (
            {"in": ["neglect", {"var": "categories"}]},
            'the answer to "Categories of harm" includes "neglect"',
        ),
        (
            {"in": [{"var": "decision"}, ["s47", "cin", "nfa"]]},
            'the answer to decision is one of "s47", "cin" or "nfa"',
        ),
        (
            {"<": [{"var": "meeting_date"}, {"var": "today"}]},
            'the answer to "Date of the meeting" is before today\'s date',
        ),
        ({">": [{"var": "score"}, 3]}, "the answer to score is more than 3"),
        (
            {"<=": [0, {"var": "score"}, 10]},
            "the answer to score is at least 0 and is at most 10",
        ),
        (
            {"missing": ["police_present", "notes"]},
            'at least one of these has no answer: "Were the police at the discussion?", notes',
        ),
        (
            {"and": [{"var": "a"}, {"or": [{"==": [{"var": "b"}, 1]}, {"!": {"var": "c"}}]}]},
            "there is an answer to a and (the answer to b is 1 or there is no answer to c)",
        ),
        (
            {"if": [{"==": [{"var": "police_present"}, "yes"]}, {"missing": ["officer"]}, []]},
            'if the answer to "Were the police at the discussion?" is "yes", then there is '
            "no answer to officer; otherwise no items",
        ),
        (
            {"some": [{"var": "people"}, {"==": [{"var": "role"}, "parent"]}]},
            'for at least one item in the answer to people, its answer to "Their role" is "parent"',
        ),
        (
            {"cat": ["Dear ", {"var": "child.first_name"}]},
            'the text "Dear " followed by the child\'s first name',
        ),
    ],
)
def test_descriptions_read_plainly(rule, text):
    assert describe(rule, LABELS) == text


def test_labels_are_optional():
    assert describe({"==": [{"var": "police_present"}, "yes"]}) == (
        'the answer to police_present is "yes"'
    )


@pytest.mark.parametrize(
    "rule",
    [
        {"method": ["x", "toUpperCase"]},
        {"a": 1, "b": 2},
        {"==": []},
        {"missing": {"var": "keys"}},
        {"var": {"cat": ["a", "b"]}},
        {"<": [1]},
        {"if": []},
        {"substr": []},
        {1: 2},
        object(),
    ],
)
def test_exotic_rules_never_raise(rule):
    assert isinstance(describe(rule), str)
    assert describe(rule)


def test_unknown_parts_fall_back_to_compact_json():
    assert describe({"and": [{"var": "a"}, {"method": [1]}]}) == (
        'there is an answer to a and {"method":[1]}'
    )


def test_a_very_deep_rule_still_gets_a_string():
    rule: object = True
    for _ in range(5000):
        rule = {"!": [rule]}
    assert isinstance(describe(rule), str)
