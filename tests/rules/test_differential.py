"""Our evaluator against the real json-logic-js 2.0.5, as the browser runs it."""

from __future__ import annotations

import json
from collections import Counter
from pathlib import Path

from tests.rules.generator import generate
from tests.rules.jsnode import canonical, compare, kind, run_py

HERE = Path(__file__).parent
GENERATED = 3000

# Corners of JS coercion that random rules reach rarely or never.
EDGE_CASES: list[tuple[object, object]] = [
    ({"cat": [1e21, "|", 1e-7, "|", 123e-20, "|", 5e-324, "|", 1.7976931348623157e308]}, None),
    ({"cat": [{"+": [0.1, 0.2]}, "|", 100, "|", 1.0, "|", -1.5, "|", 2**53 + 1]}, None),
    (
        {"cat": [{"-": [0]}, {"/": [1, 0]}, {"/": [-1, 0]}, {"/": [0, 0]}, None, [1, [2, None]]]},
        None,
    ),
    ({"cat": [{"a": 1}, True, False, [[], [[]]]]}, None),
    ({"-": [0]}, None),
    ({"*": [-1, 0]}, None),
    ({"+": [{"-": [0]}]}, None),
    ({"max": []}, None),
    ({"min": []}, None),
    ({"max": [{"-": [0]}, 0]}, None),
    ({"min": [0, {"-": [0]}]}, None),
    ({"max": [1, "2", [3], None, True]}, None),
    ({"min": [1, "x"]}, None),
    ({"*": ["3"]}, None),
    ({"*": [[1, 2]]}, None),
    ({"*": []}, None),
    ({"-": []}, None),
    ({"+": []}, None),
    ({"+": [" 12abc", "0x10", "1e3x", ".5.5", "-.5e1", "Infinityx", None, True, [7, 8]]}, None),
    ({"-": ["0x10", "0b101"]}, None),
    ({"-": ["  \u00a0\u2028 12 \ufeff", "\x1c1"]}, None),
    ({"/": [1e308, 1e-10]}, None),
    ({"%": [-7, 2]}, None),
    ({"%": [7, -0.0]}, None),
    ({"%": [-1, 1]}, None),
    ({"%": [5.5, {"/": [1, 0]}]}, None),
    ({"==": [[1], 1]}, None),
    ({"==": [[1, 2], "1,2"]}, None),
    ({"==": [{"var": "xs"}, {"var": "xs"}]}, {"xs": [1]}),
    ({"==": [[], []]}, None),
    ({"==": [None, 0]}, None),
    ({"==": [None, {"var": "nope.deeper"}]}, {}),
    ({"==": [False, "0"]}, None),
    ({"==": [True, "1.0"]}, None),
    ({"==": ["", 0]}, None),
    ({"==": [" \t", False]}, None),
    ({"==": [[], False]}, None),
    ({"==": [[None], ""]}, None),
    ({"==": [{"a": 1}, "[object Object]"]}, None),
    ({"==": [{"/": [0, 0]}, {"/": [0, 0]}]}, None),
    ({"===": [{"-": [0]}, 0]}, None),
    ({"<": [None, 1]}, None),
    ({"<": [[2], "10"]}, None),
    ({"<": [[2], 10]}, None),
    ({"<": ["a", "B"]}, None),
    ({"<": ["\uffff", "\U0001f600"]}, None),
    ({"<": ["abc", "abd", "abe"]}, None),
    ({"<": [1, 2, None]}, None),
    ({"<=": [None, None]}, None),
    ({"<=": [1, "x"]}, None),
    ({">=": [{"and": []}, 0]}, None),
    ({"<": [1, 2, {"and": []}]}, None),
    ({"in": ["a", None]}, None),
    ({"in": ["", ""]}, None),
    ({"in": ["", "abc"]}, None),
    ({"in": [1, "a1"]}, None),
    ({"in": [None, "is null here"]}, None),
    ({"in": [[1, 2], "x1,2"]}, None),
    ({"in": [1, ["1", 1.0]]}, None),
    ({"in": [{"/": [0, 0]}, [{"/": [0, 0]}]]}, None),
    ({"in": ["a", 123]}, None),
    ({"in": ["a", {"var": "o"}]}, {"o": {"a": 1}}),
    ({"in": ["a", {"var": "o"}]}, {"o": {"indexOf": 1}}),
    ({"substr": ["😀abc", 1]}, None),
    ({"substr": ["a😀bc", 1, 2]}, None),
    ({"substr": ["abcdef", -2]}, None),
    ({"substr": ["abcdef", 1, -2]}, None),
    ({"substr": ["abcdef", 1, "-2"]}, None),
    ({"substr": ["abcdef", -100, 2]}, None),
    ({"substr": ["abcdef", "2.9", "1e1"]}, None),
    ({"substr": [12345, 1, 2]}, None),
    ({"substr": [None, 1]}, None),
    ({"substr": []}, None),
    ({"substr": ["abc", {"/": [1, 0]}]}, None),
    ({"cat": ["\ud83d", "\ude00"]}, None),
    ({"in": ["\ude00", "😀"]}, None),
    ({"var": "s.length"}, {"s": "😀a"}),
    ({"var": "s.1"}, {"s": "😀a"}),
    ({"var": 1.5}, [[0], [0, 1, 2, 3, 4, 5]]),
    ({"var": 1}, ["a", "b"]),
    ({"var": "01"}, ["a", "b"]),
    ({"var": True}, {"true": "yes"}),
    ({"var": None}, {"a": 1}),
    ({"var": []}, {"a": 1}),
    ({"var": [["a"]]}, {"a": 1}),
    ({"var": ["x", None]}, {}),
    ({"var": "a..b"}, {"a": {"": {"b": 3}}}),
    ({"var": "a.b"}, {"a": 5}),
    ({"var": "a"}, None),
    ({"var": "a"}, "abc"),
    ({"missing": [["a", "b"], "c"]}, {"a": ""}),
    ({"missing": [[["a", "default"]]]}, {}),
    ({"missing": [{"var": "keys"}]}, {"keys": ["a", "b"], "a": 1}),
    ({"missing": [{"var": "keys"}]}, {"keys": [{"x": 1}]}),
    ({"missing": []}, {}),
    ({"missing": [1, 0]}, ["", None]),
    ({"missing_some": [1, "ab"]}, {}),
    ({"missing_some": [1, None]}, {}),
    ({"missing_some": ["1", ["a", "b"]]}, {"a": 1}),
    ({"missing_some": [[2], ["a", "b"]]}, {"a": 1, "b": 2}),
    ({"missing_some": [1, {"var": "o"}]}, {"o": {"length": 5}}),
    ({"if": []}, None),
    ({"if": [True]}, None),
    ({"if": [False, 1]}, None),
    ({"?:": [[], "yes", "no"]}, None),
    ({"?:": [[0], "yes", "no"]}, None),
    ({"and": []}, None),
    ({"or": []}, None),
    ({"!": []}, None),
    ({"!": [[]]}, None),
    ({"!!": [["0"]]}, None),
    ({"!!": ["0"]}, None),
    ({"!!": [{"/": [0, 0]}]}, None),
    ({"filter": []}, None),
    ({"map": [[1, 2]]}, None),
    ({"reduce": ["abc", {"var": "current"}]}, None),
    ({"reduce": [[1, 2, 3], {"cat": [{"var": "accumulator"}, {"var": "current"}]}]}, None),
    ({"all": [[], True]}, None),
    ({"none": ["x", True]}, None),
    ({"some": [{"var": "xs"}, {"var": "length"}]}, {"xs": ["", "a"]}),
    ({"merge": [1, [2, [3]], None, []]}, None),
    ({"merge": []}, None),
    ({"log": [{"+": [1, 2]}]}, None),
    ({"method": ["abc", "toUpperCase"]}, None),
    ({"": [1]}, None),
    ({"var.nope": [1]}, None),
    ({"hasOwnProperty": ["x"]}, None),
    ({"__proto__": [1]}, None),
    ({"equal": [1, 1]}, None),
    ({"if": [{"nope": []}, 1, 2]}, None),
    ({"x": 1, "y": 2}, None),
    ({}, None),
    ([{"var": "a"}, {"var": "b"}, {"+": [1]}], {"a": 1}),
]


