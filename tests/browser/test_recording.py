"""Recording screens that never lose work, in real Chromium against the real service.

Live rules, autosave, pre-fill flowing forward through the child protection pathway,
validation, an expired session, a killed server, two people on one record, sign-out
clearing this device, and small screens. See docs/recording.md.
"""

from __future__ import annotations

import json
import re
import secrets
import signal
import time

import pytest
from playwright.sync_api import expect

from .axe import assert_accessible
from .helpers import horizontal_overflow, sign_in, sign_out
from .live_server import BASE_ENV, ROOT
from .recording_helpers import (
    complete_form,
    open_case,
    save_and_continue,
    server_answers,
    sign_off,
    start_stage,
    wait_until_saved,
)

ARTIFACTS = ROOT / "test-artifacts"
STATUS = ".convivial-saved"


def field(page, field_id: str):
    return page.locator(f'.convivial-field[data-field="{field_id}"]')


def drafts(page) -> dict:
    # Answers kept on this device; the queue of time spent (timing.mjs) is not answers.
    return page.evaluate(
        """() => Object.fromEntries(Object.keys(localStorage)
              .filter((k) => k.startsWith('convivial:') && k !== 'convivial:time')
              .map((k) => [k, JSON.parse(localStorage.getItem(k))]))"""
    )


def child_name() -> str:
    return "Rec" + secrets.token_hex(3)


def section_url(record_url: str, section: str) -> str:
    return f"{record_url}/sections/{section}"


# --- the pathway, end to end ---------------------------------------------------------


def test_child_protection_forms_with_live_rules_and_prefill(
    page, new_context, live_server, sign_in_as
):
    """Contact -> strategy discussion -> section 47 -> report -> initial conference,
    with conditional questions live, validation, and answers flowing forward."""
    sign_in_as(page, "practitioner")
    manager = new_context().new_page()
    sign_in_as(manager, "team_manager")
    case_url = open_case(page, live_server.base_url, child_name())
    assert_accessible(page)

    contact = start_stage(page, case_url, "Contact and referral")
    complete_form(page, contact, {"referral_decision": "strategy_discussion"})
    sign_off(manager, contact, axe=True)

    # The strategy discussion: the rules run as the practitioner answers.
    strategy = start_stage(page, case_url, "Strategy discussion")
    page.goto(section_url(strategy, "the_meeting"))
    assert_accessible(page)
    page.evaluate("() => { window.__samePage = true; }")  # gone if the page reloads
    officer, absent = field(page, "police_officer"), field(page, "why_police_absent")
    expect(officer).to_be_hidden()
    expect(absent).to_be_hidden()
    page.locator('[name="police_present"][value="yes"]').check()
    expect(officer).to_be_visible()
    expect(absent).to_be_hidden()
    expect(officer.get_by_role("textbox")).to_have_attribute("aria-required", "true")
    page.locator('[name="police_present"][value="no"]').check()
    expect(officer).to_be_hidden()
    expect(absent).to_be_visible()
    page.locator('[name="police_present"][value="yes"]').check()
    page.get_by_label("Police officer's name and collar number").fill("DC Ada Byrne 4521")
    assert page.evaluate("() => window.__samePage === true"), "the page reloaded"

    # Save and continue with required questions unanswered: GOV.UK error summary whose
    # links go to the fields, and nothing typed is lost.
    save_and_continue(page)
    summary = page.locator(".govuk-error-summary")
    expect(summary).to_be_visible()
    expect(summary.get_by_role("heading")).to_have_text("There is a problem")
    link = summary.get_by_role("link", name=re.compile("date of the strategy discussion", re.I))
    expect(link).to_have_attribute("href", "#discussion_date")
    link.click()
    expect(page.locator("#discussion_date")).to_be_focused()
    expect(page.get_by_label("Police officer's name and collar number")).to_have_value(
        "DC Ada Byrne 4521"
    )
    assert_accessible(page)

    complete_form(
        page,
        strategy,
        {"police_present": "yes", "decision": "section_47", "joint_with_police": "yes"},
    )
    sign_off(manager, strategy)

    # Section 47: the officer typed in the strategy discussion is already there, and the
    # contents page says where it came from.
    enquiry = start_stage(page, case_url, "Child protection enquiry (section 47)")
    expect(
        page.get_by_text(re.compile(r"Police officer.*: From Strategy discussion"))
    ).to_be_visible()
    page.goto(section_url(enquiry, "about_the_enquiry"))
    expect(page.get_by_label("Police officer in charge")).to_have_value("DC Ada Byrne 4521")
    complete_form(page, enquiry, {"enquiry_outcome": "conference_needed"})
    sign_off(manager, enquiry)

    report = start_stage(page, case_url, "Social work report to conference")
    complete_form(page, report, axe=False)
    sign_off(manager, report)

    conference = start_stage(page, case_url, "Initial child protection conference")
    complete_form(page, conference, {"conference_decision": "child_protection_plan"}, axe=False)
    sign_off(manager, conference)
    page.goto(case_url)
    expect(page.get_by_role("button", name=re.compile("First core group meeting"))).to_be_visible()
    assert page.console_errors == []


