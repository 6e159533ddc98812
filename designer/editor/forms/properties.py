"""The properties panel: a field's submitted properties -> the field's definition.

Pure Python over a mapping of submitted values, so it is tested without Flask. Only
keys that apply to the field's type are written (the language refuses others), and an
empty input removes its key, so a field serialises the same however it was built.
"""

from __future__ import annotations

import json

from designer.editor.conditions import inputs as condition_form
from designer.editor.conditions.logic import Row, from_logic, to_logic
from designer.editor.forms.operations import make_id
from renderer.definitions.facts import ABOUT, FACTS, NO_FACT_TYPES, fits

TYPE_NAMES = {
    "text": "Short text",
    "long_text": "Long text",
    "number": "Number",
    "date": "Date",
    "yes_no": "Yes or no",
    "single_choice": "Choose one",
    "multiple_choice": "Choose several",
    "person": "Person",
    "repeating_group": "Repeating group (add another)",
    "statement_list": "Statements (who said what)",
    "scale": "Scale 0 to 10",
    "danger_statement": "Danger statement",
    "safety_goal": "Safety goal",
    "safety_plan": "Safety plan",
    "childs_words": "Child's words",
    "file": "File upload",
    "manager_authorisation": "Manager sign-off",
    "calculated": "Calculated",
    "guidance": "Guidance text",
}
PERSON_ROLES = (
    "child",
    "parent",
    "carer",
    "sibling",
    "grandparent",
    "relative",
    "friend",
    "professional",
    "other",
)
RATERS = ("worker", "manager", "parent", "child", "network", "other_agency")
VARIANTS = ("three_houses", "fairy_and_wizard", "words_and_pictures")
VARIANT_NAMES = {
    "three_houses": "Three houses",
    "fairy_and_wizard": "Fairy and wizard",
    "words_and_pictures": "Words and pictures",
}
FORMATS = ("number", "date", "text")
RULE_KEYS = ("show_if", "required_if")


class Form:
    """Submitted values: get one, or all of a repeated name (checkboxes)."""

    def __init__(self, data):
        self.data = data

    def get(self, name: str) -> str:
        return (self.data.get(name) or "").strip()

    def all(self, name: str) -> list[str]:
        getlist = getattr(self.data, "getlist", None)
        return getlist(name) if getlist else list(self.data.get(name) or [])


def _number(form: Form, name: str, errors: dict, *, whole: bool = True):
    text = form.get(name)
    if not text:
        return None
    try:
        value = float(text)
    except ValueError:
        errors[name] = "Enter a number"
        return None
    if whole and not value.is_integer():
        errors[name] = "Enter a whole number"
        return None
    return int(value) if value.is_integer() else value


def options_text(options: list[dict]) -> str:
    lines = []
    for o in options or []:
        line = f"{o.get('id')} | {o.get('label', '')}"
        if o.get("family_label"):
            line += f" | {o['family_label']}"
        lines.append(line)
    return "\n".join(lines)


def _options(text: str, errors: dict, old: list[dict] | None = None) -> list[dict]:
    """One option per line: "Label", or "id | Label" to keep an id already published,
    then optionally "| the family's wording". An option's hint is not edited here, so
    it is kept from the option with the same id rather than lost on saving."""
    before = {o.get("id"): o for o in old or [] if isinstance(o, dict)}
    out, taken = [], set()
    for line in text.splitlines():
        if not line.strip():
            continue
        parts = [part.strip() for part in line.split("|")]
        if len(parts) == 1:
            parts = ["", parts[0]]
        ident, label, family = parts[0], parts[1], " | ".join(parts[2:])
        if not label:
            errors["options"] = f"Write the answer's wording after the | sign on '{line.strip()}'"
        ident = ident or make_id(label, taken, prefix="option")
        if ident in taken:
            errors["options"] = f"Two answers have the id '{ident}'"
        taken.add(ident)
        option = {"id": ident, "label": label}
        if before.get(ident, {}).get("hint"):
            option["hint"] = before[ident]["hint"]
        if family:
            option["family_label"] = family
        out.append(option)
    return out


def _rule(form: Form, name: str, fields: dict, errors: dict):
    return condition_form.rule_from(condition_form.read(form.data, name), fields, name, errors)


