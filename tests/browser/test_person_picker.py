"""A person picker in a list of items fits the screen: at desktop width and at 360 px.

The picker used to sit beside the item's floated title: squeezed into a narrow column
on desktop and pushed off the screen at 360 px (casework/assets/_lists.scss).
"""

from __future__ import annotations

import secrets

import pytest
from playwright.sync_api import expect

from .axe import assert_accessible
from .helpers import horizontal_overflow
from .live_server import ROOT
from .recording_helpers import open_case, start_stage

ARTIFACTS = ROOT / "test-artifacts"
PEOPLE = [
    ("Marta", "parent", "Mother"),
    (
        "Graham",
        "professional",
        "Head of year, Northfield Academy, and designated safeguarding lead",
    ),
    ("Irene", "grandparent", "Maternal grandmother"),
]
_urls: dict[str, str] = {}


def _household_section(page, base_url: str) -> str:
    """A contact and referral record whose household list offers the case's people."""
    if base_url in _urls:
        return _urls[base_url]
    case_url = open_case(page, base_url, "Pick" + secrets.token_hex(3))
    for first, role, relationship in PEOPLE:
        page.goto(case_url + "/people/new")
        page.get_by_label("First name").fill(first)
        page.get_by_label("Last name").fill("Brook-Adebayo-Fitzgerald")
        page.get_by_label("Relationship to the child").select_option(role)
        page.get_by_label("Describe the relationship (optional)").fill(relationship)
        with page.expect_navigation():
            page.get_by_role("button", name="Add person").click()
    record = start_stage(page, case_url, "Contact and referral")
    _urls[base_url] = record + "/sections/about_the_child"
    return _urls[base_url]


@pytest.mark.parametrize("width", [360, 1280], ids=["360px", "desktop"])
def test_person_picker_in_a_list_fits_the_screen(page, new_context, live_server, sign_in_as, width):
    sign_in_as(page, "practitioner")
    url = _household_section(page, live_server.base_url)
    screen = new_context(viewport={"width": width, "height": 900}, is_mobile=width < 400)
    small = screen.new_page()
    sign_in_as(small, "practitioner")
    small.goto(url)
    household = small.locator('[data-list="household_members"]')
    if household.locator("[data-item]").count() == 0:
        household.get_by_role("button", name="Add another").click()
        household.locator("[data-item]").first.wait_for()
    picker = household.locator("[data-item]").first.locator(".govuk-radios").first
    expect(picker).to_be_visible()
    option = picker.get_by_label("Graham Brook-Adebayo-Fitzgerald", exact=False)
    expect(option).to_be_visible()
    ARTIFACTS.mkdir(exist_ok=True)
    small.screenshot(path=str(ARTIFACTS / f"person-picker-{width}.png"), full_page=True)
    # Fully visible: the picker and every name in it within the screen's width, and the
    # picker as wide as the item it is in (not a column beside the item's title).
    item = household.locator("[data-item]").first.bounding_box()
    box = picker.bounding_box()
    assert box["x"] >= 0 and box["x"] + box["width"] <= width, box
    assert box["width"] >= 0.9 * item["width"], (box, item)
    for label in picker.locator(".govuk-radios__label").all():
        edge = label.bounding_box()
        assert edge["x"] >= 0 and edge["x"] + edge["width"] <= width, edge
    option.check()
    expect(option).to_be_checked()
    overflow = horizontal_overflow(small)
    assert not overflow, "\n".join(overflow)
    assert_accessible(small)