# --- small screens -------------------------------------------------------------------


_small_screen_urls: dict[str, dict[str, str]] = {}


@pytest.mark.parametrize("name", ["case", "section", "check-answers"])
def test_recording_pages_at_360px(page, new_context, live_server, sign_in_as, name):
    # Signing in checks the header's Sign out button, which is behind "Menu" at 360 px:
    # sign in at full width first, then reuse that session on the small screen.
    sign_in_as(page, "practitioner")
    if live_server.base_url not in _small_screen_urls:  # one record for the three pages
        case_url = open_case(page, live_server.base_url, child_name())
        record = start_stage(page, case_url, "Contact and referral")
        _small_screen_urls[live_server.base_url] = {
            "case": case_url,
            "section": section_url(record, "the_referral"),
            "check-answers": record + "/check",
        }
    url = _small_screen_urls[live_server.base_url][name]
    small = new_context(viewport={"width": 360, "height": 740}, is_mobile=True).new_page()
    sign_in_as(small, "practitioner")
    small.goto(url)
    ARTIFACTS.mkdir(exist_ok=True)
    small.screenshot(path=str(ARTIFACTS / f"recording-360-{name}.png"), full_page=True)
    assert_accessible(small)
    overflow = horizontal_overflow(small)
    assert not overflow, "\n".join(overflow)


# --- never lose work -----------------------------------------------------------------


def test_autosave_within_two_seconds_and_replays_nothing(page, live_server, sign_in_as):
    sign_in_as(page, "practitioner")
    record = start_stage(page, open_case(page, live_server.base_url, child_name()), "Contact")
    page.goto(section_url(record, "the_referral"))
    status = page.locator(STATUS)
    expect(status).to_have_attribute("role", "status")
    revision = page.locator('input[name="revision"]').input_value()
    key = page.locator('input[name="save_key"]').input_value()
    page.get_by_label("Referrer's name").fill("Ms Pat Reed")
    expect(status).to_have_text("Not saved yet")
    started = time.monotonic()
    wait_until_saved(page, timeout=4_000)
    assert time.monotonic() - started < 3.0
    # The page now builds on the saved revision, with a key the server has not seen.
    assert page.locator('input[name="revision"]').input_value() != revision
    assert page.locator('input[name="save_key"]').input_value() != key
    assert drafts(page) == {}
    assert server_answers(page, record, "the_referral")["referrer_name"] == "Ms Pat Reed"
    # "Save and come back later" right after typing: the pending autosave and the post
    # do not race, and the answer is kept.
    page.get_by_label("Referrer's name").fill("Ms Pat Reed-Jones")
    with page.expect_navigation():
        page.get_by_role("button", name="Save and come back later").click()
    expect(page).to_have_url(record)
    assert server_answers(page, record, "the_referral")["referrer_name"] == "Ms Pat Reed-Jones"
    # Signing out from a recording page with everything saved just signs out.
    page.goto(section_url(record, "the_referral"))
    sign_out(page)
    expect(page.get_by_role("heading", level=1)).to_have_text("You have signed out")
    assert page.console_errors == []


def test_autosave_sends_only_the_answer_that_changed(page, live_server, sign_in_as):
    sign_in_as(page, "practitioner")
    record = start_stage(page, open_case(page, live_server.base_url, child_name()), "Contact")
    page.goto(section_url(record, "the_referral"))
    page.get_by_label("What the referrer told us").fill("Saved first")
    wait_until_saved(page)
    with page.expect_request(
        lambda r: r.method == "POST" and "/sections/the_referral" in r.url
    ) as posted:
        page.get_by_label("Referrer's name").fill("Only this one")
    body = set(re.findall(r'name="([^"]+)"', posted.value.post_data))  # multipart FormData
    assert "referrer_name" in body
    assert "concern_description" not in body  # saved before, unchanged since
    assert "_section" not in body  # not the whole page: the server reads what is posted
    wait_until_saved(page)
    held = server_answers(page, record, "the_referral")
    assert held["referrer_name"] == "Only this one"
    assert held["concern_description"] == "Saved first"
    assert drafts(page) == {}


