"""The last of the pathway that needed YAML, in Chromium and by keyboard alone: an
activity stage (a visit, no form) added and connected with a transition, and the
pathway's own wording edited with its plain-language warning shown next to it; axe on
every page visited.

"Keyboard only": every control is reached with focus() and operated with key presses
(typing, Enter, Space, arrow keys); nothing is clicked.
"""

from __future__ import annotations

from playwright.sync_api import expect

from .axe import assert_accessible
from .test_designer import (  # noqa: F401 - fixtures used by name
    NAV,
    as_user,
    choose,
    designer_server,
    keep_pages_on_failure,
    press,
    type_into,
)

VISIT = "Visit the child at home and see them on their own."


def test_an_activity_stage_and_the_wording_by_keyboard(designer_server, new_context):  # noqa: F811 - the imported fixture
    server = designer_server
    page = as_user(new_context, server, "dee")
    page.goto(server["url"] + "/designer/")
    press(page, page.get_by_role("button", name="Redesign the pathway Child protection"))
    assert_accessible(page, context=NAV)

    # An activity: a stage with no form.
    press(page, page.get_by_role("link", name="Add an activity: a stage with no form"))
    expect(page.get_by_role("radio", name="An activity with no form")).to_be_checked()
    assert_accessible(page, context=NAV)
    type_into(page, page.get_by_label("Title of the stage"), "Home visit")
    type_into(page, page.get_by_label("If it is an activity: what is done, in words"), VISIT)
    press(page, page.get_by_role("button", name="Add the stage"))
    expect(page.locator("#stage-home_visit")).to_contain_text(f"Activity (no form): {VISIT}")
    expect(page.get_by_role("img", name="Child protection: the stages in order")).to_contain_text(
        "Activity (no form): Visit the child"
    )

    # Connected from the conference by a transition.
    press(page, page.get_by_role("link", name="Add a transition"))
    assert_accessible(page, context=NAV)
    choose(page, page.get_by_label("From the stage"), "initial_child_protection_conference")
    choose(page, page.get_by_label("To the stage"), "home_visit")
    type_into(page, page.get_by_label("Description in words"), "Visits start after the conference.")
    press(page, page.get_by_role("button", name="Add the transition"))
    expect(
        page.get_by_text("From ‘Initial child protection conference’ to ‘Home visit’")
    ).to_be_visible()
    expect(page.get_by_text("No errors")).to_be_visible()

    # The pathway's own wording, with the plain-language warning next to what it is about.
    press(page, page.get_by_role("link", name="Details and wording"))
    assert_accessible(page, context=NAV)
    type_into(page, page.get_by_label("Worries column"), "What worries the core group?")
    press(page, page.get_by_role("button", name="Save the details and wording"))
    expect(page.get_by_text("Details and wording saved")).to_be_visible()
    expect(page.locator("#wording-worries")).to_contain_text("CV902")
    expect(page.get_by_label("Worries column")).to_have_value("What worries the core group?")
    assert_accessible(page, context=NAV)
