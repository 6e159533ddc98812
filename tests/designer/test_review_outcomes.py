"""Review that can say no: each transition of a draft, and who may make it.

Dee (designer) starts drafts; Mo (team manager) and Ray (a second designer) review.
Every step goes through the pages a person would use.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from sqlalchemy import select

from casework.extensions import db
from casework.models import AuditEvent
from casework.models.designer import DesignDraft
from tests.casework.conftest import sign_out
from tests.designer.conftest import post

FORM = "strategy_discussion"
ASKED = "Say who chairs the discussion, and when the family hears the outcome."
REASON = "The statutory guidance asks for this wording; we keep the current version."


@pytest.fixture
def ray(synced):
    """A second designer, so designers can review each other's drafts too."""
    from casework.accounts import service as accounts
    from casework.demo import DEMO_PASSWORD

    with synced.app_context():
        accounts.create_user(
            "ray", password=DEMO_PASSWORD, role="designer", team="Design", full_name="Ray Okafor"
        )
        db.session.commit()
    return "ray"


def as_(client, sign_in, username: str) -> None:
    sign_out(client)
    sign_in(username)


def start_and_propose(client, rationale: str = "Shorter questions for the family") -> str:
    """Dee's draft of the strategy discussion, proposed; its review page's URL."""
    response = post(client, f"/designer/forms/{FORM}/draft")
    assert response.status_code == 302
    draft_id = int(response.headers["Location"].rstrip("/").split("/")[-1])
    review = f"/designer/drafts/{draft_id}/review"
    response = post(client, f"{review}/propose", {"rationale": rationale}, page=review)
    assert response.status_code == 302, response.get_data(as_text=True)[-2000:]
    return review


def act(client, review: str, action: str, data: dict | None = None):
    return post(client, f"{review}/{action}", data or {}, page=review)


def status_of(app, review: str) -> str:
    draft_id = int(review.split("/")[3])
    with app.app_context():
        return db.session.get(DesignDraft, draft_id).status


def actions(app) -> list[str]:
    with app.app_context():
        return list(
            db.session.scalars(
                select(AuditEvent.action)
                .where(AuditEvent.record_type == "design_draft")
                .order_by(AuditEvent.id)
            )
        )


def test_changes_asked_for_go_back_to_the_author_who_resubmits(
    app, client, synced, sign_in, library_root
):
    sign_in("dee")
    review = start_and_propose(client)
    # The author cannot send their own draft back, nor reject it.
    assert act(client, review, "changes", {"changes": "Mine"}).status_code == 400
    assert act(client, review, "reject", {"reason": "Mine"}).status_code == 400

    as_(client, sign_in, "mo")
    empty = act(client, review, "changes", {"changes": "  "})
    assert empty.status_code == 400 and "Enter what should change" in empty.get_data(as_text=True)
    assert act(client, review, "changes", {"changes": ASKED}).status_code == 302
    assert status_of(app, review) == "returned"
    # Approving a draft sent back is refused: it waits for its author.
    assert act(client, review, "view", {"view": "Nearly."}).status_code == 400
    assert act(client, review, "approve").status_code == 400

    as_(client, sign_in, "dee")
    page = client.get(review).get_data(as_text=True)
    assert "Changes asked for" in page and ASKED in page
    assert "Send it for approval again" in page
    library = client.get("/designer/").get_data(as_text=True)
    assert "Changes requested" in library
    # Every page of the draft says what was asked, not only the review page.
    questions = client.get(review.replace("/review", "")).get_data(as_text=True)
    assert "Changes were asked for" in questions and ASKED in questions
    rationale = "Shorter questions, and the chair named"
    assert act(client, review, "propose", {"rationale": rationale}).status_code == 302
    assert status_of(app, review) == "proposed"
    page = client.get(review).get_data(as_text=True)
    assert "Changes asked for earlier" in page and ASKED in page  # the comments are kept
    assert act(client, review, "view", {"view": "Done as asked."}).status_code == 302

    as_(client, sign_in, "mo")
    assert act(client, review, "view", {"view": "Now it says who chairs."}).status_code == 302
    assert act(client, review, "approve").status_code == 302
    as_(client, sign_in, "dee")
    response = post(client, review.replace("/review", "/publish"), page=review)
    assert response.status_code == 302, response.get_data(as_text=True)[-2000:]
    assert status_of(app, review) == "published"
    assert actions(app) == [
        "design_draft_started",
        "design_proposed",
        "design_changes_requested",
        "design_resubmitted",
        "design_approved",
        "design_published",
    ]
    logs = sorted((Path(library_root) / "change_log" / FORM).glob("*.yaml"))
    text = logs[-1].read_text()
    assert "Now it says who chairs." in text and "Done as asked." in text


