"""Build a form from nothing through the editor's HTTP interface, as a designer would
without JavaScript: one small form post per step. Used by several tests."""

from __future__ import annotations

from tests.designer.conftest import post

SECTIONS = ("About the meeting", "Safety", "Follow up")

# (section, type, label, properties posted on the question's page)
QUESTIONS = [
    ("about_the_meeting", "guidance", "Fill this in with the family.", {}),
    (
        "about_the_meeting",
        "date",
        "Date of the meeting",
        {
            "not_in_future": "true",
            "validations-0-comparison": "at_most",
            "validations-0-other": "today",
            "validations-0-message": "The meeting date must be today or earlier",
            "validations-0-description": "The meeting has happened",
        },
    ),
    (
        "about_the_meeting",
        "number",
        "How many people came",
        {"min": "1", "max": "40", "integer": "true"},
    ),
    ("about_the_meeting", "yes_no", "Were the police there", {"required": "true"}),
    (
        "about_the_meeting",
        "text",
        "Police officer's name",
        {
            "show_if-0-field": "were_the_police_there",
            "show_if-0-comparison": "equals",
            "show_if-0-value": "yes",
            "max_length": "120",
        },
    ),
    ("about_the_meeting", "long_text", "What the family told us", {"hint": "In their words"}),
    (
        "about_the_meeting",
        "single_choice",
        "Where the meeting was",
        {"options": "At home\nAt school\nSomewhere else"},
    ),
    (
        "about_the_meeting",
        "multiple_choice",
        "Who was invited",
        {"options": "Parents\nGrandparents\nNobody else", "exclusive_option": "nobody_else"},
    ),
    ("about_the_meeting", "person", "Who chaired it", {"roles": ["professional", "relative"]}),
    ("about_the_meeting", "file", "Meeting notes", {"accept": "pdf, docx", "max_mb": "5"}),
    (
        "about_the_meeting",
        "calculated",
        "People who came, plus the chair",
        {"calculation": '{"+": [{"var": "how_many_people_came"}, 1]}', "format": "number"},
    ),
    (
        "safety",
        "scale",
        "How safe is the child",
        {
            "anchor_zero": "Not safe at all",
            "anchor_ten": "Safe enough to close",
            "raters": ["worker", "parent"],
        },
    ),
    ("safety", "safety_goal", "Safety goal", {}),
    (
        "safety",
        "danger_statement",
        "Danger statement",
        {"safety_goal": "safety_goal", "scale": "how_safe_is_the_child"},
    ),
    ("safety", "safety_plan", "Safety plan", {}),
    ("safety", "childs_words", "What the child told us", {"variant": "three_houses"}),
    ("safety", "statement_list", "What people said", {"prompt": "About the worries"}),
    ("follow_up", "repeating_group", "Actions", {"item_label": "action", "min_items": "1"}),
    ("follow_up", "manager_authorisation", "Manager sign-off", {}),
]
INNER = ("follow_up", "text", "What will happen", {})


def question_page_data(kind: str, label: str, props: dict) -> dict:
    data = {"type": kind, **props}
    data["text" if kind == "guidance" else "label"] = label
    return data


def build_form(client, title: str = "Family network meeting") -> int:
    response = post(client, "/designer/forms/new", {"title": title})
    assert response.status_code == 302, response.get_data(as_text=True)
    draft_id = int(response.headers["Location"].rstrip("/").split("/")[-1])
    base = f"/designer/drafts/{draft_id}"
    for section in SECTIONS:
        assert post(client, f"{base}/sections", {"title": section}).status_code == 302
    for section, kind, label, props in QUESTIONS:
        added = post(client, f"{base}/fields", {"section": section, "type": kind, "label": label})
        assert added.status_code == 302, added.get_data(as_text=True)
        field_url = added.headers["Location"]
        saved = post(client, field_url, question_page_data(kind, label, props), page=field_url)
        assert saved.status_code == 302, (label, saved.get_data(as_text=True)[-3000:])
    section, kind, label, props = INNER
    added = post(
        client,
        f"{base}/fields",
        {"section": section, "group": "actions", "type": kind, "label": label},
    )
    assert added.status_code == 302
    details = {
        "title": title,
        "purpose": "To agree with the family's network who will help keep the child safe.",
        "owner": "Child protection working group",
        "authorisation": "team_manager",
        "output_title": "What we agreed at the family network meeting",
        "output_introduction": "This is what we talked about and what happens next.",
    }
    assert post(client, f"{base}/details", details, page=f"{base}/details").status_code == 302
    return draft_id
