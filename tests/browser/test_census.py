"""The census screen in real Chromium: a team manager checks the year with the DfE's
rules, sees each error and query it counts, downloads the XML, and is told plainly about a bad
year. Axe on every page."""

from __future__ import annotations

import re

from playwright.sync_api import expect

from .axe import assert_accessible


def test_a_manager_checks_and_downloads_the_census(page, live_server, sign_in_as):
    sign_in_as(page, "team_manager")
    # The DfE's rules load pandas in their own process: checking takes several seconds.
    with page.expect_navigation(timeout=180_000):
        page.get_by_role("link", name="Children in need census").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Children in need census")
    # The demo alone passes with zero errors (tests/casework/test_census.py); this service
    # is shared with other browser tests whose half-recorded cases may add some, so here
    # the page must agree with itself: the summary counts the rows it lists.
    summary = page.locator("#census-summary")
    expect(summary).to_contain_text(re.compile(r"^\d+ errors? and \d+ quer"))
    errors, queries = (int(n) for n in re.findall(r"\d+", summary.inner_text())[:2])
    expect(page.locator("#census-errors tbody tr")).to_have_count(errors)
    expect(page.locator("#census-queries tbody tr")).to_have_count(queries)
    assert_accessible(page)
    with page.expect_download(timeout=60_000) as download:
        page.get_by_role("link", name=re.compile("Download the census file")).click()
    body = download.value.path().read_text()
    assert body.startswith("<?xml") and "<Collection>CIN</Collection>" in body
    assert body.count("<Child>") >= 10

    page.get_by_label("Census year (ending 31 March)").fill("twenty")
    with page.expect_navigation(timeout=180_000):
        page.get_by_role("button", name="Check this year").click()
    expect(page.locator(".govuk-error-summary")).to_contain_text(
        "The census year must be a year like 2027"
    )
    expect(page).to_have_title("Error: Children in need census – Convivial")
    assert_accessible(page)
