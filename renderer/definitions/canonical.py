"""Canonical JSON and the sha256 that identifies a published version."""

from __future__ import annotations

import hashlib
import json


def canonical_json(obj) -> str:
    """As docs/language.md states: sorted keys, no spaces, UTF-8 kept as written."""
    return json.dumps(obj, sort_keys=True, separators=(",", ":"), ensure_ascii=False)


def sha256_of(obj) -> str:
    return hashlib.sha256(canonical_json(obj).encode("utf-8")).hexdigest()
