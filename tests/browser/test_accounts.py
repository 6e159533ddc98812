"""Signing in and out in a real browser against the real service."""

from __future__ import annotations

import secrets
import signal

from playwright.sync_api import expect

from .axe import assert_accessible
from .helpers import (
    expect_no_traceback,
    expect_sign_in_page,
    expect_signed_in_as,
    post_sign_in,
    sign_in,
    sign_out,
)
from .live_server import BASE_ENV

WRONG = "Enter a correct username and password"
LOCKED = "You have tried to sign in too many times"
LOCKOUT_FAILURES = int(BASE_ENV["SIGN_IN_LOCKOUT_FAILURES"])
THROTTLE_FAILURES = int(BASE_ENV["SIGN_IN_THROTTLE_FAILURES"])
IDLE_TIMEOUT = int(BASE_ENV["IDLE_TIMEOUT_SECONDS"])
LOCKOUT = int(BASE_ENV["SIGN_IN_LOCKOUT_SECONDS"])


def error_summary(page) -> str:
    summary = page.locator(".govuk-error-summary")
    expect(summary).to_be_visible()
    return " ".join(summary.inner_text().split())


def test_sign_in_page_is_accessible(page, live_server):
    response = page.goto(live_server.url("/sign-in"))
    assert response.status == 200
    expect(page).to_have_title("Sign in – Convivial")
    expect_sign_in_page(page)
    assert_accessible(page)
    assert page.console_errors == []


def test_sign_in_and_sign_out(page, context, new_context, live_server, demo_users):
    user = demo_users["practitioner"]
    page.goto(live_server.url("/"))
    expect(page).to_have_url(live_server.url("/sign-in?next=/"))
    sign_in(page, live_server.base_url, user.username, user.password)
    expect(page).to_have_url(live_server.url("/"))
    expect_signed_in_as(page, user)
    cookies = context.cookies()
    assert any(c["name"] == "convivial_session" and c["httpOnly"] for c in cookies), cookies

    sign_out(page)
    expect(page.get_by_role("heading", level=1)).to_have_text("You have signed out")
    expect(page.locator("button", has_text="Sign out")).to_have_count(0)
    assert_accessible(page)

    # The back button reloads (pages are no-store) and finds no session.
    page.go_back()
    expect_sign_in_page(page)
    expect(page.get_by_text(user.name)).to_have_count(0)

    # A copy of the old cookie is worthless: the server-side session has ended.
    stolen = new_context()
    stolen.add_cookies(cookies)
    other = stolen.new_page()
    other.goto(live_server.url("/"))
    expect_sign_in_page(other)
    assert page.console_errors == []


def test_wrong_password_shows_error_summary(page, live_server, demo_users):
    user = demo_users["designer"]
    response = sign_in(page, live_server.base_url, user.username, "not-the-password")
    assert response.status == 200
    expect_no_traceback(page)
    expect(page).to_have_title("Error: Sign in – Convivial")
    assert WRONG in error_summary(page)
    # The summary links to the field, and the password is never sent back.
    page.locator(".govuk-error-summary a").first.click()
    expect(page.get_by_label("Username")).to_be_focused()
    expect(page.get_by_label("Username")).to_have_value(user.username)
    expect(page.get_by_label("Password", exact=True)).to_have_value("")
    assert "not-the-password" not in page.content()
    assert_accessible(page)


def test_unknown_user_gets_the_same_message_as_a_wrong_password(page, live_server, demo_users):
    user = demo_users["team_manager"]
    sign_in(page, live_server.base_url, user.username, "not-the-password")
    wrong_password = error_summary(page)
    wrong_password_fields = page.locator(".govuk-error-message").all_inner_texts()

    sign_in(page, live_server.base_url, f"nobody-{secrets.token_hex(4)}", "not-the-password")
    assert error_summary(page) == wrong_password
    assert page.locator(".govuk-error-message").all_inner_texts() == wrong_password_fields
    expect_no_traceback(page)


def test_empty_form_says_what_to_enter(page, live_server):
    page.goto(live_server.url("/sign-in"))
    page.get_by_role("button", name="Sign in").click()
    summary = error_summary(page)
    assert "Enter your username" in summary
    assert "Enter your password" in summary
    assert_accessible(page)


