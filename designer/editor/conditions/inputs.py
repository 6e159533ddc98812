"""The conditions builder on a page: what was posted (rows, all/any/none, the Advanced
text and the "Add another condition", "Remove", "Update" and "Try this rule" buttons)
and what the template shows. Without JavaScript each button posts the whole page,
which comes back with everything typed kept and nothing saved.

Inputs of builder `key` (show_if, required_if, when): `<key>-<n>-field`,
`-comparison`, `-value` (or `-values` ticked, or `-day`/`-month`/`-year`), `-other`;
`<key>-combine`; `<key>-advanced`. The buttons are all named `builder`, valued
"<key> add", "<key> remove <n>", "<key> update" or "<key> try".
"""

from __future__ import annotations

import json
from dataclasses import dataclass

from designer.editor.conditions import trying as rule_try
from designer.editor.conditions import words as condition_words
from designer.editor.conditions.logic import (
    COMBINES,
    LISTS,
    NO_VALUE,
    ConditionError,
    Row,
    comparisons_for,
    editable_rows,
    kind,
    options,
    to_logic,
    to_logic_by_row,
)
from designer.editor.conditions.trying import date_value

MAX_ROWS = 10
BUTTON = "builder"


def _get(data, name: str) -> str:
    return (data.get(name) or "").strip()


def _getlist(data, name: str) -> list[str]:
    getlist = getattr(data, "getlist", None)
    value = getlist(name) if getlist else data.get(name) or []
    return [value] if isinstance(value, str) else list(value)


@dataclass
class Posted:
    rows: list[Row]
    combine: str = "all"
    advanced: str = ""
    action: str = ""  # add, remove, update, try (or "" for saving)
    index: int = -1


def read(data, key: str) -> Posted:
    rows = []
    for n in range(MAX_ROWS):
        prefix = f"{key}-{n}"
        if f"{prefix}-field" not in data:
            continue
        dated = date_value(data, prefix)
        rows.append(
            Row(
                field=_get(data, f"{prefix}-field"),
                comparison=_get(data, f"{prefix}-comparison") or "equals",
                value=dated if dated is not None else _get(data, f"{prefix}-value"),
                other=_get(data, f"{prefix}-other"),
                values=_getlist(data, f"{prefix}-values"),
            )
        )
    combine = _get(data, f"{key}-combine")
    posted = Posted(rows, combine if combine in COMBINES else "all", _get(data, f"{key}-advanced"))
    words = _get(data, BUTTON).split()
    if len(words) >= 2 and words[0] == key:
        posted.action = words[1]
        if posted.action == "remove" and len(words) == 3 and words[2].isdigit():
            posted.index = int(words[2])
    return posted


def action_of(data) -> str:
    """The builder whose button was pressed ("" when the page is being saved)."""
    words = _get(data, BUTTON).split()
    return words[0] if words else ""


def after_action(posted: Posted) -> list[Row]:
    rows = list(posted.rows)
    if posted.action == "add" and len(rows) < MAX_ROWS:
        rows.append(Row())
    if posted.action == "remove" and 0 <= posted.index < len(rows):
        rows.pop(posted.index)
    return rows or [Row()]


def rule_from(posted: Posted, fields: dict, key: str, errors: dict, allow_other=True):
    """The rule the page saves: the Advanced text when there is one, else the rows."""
    if posted.advanced:
        try:
            return json.loads(posted.advanced)
        except ValueError as exc:
            errors[f"{key}-advanced"] = (
                f"The rule written by hand is not complete: {exc.msg} (line {exc.lineno})"
            )
            return None
    rule, problems = to_logic_by_row(posted.rows, posted.combine, fields, key, allow_other)
    errors.update(problems)
    return rule


# -- what the template shows --------------------------------------------------------


def _control(row: Row, question: dict | None) -> str:
    if question is None:
        return "text"
    if row.comparison in NO_VALUE:
        return "none"
    if row.comparison in LISTS:
        return "checkboxes"
    which = kind(question)
    if options(question):
        # An answer typed that is none of the question's own stays as typed, to correct.
        known = {ident for ident, _ in options(question)}
        return "radios" if not row.value or row.value in known else "text"
    return {"date": "date", "number": "number"}.get(which, "text")


def _others(question: dict | None, fields: dict, allow_other: bool) -> list[tuple[str, str]]:
    which = kind(question)
    if not allow_other or which not in ("date", "number"):
        return []
    same = [
        (ident, q.get("label") or ident)
        for ident, q in fields.items()
        if kind(q) == which and q is not question
    ]
    return ([("today", "Today")] if which == "date" else []) + same


