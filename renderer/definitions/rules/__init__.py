"""JSON Logic for the definition language, agreeing exactly with json-logic-js 2.0.5.

The browser evaluates show_if, required_if, validations and calculations with
json-logic-js 2.0.5; the server must reach the same answer for every rule and data, so
JavaScript's coercions are reproduced here (see coercion.py). The ``method`` operator is
not supported, and evaluation is bounded by ``MAX_DEPTH`` and ``MAX_STEPS``.
"""

from .coercion import UNDEFINED, truthy
from .describe import describe
from .errors import MAX_DEPTH, MAX_STEPS, RuleError, RuleProblem
from .evaluator import evaluate
from .inspect import check_rule, item_variables, variables

__all__ = [
    "MAX_DEPTH",
    "MAX_STEPS",
    "RuleError",
    "RuleProblem",
    "UNDEFINED",
    "check_rule",
    "describe",
    "evaluate",
    "item_variables",
    "truthy",
    "variables",
]
