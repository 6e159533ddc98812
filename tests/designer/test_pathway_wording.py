"""A pathway's details and its own wording (`labels`: the safety map's columns, the
scale's question...) edited without YAML, with plain-language warnings next to each."""

from __future__ import annotations

import copy

import pytest
import yaml
from werkzeug.datastructures import MultiDict

from designer.editor import checking, service
from designer.editor.pathways import operations as pathway_ops
from designer.editor.pathways import wording
from renderer.definitions import form_from_mapping
from tests.casework.conftest import sign_out
from tests.designer.conftest import ROOT, post
from tests.designer.page_forms import form_values

PATHWAYS = ("child_protection", "child_in_need", "children_in_care", "early_help")


def _pathway(name: str = "child_protection") -> dict:
    return yaml.safe_load((ROOT / "pathways" / f"{name}.yaml").read_text())


def _loads(doc: dict) -> checking.CheckResult:
    forms = {
        p.stem: form_from_mapping(yaml.safe_load(p.read_text()))
        for p in (ROOT / "form_library").glob("*.yaml")
    }
    return checking.check_pathway(doc, forms)


# -- the pure parts --------------------------------------------------------------------


def test_the_page_offers_the_written_wording_then_the_usual_keys():
    labels = {"worries": "What worries us?", "wellbeing": "How is the family doing?"}
    rows = wording.rows(labels)
    assert [r["key"] for r in rows] == [
        "worries",
        "wellbeing",
        "working_well",
        "needs_to_happen",
        "scale",
        "network",
    ]
    assert rows[0]["name"] == "Worries column" and rows[0]["value"] == "What worries us?"
    assert rows[1]["name"] == "Wellbeing" and rows[1]["hint"] is None  # a key of its own
    shown = wording.rows(labels, MultiDict({"label-worries": "typed"}))
    assert shown[0]["value"] == "typed"


def test_inputs_become_labels_and_an_untouched_page_changes_nothing():
    labels = _pathway()["labels"]
    posted = MultiDict({f"label-{k}": v for k, v in labels.items()})
    errors: dict = {}
    assert wording.from_form(posted, labels, errors) == labels and errors == {}
    assert list(wording.from_form(posted, labels, {})) == list(labels)  # the same order
    # Line endings and spaces around a written text do not count as a change.
    written = {"worries": "What are we\nworried about?\n"}
    posted = MultiDict({"label-worries": "What are we\r\nworried about?"})
    assert wording.from_form(posted, written, {}) == written
    # Emptied: the key goes (the standard wording is used); a new usual key is added;
    # a key the page never offered is ignored; one the page did not post is kept.
    posted = MultiDict(
        {"label-worries": " ", "label-scale": "How well is it going?", "label-sneaky": "x"}
    )
    assert wording.from_form(posted, {"worries": "W", "network": "N"}, {}) == {
        "network": "N",
        "scale": "How well is it going?",
    }
    errors = {}
    too_long = MultiDict({"label-worries": "x" * (wording.MAX_TEXT + 1)})
    wording.from_form(too_long, {}, errors)
    assert list(errors) == ["label-worries"] and "Worries column" in errors["label-worries"]


def test_set_labels_is_pure_and_what_it_writes_loads():
    doc = _pathway()
    before = copy.deepcopy(doc)
    labels = {"worries": "What worries us?", "scale": "How safe is the child now?"}
    after = pathway_ops.apply(doc, {"op": "set_labels", "labels": labels})
    assert doc == before and after["labels"] == labels
    assert _loads(after).ok
    none = pathway_ops.apply(doc, {"op": "set_labels", "labels": {}})
    assert "labels" not in none and _loads(none).ok
    assert pathway_ops.summary({"op": "set_labels"}) == "Changed the pathway's wording"


@pytest.mark.parametrize(
    ("text", "codes"),
    [
        ("What are we worried about?", []),
        ("What worries us about the section 47 enquiry?", ["CV902"]),
        ("What was agreed at the meeting?", ["CV908"]),
        ("x" * 160, ["CV904"]),
        (" ".join(["word"] * 30) + ".", ["CV907", "CV909"]),
    ],
)
def test_plain_language_warnings_for_each_wording(text, codes):
    found = wording.advice("worries", text)
    assert [p.problem.code for p in found] == codes
    assert all(not p.problem.is_error and p.problem.path == "labels.worries" for p in found)