def _validations(form: Form, field_id: str, fields: dict, errors: dict) -> list[dict]:
    out = []
    for n in range(10):
        prefix = f"validations-{n}"
        if f"{prefix}-message" not in form.data:
            continue
        message, description = form.get(f"{prefix}-message"), form.get(f"{prefix}-description")
        advanced = form.get(f"{prefix}-advanced")
        comparison = form.get(f"{prefix}-comparison")
        if not (message or advanced or form.get(f"{prefix}-value") or form.get(f"{prefix}-other")):
            continue  # the blank row offered for a new rule
        try:
            rule = (
                json.loads(advanced)
                if advanced
                else to_logic(
                    [
                        Row(
                            field_id,
                            comparison or "equals",
                            form.get(f"{prefix}-value"),
                            form.get(f"{prefix}-other"),
                        )
                    ],
                    "all",
                    fields,
                )
            )
        except ValueError as exc:  # ConditionError is a ValueError, as is bad JSON
            errors[prefix] = str(exc)
            continue
        if not message:
            errors[f"{prefix}-message"] = "Enter the message the practitioner sees"
        item = {"rule": rule, "message": message}
        if description:
            item["description"] = description
        out.append(item)
    return out


def _flag(form: Form, name: str) -> bool | None:
    return form.get(name) == "true" or None


def _text_extras(form: Form, errors: dict, old: dict) -> dict:
    return {"max_length": _number(form, "max_length", errors), "pattern": form.get("pattern")}


def _long_text_extras(form: Form, errors: dict, old: dict) -> dict:
    return {"max_length": _number(form, "max_length", errors)}


def _number_extras(form: Form, errors: dict, old: dict) -> dict:
    return {
        "min": _number(form, "min", errors, whole=False),
        "max": _number(form, "max", errors, whole=False),
        "integer": _flag(form, "integer"),
    }


def _date_extras(form: Form, errors: dict, old: dict) -> dict:
    return {
        "not_in_future": _flag(form, "not_in_future"),
        "not_before_field": form.get("not_before_field"),
    }


def _single_choice_extras(form: Form, errors: dict, old: dict) -> dict:
    return {"options": _options(form.data.get("options") or "", errors, old.get("options"))}


def _multiple_choice_extras(form: Form, errors: dict, old: dict) -> dict:
    f = _single_choice_extras(form, errors, old)
    f["exclusive_option"] = form.get("exclusive_option")
    return f


def _person_extras(form: Form, errors: dict, old: dict) -> dict:
    return {
        "roles": [r for r in PERSON_ROLES if r in form.all("roles")],
        "multiple": _flag(form, "multiple"),
    }


def _repeating_group_extras(form: Form, errors: dict, old: dict) -> dict:
    return {
        "item_label": form.get("item_label"),
        "min_items": _number(form, "min_items", errors),
        "max_items": _number(form, "max_items", errors),
    }


def _statement_list_extras(form: Form, errors: dict, old: dict) -> dict:
    return {"prompt": form.get("prompt")}


def _scale_extras(form: Form, errors: dict, old: dict) -> dict:
    anchors = {"zero": form.get("anchor_zero"), "ten": form.get("anchor_ten")}
    return {
        "anchors": {k: v for k, v in anchors.items() if v},
        "raters": [r for r in RATERS if r in form.all("raters")],
    }


def _danger_statement_extras(form: Form, errors: dict, old: dict) -> dict:
    return {
        "max_items": _number(form, "max_items", errors),
        "safety_goal": form.get("safety_goal"),
        "scale": form.get("scale"),
    }


def _childs_words_extras(form: Form, errors: dict, old: dict) -> dict:
    return {"variant": form.get("variant")}


def _file_extras(form: Form, errors: dict, old: dict) -> dict:
    accept = form.get("accept").split(",")
    return {
        "accept": [a.strip().lstrip(".") for a in accept if a.strip()],
        "max_mb": _number(form, "max_mb", errors),
    }


