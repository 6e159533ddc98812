"""Time and motion in Chromium: scripted typing and pauses on two versions of one form
produce the before/after table they imply. Both clocks are moved (the page's with
``page.clock``, the service's with ``clock_server.move_clock``): nobody waits."""

from __future__ import annotations

import csv
import io
import json
import re
import secrets
from datetime import date
from pathlib import Path

import pytest
from playwright.sync_api import expect

from .axe import assert_accessible
from .helpers import sign_in, sign_out
from .live_server import run_cli
from .recording_helpers import open_case, start_stage, wait_for

FORM = """id: time_trial
version: {version}
title: Time trial visit
purpose: >-
  To try how long a visit takes to record.
owner: Test working group
sections:
  - id: visit
    title: The visit
    fields:
      - id: what_we_saw
        type: long_text
        label: {label}
  - id: next
    title: What happens next
    fields:
      - id: next_step
        type: long_text
        label: What happens next?
output:
  title: Our visit
  introduction: What we saw.
"""

PATHWAY = """id: time_trial
version: 1
title: Time trial pathway
purpose: >-
  A one-stage pathway for the time and motion test.
owner: Test working group
events:
  - id: referral_received
    label: Referral received
stages:
  - id: trial_visit
    title: Trial visit
    form: time_trial
    done_by: [practitioner]
    weight: 1
    due:
      from: {event: referral_received}
      working_days: 5
transitions: []
triggers:
  - id: open_trial_visit
    on: {case_opened: true}
    start: trial_visit
"""

IDLE = 120  # the default idle limit


def _publish(root: Path, env: dict, version: int) -> None:
    (root / "form_library").mkdir(parents=True, exist_ok=True)
    (root / "pathways").mkdir(exist_ok=True)
    label = "What we saw and heard" if version == 1 else "What did you see?"
    (root / "form_library" / "time_trial.yaml").write_text(
        FORM.format(version=version, label=label)
    )
    (root / "pathways" / "time_trial.yaml").write_text(PATHWAY)
    run_cli(["sync-library", "--library", str(root)], env)


@pytest.fixture
def timer(clock_server):
    """A practitioner of this test's own: moving the clock touches nobody else's time."""
    username, password = f"timer-{secrets.token_hex(3)}", secrets.token_urlsafe(16)
    run_cli(
        [
            "create-user",
            username,
            "--role",
            "practitioner",
            "--team",
            "Timing tests",
            "--name",
            "Tam Timer",
        ],
        clock_server.env,
        stdin=password + "\n",
    )
    return username, password


def _open_case(page, base: str, first: str) -> str:
    page.goto(base + "/cases/new")
    page.get_by_label("Time trial pathway", exact=True).check()
    page.get_by_label("First name").fill(first)
    page.get_by_label("Last name").fill("Timing")
    today = date.today()
    for group, parts in {
        "date_of_birth": ("2", "3", "2016"),
        "referral_received": (str(today.day), str(today.month), str(today.year)),
    }.items():
        for name, value in zip(("day", "month", "year"), parts, strict=True):
            page.locator(f"#{group}-{name}").fill(value)
    with page.expect_navigation():
        page.get_by_role("button", name=re.compile("Open")).click()
    with page.expect_navigation():
        page.get_by_role("button", name=re.compile("Trial visit")).click()
    return page.url  # the record's contents page


