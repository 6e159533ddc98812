"""The conditions builder in Chromium, by keyboard alone: "show this question when the
decision is one of two answers, or it is later than the second review" built without
typing JSON, tried in the "Try this rule" panel, saved, seen working in the preview,
then proposed, approved by a second person and published; axe on every page on the way.

"Keyboard only": every control is reached with focus() and operated with key presses;
nothing is clicked.
"""

from __future__ import annotations

import json
import re

import yaml
from playwright.sync_api import expect

from .axe import assert_accessible
from .test_design_review import propose, write_view
from .test_designer import (  # noqa: F401 - fixtures used by name
    NAV,
    as_user,
    checked,
    choose,
    designer_server,
    focus,
    keep_pages_on_failure,
    press,
    type_into,
)

ENDS_CIN = "The plan ends, and we support the child as a child in need"
ENDS_NFA = "The plan ends, with no further help from children's social care"


def test_an_any_of_rule_built_tried_saved_and_previewed_by_keyboard(
    designer_server,  # noqa: F811 - the imported fixture
    new_context,
):
    server = designer_server
    page = as_user(new_context, server, "dee")
    page.goto(server["url"] + "/designer/")
    press(
        page,
        page.get_by_role(
            "button", name=re.compile("Redesign.*Review child protection conference")
        ).first,
    )
    press(page, page.get_by_role("link", name=re.compile("^Edit The chair.s summary")).first)
    assert_accessible(page, context=NAV)
    show_if = page.get_by_role("group", name="Show this question only when")
    expect(show_if.get_by_text("Always shown: there are no conditions.")).to_be_visible()

    # Condition 1: the decision is one of two answers, ticked from the question's own.
    choose(page, show_if.get_by_label("Condition 1: question"), "review_decision")
    press(page, show_if.get_by_role("button", name=re.compile("Show the answers to choose")))
    show_if = page.get_by_role("group", name="Show this question only when")
    choose(page, show_if.get_by_label("Condition 1: comparison"), "one_of")
    press(page, show_if.get_by_role("button", name=re.compile("Update this condition")))
    show_if = page.get_by_role("group", name="Show this question only when")
    answers = show_if.get_by_role("group", name="Condition 1: answers")
    checked(page, answers.get_by_role("checkbox", name=ENDS_CIN))
    checked(page, answers.get_by_role("checkbox", name=ENDS_NFA))
    assert_accessible(page, context=NAV)

    # Condition 2, added in place: a number comparison.
    press(page, show_if.get_by_role("button", name="Add another condition"))
    show_if = page.get_by_role("group", name="Show this question only when")
    expect(show_if.get_by_role("checkbox", name=ENDS_CIN)).to_be_checked()  # nothing lost
    expect(show_if.get_by_label("Condition 2: question")).to_be_focused()  # the keyboard is there
    choose(page, show_if.get_by_label("Condition 2: question"), "review_number")
    choose(page, show_if.get_by_label("Condition 2: comparison"), "more_than")
    type_into(page, show_if.get_by_label("Condition 2: value"), "2")
    focus(page, show_if.get_by_role("radio", name="Any one of them is enough"))
    page.keyboard.press("Space")

    # Try it: nothing answered, then a third review, then the plan continuing.
    press(page, show_if.get_by_role("button", name="Try this rule"))
    show_if = page.get_by_role("group", name="Show this question only when")
    words = show_if.locator(".convivial-rule-words")
    expect(words).to_contain_text(
        f"Show this question only when ‘Decision’ is ‘{ENDS_CIN}’ or ‘{ENDS_NFA}’ "
        "or ‘Which review is this?’ is more than 2"
    )
    result = show_if.locator(".convivial-try-result")
    expect(result).to_have_text("This question would not show")
    expect(result).to_be_focused()  # read out at once
    assert_accessible(page, context=NAV)
    type_into(page, show_if.get_by_label("Which review is this?"), "3")
    press(page, show_if.get_by_role("button", name="Try this rule"))
    show_if = page.get_by_role("group", name="Show this question only when")
    expect(show_if.locator(".convivial-try-result")).to_have_text("This question would show")
    type_into(page, show_if.get_by_label("Which review is this?"), "1")
    trial = show_if.locator(".convivial-try")
    focus(page, trial.get_by_role("radio", name="The child protection plan continues"))
    page.keyboard.press("Space")
    press(page, show_if.get_by_role("button", name="Try this rule"))
    show_if = page.get_by_role("group", name="Show this question only when")
    expect(show_if.locator(".convivial-try-result")).to_have_text("This question would not show")
    focus(page, show_if.locator(".convivial-try").get_by_role("radio", name=ENDS_NFA))
    page.keyboard.press("Space")
    press(page, show_if.get_by_role("button", name="Try this rule"))
    show_if = page.get_by_role("group", name="Show this question only when")
    expect(show_if.locator(".convivial-try-result")).to_have_text("This question would show")
    assert_accessible(page, context=NAV)
    # No JSON outside the folded Advanced part.
    assert "var" not in show_if.locator(".convivial-rule-words").inner_text()

    press(page, page.get_by_role("button", name="Save the question"))
    expect(page.get_by_role("heading", level=1)).to_have_text("Questions")
    expect(
        page.get_by_text(re.compile("Shown only when ‘Decision’ is ‘The plan ends"))
    ).to_be_visible()

    # The preview hides and shows the question as practitioners will see it.
    press(page, page.get_by_role("link", name="Preview"))
    summary = page.locator('[data-field="chair_analysis"]').first
    expect(summary).to_be_hidden()
    type_into(page, page.locator('[data-field="review_number"] input').first, "3")
    page.keyboard.press("Tab")
    expect(summary).to_be_visible()
    type_into(page, page.locator('[data-field="review_number"] input').first, "2")
    page.keyboard.press("Tab")
    expect(summary).to_be_hidden()
    page.locator(
        '[data-field="review_decision"] input[value="plan_ends_child_in_need"]'
    ).first.focus()
    page.keyboard.press("Space")
    expect(summary).to_be_visible()
    assert_accessible(page, context=NAV)

    # Proposed, approved by someone else, published: the rule goes live as built.
    propose(page, "Ask for the chair's summary only when the plan ends or after review 2.")
    write_view(page, "The summary matters most when the plan ends.")
    review_url = page.url
    mo = as_user(new_context, server, "mo")
    mo.goto(review_url)
    write_view(mo, "Agreed: the chair's summary is for endings and later reviews.")
    press(mo, mo.get_by_role("button", name=re.compile("Approve revision")))
    expect(mo.get_by_text("Approved by Mo Hassan")).to_be_visible()
    assert_accessible(mo, context=NAV)
    page.reload()
    press(page, page.get_by_role("button", name=re.compile("Publish version")))
    expect(page.get_by_text(re.compile(r"Version \d+ is published"))).to_be_visible()
    assert_accessible(page, context=NAV)
    published = yaml.safe_load(
        (server["library"] / "form_library" / "review_child_protection_conference.yaml").read_text(
            encoding="utf-8"
        )
    )
    [chair] = [f for s in published["sections"] for f in s["fields"] if f["id"] == "chair_analysis"]
    rule = json.dumps(chair["show_if"])
    assert "review_decision" in rule and "review_number" in rule, rule
    assert "plan_ends_child_in_need" in rule and "plan_ends_no_further_action" in rule, rule
