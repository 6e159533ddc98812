"""Activity stages (work that is not a form, such as a visit) added, edited and switched
with a form in the pathway editor, without YAML; what the editor writes always loads."""

from __future__ import annotations

import copy
import re
import xml.etree.ElementTree as ET

import pytest
import yaml
from werkzeug.datastructures import MultiDict

from designer.editor import checking, service
from designer.editor.forms.operations import OperationRefused
from designer.editor.pathways import diagram, stage_removal, stage_work
from designer.editor.pathways import operations as pathway_ops
from renderer.definitions import form_from_mapping
from tests.casework.conftest import sign_out
from tests.designer.conftest import ROOT, post
from tests.designer.page_forms import form_values

SVG = "{http://www.w3.org/2000/svg}"
VISIT = "Visit the child and see them on their own."


def _pathway(name: str = "child_protection") -> dict:
    return yaml.safe_load((ROOT / "pathways" / f"{name}.yaml").read_text())


def _form_docs() -> dict:
    return {p.stem: yaml.safe_load(p.read_text()) for p in (ROOT / "form_library").glob("*.yaml")}


def _loads(doc: dict) -> checking.CheckResult:
    forms = {ident: form_from_mapping(d) for ident, d in _form_docs().items()}
    return checking.check_pathway(doc, forms)


# -- the pure operations ---------------------------------------------------------------


def test_an_activity_stage_added_by_the_operation_loads():
    doc = _pathway()
    before = copy.deepcopy(doc)
    stage = {"id": "family_visit", "title": "Family visit", "activity": VISIT}
    after = pathway_ops.apply(
        doc, {"op": "add_stage", "after": "strategy_discussion", "stage": stage}
    )
    assert doc == before  # operations are pure
    ids = [s["id"] for s in after["stages"]]
    assert ids[ids.index("strategy_discussion") + 1] == "family_visit"
    result = _loads(after)
    assert result.ok, [p.problem.message for p in result.errors]


def test_the_page_inputs_become_a_form_or_an_activity():
    forms = {"strategy_discussion"}
    errors: dict = {}
    read = stage_work.from_form(
        MultiDict({"kind": "activity", "activity": "  Visit\r\n the child  "}), None, forms, errors
    )
    assert read == {"activity": "Visit the child"} and errors == {}
    read = stage_work.from_form(
        MultiDict({"kind": "form", "form": "strategy_discussion"}), None, forms, errors
    )
    assert read == {"form": "strategy_discussion"}
    # The stages page's short form posts no kind: a form is meant.
    assert stage_work.from_form(MultiDict({"form": "strategy_discussion"}), None, forms, {}) == {
        "form": "strategy_discussion"
    }
    for values, key in (
        ({"kind": "activity", "activity": "  "}, "activity"),
        ({"kind": "form", "form": "no_such_form"}, "form"),
        ({"kind": "spreadsheet"}, "kind"),
        ({"kind": "activity", "activity": "x" * (stage_work.MAX_TEXT + 1)}, "activity"),
    ):
        errors = {}
        assert stage_work.from_form(MultiDict(values), None, forms, errors) is None
        assert list(errors) == [key], values
    # A page that shows no choice (a stage that keeps its statutory form) keeps the work,
    # and an activity's wording only re-spaced is kept exactly as written.
    stage = {"id": "s", "form": "strategy_discussion"}
    assert stage_work.from_form(MultiDict({"title": "S"}), stage, forms, {}) == {
        "form": "strategy_discussion"
    }
    written = {"id": "v", "activity": "Visit the child,\non their own."}
    posted = MultiDict({"kind": "activity", "activity": "Visit the child,\r\non their own."})
    assert stage_work.from_form(posted, written, forms, {}) == {"activity": written["activity"]}


