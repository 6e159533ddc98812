"""Deterministic YAML for definitions, change sets and manifests.

``dump_definition(mapping)`` writes keys in the order the JSON Schema lists its
properties (id, version, title, purpose, owner, ...), then any keys the schema does
not name in alphabetical order; block style throughout; strings with line breaks as
literal blocks and long single-line prose as folded blocks; quoting chosen by the
YAML emitter from the value alone. Loading the text with ``yaml.safe_load`` gives back
an equal mapping, and dumping that again gives the same bytes.
"""

from __future__ import annotations

import json
import re
from datetime import date, datetime
from functools import lru_cache
from pathlib import Path
from typing import Any

import yaml

__all__ = ["dump_definition", "key_order"]

_SCHEMAS = Path(__file__).with_name("schemas")

# Used when the schema is not available (or does not list a key in this position):
# the order of docs/language.md, so files read top to bottom as the spec does.
_FALLBACK_KEYS = (
    "id op format target base result version title purpose owner summary_for_family "
    "authorisation role labels worries working_well needs_to_happen parameters events "
    "stages transitions triggers sections description type label text hint required "
    "show_if required_if validations rule message share_with_family family_label "
    "statutory return item prefill_note fact fact_use max_length pattern min max integer "
    "not_in_future not_before_field options exclusive_option roles multiple fields "
    "item_label min_items max_items prompt anchors zero ten raters safety_goal scale "
    "variant accept max_mb calculation format default unit national form activity "
    "done_by weight due from event stage_completed stage_started working_days "
    "calendar months days counting regions field case stage mode note to when on "
    "case_opened date_reached child_age_years start task output introduction template "
    "pathway council exported_at files path sha256 bytes rationale author date review "
    "state reviewers links section after in old new operations"
)
_FALLBACK_ORDER = tuple(_FALLBACK_KEYS.split())

_LONG = 80
# Plain scalars that YAML 1.2's core schema (the loader's) reads as something other
# than text; PyYAML's emitter only knows YAML 1.1, so these are quoted here as well.
_CORE_NON_STR = re.compile(
    r"^(?:true|True|TRUE|false|False|FALSE|null|Null|NULL|~|"
    r"[-+]?[0-9]+|0o[0-7]+|0x[0-9a-fA-F]+|"
    r"[-+]?(?:\.[0-9]+|[0-9]+(?:\.[0-9]*)?)(?:[eE][-+]?[0-9]+)?|"
    r"[-+]?\.(?:inf|Inf|INF)|\.(?:nan|NaN|NAN))$"
)
_SAFE_FOLDED = re.compile(r"^[^\s](?:[^\s]| (?! ))*[^\s]$")


@lru_cache(maxsize=8)
def _schema(kind: str) -> dict | None:
    path = _SCHEMAS / f"{kind}.schema.json"
    try:
        return json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None


def _kind_of(mapping: dict) -> str | None:
    if "operations" in mapping and "target" in mapping:
        return "changeset"
    if "format" in mapping and "files" in mapping:
        return "bundle"
    if "stages" in mapping:
        return "pathway"
    if "sections" in mapping:
        return "form"
    return None


def _ref(node: dict, root: dict) -> Any:
    ref = node.get("$ref")
    if not isinstance(ref, str) or not ref.startswith("#/"):
        return None
    target: Any = root
    for part in ref[2:].split("/"):
        target = (
            target.get(part.replace("~1", "/").replace("~0", "~"), {})
            if isinstance(target, dict)
            else {}
        )
    return target


def _branches(node: Any, root: dict) -> list[dict]:
    """The schema node and every subschema that may apply to the same instance, in
    the order they are written (depth first, following $ref where it stands)."""
    out: list[dict] = []
    stack = [node]
    while stack and len(out) < 256:
        current = stack.pop()
        if not isinstance(current, dict) or any(current is o for o in out):
            continue
        out.append(current)
        nested = [_ref(current, root)]
        for key in ("allOf", "anyOf", "oneOf"):
            nested.extend(current.get(key, []) or [])
        nested.extend(current.get(key) for key in ("if", "then", "else"))
        stack.extend(reversed(nested))
    return out


def _properties(nodes: list[dict]) -> list[str]:
    names: list[str] = []
    for node in nodes:
        for name in node.get("properties", {}) or {}:
            if name not in names:
                names.append(name)
    return names


def _child(nodes: list[dict], key: str | None) -> list[dict]:
    """Subschemas for the value under ``key`` (or list items when key is None)."""
    found: list[Any] = []
    for node in nodes:
        if key is None:
            if isinstance(node.get("items"), dict):
                found.append(node["items"])
        else:
            props = node.get("properties") or {}
            if key in props:
                found.append(props[key])
            elif isinstance(node.get("additionalProperties"), dict):
                found.append(node["additionalProperties"])
    return found


