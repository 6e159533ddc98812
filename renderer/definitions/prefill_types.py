"""Which values may pre-fill which fields (the compatibility table in docs/language.md).

A pre-filled answer must be one the target field could have been given by hand,
otherwise a practitioner sees a value the screen cannot show or validate.
"""

from __future__ import annotations

# Target field types each case attribute can fill.
CASE_ATTRIBUTES: dict[str, frozenset[str]] = {
    "case.reference": frozenset({"text"}),
    "case.opened_on": frozenset({"date"}),
    "child.full_name": frozenset({"text"}),
    "child.first_name": frozenset({"text"}),
    "child.last_name": frozenset({"text"}),
    "child.date_of_birth": frozenset({"date"}),
    "child.gender": frozenset({"text", "single_choice"}),
    "child.address": frozenset({"text", "long_text"}),
    "child.school": frozenset({"text"}),
    "child.upn": frozenset({"text"}),
    "child.ethnicity": frozenset({"text", "single_choice"}),
    "child.disabilities": frozenset({"long_text", "multiple_choice"}),
}

# target type -> source types whose values it accepts unchanged
COMPATIBLE: dict[str, frozenset[str]] = {
    "text": frozenset({"text"}),
    "long_text": frozenset({"text", "long_text"}),
    "number": frozenset({"number"}),
    "date": frozenset({"date"}),
    "yes_no": frozenset({"yes_no"}),
    "single_choice": frozenset({"single_choice"}),
    "multiple_choice": frozenset({"multiple_choice"}),
    "person": frozenset({"person"}),
    "repeating_group": frozenset({"repeating_group"}),
    "statement_list": frozenset({"statement_list"}),
    "scale": frozenset({"scale"}),
    "danger_statement": frozenset({"danger_statement"}),
    "safety_goal": frozenset({"safety_goal"}),
    "safety_plan": frozenset({"safety_plan"}),
    "childs_words": frozenset({"childs_words"}),
    "file": frozenset({"file"}),
    "manager_authorisation": frozenset(),
    "calculated": frozenset(),
    "guidance": frozenset(),
}
# A calculated field's value has the type its format names.
_CALCULATED_AS = {"number": "number", "date": "date", "text": "text"}


def compatibility_problem(target, source) -> str | None:
    """Why `source` (a model.Field) cannot pre-fill `target`, or None if it can."""
    if target.type in ("calculated", "guidance", "manager_authorisation"):
        return (
            f"a {target.type.replace('_', ' ')} field is never pre-filled "
            "(it computes, shows or records its own value)."
        )
    source_type = source.type
    if source_type == "calculated":
        source_type = _CALCULATED_AS.get(source.format or "text", "text")
    if source_type not in COMPATIBLE[target.type]:
        return f"a {source.type} field cannot fill a {target.type} field."
    narrower = _NARROWER.get(target.type)
    return narrower(target, source) if narrower else None


# Beyond the type: where the target accepts fewer values than a source of its type holds.
def _options_problem(target, source) -> str | None:
    missing = set(source.option_ids) - set(target.option_ids)
    if missing:
        return f"the source has options the target lacks: {', '.join(sorted(missing))}."
    return None


def _length_problem(target, source) -> str | None:
    if source.max_length and target.max_length and source.max_length > target.max_length:
        return (
            f"the source allows {source.max_length} characters but the target only "
            f"{target.max_length}."
        )
    return None


def _people_problem(target, source) -> str | None:
    if source.multiple and not target.multiple:
        return "the source holds several people but the target holds one."
    if target.roles and (not source.roles or set(source.roles) - set(target.roles)):
        return "the source allows roles the target does not."
    return None


def _group_problem(target, source) -> str | None:
    src = {f.id: f.type for f in source.fields}
    tgt = {f.id: f.type for f in target.fields}
    if src != tgt:
        return "the two groups do not have the same fields with the same types."
    return None


_NARROWER = {
    "single_choice": _options_problem,
    "multiple_choice": _options_problem,
    "text": _length_problem,
    "person": _people_problem,
    "repeating_group": _group_problem,
}
