"""Rules over answers: the data JSON Logic sees, visibility and calculations.

The contract the browser repeats (docs/screens.md): rule data is every field's
``rule_value`` plus ``today`` (ISO). Fields are visited in form order; a field whose
``show_if`` is false is hidden and counts as ``null`` for every rule evaluated after it;
a calculated field takes its value when visited (all calculations are also evaluated
once beforehand, so a rule may name a later calculated field). Inside a list item the
item's own fields are added to (and override) the form's data. A rule that cannot be
evaluated counts as "shown", "not required" and "valid": a broken rule never blocks
recording.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from datetime import date

from renderer.definitions.rules import UNDEFINED, RuleError, evaluate, truthy

from .registry import handler_for


def truth(rule: object, data: dict, default: bool) -> bool:
    if rule is None:
        return default
    try:
        return truthy(evaluate(rule, data))
    except (RuleError, RecursionError, ValueError, TypeError):
        return default


def calculate_value(rule: object, data: dict) -> object:
    try:
        value = evaluate(rule, data)
    except (RuleError, RecursionError, ValueError, TypeError):
        return None
    if value is UNDEFINED or (isinstance(value, float) and not math.isfinite(value)):
        return None  # NaN and Infinity are not JSON: "not worked out yet"
    return value


@dataclass
class State:
    data: dict
    hidden: set


def evaluate_fields(fields, values: dict, base: dict) -> State:
    """Visibility and calculated values for ``fields`` (a form's or an item's)."""
    data = dict(base)
    for f in fields:
        h = handler_for(f.type)
        if h.answerable:
            data[f.id] = h.rule_value(f, values.get(f.id))
    calculated = [f for f in fields if f.type == "calculated"]
    for f in calculated:
        data[f.id] = calculate_value(f.calculation, data)
    hidden: set[str] = set()
    for f in fields:
        if not truth(f.show_if, data, True):
            hidden.add(f.id)
            data[f.id] = None
        elif f.type == "calculated":
            data[f.id] = calculate_value(f.calculation, data)
    return State(data, hidden)


def form_state(form_fields, answers: dict, today: date) -> State:
    return evaluate_fields(form_fields, answers or {}, {"today": today.isoformat()})


def item_state(fields, item: dict, form_data: dict) -> State:
    return evaluate_fields(fields, item if isinstance(item, dict) else {}, form_data)
