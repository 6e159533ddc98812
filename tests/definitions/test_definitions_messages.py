"""Schema errors read as plain sentences with suggestions, never raw jsonschema text."""

import copy

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from renderer.definitions import CATALOGUE, DefinitionError, form_from_text
from renderer.definitions.schema_check import validation_errors, validator
from renderer.definitions.yaml_source import read_source

from .conftest import FIXTURE_FORMS, ROOT
from .test_definitions_hostile import BASE

RAW_PHRASES = (
    "is not valid under",
    "is a required property",
    "was unexpected",
    "is not of type",
    "does not match",
)


def problems(text):
    with pytest.raises(DefinitionError) as info:
        form_from_text(text)
    return info.value.problems


@pytest.mark.parametrize(
    "addition, code, words",
    [
        ("        hnt: x\n", "CV201", "'hnt' is not a key of field 'code'. Did you mean 'hint'?"),
        ("        requird: true\n", "CV201", "Did you mean 'required'?"),
        ("        options: []\n", "CV201", "'options' does not apply to a text field"),
        (
            "        max_length: -1\n",
            "CV206",
            "'max_length' in field 'code' is -1; it must be at least 1.",
        ),
        ("        show_if: 'yes'\n", "CV203", "should be a JSON Logic rule"),
        ("        share_with_family: maybe\n", "CV203", "should be true or false, not text"),
    ],
)
def test_plain_messages(addition, code, words):
    (p,) = problems(BASE + addition)
    assert p.code == code
    assert words in p.message
    assert not any(raw in p.message for raw in RAW_PHRASES)


def test_did_you_mean_for_field_type_and_ids():
    (p,) = problems(BASE.replace("type: text", "type: long_txt"))
    assert "Did you mean 'long_text'?" in p.message
    text = BASE + "        show_if: {'==': [{var: cod}, x]}\n"
    (p,) = problems(text)
    assert p.code == "CV401" and "Did you mean 'code'?" in p.message


def test_every_problem_code_is_in_the_catalogue():
    for text in (BASE + "        hnt: x\n", BASE.replace("id: code", "id: Code")):
        for p in problems(text):
            assert p.code in CATALOGUE


SHIPPED = [
    read_source(p).data
    for p in sorted((ROOT / "form_library").glob("*.yaml")) + sorted(FIXTURE_FORMS.glob("*.yaml"))
]


def _signature(errors):
    return sorted(
        (tuple(map(str, e.path)), e.validator, str(e.validator_value)[:80]) for e in errors
    )


@settings(max_examples=25, deadline=None, suppress_health_check=list(HealthCheck))
@given(
    st.sampled_from(SHIPPED),
    st.integers(0, 10**6),
    st.sampled_from(["hnt", "options", "label", "type", "max_length", "fields", "anchors", "id"]),
    st.sampled_from([None, "x", 5, [], {}, "repeating_group", "guidance", "scale"]),
)
def test_split_validation_equals_the_whole_schema(data, pick, key, value):
    """schema_check runs form.schema.json split at fields for speed; the errors must be
    exactly those of the whole schema."""
    data = copy.deepcopy(data)
    fields = [f for s in data["sections"] for f in s["fields"]]
    target = fields[pick % len(fields)]
    if value is None:
        target.pop(key, None)
    else:
        target[key] = value
    assert _signature(validation_errors("form", data)) == _signature(
        validator("form").iter_errors(data)
    )


PATHWAY_FILES = sorted((ROOT / "pathways").glob("*.yaml")) + sorted(
    p
    for p in (ROOT / "tests" / "definitions" / "broken").glob("*.yaml")
    if p.read_text().startswith("# expect: CV2") or "(pathway)" in p.read_text()[:60]
)


def test_inlined_pathway_validation_equals_the_whole_schema():
    checked = 0
    for path in PATHWAY_FILES:
        try:
            data = read_source(path).data
        except DefinitionError:
            continue
        kind = "form" if "sections" in data else "pathway"
        assert _signature(validation_errors(kind, data)) == _signature(
            validator(kind).iter_errors(data)
        ), path
        checked += 1
    assert checked >= 15
