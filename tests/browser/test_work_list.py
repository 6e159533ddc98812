"""The practitioner's work list in real Chromium: one row per thing to do, each leading
straight to its form; a returned form says why at its top; the enquiry is there to
start as soon as the strategy discussion is submitted. See docs/screens.md."""

from __future__ import annotations

import re
import secrets

from playwright.sync_api import expect

from .axe import assert_accessible
from .recording_helpers import complete_form, open_case, sign_off

REASON = "Add the name of the school nurse who raised the concern."


def _rows(page, child: str):
    """The work list's rows for one child (the shared server holds other cases too)."""
    return page.locator("#work-list tbody tr").filter(has_text=child)


def _row_texts(page, child: str) -> list[str]:
    return [re.sub(r"\s+", " ", t).strip() for t in _rows(page, child).all_inner_texts()]


def test_the_work_list_leads_straight_to_each_form(page, new_context, live_server, sign_in_as):
    child = "Work" + secrets.token_hex(3)
    sign_in_as(page, "practitioner")
    manager = new_context().new_page()
    sign_in_as(manager, "team_manager")
    open_case(page, live_server.base_url, child)

    # A new case: one row, "Start Contact and referral", which opens the form itself.
    page.goto(live_server.url("/"))
    assert_accessible(page)
    expect(_rows(page, child)).to_have_count(1)
    start = _rows(page, child).get_by_role("button", name=re.compile("Start Contact and referral"))
    with page.expect_navigation():
        start.click()
    expect(page).to_have_url(re.compile(r"/records/\d+$"))
    expect(page.get_by_role("heading", level=1)).to_have_text("Contact and referral")
    contact = page.url

    # Started but not finished: the row says Continue and links to the same form.
    page.goto(live_server.url("/"))
    link = _rows(page, child).get_by_role("link", name=re.compile("Continue Contact and referral"))
    expect(link).to_have_attribute("href", contact.removeprefix(live_server.base_url))

    # Submitted: waiting for a manager. The manager's list has it to sign off.
    complete_form(page, contact, {"referral_decision": "strategy_discussion"}, axe=False)
    page.goto(live_server.url("/"))
    expect(_rows(page, child)).to_have_count(1)
    expect(_rows(page, child)).to_contain_text("Waiting for a manager")
    manager.goto(live_server.url("/"))
    assert_accessible(manager)
    expect(
        _rows(manager, child).get_by_role("link", name=re.compile("Sign off Contact and referral"))
    ).to_be_visible()

    # Returned without a reason: refused. With one: the practitioner sees it in the list
    # and at the top of the form.
    manager.goto(contact)
    manager.get_by_label("Return it to the practitioner").check()
    with manager.expect_navigation():
        manager.get_by_role("button", name="Record decision").click()
    expect(manager.locator(".govuk-notification-banner")).to_contain_text("Say why")
    manager.get_by_label("Return it to the practitioner").check()
    manager.get_by_label("Comments").fill(REASON)
    with manager.expect_navigation():
        manager.get_by_role("button", name="Record decision").click()

    page.goto(live_server.url("/"))
    expect(_rows(page, child)).to_have_count(1)
    expect(_rows(page, child)).to_contain_text(REASON)
    with page.expect_navigation():
        _rows(page, child).get_by_role("link", name=re.compile("Returned")).click()
    expect(page).to_have_url(contact)
    banner = page.locator("#returned-reason")
    expect(banner).to_contain_text(REASON)
    expect(banner).to_contain_text("Mo Hassan")
    # At the top: before the form's heading.
    assert page.evaluate(
        """() => {
          const banner = document.getElementById('returned-reason');
          const h1 = document.querySelector('h1');
          return !!(banner.compareDocumentPosition(h1) & Node.DOCUMENT_POSITION_FOLLOWING);
        }"""
    )
    assert_accessible(page)

    # Put right and signed off: the strategy discussion is next, straight from the list.
    complete_form(page, contact, {"referral_decision": "strategy_discussion"}, axe=False)
    sign_off(manager, contact)
    page.goto(live_server.url("/"))
    with page.expect_navigation():
        _rows(page, child).get_by_role(
            "button", name=re.compile("Start Strategy discussion")
        ).click()
    strategy = page.url
    complete_form(
        page,
        strategy,
        {"police_present": "yes", "decision": "section_47", "joint_with_police": "yes"},
        axe=False,
    )

    # Submitted, not yet signed off: the enquiry is already there to start, with its due
    # date; the discussion waits for the manager; no row twice.
    page.goto(live_server.url("/"))
    rows = _row_texts(page, child)
    assert len(rows) == len(set(rows)), rows
    enquiry = _rows(page, child).filter(has_text="Child protection enquiry")
    expect(enquiry).to_have_count(1)
    expect(enquiry.get_by_role("button", name=re.compile("Start"))).to_be_visible()
    expect(enquiry).to_contain_text(re.compile(r"\d{1,2} [A-Z][a-z]+ \d{4}"))
    expect(_rows(page, child).filter(has_text="Strategy discussion")).to_contain_text(
        "Waiting for a manager"
    )
    assert_accessible(page)
    assert page.console_errors == []
