"""Changing a password, and a temporary password that must be changed at next sign-in,
in a real browser against the real service, with axe on every page."""

from __future__ import annotations

import secrets

import pytest
from playwright.sync_api import expect

from .axe import assert_accessible
from .helpers import DemoUser, expect_sign_in_page, expect_signed_in_as, sign_in, sign_out
from .live_server import run_cli


@pytest.fixture
def own_user(live_server, server_logs) -> DemoUser:
    """A practitioner of this test's own, so changing their password disturbs no other test."""
    tag = secrets.token_hex(4)
    # The name is unique too: the administrator's test finds the person by it.
    made = DemoUser(f"pw-{tag}", secrets.token_urlsafe(18), "practitioner", f"Robin Ash {tag}")
    run_cli(
        ["create-user", made.username, "--role", made.role, "--team", "Browser tests"]
        + ["--name", made.name],
        live_server.env,
        log=server_logs / "setup.log",
        stdin=made.password + "\n",
    )
    return made


def fill_change_form(page, current: str, new: str, confirm: str | None = None) -> None:
    page.get_by_label("password", exact=False).first.fill(current)
    page.get_by_label("New password", exact=True).fill(new)
    page.get_by_label("Confirm new password", exact=True).fill(new if confirm is None else confirm)
    with page.expect_navigation():
        page.get_by_role("button", name="Change password").click()


def test_changing_your_password(page, new_context, live_server, own_user):
    sign_in(page, live_server.base_url, own_user.username, own_user.password)
    expect_signed_in_as(page, own_user)
    # Signed in on another device too: that session must end when the password changes.
    other = new_context().new_page()
    sign_in(other, live_server.base_url, own_user.username, own_user.password)
    expect_signed_in_as(other, own_user)

    page.get_by_role("banner").get_by_role("link", name="Change password").click()
    expect(page).to_have_url(live_server.url("/account/password"))
    expect(page).to_have_title("Change your password – Convivial")
    for label, autocomplete in (
        ("Current password", "current-password"),
        ("New password", "new-password"),
        ("Confirm new password", "new-password"),
    ):
        field = page.get_by_label(label, exact=True)
        expect(field).to_have_attribute("autocomplete", autocomplete)
        expect(field).to_have_attribute("type", "password")
    assert_accessible(page)

    # A common password is refused with what to do, linked from the error summary.
    fill_change_form(page, own_user.password, "Password1234!")
    expect(page).to_have_title("Error: Change your password – Convivial")
    summary = page.locator(".govuk-error-summary")
    expect(summary).to_be_focused()
    expect(summary).to_contain_text(
        "Choose a password that is harder to guess: it is on a list of passwords people often use"
    )
    summary.get_by_role("link").first.click()
    expect(page.get_by_label("New password", exact=True)).to_be_focused()
    assert "Password1234!" not in page.content()
    assert_accessible(page)

    # Mismatched boxes are refused too.
    new_password = f"harbour tractor {secrets.token_hex(3)} violet"
    fill_change_form(page, own_user.password, new_password, new_password + "x")
    expect(page.locator(".govuk-error-summary")).to_contain_text(
        "Enter the same new password in both boxes"
    )

    fill_change_form(page, own_user.password, new_password)
    expect(page).to_have_url(live_server.url("/"))
    expect(page.locator(".govuk-notification-banner--success")).to_contain_text(
        "You have changed your password"
    )
    expect_signed_in_as(page, own_user)
    assert_accessible(page)

    # The other device was signed out; the old password no longer works; the new one does.
    other.reload()
    expect_sign_in_page(other)
    sign_in(other, live_server.base_url, own_user.username, own_user.password)
    expect(other.locator(".govuk-error-summary")).to_contain_text(
        "Enter a correct username and password"
    )
    sign_in(other, live_server.base_url, own_user.username, new_password)
    expect_signed_in_as(other, own_user)
    sign_out(page)
    assert page.console_errors == []


def test_a_temporary_password_must_be_changed_at_next_sign_in(
    page, new_context, live_server, sign_in_as, own_user
):
    sign_in_as(page, "administrator")
    page.get_by_role("link", name=f"Set a temporary password for {own_user.name}").click()
    expect(page.get_by_role("heading", level=1)).to_have_text(
        f"Set a temporary password for {own_user.name}"
    )
    expect(page.get_by_label("Temporary password (optional)")).to_have_attribute(
        "autocomplete", "off"
    )
    assert_accessible(page)

    # A typed password is checked by the same policy.
    page.get_by_label("Temporary password (optional)").fill("password1234")
    with page.expect_navigation():
        page.get_by_role("button", name="Set temporary password").click()
    expect(page.locator(".govuk-error-summary")).to_contain_text(
        "it is on a list of passwords people often use"
    )
    assert_accessible(page)

    # Left empty, Convivial makes one up and shows it once.
    page.get_by_label("Temporary password (optional)").fill("")
    with page.expect_navigation():
        page.get_by_role("button", name="Set temporary password").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("Temporary password set")
    temporary = page.locator("#temporary-password").inner_text().strip()
    assert len(temporary) == 19
    expect(page.get_by_text("This is the only time it is shown")).to_be_visible()
    assert_accessible(page)
    page.get_by_role("link", name="Go back to users and teams").click()
    expect(page.locator("body")).not_to_contain_text(temporary)

    # The person signs in with it and must choose their own before anything else.
    person = new_context().new_page()
    sign_in(person, live_server.base_url, own_user.username, temporary)
    expect(person).to_have_url(live_server.url("/account/password?next=/"))
    expect(person.get_by_role("heading", level=1)).to_have_text("Choose a new password")
    expect(person.get_by_text("temporary password from your administrator")).to_be_visible()
    assert_accessible(person)
    person.goto(live_server.url("/cases/"))
    expect(person).to_have_url(live_server.url("/account/password?next=/cases/"))

    chosen = f"lantern gravel {secrets.token_hex(3)} pepper"
    person.get_by_label("Temporary password", exact=True).fill(temporary)
    person.get_by_label("New password", exact=True).fill(chosen)
    person.get_by_label("Confirm new password", exact=True).fill(chosen)
    with person.expect_navigation():
        person.get_by_role("button", name="Change password").click()
    expect(person).to_have_url(live_server.url("/cases/"))
    expect(person.locator(".govuk-notification-banner--success")).to_contain_text(
        "You have changed your password"
    )
    assert_accessible(person)
    person.goto(live_server.url("/"))
    expect(person).to_have_url(live_server.url("/"))
    expect_signed_in_as(person, own_user)
    assert page.console_errors == []