def test_a_rejected_draft_is_closed_kept_and_never_published(app, client, synced, sign_in):
    sign_in("dee")
    review = start_and_propose(client)
    as_(client, sign_in, "mo")
    assert act(client, review, "view", {"view": "Fine by me."}).status_code == 302
    assert act(client, review, "approve").status_code == 302
    no_reason = act(client, review, "reject", {"reason": ""})
    assert no_reason.status_code == 400
    assert "Enter why you are rejecting the change" in no_reason.get_data(as_text=True)
    # Even an approved draft can still be rejected before it is published.
    assert act(client, review, "reject", {"reason": REASON}).status_code == 302
    assert status_of(app, review) == "rejected"
    assert act(client, review, "approve").status_code == 400

    as_(client, sign_in, "dee")
    page = client.get(review).get_data(as_text=True)
    assert "Rejected" in page and REASON in page and "Mo Hassan rejected this draft" in page
    assert "Publish version" not in page
    refused = post(client, review.replace("/review", "/publish"), page=review)
    assert refused.status_code == 400
    assert "needs an approval" in refused.get_data(as_text=True)
    # Nothing can be edited into it any more, and it is not the form's open draft.
    structure = review.replace("/review", "")
    edit = post(
        client, f"{structure}/sections", {"title": "More"}, page=structure, follow_redirects=True
    )
    assert "This draft is rejected, so it cannot change" in edit.get_data(as_text=True)
    with app.app_context():
        draft = db.session.get(DesignDraft, int(review.split("/")[3]))
        assert "More" not in [s["title"] for s in draft.document["sections"]]
    library = client.get("/designer/").get_data(as_text=True)
    assert "Rejected" in library and "Why" in library
    assert 'Redesign<span class="govuk-visually-hidden"> Strategy discussion' in library
    assert actions(app)[-1] == "design_rejected"
    with app.app_context():
        event = db.session.scalar(select(AuditEvent).where(AuditEvent.action == "design_rejected"))
        assert event.detail["reason"] == REASON and event.username == "mo"


def test_only_the_author_withdraws_and_a_withdrawn_draft_cannot_be_approved(
    app, client, synced, sign_in, ray
):
    sign_in("dee")
    review = start_and_propose(client)
    as_(client, sign_in, "mo")
    assert act(client, review, "view", {"view": "Good."}).status_code == 302
    assert act(client, review, "withdraw").status_code == 403  # managers do not withdraw
    as_(client, sign_in, ray)
    refused = act(client, review, "withdraw")
    assert refused.status_code == 400
    assert "Only Dee Marsh, who started it, can withdraw it" in refused.get_data(as_text=True)

    as_(client, sign_in, "dee")
    assert act(client, review, "withdraw").status_code == 302
    assert status_of(app, review) == "draft"
    as_(client, sign_in, "mo")
    assert act(client, review, "approve").status_code == 400
    assert status_of(app, review) == "draft"
    # A second designer may approve once it is proposed again (never the author).
    as_(client, sign_in, "dee")
    assert act(client, review, "propose", {"rationale": "Again"}).status_code == 302
    as_(client, sign_in, ray)
    assert act(client, review, "view", {"view": "Yes."}).status_code == 302
    assert act(client, review, "approve").status_code == 302
    assert status_of(app, review) == "approved"
    assert "design_withdrawn" in actions(app)


def test_a_discarded_draft_is_gone_from_the_library_but_on_the_record(
    app, client, synced, sign_in, ray
):
    sign_in("dee")
    review = start_and_propose(client)
    discard = review.replace("/review", "/discard")
    as_(client, sign_in, ray)
    assert client.get(discard).status_code == 200
    refused = post(client, discard, page=discard)
    assert refused.status_code == 400 and "Only Dee Marsh" in refused.get_data(as_text=True)

    as_(client, sign_in, "dee")
    page = client.get(discard).get_data(as_text=True)
    assert "Discarding cannot be undone" in page and "Yes, discard it" in page
    response = post(client, discard, page=discard)
    assert response.status_code == 302
    for url in (review, review.replace("/review", ""), discard):
        assert client.get(url).status_code == 404, url
    library = client.get("/designer/").get_data(as_text=True)
    assert "Waiting for approval</strong>" not in library
    assert status_of(app, review) == "discarded"  # the row is kept
    assert actions(app)[-1] == "design_discarded"
    # The form can be redesigned again from a fresh draft.
    again = post(client, f"/designer/forms/{FORM}/draft")
    assert again.status_code == 302 and again.headers["Location"] != review.replace("/review", "")


def test_the_queue_and_the_library_show_what_waits_for_approval(app, client, synced, sign_in):
    sign_in("dee")
    review = start_and_propose(client)
    library = client.get("/designer/").get_data(as_text=True)
    assert "Waiting for approval</strong>" in library  # the tag beside the form
    assert "0 waiting for your approval" in library and "1 of yours waiting" in library
    queue = client.get("/designer/waiting").get_data(as_text=True)
    assert "Nothing is waiting for your approval" in queue
    assert "Yours, waiting for someone else to approve (1)" in queue

    as_(client, sign_in, "mo")
    home = client.get("/").get_data(as_text=True)
    assert "Waiting for approval</a>: 1 design or import from other people" in home
    queue = client.get("/designer/waiting").get_data(as_text=True)
    assert "Waiting for your approval (1)" in queue
    assert f'href="{review}"' in queue and "Dee Marsh" in queue
    assert act(client, review, "view", {"view": "Good."}).status_code == 302
    assert act(client, review, "approve").status_code == 302
    queue = client.get("/designer/waiting").get_data(as_text=True)
    assert "Nothing is waiting for your approval" in queue
    assert "Approved, not yet published (1)" in queue