def test_loader_problems_about_a_label_are_pinned_to_its_input():
    doc = _pathway()
    doc["labels"]["scale"] = ""
    doc["labels"]["Worries"] = "x"
    found = wording.problems(_loads(doc), doc["labels"])
    assert [p.problem.code for p in found["label-scale"]] == ["CV207"]
    assert [p.problem.code for p in found["labels"]] == ["CV301"]  # about the keys


# -- the page --------------------------------------------------------------------------


def _draft(client, pathway: str = "child_protection") -> str:
    url = post(client, f"/designer/pathways/{pathway}/draft").headers["Location"]
    return url.rsplit("/", 1)[0]


def _document(app, base: str) -> dict:
    with app.app_context():
        return service.get(int(base.rsplit("/", 1)[1])).document


def _change(values: MultiDict, changes: dict) -> None:
    for key, value in changes.items():
        values[key] = value


def test_saving_untouched_details_pages_changes_nothing(app, client, synced, sign_in):
    sign_in("dee")
    for pathway in PATHWAYS:
        base = _draft(client, pathway)
        before = _document(app, base)
        url = f"{base}/pathway/details"
        response = client.post(url, data=form_values(client.get(url).get_data(as_text=True)))
        assert response.status_code == 302, (pathway, response.get_data(as_text=True)[-3000:])
        assert _document(app, base) == before, pathway


def test_the_wording_is_edited_with_its_warnings_next_to_it(app, client, synced, sign_in):
    sign_in("dee")
    base = _draft(client, "early_help")
    url = f"{base}/pathway/details"
    page = client.get(url).get_data(as_text=True)
    assert "Details and wording" in page and 'id="label-worries"' in page
    values = form_values(page)
    _change(
        values,
        {
            "title": "Early help for families",
            "label-worries": "What worries us about the <TAF> meeting?",
            "label-working_well": "",
            "label-network": "The people around you",
        },
    )
    saved = client.post(url, data=values)
    assert saved.status_code == 302
    doc = _document(app, base)
    assert doc["title"] == "Early help for families"
    assert doc["labels"]["worries"] == "What worries us about the <TAF> meeting?"
    assert "working_well" not in doc["labels"]
    assert doc["labels"]["network"] == "The people around you"
    with app.app_context():
        draft = service.get(int(base.rsplit("/", 1)[1]))
        assert draft.title == "Early help for families" and service.check(draft).ok
    page = client.get(url).get_data(as_text=True)
    assert "Details and wording saved" in page
    assert "&lt;TAF&gt;" in page and "<TAF>" not in page
    # The jargon warning sits next to its input, not elsewhere.
    row = page[page.index('id="wording-worries"') : page.index('id="wording-needs_to_happen"')]
    assert "CV902" in row and "team around the family" in row
    assert page.count("CV902") == 1


def test_mistakes_are_named_and_nothing_typed_is_lost(app, client, synced, sign_in):
    sign_in("dee")
    base = _draft(client)
    before = _document(app, base)
    url = f"{base}/pathway/details"
    values = form_values(client.get(url).get_data(as_text=True))
    _change(values, {"title": " ", "owner": "", "label-scale": "How safe is Sam today?"})
    response = client.post(url, data=values)
    html = response.get_data(as_text=True)
    assert response.status_code == 400
    assert 'href="#title"' in html and 'href="#owner"' in html
    assert 'value="How safe is Sam today?"' in html
    assert _document(app, base) == before


def test_who_may_see_the_page_and_unknown_drafts(app, client, synced, sign_in):
    sign_in("dee")
    base = _draft(client)
    form_draft = post(client, "/designer/forms/strategy_discussion/draft").headers["Location"]
    form_id = form_draft.rstrip("/").rsplit("/", 1)[1]
    assert client.get(f"/designer/drafts/{form_id}/pathway/details").status_code == 404
    assert client.get("/designer/drafts/99999/pathway/details").status_code == 404
    # The form's details page sends a pathway draft to its own details page.
    moved = client.get(f"{base}/details")
    assert moved.status_code == 302 and moved.headers["Location"].endswith("/pathway/details")
    overview = client.get(f"{base}/pathway").get_data(as_text=True)
    assert "Details and wording" in overview
    sign_out(client)
    sign_in("mo")
    assert client.get(f"{base}/pathway/details").status_code == 403
    assert "Details and wording" not in client.get(f"{base}/pathway").get_data(as_text=True)
