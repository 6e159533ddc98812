"""A stage's (and a trigger task's) inputs read into the language's values (pure).

Caseload weight is points while the work is open, whole or not (a light visit may be
0.5): the language allows 0 to 100. Who does it is a list of roles, "practitioner"
when nothing else is said. A default the file already spells out (`weight: 1`,
`done_by: [practitioner]`, `mode: copy_once`) is kept, so saving a page nobody changed
changes nothing in the file.
"""

from __future__ import annotations

ROLES = ("practitioner", "team_manager", "designer", "administrator", "auditor")
MAX_WEIGHT = 100


def weight_from_form(
    text: str | None, errors: dict, key: str = "weight", *, written: bool = False
) -> float | int | None:
    """The weight, or None for the default of 1 (nothing written unless it was)."""
    text = (text or "").strip()
    if not text:
        return None
    try:
        number = float(text)
    except ValueError:
        number = -1.0
    if not 0 <= number <= MAX_WEIGHT:  # also refuses nan and inf
        errors[key] = f"Enter the weight as a number from 0 to {MAX_WEIGHT}, such as 2 or 0.5"
        return None
    value = int(number) if number.is_integer() else number
    return None if value == 1 and not written else value


def done_by_from_form(chosen: list[str], *, written: bool = False) -> list[str] | None:
    """The roles ticked, in the language's order; None for "a practitioner" (the
    default) unless it was written."""
    roles = [r for r in ROLES if r in chosen]
    if not roles or (roles == ["practitioner"] and not written):
        return None
    return roles


def prefill_from_form(data, rows: int, old: list[dict] | None = None) -> list[dict]:
    """Pre-fill rows: target field, source ("case:child.full_name" or "stage:field"),
    mode and note. A row without a target field is ignored. `old` is the saved rules,
    row by row, to keep a `mode: copy_once` already written."""
    old = old or []
    out = []
    for n in range(rows):
        field = data.get(f"prefill-{n}-field", "").strip()
        if not field:
            continue
        source = data.get(f"prefill-{n}-from", "").strip()
        mode = data.get(f"prefill-{n}-mode", "copy_once")
        note = data.get(f"prefill-{n}-note", "").strip()
        rule: dict = {"field": field}
        if mode != "none" and source:
            if source.startswith("case:"):
                rule["from"] = {"case": source[5:]}
            else:
                stage, _, source_field = source.partition(":")
                rule["from"] = {"stage": stage, "field": source_field}
        if mode == "none" or (n < len(old) and "mode" in old[n]):
            rule["mode"] = "none" if mode == "none" else "copy_once"
        if note:
            rule["note"] = note
        out.append(rule)
    return out
