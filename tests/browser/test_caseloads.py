"""The manager's caseload view in real Chromium: every figure explained, a chart with
its table, and a complexity tier that changes a worker's points. See docs/tasks.md."""

from __future__ import annotations

import re

from playwright.sync_api import expect

from .axe import assert_accessible


def _points(page, worker: str) -> float:
    row = page.locator("#caseloads tbody tr").filter(has_text=worker)
    return float(row.locator("td").nth(1).inner_text())


def test_caseloads_explain_each_figure_and_a_tier_changes_the_points(page, live_server, sign_in_as):
    sign_in_as(page, "team_manager")
    page.get_by_role("link", name="Caseloads").first.click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("Caseloads in")
    assert_accessible(page)
    pat = page.locator("#caseloads tbody tr").filter(has_text="Pat Okafor")
    expect(pat).to_contain_text(re.compile(r"Pat Okafor is at [\d.]+% because \d+ cases? weigh"))
    expect(
        page.get_by_role("img", name=re.compile("Pat Okafor's capacity each week"))
    ).to_be_visible()
    before = _points(page, "Pat Okafor")

    cases = page.locator("table").filter(has_text="Pat Okafor's cases")
    standard = cases.locator("tbody tr").filter(has_text="Standard").first
    case_points = float(standard.locator("td").nth(2).inner_text())
    with page.expect_navigation():
        standard.get_by_role("link", name=re.compile("Change")).click()
    assert_accessible(page)
    with page.expect_navigation():
        page.get_by_role("button", name="Save").click()  # nothing chosen differently: kept
    page.go_back()
    page.get_by_label(re.compile("Highly complex")).check()
    with page.expect_navigation():
        page.get_by_role("button", name="Save").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("Caseloads in")
    assert _points(page, "Pat Okafor") == before + case_points  # x2: one more case's worth


def test_a_newly_qualified_part_timer_has_less_available(page, live_server, sign_in_as):
    sign_in_as(page, "team_manager")
    page.goto(live_server.url("/caseloads/"))
    with page.expect_navigation():
        page.get_by_role("link", name="Change what Sam Whitley can carry").click()
    assert_accessible(page)
    page.get_by_label("Contracted hours a week").fill("lots")
    with page.expect_navigation():
        page.get_by_role("button", name="Save").click()
    expect(page.locator(".govuk-error-summary")).to_contain_text(
        "Enter the hours they are contracted for"
    )
    assert_accessible(page)
    page.get_by_label("Contracted hours a week").fill("18.5")
    page.get_by_label("Yes: a protected caseload").check()
    page.get_by_label("Points taken off for other duties (optional)").fill("3")
    page.get_by_label("Why (optional)").fill("practice educator")
    with page.expect_navigation():
        page.get_by_role("button", name="Save").click()
    sam = page.locator("#caseloads tbody tr").filter(has_text="Sam Whitley")
    # 36 x 18.5 / 37 - 3 = 15 available.
    expect(sam.locator("td").nth(2)).to_have_text("15")
    expect(sam).to_contain_text("less 3 for reductions (practice educator)")


def test_a_managers_manager_sees_each_team_and_opens_one(page, live_server, demo_users):
    """Val (the demo's manager's manager) manages the manager of Northfield."""
    from .helpers import sign_in

    sign_in(page, live_server.base_url, "val", demo_users["team_manager"].password)
    expect(page.get_by_role("heading", name="Teams reporting to you")).to_be_visible()
    assert_accessible(page)
    row = page.locator("#reporting-teams-table tbody tr").filter(has_text="Northfield")
    expect(row).to_have_count(1)
    # Overdue, visits overdue, waiting for sign-off: numbers, and a light per worker.
    for cell in row.locator("td.govuk-table__cell--numeric").all():
        assert re.fullmatch(r"\d+", cell.inner_text().strip())
    expect(row.locator(".govuk-tag")).not_to_have_count(0)
    with page.expect_navigation():
        row.get_by_role("link", name=re.compile("Northfield")).click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("Northfield")
    assert_accessible(page)
    workers = page.locator("#team-workers tbody tr")
    expect(workers.filter(has_text="Pat Okafor")).to_contain_text(
        re.compile(r"Pat Okafor is at [\d.]+% because")
    )
    expect(workers.filter(has_text="Sam Whitley")).to_have_count(1)
    # The same figures as the team's own manager's caseload view.
    mine = page.locator("#team-workers tbody tr").filter(has_text="Pat Okafor")
    percent = re.search(r"([\d.]+)%", mine.locator("td").nth(2).inner_text()).group(1)
    manager = page.context.browser.new_context().new_page()
    sign_in(manager, live_server.base_url, "mo", demo_users["team_manager"].password)
    manager.goto(live_server.url("/caseloads/"))
    own = manager.locator("#caseloads tbody tr").filter(has_text="Pat Okafor")
    expect(own.locator("td").nth(3)).to_contain_text(f"{percent}%")
    manager.context.close()
