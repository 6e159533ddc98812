"""A home visit recorded on a phone: two presses from the work list, autosaved, and the
due child protection visit shows as done with the next one's due date. Axe on each page."""

from __future__ import annotations

import re
from datetime import date

from playwright.sync_api import expect

from casework.pathway.calendar import add_working_days

from .axe import assert_accessible
from .helpers import horizontal_overflow
from .recording_helpers import wait_until_saved


def _day(d: date) -> str:
    return d.strftime("%-d %B %Y").lstrip("0")


def test_a_home_visit_on_a_phone_completes_the_due_child_protection_visit(
    new_context, live_server, sign_in_as
):
    page = new_context(viewport={"width": 360, "height": 740}, is_mobile=True).new_page()
    sign_in_as(page, "practitioner")
    row = page.locator("#work-list tbody tr").filter(has_text="Child protection visit").first
    child = row.locator("td").nth(1).inner_text().splitlines()[0].rsplit(" ", 1)[0].strip()

    # Press one: "Write a note" on the work list. Press two: the kind of note.
    with page.expect_navigation():
        row.get_by_role("link", name=re.compile("Write a note")).click()
    assert_accessible(page)
    with page.expect_navigation():
        page.get_by_role("button", name=re.compile("^Home visit")).click()
    expect(page).to_have_url(re.compile(r"/records/\d+/sections/the_note$"))
    record_url = page.url.rsplit("/sections/", 1)[0]
    assert horizontal_overflow(page) == []
    assert_accessible(page)

    today = date.today()
    when = page.get_by_role("group", name="Date of the visit")
    when.get_by_label("Day").fill(str(today.day))
    when.get_by_label("Month").fill(str(today.month))
    when.get_by_label("Year").fill(str(today.year))
    page.get_by_label("Time").fill("4:15pm")
    page.get_by_role("group", name="Did you see the child?").get_by_label("Yes").check()
    alone = page.get_by_role("group", name="Did you see the child on their own?")
    expect(alone).to_be_visible()
    alone.get_by_label("Yes").check()
    page.get_by_label("What the child said, in their own words").fill(
        "I like my new bed and Mum reads to me"
    )
    page.get_by_label("What happened", exact=True).fill("We looked at the safety plan together.")
    page.get_by_label("Your view, for professionals only").fill("The home felt calmer.")
    page.get_by_label("What happens next").fill("Visit with the school nurse next week.")
    wait_until_saved(page)  # autosaved before anything is pressed
    assert horizontal_overflow(page) == []
    assert_accessible(page)

    with page.expect_navigation():
        page.get_by_role("button", name="Save and continue").click()
    expect(page).to_have_url(re.compile(r"/records/\d+/check$"))
    expect(page.get_by_text("I like my new bed and Mum reads to me")).to_be_visible()
    assert horizontal_overflow(page) == []
    assert_accessible(page)
    page.get_by_label("A significant event for the chronology").check()
    with page.expect_navigation():
        page.get_by_role("button", name="Submit").click()
    expect(page).to_have_url(re.compile(r"/cases/\d+$"))
    expect(page.get_by_role("heading", level=1)).to_contain_text(child)
    case_url = page.url
    assert_accessible(page)

    # The visit that was due is done, by this note, and the next one is due in ten
    # working days (the pathway's default for child protection visits).
    stages = page.locator("#stages ~ .convivial-table-scroll tbody tr")
    note_path = record_url[len(live_server.base_url) :]
    done = stages.filter(has=page.locator(f'a[href="{note_path}"]'))
    expect(done).to_have_count(1)
    expect(done).to_contain_text(f"Completed {_day(today)}")
    due = _day(add_working_days(today, 10))
    following = stages.filter(has_text="Child protection visit").filter(has_text="Open")
    expect(following.filter(has_text=due)).to_have_count(1)

    # The chronology has the visit, with the child's words, linked to the note.
    with page.expect_navigation():
        page.get_by_role("link", name="Chronology of significant events").click()
    entry = (
        page.locator(".convivial-chronology li")
        .filter(has_text=_day(today))
        .filter(has_text="Home visit")
    )
    expect(entry.first).to_contain_text("I like my new bed and Mum reads to me")
    assert horizontal_overflow(page) == []
    assert_accessible(page)
    family = page.url + "?audience=family"
    page.goto(family)
    expect(page.locator(".convivial-chronology")).not_to_contain_text("The home felt calmer.")

    # Finding it again: words from the note, within the case.
    page.goto(case_url + "/notes/search")
    page.get_by_label("Words").fill("mum READS")
    with page.expect_navigation():
        page.get_by_role("button", name="Search").click()
    expect(page.locator("ol.govuk-list li").filter(has_text="Home visit").first).to_contain_text(
        "I like my new bed and Mum reads to me"
    )
    assert horizontal_overflow(page) == []
    assert_accessible(page)
