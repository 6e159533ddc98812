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
from typing import Any

from jsonschema import Draft202012Validator, ValidationError

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


class _Failure:
    """One jsonschema error with what every translation needs: where, whose, which key."""

    def __init__(self, err: ValidationError, doc: SourceDoc, kind_schema: dict) -> None:
        self.err, self.doc, self.kind_schema = err, doc, kind_schema
        self.path = tuple(err.path)
        self.kw = str(err.validator)
        self.sub: dict = err.schema if isinstance(err.schema, dict) else {}
        self.who = owner_name(doc.data, self.path)
        self.key = _key_name(self.path)
        # the failing value and the keyword's value: JSON, whatever the document holds
        self.instance: Any = err.instance
        self.value: Any = err.validator_value

    def make(self, code: str, message: str, at: tuple | None = None, as_key: bool = False):
        at = self.path if at is None else at
        line, col = self.doc.locate(at, key=as_key)
        return Problem(
            code, message, file=self.doc.file, line=line, column=col, path=self.doc.path_text(at)
        )


# Keywords whose failure a schema may explain in its own words (x-message).
_X_MESSAGE_KEYWORDS = ("oneOf", "anyOf", "not", "minProperties", "maxProperties", "const")


def _translate(err: ValidationError, doc: SourceDoc, kind: str, kind_schema: dict) -> list:
    f = _Failure(err, doc, kind_schema)
    if "x-message" in f.sub and f.kw in _X_MESSAGE_KEYWORDS:
        return [f.make("CV208", f"{f.sub['x-message']} (in {f.who})")]
    return _HANDLERS.get(f.kw, _other)(f)


def _additional_properties(f: _Failure) -> list:
    if f.sub.get("propertyNames"):
        return []
    allowed = set(f.sub.get("properties", {}))
    instance = f.instance
    extras = [k for k in instance if k not in allowed] if isinstance(instance, dict) else []
    return [
        f.make(
            "CV201",
            _unknown_key(k, f.who, allowed, f.kind_schema, f.sub),
            (*f.path, k),
            as_key=True,
        )
        for k in extras
    ]


def _required(f: _Failure) -> list:
    present = f.instance if isinstance(f.instance, dict) else {}
    missing = [k for k in f.value if k not in present]
    return [f.make("CV202", f"{f.who[0].upper() + f.who[1:]} needs '{k}'.") for k in missing]


def _type(f: _Failure) -> list:
    value = f.value
    wanted = [value] if isinstance(value, str) else value
    want = f.sub.get("x-expect") or " or ".join(_JSON_TYPES.get(t, t) for t in wanted)
    found = type_of(f.instance)
    return [f.make("CV203", f"'{f.key}' in {f.who} should be {want}, not {found}.")]


def _enum(f: _Failure) -> list:
    instance = f.instance
    allowed = f.value if f.kw == "enum" else [f.value]
    shown = ", ".join(json.dumps(a) if not isinstance(a, str) else a for a in allowed)
    hint = (
        did_you_mean(instance, [a for a in allowed if isinstance(a, str)])
        if isinstance(instance, str)
        else ""
    )
    message = (
        f"'{_short(instance)}' is not allowed for '{f.key}' in {f.who}. Allowed: {shown}.{hint}"
    )
    return [f.make("CV204", message)]


def _pattern(f: _Failure) -> list:
    instance = f.instance
    if f.value == ID_PATTERN:
        return [
            f.make(
                "CV301",
                f"'{_short(instance)}' ({f.key} in {f.who}) is not a snake_case "
                f"id. Try '{snake_case(instance)}'.",
            )
        ]
    expect = f.sub.get("x-expect") or f"text matching {f.value}"
    return [f.make("CV205", f"'{_short(instance)}' ('{f.key}' in {f.who}) should be {expect}.")]


_BOUND_WORDS = {
    "minimum": "at least",
    "maximum": "at most",
    "exclusiveMinimum": "more than",
    "exclusiveMaximum": "less than",
}


def _bound(f: _Failure) -> list:
    words = _BOUND_WORDS[f.kw]
    message = f"'{f.key}' in {f.who} is {f.instance}; it must be {words} {f.value}."
    return [f.make("CV206", message)]


def _size(f: _Failure) -> list:
    n = len(f.instance) if hasattr(f.instance, "__len__") else 0
    unit = "characters" if "Length" in f.kw else "items"
    if f.kw == "minLength" and n == 0:
        return [f.make("CV207", f"'{f.key}' in {f.who} is empty.")]
    bound = "at least" if f.kw.startswith("min") else "at most"
    message = f"'{f.key}' in {f.who} has {n} {unit}; it needs {bound} {f.value}."
    return [f.make("CV207", message)]


def _shape(f: _Failure) -> list:
    expect = f.sub.get("x-expect")
    if expect:
        return [f.make("CV208", f"'{f.key}' in {f.who} should be {expect}.")]
    return [f.make("CV208", f"'{f.key}' in {f.who} does not match any allowed shape.")]


def _unique(f: _Failure) -> list:
    return [f.make("CV209", f"'{f.key}' in {f.who} lists the same value twice.")]


def _other(f: _Failure) -> list:
    return [f.make("CV209", f"'{f.key}' in {f.who} breaks the rule '{f.kw}' of the schema.")]


# One translation per validator keyword; anything else is CV209 naming the keyword.
_HANDLERS = {
    "additionalProperties": _additional_properties,
    "required": _required,
    "type": _type,
    "enum": _enum,
    "const": _enum,
    "pattern": _pattern,
    **dict.fromkeys(_BOUND_WORDS, _bound),
    **dict.fromkeys(
        ("minItems", "maxItems", "minLength", "maxLength", "minProperties", "maxProperties"), _size
    ),
    "anyOf": _shape,
    "oneOf": _shape,
    "uniqueItems": _unique,
}


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
