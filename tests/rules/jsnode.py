"""Run rules through the real json-logic-js and compare results with ours."""

from __future__ import annotations

import json
import math
import os
import shutil
import subprocess
from pathlib import Path

import pytest

from renderer.definitions.rules import UNDEFINED, RuleError, evaluate

REPO = Path(__file__).resolve().parents[2]
RUNNER = REPO / "tests" / "js" / "jsonlogic_runner.mjs"
LIBRARY = REPO / "node_modules" / "json-logic-js" / "logic.js"


def require_node() -> str:
    """The node executable; skip (or, under CI, fail) when node or the library is absent."""
    node = shutil.which("node")
    reason = None
    if node is None:
        reason = "node is not installed"
    elif not LIBRARY.exists():
        reason = "node_modules/json-logic-js is not installed (run npm ci)"
    if reason is None:
        return node
    if os.environ.get("CI"):
        pytest.fail(f"differential test cannot run under CI: {reason}")
    pytest.skip(f"differential test needs json-logic-js: {reason}")


def run_js(cases: list[tuple[object, object]]) -> list[dict]:
    """Evaluate every [rule, data] pair in one node process (node starts slowly)."""
    node = require_node()
    payload = json.dumps([[rule, data] for rule, data in cases])
    done = subprocess.run(
        [node, str(RUNNER)],
        input=payload,
        capture_output=True,
        text=True,
        encoding="utf-8",
        errors="surrogatepass",
        timeout=120,
        check=True,
    )
    results = json.loads(done.stdout)
    assert len(results) == len(cases)
    return results


def run_py(rule: object, data: object) -> dict:
    try:
        return {"ok": encode(evaluate(rule, data))}
    except RuleError as err:
        return {"error": str(err)}


def encode(value: object) -> object:
    """The runner's encoding, applied to one of our results."""
    if value is UNDEFINED:
        return {"$js": "undefined"}
    if isinstance(value, float):
        if math.isnan(value):
            return {"$js": "NaN"}
        if math.isinf(value):
            return {"$js": "Infinity" if value > 0 else "-Infinity"}
        if value == 0 and math.copysign(1, value) < 0:
            return {"$js": "-0"}
    if isinstance(value, list):
        return [encode(v) for v in value]
    if isinstance(value, dict):
        return {"$obj": {k: encode(v) for k, v in value.items()}}
    return value


def canonical(value: object) -> object:
    """A form whose equality is JS identity of values: 1 and true and 1.0 are told apart
    where JS tells them apart (number vs boolean), and object key order is ignored."""
    if isinstance(value, bool):
        return ("boolean", value)
    if isinstance(value, int | float):
        return ("number", float(value))
    if isinstance(value, list):
        return ("array", tuple(canonical(v) for v in value))
    if isinstance(value, dict):
        if "$obj" in value:
            return ("object", tuple(sorted((k, canonical(v)) for k, v in value["$obj"].items())))
        return ("js", value["$js"])
    return (type(value).__name__, value)


def outcome(result: dict) -> object:
    """What must agree: the canonical value, or just the fact of an error."""
    if "error" in result:
        return "error"
    return canonical(result["ok"])


def ints_where_integral(value: object) -> bool:
    """Our results use int for integral numbers below 1e21 (bar -0), as JSON prints them."""
    if isinstance(value, float):
        return not (value.is_integer() and abs(value) < 1e21 and math.copysign(1, value) > 0)
    if isinstance(value, list):
        return all(ints_where_integral(v) for v in value)
    if isinstance(value, dict):
        return all(ints_where_integral(v) for v in value.values())
    return True


def compare(cases: list[tuple[object, object]]) -> tuple[list[str], list[dict]]:
    """Run both evaluators over the cases: (every disagreement described, js results)."""
    # Both sides must see the same data: a JSON round trip, as the browser would.
    cases = [json.loads(json.dumps(case)) for case in cases]
    js_results = run_js(cases)
    problems = []
    for (rule, data), js_result in zip(cases, js_results, strict=True):
        py_result = run_py(rule, data)
        if outcome(py_result) != outcome(js_result):
            problems.append(
                f"rule={json.dumps(rule)} data={json.dumps(data)}: "
                f"json-logic-js {js_result}, python {py_result}"
            )
        elif "ok" in py_result and not ints_where_integral(evaluate(rule, data)):
            problems.append(f"rule={json.dumps(rule)}: integral float in {py_result}")
    return problems, js_results


def kind(result: dict) -> str:
    """The JS type of a runner result ("error" for a throw), for coverage checks."""
    value = outcome(result)
    return value if value == "error" else value[0] if value[0] != "js" else value[1]
