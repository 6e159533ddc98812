"""The duplication finder groups likely-same questions (wording, type and answers, with the
section for generic wording) and its two answers are remembered in the pathway."""

from __future__ import annotations

from pathlib import Path

import yaml

from casework.accounts import service as accounts
from designer.editor import service
from designer.editor.duplication import find_groups, generic, similarity
from tests.designer.conftest import post

ROOT = Path(__file__).resolve().parents[2]


def _form(form_id, *fields, section="About the child"):
    return {
        "id": form_id,
        "title": form_id.replace("_", " ").capitalize(),
        "sections": [
            {
                "id": "s",
                "title": section,
                "fields": [
                    {"id": i, "type": t, "label": label, **extra}
                    for i, t, label, *more in fields
                    for extra in [more[0] if more else {}]
                ],
            }
        ],
    }


CHOICE = {"options": [{"id": "yes", "label": "Yes"}, {"id": "no", "label": "No"}]}
OTHER_CHOICE = {"options": [{"id": "a", "label": "A"}, {"id": "b", "label": "B"}]}
REFERRAL = _form(
    "referral",
    ("child_dob", "date", "Child's date of birth"),
    ("worry", "long_text", "What are we worried about?"),
    ("police_involved", "single_choice", "Are the police involved?", CHOICE),
    ("why", "long_text", "Why we decided this"),
    ("plan_starts", "date", "Date the plan starts"),
)
ASSESSMENT = _form(
    "assessment",
    ("dob", "date", "Date of birth of the child"),  # same: reworded
    ("worries", "long_text", "What we are worried about"),  # same
    ("police", "single_choice", "Are the police involved?", OTHER_CHOICE),  # other answers
    ("why_again", "long_text", "Why we decided this"),  # generic, another section
    ("plan_ended", "date", "Date the plan ended"),  # most words shared, not the same
    section="The decision",
)
PLAN = _form(
    "plan",
    ("dob_again", "date", "Child's date of birth"),  # a third time: the same group
    ("police_again", "single_choice", "Were the police involved?", CHOICE),
)


def _pathway(*stage_forms, prefill=None):
    return {
        "stages": [
            {"id": f"stage_{f['id']}", "title": f["title"], "form": f["id"]}
            | ({"prefill": prefill[f["id"]]} if prefill and f["id"] in prefill else {})
            for f in stage_forms
        ]
    }


def _forms(*forms):
    return {f["id"]: f for f in forms}


def test_likely_same_questions_are_grouped_and_look_alikes_are_not():
    groups = find_groups(_pathway(REFERRAL, ASSESSMENT, PLAN), _forms(REFERRAL, ASSESSMENT, PLAN))
    found = {g.first.field_id: [m.question.field_id for m in g.members] for g in groups}
    assert found == {
        "child_dob": ["child_dob", "dob", "dob_again"],
        "worry": ["worry", "worries"],
        "police_involved": ["police_involved", "police_again"],
    }
    assert all(m.state in ("first", "open") for g in groups for m in g.members)


def test_generic_wording_counts_only_in_a_section_about_the_same_thing():
    assert generic("Why we decided this") and generic("Next steps")
    assert not generic("Child's date of birth")
    same_section = _form("later", ("why_later", "long_text", "Why we decided this"))
    groups = find_groups(_pathway(REFERRAL, same_section), _forms(REFERRAL, same_section))
    assert [g.first.field_id for g in groups] == ["why"]


def test_what_the_pathway_already_decided_is_settled():
    prefill = {
        "assessment": [
            {"field": "dob", "from": {"stage": "stage_referral", "field": "child_dob"}},
            {"field": "worries", "mode": "none", "note": "Asked afresh: things change."},
        ]
    }
    groups = find_groups(
        _pathway(REFERRAL, ASSESSMENT, prefill=prefill), _forms(REFERRAL, ASSESSMENT)
    )
    states = {m.question.field_id: (m.state, m.note) for g in groups for m in g.members}
    assert states["dob"] == ("carried", "")
    assert states["worries"] == ("not_same", "Asked afresh: things change.")
    assert not any(g.waiting for g in groups)


def test_similarity_ignores_case_punctuation_and_filler_words():
    assert similarity("What is the child's name?", "Child name") == 1.0
    assert similarity("Date of birth", "Next steps") is None
    assert similarity("Date of the first review", "Date of the next review") is None


def test_the_shipped_child_protection_pathway_is_summarised_not_listed_102_times():
    forms = {p.stem: yaml.safe_load(p.read_text()) for p in (ROOT / "form_library").glob("*.yaml")}
    pathway = yaml.safe_load((ROOT / "pathways" / "child_protection.yaml").read_text())
    groups = find_groups(pathway, forms)
    assert len(groups) < 50
    waiting = [g for g in groups if g.waiting]
    assert 0 < len(waiting) <= 5
    labels = {m.question.label for g in waiting for m in g.members}
    assert "Why we decided this" not in labels


def test_carry_forward_and_not_the_same_are_edits_to_the_pathway_draft(
    app, client, synced, sign_in
):
    sign_in("dee")
    url = "/designer/pathways/child_in_need/duplicates"
    page = client.get(url).get_data(as_text=True)
    assert "Where the family disagrees with us" in page and "Date of the first review" in page
    assert "Carry it forward" in page and "Not the same question" in page
    assert "/library/forms/child_and_family_assessment/specification" in page
    groups = find_groups(
        yaml.safe_load((ROOT / "pathways" / "child_in_need.yaml").read_text()),
        {p.stem: yaml.safe_load(p.read_text()) for p in (ROOT / "form_library").glob("*.yaml")},
    )
    carry, apart = [g.key for g in groups if g.waiting]
    # A reason is needed to say it is not the same question; nothing is changed without it.
    refused = post(client, f"{url}/{apart}", {"answer": "not_same"}, page=url)
    assert refused.status_code == 400 and "Say why it is not the same question" in refused.text
    assert post(client, f"{url}/{carry}", {"answer": "carry"}, page=url).status_code == 302
    reason = "The review date is the day it happened, not the day planned."
    done = post(
        client, f"{url}/{apart}", {"answer": "not_same", f"reason-{apart}": reason}, page=url
    )
    assert done.status_code == 302
    with app.test_request_context():
        draft = service.open_draft_for("child_in_need")
        prefills = [r for s in draft.document["stages"] for r in s.get("prefill") or []]
        assert any(
            r.get("mode") == "copy_once" and r.get("from", {}).get("stage") for r in prefills
        )
        assert any(r.get("mode") == "none" and reason in r.get("note", "") for r in prefills)
        assert service.check(draft).ok, "the pre-fills the finder wrote must load"
        assert accounts.find("dee").id == draft.created_by_id
    page = client.get(url).get_data(as_text=True)
    assert "No question waits for a decision in this pathway." in page
    assert reason in page  # remembered, with the reason, under "Already decided"


def test_a_team_manager_sees_the_finder_but_cannot_decide(client, synced, sign_in):
    sign_in("mo")
    url = "/designer/pathways/child_in_need/duplicates"
    page = client.get(url).get_data(as_text=True)
    assert "Carry it forward" not in page
    assert post(client, f"{url}/x/y", {"answer": "carry"}, page=url).status_code == 403
