"""The pathway page (diagram that reads without colour) and the duplication finder page."""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET

import yaml

from designer.editor.pathways import diagram
from tests.designer.conftest import ROOT

SVG = "{http://www.w3.org/2000/svg}"


def test_the_diagram_names_every_stage_and_numbers_every_transition_in_words():
    pathway = yaml.safe_load((ROOT / "pathways" / "child_protection.yaml").read_text())
    tree = ET.fromstring(str(diagram.svg(pathway)))
    texts = [t.text for t in tree.iter(f"{SVG}text")]
    for n, stage in enumerate(pathway["stages"], start=1):
        assert f"{n}. {stage['title']}" in texts
    numbers = {t for t in texts if re.fullmatch(r"\(\d+\)", t)}
    assert numbers == {f"({n})" for n in range(1, len(pathway["transitions"]) + 1)}
    # Nothing is told by colour alone: only black strokes, conditions are dashed.
    strokes = {e.get("stroke") for e in tree.iter() if e.get("stroke")}
    assert strokes == {"#0b0c0c"}
    conditional = sum(1 for t in pathway["transitions"] if "when" in t)
    dashed = [e for e in tree.iter() if e.get("stroke-dasharray")]
    assert len(dashed) == conditional


def test_diagram_text_is_escaped():
    hostile = {
        "title": "<script>x</script>",
        "stages": [{"id": "a", "title": "<b>A</b>", "activity": "&"}],
    }
    text = str(diagram.svg(hostile))
    assert "<script>" not in text and "&lt;b&gt;A&lt;/b&gt;" in text
    ET.fromstring(text)  # still well-formed


def test_the_pathway_page_and_duplicates_page(client, synced, sign_in):
    sign_in("mo")
    page = client.get("/designer/pathways/child_protection").get_data(as_text=True)
    assert "<svg" in page and "Strategy discussion" in page and "Due " in page
    duplicates = client.get("/designer/pathways/child_protection/duplicates")
    body = duplicates.get_data(as_text=True)
    assert (
        duplicates.status_code == 200 and "Asked again" in body and "Suggestion: pre-fill" in body
    )
    assert client.get("/designer/pathways/nope").status_code == 404
