"""The operators json-logic-js 2.0.5 knows, and the argument counts we accept."""

from __future__ import annotations

import math
from typing import TypeGuard

# (minimum, maximum) number of arguments; math.inf = no maximum. json-logic-js ignores
# extra arguments silently, which hides mistakes such as {"==": [a, b, c]}, so the
# static check is stricter than the evaluator.
ARITY: dict[str, tuple[float, float]] = {
    "var": (0, 2),
    "missing": (1, math.inf),
    "missing_some": (2, 2),
    "if": (2, math.inf),
    "?:": (2, math.inf),
    "==": (2, 2),
    "===": (2, 2),
    "!=": (2, 2),
    "!==": (2, 2),
    "!": (1, 1),
    "!!": (1, 1),
    "or": (1, math.inf),
    "and": (1, math.inf),
    ">": (2, 2),
    ">=": (2, 2),
    "<": (2, 3),
    "<=": (2, 3),
    "max": (1, math.inf),
    "min": (1, math.inf),
    "+": (1, math.inf),
    "-": (1, 2),
    "*": (1, math.inf),
    "/": (2, 2),
    "%": (2, 2),
    "in": (2, 2),
    "cat": (1, math.inf),
    "substr": (2, 3),
    "merge": (0, math.inf),
    "map": (2, 2),
    "filter": (2, 2),
    "reduce": (2, 3),
    "all": (2, 2),
    "none": (2, 2),
    "some": (2, 2),
    "log": (1, 1),
}

OPERATORS = frozenset(ARITY)

# Operators whose second argument is evaluated once per item of the first, with the
# item (or {"current", "accumulator"} for reduce) as its data.
SCOPED = frozenset({"map", "filter", "reduce", "all", "none", "some"})

FORBIDDEN = {
    "method": (
        "the 'method' operator is not allowed: it lets a rule call methods on "
        "objects, which is unsafe for shared definitions"
    ),
}


def is_logic(value: object) -> TypeGuard[dict]:
    """True if json-logic-js would treat ``value`` as an operation (a one-key object)."""
    return isinstance(value, dict) and len(value) == 1


def operation(logic: dict) -> tuple[str, list]:
    """Split a one-key object into its operator and argument list (unary sugar undone)."""
    op, values = next(iter(logic.items()))
    return op, values if isinstance(values, list) else [values]
