"""The visual designer in Chromium: a form built, previewed, reviewed and published by
keyboard alone; a practitioner recording on the redesigned form; axe on every page.

"Keyboard only": every control is reached with focus() and operated with key presses
(typing, Enter, Space, arrow keys); nothing is clicked.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
import time
import urllib.request

import pytest
import yaml
from playwright.sync_api import Page, expect

from .axe import assert_accessible
from .helpers import sign_in
from .live_server import BASE_ENV, ROOT, free_port, run_cli
from .recording_helpers import open_case, start_stage

NAV = {"exclude": [[".govuk-service-navigation__wrapper"]]}


@pytest.fixture(scope="module")
def designer_server(tmp_path_factory, browser):
    """Its own database, library copy and server (with the designer registered)."""
    tmp = tmp_path_factory.mktemp("designer")
    library = tmp / "library"
    for folder in ("form_library", "pathways", "change_log"):
        shutil.copytree(ROOT / folder, library / folder)
    env = {k: v for k, v in os.environ.items() if k != "TEST_DATABASE_URL"}
    env.update(BASE_ENV)
    env.update(
        {
            "DATABASE_URL": "sqlite:///" + str(tmp / "designer.sqlite3"),
            "SECRET_KEY": "designer-browser-tests-" + "x" * 20,
            "CONVIVIAL_INSTANCE": str(tmp / "instance"),
            "CONVIVIAL_LIBRARY": str(library),
            "PYTHONUNBUFFERED": "1",
        }
    )
    run_cli(["init-db"], env)
    output = run_cli(["demo"], env)
    password = re.search(r"password for all:\s*(\S+?)\)?:?\s*$", output, re.I | re.M).group(1)
    port = free_port()
    log = (tmp / "server.log").open("wb")
    process = subprocess.Popen(  # noqa: S603 - our own module
        [sys.executable, "-m", "tests.designer.serve", str(port)],
        env=env,
        cwd=ROOT,
        stdout=log,
        stderr=subprocess.STDOUT,
    )
    base = f"http://127.0.0.1:{port}"
    for _ in range(300):
        try:
            with urllib.request.urlopen(base + "/healthz", timeout=1) as response:  # noqa: S310
                if response.status == 200:
                    break
        except OSError:
            time.sleep(0.1)
    else:
        process.terminate()
        pytest.fail((tmp / "server.log").read_text()[-3000:])
    yield {"url": base, "password": password, "library": library}
    process.terminate()
    process.wait(10)
    log.close()


def focus(page: Page, locator) -> None:
    locator.focus()
    expect(locator).to_be_focused()


def type_into(page: Page, locator, text: str) -> None:
    focus(page, locator)
    page.keyboard.press("Control+A")
    page.keyboard.press("Delete")
    page.keyboard.type(text)


def press(page: Page, locator, key: str = "Enter") -> None:
    focus(page, locator)
    with page.expect_navigation():
        page.keyboard.press(key)


def choose(page: Page, select, value: str) -> None:
    """Pick an option of a <select> with the arrow keys."""
    focus(page, select)
    page.keyboard.press("Home")
    for _ in range(600):
        if select.input_value() == value:
            return
        page.keyboard.press("ArrowDown")
    raise AssertionError(f"{value} is not an option")


def checked(page: Page, box) -> None:
    focus(page, box)
    page.keyboard.press("Space")
    expect(box).to_be_checked()


def add_question(page: Page, section_title: str, label: str, kind: str) -> None:
    form = page.locator("form.convivial-add").filter(
        has_text=f"Add a question to ‘{section_title}’"
    )
    type_into(page, form.get_by_label("Wording"), label)
    choose(page, form.get_by_label("Type"), kind)
    press(page, form.get_by_role("button", name=re.compile("Add the question")))
    expect(page.get_by_role("heading", level=1)).to_contain_text(label)


def save_question(page: Page) -> None:
    press(page, page.get_by_role("button", name="Save the question"))
    expect(page.get_by_role("heading", level=1)).to_have_text("Questions")


_PAGES: list[Page] = []


@pytest.fixture(autouse=True)
def keep_pages_on_failure(request, new_context):  # noqa: ARG001 - closes after contexts
    """On failure, leave each page's HTML in test-artifacts/ (the shared `page` fixture
    does this for its own page; these tests use several signed-in pages)."""
    _PAGES.clear()
    yield
    report = getattr(request.node, "rep_call", None)
    if report is not None and report.failed:
        folder = ROOT / "test-artifacts"
        folder.mkdir(exist_ok=True)
        for n, page in enumerate(_PAGES):
            if not page.is_closed():
                name = f"designer_{request.node.name}_{n}.html"
                (folder / name).write_text(page.content())


def as_user(new_context, server, username: str) -> Page:
    page = new_context().new_page()
    _PAGES.append(page)
    sign_in(page, server["url"], username, server["password"])
    return page


def review_by_manager(new_context, server, review_url: str) -> None:
    mo = as_user(new_context, server, "mo")
    mo.goto(review_url)
    expect(mo.get_by_text("Write your own view first")).to_be_visible()
    assert_accessible(mo, context=NAV)
    type_into(mo, mo.get_by_label("Your view of this change"), "Clear, and the family sees it.")
    press(mo, mo.get_by_role("button", name="Record my view"))
    expect(mo.get_by_text("Clear, and the family sees it.")).to_be_visible()
    press(mo, mo.get_by_role("button", name=re.compile("Approve revision")))
    expect(mo.get_by_text("Approved by Mo Hassan")).to_be_visible()
    assert_accessible(mo, context=NAV)


def test_build_preview_review_and_publish_a_new_form_by_keyboard(designer_server, new_context):
    server = designer_server
    page = as_user(new_context, server, "dee")
    page.goto(server["url"] + "/designer/")
    assert_accessible(page, context=NAV)
    press(page, page.get_by_role("link", name="Start a new form"))
    type_into(page, page.get_by_label("What is the new form called?"), "Family network meeting")
    press(page, page.get_by_role("button", name="Start the form"))
    assert_accessible(page, context=NAV)

    type_into(page, page.get_by_label("Add a section: its title"), "About the meeting")
    press(page, page.get_by_role("button", name="Add the section"))
    add_question(page, "About the meeting", "Were the police there", "yes_no")
    checked(page, page.get_by_label("The practitioner must answer it"))
    save_question(page)
    add_question(page, "About the meeting", "Police officer's name", "text")
    assert_accessible(page, context=NAV)
    show_if = page.get_by_role("group", name="Show this question only when")
    choose(page, show_if.get_by_label("Condition 1: question"), "were_the_police_there")
    type_into(page, show_if.get_by_label("Condition 1: value"), "Yes")
    save_question(page)
    expect(page.get_by_text("Shown only when ‘Were the police there’ is ‘Yes’")).to_be_visible()
    add_question(page, "About the meeting", "Date of the meeting", "date")
    choose(page, page.get_by_label("Validation 1: the answer"), "at_most")
    choose(page, page.get_by_label("Validation 1: or compare with"), "today")
    type_into(page, page.get_by_label("Validation 1: message"), "The meeting must have happened")
    save_question(page)

    # The empty purpose is shown as an error until the details are filled in.
    expect(page.locator(".govuk-error-summary")).to_contain_text("purpose")
    press(page, page.get_by_role("link", name="Details and output"))
    type_into(
        page, page.get_by_label("Why this form exists"), "To agree who helps keep the child safe."
    )
    type_into(page, page.get_by_label("Title of the family document"), "What we agreed")
    press(page, page.get_by_role("button", name="Save the details"))
    assert_accessible(page, context=NAV)
    press(page, page.get_by_role("link", name="Questions"))
    expect(page.get_by_text("No errors")).to_be_visible()
    assert_accessible(page, context=NAV)

    press(page, page.get_by_role("link", name="Preview"))
    officer = page.locator('[data-field="police_officer_s_name"]')
    expect(officer).to_be_hidden()
    # The condition works live in the preview, as it will for practitioners.
    page.locator('[data-field="were_the_police_there"] input[value="yes"]').focus()
    page.keyboard.press("Space")
    expect(officer).to_be_visible()
    page.locator('[data-field="were_the_police_there"] input[value="no"]').focus()
    page.keyboard.press("Space")
    expect(officer).to_be_hidden()
    expect(page.get_by_text("What we agreed")).to_be_visible()
    assert_accessible(page, context=NAV)
    press(page, page.get_by_role("link", name="Phone width (360 pixels)"))
    assert page.locator(".convivial-preview--phone").first.bounding_box()["width"] <= 360
    assert_accessible(page, context=NAV)

    press(page, page.get_by_role("link", name="Advanced", exact=True))
    expect(page.get_by_label("The form in YAML")).to_contain_text("id: family_network_meeting")
    assert_accessible(page, context=NAV)

    press(page, page.get_by_role("link", name="Review and publish"))
    rationale = "Nothing recorded what the network agreed; families asked for it in writing."
    type_into(page, page.get_by_label("Why is the working group making this change?"), rationale)
    press(page, page.get_by_role("button", name="Propose the change"))
    type_into(page, page.get_by_label("Your view of this change"), "We need this.")
    press(page, page.get_by_role("button", name="Record my view"))
    assert_accessible(page, context=NAV)

    review_by_manager(new_context, server, page.url)

    page.reload()
    press(page, page.get_by_role("button", name="Publish version 1"))
    expect(page.get_by_text("Version 1 is published")).to_be_visible()
    assert_accessible(page, context=NAV)
    page.goto(server["url"] + "/designer/")
    expect(page.get_by_text(f"Family network meeting version 1: {rationale}")).to_be_visible()
    changes = list((server["library"] / "change_log" / "family_network_meeting").glob("*.yaml"))
    assert len(changes) == 1 and rationale in changes[0].read_text()

    # The pathway editor puts the new form into child protection, pre-filled from the
    # referral; the expert YAML view adds the trigger that starts it with every case.
    press(page, page.get_by_role("button", name="Redesign the pathway Child protection"))
    assert_accessible(page, context=NAV)
    add_stage = page.get_by_role("group", name="Add a stage")
    choose(page, add_stage.get_by_label("Form recorded at this stage"), "family_network_meeting")
    type_into(page, add_stage.get_by_label("Title of the stage"), "Family network meeting")
    press(page, add_stage.get_by_role("button", name="Add the stage"))
    press(page, page.get_by_role("link", name="Edit stage Family network meeting"))
    assert_accessible(page, context=NAV)
    type_into(page, page.get_by_label("How many"), "5")
    choose(page, page.get_by_label("Counted from"), "stage_started:contact_referral")
    choose(page, page.get_by_label("Pre-fill 1: question in this stage"), "were_the_police_there")
    choose(page, page.get_by_label("Pre-fill 1: from"), "strategy_discussion:police_present")
    type_into(page, page.get_by_label("Pre-fill 1: why"), "Asked once, at the strategy discussion.")
    press(page, page.get_by_role("button", name="Save the stage"))
    expect(page.get_by_text("No errors")).to_be_visible()
    press(page, page.get_by_role("link", name="Advanced", exact=True))
    yaml_box = page.get_by_label("The pathway in YAML")
    focus(page, yaml_box)
    page.keyboard.press("Control+End")
    page.keyboard.type(
        "  - id: open_family_network_meeting\n    'on':\n      case_opened: true\n"
        "    start: family_network_meeting\n"
    )
    expect(page.locator("#yaml-live")).to_contain_text("No errors so far")
    press(page, page.get_by_role("button", name="Check and save the YAML"))
    press(page, page.get_by_role("link", name="Review and publish"))
    type_into(
        page,
        page.get_by_label("Why is the working group making this change?"),
        "The network meeting now starts with every child protection case.",
    )
    press(page, page.get_by_role("button", name="Propose the change"))
    type_into(page, page.get_by_label("Your view of this change"), "Yes.")
    press(page, page.get_by_role("button", name="Record my view"))
    review_by_manager(new_context, server, page.url)
    page.reload()
    # Counted from the shipped pathway, which moves on as the library does.
    shipped = yaml.safe_load((ROOT / "pathways" / "child_protection.yaml").read_text())
    next_version = shipped["version"] + 1
    press(page, page.get_by_role("button", name=f"Publish version {next_version}"))
    expect(page.get_by_text(f"Version {next_version} is published")).to_be_visible()

    # A practitioner records on the new form.
    pat = as_user(new_context, server, "pat")
    case_url = open_case(pat, server["url"], "Network")
    start_stage(pat, case_url, "Family network meeting")
    with pat.expect_navigation():
        pat.locator(".govuk-task-list a").first.click()
    expect(pat.get_by_role("heading", level=1)).to_have_text("About the meeting")
    expect(pat.locator('[data-field="were_the_police_there"]')).to_be_visible()


def test_a_practitioner_records_on_the_redesigned_form(designer_server, new_context):
    server = designer_server
    page = as_user(new_context, server, "dee")
    page.goto(server["url"] + "/designer/")
    press(page, page.get_by_role("button", name="Redesign Contact and referral"))
    add_question(page, "About the child", "What does the family want to happen", "long_text")
    save_question(page)
    press(page, page.get_by_role("link", name="Review and publish"))
    # Impact before publishing: records on the old version keep it.
    expect(page.get_by_text(re.compile(r"\d+ records? in progress"))).to_be_visible()
    statutory = page.get_by_text(re.compile("Statutory: .*children in need census"))
    expect(statutory.first).to_be_visible()
    type_into(
        page,
        page.get_by_label("Why is the working group making this change?"),
        "Families want to say what they hope for from the first contact.",
    )
    press(page, page.get_by_role("button", name="Propose the change"))
    type_into(page, page.get_by_label("Your view of this change"), "Yes.")
    press(page, page.get_by_role("button", name="Record my view"))
    review_by_manager(new_context, server, page.url)
    page.reload()
    shipped = yaml.safe_load((ROOT / "form_library" / "contact_referral.yaml").read_text())
    next_version = shipped["version"] + 1  # counted from the shipped library, which moves on
    press(page, page.get_by_role("button", name=f"Publish version {next_version}"))
    expect(page.get_by_text(f"Version {next_version} is published")).to_be_visible()

    pat = as_user(new_context, server, "pat")
    case_url = open_case(pat, server["url"], "Designer")
    start_stage(pat, case_url, "Contact and referral")
    pat.locator(".govuk-task-list a").first.click()
    expect(pat.get_by_label("What does the family want to happen")).to_be_visible()


def test_drag_and_drop_reorders_questions_and_the_buttons_still_work(designer_server, new_context):
    """Drag and drop is the mouse's way; the page reloads with what the server saved."""
    server = designer_server
    page = as_user(new_context, server, "dee")
    page.goto(server["url"] + "/designer/")
    press(page, page.get_by_role("button", name="Redesign Strategy discussion"))
    rows = page.locator(".convivial-fields").first.locator(":scope > .convivial-field-row")
    first, second = rows.nth(0).get_attribute("id"), rows.nth(1).get_attribute("id")
    rows.nth(1).drag_to(rows.nth(0))
    # The drop sets the address's #fragment (a navigation of its own) and then reloads, so
    # wait for the order to change rather than for "a navigation": the script never moves
    # rows itself, so the new order can only come from the page the server sends back.
    expect(rows.nth(0)).to_have_id(second)
    expect(rows.nth(1)).to_have_id(first)
    expect(page).to_have_url(re.compile(f"#{second}$"))


