"""The answers a pathway's transitions look for, so a sample record moves its case on."""

from __future__ import annotations


def transition_choices(pathway, stage_id: str) -> dict[str, object]:
    """The answers a stage's first conditional transition looks for: {field: value}."""
    for transition in pathway.transitions:
        if transition.from_stage == stage_id and isinstance(transition.when, dict):
            found = _equalities(transition.when, stage_id)
            if found:
                return found
    return {}


def _equalities(rule, stage_id: str) -> dict:
    found: dict = {}
    if isinstance(rule, dict) and len(rule) == 1:
        ((op, args),) = rule.items()
        if op in ("==", "===") and isinstance(args, list) and len(args) == 2:
            var, value = args
            if isinstance(var, dict) and isinstance(var.get("var"), str):
                name = var["var"]
                if name.startswith(stage_id + "."):
                    found[name.split(".", 1)[1]] = value
        elif op == "in" and isinstance(args, list) and len(args) == 2:
            value, var = args
            if isinstance(var, dict) and str(var.get("var", "")).startswith(stage_id + "."):
                found[var["var"].split(".", 1)[1]] = [value]
        elif op in ("and", "or") and isinstance(args, list):
            for part in args if op == "and" else args[:1]:
                found.update(_equalities(part, stage_id))
    return found
