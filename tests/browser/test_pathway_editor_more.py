"""The pathway editor without YAML, in Chromium and by keyboard alone: a trigger, a
two-row transition condition, an event and a timescale setting added, and a stage
deleted after seeing what goes with it, with axe on every new page.

"Keyboard only": every control is reached with focus() and operated with key presses
(typing, Enter, Space, arrow keys); nothing is clicked.
"""

from __future__ import annotations

import re

from playwright.sync_api import expect

from .axe import assert_accessible
from .test_designer import (  # noqa: F401 - fixtures used by name
    NAV,
    as_user,
    choose,
    designer_server,
    focus,
    keep_pages_on_failure,
    press,
    type_into,
)


def tick(page, radio) -> None:
    focus(page, radio)
    page.keyboard.press("Space")
    expect(radio).to_be_checked()


def test_triggers_conditions_and_deleting_a_stage_by_keyboard(designer_server, new_context):  # noqa: F811 - the imported fixture
    server = designer_server
    page = as_user(new_context, server, "dee")
    page.goto(server["url"] + "/designer/")
    press(page, page.get_by_role("button", name="Redesign the pathway Child protection"))
    expect(page.get_by_role("heading", name="Triggers")).to_be_visible()
    assert_accessible(page, context=NAV)

    # A trigger: when the child turns 16, a task with its own timescale.
    press(page, page.get_by_role("link", name="Add a trigger"))
    assert_accessible(page, context=NAV)
    tick(page, page.get_by_role("radio", name="The child reaches an age"))
    type_into(page, page.get_by_label("Age in years"), "16")
    tick(page, page.get_by_role("radio", name="Give someone a task"))
    type_into(page, page.get_by_label("The task to give"), "Start planning for adulthood")
    type_into(page, page.get_by_label("Due within how many (optional)"), "20")
    type_into(page, page.get_by_label("Why, in words (optional)"), "Planning starts at 16.")
    press(page, page.get_by_role("button", name="Save the trigger"))
    expect(
        page.get_by_text("When the child turns 16: give the task ‘Start planning for adulthood’")
    ).to_be_visible()
    assert_accessible(page, context=NAV)

    # A trigger before a deadline: the conference counts working days, so do its days.
    press(page, page.get_by_role("link", name="Add a trigger"))
    tick(page, page.get_by_role("radio", name="A stage's deadline comes near"))
    choose(
        page,
        page.get_by_label("If a stage's deadline comes near: which stage"),
        "initial_child_protection_conference",
    )
    type_into(page, page.get_by_label("How many days before"), "2")
    tick(page, page.get_by_role("radio", name="Give someone a task"))
    type_into(page, page.get_by_label("The task to give"), "Ring the family about the conference")
    press(page, page.get_by_role("button", name="Save the trigger"))
    expect(
        page.get_by_text(
            "2 working days before ‘Initial child protection conference’ is due: give the task "
            "‘Ring the family about the conference’"
        )
    ).to_be_visible()
    assert_accessible(page, context=NAV)

    # A transition whose condition has two rows, either of which is enough; the first
    # attempt has a value that is not one of the answers and comes back with it.
    press(page, page.get_by_role("link", name="Add a transition"))
    assert_accessible(page, context=NAV)
    choose(page, page.get_by_label("From the stage"), "section_47_enquiry")
    choose(page, page.get_by_label("To the stage"), "social_work_report_to_conference")
    choose(page, page.get_by_label("Condition 1: question"), "section_47_enquiry.enquiry_outcome")
    type_into(page, page.get_by_label("Condition 1: value"), "Perhaps")
    # A second condition, in place: the page comes back with what was typed.
    press(page, page.get_by_role("button", name="Add another condition"))
    expect(page.get_by_label("Condition 1: value")).to_have_value("Perhaps")
    assert_accessible(page, context=NAV)
    choose(
        page, page.get_by_label("Condition 2: question"), "strategy_discussion.joint_with_police"
    )
    choose(page, page.get_by_label("Condition 2: comparison"), "equals")
    type_into(page, page.get_by_label("Condition 2: value"), "Yes")
    tick(page, page.get_by_role("radio", name="Any one of them is enough"))
    type_into(page, page.get_by_label("Description in words"), "A report either way.")
    press(page, page.get_by_role("button", name="Add the transition"))
    summary = page.locator(".govuk-error-summary")
    expect(summary).to_contain_text("Condition 1: Choose one of the answers")
    assert_accessible(page, context=NAV)
    # Nothing lost: the second condition's answer is now chosen among the question's own.
    answer = page.get_by_role("group", name="Condition 2: answer")
    expect(answer.get_by_role("radio", name="Yes")).to_be_checked()
    # The summary's link takes the keyboard to the input (GOV.UK's script, no navigation).
    focus(page, summary.get_by_role("link"))
    page.keyboard.press("Enter")
    expect(page.get_by_label("Condition 1: value")).to_be_focused()
    type_into(page, page.get_by_label("Condition 1: value"), "conference_needed")
    press(page, page.get_by_role("button", name="Add the transition"))
    expect(
        page.get_by_text(re.compile(r"or ‘Strategy discussion: Will the police"))
    ).to_be_visible()

    # An event and a timescale setting.
    press(page, page.get_by_role("link", name="Add an event"))
    assert_accessible(page, context=NAV)
    type_into(page, page.get_by_label("Name of the event"), "Plan agreed with the family")
    press(page, page.get_by_role("button", name="Save the event"))
    expect(page.locator("#event-plan_agreed_with_the_family")).to_contain_text("CV906")
    press(page, page.get_by_role("link", name="Add a timescale setting"))
    assert_accessible(page, context=NAV)
    type_into(page, page.get_by_label("Short name"), "Plan review")
    type_into(page, page.get_by_label("What it is for"), "Review the plan every 6 weeks.")
    type_into(page, page.get_by_label("Length"), "6")
    choose(page, page.get_by_label("Of what"), "weeks")
    press(page, page.get_by_role("button", name="Save the timescale setting"))
    expect(page.locator("#parameter-plan_review_weeks")).to_contain_text("6 weeks (local)")

    # Deleting a stage: first what goes with it, then the delete.
    press(page, page.get_by_role("link", name="Delete stage Child protection visit"))
    expect(page.get_by_role("heading", name="These go with it")).to_be_visible()
    expect(page.get_by_text("When ‘Child protection visit’ is finished")).to_be_visible()
    assert_accessible(page, context=NAV)
    press(page, page.get_by_role("button", name="Delete the stage and these"))
    expect(page.get_by_text("Deleted the stage ‘Child protection visit’")).to_be_visible()
    expect(page.get_by_role("link", name="Edit stage Child protection visit")).to_have_count(0)

    # A statutory stage says why it stays, and offers no delete.
    expect(page.get_by_role("link", name="Delete stage Child and family assessment")).to_have_count(
        0
    )
    page.goto(page.url.split("/pathway")[0] + "/stages/child_and_family_assessment/delete")
    expect(page.get_by_text(re.compile("is a statutory stage"))).to_be_visible()
    assert_accessible(page, context=NAV)