def test_pathway_diagram_and_duplicates_pages_are_accessible(designer_server, new_context):
    server = designer_server
    page = as_user(new_context, server, "mo")
    page.goto(server["url"] + "/designer/pathways/child_protection")
    expect(page.get_by_role("img", name=re.compile("Child protection: the stages"))).to_be_visible()
    assert_accessible(page, context=NAV)
    press(page, page.get_by_role("link", name="Questions asked twice in this pathway"))
    expect(page.locator("#summary")).to_contain_text("still to decide")
    expect(page.locator(".govuk-summary-card").first).to_contain_text("Suggestion: pre-fill")
    assert_accessible(page, context=NAV)


def test_a_note_type_s_settings_changed_in_words_by_keyboard(designer_server, new_context):
    server = designer_server
    page = as_user(new_context, server, "dee")
    page.goto(server["url"] + "/designer/")
    press(page, page.get_by_role("button", name="Redesign Phone call"))
    press(page, page.get_by_role("link", name="Details and output"))
    expect(page.get_by_label("This is a case note")).to_be_checked()
    expect(page.get_by_label("Which question gives the date of the contact")).to_have_value(
        "contact_date"
    )
    assert_accessible(page, context=NAV)
    visit = page.get_by_role("group", name="When does this note count as a visit")
    spoke = "When the child was seen (the answer to ‘Did you speak to the child?’ is Yes)"
    checked(page, visit.get_by_label(spoke, exact=True))
    checked(page, page.get_by_label("Counts as a significant event for the chronology"))
    press(page, page.get_by_role("button", name="Save the details"))
    expect(page.get_by_label(spoke, exact=True)).to_be_checked()
    expect(page.get_by_label("Counts as a significant event for the chronology")).to_be_checked()
    assert_accessible(page, context=NAV)
    press(page, page.get_by_role("link", name="Advanced", exact=True))
    text = page.get_by_label("The form in YAML").input_value()
    assert "significant: true" in text and "- var: child_seen\n" in text
