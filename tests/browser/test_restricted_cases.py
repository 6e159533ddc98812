"""Restricted cases in real Chromium: the lead names a colleague with a reason; someone
not named breaks the glass with a reason and the auditor is shown it to review; an
administrator exports everything held about a child. Axe on every page."""

from __future__ import annotations

from datetime import date

from playwright.sync_api import expect

from .axe import assert_accessible
from .helpers import sign_in


def _open_restricted(page, base_url: str, first_name: str) -> str:
    page.goto(base_url + "/cases/new")
    page.get_by_label("Child protection", exact=True).check()
    page.get_by_label("First name").fill(first_name)
    page.get_by_label("Last name").fill("Restricted")
    today = date.today()
    for group, (day, month, year) in {
        "date_of_birth": ("2", "3", "2016"),
        "referral_received": (str(today.day), str(today.month), str(today.year)),
    }.items():
        page.locator(f"#{group}-day").fill(day)
        page.locator(f"#{group}-month").fill(month)
        page.locator(f"#{group}-year").fill(year)
    page.get_by_label("Yes, restrict it to named people").check()
    with page.expect_navigation():
        page.get_by_role("button", name="Open case").click()
    expect(page.get_by_role("heading", level=1)).to_have_text(f"{first_name} Restricted")
    return page.locator(".govuk-caption-l").first.inner_text().split(" · ")[0]


def test_the_lead_names_a_colleague_with_a_reason(
    page, new_context, live_server, sign_in_as, demo_users
):
    sign_in_as(page, "practitioner")
    _open_restricted(page, live_server.base_url, "Nina")
    case_url = page.url
    assert_accessible(page)
    page.get_by_role("link", name="See or change who can see this case").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Who can see this case")
    expect(page.locator("table")).to_contain_text("Lead practitioner")
    assert_accessible(page)

    page.get_by_role("button", name="Name this person").click()  # nothing chosen
    expect(page.locator(".govuk-error-summary")).to_contain_text("Choose who needs to see")
    assert_accessible(page)
    who = page.get_by_label("Who needs to see this case?")
    who.select_option(who.locator("option", has_text="Sam Whitley").get_attribute("value"))
    page.get_by_label("Why do they need to see it?").fill("Covering while Pat is on leave")
    page.get_by_role("button", name="Name this person").click()
    expect(page.locator(".govuk-notification-banner")).to_contain_text("Sam Whitley can now see")
    row = page.locator("tr", has_text="Sam Whitley")
    expect(row).to_contain_text("Covering while Pat is on leave")
    assert_accessible(page)

    sam = new_context().new_page()
    sign_in(sam, live_server.base_url, "sam", demo_users["practitioner"].password)
    sam.goto(case_url)
    expect(sam.get_by_role("heading", level=1)).to_have_text("Nina Restricted")
    assert_accessible(sam)


def test_break_glass_asks_for_a_reason_and_the_auditor_is_told(
    page, new_context, live_server, sign_in_as, demo_users
):
    sign_in_as(page, "practitioner")
    reference = _open_restricted(page, live_server.base_url, "Orla")
    case_url = page.url

    sam = new_context().new_page()
    sign_in(sam, live_server.base_url, "sam", demo_users["practitioner"].password)
    response = sam.goto(case_url)
    assert response.status == 404
    assert_accessible(sam)
    sam.goto(live_server.url("/cases/"))
    sam.get_by_role("link", name="Ask for emergency access").click()
    expect(sam.get_by_role("heading", level=1)).to_have_text("See a case you are not named on")
    assert_accessible(sam)
    sam.get_by_label("Case reference").fill(reference)
    sam.get_by_role("button", name="See the case").click()
    expect(sam.locator(".govuk-error-summary")).to_contain_text("Enter why this person needs")
    expect(sam.get_by_label("Case reference")).to_have_value(reference)
    assert_accessible(sam)
    sam.get_by_label("Why must you see this case now?").fill("Police called out of hours")
    sam.get_by_role("button", name="See the case").click()
    expect(sam.get_by_role("heading", level=1)).to_have_text("Orla Restricted")
    expect(sam.locator(".govuk-notification-banner")).to_contain_text("Auditors have been told")
    assert_accessible(sam)

    auditor = new_context().new_page()
    sign_in_as(auditor, "auditor")
    expect(auditor.locator(".govuk-inset-text")).to_contain_text("broke the glass")
    assert_accessible(auditor)
    auditor.get_by_role("link", name="Review emergency access").click()
    entries = auditor.locator("#entries")
    expect(entries).to_contain_text("Sam Whitley")
    expect(entries).to_contain_text("Emergency access: review")
    expect(entries).to_contain_text(reference)
    assert_accessible(auditor)


def test_an_administrator_exports_everything_held_about_a_child(
    page, new_context, live_server, sign_in_as
):
    worker = new_context().new_page()
    sign_in_as(worker, "practitioner")
    _open_restricted(worker, live_server.base_url, "Pia")
    sign_in_as(page, "administrator")
    page.get_by_role("link", name="Restricted cases nobody can open").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Restricted cases nobody can open")
    assert_accessible(page)
    page.goto(live_server.url("/"))
    page.get_by_role("link", name="Subject access requests").click()
    # Each click navigates: axe runs on the new page only once it is there.
    expect(page.get_by_label("Name of the person")).to_be_visible()
    assert_accessible(page)
    page.get_by_label("Name of the person").fill("Pia Restricted")
    page.get_by_role("button", name="Search").click()
    page.wait_for_url("**q=Pia+Restricted*")
    expect(page.locator("table a.govuk-link").first).to_be_visible()
    assert_accessible(page)
    page.locator("table a.govuk-link").first.click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("Export everything held about")
    page.get_by_role("button", name="Export").click()
    expect(page.locator(".govuk-error-summary")).to_contain_text("Enter the subject access")
    assert_accessible(page)
    page.get_by_label("Which subject access request is this for?").fill("SAR-2026-0001")
    page.get_by_label("A web page to read now").check()
    page.get_by_role("button", name="Export").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("Everything held about")
    expect(page.locator("body")).to_contain_text("For redaction review before release")
    assert_accessible(page)
