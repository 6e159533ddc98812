"""Run the shipped JSON Schemas and translate their errors into the catalogue.

Raw jsonschema messages ("'x' is not valid under any of the given schemas") mean
nothing to a working group, so each validator keyword is turned into a plain
sentence that names the item by its id where it has one.
"""

from __future__ import annotations

import copy
import json
import re
from functools import cache
from importlib import resources

from jsonschema import Draft202012Validator

from .errors import Problem, did_you_mean
from .yaml_source import SourceDoc

KINDS = ("form", "pathway", "changeset", "bundle")
ID_PATTERN = "^[a-z][a-z0-9_]{0,62}$"

_JSON_TYPES = {
    "string": "text",
    "integer": "a whole number",
    "number": "a number",
    "boolean": "true or false",
    "object": "a mapping (key: value lines)",
    "array": "a list",
    "null": "empty",
}

# What an item in each list is called, for "A field needs 'label'."
_ITEM_NAMES = {
    "sections": "section",
    "fields": "field",
    "options": "option",
    "validations": "validation",
    "stages": "stage",
    "transitions": "transition",
    "triggers": "trigger",
    "parameters": "parameter",
    "events": "event",
    "prefill": "pre-fill entry",
    "operations": "operation",
    "files": "file entry",
}


@cache
def schema(kind: str) -> dict:
    text = (
        resources.files(__package__)
        .joinpath("schemas", f"{kind}.schema.json")
        .read_text(encoding="utf-8")
    )
    return json.loads(text)


def field_types() -> tuple[str, ...]:
    """Every field type of the language, in the form schema's order (its ``field_<type>``
    definitions), so editors and renderers never keep a list of their own."""
    return tuple(
        name.removeprefix("field_") for name in schema("form")["$defs"] if name.startswith("field_")
    )


@cache
def validator(kind: str) -> Draft202012Validator:
    """The whole schema, compiled once per process (thread-safe for iter_errors)."""
    return Draft202012Validator(schema(kind))


@cache
def _field_plan() -> tuple[Draft202012Validator, dict[str, Draft202012Validator]]:
    """The form schema split at fields: the form without the per-type `if/then`
    chain, and one validator per field type with its $refs inlined.

    Running this split is equivalent to running form.schema.json (a test proves
    it) but six times faster: jsonschema otherwise tries all 19 `if`s on every
    field and resolves every $ref through the registry."""
    whole = copy.deepcopy(schema("form"))
    defs = whole["$defs"]
    defs["field"] = {k: v for k, v in defs["field"].items() if k != "allOf"}
    per_type = {
        name[len("field_") :]: Draft202012Validator(_inline(d, defs))
        for name, d in defs.items()
        if name.startswith("field_")
    }
    return Draft202012Validator(whole), per_type


@cache
def _inlined(kind: str) -> Draft202012Validator:
    """Non-recursive schemas with $refs inlined: same errors, no registry lookups."""
    whole = schema(kind)
    return Draft202012Validator(
        _inline({k: v for k, v in whole.items() if k != "$defs"}, whole["$defs"])
    )


def _inline(node, defs):
    if isinstance(node, dict):
        ref = node.get("$ref")
        if isinstance(ref, str) and ref.startswith("#/$defs/"):
            return _inline(defs[ref[len("#/$defs/") :]], defs)
        return {k: _inline(v, defs) for k, v in node.items()}
    if isinstance(node, list):
        return [_inline(v, defs) for v in node]
    return node


def _field_items(data):
    """(path, field) for fields whose container shapes are right; the form-level
    validation reports containers of the wrong shape."""
    sections = data.get("sections") if isinstance(data, dict) else None
    for si, section in enumerate(sections if isinstance(sections, list) else ()):
        fields = section.get("fields") if isinstance(section, dict) else None
        for fi, f in enumerate(fields if isinstance(fields, list) else ()):
            path = ("sections", si, "fields", fi)
            yield path, f
            nested = (
                f.get("fields")
                if isinstance(f, dict) and f.get("type") == "repeating_group"
                else None
            )
            for ni, n in enumerate(nested if isinstance(nested, list) else ()):
                # a nested repeating group is already refused by its parent's schema
                if not (isinstance(n, dict) and n.get("type") == "repeating_group"):
                    yield (*path, "fields", ni), n


