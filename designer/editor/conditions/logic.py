"""The conditions builder: rows of (question, comparison, value) <-> JSON Logic.

Designers pick a question, a comparison and a value (chosen from the question's own
answers where it has them) and combine rows with "all", "any" or "none"; this module
writes the JSON Logic so nobody types it, and reads a rule back into rows when it has
that shape. A rule the builder cannot say exactly (nested groups, arithmetic...) is
left to the "Advanced" view. Pure Python: the words are in condition_words.py.
"""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass
from datetime import date

from renderer.definitions.rules.grammar import is_logic, operation

# comparison -> (JSON Logic operator, words for a blank row); the words a question's
# type gives it (dates are "before", "after") are in condition_words.
COMPARISONS = {
    "equals": ("==", "is"),
    "not_equals": ("!=", "is not"),
    "one_of": ("in", "is one of"),
    "not_one_of": ("!in", "is not one of"),
    "includes": ("in", "includes"),
    "not_includes": ("!in", "does not include"),
    "more_than": (">", "is more than (or after)"),
    "less_than": ("<", "is less than (or before)"),
    "at_least": (">=", "is at least (or on or after)"),
    "at_most": ("<=", "is at most (or on or before)"),
    "answered": ("!!", "is answered"),
    "not_answered": ("!", "is not answered"),
}
NO_VALUE = frozenset({"answered", "not_answered"})
LISTS = frozenset({"one_of", "not_one_of"})
ORDERED = ("more_than", "less_than", "at_least", "at_most")
_PRESENCE = ("answered", "not_answered")
FOR_KIND = {
    "single_choice": ("equals", "not_equals", "one_of", "not_one_of", *_PRESENCE),
    "yes_no": ("equals", "not_equals", *_PRESENCE),
    "multiple_choice": ("includes", "not_includes", *_PRESENCE),
    "number": ("equals", "not_equals", *ORDERED, *_PRESENCE),
    "date": ("equals", "not_equals", *ORDERED, *_PRESENCE),
    "text": ("equals", "not_equals", *_PRESENCE),
    "long_text": ("equals", "not_equals", *_PRESENCE),
}
COMBINES = ("all", "any", "none")
YES_NO = (("yes", "Yes"), ("no", "No"))


@dataclass
class Row:
    field: str = ""
    comparison: str = "equals"
    value: str = ""  # as stored: an option's id, yes/no, a number, a date as 2026-11-23
    other: str = ""  # compare with another question (or "today") instead of a value
    values: list[str] = dataclasses.field(default_factory=list)  # "is one of": the options' ids

    @property
    def empty(self) -> bool:
        return not self.field


class ConditionError(ValueError):
    """A row the builder cannot turn into a rule; `part` says which input caused it
    ("field", "comparison" or "value"), so the message can sit next to that input."""

    def __init__(self, message: str, part: str = "value") -> None:
        super().__init__(message)
        self.part = part


def kind(question: dict | None) -> str:
    """The type a condition compares: a calculated question as what it calculates."""
    question = question or {}
    if question.get("type") == "calculated":
        return "number" if question.get("format") == "number" else "text"
    return question.get("type") or ""


def comparisons_for(question: dict | None) -> tuple[str, ...]:
    if question is None:
        return tuple(COMPARISONS)
    return FOR_KIND.get(kind(question), _PRESENCE)


def options(question: dict | None) -> list[tuple[str, str]]:
    """(stored value, label) of the answers to choose from, if the question has them."""
    if kind(question) == "yes_no":
        return list(YES_NO)
    return [
        (str(o.get("id")), o.get("label") or str(o.get("id")))
        for o in (question or {}).get("options") or []
        if isinstance(o, dict) and "id" in o
    ]


def _option(text: str, question: dict) -> str:
    text = (text or "").strip()
    for ident, label in options(question):
        if text == ident or text.lower() == label.lower():
            return ident
    if not text:
        raise ConditionError("Choose the answer to compare with")
    labels = ", ".join(label for _, label in options(question))
    raise ConditionError(f"Choose one of the answers: {labels}")


