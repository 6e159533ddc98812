"""Deleting a stage: what goes with it, what must change first, statutory stages."""

from __future__ import annotations

import copy

import pytest
import yaml
from sqlalchemy import select

from casework.extensions import db
from casework.models import User
from designer.editor import service
from designer.editor.forms.operations import OperationRefused
from designer.editor.pathways import operations as pathway_ops
from designer.editor.pathways import stage_removal
from tests.designer.conftest import ROOT, post


def _pathway() -> dict:
    return yaml.safe_load((ROOT / "pathways" / "child_protection.yaml").read_text())


def _forms() -> dict:
    return {
        path.stem: yaml.safe_load(path.read_text())
        for path in (ROOT / "form_library").glob("*.yaml")
    }


def test_a_stage_goes_with_its_transitions_and_triggers_and_the_input_is_unchanged():
    doc = _pathway()
    before = copy.deepcopy(doc)
    found = stage_removal.removal(doc, "child_protection_visit")
    assert [t["id"] for t in found.transitions] == ["conference_to_visits"]
    assert [t["id"] for t in found.triggers] == ["repeat_visit"]
    assert found.prefills == [] and found.blockers == []

    after = pathway_ops.apply(doc, {"op": "delete_stage", "id": "child_protection_visit"})
    assert doc == before  # operations are pure
    assert "child_protection_visit" not in [s["id"] for s in after["stages"]]
    assert "conference_to_visits" not in [t["id"] for t in after["transitions"]]
    assert "repeat_visit" not in [t["id"] for t in after["triggers"]]
    # Everything else is as it was.
    assert len(after["transitions"]) == len(before["transitions"]) - 1
    assert len(after["triggers"]) == len(before["triggers"]) - 1


def test_pre_fills_reading_the_stage_go_with_it():
    doc = _pathway()
    found = stage_removal.removal(doc, "first_core_group")
    assert {(stage["id"], rule["field"]) for stage, rule in found.prefills} == {
        ("core_group_review", "danger_statements"),
        ("core_group_review", "safety_goals"),
        ("core_group_review", "safety_plan"),
        ("core_group_review", "safety_network"),
    }
    after = pathway_ops.apply(doc, {"op": "delete_stage", "id": "first_core_group"})
    review = next(s for s in after["stages"] if s["id"] == "core_group_review")
    assert all((r.get("from") or {}).get("stage") != "first_core_group" for r in review["prefill"])
    assert any(r["field"] == "child_name" for r in review["prefill"])  # the rest stay


def test_a_timescale_counting_from_the_stage_must_change_first():
    doc = _pathway()
    found = stage_removal.removal(doc, "initial_child_protection_conference")
    blocked = {(b.kind, b.ident) for b in found.blockers}
    assert ("stage", "first_core_group") in blocked
    assert ("stage", "first_review_conference") in blocked
    with pytest.raises(OperationRefused, match="First core group meeting"):
        pathway_ops.apply(doc, {"op": "delete_stage", "id": "initial_child_protection_conference"})


def test_an_event_recorded_by_the_stage_must_change_first():
    doc = _pathway()
    found = stage_removal.removal(doc, "strategy_discussion")
    # Its answers record when the concern arose and when the discussion met.
    assert {(b.kind, b.ident) for b in found.blockers} == {
        ("event", "concern_of_significant_harm"),
        ("event", "strategy_discussion_held"),
    }
    with pytest.raises(OperationRefused, match="Concern of significant harm"):
        pathway_ops.apply(doc, {"op": "delete_stage", "id": "strategy_discussion"})


def test_a_condition_elsewhere_reading_its_answers_must_change_first():
    doc = _pathway()
    found = stage_removal.removal(doc, "first_review_conference")
    assert {(b.kind, b.ident) for b in found.blockers} == {
        ("trigger", "repeat_core_group"),
        ("trigger", "repeat_visit"),
    }
    # The trigger waiting for it to finish goes with it; it is not a blocker.
    assert "first_review_step_down" in [t["id"] for t in found.triggers]


