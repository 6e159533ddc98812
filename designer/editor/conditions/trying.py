"""The "Try this rule" panel: sample answers for the questions a rule reads, and what
the rule would do with them, worked out by the same code that decides it for real:
the renderer's `truth` for a question's show-if and required-if (answers as they are
stored, plus today's date), the pathway engine's `condition_holds` over its rule data
(answers by stage) for a transition or trigger. Nothing is saved."""

from __future__ import annotations

from datetime import date

from casework.pathway.engine import condition_holds, rule_data
from designer.editor.conditions.logic import ConditionError, kind, options
from designer.editor.conditions.words import date_words
from renderer.definitions.rules import RuleError, variables
from renderer.screens.logic import truth


def date_value(data, prefix: str) -> str | None:
    """ "2026-11-23" (or what was typed, "2026-13-" ...) from a GOV.UK date input."""
    parts = [(data.get(f"{prefix}-{p}") or "").strip() for p in ("year", "month", "day")]
    if not any(f"{prefix}-{p}" in data for p in ("year", "month", "day")):
        return None
    if not any(parts):
        return ""
    try:
        year, month, day = (int(p) for p in parts)
        return f"{year:04d}-{month:02d}-{day:02d}"
    except ValueError:
        return "-".join(parts)


def _control(question: dict) -> str:
    if kind(question) == "multiple_choice":
        return "checkboxes"
    if options(question):
        return "radios"
    return {"date": "date", "number": "number"}.get(kind(question), "text")


def _read(rule) -> set[str]:
    try:
        return variables(rule) if rule is not None else set()
    except RuleError:
        return set()


def _answer(control: str, data, prefix: str, question: dict):
    """(what the input shows again, the answer as stored or None)."""
    if control == "checkboxes":
        getlist = getattr(data, "getlist", None)
        ticked = getlist(prefix) if getlist else list(data.get(prefix) or [])
        known = {ident for ident, _ in options(question)}
        return ticked, [t for t in ticked if t in known] or None
    if control == "date":
        text = date_value(data, prefix) or ""
        if not text:
            return text, None
        try:
            return text, date.fromisoformat(text).isoformat()
        except ValueError:
            raise ConditionError("Enter a real date, such as 23 11 2026") from None
    text = (data.get(prefix) or "").strip()
    if not text:
        return text, None
    if control == "number":
        try:
            number = float(text)
        except ValueError:
            raise ConditionError(f"Enter a number, not '{text}'") from None
        return text, int(number) if number.is_integer() else number
    if control == "radios":
        known = {ident for ident, _ in options(question)}
        return text, text if text in known else None
    return text, text


def panel(key: str, rule, fields: dict, data, builder, errors: dict) -> dict:
    """The inputs for each question the rule reads (in the order of the form), and,
    when "Try this rule" was pressed (`data` given), what the rule would do."""
    read = _read(rule)
    inputs, answers = [], {}
    for n, ident in enumerate(i for i in fields if i in read):
        question = fields[ident]
        prefix = f"{key}-try-{n}"
        control = _control(question)
        shown, value = ([], None) if control == "checkboxes" else ("", None)
        if data is not None:
            try:
                shown, value = _answer(control, data, prefix, question)
            except ConditionError as exc:
                errors[prefix] = f"Try this rule, ‘{question.get('label')}’: {exc}"
                shown = data.get(prefix, "") if control != "date" else ""
        answers[ident] = value
        parts = (shown.split("-") + ["", "", ""])[:3] if control == "date" else ["", "", ""]
        inputs.append(
            {
                "id": prefix,
                "label": question.get("label") or ident,
                "control": control,
                "options": options(question),
                "shown": shown,
                "year": parts[0],
                "month": parts[1].lstrip("0"),
                "day": parts[2].lstrip("0"),
            }
        )
    result = None
    if data is not None and rule is not None and not any(k.startswith(key) for k in errors):
        result = builder.outcome[0 if _holds(rule, answers, builder) else 1]
    return {
        "inputs": inputs,
        "result": result,
        "reads_today": "today" in read and not builder.pathway,
        "today": date_words(date.today().isoformat()),
        "can_try": rule is not None,
    }


def _holds(rule, answers: dict, builder) -> bool:
    if builder.pathway:
        by_stage: dict[str, dict] = {}
        for ident, value in answers.items():
            stage, _, name = ident.partition(".")
            if value is not None:
                by_stage.setdefault(stage, {})[name] = value
        try:
            return condition_holds(rule, rule_data(by_stage))
        except RuleError:
            return builder.default
    data = {**answers, "today": date.today().isoformat()}
    return truth(rule, data, builder.default)
