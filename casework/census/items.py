"""Read a record's census items from its form definition: no second mapping to keep.

An option's census code is the first part of its id (`n1_abuse_or_neglect` -> N1,
`neg_neglect` -> NEG, `source_1a_family` -> 1A, `factor_19b_...` -> 19B), which is how
the shipped library names them.
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date

CENSUS = "cin_census"
_PREFIXES = ("source_", "factor_")


def code_of(option_id: str) -> str:
    for prefix in _PREFIXES:
        if option_id.startswith(prefix):
            option_id = option_id[len(prefix) :]
    return option_id.split("_", 1)[0].upper()


def census_questions(definition: dict) -> Iterator[dict]:
    """Every question in a form definition that feeds the census, however deeply nested."""
    stack = [definition]
    while stack:
        node = stack.pop()
        if isinstance(node, dict):
            statutory = node.get("statutory")
            if isinstance(statutory, dict) and statutory.get("return") == CENSUS and "id" in node:
                yield node
            stack.extend(node.values())
        elif isinstance(node, list):
            stack.extend(node)


def items(definition: dict, answers: dict) -> dict[str, object]:
    """item -> value: dates as date, choices as codes, several choices as a list of codes."""
    found: dict[str, object] = {}
    for question in census_questions(definition):
        value = answers.get(question["id"])
        if value in (None, "", []):
            continue
        item = question["statutory"]["item"]
        kind = question.get("type")
        if kind == "date":
            try:
                found[item] = date.fromisoformat(str(value)[:10])
            except ValueError:
                continue
        elif kind == "single_choice":
            found[item] = code_of(str(value))
        elif kind == "multiple_choice":
            found[item] = [code_of(str(v)) for v in value]
        else:
            found[item] = value
    return found


def asked(definition: dict) -> frozenset:
    return frozenset(q["statutory"]["item"] for q in census_questions(definition))
