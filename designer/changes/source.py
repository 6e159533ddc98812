"""The change engine's only doorway to the definition language (renderer.definitions).

Reading YAML (safe, tag-free, YAML 1.2 core scalars, size and alias limits), hashing
(canonical JSON + sha256), validation (schema and cross-checks) and the static check
of output templates all belong to the
language; this module names the few calls the engine makes so there is one place
that knows them.
"""

from __future__ import annotations

import copy
import functools
import hashlib
import json
import tempfile
from pathlib import Path
from typing import Any

import jsonschema

from renderer.definitions import DefinitionError, Problem, load_library
from renderer.definitions import sha256_of as canonical_sha256
from renderer.definitions.serialise import dump_definition
from renderer.definitions.templates import template_problems
from renderer.definitions.yaml_source import parse_yaml

__all__ = [
    "DefinitionError",
    "Problem",
    "definition_problems",
    "dump_definition",
    "read_yaml",
    "schema_errors",
    "sha256_of",
    "template_problems",
]

_SCHEMAS = Path(__file__).resolve().parents[2] / "renderer" / "definitions" / "schemas"


# Whatever each file holds: the schema check, not the reader, says when it is no mapping.
_PARSED: dict[str, Any] = {}
_PARSED_LIMIT = 512


def read_yaml(raw: bytes | str, file: str = "") -> dict:
    """Parse one YAML mapping with the language's hardened reader.

    Change logs are replayed often and YAML parsing is the slow part, so results are
    kept by content hash (a fresh copy is returned every time).
    """
    data = raw.encode("utf-8") if isinstance(raw, str) else raw
    key = hashlib.sha256(data).hexdigest()
    if key not in _PARSED:
        if len(_PARSED) >= _PARSED_LIMIT:
            _PARSED.clear()
        _PARSED[key] = parse_yaml(data, file).data
    return copy.deepcopy(_PARSED[key])


def sha256_of(doc: dict) -> str:
    """The sha256 of a definition's canonical JSON (docs/language.md)."""
    return canonical_sha256(doc)


@functools.cache
def _validator(kind: str) -> jsonschema.Draft202012Validator:
    schema = json.loads((_SCHEMAS / f"{kind}.schema.json").read_text(encoding="utf-8"))
    return jsonschema.Draft202012Validator(schema)


def schema_errors(doc: dict, kind: str) -> list[str]:
    """Messages for every way ``doc`` breaks ``<kind>.schema.json`` (changeset, bundle)."""
    validator = _validator(kind)
    out = []
    for err in sorted(validator.iter_errors(doc), key=lambda e: list(e.absolute_path)):
        where = ".".join(str(p) for p in err.absolute_path) or "(top level)"
        out.append(f"{where}: {err.message}")
    return out


def definition_problems(forms: dict[str, dict], pathways: dict[str, dict]) -> list[str]:
    """Every error the language's loader finds in these definitions, as one library.

    The loader works on files, so the definitions are written (deterministically) to
    a private temporary folder laid out as a library and loaded from there.
    """
    with tempfile.TemporaryDirectory(prefix="convivial-check-") as tmp:
        root = Path(tmp)
        for folder, docs, kind in (
            ("form_library", forms, "form"),
            ("pathways", pathways, "pathway"),
        ):
            (root / folder).mkdir()
            for doc_id, doc in docs.items():
                text = dump_definition(doc, kind)
                (root / folder / f"{doc_id}.yaml").write_text(text, encoding="utf-8")
        result = load_library(root)
        return [_relative(str(p), tmp) for p in result.errors]


def _relative(message: str, tmp: str) -> str:
    return message.replace(tmp + "/", "").replace(tmp, "")
