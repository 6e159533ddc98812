"""The shipped library, loaded once through the project's loader (never raw YAML)."""

from __future__ import annotations

from pathlib import Path

import pytest

from renderer.definitions import load_library

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture(scope="session")
def library():
    result = load_library(ROOT)
    assert [str(p) for p in result.errors] == [], "the shipped library must load cleanly"
    return result


@pytest.fixture(scope="session")
def forms(library):
    return library.forms


@pytest.fixture(scope="session")
def pathways(library):
    return library.pathways
