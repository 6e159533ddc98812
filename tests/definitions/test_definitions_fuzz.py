"""Property tests: no input makes the loader raise anything but DefinitionError."""

import copy
import time

import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from renderer.definitions import (
    DefinitionError,
    Form,
    form_from_mapping,
    form_from_text,
    load_library,
)
from renderer.definitions.loader import pathway_from_mapping
from renderer.definitions.yaml_source import read_source

from .conftest import FIXTURE_FORMS, ROOT

# deadline off: timing is asserted per call in must_not_crash instead
FAST = settings(max_examples=100, deadline=None, suppress_health_check=list(HealthCheck))
SLOWER = settings(max_examples=60, deadline=None, suppress_health_check=list(HealthCheck))
LIBRARY = sorted((ROOT / "form_library").glob("*.yaml")) + sorted(FIXTURE_FORMS.glob("*.yaml"))
REAL = [read_source(p).data for p in LIBRARY]
FORMS = load_library([FIXTURE_FORMS]).forms
PATHWAY = {
    "id": "fuzz",
    "version": 1,
    "title": "Fuzz",
    "purpose": "Fuzzing.",
    "owner": "Tests",
    "parameters": [{"id": "days", "default": 3, "unit": "working_days"}],
    "events": [{"id": "opened", "label": "Opened"}],
    "stages": [
        {
            "id": "referral",
            "title": "Referral",
            "form": "fx_referral",
            "due": {"from": {"event": "opened"}, "working_days": {"parameter": "days"}},
        },
        {
            "id": "visit",
            "title": "Visit",
            "form": "fx_visit",
            "prefill": [
                {"field": "child_name", "from": {"stage": "referral", "field": "child_name"}},
                {"field": "visit_date", "from": {"case": "case.opened_on"}},
            ],
        },
    ],
    "transitions": [
        {
            "id": "go",
            "from": "referral",
            "to": "visit",
            "when": {"==": [{"var": "referral.decision"}, "assess"]},
        }
    ],
    "triggers": [{"id": "start", "on": {"case_opened": True}, "start": "referral"}],
}


def must_not_crash(fn, *args):
    start = time.perf_counter()
    try:
        result = fn(*args)
    except DefinitionError as exc:
        assert exc.problems
        for p in exc.problems:
            assert p.code != "CV100", str(p)  # CV100 means a check itself crashed
        result = None
    # Generous: it catches a runaway input, not a slow machine.
    assert time.perf_counter() - start < 30
    return result


json_values = st.recursive(
    st.none()
    | st.booleans()
    | st.integers(-(10**6), 10**6)
    | st.floats(allow_nan=False, allow_infinity=False)
    | st.text(max_size=20)
    | st.sampled_from(["text", "yes_no", "sections", "id", "fields"]),
    lambda kids: (
        st.lists(kids, max_size=5)
        | st.dictionaries(
            st.sampled_from(
                [
                    "id",
                    "type",
                    "label",
                    "fields",
                    "sections",
                    "options",
                    "show_if",
                    "var",
                    "==",
                    "version",
                    "title",
                    "x",
                ]
            )
            | st.text(max_size=8),
            kids,
            max_size=5,
        )
    ),
    max_leaves=30,
)


@FAST
@given(st.text(max_size=600))
def test_random_text(text):
    must_not_crash(form_from_text, text)


@FAST
@given(json_values)
def test_random_yamlish_structures(value):
    must_not_crash(form_from_text, yaml.safe_dump(value, allow_unicode=True))
    if isinstance(value, dict):
        must_not_crash(form_from_mapping, value)


def paths_of(node, at=()):
    yield at
    if isinstance(node, dict):
        for k, v in node.items():
            yield from paths_of(v, (*at, k))
    elif isinstance(node, list):
        for i, v in enumerate(node):
            yield from paths_of(v, (*at, i))


def get(node, path):
    for p in path:
        node = node[p]
    return node


@st.composite
def mutated(draw, base):
    data = copy.deepcopy(draw(st.sampled_from(base)))
    for _ in range(draw(st.integers(1, 3))):
        paths = [p for p in paths_of(data) if p]
        if not paths:
            break
        path = draw(st.sampled_from(paths))
        parent, last = get(data, path[:-1]), path[-1]
        action = draw(st.sampled_from(["delete", "swap", "rename_id", "duplicate"]))
        if action == "delete":
            del parent[last]
        elif action == "swap":
            parent[last] = draw(json_values)
        elif action == "rename_id":
            ids = [p for p in paths if p[-1] == "id"]
            if ids:
                target = draw(st.sampled_from(ids))
                get(data, target[:-1])["id"] = draw(
                    st.sampled_from(["data", "Bad Id", "x", "class", "child_name", "today", ""])
                )
        elif action == "duplicate" and isinstance(parent, list):
            parent.append(copy.deepcopy(parent[last]))
    return data


@SLOWER
@given(mutated(REAL))
def test_mutated_library_forms(data):
    result = must_not_crash(form_from_mapping, data)
    assert result is None or isinstance(result, Form)
    must_not_crash(form_from_text, yaml.safe_dump(data, allow_unicode=True, sort_keys=False))


@FAST
@given(mutated([PATHWAY]))
def test_mutated_pathways(data):
    must_not_crash(pathway_from_mapping, data, FORMS)


TEXTS = [p.read_text(encoding="utf-8") for p in LIBRARY]
INSERTS = [
    "!!python/object/apply:os.system ['true'] ",
    "&anchor ",
    "*anchor ",
    "!!binary ",
    "!custom ",
    "<<: *anchor\n",
    "[",
    "{",
    "\t",
    "? ",
    "--- ",
    "%YAML 1.1\n",
]


@SLOWER
@given(st.sampled_from(TEXTS), st.integers(0, 10**9), st.sampled_from(INSERTS))
def test_text_insertions_into_library_files(text, where, insert):
    pos = where % (len(text) + 1)
    must_not_crash(form_from_text, text[:pos] + insert + text[pos:])


def test_unmutated_library_forms_load():
    # the mutation tests are only meaningful if the originals are valid
    assert REAL
    for data in REAL:
        assert isinstance(form_from_mapping(copy.deepcopy(data)), Form)
    assert pathway_from_mapping(copy.deepcopy(PATHWAY), FORMS).stages_by_id["visit"]


PATHWAY_TEXTS = [p.read_text(encoding="utf-8") for p in sorted((ROOT / "pathways").glob("*.yaml"))]


def _pathway_from_text(text):
    from renderer.definitions.loader import pathway_problems
    from renderer.definitions.yaml_source import parse_yaml

    return pathway_problems(parse_yaml(text, "fuzz.yaml"), SHIPPED_FORMS, None)


SHIPPED_FORMS = load_library(sorted((ROOT / "form_library").glob("*.yaml"))).forms


@SLOWER
@given(
    st.sampled_from(PATHWAY_TEXTS or ["id: x\n"]),
    st.integers(0, 10**9),
    st.sampled_from(INSERTS + ["stage_completed: ", "parameter: ", "- "]),
)
def test_text_insertions_into_shipped_pathways(text, where, insert):
    pos = where % (len(text) + 1)
    problems = must_not_crash(_pathway_from_text, text[:pos] + insert + text[pos:])
    assert all(p.code != "CV100" for p in problems or [])
