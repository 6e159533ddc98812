"""Every case detail a stage can be pre-filled from, and every census item a shipped
question feeds, has a plain name, so none falls back to a vague phrase or its code."""

from __future__ import annotations

from pathlib import Path

import yaml

from designer.editor import census_words
from designer.editor.pathways import case_sources
from renderer.definitions.prefill_types import CASE_ATTRIBUTES

ROOT = Path(__file__).resolve().parents[2]


def test_every_case_attribute_a_stage_can_be_pre_filled_from_has_words():
    assert set(case_sources.CASE_SOURCES) == set(CASE_ATTRIBUTES)
    assert case_sources.words("child.full_name") == "The child's full name (from the case)"
    assert case_sources.in_sentence("case.opened_on") == "the case (the date the case was opened)"


def _items(node, out: set[str]) -> set[str]:
    if isinstance(node, dict):
        if isinstance(node.get("statutory"), dict):
            out.add(node["statutory"]["item"])
        for value in node.values():
            _items(value, out)
    elif isinstance(node, list):
        for value in node:
            _items(value, out)
    return out


def test_every_census_item_the_library_feeds_has_a_plain_name():
    items: set[str] = set()
    for path in sorted((ROOT / "form_library").glob("*.yaml")):
        _items(yaml.safe_load(path.read_text()), items)
    assert "CINreferralDate" in items
    unnamed = sorted(i for i in items if i not in census_words.CENSUS_ITEMS)
    assert not unnamed, f"census items with no plain name: {unnamed}"
    assert census_words.item_name("CINreferralDate") == "Date of the referral"
    assert census_words.item_name("SomethingNew") == "an item of the return"