def validation_errors(kind: str, data) -> list:
    """jsonschema errors for `data`, as the kind's schema defines them."""
    if kind != "form":
        return list(_inlined(kind).iter_errors(data))
    shallow, per_type = _field_plan()
    errors = list(shallow.iter_errors(data))
    for path, f in _field_items(data):
        ftype = f.get("type") if isinstance(f, dict) else None
        if isinstance(ftype, str) and ftype in per_type:
            for err in per_type[ftype].iter_errors(f):
                err.path.extendleft(reversed(path))
                errors.append(err)
    return errors


def type_of(value) -> str:
    if isinstance(value, bool):
        return "true or false"
    if isinstance(value, int):
        return "a whole number"
    if isinstance(value, float):
        return "a number"
    if isinstance(value, str):
        return "text"
    if isinstance(value, list):
        return "a list"
    if isinstance(value, dict):
        return "a mapping"
    return "empty" if value is None else f"a Python {type(value).__name__}"


def snake_case(text: str) -> str:
    s = re.sub(r"([a-z0-9])([A-Z])", r"\1_\2", str(text))
    s = re.sub(r"[^A-Za-z0-9]+", "_", s).strip("_").lower()
    if not s or not s[0].isalpha():
        s = "x_" + s
    return s[:63]


def owner_name(data, path) -> str:
    """'field 'police_officer'' for the nearest enclosing item with an id."""
    node, name = data, None
    found = "the definition"
    for i, part in enumerate(path):
        try:
            node = node[part]
        except (KeyError, IndexError, TypeError):
            break
        if isinstance(part, int) and i > 0:
            name = _ITEM_NAMES.get(path[i - 1], "item")
            ident = node.get("id") if isinstance(node, dict) else None
            found = f"{name} '{ident}'" if isinstance(ident, str) else f"{name} {part + 1}"
    return found


def _key_name(path) -> str:
    for part in reversed(path):
        if isinstance(part, str):
            return part
    return "value"


def schema_problems(doc: SourceDoc, kind: str) -> list[Problem]:
    kind_schema = schema(kind)
    errors = validation_errors(kind, doc.data)
    out: list[Problem] = []
    seen: set[tuple] = set()
    for err in errors:
        for p in _translate(err, doc, kind, kind_schema):
            sig = (p.code, p.line, p.column, p.message)
            if sig not in seen:
                seen.add(sig)
                out.append(p)
    out.sort(key=lambda p: (p.line, p.column, p.code))
    return out


