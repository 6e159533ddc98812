"""Every shipped definition passes the schema and the whole loader."""

from pathlib import Path

import pytest

from renderer.definitions import load_form, load_library, load_pathway
from renderer.definitions.schema_check import validator
from renderer.definitions.yaml_source import read_source

from .conftest import ROOT

FORMS = sorted((ROOT / "form_library").glob("*.yaml"))
PATHWAYS = sorted((ROOT / "pathways").glob("*.yaml"))


@pytest.fixture(scope="module")
def shipped_forms():
    return {p.stem: load_form(p) for p in FORMS}


def test_load_pathway_finds_its_forms_beside_it():
    if PATHWAYS:
        assert load_pathway(PATHWAYS[0]).stages


def _name(p: Path) -> str:
    return p.name


def test_library_folders_are_not_empty():
    # guards the parametrised tests below from passing vacuously
    assert FORMS, "form_library/ has no *.yaml files"
    assert PATHWAYS, "pathways/ has no *.yaml files"


@pytest.mark.parametrize("path", FORMS, ids=_name)
def test_shipped_form_passes_schema_and_loader(path):
    data = read_source(path).data
    errors = [e.message for e in validator("form").iter_errors(data)]
    assert errors == []
    form = load_form(path)
    assert form.id == path.stem
    assert form.fields_by_id


@pytest.mark.parametrize("path", PATHWAYS, ids=_name)
def test_shipped_pathway_passes_schema_and_loader(path, shipped_forms):
    data = read_source(path).data
    errors = [e.message for e in validator("pathway").iter_errors(data)]
    assert errors == []
    pathway = load_pathway(path, forms=shipped_forms)
    assert pathway.id == path.stem
    assert pathway.stages


def test_whole_library_loads_without_errors():
    result = load_library(ROOT)
    assert [str(p) for p in result.errors] == []
    assert len(result.forms) == len(FORMS)
    assert len(result.pathways) == len(PATHWAYS)