def row_view(n: int, row: Row, fields: dict, allow_other: bool) -> dict:
    question = fields.get(row.field)
    parts = (row.value or "").split("-") if kind(question) == "date" else []
    parts = (parts + ["", "", ""])[:3]
    return {
        "n": n,
        "row": row,
        "control": _control(row, question),
        "comparisons": [
            (c, condition_words.comparison_words(c, question)) for c in comparisons_for(question)
        ],
        "options": options(question),
        "others": _others(question, fields, allow_other),
        "year": parts[0],
        "month": parts[1].lstrip("0") if parts[1] else "",
        "day": parts[2].lstrip("0") if parts[2] else "",
    }


@dataclass
class Builder:
    key: str
    legend: str
    lead: str  # "Show this question only when"
    outcome: tuple[str, str]  # ("This question would show", "... would not show")
    default: bool = True  # what a rule that cannot be worked out counts as
    allow_other: bool = True
    pathway: bool = False
    hint: str = ""
    empty: str = "There are no conditions yet."
    yaml_url: str = ""


def view(
    b: Builder, fields: dict, *, rule=None, posted: Posted | None = None, data=None, errors=None
) -> dict:
    """The template's view of builder `b`: from a saved `rule`, or from what was
    `posted` (with its button's action done). A pathway rule the builder cannot say
    is read-only; a form's goes under Advanced as JSON to edit."""
    errors = errors if errors is not None else {}
    advanced = ""
    if posted is None:
        parsed = editable_rows(rule, fields, b.allow_other)
        if parsed is None:
            if b.pathway:
                return _readonly(b, rule, fields)
            rows, combine = [], "all"
            advanced = json.dumps(rule, indent=2, ensure_ascii=False)
        else:
            rows, combine = parsed
    else:
        rows, combine, advanced = after_action(posted), posted.combine, posted.advanced
        if posted.action == "try" and not advanced:
            errors.update(to_logic_by_row(rows, combine, fields, b.key, b.allow_other)[1])
    rows = rows or [Row()]
    for row in rows:  # an answer's wording typed in a text box is that answer
        for ident, label in options(fields.get(row.field)):
            if row.value.strip().lower() == label.lower():
                row.value = ident
    if advanced:
        current = _parse(advanced)
    else:
        try:
            current = to_logic(rows, combine, fields, b.allow_other)
        except ConditionError:
            current = None
    words = (
        condition_words.rows_words(rows, combine, fields)
        if not advanced
        else condition_words.sentence(current, fields)
    )
    tried = rule_try.panel(
        b.key, current, fields, data if posted and posted.action == "try" else None, b, errors
    )
    return {
        "b": b,
        "readonly": False,
        "rows": [row_view(n, r, fields, b.allow_other) for n, r in enumerate(rows)],
        "combine": combine,
        "questions": [(k, q.get("label") or k) for k, q in fields.items()],
        "advanced": advanced,
        "sentence": words,
        "full": len(rows) >= MAX_ROWS,
        "try": tried,
    }


def _parse(text: str):
    try:
        return json.loads(text)
    except ValueError:
        return None


def _readonly(b: Builder, rule, fields: dict) -> dict:
    return {
        "b": b,
        "readonly": True,
        "sentence": condition_words.sentence(rule, fields),
        "json": json.dumps(rule, indent=2, ensure_ascii=False),
    }


def form_builders(kind_of_question: str) -> list[Builder]:
    """The builders of a question's page: when it shows, and when it must be answered."""
    show = Builder(
        "show_if",
        "Show this question only when",
        "Show this question only when",
        ("This question would show", "This question would not show"),
        empty="Always shown: there are no conditions.",
    )
    if kind_of_question == "guidance":
        return [show]
    required = Builder(
        "required_if",
        "Make it required only when",
        "The practitioner must answer it only when",
        ("This question would have to be answered", "This question would not have to be answered"),
        default=False,
        empty="No conditions: the tick box “The practitioner must answer it” decides.",
    )
    return [show, required]


def pathway_builder(lead: str, outcome: tuple[str, str], yaml_url: str, hint: str) -> Builder:
    return Builder(
        "when",
        "Only when (optional)",
        lead,
        outcome,
        allow_other=False,
        pathway=True,
        hint=hint,
        empty="No conditions: it happens every time.",
        yaml_url=yaml_url,
    )


__all__ = ["Builder", "Posted", "action_of", "form_builders", "pathway_builder", "read"]