def test_a_stage_whose_answers_are_read_cannot_silently_become_an_activity():
    doc = _pathway()
    before = copy.deepcopy(doc)
    with pytest.raises(OperationRefused) as refused:
        pathway_ops.apply(
            doc, {"op": "set_stage_work", "id": "strategy_discussion", "work": {"activity": VISIT}}
        )
    message = str(refused.value)
    # Each thing that reads its answers is named: its own pre-fills, a later stage that
    # copies from it, and the transitions whose conditions read it.
    assert "‘Strategy discussion’ pre-fills" in message
    assert (
        "‘Child protection enquiry (section 47)’ copies answers from ‘Strategy discussion’"
        in message
    )
    assert "transition ‘strategy_to_enquiry’" in message
    assert doc == before
    found = stage_work.blockers(doc, "section_47_enquiry", {"activity": VISIT})
    assert ("trigger", "enquiry_child_in_need") in {(b.kind, b.ident) for b in found}
    # Another form reads differently, so it is refused the same way; the same form is not
    # a change at all.
    assert stage_work.blockers(doc, "strategy_discussion", {"form": "cin_review"})
    assert stage_work.blockers(doc, "strategy_discussion", {"form": "strategy_discussion"}) == []


def test_a_stage_nothing_reads_switches_both_ways_and_still_loads():
    doc = _pathway()
    visit = next(s for s in doc["stages"] if s["id"] == "child_protection_visit")
    assert [b.kind for b in stage_work.readers(doc, "child_protection_visit")] == ["prefill"]
    doc = pathway_ops.apply(doc, {"op": "set_prefill", "id": visit["id"], "prefill": []})
    as_activity = pathway_ops.apply(
        doc, {"op": "set_stage_work", "id": visit["id"], "work": {"activity": VISIT}}
    )
    stage = next(s for s in as_activity["stages"] if s["id"] == visit["id"])
    assert stage["activity"] == VISIT and "form" not in stage
    assert _loads(as_activity).ok
    # An activity has no answers to read, so it can always become a form again.
    back = pathway_ops.apply(
        as_activity, {"op": "set_stage_work", "id": visit["id"], "work": {"form": visit["form"]}}
    )
    assert back == doc
    with pytest.raises(OperationRefused, match="either a form or an activity"):
        pathway_ops.apply(
            doc,
            {"op": "set_stage_work", "id": visit["id"], "work": {"form": "x", "activity": "y"}},
        )
    with pytest.raises(OperationRefused, match="no stage"):
        pathway_ops.apply(doc, {"op": "set_stage_work", "id": "nope", "work": {"activity": "y"}})
    summary = pathway_ops.summary({"op": "set_stage_work", "id": "v", "work": {"activity": "Go"}})
    assert summary == "Stage 'v' is an activity: Go"


def test_a_stage_whose_form_feeds_a_statutory_return_keeps_it():
    doc, forms = _pathway("child_in_need"), _form_docs()
    kept = stage_removal.statutory_forms(doc, forms)
    assert kept["cin_plan"] == "cin_plan" and "cin_visit" not in kept
    changed = copy.deepcopy(doc)
    stage = next(s for s in changed["stages"] if s["id"] == "cin_plan")
    del stage["form"]
    stage["activity"] = "Plan with the family."
    problems = stage_removal.locked_problems(changed, {}, kept)
    assert problems == [
        "The stage 'cin_plan' keeps its form 'cin_plan': the form has questions that feed a "
        "statutory return."
    ]
    assert stage_removal.locked_problems(doc, {}, kept) == []


def test_an_activity_reads_as_one_in_the_diagram_without_colour():
    doc = _pathway("child_in_need")
    tree = ET.fromstring(str(diagram.svg(doc, {"cin_plan": "Child in need plan"})))
    texts = [t.text or "" for t in tree.iter(f"{SVG}text")]
    assert any(t.startswith("Activity (no form): Visit the child") for t in texts)
    assert "Form: Child in need plan · weight 2" in texts  # the form's title, never its id
    boxes = {r.get("data-kind"): r.get("rx") for r in tree.iter(f"{SVG}rect")}
    assert boxes["activity"] != boxes["form"]  # a second cue besides the words
    assert {e.get("stroke") for e in tree.iter() if e.get("stroke")} == {"#0b0c0c"}
    # A long activity is cut short in its box (the stage list has it whole), and escaped.
    long = {"title": "T", "stages": [{"id": "a", "title": "A", "activity": "<b>" + "x" * 200}]}
    text = str(diagram.svg(long))
    ET.fromstring(text)
    assert "&lt;b&gt;" in text and "x" * 100 not in text and "…" in text