def _number(text: str):
    text = (text or "").strip()
    try:
        number = float(text)
    except ValueError:
        if not text:
            raise ConditionError("Enter a number to compare with") from None
        raise ConditionError(f"Enter a number to compare with, not '{text}'") from None
    return int(number) if number.is_integer() else number


def _date(text: str) -> str:
    parts = (text or "").strip().split("-")
    if not any(parts):
        raise ConditionError("Enter a date to compare with")
    try:
        year, month, day = (int(p) for p in parts)
        return date(year, month, day).isoformat()
    except ValueError:
        raise ConditionError("Enter a real date, such as 23 11 2026") from None


def _value(row: Row, question: dict):
    """The row's value as the answer is stored (numbers as numbers, options by id)."""
    which = kind(question)
    if which == "number":
        return _number(row.value)
    if which == "date":
        return _date(row.value)
    if which in ("single_choice", "multiple_choice", "yes_no"):
        return _option(row.value, question)
    if not (row.value or "").strip():
        raise ConditionError("Enter a value to compare with")
    return row.value.strip()


def _term(row: Row, fields: dict[str, dict], allow_other: bool) -> dict:
    question = fields.get(row.field)
    if question is None:
        raise ConditionError("Choose a question from the list", part="field")
    if row.comparison not in comparisons_for(question):
        raise ConditionError(
            f"Choose a comparison that fits ‘{question.get('label') or 'this question'}’",
            part="comparison",
        )
    operator = COMPARISONS[row.comparison][0]
    var = {"var": row.field}
    if row.comparison == "answered":
        return {"!!": [var]}
    if row.comparison == "not_answered":
        return {"!": var}
    if row.comparison in LISTS:
        chosen = [_option(v, question) for v in row.values if v.strip()]
        if not chosen:
            raise ConditionError("Choose at least one answer")
        term = {"in": [var, chosen]}
    elif row.comparison in ("includes", "not_includes"):
        term = {"in": [_option(row.value, question), var]}
    else:
        if row.other and allow_other and row.other in (*fields, "today"):
            other = {"var": row.other}
        else:
            other = _value(row, question)
        term = {operator: [var, other]}
    return {"!": term} if operator == "!in" else term


@dataclass
class Rule:
    rows: list[Row]
    combine: str = "all"


def to_logic(rows: list[Row], combine: str, fields: dict[str, dict], allow_other=True):
    """JSON Logic for the rows (None when every row is empty). Raises ConditionError
    with a message for the row that is incomplete."""
    terms = [_term(row, fields, allow_other) for row in rows if not row.empty]
    if not terms:
        return None
    if combine == "none":
        return {"!": {"or": terms}}
    if len(terms) == 1:
        return terms[0]
    return {"and" if combine == "all" else "or": terms}


def to_logic_by_row(
    rows: list[Row], combine: str, fields: dict[str, dict], key: str, allow_other=True
) -> tuple[dict | None, dict[str, str]]:
    """As to_logic, but every incomplete row is reported, each under the id of the
    input that caused it (`<key>-<n>-value`...), so errors sit next to their row."""
    errors: dict[str, str] = {}
    for n, row in enumerate(rows):
        if row.empty:
            continue
        try:
            _term(row, fields, allow_other)
        except ConditionError as exc:
            errors[f"{key}-{n}-{exc.part}"] = f"Condition {n + 1}: {exc}"
    if errors:
        return None, errors
    return to_logic(rows, combine, fields, allow_other), {}


# -- reading a rule back ---------------------------------------------------------------


def _var(node: object) -> str | None:
    if is_logic(node) and next(iter(node)) == "var":
        args = operation(node)[1]
        if len(args) == 1 and isinstance(args[0], str) and args[0]:
            return args[0]
    return None


def _shown(value: object) -> str | None:
    """A literal as the row holds it, or None for one the builder does not write."""
    if isinstance(value, bool) or value is None or isinstance(value, dict | list):
        return None
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    return str(value)


