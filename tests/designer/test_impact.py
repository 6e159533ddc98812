"""Impact that is true: the cases a pathway draft leaves on their version, with their
deadlines, and what a removed question was used for."""

from __future__ import annotations

from datetime import date, timedelta

import yaml

from casework.accounts import service as accounts
from casework.cases import service as cases
from casework.extensions import db
from casework.models import Case
from casework.models.records import StageInstance
from designer.editor import service
from designer.editor.forms import question_uses
from designer.editor.review import impact_service
from tests.designer.conftest import ROOT


def _open_cases(n: int, pathway_id: str = "early_help") -> None:
    pat = accounts.find("pat")
    for i in range(n):
        cases.open_case(
            pat,
            pathway_id=pathway_id,
            child=cases.NewChild("Ada", f"Tester{i}", None),
            referral_received=date.today() - timedelta(days=i),
        )


def _lengthen_family_plan(draft) -> None:
    dee = accounts.find("dee")
    setting = next(p for p in draft.document["parameters"] if p["id"] == "family_plan_working_days")
    service.edit(
        dee,
        draft,
        {
            "op": "replace_parameter",
            "id": setting["id"],
            "parameter": dict(setting, default=15),
        },
        base_revision=draft.revision,
    )


def test_a_pathway_draft_counts_the_open_cases_that_keep_their_version_and_deadlines(
    synced, sign_in, client
):
    with synced.test_request_context():
        _open_cases(3)
        closed = db.session.scalars(db.select(Case)).first()
        closed.closed_on = date.today()
        db.session.commit()
        draft = service.start_pathway_draft(accounts.find("dee"), "early_help")
        _lengthen_family_plan(draft)
        draft_id = draft.id
    sign_in("dee")
    page = client.get(f"/designer/drafts/{draft_id}/review").get_data(as_text=True)
    text = " ".join(page.split())
    assert "3 cases are on earlier versions of this pathway, 2 of them open." in text
    assert "Open cases stay on the version they were opened on" in text
    assert "0 records in progress" not in text
    # No open case has finished the family plan, so both would get the new length.
    assert "This draft changes 1 timescale. 2 open cases have a changed stage" in text
    assert "Due 10 working days after finishing Early help assessment" in text
    assert "Due 15 working days after finishing Early help assessment" in text
    assert "Where the open cases are now" in text and "Early help assessment" in text


def test_the_open_cases_are_paged(synced, sign_in, client, monkeypatch):
    with synced.test_request_context():
        _open_cases(1)
        case = db.session.scalars(db.select(Case)).one()
        # The same case also at a later stage, so there are two rows to page through.
        db.session.add(
            StageInstance(case_id=case.id, stage_id="family_plan", started_on=date.today())
        )
        db.session.commit()
        draft_id = service.start_pathway_draft(accounts.find("dee"), "early_help").id
    monkeypatch.setattr(impact_service, "PER_PAGE", 1)
    sign_in("dee")
    first = " ".join(
        client.get(f"/designer/drafts/{draft_id}/impact").get_data(as_text=True).split()
    )
    assert "No timescale changes, so deadlines work out the same" in first
    assert "(page 1 of 2)" in first and "Early help assessment" in first
    assert f"/designer/drafts/{draft_id}/impact?page=2" in first
    second = client.get(f"/designer/drafts/{draft_id}/impact?page=2").get_data(as_text=True)
    assert "(page 2 of 2)" in second and "Family plan</td>" in second
    # A page that is not a number, or past the end, shows a page rather than failing.
    assert "(page 1 of 2)" in client.get(f"/designer/drafts/{draft_id}/impact?page=x").text
    assert "(page 2 of 2)" in client.get(f"/designer/drafts/{draft_id}/impact?page=9").text


def _strategy_discussion() -> dict:
    return yaml.safe_load((ROOT / "form_library" / "strategy_discussion.yaml").read_text())