def test_lockout_after_repeated_failures(
    page, new_context, live_server, clock_server, lockable_user
):
    username, password = lockable_user.username, lockable_user.password
    for attempt in range(1, LOCKOUT_FAILURES):
        response = post_sign_in(page, live_server.base_url, username, f"wrong-{attempt}")
        assert response.status == 200 and WRONG in response.text()
        assert LOCKED not in response.text(), f"locked after {attempt} failures"
    sign_in(page, live_server.base_url, username, "wrong-again")
    summary = error_summary(page)
    assert LOCKED in summary

    # Locked means locked: even the right password does not sign in.
    sign_in(page, live_server.base_url, username, password)
    assert LOCKED in error_summary(page)
    expect(page.locator("button", has_text="Sign out")).to_have_count(0)
    assert_accessible(page)

    # An unknown username locks in exactly the same way (no way to learn who exists).
    # (From another address, or this one's failures would reach the throttle first.)
    elsewhere = new_context().new_page()
    stranger = f"nobody-{secrets.token_hex(4)}"
    for attempt in range(1, LOCKOUT_FAILURES):
        response = post_sign_in(elsewhere, live_server.base_url, stranger, f"wrong-{attempt}")
        assert response.status == 200 and LOCKED not in response.text()
    sign_in(elsewhere, live_server.base_url, stranger, "wrong-again")
    assert error_summary(elsewhere) == summary

    # The lock lifts after SIGN_IN_LOCKOUT_SECONDS: on the other instance, the clock is
    # moved on that far (nobody waits). Just short of it, it still holds.
    clock_server.move_clock(LOCKOUT - 10)
    sign_in(page, clock_server.base_url, username, password)
    assert LOCKED in error_summary(page)
    clock_server.move_clock(11)
    sign_in(page, clock_server.base_url, username, password)
    expect(page).to_have_url(clock_server.url("/"))
    expect(page.get_by_role("button", name="Sign out")).to_be_visible()
    # That sign-in reset the count, so the main instance lets them in too.
    page.context.clear_cookies()
    sign_in(page, live_server.base_url, username, password)
    expect(page).to_have_url(live_server.url("/"))


def test_throttling_per_address(page, new_context, live_server, demo_users):
    for attempt in range(1, THROTTLE_FAILURES + 1):
        guess = f"guess-{attempt}-{secrets.token_hex(3)}"
        status = post_sign_in(page, live_server.base_url, guess, "x").status
        assert status == 200, f"attempt {attempt} was refused too early ({status})"
    response = sign_in(page, live_server.base_url, f"guess-{secrets.token_hex(3)}", "x")
    assert response.status == 429
    assert response.headers.get("retry-after")
    expect(page.get_by_role("heading", level=1)).to_have_text("Too many attempts")
    expect_no_traceback(page)
    assert_accessible(page)

    # From this address even a correct password is refused for now ...
    user = demo_users["auditor"]
    page.goto(live_server.url("/sign-in"))
    response = sign_in(page, live_server.base_url, user.username, user.password)
    assert response.status == 429

    # ... but from another address the same person signs in: the limit is per address.
    fresh = new_context().new_page()
    response = sign_in(fresh, live_server.base_url, user.username, user.password)
    assert response.status == 200
    expect_signed_in_as(fresh, user)


def test_idle_session_times_out(page, clock_server, demo_users):
    server = clock_server
    user = demo_users["practitioner"]
    sign_in(page, server.base_url, user.username, user.password)
    expect_signed_in_as(page, user)
    # Activity keeps the session alive past the timeout: it is idle time that counts.
    for _ in range(3):
        server.move_clock(IDLE_TIMEOUT - 60)
        page.goto(server.url("/"))
        expect_signed_in_as(page, user)

    server.move_clock(IDLE_TIMEOUT + 1)
    page.goto(server.url("/"))
    expect(page).to_have_url(server.url("/sign-in?next=/"))
    expect_sign_in_page(page)
    expect(page.locator(".govuk-notification-banner")).to_contain_text(
        "signed out because you had not done anything for a while"
    )
    assert_accessible(page)

    # Signing in again goes back to where you were.
    sign_in(page, server.base_url, user.username, user.password, path="/sign-in?next=/")
    expect(page).to_have_url(server.url("/"))
    expect_signed_in_as(page, user)


def test_session_survives_a_server_restart(page, live_server, demo_users):
    """The harness can kill the service mid-visit; a server-side session outlives it."""
    user = demo_users["administrator"]
    sign_in(page, live_server.base_url, user.username, user.password)
    expect_signed_in_as(page, user)
    live_server.stop(signal.SIGKILL)
    assert live_server.process is None
    live_server.start()
    page.reload()
    expect(page).to_have_url(live_server.url("/"))
    expect_signed_in_as(page, user)
