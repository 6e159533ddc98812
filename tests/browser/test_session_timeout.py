"""The idle timeout in a real browser, with both clocks moved (nobody waits): the
warning appears in time, is announced and keeps focus, "Stay signed in" (or Escape)
keeps the session, and letting it run out signs out to a page that says what is true.
Also autosave's own truth: typing back to the saved answer is "Saved"."""

from __future__ import annotations

import re

from playwright.sync_api import expect

from .axe import assert_accessible
from .helpers import expect_signed_in_as, sign_in
from .live_server import BASE_ENV
from .recording_helpers import open_case, start_stage, wait_until_saved
from .test_recording import STATUS, child_name, drafts, section_url

IDLE = int(BASE_ENV["IDLE_TIMEOUT_SECONDS"])
WARNING = 120  # TIMEOUT_WARNING_SECONDS, the default


def idle_for(page, server, seconds: int) -> None:
    """Nobody does anything for this long: the service's clock and the page's move on."""
    server.move_clock(seconds)
    page.clock.fast_forward(seconds * 1000)


def focus_is_in_dialog(page) -> bool:
    return page.evaluate("() => Boolean(document.activeElement?.closest('[role=alertdialog]'))")


def status_of(page, server) -> dict:
    # The status endpoint does not count as activity, so asking changes nothing.
    return page.request.get(server.url("/session/status")).json()


def test_warned_in_time_and_staying_signed_in_keeps_the_session(page, clock_server, demo_users):
    server = clock_server
    user = demo_users["practitioner"]
    page.clock.install()
    sign_in(page, server.base_url, user.username, user.password)
    expect_signed_in_as(page, user)
    dialog = page.get_by_role("alertdialog", name="You will be signed out soon")
    expect(dialog).to_be_hidden()

    idle_for(page, server, IDLE - WARNING - 60)
    page.clock.run_for(1000)
    expect(dialog).to_be_hidden()  # not yet: a minute before the warning is due
    idle_for(page, server, 65)
    expect(dialog).to_be_visible()
    expect(dialog).to_have_attribute("aria-modal", "true")
    expect(dialog).to_have_accessible_description(re.compile("we sign you out after 30 minutes"))
    assert focus_is_in_dialog(page)
    expect(page.get_by_role("button", name="Stay signed in")).to_be_focused()
    # Announced sparingly: a polite live region says how long is left.
    live = dialog.locator("[aria-live=polite]")
    expect(live).to_have_text("You will be signed out in 2 minutes.")
    # Focus stays inside while it is open.
    for key in ("Tab", "Tab", "Tab", "Shift+Tab"):
        page.keyboard.press(key)
        assert focus_is_in_dialog(page), key
    assert_accessible(page)

    page.get_by_role("button", name="Stay signed in").click()
    expect(dialog).to_be_hidden()
    # Well past when the session would have ended: still signed in.
    server.move_clock(WARNING + 60)
    assert status_of(page, server)["signed_in"] is True
    page.goto(server.url("/cases"))
    expect_signed_in_as(page, user)

    # Escape means "stay signed in" too.
    idle_for(page, server, IDLE - WARNING + 5)
    expect(dialog).to_be_visible()
    page.keyboard.press("Escape")
    expect(dialog).to_be_hidden()
    server.move_clock(WARNING + 60)
    assert status_of(page, server)["signed_in"] is True
    assert page.console_errors == []


def test_activity_in_another_tab_puts_the_warning_off(page, context, clock_server, demo_users):
    server = clock_server
    user = demo_users["team_manager"]
    page.clock.install()
    sign_in(page, server.base_url, user.username, user.password)
    other = context.new_page()
    server.move_clock(IDLE - WARNING - 30)
    other.goto(server.url("/cases"))  # busy in another tab
    expect_signed_in_as(other, user)
    page.clock.fast_forward((IDLE - WARNING + 5) * 1000)
    # The page asked the server before warning, and was told there is plenty of time.
    page.wait_for_function("() => !document.querySelector('dialog[open]')")
    page.clock.run_for(2000)
    expect(page.get_by_role("alertdialog")).to_be_hidden()
    other.close()


def test_sign_out_from_the_warning_signs_out(page, clock_server, demo_users):
    server = clock_server
    user = demo_users["designer"]
    page.clock.install()
    sign_in(page, server.base_url, user.username, user.password)
    idle_for(page, server, IDLE - WARNING + 5)
    dialog = page.get_by_role("alertdialog")
    expect(dialog).to_be_visible()
    dialog.get_by_role("button", name="Sign out").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("You have signed out")
    assert status_of(page, server)["signed_in"] is False


