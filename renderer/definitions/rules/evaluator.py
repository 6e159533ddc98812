"""Evaluation of a rule against data, step for step as ``jsonLogic.apply`` does it."""

from __future__ import annotations

import math

from . import coercion as js
from .coercion import UNDEFINED
from .errors import MAX_DEPTH, MAX_STEPS, RuleError
from .grammar import FORBIDDEN
from .limits import Budget, activate, charge, deactivate
from .operators import EAGER

# JS prints integral numbers below 1e21 in full; above that it uses exponent notation,
# as Python does for floats, so only smaller integral results become ints.
_INT_LIMIT = 1e21


def evaluate(rule: object, data: object = None, *, max_steps: int = MAX_STEPS) -> object:
    """Evaluate ``rule`` against ``data`` exactly as json-logic-js 2.0.5 would.

    Numbers come back as ``int`` when integral (so JSON output matches the browser's),
    otherwise ``float`` (``nan``, ``inf`` and ``-0.0`` included); JS ``undefined`` comes
    back as ``UNDEFINED``, which is falsy. Raises ``RuleError`` where json-logic-js
    throws, for ``method`` and other unknown operators, and past the limits.
    """
    token = activate(Budget(max_steps))
    try:
        return to_python(_apply(rule, data, 0))
    except RecursionError:
        raise RuleError("rule or data is nested too deeply to evaluate") from None
    finally:
        deactivate(token)


def to_python(value: object) -> object:
    """Normalise a JS result: integral floats become ints, containers are copied."""
    if isinstance(value, float):
        if value.is_integer() and abs(value) < _INT_LIMIT and math.copysign(1, value) > 0:
            return int(value)
        return value
    if isinstance(value, list):
        charge(len(value))
        return [to_python(v) for v in value]
    if isinstance(value, dict):
        charge(len(value))
        return {k: to_python(v) for k, v in value.items()}
    return value


def _apply(logic: object, data: object, depth: int) -> object:
    charge()
    if isinstance(logic, list):
        depth = _deeper(depth)
        return [_apply(item, data, depth) for item in logic]
    if not (isinstance(logic, dict) and len(logic) == 1):
        return logic
    depth = _deeper(depth)
    op, values = next(iter(logic.items()))
    if not isinstance(values, list):
        values = [values]
    special = _SPECIAL.get(op)
    if special is not None:
        return special(values, data, depth)
    args = [_apply(value, data, depth) for value in values]
    eager = EAGER.get(op)
    if eager is not None:
        return eager(args)
    if op == "var":
        return _var(args, data)
    if op == "missing":
        return _missing(args, data, depth)
    if op == "missing_some":
        return _missing_some(args, data, depth)
    raise RuleError(FORBIDDEN.get(op, f"unrecognised operation {op!r}"))


def _deeper(depth: int) -> int:
    if depth >= MAX_DEPTH:
        raise RuleError(f"rule is nested more than the maximum of {MAX_DEPTH} levels")
    return depth + 1


def _arg(values: list, i: int) -> object:
    return values[i] if i < len(values) else UNDEFINED


def _if(values: list, data: object, depth: int) -> object:
    i = 0
    while i < len(values) - 1:
        if js.truthy(_apply(values[i], data, depth)):
            return _apply(values[i + 1], data, depth)
        i += 2
    if len(values) == i + 1:
        return _apply(values[i], data, depth)
    return None


def _and(values: list, data: object, depth: int) -> object:
    current: object = UNDEFINED
    for value in values:
        current = _apply(value, data, depth)
        if not js.truthy(current):
            return current
    return current


def _or(values: list, data: object, depth: int) -> object:
    current: object = UNDEFINED
    for value in values:
        current = _apply(value, data, depth)
        if js.truthy(current):
            return current
    return current


def _scoped(values: list, data: object, depth: int) -> tuple[object, object]:
    return _apply(_arg(values, 0), data, depth), _arg(values, 1)


def _filter(values: list, data: object, depth: int) -> list:
    items, logic = _scoped(values, data, depth)
    if not isinstance(items, list):
        return []
    return [item for item in items if js.truthy(_apply(logic, item, depth))]


def _map(values: list, data: object, depth: int) -> list:
    items, logic = _scoped(values, data, depth)
    if not isinstance(items, list):
        return []
    return [_apply(logic, item, depth) for item in items]


def _reduce(values: list, data: object, depth: int) -> object:
    items, logic = _scoped(values, data, depth)
    initial = _apply(values[2], data, depth) if len(values) > 2 else None
    if not isinstance(items, list):
        return initial
    accumulator = initial
    for item in items:
        accumulator = _apply(logic, {"current": item, "accumulator": accumulator}, depth)
    return accumulator


def _all(values: list, data: object, depth: int) -> bool:
    items, logic = _scoped(values, data, depth)
    if not isinstance(items, list) or not items:
        return False
    return all(js.truthy(_apply(logic, item, depth)) for item in items)


def _none(values: list, data: object, depth: int) -> bool:
    items, logic = _scoped(values, data, depth)
    if not isinstance(items, list) or not items:
        return True
    return not any(js.truthy(_apply(logic, item, depth)) for item in items)


def _some(values: list, data: object, depth: int) -> bool:
    items, logic = _scoped(values, data, depth)
    if not isinstance(items, list) or not items:
        return False
    return any(js.truthy(_apply(logic, item, depth)) for item in items)


_SPECIAL = {
    "if": _if,
    "?:": _if,
    "and": _and,
    "or": _or,
    "filter": _filter,
    "map": _map,
    "reduce": _reduce,
    "all": _all,
    "none": _none,
    "some": _some,
}


def _var(args: list, data: object) -> object:
    name, default = _arg(args, 0), _arg(args, 1)
    not_found = None if default is UNDEFINED else default
    if name is UNDEFINED or name is None or name == "":
        return data
    for part in js.to_string(name).split("."):
        if data is None or data is UNDEFINED:
            return not_found
        data = _property(data, part)
        if data is UNDEFINED:
            return not_found
    return data


def _property(value: object, key: str) -> object:
    """``value[key]`` for own properties only.

    JS would also find inherited members ("toString", "constructor", an array's "map")
    and return functions; a rule has no business reaching those, so they count as
    absent here: the one deliberate difference from json-logic-js.
    """
    if isinstance(value, dict):
        return value.get(key, UNDEFINED)
    if isinstance(value, list | str):
        if key == "length":
            return js.js_length(value)
        sequence = js.utf16_units(value) if isinstance(value, str) else value
        if key.isdigit() and key.isascii() and (key == "0" or key[0] != "0"):
            index = int(key)
            if index < len(sequence):
                return sequence[index]
    return UNDEFINED


def _missing(args: list, data: object, depth: int) -> list:
    keys = args[0] if args and isinstance(args[0], list) else args
    missing = []
    for key in keys:
        # json-logic-js re-applies {"var": key}, so a list key becomes [name, default]
        # and a one-key object is evaluated as a rule: reproduce that literally.
        value = _apply({"var": key}, data, depth)
        if value is None or (isinstance(value, str) and value == ""):
            missing.append(key)
    return missing


def _missing_some(args: list, data: object, depth: int) -> list:
    need_count, options = _arg(args, 0), _arg(args, 1)
    are_missing = _apply({"missing": options}, data, depth)
    assert isinstance(are_missing, list)  # "missing" always answers a list
    present = js.to_number(js.js_length(options)) - len(are_missing)
    if js.less_than(present, need_count) is False:
        return []
    return are_missing
