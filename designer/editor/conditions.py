"""The conditions builder: rows of (question, comparison, value) <-> JSON Logic.

Designers pick a question, a comparison and a value and combine rows with "all" or
"any"; this module writes the JSON Logic so nobody types it, and reads a rule back
into rows when it has that shape (anything else is shown as an advanced rule).
"""

from __future__ import annotations

from dataclasses import dataclass

COMPARISONS = {
    "equals": ("==", "is"),
    "not_equals": ("!=", "is not"),
    "includes": ("in", "includes"),
    "more_than": (">", "is more than"),
    "less_than": ("<", "is less than"),
    "at_least": (">=", "is at least"),
    "at_most": ("<=", "is at most"),
    "answered": ("!!", "has been answered"),
    "not_answered": ("!", "has not been answered"),
}
NO_VALUE = frozenset({"answered", "not_answered"})
_BY_OPERATOR = {op: name for name, (op, _) in COMPARISONS.items()}


@dataclass
class Row:
    field: str = ""
    comparison: str = "equals"
    value: str = ""
    other: str = ""  # compare with another question (or "today") instead of a value

    @property
    def empty(self) -> bool:
        return not self.field


class ConditionError(ValueError):
    """A row the builder cannot turn into a rule; `part` says which input caused it
    ("field", "comparison" or "value"), so the message can sit next to that input."""

    def __init__(self, message: str, part: str = "value") -> None:
        super().__init__(message)
        self.part = part


def _value(text: str, field: dict | None):
    """The typed value as the answer is stored: numbers as numbers, options by id."""
    text = (text or "").strip()
    kind = (field or {}).get("type")
    if kind == "number":
        try:
            number = float(text)
        except ValueError:
            raise ConditionError(f"Enter a number to compare with, not '{text}'") from None
        return int(number) if number.is_integer() else number
    if kind == "yes_no":
        if text.lower() not in ("yes", "no"):
            raise ConditionError("Enter yes or no")
        return text.lower()
    if kind in ("single_choice", "multiple_choice"):
        for option in field.get("options") or []:
            if (
                text in (option.get("id"), option.get("label"))
                or text.lower() == str(option.get("label", "")).lower()
            ):
                return option["id"]
        labels = ", ".join(o.get("label", "") for o in field.get("options") or [])
        raise ConditionError(f"Choose one of the answers: {labels}")
    return text


def _term(row: Row, fields: dict[str, dict]) -> dict:
    if row.field not in fields and row.field != "today":
        raise ConditionError(
            f"Choose a question (there is none called '{row.field}')", part="field"
        )
    if row.comparison not in COMPARISONS:
        raise ConditionError("Choose a comparison", part="comparison")
    operator, _ = COMPARISONS[row.comparison]
    var = {"var": row.field}
    if row.comparison in NO_VALUE:
        return {operator: [var]}
    if row.other:
        other = {"var": row.other}
    else:
        if not (row.value or "").strip():
            raise ConditionError("Enter a value to compare with")
        other = _value(row.value, fields.get(row.field))
    if operator == "in":
        return {"in": [other, var]}
    return {operator: [var, other]}


def to_logic(rows: list[Row], combine: str, fields: dict[str, dict]) -> dict | None:
    """JSON Logic for the rows (None when every row is empty). Raises ConditionError
    with a message for the row that is incomplete."""
    terms = [_term(row, fields) for row in rows if not row.empty]
    if not terms:
        return None
    if len(terms) == 1:
        return terms[0]
    return {"and" if combine == "all" else "or": terms}


def rows_from_form(data, key: str, limit: int = 10) -> tuple[list[Row], str]:
    """The builder's rows as posted (`<key>-<n>-field`, `-comparison`, `-value`) and
    its all/any choice."""
    rows = [
        Row(
            data.get(f"{key}-{n}-field", ""),
            data.get(f"{key}-{n}-comparison") or "equals",
            data.get(f"{key}-{n}-value", ""),
        )
        for n in range(limit)
        if f"{key}-{n}-field" in data
    ]
    return rows, "any" if data.get(f"{key}-combine") == "any" else "all"


