"""Every field type of the language reaches every place that must know it.

The list of types comes from the language's schema (``field_types()`` reads the
``field_<type>`` definitions of form.schema.json), never from a list typed here, so a
type added to the schema and forgotten elsewhere fails here, naming the place.
docs/field-types.md is the checklist these tests follow.
"""

from __future__ import annotations

import pytest

from designer.editor.forms.properties import TYPE_NAMES
from renderer.definitions import field_types
from renderer.definitions.facts import KIND_FIELD_TYPES, NO_FACT_TYPES
from renderer.definitions.prefill_types import COMPATIBLE
from renderer.definitions.schema_check import schema
from renderer.screens import REGISTRY

TYPES = field_types()


def test_the_schema_names_the_types_it_defines():
    """Each field_<type> definition says which type it is (x-field-type)."""
    defs = schema("form")["$defs"]
    assert TYPES, "form.schema.json defines no field types"
    for t in TYPES:
        assert defs[f"field_{t}"]["x-field-type"] == t


def test_a_field_may_be_of_each_type_and_is_checked_by_its_definition():
    field = schema("form")["$defs"]["field"]
    assert field["properties"]["type"]["enum"] == list(TYPES)
    branches = {b["if"]["properties"]["type"]["const"]: b["then"]["$ref"] for b in field["allOf"]}
    assert branches == {t: f"#/$defs/field_{t}" for t in TYPES}


@pytest.mark.parametrize("field_type", TYPES)
def test_each_type_has_a_screen(field_type):
    assert field_type in REGISTRY, "add a FieldType to renderer/screens/types_*.py"


@pytest.mark.parametrize("field_type", TYPES)
def test_each_type_says_what_it_can_be_pre_filled_from(field_type):
    assert field_type in COMPATIBLE, "add it to COMPATIBLE in renderer/definitions/prefill_types.py"


@pytest.mark.parametrize("field_type", TYPES)
def test_each_type_has_a_name_in_the_designer(field_type):
    assert field_type in TYPE_NAMES, "add its plain name to TYPE_NAMES (designer/editor)"


def test_the_facts_name_only_types_of_the_language():
    named = set(NO_FACT_TYPES).union(*KIND_FIELD_TYPES.values())
    assert named <= set(TYPES)
