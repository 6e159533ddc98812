"""The pathway editor: a new form joins a pathway as a stage, pre-filled from another
form, with a transition and a timescale; reviewed and published like a form."""

from __future__ import annotations

from pathlib import Path

import yaml

from tests.casework.conftest import csrf_from
from tests.designer.building import build_form
from tests.designer.conftest import post


def _sign_out(client):
    client.post("/sign-out", data={"csrf_token": csrf_from(client.get("/").get_data(as_text=True))})


def _publish(client, sign_in, draft_url: str, rationale: str) -> None:
    review = draft_url.replace("/pathway", "/review").rstrip("/")
    if not review.endswith("/review"):
        review += "/review"
    assert (
        post(client, f"{review}/propose", {"rationale": rationale}, page=review).status_code == 302
    )
    _sign_out(client)
    sign_in("mo")
    post(client, f"{review}/view", {"view": "Agreed."}, page=review)
    assert post(client, f"{review}/approve", page=review).status_code == 302
    _sign_out(client)
    sign_in("dee")
    response = post(client, review.replace("/review", "/publish"), page=review)
    assert response.status_code == 302, response.get_data(as_text=True)[-2000:]


def test_a_new_form_joins_the_pathway_prefilled_from_another_form(app, client, synced, sign_in):
    sign_in("dee")
    form_draft = build_form(client)
    _publish(client, sign_in, f"/designer/drafts/{form_draft}/review", "A record of the meeting.")

    started = post(client, "/designer/pathways/child_protection/draft")
    url = started.headers["Location"]
    assert url.endswith("/pathway")
    draft_id = url.split("/")[-2]
    page = client.get(url).get_data(as_text=True)
    assert "<svg" in page and "No errors" in page

    added = post(
        client,
        f"/designer/drafts/{draft_id}/stages",
        {
            "form": "family_network_meeting",
            "title": "Family network meeting",
            "after": "strategy_discussion",
        },
        page=url,
    )
    assert added.status_code == 302
    stage_url = f"/designer/drafts/{draft_id}/stages/family_network_meeting"
    saved = post(
        client,
        stage_url,
        {
            "title": "Family network meeting",
            "weight": "2",
            "done_by": ["practitioner"],
            "amount": "5",
            "unit": "working_days",
            "start": "stage_completed:strategy_discussion",
            "prefill-0-field": "what_the_family_told_us",
            "prefill-0-from": "contact_referral:concern_description",
            "prefill-0-mode": "copy_once",
            "prefill-0-note": "The family's words from the referral, to build on.",
        },
        page=stage_url,
    )
    assert saved.status_code == 302, saved.get_data(as_text=True)[-3000:]
    post(
        client,
        f"/designer/drafts/{draft_id}/transitions",
        {
            "from": "strategy_discussion",
            "to": "family_network_meeting",
            "description": "When the family asks for a network meeting.",
        },
        page=url,
    )
    page = client.get(url).get_data(as_text=True)
    assert "No errors" in page, page[page.find("govuk-error-summary") :][:2000]
    assert "Family network meeting" in page and "When the family asks" in page

    _publish(client, sign_in, url, "The network meeting is part of child protection now.")
    root = Path(app.config["LIBRARY_PATH"])
    pathway = yaml.safe_load((root / "pathways" / "child_protection.yaml").read_text())
    shipped = Path(__file__).resolve().parents[2] / "pathways" / "child_protection.yaml"
    assert pathway["version"] == yaml.safe_load(shipped.read_text())["version"] + 1
    stage = next(s for s in pathway["stages"] if s["id"] == "family_network_meeting")
    assert stage["due"] == {"from": {"stage_completed": "strategy_discussion"}, "working_days": 5}
    assert stage["prefill"] == [
        {
            "field": "what_the_family_told_us",
            "from": {"stage": "contact_referral", "field": "concern_description"},
            "note": "The family's words from the referral, to build on.",
        }
    ]
    ids = [s["id"] for s in pathway["stages"]]
    assert ids.index("family_network_meeting") == ids.index("strategy_discussion") + 1
    changes = sorted((root / "change_log" / "child_protection").glob("*.yaml"))
    assert "part of child protection now" in changes[-1].read_text()


def test_an_invalid_prefill_is_shown_next_to_the_stage(client, synced, sign_in):
    sign_in("dee")
    url = post(client, "/designer/pathways/child_protection/draft").headers["Location"]
    draft_id = url.split("/")[-2]
    stage_url = f"/designer/drafts/{draft_id}/stages/strategy_discussion"
    page = client.get(stage_url).get_data(as_text=True)
    assert "Pre-fill 1: question in this stage" in page
    # A date filled from a yes/no question: the checker's CV506, pinned to the stage.
    post(
        client,
        stage_url,
        {
            "title": "Strategy discussion",
            "amount": "1",
            "unit": "working_days",
            "start": "event:concern_of_significant_harm",
            "prefill-0-field": "child_name",
            "prefill-0-from": "case:case.opened_on",
        },
        page=stage_url,
    )
    page = client.get(url).get_data(as_text=True)
    assert 'href="#stage-strategy_discussion"' in page and "CV5" in page


def test_every_page_of_a_pathway_draft_and_a_form_draft_renders(client, synced, sign_in):
    sign_in("dee")
    pathway_url = post(client, "/designer/pathways/child_protection/draft").headers["Location"]
    pathway_id = pathway_url.split("/")[-2]
    form_url = post(client, "/designer/forms/strategy_discussion/draft").headers["Location"]
    form_id = form_url.rstrip("/").split("/")[-1]
    pages = [
        "/designer/",
        pathway_url,
        f"/designer/drafts/{pathway_id}/stages/contact_referral",
        f"/designer/drafts/{pathway_id}/yaml",
        f"/designer/drafts/{pathway_id}/review",
        form_url,
        f"/designer/drafts/{form_id}/details",
        f"/designer/drafts/{form_id}/yaml",
        f"/designer/drafts/{form_id}/preview",
        f"/designer/drafts/{form_id}/preview?width=phone",
        f"/designer/drafts/{form_id}/review",
        f"/designer/drafts/{form_id}/fields/decision",
        "/designer/pathways/child_protection",
        "/designer/pathways/early_help/duplicates",
    ]
    for url in pages:
        response = client.get(url)
        assert response.status_code == 200, (url, response.status_code)
    assert client.get(f"/designer/drafts/{pathway_id}/preview").status_code == 302