def _pathways() -> list[dict]:
    return [yaml.safe_load(p.read_text()) for p in sorted((ROOT / "pathways").glob("*.yaml"))]


def test_a_question_s_uses_are_each_named():
    uses = question_uses.uses_of(_strategy_discussion(), "decision", _pathways())
    kinds = {u.kind for u in uses}
    assert {"required", "family", "rule", "flow"} <= kinds
    sentences = " ".join(u.sentence for u in uses)
    assert "‘Will the police investigate alongside us?’ is shown only depending" in sentences
    assert "‘Child protection’ decides a transition" in sentences
    census = question_uses.uses_of(
        yaml.safe_load((ROOT / "form_library" / "contact_referral.yaml").read_text()),
        "referral_source",
        _pathways(),
    )
    assert "It feeds the children in need census, so it cannot be deleted." in [
        u.sentence for u in census
    ]


def test_a_professional_only_guidance_free_question_is_not_in_the_family_document():
    form = {
        "id": "f",
        "sections": [
            {
                "id": "s",
                "fields": [
                    {"id": "a", "type": "text", "label": "A", "share_with_family": False},
                    {"id": "b", "type": "text", "label": "B"},
                ],
            }
        ],
    }
    assert question_uses.uses_of(form, "a", []) == []
    assert [u.kind for u in question_uses.uses_of(form, "b", [])] == ["family"]


def test_deleting_a_family_visible_rule_used_question_shows_each_use_first(synced, sign_in, client):
    with synced.test_request_context():
        draft_id = service.start_from_published(accounts.find("dee"), "strategy_discussion").id
    sign_in("dee")
    page = client.get(f"/designer/drafts/{draft_id}/fields/decision/delete")
    text = " ".join(page.get_data(as_text=True).split())
    assert "This question is used." in text
    for sentence in (
        "Practitioners must answer it: it is required.",
        "Its answer is in the family&#39;s document.",
        "‘Will the police investigate alongside us?’ is shown only depending on its answer.",
        "‘Child protection’ decides a transition",
    ):
        assert sentence in text


def test_a_draft_that_removes_a_family_question_says_the_family_output_changes(
    synced, sign_in, client
):
    with synced.test_request_context():
        dee = accounts.find("dee")
        draft = service.start_from_published(dee, "strategy_discussion")
        service.edit(
            dee, draft, {"op": "delete_field", "id": "decision"}, base_revision=draft.revision
        )
        draft_id = draft.id
    sign_in("dee")
    text = " ".join(
        client.get(f"/designer/drafts/{draft_id}/review").get_data(as_text=True).split()
    )
    assert "The family output does not change" not in text
    assert "Family output: ‘Decision’ is taken out of the family&#39;s document." in text
    assert "‘Decision’ was used:" in text
    assert "‘Child protection’ decides a transition" in text


def test_a_stage_nothing_leads_to_is_a_warning_in_words_and_no_shipped_pathway_has_one(
    synced, sign_in, client
):
    from designer.editor.checking import check_pathway

    with synced.test_request_context():
        forms = service.published_forms()
        for path in sorted((ROOT / "pathways").glob("*.yaml")):
            shipped = check_pathway(yaml.safe_load(path.read_text()), forms)
            assert not [w for w in shipped.warnings if w.problem.code == "CV912"], path.name
        dee = accounts.find("dee")
        draft = service.start_pathway_draft(dee, "early_help")
        stage = {"id": "home_visit_stage", "title": "Visit at home", "activity": "Visit the family"}
        service.edit(dee, draft, {"op": "add_stage", "stage": stage}, base_revision=draft.revision)
        draft_id = draft.id
    sign_in("dee")
    text = " ".join(
        client.get(f"/designer/drafts/{draft_id}/pathway").get_data(as_text=True).split()
    )
    assert "CV912 Nothing leads to stage ‘Visit at home’" in text
    assert "Either add a transition to it from an earlier stage" in text
