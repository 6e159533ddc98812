"""The frozen model built from a valid definition."""

import dataclasses

import pytest

from renderer.definitions import (
    DefinitionError,
    canonical_json,
    form_from_text,
    load_form,
    load_pathway,
    sha256_of,
)

from .conftest import FIXTURE_FORMS, HERE

FORM = """id: model_test
version: 3
title: Model test
purpose: To test the model.
owner: Tests
authorisation: {role: team_manager}
sections:
  - id: first
    title: First
    fields:
      - id: worries
        type: long_text
        label: Worries
      - id: people
        type: repeating_group
        label: People
        fields:
          - {id: person_name, type: text, label: Name}
          - {id: lives_here, type: yes_no, label: Lives here?}
      - id: words
        type: childs_words
        label: In the child's words
      - id: factors
        type: multiple_choice
        label: Factors
        options: [{id: alcohol, label: Alcohol}, {id: no_factors, label: None}]
        exclusive_option: no_factors
      - id: danger
        type: danger_statement
        label: Danger
        scale: safety_scale
      - id: safety_scale
        type: scale
        label: How safe?
        anchors: {zero: Not safe, ten: Safe}
output:
  title: Our record
"""


def test_form_model_has_ids_types_defaults_and_hash():
    form = form_from_text(FORM)
    assert form.id == "model_test" and form.version == 3
    assert form.authorisation_role == "team_manager"
    assert [f.id for f in form.all_fields()] == [
        "worries",
        "people",
        "person_name",
        "lives_here",
        "words",
        "factors",
        "danger",
        "safety_scale",
    ]
    by_id = form.fields_by_id
    assert by_id["worries"].max_length == 20000  # the type's default
    assert by_id["words"].variant == "three_houses"
    assert by_id["danger"].max_items == 3
    assert by_id["factors"].option_ids == ("alcohol", "no_factors")
    assert by_id["safety_scale"].anchors == ("Not safe", "Safe")
    assert by_id["people"].fields[0].id == "person_name"
    assert form.sha256 == sha256_of(form.source)
    assert len(form.sha256) == 64
    assert form.output.title == "Our record"


def test_model_is_frozen():
    form = form_from_text(FORM)
    with pytest.raises(dataclasses.FrozenInstanceError):
        form.title = "changed"
    with pytest.raises(dataclasses.FrozenInstanceError):
        form.sections[0].fields[0].label = "changed"


def test_canonical_json_is_sorted_compact_and_keeps_unicode():
    assert (
        canonical_json({"b": 1, "a": ["é", {"d": None, "c": True}]})
        == '{"a":["é",{"c":true,"d":null}],"b":1}'
    )


def test_sha256_ignores_yaml_layout_and_key_order():
    reordered = FORM.replace("version: 3\ntitle: Model test\n", "title: Model test\nversion: 3\n")
    reordered = reordered.replace("# nothing", "")
    assert form_from_text(reordered).sha256 == form_from_text(FORM).sha256
    assert form_from_text(FORM.replace("Worries", "Worry")).sha256 != form_from_text(FORM).sha256


def test_yaml_12_scalars_keep_yes_no_and_on_as_text():
    text = FORM.replace("label: Worries", "label: no")
    assert form_from_text(text).fields_by_id["worries"].label == "no"
    with pytest.raises(DefinitionError) as info:
        form_from_text(FORM.replace("label: Worries", "label: Worries\n        required: yes"))
    assert info.value.problems[0].code == "CV203"


def test_pathway_model(fixture_forms):
    pathway = load_pathway(HERE / "broken" / "cv906_unused_parameter.yaml", forms=fixture_forms)
    assert pathway.stages_by_id["visit"].form == "fx_visit"
    assert pathway.parameters[0].unit == "working_days"


def test_load_form_checks_the_file_name(tmp_path):
    wrong = tmp_path / "other_name.yaml"
    wrong.write_text((FIXTURE_FORMS / "fx_visit.yaml").read_text())
    with pytest.raises(DefinitionError) as info:
        load_form(wrong)
    assert [p.code for p in info.value.problems] == ["CV304"]
    warnings: list = []
    assert load_form(FIXTURE_FORMS / "fx_visit.yaml", warnings=warnings).id == "fx_visit"
    assert warnings == []