# -- the pages -------------------------------------------------------------------------


def _change(values: MultiDict, changes: dict) -> None:
    """Type into the page's inputs: each replaces what the input held."""
    for key, value in changes.items():
        values[key] = value


def _draft(client, pathway: str = "child_protection") -> str:
    url = post(client, f"/designer/pathways/{pathway}/draft").headers["Location"]
    return url.rsplit("/", 1)[0]


def _document(app, base: str) -> dict:
    with app.app_context():
        return service.get(int(base.rsplit("/", 1)[1])).document


def _stage(app, base: str, stage_id: str) -> dict:
    return next(s for s in _document(app, base)["stages"] if s["id"] == stage_id)


def test_a_working_group_adds_an_activity_stage(app, client, synced, sign_in):
    sign_in("dee")
    base = _draft(client)
    overview = client.get(f"{base}/pathway").get_data(as_text=True)
    assert "Add an activity: a stage with no form" in overview
    page = client.get(f"{base}/stages?kind=activity")
    html = page.get_data(as_text=True)
    assert page.status_code == 200
    assert re.search(r'id="kind-activity"[^>]*value="activity" checked', html)
    values = form_values(html)
    _change(values, {"title": "Home visit", "activity": VISIT, "after": "strategy_discussion"})
    saved = client.post(f"{base}/stages", data=values)
    assert saved.status_code == 302 and saved.headers["Location"].endswith("#stage-home_visit")
    stage = _stage(app, base, "home_visit")
    assert stage == {"id": "home_visit", "title": "Home visit", "activity": VISIT}
    overview = client.get(f"{base}/pathway").get_data(as_text=True)
    assert f"Activity (no form): {VISIT}" in overview and "No errors" in overview
    with app.app_context():
        draft = service.get(int(base.rsplit("/", 1)[1]))
        assert service.check(draft).ok


def test_adding_a_stage_with_mistakes_names_them_and_loses_nothing(app, client, synced, sign_in):
    sign_in("dee")
    base = _draft(client)
    before = _document(app, base)
    values = form_values(client.get(f"{base}/stages?kind=activity").get_data(as_text=True))
    _change(values, {"title": "Home <visit>", "activity": " ", "after": "no_such_stage"})
    response = client.post(f"{base}/stages", data=values)
    html = response.get_data(as_text=True)
    assert response.status_code == 400
    assert 'href="#activity"' in html and 'href="#after"' in html
    assert 'value="Home &lt;visit&gt;"' in html and "<visit>" not in html
    _change(values, {"kind": "form", "form": "no_such_form", "after": ""})
    html = client.post(f"{base}/stages", data=values).get_data(as_text=True)
    assert 'href="#form"' in html and "Choose the form recorded at this stage" in html
    # The stages page's short form: no title is shown on the page to add a stage.
    short = client.post(f"{base}/stages", data={"csrf_token": values["csrf_token"], "form": ""})
    assert short.status_code == 400 and 'href="#title"' in short.get_data(as_text=True)
    assert _document(app, base) == before
    assert client.get("/designer/drafts/99999/stages").status_code == 404
    assert client.get(f"{base}/stages/no_such_stage").status_code == 404


