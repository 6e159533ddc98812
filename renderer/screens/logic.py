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
    plan = _plan(fields)
    data = dict(base)
    for field_id, rule_value, f in plan.answerable:
        data[field_id] = rule_value(f, values.get(field_id))
    for field_id, calculation in plan.calculated:
        data[field_id] = calculate_value(calculation, data)
    hidden: set[str] = set()
    # Only fields with a show_if or a calculation change anything on the second visit
    # (a field without show_if is shown): a form without rules costs nothing more here.
    for field_id, show_if, calculated, calculation in plan.ruled:
        if not truth(show_if, data, True):
            hidden.add(field_id)
            data[field_id] = None
        elif calculated:
            data[field_id] = calculate_value(calculation, data)
    return State(data, hidden)


@dataclass(frozen=True)
class _Plan:
    answerable: tuple  # (id, the type's rule_value, field) in form order
    calculated: tuple  # (id, calculation)
    ruled: tuple  # (id, show_if, calculated?, calculation): fields with a show_if or calculated


# Worked out once per fields tuple (a form version's, a list's, a composite's parts), which
# lives as long as its definition; the entry keeps the tuple, so its id is not reused.
_plans: dict[int, tuple[object, _Plan]] = {}
MAX_PLANS = 4096


def _plan(fields) -> _Plan:
    found = _plans.get(id(fields))
    if found is not None and found[0] is fields:
        return found[1]
    answerable, calculated, ruled = [], [], []
    for f in fields:
        h = handler_for(f.type)
        if h.answerable:
            answerable.append((f.id, h.rule_value, f))
        if f.type == "calculated":
            calculated.append((f.id, f.calculation))
        if f.show_if is not None or f.type == "calculated":
            ruled.append((f.id, f.show_if, f.type == "calculated", f.calculation))
    plan = _Plan(tuple(answerable), tuple(calculated), tuple(ruled))
    if isinstance(fields, tuple):  # a list made for one call is not kept
        if len(_plans) >= MAX_PLANS:
            _plans.clear()
        _plans[id(fields)] = (fields, plan)
    return plan


def form_state(form_fields, answers: dict, today: date) -> State:
    return evaluate_fields(form_fields, answers or {}, {"today": today.isoformat()})


def item_state(fields, item: dict, form_data: dict) -> State:
    return evaluate_fields(fields, item if isinstance(item, dict) else {}, form_data)