# What an item is always comes first, whatever the schema's layout of shared keys.
_LEAD = ("id", "op", "type", "label")


def key_order(keys: list[str], schema_keys: list[str]) -> list[str]:
    """id, op, type, label; then schema order; then the built-in order; then alphabetical."""

    def rank(key: str) -> tuple:
        if key in _LEAD:
            return (-1, _LEAD.index(key), "")
        if key in schema_keys:
            return (0, schema_keys.index(key), "")
        if key in _FALLBACK_ORDER:
            return (1, _FALLBACK_ORDER.index(key), "")
        return (2, 0, key)

    return sorted(keys, key=rank)


_CONTEXTS: dict[tuple, tuple[list[dict], list[str]]] = {}
_CHILDREN: dict[tuple, list[dict]] = {}


def _context(nodes: list[dict], root: dict) -> tuple[tuple, list[dict], list[str]]:
    """(cache key, applicable subschemas, property order) for a list of schema nodes.
    Schemas are loaded once and never change, so node identities key the caches."""
    key = tuple(id(n) for n in nodes)
    if key not in _CONTEXTS:
        branches = [b for n in nodes for b in _branches(n, root)]
        _CONTEXTS[key] = (branches, _properties(branches))
    branches, names = _CONTEXTS[key]
    return key, branches, names


def _children(key: tuple, branches: list[dict], name: str | None) -> list[dict]:
    if (key, name) not in _CHILDREN:
        _CHILDREN[(key, name)] = _child(branches, name)
    return _CHILDREN[(key, name)]


def _order(value: Any, nodes: list[dict], root: dict | None) -> Any:
    if isinstance(value, dict | list | tuple) and root and nodes:
        ctx, branches, names = _context(nodes, root)
    else:
        ctx, branches, names = (), [], []
    if isinstance(value, dict):
        return {
            str(k): _order(value[k], _children(ctx, branches, k) if branches else [], root)
            for k in key_order(list(value), names)
        }
    if isinstance(value, list | tuple):
        items = _children(ctx, branches, None) if branches else []
        return [_order(v, items, root) for v in value]
    if isinstance(value, datetime | date):
        return value.isoformat()
    return value


class _Dumper(yaml.SafeDumper):
    """Safe dumper that never writes aliases and keeps the given key order."""

    def ignore_aliases(self, data: Any) -> bool:
        return True

    def increase_indent(self, flow: bool = False, indentless: bool = False) -> None:
        # Indent list items under their key ("  - id: ...") as docs/language.md does.
        super().increase_indent(flow, False)


def _represent_dict(dumper: yaml.SafeDumper, data: dict) -> yaml.Node:
    return dumper.represent_mapping("tag:yaml.org,2002:map", data.items(), flow_style=False)


def _represent_str(dumper: yaml.SafeDumper, data: str) -> yaml.Node:
    style = None
    if any(not (ch.isprintable() or ch in "\n\t") for ch in data) or "\ufeff" in data:
        # line separators, control characters, BOMs: escaped in double quotes, so the
        # text survives any YAML reader exactly
        style = '"'
    elif "\n" in data and data.strip() and "\t" not in data:
        if all(line == line.rstrip() for line in data.split("\n")) and not data.startswith(" "):
            style = "|"
    elif len(data) > _LONG and _SAFE_FOLDED.match(data):
        style = ">"
    if style is None and (data == "" or _CORE_NON_STR.match(data)):
        style = "'"
    return dumper.represent_scalar("tag:yaml.org,2002:str", data, style=style)


_Dumper.add_representer(dict, _represent_dict)
_Dumper.add_representer(str, _represent_str)


def dump_definition(mapping: dict, kind: str | None = None) -> str:
    """Deterministic YAML text for a form, pathway, change set or bundle manifest.

    ``kind`` ("form", "pathway", "changeset", "bundle") picks the schema whose
    property order the keys follow; it is guessed from the mapping when omitted.
    """
    if not isinstance(mapping, dict):
        raise TypeError("dump_definition expects a mapping")
    kind = kind or _kind_of(mapping)
    root = _schema(kind) if kind else None
    ordered = _order(mapping, [root] if root else [], root)
    text = yaml.dump(
        ordered,
        Dumper=_Dumper,
        default_flow_style=False,
        sort_keys=False,
        allow_unicode=True,
        width=_LONG + 8,
        indent=2,
        line_break="\n",
        explicit_start=False,
    )
    return text