def test_the_last_stage_cannot_go_and_an_unknown_stage_is_refused():
    doc = {"stages": [{"id": "only", "title": "Only", "activity": "x"}]}
    with pytest.raises(OperationRefused, match="at least one stage"):
        pathway_ops.apply(doc, {"op": "delete_stage", "id": "only"})
    with pytest.raises(OperationRefused, match="no stage"):
        pathway_ops.apply(doc, {"op": "delete_stage", "id": "nope"})


def test_statutory_stages_are_those_with_a_national_timescale_or_a_census_form():
    statutory = stage_removal.statutory_stages(_pathway(), _forms())
    assert "national" in statutory["child_and_family_assessment"]
    assert "children in need census" in statutory["section_47_enquiry"]  # no clock of its own
    for local in ("strategy_discussion", "core_group_review", "child_protection_visit"):
        assert local not in statutory
    after = pathway_ops.apply(_pathway(), {"op": "delete_stage", "id": "child_protection_visit"})
    assert stage_removal.locked_problems(after, statutory) == []
    gone = {"stages": [s for s in after["stages"] if s["id"] != "section_47_enquiry"]}
    assert "section_47_enquiry" in stage_removal.locked_problems(gone, statutory)[0]


# -- over HTTP ---------------------------------------------------------------------


def _draft(client) -> str:
    url = post(client, "/designer/pathways/child_protection/draft").headers["Location"]
    return url.rsplit("/", 1)[0]


def test_the_confirmation_page_says_what_goes_then_deletes(app, client, synced, sign_in):
    sign_in("dee")
    base = _draft(client)
    page_url = f"{base}/stages/child_protection_visit/delete"
    page = client.get(page_url).get_data(as_text=True)
    assert "These go with it" in page
    assert "From ‘Initial child protection conference’ to ‘Child protection visit’" in page
    assert "When ‘Child protection visit’ is finished" in page
    response = post(client, page_url, page=page_url)
    assert response.status_code == 302
    overview = client.get(f"{base}/pathway").get_data(as_text=True)
    assert 'id="stage-child_protection_visit"' not in overview
    assert "Deleted the stage" in overview
    with app.app_context():
        draft = service.get(int(base.rsplit("/", 1)[1]))
        assert "repeat_visit" not in [t["id"] for t in draft.document["triggers"]]
        assert service.history(draft)[0].summary.startswith("Deleted stage")


def test_a_blocked_or_statutory_stage_is_not_deleted(app, client, synced, sign_in):
    sign_in("dee")
    base = _draft(client)
    blocked = f"{base}/stages/strategy_discussion/delete"
    page = client.get(blocked).get_data(as_text=True)
    assert "Change these first" in page and "govuk-button--warning" not in page
    assert f"{base}/events/concern_of_significant_harm" in page
    assert post(client, blocked, page=blocked).status_code == 400

    statutory = f"{base}/stages/child_and_family_assessment/delete"
    page = client.get(statutory).get_data(as_text=True)
    assert "statutory stage" in page and "cannot be deleted" in page
    assert post(client, statutory, page=statutory).status_code == 400
    overview = client.get(f"{base}/pathway").get_data(as_text=True)
    assert 'id="stage-child_and_family_assessment"' in overview
    assert (
        'Delete<span class="govuk-visually-hidden"> stage Child and family assessment'
        not in overview
    )

    # Not by the YAML view either: the lock is checked on every edit.
    with app.app_context():
        draft = service.get(int(base.rsplit("/", 1)[1]))
        doc = copy.deepcopy(draft.document)
        doc["stages"] = [s for s in doc["stages"] if s["id"] != "section_47_enquiry"]
        user = db.session.scalar(select(User).where(User.username == "dee"))
        with pytest.raises(OperationRefused, match="section_47_enquiry"):
            service.edit(
                user,
                draft,
                {"op": "replace_document", "document": doc},
                base_revision=draft.revision,
            )


def test_unknown_stages_are_404(client, synced, sign_in):
    sign_in("dee")
    base = _draft(client)
    assert client.get(f"{base}/stages/nope/delete").status_code == 404
    assert client.get(f"{base}/stages/nope").status_code == 404
    assert client.get("/designer/drafts/99999/stages/x/delete").status_code == 404
