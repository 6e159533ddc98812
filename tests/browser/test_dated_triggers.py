"""A date answered in a form fires its trigger from ``convivial worker`` with the clock
moved and nobody viewing a page; a manager gives a case to another worker and its open
tasks go with it. Real Chromium, axe on every page. See docs/tasks.md."""

from __future__ import annotations

import re
import secrets
import shutil
from datetime import date, timedelta
from pathlib import Path

from playwright.sync_api import expect

from .axe import assert_accessible
from .helpers import sign_in
from .live_server import run_cli
from .recording_helpers import complete_form, open_case, start_stage

DAY = 24 * 60 * 60
MINI = Path(__file__).resolve().parents[1] / "casework" / "mini_library"
REVIEW = "Review in a week: ask the family how the plan is going"
PATHWAY = "Mini pathway with a review date"
TRIGGER = f"""
  - id: review_coming
    on:
      date_reached:
        answer: {{stage: plan, field: review_date}}
        days_before: 7
    task:
      title: "{REVIEW}"
"""
REVIEW_DATE = """      - id: review_date
        type: date
        label: When we will review the plan
"""


def _task_row(page, title):
    return page.locator("#case-tasks tbody tr").filter(has_text=title)


def _open_mini_case(page, base_url: str, first_name: str) -> str:
    page.goto(base_url + "/cases/new")
    page.get_by_label(PATHWAY, exact=True).check()
    page.get_by_label("First name").fill(first_name)
    page.get_by_label("Last name").fill("Dated")
    today = date.today()
    page.locator("#referral_received-day").fill(str(today.day))
    page.locator("#referral_received-month").fill(str(today.month))
    page.locator("#referral_received-year").fill(str(today.year))
    with page.expect_navigation():
        page.get_by_role("button", name=re.compile("Open")).click()
    expect(page.get_by_role("heading", level=1)).to_have_text(f"{first_name} Dated")
    return page.url


def test_a_date_answered_in_a_form_fires_from_the_worker_with_no_page_viewed(
    page, live_server, clock_server, sign_in_as, tmp_path
):
    # The mini pathway, its plan asking when the plan will be reviewed, and a trigger a
    # week before that date: published to the running service.
    # Under ids of its own: the service is shared with other tests that publish the mini
    # library's own "plan" and "mini" version 1, and published versions never change.
    root = tmp_path / "library"
    shutil.copytree(MINI, root)
    plan = root / "form_library" / "plan.yaml"
    text = plan.read_text().replace("id: plan\n", "id: plan_review\n", 1)
    (root / "form_library" / "plan_review.yaml").write_text(
        text.replace("output:\n", REVIEW_DATE + "output:\n")
    )
    plan.unlink()
    pathway = root / "pathways" / "mini.yaml"
    text = pathway.read_text().replace("id: mini\n", "id: mini_review\n", 1)
    text = text.replace("title: Mini pathway\n", f"title: {PATHWAY}\n", 1)
    text = text.replace("form: plan\n", "form: plan_review\n")
    (root / "pathways" / "mini_review.yaml").write_text(text + TRIGGER)
    pathway.unlink()
    run_cli(["sync-library", "--library", str(root)], live_server.env)

    child = "Review" + secrets.token_hex(3)
    sign_in_as(page, "practitioner")
    case = _open_mini_case(page, live_server.base_url, child)
    visit = start_stage(page, case, "First visit")
    complete_form(page, visit, {"next_step": "plan"}, axe=False)
    review = date.today() + timedelta(days=10)
    record = start_stage(page, case, "Plan")
    complete_form(page, record, {"review_date": review.isoformat()})
    page.goto(case)
    expect(_task_row(page, REVIEW)).to_have_count(0)

    # Two days on the worker finds nothing due yet; three days on (a week before the
    # review), with nobody looking at anything, it fires the trigger.
    clock_server.move_clock(2 * DAY)
    run_cli(["worker", "--once"], clock_server.env)
    page.goto(case)
    expect(_task_row(page, REVIEW)).to_have_count(0)
    clock_server.move_clock(DAY)
    run_cli(["worker", "--once"], clock_server.env)
    page.goto(case)
    row = _task_row(page, REVIEW)
    expect(row).to_have_count(1)
    expect(row).to_contain_text(review.strftime("%-d %B %Y"))  # due on the review date
    expect(row).to_contain_text("Pat Okafor")
    assert_accessible(page)


def test_a_manager_gives_a_case_to_another_worker_and_its_open_tasks_go_too(
    page, new_context, live_server, sign_in_as, demo_users
):
    child = "Lead" + secrets.token_hex(3)
    sign_in_as(page, "practitioner")
    case = open_case(page, live_server.base_url, child)
    page.get_by_role("link", name="Add a task").click()
    page.get_by_label("What needs doing").fill("Ring the school")
    with page.expect_navigation():
        page.get_by_role("button", name="Add the task").click()
    expect(_task_row(page, "Ring the school")).to_contain_text("Pat Okafor")
    # A practitioner cannot change who leads the case.
    expect(page.get_by_role("link", name="Change the lead worker")).to_have_count(0)
    assert page.request.get(case + "/lead-worker").status == 403

    manager = new_context().new_page()
    mo = demo_users["team_manager"]
    sign_in(manager, live_server.base_url, mo.username, mo.password)
    manager.goto(case)
    manager.get_by_role("link", name="Change the lead worker").click()
    expect(manager.get_by_role("heading", level=1)).to_have_text("Change the lead worker")
    expect(manager.get_by_label("Pat Okafor (leads it now)")).to_be_checked()
    assert_accessible(manager)
    manager.get_by_label("Sam Whitley").check()
    with manager.expect_navigation():
        manager.get_by_role("button", name="Change the lead worker").click()
    expect(manager.locator(".govuk-notification-banner")).to_contain_text(
        "Sam Whitley now leads this case."
    )
    lead = manager.locator(".govuk-summary-list__row").filter(has_text="Lead worker")
    expect(lead).to_contain_text("Sam Whitley")
    expect(_task_row(manager, "Ring the school")).to_contain_text("Sam Whitley")
    assert_accessible(manager)

    # Audited in plain words, seen by the manager on who looked at the case.
    manager.goto(case + "/looked")
    expect(manager.locator("#entries")).to_contain_text("Gave the case to another worker")