def _calculated_extras(form: Form, errors: dict, old: dict) -> dict:
    f: dict = {}
    text = form.get("calculation")
    try:
        f["calculation"] = json.loads(text) if text else None
    except ValueError as exc:
        errors["calculation"] = f"This is not valid JSON: {exc}"
    f["format"] = form.get("format")
    return f


# The properties only one type of field has, read by that type's handler (keys in the
# order they serialise); a type missing here has none.
_EXTRAS = {
    "text": _text_extras,
    "long_text": _long_text_extras,
    "number": _number_extras,
    "date": _date_extras,
    "single_choice": _single_choice_extras,
    "multiple_choice": _multiple_choice_extras,
    "person": _person_extras,
    "repeating_group": _repeating_group_extras,
    "statement_list": _statement_list_extras,
    "scale": _scale_extras,
    "danger_statement": _danger_statement_extras,
    "childs_words": _childs_words_extras,
    "file": _file_extras,
    "calculated": _calculated_extras,
}


def _extras(kind: str, form: Form, errors: dict, old: dict) -> dict:
    handler = _EXTRAS.get(kind)
    return handler(form, errors, old) if handler else {}


def field_from_form(data, old: dict, fields: dict) -> tuple[dict, dict[str, str]]:
    """(the new field, {input name: message}). A statutory field keeps its type."""
    form = Form(data)
    errors: dict[str, str] = {}
    kind = form.get("type") or old.get("type")
    if old.get("statutory"):
        kind = old["type"]
    if kind not in TYPE_NAMES:
        errors["type"] = "Choose a type of question"
        kind = old.get("type")
    new: dict = {"id": old["id"], "type": kind}
    if kind == "guidance":
        new["text"] = form.get("text") or form.get("label")
        if not new["text"]:
            errors["text"] = "Enter the guidance text"
    else:
        new["label"] = form.get("label")
        if not new["label"]:
            errors["label"] = "Enter the question's wording"
        new["hint"] = form.get("hint")
        new["required"] = form.get("required") == "true" or None
        for key in RULE_KEYS:
            new[key] = _rule(form, key, fields, errors)
        new["validations"] = _validations(form, old["id"], fields, errors)
        new["share_with_family"] = False if form.get("share_with_family") == "false" else None
        new["family_label"] = form.get("family_label")
        new["prefill_note"] = form.get("prefill_note")
        new.update(_fact(form, data, old, kind))
        if old.get("statutory"):
            new["statutory"] = old["statutory"]
    if kind == "guidance":
        new["show_if"] = _rule(form, "show_if", fields, errors)
    new.update(_extras(kind, form, errors, old))
    return {k: v for k, v in new.items() if v not in (None, "", [], {})}, errors


FACT_USES = [
    ("both", "It fills this question in, and keeps the answer for later forms"),
    ("records", "It keeps the answer, but this question is always asked afresh"),
    ("reads", "It fills this question in, but does not keep the answer"),
]


def _fact(form: Form, data, old: dict, kind: str) -> dict:
    """The case fact a question holds. A page without the fact controls (a question inside
    a repeating group) keeps what the question had."""
    if kind in NO_FACT_TYPES:
        return {}
    if "fact" not in data:
        return {k: old[k] for k in ("fact", "fact_use") if k in old}
    name = form.get("fact")
    if not name:
        return {}
    use = form.get("fact_use")
    return {"fact": name, "fact_use": use if use in ("records", "reads") else None}


def fact_choices(kind: str, current: str | None) -> list[tuple[str, str]]:
    """The facts a question of this type can hold, named in words (and the current one)."""
    return [
        (name, f"{ABOUT[fact.about]}: {fact.label}")
        for name, fact in FACTS.items()
        if fits(fact, kind) or name == current
    ]


def validation_rows(validations: list[dict], fields: dict) -> list[dict]:
    out = []
    for item in (validations or []) + [{"rule": None, "message": ""}]:
        parsed = from_logic(item["rule"], fields) if item["rule"] is not None else ([Row()], "all")
        row = parsed[0][0] if parsed and len(parsed[0]) == 1 else None
        out.append(
            {
                "row": row or Row(),
                "advanced": "" if row else json.dumps(item["rule"], indent=2),
                "message": item.get("message", ""),
                "description": item.get("description", ""),
            }
        )
    return out
