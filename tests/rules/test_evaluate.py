"""Evaluator behaviour that must hold even where node is not installed."""

from __future__ import annotations

import math

import pytest

from renderer.definitions.rules import (
    MAX_DEPTH,
    MAX_STEPS,
    UNDEFINED,
    RuleError,
    evaluate,
    truthy,
)
from renderer.definitions.rules.coercion import number_to_string, parse_float, to_number
from renderer.definitions.rules.evaluator import _SPECIAL
from renderer.definitions.rules.grammar import OPERATORS
from renderer.definitions.rules.operators import EAGER


def nested_not(levels: int) -> object:
    rule: object = True
    for _ in range(levels):
        rule = {"!": rule}
    return rule


@pytest.mark.parametrize(
    ("number", "text"),
    [
        (1.0, "1"),
        (-0.0, "0"),
        (0.1 + 0.2, "0.30000000000000004"),
        (1e21, "1e+21"),
        (1e20, "100000000000000000000"),
        (123456789012345680000.0, "123456789012345680000"),
        (1e-6, "0.000001"),
        (1e-7, "1e-7"),
        (1.5e-7, "1.5e-7"),
        (5e-324, "5e-324"),
        (1.7976931348623157e308, "1.7976931348623157e+308"),
        (-2.5, "-2.5"),
        (math.inf, "Infinity"),
        (-math.inf, "-Infinity"),
        (math.nan, "NaN"),
    ],
)
def test_numbers_print_as_javascript_prints_them(number, text):
    assert number_to_string(number) == text


@pytest.mark.parametrize(
    ("text", "number"),
    [
        ("", 0.0),
        (" \n\t", 0.0),
        (" 12 ", 12.0),
        ("\u00a012\u2028", 12.0),
        ("1e3", 1000.0),
        ("0x1A", 26.0),
        ("0b11", 3.0),
        ("0o17", 15.0),
        (".5", 0.5),
        ("5.", 5.0),
        ("-Infinity", -math.inf),
    ],
)
def test_strings_convert_to_numbers_as_in_javascript(text, number):
    assert to_number(text) == number


@pytest.mark.parametrize("text", ["abc", "1_000", "inf", "nan", "infinity", "-0x10", "\x1c1", "1e"])
def test_strings_python_would_parse_are_nan_in_javascript(text):
    assert math.isnan(to_number(text))


def test_parse_float_takes_the_longest_numeric_prefix():
    assert parse_float(" 12abc") == 12.0
    assert parse_float("1e3x") == 1000.0
    assert parse_float("0x10") == 0.0
    assert parse_float("1e") == 1.0
    assert math.isnan(parse_float(True))
    assert parse_float([7, 8]) == 7.0


@pytest.mark.parametrize(
    ("rule", "expected"),
    [
        ({"==": [1, "1"]}, True),
        ({"==": [None, 0]}, False),
        ({"==": [False, "0"]}, True),
        ({"==": [[1, 2], "1,2"]}, True),
        ({"==": [[], []]}, False),
        ({"<": [None, 1]}, True),
        ({"<": [[2], "10"]}, False),
        ({"<": ["2", 10]}, True),
        ({"<=": [1, "x"]}, False),
        ({"+": ["1", "2"]}, 3),
        ({"+": [0.1, 0.2]}, 0.30000000000000004),
        ({"*": ["3"]}, "3"),
        ({"cat": [1.0, " ", None, " ", [1, [2, None]], " ", True]}, "1  1,2, true"),
        ({"in": ["a", None]}, False),
        ({"in": [1, ["1", 1.0]]}, True),
        ({"in": [True, [1]]}, False),
        ({"substr": ["abcdef", 1, -2]}, "bcd"),
        ({"substr": ["abcdef", -2]}, "ef"),
        ({"substr": ["a😀bc", 1, 2]}, "😀"),
        ({"!!": ["0"]}, True),
        ({"!!": [[]]}, False),
        ({"!!": [{}]}, True),
        ({"!!": [{"/": [0, 0]}]}, False),
        ({"merge": [1, [2, [3]]]}, [1, 2, [3]]),
        ({"var": 1.5}, None),
    ],
)
def test_javascript_coercions(rule, expected):
    result = evaluate(rule, {})
    assert result == expected
    assert type(result) is type(expected)