def test_answers_typed_before_the_page_script_runs_are_saved(page, live_server, sign_in_as):
    # The form is on screen before its script is wired up (a slow connection; on a long
    # form, the moment after it is first drawn): what is typed then is saved too.
    sign_in_as(page, "practitioner")
    record = start_stage(page, open_case(page, live_server.base_url, child_name()), "Contact")
    held = []
    page.route(
        re.compile(r"/static/.*recording\.[0-9a-f]+\.mjs$"), lambda route: held.append(route)
    )
    page.goto(section_url(record, "the_referral"), wait_until="commit")
    page.get_by_label("Referrer's name").fill("Typed straight away")
    page.get_by_label("What the referrer told us").fill("Before the script was ready")
    page.get_by_label("Who made the referral").select_option(label="A school")
    field(page, "parents_know").get_by_label("No", exact=True).check()
    assert len(held) == 1  # the script has not run yet
    held[0].continue_()
    wait_until_saved(page)
    held_now = server_answers(page, record, "the_referral")
    assert held_now["referrer_name"] == "Typed straight away"
    assert held_now["concern_description"] == "Before the script was ready"
    assert held_now["referral_source"] == "source_2a_school"
    assert held_now["parents_know"] == "no"
    assert drafts(page) == {}
    assert page.console_errors == []


def test_session_expiry_mid_form_loses_nothing(page, clock_server, sign_in_as, demo_users):
    server = clock_server
    sign_in_as(page, "practitioner", server)
    record = start_stage(page, open_case(page, server.base_url, child_name()), "Contact")
    page.goto(section_url(record, "the_referral"))
    page.get_by_label("Referrer's name").fill("Before the timeout")
    wait_until_saved(page)
    # Idle past the timeout on the server (the page's own clock does not move, so its
    # warning stays away: this is the page left open while the computer slept).
    server.move_clock(int(BASE_ENV["IDLE_TIMEOUT_SECONDS"]) + 1)
    page.get_by_label("What the referrer told us").fill("Typed after the session ended")
    page.get_by_label("Referrer's phone number or email").fill("07700 900123")
    banner = page.locator('[data-convivial-banner="signed-out"]')
    expect(banner).to_contain_text("You have been signed out")
    expect(banner).to_contain_text("Your answers are kept on this device")
    expect(page.locator(STATUS)).to_have_text(re.compile("^Not saved yet"))
    assert_accessible(page)
    stored = drafts(page)
    assert len(stored) == 1
    assert ["concern_description", "Typed after the session ended"] in next(iter(stored.values()))[
        "entries"
    ]

    # Sign in again in another tab, from the banner's link; then come back.
    link = banner.get_by_role("link", name=re.compile("Sign in again"))
    expect(link).to_have_attribute("href", re.compile(r"^/sign-in\?next=%2Frecords%2F"))
    with page.context.expect_page() as opened:
        link.click()
    other = opened.value
    user = demo_users["practitioner"]
    sign_in(
        other, server.base_url, user.username, user.password, path=other.url[len(server.base_url) :]
    )
    expect(other).to_have_url(section_url(record, "the_referral"))
    page.bring_to_front()
    page.evaluate("() => window.dispatchEvent(new Event('focus'))")  # headless has no focus
    wait_until_saved(page)
    expect(banner).to_be_hidden()
    # Carry on typing in the first tab: saved with a fresh token.
    page.get_by_label("How the referrer knows the child").fill("Neighbour")
    wait_until_saved(page)
    held = server_answers(page, record, "the_referral")
    assert held["referrer_name"] == "Before the timeout"
    assert held["concern_description"] == "Typed after the session ended"
    assert held["referrer_contact"] == "07700 900123"
    assert held["referrer_relationship"] == "Neighbour"
    assert drafts(page) == {}
    other.close()


def test_server_killed_mid_form_loses_nothing(page, live_server, sign_in_as):
    sign_in_as(page, "practitioner")
    record = start_stage(page, open_case(page, live_server.base_url, child_name()), "Contact")
    page.goto(section_url(record, "the_referral"))
    page.get_by_label("Referrer's name").fill("Saved before the crash")
    wait_until_saved(page)
    try:
        live_server.stop(signal.SIGKILL)  # the whole process group, as a crash would
        page.get_by_label("What the referrer told us").fill("Typed while the server was down")
        expect(page.locator(STATUS)).to_have_text("Not saved yet – trying again")
        assert "Typed while the server was down" in json.dumps(drafts(page))  # kept here
    finally:
        live_server.start()  # same port and database; later tests need it
    wait_until_saved(page, timeout=20_000)  # the retry's backoff is at most 8 s here
    assert drafts(page) == {}
    held = server_answers(page, record, "the_referral")
    assert held["referrer_name"] == "Saved before the crash"
    assert held["concern_description"] == "Typed while the server was down"


