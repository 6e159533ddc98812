"""Checks on JSON Logic rules inside definitions: validity and the names they use.

The evaluator lives in renderer.definitions.rules (its own module); this file only
connects its static checks to definition locations and the catalogue.
"""

from __future__ import annotations

from .errors import Problem, did_you_mean
from .rules import check_rule, item_variables, variables


def find_var(rule, name: str, at=()):
    """Path inside `rule` of the first {"var": name}, for a precise line and column."""
    if isinstance(rule, dict):
        for k, v in rule.items():
            if k == "var":
                target = v[0] if isinstance(v, list) and v else v
                if target == name:
                    return (*at, k)
            found = find_var(v, name, (*at, k))
            if found is not None:
                return found
    elif isinstance(rule, list):
        for i, v in enumerate(rule):
            found = find_var(v, name, (*at, i))
            if found is not None:
                return found
    return None


def rule_problems(doc, rule, path) -> list[Problem]:
    """CV402 for every structural problem in the rule."""
    out = []
    try:
        found = check_rule(rule)
    except Exception as exc:  # noqa: BLE001 - a crash in the checker is a bad rule, not ours
        found = [type("P", (), {"message": f"the rule could not be checked: {exc}", "path": ()})()]
    for problem in found:
        where = (*path, *tuple(problem.path or ()))
        line, col = doc.locate(where)
        out.append(
            Problem(
                "CV402",
                f"{problem.message}",
                file=doc.file,
                line=line,
                column=col,
                path=doc.path_text(where),
            )
        )
    return out


def rule_vars(rule) -> set[str]:
    try:
        return {v for v in variables(rule) if isinstance(v, str)}
    except Exception:  # noqa: BLE001 - malformed rules are reported by rule_problems
        return set()


def rule_item_vars(rule) -> dict[str, set[str]]:
    try:
        return {
            k: {v for v in vs if isinstance(v, str)}
            for k, vs in item_variables(rule).items()
            if isinstance(k, str)
        }
    except Exception:  # noqa: BLE001 - malformed rules are reported by rule_problems
        return {}


def unknown_var_problem(
    doc, rule, path, name: str, known, context: str, expected: str = ""
) -> Problem:
    inner = find_var(rule, name)
    where = (*path, *inner) if inner else tuple(path)
    line, col = doc.locate(where)
    return Problem(
        "CV401",
        f"The rule in {context} uses '{name}', which is not "
        f"{expected or ('a field of this form' if '.' not in name else 'a known name')}."
        f"{did_you_mean(name, known)}",
        file=doc.file,
        line=line,
        column=col,
        path=doc.path_text(where),
    )