def test_integral_results_are_ints_and_others_keep_their_js_identity():
    assert evaluate({"/": [6, 3]}) == 2 and type(evaluate({"/": [6, 3]})) is int
    assert evaluate({"map": [[1, 2], {"*": [{"var": ""}, 1.5]}]}) == [1.5, 3]
    assert type(evaluate({"+": [1e21]})) is float
    negative_zero = evaluate({"-": [0]})
    assert negative_zero == 0 and math.copysign(1, negative_zero) < 0
    assert math.isnan(evaluate({"/": [0, 0]}))
    assert evaluate({"max": []}) == -math.inf
    assert evaluate({"min": []}) == math.inf


def test_undefined_is_returned_and_is_falsy():
    assert evaluate({"and": []}) is UNDEFINED
    assert not truthy(UNDEFINED)
    assert evaluate({"==": [{"and": []}, None]}) is True


def test_method_and_unknown_operators_are_refused():
    with pytest.raises(RuleError, match="'method' operator is not allowed"):
        evaluate({"method": ["abc", "toUpperCase"]})
    with pytest.raises(RuleError, match="unrecognised operation 'equal'"):
        evaluate({"equal": [1, 1]})
    with pytest.raises(RuleError):
        evaluate({"*": []})


def test_prototype_members_are_not_reachable():
    # json-logic-js would hand back functions here; we treat them as absent.
    assert evaluate({"var": "toString"}, {}) is None
    assert evaluate({"var": ["xs.map", "none"]}, {"xs": []}) == "none"


def test_nesting_up_to_the_limit_is_evaluated_and_beyond_it_refused():
    assert evaluate(nested_not(MAX_DEPTH)) is True
    with pytest.raises(RuleError, match=f"maximum of {MAX_DEPTH} levels"):
        evaluate(nested_not(MAX_DEPTH + 1))


def test_a_rule_doing_exponential_work_is_stopped_by_the_step_limit():
    doubling = {
        "reduce": [
            {"var": "xs"},
            {"merge": [{"var": "accumulator"}, {"var": "accumulator"}]},
            [1],
        ]
    }
    assert len(evaluate(doubling, {"xs": list(range(10))})) == 1024
    with pytest.raises(RuleError, match=f"maximum of {MAX_STEPS} evaluation steps"):
        evaluate(doubling, {"xs": list(range(60))})
    with pytest.raises(RuleError, match="maximum of 50 evaluation steps"):
        evaluate({"map": [{"var": "xs"}, {"+": [{"var": ""}, 1]}]}, {"xs": [1] * 40}, max_steps=50)


def test_shared_references_cannot_explode_when_flattened():
    # [[acc], [acc]] shares one list twice, so joining it to text would visit 2**60 items.
    tree = {
        "reduce": [
            {"var": "xs"},
            {"merge": [[{"var": "accumulator"}], [{"var": "accumulator"}]]},
            "x",
        ]
    }
    with pytest.raises(RuleError, match="evaluation steps"):
        evaluate({"cat": [tree]}, {"xs": list(range(60))})


def test_deeply_nested_data_is_an_error_not_a_crash():
    data: object = "x"
    for _ in range(5000):
        data = [data]
    with pytest.raises(RuleError, match="nested too deeply"):
        evaluate({"cat": [{"var": "d"}]}, {"d": data})


def test_evaluation_is_fast_enough_for_typical_form_rules():
    rule = {"and": [{"==": [{"var": "a"}, "yes"]}, {"in": [{"var": "b"}, ["x", "y"]]}]}
    for _ in range(2000):
        assert evaluate(rule, {"a": "yes", "b": "y"}) is True


def test_every_operator_is_implemented_once():
    implemented = set(EAGER) | set(_SPECIAL) | {"var", "missing", "missing_some"}
    assert implemented == set(OPERATORS)
    assert not set(EAGER) & set(_SPECIAL)
