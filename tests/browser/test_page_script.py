"""The page's script comes after the page: the questions are in, and DOMContentLoaded has
fired, before it runs; once it does, live rules and autosave work. See docs/frontend.md."""

from __future__ import annotations

import re
import secrets

from playwright.sync_api import expect

from .axe import assert_accessible
from .recording_helpers import open_case, server_answers, start_stage, wait_until_saved

HELD = re.compile(r"/static/.*/js/recording\.[0-9a-f]+\.mjs$")


def test_the_page_is_parsed_before_its_script_arrives(page, live_server, sign_in_as):
    sign_in_as(page, "practitioner")
    case_url = open_case(page, live_server.base_url, "Early" + secrets.token_hex(3))
    record = start_stage(page, case_url, "Contact")
    held = []
    page.route(HELD, lambda route: held.append(route))
    # A <script type="module"> would hold DOMContentLoaded back until it had been
    # fetched and run: with it held, this would time out.
    page.goto(f"{record}/sections/the_referral", wait_until="domcontentloaded", timeout=15_000)
    assert len(held) == 1  # the page's script has not arrived
    consent = page.locator('.convivial-field[data-field="parents_consent"]')
    expect(consent).to_be_hidden()  # hidden by the server: nothing moves when rules arrive
    assert page.evaluate("() => document.readyState") != "loading"

    held[0].continue_()
    page.locator('[name="parents_know"][value="yes"]').check()
    expect(consent).to_be_visible()  # the live rule works once the script has run
    wait_until_saved(page)
    assert server_answers(page, record, "the_referral")["parents_know"] == "yes"
    assert_accessible(page)
    assert page.console_errors == []