def _translate(err, doc: SourceDoc, kind, kind_schema):
    path = tuple(err.path)
    kw = err.validator
    sub = err.schema if isinstance(err.schema, dict) else {}
    who = owner_name(doc.data, path)
    key = _key_name(path)

    def make(code, message, at=path, as_key=False, fix=""):
        line, col = doc.locate(at, key=as_key)
        return Problem(
            code, message, file=doc.file, line=line, column=col, path=doc.path_text(at), fix=fix
        )

    if kw == "additionalProperties":
        allowed = set(sub.get("properties", {}))
        extras = (
            [k for k in err.instance if k not in allowed] if isinstance(err.instance, dict) else []
        )
        if sub.get("propertyNames"):
            return []
        return [
            make("CV201", _unknown_key(k, who, allowed, kind_schema, sub), (*path, k), as_key=True)
            for k in extras
        ]
    if kw == "required":
        present = err.instance if isinstance(err.instance, dict) else {}
        missing = [k for k in err.validator_value if k not in present]
        return [make("CV202", f"{who[0].upper() + who[1:]} needs '{k}'.") for k in missing]
    if "x-message" in sub and kw in (
        "oneOf",
        "anyOf",
        "not",
        "minProperties",
        "maxProperties",
        "const",
    ):
        return [make("CV208", f"{sub['x-message']} (in {who})")]
    if kw == "type":
        want = sub.get("x-expect") or " or ".join(
            _JSON_TYPES.get(t, t)
            for t in (
                [err.validator_value]
                if isinstance(err.validator_value, str)
                else err.validator_value
            )
        )
        return [make("CV203", f"'{key}' in {who} should be {want}, not {type_of(err.instance)}.")]
    if kw in ("enum", "const"):
        allowed = err.validator_value if kw == "enum" else [err.validator_value]
        shown = ", ".join(json.dumps(a) if not isinstance(a, str) else a for a in allowed)
        hint = (
            did_you_mean(err.instance, [a for a in allowed if isinstance(a, str)])
            if isinstance(err.instance, str)
            else ""
        )
        return [
            make(
                "CV204",
                f"'{_short(err.instance)}' is not allowed for '{key}' in {who}. "
                f"Allowed: {shown}.{hint}",
            )
        ]
    if kw == "pattern":
        if err.validator_value == ID_PATTERN:
            suggestion = snake_case(err.instance)
            return [
                make(
                    "CV301",
                    f"'{_short(err.instance)}' ({key} in {who}) is not a snake_case "
                    f"id. Try '{suggestion}'.",
                )
            ]
        expect = sub.get("x-expect") or f"text matching {err.validator_value}"
        return [make("CV205", f"'{_short(err.instance)}' ('{key}' in {who}) should be {expect}.")]
    if kw in ("minimum", "maximum", "exclusiveMinimum", "exclusiveMaximum"):
        words = {
            "minimum": "at least",
            "maximum": "at most",
            "exclusiveMinimum": "more than",
            "exclusiveMaximum": "less than",
        }[kw]
        return [
            make(
                "CV206",
                f"'{key}' in {who} is {err.instance}; it must be {words} {err.validator_value}.",
            )
        ]
    if kw in ("minItems", "maxItems", "minLength", "maxLength", "minProperties", "maxProperties"):
        n = len(err.instance) if hasattr(err.instance, "__len__") else 0
        unit = "characters" if "Length" in kw else "items"
        if kw == "minLength" and n == 0:
            return [make("CV207", f"'{key}' in {who} is empty.")]
        bound = "at least" if kw.startswith("min") else "at most"
        return [
            make(
                "CV207", f"'{key}' in {who} has {n} {unit}; it needs {bound} {err.validator_value}."
            )
        ]
    if kw in ("anyOf", "oneOf"):
        expect = sub.get("x-expect")
        if expect:
            return [make("CV208", f"'{key}' in {who} should be {expect}.")]
        return [make("CV208", f"'{key}' in {who} does not match any allowed shape.")]
    if kw == "uniqueItems":
        return [make("CV209", f"'{key}' in {who} lists the same value twice.")]
    return [make("CV209", f"'{key}' in {who} breaks the rule '{kw}' of the schema.")]


def _unknown_key(k, who, allowed, kind_schema, sub) -> str:
    if "x-field-type" in sub:
        users = sorted(
            name[len("field_") :]
            for name, d in kind_schema["$defs"].items()
            if name.startswith("field_") and k in d.get("properties", {})
        )
        if users:
            return (
                f"'{k}' does not apply to a {sub['x-field-type']} field ({who}); it is "
                f"used by {', '.join(users[:6])}{' and others' if len(users) > 6 else ''}."
            )
    return f"'{k}' is not a key of {who}.{did_you_mean(k, allowed)}"


def _short(value, limit: int = 60) -> str:
    text = value if isinstance(value, str) else json.dumps(value, ensure_ascii=False)
    return text if len(text) <= limit else text[: limit - 1] + "…"