def _not_row(op: str, arg: object, fields: dict[str, dict]) -> Row | None:
    if _var(arg) is not None:
        return Row(field=_var(arg), comparison="not_answered" if op == "!" else "answered")
    inner = _row(arg, fields) if op == "!" else None
    negated = {"one_of": "not_one_of", "includes": "not_includes"}
    if inner and inner.comparison in negated:
        inner.comparison = negated[inner.comparison]
        return inner
    return None


def _in_row(args: list) -> Row | None:
    if _var(args[0]) and isinstance(args[1], list):
        values = [_shown(v) for v in args[1]]
        if values and None not in values:
            return Row(field=_var(args[0]), comparison="one_of", values=values)
    if _var(args[1]) and _shown(args[0]) is not None:
        return Row(field=_var(args[1]), comparison="includes", value=_shown(args[0]))
    return None


def _row(term: object, fields: dict[str, dict]) -> Row | None:
    if _var(term) is not None:  # a bare question in a group: "it has an answer"
        return Row(field=_var(term), comparison="answered")
    if not is_logic(term):
        return None
    op, args = operation(term)
    if op in ("!", "!!") and len(args) == 1:
        return _not_row(op, args[0], fields)
    if len(args) != 2:
        return None
    if op == "in":
        return _in_row(args)
    name = {v[0]: k for k, v in COMPARISONS.items() if v[0] not in ("in", "!in", "!", "!!")}
    if op not in name or _var(args[0]) is None:
        return None
    if _var(args[1]) is not None:
        return Row(field=_var(args[0]), comparison=name[op], other=_var(args[1]))
    value = _shown(args[1])
    return None if value is None else Row(field=_var(args[0]), comparison=name[op], value=value)


def from_logic(rule: object, fields: dict[str, dict]) -> tuple[list[Row], str] | None:
    """(rows, "all"|"any"|"none") when the rule has the builder's shape; else None.
    The rows may still not be ones the builder writes back: see editable_rows."""
    if rule is None:
        return [], "all"
    combine, terms = "all", [rule]
    if is_logic(rule):
        op, args = operation(rule)
        if op in ("and", "or"):
            combine, terms = ("all" if op == "and" else "any"), args
        elif op == "!" and len(args) == 1 and is_logic(args[0]):
            inner, inner_args = operation(args[0])
            if inner == "or":
                combine, terms = "none", inner_args
    rows = [_row(t, fields) for t in terms]
    return (rows, combine) if rows and all(rows) else None


def normal(rule: object) -> object:
    """The rule with what cannot change its meaning as a condition undone: unary sugar
    ({"!": x} is {"!": [x]}), a group of one, and "!!" or a bare question inside a
    group or at the top (a condition is only ever read as true or false)."""

    def walk(node: object, boolean: bool) -> object:
        if isinstance(node, list):
            return [walk(n, False) for n in node]
        if not is_logic(node):
            return node
        op, args = operation(node)
        if op in ("and", "or"):
            if len(args) == 1 and boolean:
                return walk(args[0], True)
            return {op: [walk(a, boolean) for a in args]}
        if op == "!!" and boolean and len(args) == 1:
            return walk(args[0], True)
        if op == "!":
            return {op: [walk(a, True) for a in args]}
        if op == "var":
            return {op: args}
        return {op: [walk(a, False) for a in args]}

    return walk(rule, True)


def editable_rows(
    rule: object, fields: dict[str, dict], allow_other: bool = True
) -> tuple[list[Row], str] | None:
    """The rule as builder rows only when writing those rows back gives the same rule
    (the same JSON Logic, up to `normal`); otherwise None, and the page keeps the rule
    as it is under "Advanced" (a number compared as text, a nested group, a question
    the builder does not offer...)."""
    parsed = from_logic(rule, fields)
    if parsed is None:
        return None
    rows, combine = parsed
    if not allow_other and any(row.other for row in rows):
        return None
    try:
        again = to_logic(rows, combine, fields, allow_other)
    except ConditionError:
        return None
    return parsed if normal(again) == normal(rule) else None