def test_an_activity_is_edited_and_becomes_a_form_again(app, client, synced, sign_in):
    sign_in("dee")
    base = _draft(client, "child_in_need")
    url = f"{base}/stages/cin_visit"
    html = client.get(url).get_data(as_text=True)
    assert "An activity has no form, so nothing is pre-filled" in html
    values = form_values(html)
    values["activity"] = "Visit the child at home and at school."
    assert client.post(url, data=values).status_code == 302
    assert _stage(app, base, "cin_visit")["activity"] == "Visit the child at home and at school."
    values = form_values(client.get(url).get_data(as_text=True))
    _change(values, {"kind": "form", "form": "statutory_visit_child_in_care"})
    assert client.post(url, data=values).status_code == 302
    stage = _stage(app, base, "cin_visit")
    assert stage["form"] == "statutory_visit_child_in_care" and "activity" not in stage
    # Now a form, its questions can be pre-filled.
    assert "Pre-fill 1: question in this stage" in client.get(url).get_data(as_text=True)


def test_switching_refuses_while_answers_are_read_and_says_what_reads_them(
    app, client, synced, sign_in
):
    sign_in("dee")
    base = _draft(client)
    url = f"{base}/stages/child_protection_visit"
    before = _document(app, base)
    values = form_values(client.get(url).get_data(as_text=True))
    _change(values, {"kind": "activity", "activity": VISIT})
    response = client.post(url, data=values)
    html = response.get_data(as_text=True)
    assert response.status_code == 200 and 'href="#kind"' in html
    assert "cannot become an activity yet" in html
    assert '#prefill">Change the pre-fills of ‘Child protection visit’' in html
    assert f"{VISIT}</textarea>" in html  # nothing typed is lost
    assert _document(app, base) == before
    # Clearing its pre-fills first, then switching, works.
    values = form_values(client.get(url).get_data(as_text=True))
    for key in list(values):
        if key.endswith("-field"):
            values[key] = ""
    assert client.post(url, data=values).status_code == 302
    values = form_values(client.get(url).get_data(as_text=True))
    _change(values, {"kind": "activity", "activity": VISIT})
    assert client.post(url, data=values).status_code == 302
    stage = _stage(app, base, "child_protection_visit")
    assert stage["activity"] == VISIT and "form" not in stage and "prefill" not in stage
    overview = client.get(f"{base}/pathway").get_data(as_text=True)
    assert "No errors" in overview


def test_other_stages_and_conditions_that_read_it_are_linked(app, client, synced, sign_in):
    sign_in("dee")
    base = _draft(client)
    url = f"{base}/stages/section_47_enquiry"
    # The enquiry's form feeds the census: the page offers no choice and says why...
    html = client.get(url).get_data(as_text=True)
    assert 'name="kind"' not in html and "The stage keeps it" in html
    values = form_values(html)
    assert client.post(url, data=values).status_code == 302  # untouched: fine
    # ...and a hand-made post cannot change it either.
    before = _document(app, base)
    _change(values, {"kind": "form", "form": "cin_review"})
    response = client.post(url, data=values)
    assert response.status_code == 200 and _document(app, base) == before
    # A stage that is not statutory lists each reader with a link to change it.
    url = f"{base}/stages/strategy_discussion"
    values = form_values(client.get(url).get_data(as_text=True))
    _change(values, {"kind": "activity", "activity": VISIT})
    html = client.post(url, data=values).get_data(as_text=True)
    assert "/transitions/strategy_to_enquiry" in html and "/stages/section_47_enquiry" in html
    assert _document(app, base) == before


def test_saving_untouched_stage_pages_with_an_activity_changes_nothing(
    app, client, synced, sign_in
):
    sign_in("dee")
    base = _draft(client, "child_in_need")
    before = _document(app, base)
    assert any("activity" in s for s in before["stages"])
    for stage in before["stages"]:
        url = f"{base}/stages/{stage['id']}"
        response = client.post(url, data=form_values(client.get(url).get_data(as_text=True)))
        assert response.status_code == 302, (stage["id"], response.get_data(as_text=True))
    assert _document(app, base) == before


def test_a_team_manager_may_not_add_or_change_stages(client, synced, sign_in):
    sign_in("dee")
    base = _draft(client)
    sign_out(client)
    sign_in("mo")
    assert client.get(f"{base}/stages?kind=activity").status_code == 403
    assert client.get(f"{base}/stages/child_protection_visit").status_code == 403
