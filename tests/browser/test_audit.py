"""The audit trail in real Chromium: a team manager sees who has looked at a child's
record; the auditor finds that look by the child's name, pages, downloads the same rows
as CSV, and is told plainly what is wrong with a bad date. Axe on every page."""

from __future__ import annotations

import csv
import io

from playwright.sync_api import expect

from .axe import assert_accessible


def _first_case(page, live_server) -> str:
    page.goto(live_server.url("/cases/"))
    assert_accessible(page)
    link = page.locator("table a.govuk-link").first
    name = link.inner_text()
    link.click()
    expect(page.get_by_role("heading", name="Who has looked at this record")).to_be_visible()
    return name


def test_manager_sees_who_looked_and_auditor_finds_it(
    page, new_context, live_server, sign_in_as, demo_users
):
    manager = sign_in_as(page, "team_manager")
    child = _first_case(page, live_server)
    panel = page.locator("#who-looked + div table")
    expect(panel).to_contain_text(manager.name)
    expect(panel).to_contain_text("Looked at the case")
    assert_accessible(page)
    page.get_by_role("link", name="Every time someone looked at this record").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Who has looked at this record")
    expect(page.locator("#entries")).to_contain_text(manager.name)
    assert_accessible(page)

    auditor_page = new_context().new_page()
    sign_in_as(auditor_page, "auditor")
    auditor_page.get_by_role("link", name="Search the audit log").click()
    expect(auditor_page.get_by_role("heading", level=1)).to_have_text("Search the audit log")
    assert_accessible(auditor_page)

    auditor_page.get_by_label("Child's name or case reference").fill(child)
    auditor_page.get_by_label("What they did").select_option(label="Looked at the case")
    auditor_page.get_by_role("button", name="Search").click()
    expect(auditor_page.locator("#matched-cases")).to_contain_text(child)
    table = auditor_page.locator("#entries")
    expect(table).to_contain_text(manager.name)
    expect(table).to_contain_text("Looked at the case")
    expect(table).not_to_contain_text("case_viewed")
    expect(table).not_to_contain_text("Fails the tamper check")
    assert_accessible(auditor_page)
    on_screen = auditor_page.locator("#entries tbody tr").evaluate_all(
        "rows => rows.map(r => r.id.replace('entry-', ''))"
    )

    with auditor_page.expect_download() as download:
        auditor_page.get_by_role("link", name="Download every matching entry (CSV)").click()
    body = download.value.path().read_text()
    rows = list(csv.DictReader(io.StringIO(body)))
    assert [r["entry"] for r in rows] == on_screen
    assert {r["what"] for r in rows} == {"Looked at the case"}
    assert manager.username in {r["username"] for r in rows}


def test_a_bad_date_is_explained_on_the_auditors_search(page, live_server, sign_in_as):
    sign_in_as(page, "auditor")
    page.goto(live_server.url("/audit/"))
    page.get_by_label("Who (name or username)").fill("mo")
    page.locator("#from-day").fill("31")
    page.locator("#from-month").fill("2")
    page.locator("#from-year").fill("2026")
    page.get_by_role("button", name="Search").click()
    summary = page.locator(".govuk-error-summary")
    expect(summary).to_contain_text("The first day must be a real date")
    expect(page.get_by_label("Who (name or username)")).to_have_value("mo")
    expect(page).to_have_title("Error: Search the audit log – Convivial")
    assert_accessible(page)
