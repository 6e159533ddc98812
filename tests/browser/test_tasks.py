"""Pathways that run themselves, in real Chromium with the clock moved (never waited
for): a case's tasks are made by its pathway, done by its forms and cleared from the
work list; the manager sees a task overdue the moment its date passes; a date trigger
fires from ``convivial worker`` with nobody viewing a page. See docs/tasks.md."""

from __future__ import annotations

import re
import secrets
import shutil
from datetime import date, timedelta
from pathlib import Path

from playwright.sync_api import expect

from casework.pathway.calendar import add_working_days

from .axe import assert_accessible
from .helpers import sign_in
from .live_server import run_cli
from .recording_helpers import complete_form, sign_off, start_stage

DAY = 24 * 60 * 60
MINI = Path(__file__).resolve().parents[1] / "casework" / "mini_library"
SIXTEEN = """
  - id: sixteen
    on: {date_reached: {child_age_years: 16}}
    task:
      title: Start planning for leaving care
      due: {calendar: {weeks: 4}}
"""
TRIGGERED = "Hold a strategy discussion and open the child protection pathway"


def _open_case(page, base_url, first_name, pathway, born: date) -> str:
    page.goto(base_url + "/cases/new")
    page.get_by_label(pathway, exact=True).check()
    page.get_by_label("First name").fill(first_name)
    page.get_by_label("Last name").fill("Tasker")
    today = date.today()
    for group, day in {"date_of_birth": born, "referral_received": today}.items():
        page.locator(f"#{group}-day").fill(str(day.day))
        page.locator(f"#{group}-month").fill(str(day.month))
        page.locator(f"#{group}-year").fill(str(day.year))
    with page.expect_navigation():
        page.get_by_role("button", name=re.compile("Open")).click()
    expect(page.get_by_role("heading", level=1)).to_have_text(f"{first_name} Tasker")
    return page.url


def _work_rows(page, child):
    return page.locator("#work-list tbody tr").filter(has_text=child)


def _manager_home(new_context, server, manager):
    """A fresh sign-in on ``server``: a day on the moved clock ends any idle session."""
    page = new_context().new_page()
    sign_in(page, server.base_url, manager.username, manager.password)
    expect(page.get_by_role("heading", level=1)).to_have_text("Your team")
    return page


def _task_row(page, title):
    return page.locator("#case-tasks tbody tr").filter(has_text=title)


def test_forms_make_complete_and_clear_tasks_and_the_manager_sees_overdue_at_once(
    page, new_context, live_server, clock_server, sign_in_as, demo_users
):
    child = "Task" + secrets.token_hex(3)
    sign_in_as(page, "practitioner")
    case = _open_case(page, live_server.base_url, child, "Child in need", date(2015, 4, 1))

    # A one-off task, tied to the contact form: submitting the form will complete it.
    page.get_by_role("link", name="Add a task").click()
    assert_accessible(page)
    page.get_by_label("What needs doing").fill("Ring the referrer back")
    page.get_by_label("Done when a form is submitted (optional)").select_option(
        label="Contact and referral"
    )
    with page.expect_navigation():
        page.get_by_role("button", name="Add the task").click()
    expect(_task_row(page, "Ring the referrer back")).to_contain_text("Mark done")
    assert_accessible(page)
    page.goto(live_server.url("/"))
    expect(_work_rows(page, child).filter(has_text="Ring the referrer back")).to_have_count(1)

    # The contact form submitted: the tied task is done by it and leaves the work list.
    contact = start_stage(page, case, "Contact and referral")
    complete_form(page, contact, {"referral_decision": "strategy_discussion"}, axe=False)
    page.goto(case)
    expect(_task_row(page, "Ring the referrer back")).to_contain_text(
        "Contact and referral submitted"
    )
    page.goto(live_server.url("/"))
    expect(_work_rows(page, child).filter(has_text="Ring the referrer back")).to_have_count(0)
    expect(_work_rows(page, child).filter(has_text=TRIGGERED)).to_have_count(0)

    # Signed off: the pathway's trigger gives Pat a task due in one working day.
    mo = demo_users["team_manager"]
    sign_off(_manager_home(new_context, live_server, mo), contact)
    page.goto(live_server.url("/"))
    expect(_work_rows(page, child).filter(has_text=TRIGGERED)).to_have_count(1)
    due = add_working_days(date.today(), 1)

    # The manager's view, on the moved clock: on the due date it is not yet overdue...
    clock_server.move_clock((due - date.today()).days * DAY)
    manager = _manager_home(new_context, clock_server, mo)
    assert_accessible(manager)
    overdue = manager.locator("#overdue-by-worker tbody tr").filter(has_text=child)
    expect(overdue).to_have_count(0)
    # ...and the moment the date passes, it is, under the worker whose task it is.
    clock_server.move_clock(DAY)
    manager = _manager_home(new_context, clock_server, mo)
    overdue = manager.locator("#overdue-by-worker tbody tr").filter(has_text=child)
    expect(overdue).to_have_count(1)
    expect(overdue).to_contain_text("Pat Okafor")
    expect(overdue).to_contain_text(TRIGGERED)

    # Pat holds the discussion and marks the task done: it clears everywhere.
    page.goto(case)
    with page.expect_navigation():
        _task_row(page, TRIGGERED).get_by_role("button", name=re.compile("Mark done")).click()
    expect(_task_row(page, TRIGGERED)).to_contain_text("Marked done")
    page.goto(live_server.url("/"))
    expect(_work_rows(page, child).filter(has_text=TRIGGERED)).to_have_count(0)
    manager.reload()
    expect(overdue).to_have_count(0)


def test_a_sixteenth_birthday_fires_from_the_worker_with_no_page_viewed(
    page, live_server, clock_server, sign_in_as, tmp_path
):
    # A pathway with a date trigger, published to the running service.
    root = tmp_path / "library"
    shutil.copytree(MINI, root)
    pathway = root / "pathways" / "mini.yaml"
    pathway.write_text(pathway.read_text() + SIXTEEN)
    run_cli(["sync-library", "--library", str(root)], live_server.env)

    child = "Sixteen" + secrets.token_hex(3)
    sign_in_as(page, "practitioner")
    today = date.today()
    born = today.replace(year=today.year - 16) + timedelta(days=2)
    case = _open_case(page, live_server.base_url, child, "Mini pathway", born)
    expect(_task_row(page, "Start planning for leaving care")).to_have_count(0)

    # Three days on, nobody looks at anything: the worker alone fires the trigger.
    clock_server.move_clock(3 * DAY)
    run_cli(["worker", "--once"], clock_server.env)
    page.goto(case)
    expect(_task_row(page, "Start planning for leaving care")).to_contain_text(
        (born.replace(year=born.year + 16) + timedelta(weeks=4)).strftime("%-d %B %Y")
    )
    # A second worker finds nothing left to fire: still one task.
    run_cli(["worker", "--once"], clock_server.env)
    page.goto(case)
    expect(_task_row(page, "Start planning for leaving care")).to_have_count(1)