def test_upstream_suite_agrees_with_json_logic_js_and_its_expectations():
    suite = json.loads((HERE / "jsonlogic-tests.json").read_text(encoding="utf-8"))
    entries = [entry for entry in suite if not isinstance(entry, str)]
    assert len(entries) == 290
    cases = [(rule, data) for rule, data, _ in entries]
    problems, js_results = compare(cases)
    assert problems == []
    errors = []
    for (rule, data, expected), js_result in zip(entries, js_results, strict=True):
        if "error" in js_result:
            errors.append(rule)
            assert "error" in run_py(rule, data)
        else:
            assert canonical(js_result["ok"]) == canonical(_tagged(expected)), rule
    # The suite has moved on to aliases ("equal", "greater", ...) that 2.0.5 lacks.
    assert len(errors) == 15
    assert {next(iter(rule)) for rule in errors} >= {"equal", "strictEqual", "greater"}


def _tagged(value: object) -> object:
    if isinstance(value, list):
        return [_tagged(v) for v in value]
    if isinstance(value, dict):
        return {"$obj": {k: _tagged(v) for k, v in value.items()}}
    return value


def test_generated_rules_agree_exactly():
    cases = generate(GENERATED)
    assert len(cases) >= 2000
    problems, js_results = compare(cases)
    assert problems == [], f"{len(problems)} of {len(cases)} disagree:\n" + "\n".join(problems[:20])
    # A generator that mostly produced errors or one type of result would prove little.
    kinds = Counter(kind(result) for result in js_results)
    assert kinds["error"] < len(cases) * 0.05
    for expected in ("boolean", "number", "str", "array", "NoneType", "NaN", "-0", "undefined"):
        assert kinds[expected] > 0, kinds


def test_edge_cases_agree():
    problems, _ = compare(EDGE_CASES)
    assert problems == [], "\n".join(problems)


def test_shared_form_cases_agree_and_match_expected():
    shared = json.loads((HERE / "cases.json").read_text(encoding="utf-8"))["cases"]
    cases = [(case["rule"], case["data"]) for case in shared]
    problems, js_results = compare(cases)
    assert problems == [], "\n".join(problems)
    for case, js_result in zip(shared, js_results, strict=True):
        assert canonical(js_result.get("ok")) == canonical(_tagged(case["expected"])), case["name"]