def offline(page):
    """Make every save from this page fail as if the network were down."""
    page.route(
        "**/records/*/sections/*",
        lambda route: route.abort() if route.request.method == "POST" else route.continue_(),
    )


def test_answers_typed_offline_are_restored_after_the_tab_closed(page, live_server, sign_in_as):
    sign_in_as(page, "practitioner")
    record = start_stage(page, open_case(page, live_server.base_url, child_name()), "Contact")
    url = section_url(record, "the_referral")
    page.goto(url)
    page.get_by_label("Referrer's name").fill("Saved while online")
    wait_until_saved(page)
    offline(page)
    page.get_by_label("Referrer's phone number or email").fill("Typed, then the tab closed")
    page.locator('[name="parents_know"][value="no"]').check()
    expect(page.locator(STATUS)).to_have_text("Not saved yet – trying again")
    context = page.context
    page.close()

    again = context.new_page()
    again.goto(url)
    expect(again.locator('[data-convivial-banner="restored"]')).to_contain_text(
        "We restored answers you typed that had not been saved yet"
    )
    expect(again.get_by_label("Referrer's phone number or email")).to_have_value(
        "Typed, then the tab closed"
    )
    # Restored answers drive the rules too: "why not told" shows for "no".
    expect(field(again, "why_parents_not_told")).to_be_visible()
    wait_until_saved(again)
    assert_accessible(again)
    held = server_answers(again, record, "the_referral")
    assert held["referrer_name"] == "Saved while online"
    assert held["referrer_contact"] == "Typed, then the tab closed"
    assert held["parents_know"] == "no"
    assert drafts(again) == {}
    # Loading the page again finds nothing left to restore.
    again.reload()
    expect(again.locator('[data-convivial-banner="restored"]')).to_have_count(0)


def test_two_people_on_one_record_see_a_conflict_not_a_lost_update(
    page, new_context, live_server, sign_in_as
):
    sign_in_as(page, "practitioner")
    record = start_stage(page, open_case(page, live_server.base_url, child_name()), "Contact")
    url = section_url(record, "the_referral")
    other = new_context().new_page()
    sign_in_as(other, "practitioner")
    page.goto(url)
    other.goto(url)

    page.get_by_label("Referrer's name").fill("First person's answer")
    wait_until_saved(page)
    other.get_by_label("Referrer's name").fill("Second person's answer")
    other.get_by_label("Referrer's phone number or email").fill("01632 960001")
    panel = other.locator("[data-convivial-conflicts]")
    expect(panel).to_contain_text("Someone else changed these answers while you were working")
    row = panel.locator('[data-conflict="referrer_name"]')
    expect(row).to_contain_text("Yours: Second person's answer")
    expect(row).to_contain_text("Saved by someone else: First person's answer")
    assert_accessible(other)
    held = server_answers(page, record, "the_referral")
    assert held["referrer_name"] == "First person's answer"  # not overwritten
    assert held["referrer_contact"] == "01632 960001"  # the other answer was applied
    # Until they choose, "Save and continue" does not quietly pick one.
    other.get_by_role("button", name="Save and continue").click()
    expect(other).to_have_url(url)
    # They choose to keep theirs: now, and only now, it is saved.
    row.get_by_role("button", name=re.compile("Keep mine")).click()
    expect(panel).to_be_hidden()
    wait_until_saved(other)
    assert server_answers(page, record, "the_referral")["referrer_name"] == "Second person's answer"


def test_answers_on_this_device_are_cleared_at_sign_out(page, live_server, sign_in_as):
    sign_in_as(page, "practitioner")
    record = start_stage(page, open_case(page, live_server.base_url, child_name()), "Contact")
    page.goto(section_url(record, "the_referral"))
    offline(page)  # saves fail, so the answer is only on this device
    page.get_by_label("Referrer's name").fill("Only on this device")
    expect(page.locator(STATUS)).to_have_text("Not saved yet – trying again")
    page.evaluate("() => localStorage.setItem('convivial:draft:/records/0/sections/x', '{}')")
    assert len(drafts(page)) == 2
    sign_out(page)
    expect(page.get_by_role("heading", level=1)).to_have_text("You have signed out")
    assert drafts(page) == {}
    assert page.evaluate("() => localStorage.length") == 0 or all(
        not key.startswith("convivial:") for key in page.evaluate("() => Object.keys(localStorage)")
    )