def test_letting_time_run_out_signs_out_to_a_page_that_says_what_is_true(
    page, clock_server, sign_in_as, demo_users
):
    server = clock_server
    user = sign_in_as(page, "practitioner", server)
    record = start_stage(page, open_case(page, server.base_url, child_name()), "Contact")
    form = section_url(record, "the_referral")
    page.clock.install()
    page.goto(form)
    page.get_by_label("Referrer's name").fill("Saved before the warning")
    wait_until_saved(page)
    saved_status = page.locator(STATUS).inner_text()

    idle_for(page, server, IDLE - WARNING + 5)
    dialog = page.get_by_role("alertdialog")
    expect(dialog).to_be_visible()
    idle_for(page, server, WARNING)
    expect(page).to_have_url(re.compile(r"/timed-out\?"))
    expect(page.get_by_role("heading", level=1)).to_have_text("You have been signed out")
    main = page.locator("main")
    expect(main).to_contain_text("had not done anything for 30 minutes")
    expect(main).to_contain_text(
        re.compile(r"saved at " + re.escape(saved_status.removeprefix("Saved at ")))
    )
    expect(main).to_contain_text("Nothing you typed on that form was waiting to be saved")
    expect(page.get_by_role("banner").locator("button", has_text="Sign out")).to_have_count(0)
    assert_accessible(page)

    # Signing in again goes back to the form itself (a GET, never a 405).
    page.get_by_role("link", name="Sign in again").click()
    sign_in(
        page, server.base_url, user.username, user.password, path=page.url[len(server.base_url) :]
    )
    expect(page).to_have_url(form)
    expect(page.get_by_label("Referrer's name")).to_have_value("Saved before the warning")


def test_answers_typed_after_the_session_ended_are_kept_and_saved_after_sign_in(
    page, clock_server, sign_in_as, demo_users
):
    server = clock_server
    user = sign_in_as(page, "practitioner", server)
    record = start_stage(page, open_case(page, server.base_url, child_name()), "Contact")
    form = section_url(record, "the_referral")
    page.clock.install()
    page.goto(form)
    page.get_by_label("Referrer's name").fill("Saved in time")
    wait_until_saved(page)
    server.move_clock(IDLE + 1)  # the session ends on the server while the page sits open
    page.get_by_label("What the referrer told us").fill("Typed after the end")
    expect(page.locator(STATUS)).to_have_text(re.compile("^Not saved yet"))
    assert len(drafts(page)) == 1

    page.clock.fast_forward((IDLE - WARNING + 5) * 1000)
    expect(page).to_have_url(re.compile(r"/timed-out\?"))
    main = page.locator("main")
    expect(main).to_contain_text("saved at")
    expect(main).to_contain_text("kept on this device")
    assert len(drafts(page)) == 1  # still here: this page does not clear them
    assert_accessible(page)

    page.get_by_role("link", name="Sign in again").click()
    sign_in(
        page, server.base_url, user.username, user.password, path=page.url[len(server.base_url) :]
    )
    expect(page).to_have_url(form)
    wait_until_saved(page)
    expect(page.get_by_label("What the referrer told us")).to_have_value("Typed after the end")
    assert drafts(page) == {}


def test_typing_back_to_the_saved_answer_is_saved_without_a_request(page, live_server, sign_in_as):
    sign_in_as(page, "practitioner")
    record = start_stage(page, open_case(page, live_server.base_url, child_name()), "Contact")
    page.clock.install()
    page.goto(section_url(record, "the_referral"))
    name = page.get_by_label("Referrer's name")
    name.fill("Ms Pat Reed")
    wait_until_saved(page)
    saved = page.locator(STATUS).inner_text()
    posts: list[str] = []
    # Autosave requests only: the page reports time spent (timing.mjs) on its own.
    page.on(
        "request",
        lambda r: (
            posts.append(r.url) if r.method == "POST" and "/time-spent" not in r.url else None
        ),
    )

    name.fill("Ms Pat Reedx")
    expect(page.locator(STATUS)).to_have_text("Not saved yet")
    name.fill("Ms Pat Reed")  # typed back to exactly what the server holds
    expect(page.locator(STATUS)).to_have_text(saved)
    page.clock.fast_forward(10_000)  # long past the autosave's 2 seconds
    page.clock.run_for(100)
    expect(page.locator(STATUS)).to_have_text(saved)
    assert posts == []
    assert drafts(page) == {}
    assert page.console_errors == []