def _type_for(page, server, seconds: int) -> None:
    """Someone typing steadily: a key every 10 seconds."""
    page.keyboard.type("a")
    for n in range(seconds // 10):
        server.move_clock(10)
        page.clock.run_for(10_000)
        page.keyboard.type("b")
        if n % 3 == 2:
            # Real time stands still while a request is on its way; the moved clocks do
            # not, so let the page's send (every 30 seconds) arrive before moving on.
            assert wait_for(lambda: _unsent(page) == 0)


def _pause(page, server, seconds: int) -> None:
    server.move_clock(seconds)
    page.clock.fast_forward(seconds * 1000)


def _unsent(page) -> int:
    return page.evaluate(
        "() => (JSON.parse(localStorage.getItem('convivial:time') || 'null')"
        " || {batches: []}).batches.length"
    )


def _session(page, server, record_url: str, section: str, script: list[tuple[str, int]]) -> None:
    """Open a section, follow the script, and let the page report what it measured."""
    page.goto(f"{record_url}/sections/{section}")
    page.locator("textarea").first.click()
    for what, seconds in script:
        (_type_for if what == "type" else _pause)(page, server, seconds)
    page.evaluate("() => window.dispatchEvent(new Event('online'))")  # send now
    assert wait_for(lambda: _unsent(page) == 0), page.evaluate(
        "() => localStorage.getItem('convivial:time')"
    )


def _minutes(text: str) -> float:
    hours = re.search(r"(\d+)h", text)
    minutes = re.search(r"(\d+)m", text)
    return (int(hours.group(1)) * 60 if hours else 0) + (int(minutes.group(1)) if minutes else 0)


def test_two_versions_give_the_table_the_script_implies(
    page, clock_server, timer, demo_users, tmp_path
):
    server = clock_server
    _publish(tmp_path, server.env, 1)
    page.clock.install()
    sign_in(page, server.base_url, *timer)
    first = _open_case(page, server.base_url, "Ivy")
    second = _open_case(page, server.base_url, "Rex")
    # Version 1. Ivy's record over two sessions: 4 minutes typing, 5 idle (not counted),
    # 2 typing; later 3 more. Rex's: 5 minutes. Average (9 + 5) / 2 = 7 minutes.
    _session(page, server, first, "visit", [("type", 240), ("pause", 300), ("type", 120)])
    _session(page, server, first, "next", [("type", 180)])
    _session(page, server, second, "visit", [("type", 300)])

    _publish(tmp_path, server.env, 2)
    third = _open_case(page, server.base_url, "Una")
    fourth = _open_case(page, server.base_url, "Cy")
    # Version 2: 2 minutes, 4 idle, 1 more (3); and 5. Average 4 minutes.
    _session(page, server, third, "visit", [("type", 120), ("pause", 240), ("type", 60)])
    _session(page, server, fourth, "visit", [("type", 300)])
    sign_out(page)

    designer = demo_users["designer"]
    sign_in(page, server.base_url, designer.username, designer.password)
    page.goto(server.base_url + "/reports/time")
    page.get_by_role("link", name="Time trial visit").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Time spent on Time trial visit")
    assert_accessible(page)
    table = page.locator("#time-table")
    cells = [c.strip() for c in table.locator("tbody tr").first.locator("th, td").all_inner_texts()]
    before, after, saved, percent, records = cells[1:6]
    assert records == "2/2"
    assert abs(_minutes(before) - 7) <= 0.7, table.inner_text()
    assert abs(_minutes(after) - 4) <= 0.4, after
    assert abs(_minutes(saved) - 3) <= 0.3, saved
    assert abs(float(percent.rstrip("%")) - 42.9) <= 4.3, percent
    # Per section: Ivy's 3 minutes on "What happens next" counts only there.
    section_row = table.locator("tbody tr", has_text="What happens next")
    section_cells = section_row.locator("th, td").all_inner_texts()
    assert [c.strip() for c in section_cells[1:3]] == ["2m", "0s"]  # (3 + 0) / 2; nobody on v2
    expect(page.get_by_text("Too few records to say anything yet")).to_be_visible()

    # The download says what the screen says.
    with page.expect_download() as download:
        page.get_by_role("link", name="Download these figures (CSV)").click()
    lines = list(csv.reader(io.StringIO(Path(download.value.path()).read_text())))
    screen = [
        [c.strip() for c in row.locator("th, td").all_inner_texts()]
        for row in table.locator("tbody tr").all()
    ]
    assert lines[1:] == screen


def test_a_manager_finds_the_time_by_work_type_and_the_download_matches(
    page, live_server, demo_users
):
    manager = demo_users["team_manager"]
    sign_in(page, live_server.base_url, manager.username, manager.password)
    page.get_by_role("link", name="Time spent recording").click()
    assert_accessible(page)
    page.get_by_role("link", name="Child protection", exact=True).click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("Time spent by work type")
    # The demo's figures are made up, and the page says so.
    expect(page.get_by_text("generated for the demonstration")).to_be_visible()
    expect(
        page.get_by_text("These are figures for the team, never for one person")
    ).to_be_attached()
    assert_accessible(page)
    table = page.locator("#time-table")
    screen = [
        [c.strip() for c in row.locator("th, td").all_inner_texts()]
        for row in table.locator("tbody tr").all()
    ]
    assert screen, "one row per stage's form"
    with page.expect_download() as download:
        page.get_by_role("link", name="Download these figures (CSV)").click()
    lines = list(csv.reader(io.StringIO(Path(download.value.path()).read_text())))
    assert [line[:6] for line in lines[1:]] == [row[:6] for row in screen]


def test_time_typed_just_before_signing_out_still_counts(page, live_server, sign_in_as):
    """The page sends time every 30 seconds and as it closes; signing out must not be
    the moment that loses it (a send as the page closes would arrive signed out)."""
    sign_in_as(page, "practitioner")
    case_url = open_case(page, live_server.base_url, "Clock" + secrets.token_hex(3))
    record = start_stage(page, case_url, "Contact")
    page.goto(f"{record}/sections/the_referral")
    page.get_by_label("Referrer's name").click()
    page.keyboard.type("Sam Jones", delay=350)  # about three seconds of typing
    sent = []
    page.on("request", lambda r: sent.append(r) if r.url.endswith("/time-spent") else None)
    sign_out(page)
    expect(page.get_by_role("heading", level=1)).to_have_text("You have signed out")
    assert len(sent) == 1, [r.post_data for r in sent]
    posted = re.search(r'name="batches"\r\n\r\n(.*?)\r\n--', sent[0].post_data, re.S)
    batches = json.loads(posted.group(1))
    assert [b["section"] for b in batches] == ["the_referral"]
    assert sum(b["seconds"] for b in batches) >= 2
    assert sent[0].response().status == 200  # counted, not refused or signed out
    # Nothing about it is left on this shared device.
    assert page.evaluate("() => localStorage.getItem('convivial:time')") is None
