"""The shipped change log is a complete history: every shipped definition rebuilds
from change_log/ alone, byte for byte."""

from __future__ import annotations

from pathlib import Path

import pytest

from designer.changes import Library
from renderer.definitions import sha256_of

ROOT = Path(__file__).resolve().parents[2]
SHIPPED = sorted(
    [("form", p.stem) for p in (ROOT / "form_library").glob("*.yaml")]
    + [("pathway", p.stem) for p in (ROOT / "pathways").glob("*.yaml")]
)


def test_the_shipped_library_is_not_empty():
    assert len(SHIPPED) >= 22


@pytest.mark.parametrize(("kind", "doc_id"), SHIPPED)
def test_each_shipped_definition_rebuilds_from_its_change_log(kind, doc_id):
    library = Library(ROOT)
    current = library.current(kind, doc_id)
    rebuilt = library.rebuild(doc_id, kind)
    assert rebuilt is not None, f"{doc_id} has no change log"
    assert sha256_of(rebuilt) == sha256_of(current)
    assert library.history(doc_id, kind)[-1] == (current["version"], sha256_of(current))