def test_signed_out_page_clears_this_device(page, live_server):
    page.goto(live_server.url("/signed-out"))
    page.evaluate("() => localStorage.setItem('convivial:draft:/records/1/sections/x', '{}')")
    page.reload()
    # The page's script is imported once the page is parsed (base.html), perhaps after
    # "load": wait for it to have cleared this device, as it must.
    page.wait_for_function(
        "() => !Object.keys(localStorage).some((k) => k.startsWith('convivial:'))"
    )


# --- one rule language in two places ---------------------------------------------------


def test_browser_rules_agree_with_the_server(page, live_server, sign_in_as):
    """rules.mjs's port of renderer/screens/logic.py against the Python original, over
    every show-if and calculation of the shipped forms, with answers that make each one
    true and false (rules.mjs evaluates with json-logic-js, the server with our port)."""
    from datetime import date

    from renderer.definitions import load_library
    from renderer.screens.logic import form_state

    sign_in_as(page, "practitioner")
    page.goto(live_server.url("/"))
    library = load_library(str(ROOT))
    forms = library.forms.values() if isinstance(library.forms, dict) else library.forms
    cases = []
    for form in forms:
        fields = [f for s in form.sections for f in s.fields]
        simple = [
            f for f in fields if f.type in ("yes_no", "single_choice", "number", "date", "text")
        ]
        for variant in range(3):
            values = {}
            for i, f in enumerate(simple):
                if f.type == "yes_no":
                    values[f.id] = ["yes", "no", None][(i + variant) % 3]
                elif f.type == "single_choice":
                    values[f.id] = f.options[(i + variant) % len(f.options)].id
                elif f.type == "number":
                    values[f.id] = [1, 5, None][(i + variant) % 3]
                elif f.type == "date":
                    values[f.id] = ["2026-01-31", None, "2025-12-01"][(i + variant) % 3]
            state = form_state(fields, values, date(2026, 11, 23))
            cases.append(
                {
                    "form": form.id,
                    "fields": [
                        {
                            "id": f.id,
                            "type": f.type,
                            "showIf": f.show_if,
                            "calculation": f.calculation,
                        }
                        for f in fields
                    ],
                    "values": {f.id: values.get(f.id) for f in fields if f.type != "calculated"},
                    "hidden": sorted(state.hidden),
                    "calculated": {
                        f.id: state.data.get(f.id)
                        for f in fields
                        if f.type == "calculated" and f.id not in state.hidden
                    },
                }
            )
    results = page.evaluate(
        """async (cases) => {
          if (!window.jsonLogic) {  // the home page does not load it; section pages do
            const script = document.createElement('script');
            script.src = '/static/dist/logic.js';
            await new Promise((resolve) => {
              script.onload = resolve;
              document.head.append(script);
            });
          }
          const rules = await import('/static/js/rules.mjs');
          return cases.map((c) => {
            const values = {};
            for (const f of c.fields) {
              if (f.type === 'calculated') continue;
              values[f.id] = ['text', 'long_text', 'yes_no', 'single_choice', 'number', 'date']
                .includes(f.type) ? c.values[f.id] : null;
            }
            const state = rules.evaluateFields(c.fields, values, {today: '2026-11-23'});
            const hidden = c.fields.filter((f) => state.shown[f.id] === false).map((f) => f.id);
            return {hidden: hidden.sort(), calculated: state.calculated};
          });
        }""",
        cases,
    )
    # A rule over an answer in another section, which the page was not given, leaves
    # the server's state alone; given that answer (data-rule-data), it is evaluated.
    other_section = page.evaluate(
        """async () => {
          const rules = await import('/static/js/rules.mjs');
          const fields = [{id: 'b', type: 'text', showIf: {'==': [{var: 'elsewhere'}, 'x']}}];
          return [{}, {elsewhere: 'x'}, {elsewhere: 'y'}].map(
            (base) => rules.evaluateFields(fields, {b: null}, base).shown.b);
        }"""
    )
    assert other_section == [None, True, False]
    assert len(results) == len(cases) > 30
    for case, result in zip(cases, results, strict=True):
        assert result["hidden"] == case["hidden"], case["form"]
        assert json.dumps(result["calculated"], sort_keys=True) == json.dumps(
            case["calculated"], sort_keys=True
        ), case["form"]
