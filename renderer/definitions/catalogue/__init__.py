"""The catalogue: every problem the loader can report has a stable code.

Codes never change meaning once released, so councils can search for them, suppress
them in their own tooling and link to docs/errors.md. Ranges: CV1xx file and YAML,
CV2xx schema, CV3xx ids, references and other checks within a form (patterns,
output templates), CV4xx rules, CV5xx pathways, CV9xx warnings.

The entries live in one module per family of codes, in the order of the ranges above;
this package puts them together and is the only thing the rest of the code imports.
"""

from __future__ import annotations

from . import files, pathways, references, rules, shapes, warnings
from .entry import ERROR, WARNING, Entry

CATALOGUE: dict[str, Entry] = {
    e.code: e
    for family in (files, shapes, references, rules, pathways, warnings)
    for e in family.ENTRIES
}

__all__ = ["CATALOGUE", "ERROR", "WARNING", "Entry"]
