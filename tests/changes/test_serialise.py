"""load -> dump -> load is stable and byte-identical (deterministic serialisation)."""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from designer.changes.diff import same
from renderer.definitions.serialise import dump_definition
from renderer.definitions.yaml_source import parse_yaml

from .strategies import forms, pathways

ROOT = Path(__file__).resolve().parents[2]
SETTINGS = settings(max_examples=50, deadline=None, suppress_health_check=[HealthCheck.too_slow])


def _round_trip(doc):
    text = dump_definition(doc)
    loaded = parse_yaml(text).data
    assert same(loaded, doc)
    assert dump_definition(loaded) == text
    return text


@SETTINGS
@given(forms())
def test_forms_round_trip_byte_identical(doc):
    _round_trip(doc)


@SETTINGS
@given(pathways())
def test_pathways_round_trip_byte_identical(doc):
    _round_trip(doc)


TEXT = st.text(
    st.characters(blacklist_categories=("Cs",), blacklist_characters="\x00"), max_size=120
)


@settings(max_examples=200, deadline=None)
@given(st.lists(TEXT, min_size=1, max_size=4))
def test_any_text_round_trips(texts):
    doc = {
        "id": "x",
        "version": 1,
        "title": texts[0],
        "purpose": texts[-1],
        "owner": "o",
        "sections": [{"id": "s", "title": t, "fields": []} for t in texts],
    }
    _round_trip(doc)


@pytest.mark.parametrize(
    "path",
    sorted((ROOT / "form_library").glob("*.yaml")) + sorted((ROOT / "pathways").glob("*.yaml")),
    ids=lambda p: p.stem,
)
def test_shipped_definitions_round_trip(path):
    _round_trip(parse_yaml(path.read_bytes()).data)


def test_keys_follow_the_schema_order_then_alphabetical():
    doc = {
        "zebra": 1,
        "sections": [
            {
                "fields": [{"label": "L", "type": "text", "id": "f", "hint": "H"}],
                "id": "s",
                "title": "T",
            }
        ],
        "owner": "O",
        "purpose": "P",
        "title": "T",
        "version": 2,
        "id": "x",
        "apple": 2,
    }
    lines = [line.split(":")[0] for line in dump_definition(doc).splitlines()]
    assert lines[:5] == ["id", "version", "title", "purpose", "owner"]
    assert lines[-2:] == ["apple", "zebra"]
    assert "      - id" in lines and lines.index("      - id") + 1 == lines.index("        type")


def test_block_styles_and_quoting():
    doc = {
        "id": "x",
        "title": "yes",
        "purpose": "Line one\nLine two\n",
        "owner": "0o17",
        "version": 1,
        "description": ("word " * 30).strip(),
    }
    text = dump_definition(doc)
    assert "title: 'yes'" in text
    assert "owner: '0o17'" in text
    assert "purpose: |\n  Line one\n  Line two\n" in text
    assert "description: >-\n" in text
    assert "{" not in text and "[" not in text
