"""variables, item_variables and check_rule."""

from __future__ import annotations

import pytest

from renderer.definitions.rules import (
    MAX_DEPTH,
    RuleError,
    RuleProblem,
    check_rule,
    item_variables,
    variables,
)


def test_variables_reads_names_from_var_missing_and_missing_some():
    rule = {
        "and": [
            {"==": [{"var": "police_present"}, "yes"]},
            {"missing": ["concern_summary", "child.full_name"]},
            {"missing_some": [1, ["phone", "mobile"]]},
            {"<": [{"var": ["meeting_date", {"var": "today"}]}, {"var": "today"}]},
            {"var": 0},
            {"var": ""},
        ]
    }
    assert variables(rule) == {
        "police_present",
        "concern_summary",
        "child.full_name",
        "phone",
        "mobile",
        "meeting_date",
        "today",
        "0",
    }


def test_variables_sees_keys_built_by_merge_and_if_inside_missing():
    rule = {"missing": {"merge": [["a"], {"if": [{"var": "x"}, ["b", "c"], []]}]}}
    assert variables(rule) == {"a", "b", "c", "x"}
    assert variables({"missing": [["a", "b"]]}) == {"a", "b"}


def test_per_item_names_are_not_top_level_variables():
    rule = {
        "or": [
            {"some": [{"var": "people"}, {"==": [{"var": "role"}, "parent"]}]},
            {
                "reduce": [
                    {"var": "scores"},
                    {"+": [{"var": "current"}, {"var": "accumulator"}]},
                    {"var": "base"},
                ]
            },
            {"all": [{"filter": [{"var": "xs"}, {"var": "keep"}]}, {"var": "ok"}]},
        ]
    }
    assert variables(rule) == {"people", "scores", "base", "xs"}
    assert item_variables(rule) == {"people": {"role"}, "scores": set(), "xs": {"keep"}}


def test_item_variables_reports_only_collections_of_the_form():
    rule = {
        "some": [
            {"var": "people"},
            {"some": [{"var": "children"}, {"==": [{"var": "age"}, 3]}]},
        ]
    }
    assert item_variables(rule) == {"people": {"children"}}


def test_item_variables_strips_current_in_reduce():
    rule = {
        "reduce": [{"var": "people"}, {"+": [{"var": "accumulator"}, {"var": "current.age"}]}, 0]
    }
    assert item_variables(rule) == {"people": {"age"}}


def test_a_valid_form_rule_has_no_problems():
    rule = {
        "if": [
            {"==": [{"var": "police_present"}, "yes"]},
            {"missing": ["police_officer"]},
            [],
        ]
    }
    assert check_rule(rule) == []
    assert check_rule({"<=": [0, {"var": "score"}, 10]}) == []
    assert check_rule(True) == []


def test_unknown_and_forbidden_operators_are_reported_with_their_path():
    problems = check_rule({"and": [{"equal": [1, 1]}, {"!": {"method": ["x", "y"]}}]})
    assert problems == [
        RuleProblem("unknown operator 'equal'", ("and", 0)),
        RuleProblem(
            "the 'method' operator is not allowed: it lets a rule call methods on objects, "
            "which is unsafe for shared definitions",
            ("and", 1, "!"),
        ),
    ]
    assert problems[1].pointer == "/and/1/!"
    assert str(problems[0]) == "unknown operator 'equal' (at /and/0)"


def test_wrong_argument_counts_are_reported():
    messages = [
        p.message for p in check_rule({"or": [{"==": [1, 2, 3]}, {"!": [1, 2]}, {"map": [[1]]}]})
    ]
    assert messages == [
        "'==' takes exactly 2 arguments, got 3",
        "'!' takes exactly 1 argument, got 2",
        "'map' takes exactly 2 arguments, got 1",
    ]
    assert [p.message for p in check_rule({"substr": ["abc"]})] == [
        "'substr' takes 2 to 3 arguments, got 1"
    ]
    assert [p.message for p in check_rule({"and": []})] == [
        "'and' takes at least 1 argument, got 0"
    ]


def test_shape_problems():
    assert [p.path for p in check_rule({"==": [{"a": 1, "b": 2}, 1]})] == [("==", 0)]
    assert check_rule({"var": {"cat": ["a", "b"]}})[0].message.startswith("a variable name must")
    assert check_rule({"missing": {"var": "names"}})[0].path == ("missing",)
    assert check_rule({"missing_some": ["1", ["a"]]})[0].path == ("missing_some", 0)
    assert check_rule({"+": [float("nan")]})[0].message == "nan is not a JSON number"
    assert check_rule({"+": [(1, 2)]})[0].message == "a tuple is not a JSON value"


def test_depth_limit_matches_the_evaluator():
    def nested(levels: int) -> object:
        rule: object = True
        for _ in range(levels):
            rule = {"!": rule}
        return rule

    assert check_rule(nested(MAX_DEPTH)) == []
    problems = check_rule(nested(MAX_DEPTH + 10))
    assert len(problems) == 1
    assert problems[0].message == f"rule is nested more than {MAX_DEPTH} levels deep"
    assert len(problems[0].path) == MAX_DEPTH


def test_rules_deeper_than_python_recursion_are_reported_not_crashed():
    rule: object = {"var": "a"}
    for _ in range(5000):
        rule = {"!": [rule]}
    assert [p.message for p in check_rule(rule)] == [
        f"rule is nested more than {MAX_DEPTH} levels deep"
    ]
    with pytest.raises(RuleError, match=f"more than {MAX_DEPTH} levels"):
        variables(rule)
