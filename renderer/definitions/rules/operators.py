"""The eager operators of json-logic-js 2.0.5 (their arguments are evaluated first).

Each takes the already evaluated argument list; a missing argument is ``UNDEFINED``, as
it is in JavaScript, so {"==": [1]} compares 1 with undefined. ``var``, ``missing`` and
``missing_some`` need the evaluator and live in evaluator.py.
"""

from __future__ import annotations

import logging
import math
from collections.abc import Callable

from . import coercion as js
from .coercion import UNDEFINED
from .errors import RuleError
from .limits import charge

log = logging.getLogger(__name__)


def _arg(args: list, i: int) -> object:
    return args[i] if i < len(args) else UNDEFINED


def _lt3(args: list, or_equal: bool) -> bool:
    a, b, c = _arg(args, 0), _arg(args, 1), _arg(args, 2)
    first = _le(a, b) if or_equal else js.less_than(a, b) is True
    if c is UNDEFINED:
        return first
    return first and (_le(b, c) if or_equal else js.less_than(b, c) is True)


def _le(a: object, b: object) -> bool:
    # a <= b is "not (b < a)", except that a NaN comparison makes it false.
    return js.less_than(b, a) is False


def _in(args: list) -> bool:
    needle, haystack = _arg(args, 0), _arg(args, 1)
    if not js.js_bool(haystack):
        return False
    if isinstance(haystack, str):
        return js.contains(haystack, js.to_string(needle))
    if isinstance(haystack, list):
        charge(len(haystack))
        return any(js.strict_equals(needle, item) for item in haystack)
    if isinstance(haystack, dict) and "indexOf" in haystack:
        raise RuleError("'in' cannot search an object whose 'indexOf' is not a function")
    return False


def _cat(args: list) -> str:
    text = js.join(args, "")
    charge(len(text) // 64)
    return js.normalise_surrogates(text)


def _substr(args: list) -> str:
    source, start, length = _arg(args, 0), _arg(args, 1), _arg(args, 2)
    if js.less_than(length, 0) is True:
        # json-logic-js emulates PHP's negative length; note it uses JS "+", so a
        # string length concatenates ("3" + "-1") rather than subtracting.
        rest = _js_substr(js.to_string(source), start, UNDEFINED)
        return _js_substr(rest, 0, js.add(js.js_length(rest), length))
    return _js_substr(js.to_string(source), start, length)


def _js_substr(text: str, start: object, length: object) -> str:
    """``String.prototype.substr`` over UTF-16 code units."""
    units = js.utf16_units(text)
    size = len(units)
    first = js.to_integer_or_infinity(start)
    if first == -math.inf:
        first = 0.0
    elif first < 0:
        first = max(size + first, 0.0)
    first = min(first, size)
    count = size if length is UNDEFINED else js.to_integer_or_infinity(length)
    count = min(max(count, 0.0), size)
    end = min(first + count, size)
    if first >= end:
        return ""
    return js.from_units(units[int(first) : int(end)])


def _plus(args: list) -> float:
    total: float = 0.0
    for value in args:
        total = js.parse_float(total) + js.parse_float(value)
    return total


def _times(args: list) -> object:
    if not args:
        raise RuleError("'*' needs at least one argument (Reduce of empty array)")
    product = args[0]
    for value in args[1:]:
        product = js.parse_float(product) * js.parse_float(value)
    return product


def _minus(args: list) -> float:
    a, b = _arg(args, 0), _arg(args, 1)
    if b is UNDEFINED:
        return -js.to_number(a)
    return js.to_number(a) - js.to_number(b)


def _divide(args: list) -> float:
    a, b = js.to_number(_arg(args, 0)), js.to_number(_arg(args, 1))
    if b == 0:
        if a != a or a == 0:
            return math.nan
        return math.copysign(math.inf, a) * math.copysign(1.0, b)
    return a / b


def _remainder(args: list) -> float:
    a, b = js.to_number(_arg(args, 0)), js.to_number(_arg(args, 1))
    try:
        return math.fmod(a, b)
    except ValueError:
        return math.nan


def _extreme(args: list, larger: bool) -> float:
    best = -math.inf if larger else math.inf
    numbers = [js.to_number(v) for v in args]
    for number in numbers:
        if number != number:
            return math.nan
        if number == best == 0:
            # Math.max prefers +0 over -0 and Math.min the reverse.
            negative = math.copysign(1.0, number) < 0
            if negative != larger:
                best = number
        elif (number > best) if larger else (number < best):
            best = number
    return best


def _merge(args: list) -> list:
    merged: list = []
    for value in args:
        if isinstance(value, list):
            merged.extend(value)
        else:
            merged.append(value)
    charge(len(merged))
    return merged


def _log(args: list) -> object:
    value = _arg(args, 0)
    log.info("json logic log: %r", value)
    return value


EAGER: dict[str, Callable[[list], object]] = {
    "==": lambda a: js.loose_equals(_arg(a, 0), _arg(a, 1)),
    "===": lambda a: js.strict_equals(_arg(a, 0), _arg(a, 1)),
    "!=": lambda a: not js.loose_equals(_arg(a, 0), _arg(a, 1)),
    "!==": lambda a: not js.strict_equals(_arg(a, 0), _arg(a, 1)),
    ">": lambda a: js.less_than(_arg(a, 1), _arg(a, 0)) is True,
    ">=": lambda a: _le(_arg(a, 1), _arg(a, 0)),
    "<": lambda a: _lt3(a, or_equal=False),
    "<=": lambda a: _lt3(a, or_equal=True),
    "!!": lambda a: js.truthy(_arg(a, 0)),
    "!": lambda a: not js.truthy(_arg(a, 0)),
    "%": _remainder,
    "log": _log,
    "in": _in,
    "cat": _cat,
    "substr": _substr,
    "+": _plus,
    "*": _times,
    "-": _minus,
    "/": _divide,
    "min": lambda a: _extreme(a, larger=False),
    "max": lambda a: _extreme(a, larger=True),
    "merge": _merge,
}
