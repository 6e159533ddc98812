"""A timescale (`due`) to and from the inputs of the stage and trigger pages (pure).

A working group sets a timescale as "how many", "of what", "counted from", or picks one
of the pathway's timescale settings (a `parameter`, which carries its own unit), and
says how days are counted and whose bank holidays apply. The inputs are named
`<prefix>amount`, `<prefix>unit`, `<prefix>setting`, `<prefix>start`,
`<prefix>counting` and `<prefix>regions`; the task of a trigger uses the prefix
"task-" and has no "counted from" (it counts from the moment the trigger fires).
"""

from __future__ import annotations

UNITS = (
    ("working_days", "Working days"),
    ("days", "Calendar days"),
    ("weeks", "Weeks"),
    ("months", "Months"),
)
# A parameter's unit -> the unit a due rule counts in (the loader's CV510 pairs).
PARAMETER_UNITS = {
    "working_days": "working_days",
    "calendar_days": "days",
    "weeks": "weeks",
    "months": "months",
}
PARAMETER_UNIT_NAMES = {
    "working_days": "working days",
    "calendar_days": "calendar days",
    "weeks": "weeks",
    "months": "months",
}
COUNTING = (
    ("start_day_excluded", "Day 1 is the next working day"),
    ("start_day_included", "Day 1 is the day the clock starts"),
)
REGIONS = (("england", "England"), ("wales", "Wales"))
# The language's defaults: written only when chosen otherwise or already written.
DEFAULTS = {"counting": "start_day_excluded", "regions": "england"}
MAX_AMOUNT = 3660
STARTS = ("event", "stage_completed", "stage_started")


def shown(due: dict | None) -> dict[str, str]:
    """The input values for an existing timescale."""
    due = due or {}
    if "working_days" in due:
        unit, amount = "working_days", due["working_days"]
    elif due.get("calendar"):
        ((unit, amount),) = list(due["calendar"].items())[:1]
    else:
        unit, amount = "working_days", None
    start = list((due.get("from") or {}).items())[:1]
    return {
        "amount": "" if amount is None or isinstance(amount, dict) else str(amount),
        "setting": amount.get("parameter", "") if isinstance(amount, dict) else "",
        "unit": unit,
        "start": f"{start[0][0]}:{start[0][1]}" if start else "",
        "counting": due.get("counting", DEFAULTS["counting"]),
        "regions": due.get("regions", DEFAULTS["regions"]),
    }


def _amount(data, prefix: str, errors: dict, parameters: dict) -> tuple[str, object] | None:
    """(unit, amount): a whole number with its unit, or {parameter} with the
    parameter's own unit. None when neither is given (or on an error)."""
    amount = (data.get(f"{prefix}amount") or "").strip()
    setting = (data.get(f"{prefix}setting") or "").strip()
    if amount and setting:
        errors[f"{prefix}amount"] = "Enter a number or choose a timescale setting, not both"
        return None
    if setting:
        parameter = parameters.get(setting)
        if parameter is None or parameter.get("unit") not in PARAMETER_UNITS:
            errors[f"{prefix}setting"] = "Choose one of this pathway's timescale settings"
            return None
        return PARAMETER_UNITS[parameter["unit"]], {"parameter": setting}
    if not amount:
        return None
    try:
        number = int(amount)
    except ValueError:
        number = -1
    if not 0 <= number <= MAX_AMOUNT:
        errors[f"{prefix}amount"] = f"Enter the timescale as a whole number from 0 to {MAX_AMOUNT}"
        return None
    unit = data.get(f"{prefix}unit", "")
    if unit not in dict(UNITS):
        errors[f"{prefix}unit"] = "Choose working days, calendar days, weeks or months"
        return None
    return unit, number


def from_form(
    data,
    errors: dict,
    parameters: dict[str, dict],
    *,
    prefix: str = "",
    old: dict | None = None,
    needs_start: bool = True,
) -> dict | None:
    """The `due` the inputs describe, or None for "no timescale". Problems go into
    `errors` under the id of the input that caused them."""
    found = _amount(data, prefix, errors, parameters)
    if found is None:
        return None
    unit, amount = found
    due: dict = {}
    if needs_start:
        kind, _, what = (data.get(f"{prefix}start") or "").partition(":")
        if kind not in STARTS or not what:
            errors[f"{prefix}start"] = "Choose what the timescale counts from"
            return None
        due["from"] = {kind: what}
    if unit == "working_days":
        due["working_days"] = amount
    else:
        due["calendar"] = {unit: amount}
    for key, choices in (("counting", COUNTING), ("regions", REGIONS)):
        value = data.get(f"{prefix}{key}") or DEFAULTS[key]
        if value not in dict(choices):
            errors[f"{prefix}{key}"] = "Choose one of the options"
            return None
        # Keep what was written; add only a choice that differs from the default, so
        # saving an untouched page changes nothing in the file.
        if value != DEFAULTS[key] or key in (old or {}):
            due[key] = value
    return due


def setting_choices(parameters: list[dict]) -> list[tuple[str, str]]:
    """(id, words) of the pathway's timescale settings, for the select."""
    out = []
    for p in parameters or []:
        if "id" not in p:
            continue
        unit = PARAMETER_UNIT_NAMES.get(p.get("unit"), str(p.get("unit", "")).replace("_", " "))
        if p.get("default") == 1:
            unit = unit.removesuffix("s")
        kind = "national" if p.get("national") else "local"
        name = " ".join(str(p.get("description") or "").split()) or p["id"].replace("_", " ")
        if len(name) > 90:
            name = name[:89].rstrip() + "…"
        out.append((p["id"], f"{name} ({p.get('default')} {unit}, {kind})"))
    return out
