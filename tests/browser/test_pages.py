"""Home pages per role, error pages, small screens, print, and the built assets."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import expect

from .axe import assert_accessible
from .helpers import (
    brand_problems,
    expect_no_traceback,
    expect_signed_in_as,
    horizontal_overflow,
    sign_out,
)

HOME_HEADINGS = {
    "practitioner": "Your work",
    "team_manager": "Your team",
    "designer": "Form library",
    "administrator": "Users and teams",
    "auditor": "Audit log",
}


@pytest.mark.parametrize("role", list(HOME_HEADINGS))
def test_home_page_for_each_role(page, live_server, sign_in_as, role):
    user = sign_in_as(page, role)
    expect(page).to_have_url(live_server.url("/"))
    expect(page.get_by_role("heading", level=1)).to_have_text(HOME_HEADINGS[role])
    expect(page).to_have_title(f"{HOME_HEADINGS[role]} – Convivial")
    expect_signed_in_as(page, user)
    assert brand_problems(page) == []
    assert_accessible(page)
    assert page.console_errors == []


def test_forbidden_action_shows_the_403_page(page, sign_in_as):
    """A practitioner posting to an administrator's action is refused with a GOV.UK page."""
    user = sign_in_as(page, "practitioner")
    # Build the request a tampered form would send, with a valid CSRF token taken
    # from the page, so that only the role check can refuse it.
    with page.expect_navigation() as navigation:
        page.evaluate(
            """() => {
              const token = document.querySelector('input[name="csrf_token"]').value;
              const form = document.createElement('form');
              form.method = 'post';
              form.action = '/admin/users/1/active';
              const input = document.createElement('input');
              input.type = 'hidden'; input.name = 'csrf_token'; input.value = token;
              form.append(input);
              document.body.append(form);
              form.submit();
            }"""
        )
    assert navigation.value.status == 403
    expect(page.get_by_role("heading", level=1)).to_have_text("You do not have access to this page")
    expect(page).to_have_title("You do not have access to this page – Convivial")
    expect_signed_in_as(page, user)  # still signed in, just refused
    expect_no_traceback(page)
    assert_accessible(page)


@pytest.mark.parametrize("signed_in", [False, True], ids=["signed-out", "signed-in"])
def test_unknown_page_shows_the_404_page(page, live_server, sign_in_as, signed_in):
    if signed_in:
        sign_in_as(page, "designer")
    response = page.goto(live_server.url("/no-such-page/../really-not-here?x=<script>"))
    assert response.status == 404
    expect(page.get_by_role("heading", level=1)).to_have_text("Page not found")
    expect(page).to_have_title("Page not found – Convivial")
    expect_no_traceback(page)
    assert brand_problems(page) == []
    assert_accessible(page)


@pytest.mark.parametrize("role", ["practitioner", "team_manager", "administrator", "auditor"])
def test_no_horizontal_scroll_at_360px(new_context, live_server, sign_in_as, role):
    page = new_context(viewport={"width": 360, "height": 740}, is_mobile=True).new_page()
    page.goto(live_server.url("/sign-in"))
    overflow = horizontal_overflow(page)
    assert not overflow, "\n".join(overflow)
    sign_in_as(page, role)
    expect(page.get_by_role("heading", level=1)).to_have_text(HOME_HEADINGS[role])
    overflow = horizontal_overflow(page)
    assert not overflow, "\n".join(overflow)
    assert_accessible(page)
    # On a small screen the navigation folds into a menu; signing out still works.
    sign_out(page)
    expect(page.get_by_role("heading", level=1)).to_have_text("You have signed out")


def test_print_hides_the_header_and_footer(page, sign_in_as):
    sign_in_as(page, "practitioner")
    page.emulate_media(media="print")
    expect(page.get_by_role("banner")).to_be_hidden()
    expect(page.get_by_role("contentinfo")).to_be_hidden()
    expect(page.get_by_role("heading", level=1)).to_be_visible()
    page.emulate_media(media="screen")
    expect(page.get_by_role("banner")).to_be_visible()


def test_built_assets_are_served_and_used(page, live_server):
    page.goto(live_server.url("/sign-in"))
    # GOV.UK Frontend's JavaScript ran (app.mjs imported it from dist/).
    expect(page.locator("body")).to_have_class(re.compile(r"\bgovuk-frontend-supported\b"))
    # The stylesheet applied, with our system font stack and no GDS Transport.
    font = page.evaluate("() => getComputedStyle(document.querySelector('h1')).fontFamily")
    assert "system-ui" in font and "GDS Transport" not in font, font
    for path, kind in [
        ("/static/dist/convivial.css", "text/css"),
        ("/static/dist/govuk-frontend.mjs", "javascript"),
        ("/static/dist/moj-frontend.mjs", "javascript"),
        ("/static/dist/logic.js", "javascript"),
        ("/static/dist/images/favicon.svg", "image/svg+xml"),
        ("/static/dist/images/icon-document.svg", "image/svg+xml"),
    ]:
        response = page.request.get(live_server.url(path))
        assert response.status == 200, path
        assert kind in response.headers["content-type"], (path, response.headers["content-type"])
    css = page.request.get(live_server.url("/static/dist/convivial.css")).text()
    assert "GDS Transport" not in css and "@font-face" not in css
    # The MOJ bundle is a self-contained ES module of the one MOJ component with
    # behaviour that pages use; logic.js a classic script.
    exports = page.evaluate(
        "() => import('/static/dist/moj-frontend.mjs').then((m) => Object.keys(m))"
    )
    assert {"initAll", "AddAnother"} <= set(exports), exports
    answer = page.evaluate(
        """() => new Promise((resolve, reject) => {
          const script = document.createElement('script');
          script.src = '/static/dist/logic.js';
          script.onload = () => resolve(window.jsonLogic.apply({'+': [{var: 'a'}, 2]}, {a: 40}));
          script.onerror = reject;
          document.head.append(script);
        })"""
    )
    assert answer == 42
    # axe-core is for tests only; it is not served.
    assert page.request.get(live_server.url("/static/dist/axe.min.js")).status == 404
    assert page.console_errors == []
