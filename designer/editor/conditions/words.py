"""Rules in plain sentences: questions and answers named by their labels, dates as
people write them. A rule the builder cannot say is put into words by the language's
own describer (renderer.definitions.rules.describe), with answers' ids replaced by
their wording. Pure Python."""

from __future__ import annotations

from datetime import date

from designer.editor.conditions.logic import COMPARISONS, NO_VALUE, Row, from_logic, kind, options
from renderer.definitions.rules import describe

_DATE_WORDS = {
    "equals": "is on",
    "not_equals": "is not on",
    "more_than": "is after",
    "less_than": "is before",
    "at_least": "is on or after",
    "at_most": "is on or before",
}
_NUMBER_WORDS = {
    "more_than": "is more than",
    "less_than": "is less than",
    "at_least": "is at least",
    "at_most": "is at most",
}


def comparison_words(comparison: str, question: dict | None) -> str:
    """What a comparison says for this question: "is before" for a date."""
    which = kind(question) if question is not None else ""
    if which == "date" and comparison in _DATE_WORDS:
        return _DATE_WORDS[comparison]
    if which and comparison in _NUMBER_WORDS:
        return _NUMBER_WORDS[comparison]
    # A comparison the page never offered (a hand-made post) is refused by to_logic with
    # its own message; its words must not stop the page that says so.
    return COMPARISONS.get(comparison, ("", "is compared with"))[1]


def date_words(iso: str) -> str:
    try:
        day = date.fromisoformat(iso)
    except (TypeError, ValueError):
        return iso
    return f"{day.day} {day:%B %Y}"


def _label(ident: str, fields: dict[str, dict]) -> str:
    if ident == "today":
        return "today"
    question = fields.get(ident) or {}
    return f"‘{question.get('label') or ident.replace('_', ' ').replace('.', ': ')}’"


def _answer(value: str, question: dict | None) -> str:
    for ident, label in options(question):
        if value == ident:
            return f"‘{label}’"
    if kind(question) == "date":
        return date_words(value)
    if kind(question) == "number":
        return value
    return f"‘{value}’"


def _either(parts: list[str], word: str) -> str:
    if len(parts) <= 1:
        return "".join(parts)
    return ", ".join(parts[:-1]) + f" {word} " + parts[-1]


def row_words(row: Row, fields: dict[str, dict]) -> str:
    """ "‘Decision’ is ‘Close’ or ‘Step down’" for one row."""
    question = fields.get(row.field)
    subject = _label(row.field, fields)
    if row.comparison in NO_VALUE:
        return f"{subject} {comparison_words(row.comparison, question)}"
    if row.comparison in ("one_of", "not_one_of"):
        answers = [_answer(v, question) for v in row.values]
        if row.comparison == "one_of":
            return f"{subject} is {_either(answers, 'or')}"
        if len(answers) == 2:
            return f"{subject} is neither {answers[0]} nor {answers[1]}"
        return f"{subject} is not {_either(answers, 'or')}"
    target = _label(row.other, fields) if row.other else _answer(row.value, question)
    return f"{subject} {comparison_words(row.comparison, question)} {target}"


def rows_words(rows: list[Row], combine: str, fields: dict[str, dict]) -> str:
    parts = [row_words(r, fields) for r in rows if not r.empty]
    if not parts:
        return ""
    if combine == "none":
        if len(parts) == 1:
            return f"it is not the case that {parts[0]}"
        return "none of these is true: " + "; ".join(parts)
    if len(parts) <= 2:
        return (" and " if combine == "all" else " or ").join(parts)
    lead = "all of these are true" if combine == "all" else "at least one of these is true"
    return f"{lead}: " + "; ".join(parts)


def _worded(node: object, fields: dict[str, dict]) -> object:
    """The rule with every answer's id replaced by its wording, for the describer."""
    words = {
        ident: label
        for question in fields.values()
        for ident, label in options(question)
        if kind(question) != "yes_no"
    }
    if isinstance(node, list):
        return [_worded(n, fields) for n in node]
    if isinstance(node, dict):
        return {k: _worded(v, fields) if k != "var" else v for k, v in node.items()}
    return words.get(node, node) if isinstance(node, str) else node


def sentence(rule: object, fields: dict[str, dict]) -> str:
    """The rule in words, for the builder, the structure page and the pathway page."""
    if rule is None:
        return "always"
    parsed = from_logic(rule, fields)
    if parsed is not None and all(r.field in fields or r.field == "today" for r in parsed[0]):
        return rows_words(*parsed, fields)
    labels = {k: q.get("label") or k for k, q in fields.items()}
    text = describe(_worded(rule, fields), labels)
    if "{" in text or "[" in text:
        return "a rule written by hand (see Advanced)"
    return text