def to_logic_by_row(
    rows: list[Row], combine: str, fields: dict[str, dict], key: str
) -> tuple[dict | None, dict[str, str]]:
    """As to_logic, but every incomplete row is reported, each under the id of the
    input that caused it (`<key>-<n>-value`...), so errors sit next to their row."""
    errors: dict[str, str] = {}
    for n, row in enumerate(rows):
        if row.empty:
            continue
        try:
            to_logic([row], "all", fields)
        except ConditionError as exc:
            errors[f"{key}-{n}-{exc.part}"] = f"Condition {n + 1}: {exc}"
    if errors:
        return None, errors
    return to_logic(rows, combine, fields), {}


def editable_rows(rule: object, fields: dict[str, dict]) -> tuple[list[Row], str] | None:
    """The rule as builder rows only when writing those rows back gives exactly the
    same rule; otherwise None, and the page shows the rule read-only instead of
    letting the builder change it (a number compared as text, a list of answers, a
    question the builder does not offer...)."""
    parsed = from_logic(rule, fields)
    if parsed is None:
        return None
    rows, combine = parsed
    if any(row.other for row in rows):  # the pathway builder has no "compare with"
        return None
    try:
        again = to_logic(rows, combine, fields)
    except ConditionError:
        return None
    return parsed if again == rule else None


def _display(value, field: dict | None) -> str:
    for option in (field or {}).get("options") or []:
        if option.get("id") == value:
            return option.get("label", value)
    return "" if value is None else str(value)


def _row(term: object, fields: dict[str, dict]) -> Row | None:
    if not isinstance(term, dict) or len(term) != 1:
        return None
    ((operator, args),) = term.items()
    name = _BY_OPERATOR.get(operator)
    if name is None or not isinstance(args, list):
        return None
    if name in NO_VALUE:
        if len(args) == 1 and isinstance(args[0], dict) and set(args[0]) == {"var"}:
            return Row(field=args[0]["var"], comparison=name)
        return None
    if len(args) != 2:
        return None
    var, other = (args[1], args[0]) if operator == "in" else (args[0], args[1])
    if not (isinstance(var, dict) and set(var) == {"var"} and isinstance(var["var"], str)):
        return None
    field_id = var["var"]
    if isinstance(other, dict):
        if set(other) == {"var"} and isinstance(other["var"], str):
            return Row(field=field_id, comparison=name, other=other["var"])
        return None
    if isinstance(other, list):
        return None
    return Row(field=field_id, comparison=name, value=_display(other, fields.get(field_id)))


def from_logic(rule: object, fields: dict[str, dict]) -> tuple[list[Row], str] | None:
    """(rows, "all"|"any") when the rule is one the builder can show; else None."""
    if rule is None:
        return [], "all"
    if isinstance(rule, dict) and len(rule) == 1 and next(iter(rule)) in ("and", "or"):
        combine = "all" if "and" in rule else "any"
        terms = rule.get("and") or rule.get("or")
        if not isinstance(terms, list):
            return None
        rows = [_row(t, fields) for t in terms]
        return (rows, combine) if rows and all(rows) else None
    row = _row(rule, fields)
    return ([row], "all") if row else None


def sentence(rule: object, fields: dict[str, dict]) -> str:
    """The rule in words, for the structure page and the review."""
    parsed = from_logic(rule, fields)
    if parsed is None:
        return "an advanced rule"
    rows, combine = parsed
    parts = []
    for row in rows:
        label = fields.get(row.field, {}).get("label") or row.field
        words = COMPARISONS[row.comparison][1]
        if row.comparison in NO_VALUE:
            parts.append(f"‘{label}’ {words}")
        else:
            target = (
                row.value
                if not row.other
                else (
                    "today"
                    if row.other == "today"
                    else f"‘{fields.get(row.other, {}).get('label') or row.other}’"
                )
            )
            parts.append(f"‘{label}’ {words} {target}")
    return (" and " if combine == "all" else " or ").join(parts)
