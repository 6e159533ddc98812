"""A form built from nothing in the editor, previewed, reviewed and published."""

from __future__ import annotations

from pathlib import Path

import yaml
from sqlalchemy import select

from casework.extensions import db
from casework.models import AuditEvent, FormVersion
from designer.editor.forms.operations import FIELD_TYPES
from tests.casework.conftest import csrf_from
from tests.designer.building import build_form
from tests.designer.conftest import post


def _sign_out(client):
    client.post("/sign-out", data={"csrf_token": csrf_from(client.get("/").get_data(as_text=True))})


def test_every_field_type_a_condition_and_a_validation_make_a_valid_form(client, synced, sign_in):
    sign_in("dee")
    draft_id = build_form(client)
    page = client.get(f"/designer/drafts/{draft_id}").get_data(as_text=True)
    assert "No errors" in page, page[page.find("govuk-error-summary") :][:3000]
    text = client.get(f"/designer/drafts/{draft_id}/yaml").get_data(as_text=True)
    assert "Shown only when ‘Were the police there’ is ‘Yes’" in page
    doc = yaml.safe_load(
        text[text.index("id: family_network_meeting") : text.index("</textarea>")]
        .replace("&#39;", "'")
        .replace("&#34;", '"')
        .replace("&amp;", "&")
        .replace("&gt;", ">")
        .replace("&lt;", "<")
        .replace("&quot;", '"')
    )
    types = {f["type"] for s in doc["sections"] for f in s["fields"]}
    assert types == set(FIELD_TYPES)
    officer = next(
        f for s in doc["sections"] for f in s["fields"] if f["id"] == "police_officer_s_name"
    )
    assert officer["show_if"] == {"==": [{"var": "were_the_police_there"}, "yes"]}
    date = next(f for s in doc["sections"] for f in s["fields"] if f["type"] == "date")
    assert date["validations"] == [
        {
            "rule": {"<=": [{"var": "date_of_the_meeting"}, {"var": "today"}]},
            "message": "The meeting date must be today or earlier",
            "description": "The meeting has happened",
        }
    ]


def test_the_same_form_built_twice_serialises_identically(app, client, synced, sign_in):
    from designer.editor import service
    from renderer.definitions.serialise import dump_definition

    sign_in("dee")
    first = build_form(client, "Family network meeting")
    second = build_form(client, "Family network meeting")
    with app.app_context():
        one, two = service.get(first).document, service.get(second).document
        assert one["id"] != two["id"]  # the second could not take the first one's id
        texts = [dump_definition(dict(d, id="x"), "form") for d in (one, two)]
    assert texts[0] == texts[1]


def test_preview_renders_every_section_and_the_family_output(client, synced, sign_in):
    sign_in("dee")
    draft_id = build_form(client)
    page = client.get(f"/designer/drafts/{draft_id}/preview?width=phone").get_data(as_text=True)
    assert "convivial-preview--phone" in page
    assert 'name="were_the_police_there"' in page and 'data-field="police_officer_s_name"' in page
    assert "What we agreed at the family network meeting" in page  # the family output
    tried = post(
        client,
        f"/designer/drafts/{draft_id}/preview",
        {"how_many_people_came": "400"},
        page=f"/designer/drafts/{draft_id}/preview",
    )
    assert "must be between 1 and 40" in tried.get_data(as_text=True)


def test_review_write_first_approve_by_another_then_publish(app, client, synced, sign_in):
    sign_in("dee")
    draft_id = build_form(client)
    review = f"/designer/drafts/{draft_id}/review"
    assert post(client, f"{review}/propose", {"rationale": ""}, page=review).status_code == 400
    rationale = "Families told us the network meeting had no record of what was agreed."
    assert (
        post(client, f"{review}/propose", {"rationale": rationale}, page=review).status_code == 302
    )
    # The author cannot approve their own draft.
    assert post(client, f"{review}/view", {"view": "I wrote it."}, page=review).status_code == 302
    assert post(client, f"{review}/approve", page=review).status_code == 400
    _sign_out(client)

    sign_in("mo")
    page = client.get(review).get_data(as_text=True)
    assert "I wrote it." not in page, "views stay hidden until you have written yours"
    assert "Write your own view first" in page
    assert post(client, f"{review}/comment", {"comment": "Hm"}, page=review).status_code == 400
    assert (
        post(
            client, f"{review}/view", {"view": "Shorter, and the family sees it."}, page=review
        ).status_code
        == 302
    )
    page = client.get(review).get_data(as_text=True)
    assert "I wrote it." in page and "Shorter, and the family sees it." in page
    assert post(client, f"{review}/approve", page=review).status_code == 302
    assert post(client, f"/designer/drafts/{draft_id}/publish", page=review).status_code == 403
    _sign_out(client)

    sign_in("dee")
    page = client.get(review).get_data(as_text=True)
    assert "records in progress" in page or "record in progress" in page
    response = post(client, f"/designer/drafts/{draft_id}/publish", page=review)
    assert response.status_code == 302, response.get_data(as_text=True)[-2000:]

    root = Path(app.config["LIBRARY_PATH"])
    published = yaml.safe_load((root / "form_library" / "family_network_meeting.yaml").read_text())
    assert published["version"] == 1
    [changeset] = (root / "change_log" / "family_network_meeting").glob("*.yaml")
    cs = yaml.safe_load(changeset.read_text())
    assert cs["rationale"] == rationale
    assert cs["review"] == {
        "state": "published",
        "reviewers": ["Mo Hassan"],
        "published_by": "Dee Marsh",
        # The views written first travel with the change, in the order they were written.
        "views": [
            {"by": "Dee Marsh", "view": "I wrote it."},
            {"by": "Mo Hassan", "view": "Shorter, and the family sees it."},
        ],
    }
    assert cs["author"] == "Dee Marsh"
    # History and the change specification name the approver and the publisher apart.
    for page in ("history", "specification"):
        shown = client.get(f"/library/forms/family_network_meeting/{page}").get_data(as_text=True)
        assert "Approved by Mo Hassan; published by Dee Marsh" in shown, page
        assert "Shorter, and the family sees it." in shown, page
    with app.app_context():
        row = db.session.scalar(
            select(FormVersion).where(FormVersion.form_id == "family_network_meeting")
        )
        assert row is not None and row.version == 1
        event = db.session.scalar(select(AuditEvent).where(AuditEvent.action == "design_published"))
        assert event.detail["rationale"] == rationale and event.username == "dee"
