"""The editor over HTTP, as a designer without JavaScript would use it."""

from __future__ import annotations

import re

from tests.casework.conftest import csrf_from
from tests.designer.conftest import post


def _new_draft(client, title="Family network meeting") -> str:
    response = post(client, "/designer/forms/new", {"title": title})
    assert response.status_code == 302, response.get_data(as_text=True)
    return response.headers["Location"]


def test_a_designer_starts_a_form_and_sees_what_is_missing_next_to_it(client, synced, sign_in):
    sign_in("dee")
    url = _new_draft(client)
    page = client.get(url).get_data(as_text=True)
    assert "no sections yet" in page
    # The empty purpose is an error of the loader's catalogue, linked to the form details.
    assert "purpose" in page and 'href="#form-purpose"' in page


def test_every_route_declares_access(app):
    from casework.access import undeclared_endpoints

    assert [e for e in undeclared_endpoints(app) if e.startswith("designer.")] == []


def test_practitioners_cannot_open_the_designer(client, synced, sign_in):
    sign_in("pat")
    assert client.get("/designer/").status_code == 403


def test_team_managers_read_but_cannot_edit(client, synced, sign_in):
    sign_in("dee")
    url = _new_draft(client)
    draft_id = url.rstrip("/").split("/")[-1]
    client.post("/sign-out", data={"csrf_token": csrf_from(client.get("/").get_data(as_text=True))})
    sign_in("mo")
    page = client.get(url).get_data(as_text=True)
    assert "Add the section" not in page
    assert post(client, f"/designer/drafts/{draft_id}/sections", {"title": "X"}).status_code == 403


def test_adding_moving_and_deleting_by_buttons(client, synced, sign_in):
    sign_in("dee")
    url = _new_draft(client)
    draft_id = url.rstrip("/").split("/")[-1]
    for title in ("About the meeting", "Decisions"):
        post(client, f"/designer/drafts/{draft_id}/sections", {"title": title}, page=url)
    for label in ("Who came", "Where it was"):
        post(
            client,
            f"/designer/drafts/{draft_id}/fields",
            {"section": "about_the_meeting", "type": "text", "label": label},
            page=url,
        )
    page = client.get(url).get_data(as_text=True)
    assert page.index("field-who_came") < page.index("field-where_it_was")
    post(
        client,
        f"/designer/drafts/{draft_id}/fields/where_it_was/move",
        {"direction": "up"},
        page=url,
    )
    page = client.get(url).get_data(as_text=True)
    assert page.index("field-where_it_was") < page.index("field-who_came")
    # Moving down past the end of a section crosses into the next one.
    post(
        client, f"/designer/drafts/{draft_id}/fields/who_came/move", {"direction": "down"}, page=url
    )
    page = client.get(url).get_data(as_text=True)
    assert page.index("section-decisions") < page.index("field-who_came")
    post(client, f"/designer/drafts/{draft_id}/fields/who_came/delete", page=url)
    assert "field-who_came" not in client.get(url).get_data(as_text=True)


def test_moving_and_deleting_a_section_by_buttons(client, synced, sign_in):
    sign_in("dee")
    url = _new_draft(client)
    draft_id = url.rstrip("/").split("/")[-1]
    for title in ("About the meeting", "Decisions"):
        post(client, f"/designer/drafts/{draft_id}/sections", {"title": title}, page=url)
    moved = post(
        client, f"/designer/drafts/{draft_id}/sections/decisions/move", {"direction": "up"}
    )
    assert moved.headers["Location"].endswith("#section-decisions")
    page = client.get(url).get_data(as_text=True)
    assert page.index("section-decisions") < page.index("section-about_the_meeting")
    delete_url = f"/designer/drafts/{draft_id}/sections/decisions/delete"
    assert "Delete the section ‘Decisions’?" in client.get(delete_url).get_data(as_text=True)
    page = post(client, delete_url, page=url, follow_redirects=True).get_data(as_text=True)
    assert "Deleted the section ‘Decisions’" in page
    assert "section-decisions" not in page and "section-about_the_meeting" in page
    # A section already gone is refused with a message, not an error page.
    gone = post(
        client,
        f"/designer/drafts/{draft_id}/sections/decisions/move",
        {"direction": "up"},
        page=url,
        follow_redirects=True,
    )
    assert gone.status_code == 200
    banner = re.search(
        r"govuk-notification-banner__heading[^>]*>([^<]*)<", gone.get_data(as_text=True)
    )
    assert banner and "section" in banner.group(1).lower(), banner


def test_statutory_questions_cannot_be_deleted(client, synced, sign_in):
    sign_in("dee")
    response = post(client, "/designer/forms/contact_referral/draft")
    url = response.headers["Location"]
    draft_id = url.rstrip("/").split("/")[-1]
    page = client.get(url).get_data(as_text=True)
    statutory = re.search(
        r'id="field-([a-z_0-9]+)"[^>]*>\s*<p[^>]*><strong>[^<]*</strong>\s*'
        r'<span[^>]*>[^<]*</span>\s*<strong class="govuk-tag',
        page,
    )
    assert statutory, "contact_referral has statutory questions"
    field_id = statutory.group(1)
    assert "Cannot be deleted: it feeds a statutory return" in page
    response = post(
        client,
        f"/designer/drafts/{draft_id}/fields/{field_id}/delete",
        page=url,
        follow_redirects=True,
    )
    assert "cannot be deleted" in response.get_data(as_text=True)
    assert f"field-{field_id}" in client.get(url).get_data(as_text=True)


def test_the_yaml_view_refuses_an_invalid_form_and_says_why(client, synced, sign_in):
    sign_in("dee")
    url = _new_draft(client)
    draft_id = url.rstrip("/").split("/")[-1]
    yaml_url = f"/designer/drafts/{draft_id}/yaml"
    text = client.get(yaml_url).get_data(as_text=True)
    assert "id: family_network_meeting" in text
    bad = "id: family_network_meeting\nversion: 1\ntitle: T\npurpose: P\nowner: O\nsectoins: []\n"
    page = post(client, yaml_url, {"yaml": bad, "revision": "0"}, page=yaml_url)
    body = page.get_data(as_text=True)
    assert "Not saved" in body and "CV201" in body and "sectoins" in body


def test_yaml_is_checked_as_you_type_without_saving(client, synced, sign_in):
    sign_in("dee")
    url = _new_draft(client)
    draft_id = url.rstrip("/").split("/")[-1]
    yaml_url = f"/designer/drafts/{draft_id}/yaml"
    text = "id: family_network_meeting\nversion: 1\ntitle: T\npurpose: P\nowner: O\nsections:\n"
    text += (
        "  - id: a\n    title: A\n    fields:\n      - id: q\n        type: txt\n        label: Q\n"
    )
    answer = post(client, f"{yaml_url}/check", {"yaml": text}, page=yaml_url).get_json()
    assert answer["ok"] is False
    [problem] = [p for p in answer["problems"] if p["severity"] == "error"]
    assert problem["line"] == 11 and "txt" in problem["message"]
    fixed = post(
        client, f"{yaml_url}/check", {"yaml": text.replace("txt", "text")}, page=yaml_url
    ).get_json()
    assert fixed["ok"] is True
    assert "sections: []" in client.get(yaml_url).get_data(as_text=True)  # nothing saved
    broken = post(client, f"{yaml_url}/check", {"yaml": "id: [unclosed"}, page=yaml_url).get_json()
    assert broken["ok"] is False and broken["problems"][0]["line"] >= 1
