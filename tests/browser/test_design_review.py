"""Review that can say no, in Chromium: changes asked for, made and approved; a draft
rejected; a draft discarded; an import that waits for a second person. axe on every
page. Controls are reached by focus and operated with keys, as in test_designer.py."""

from __future__ import annotations

import re

from playwright.sync_api import expect

from tests.history.conftest import copy_library
from tests.history.councils import council_a_bundle

from .axe import assert_accessible
from .test_designer import (  # noqa: F401 - the module's server and failure pages
    NAV,
    ROOT,
    add_question,
    as_user,
    designer_server,
    keep_pages_on_failure,
    press,
    save_question,
    type_into,
)


def propose(page, rationale: str) -> None:
    press(page, page.get_by_role("link", name="Review and publish"))
    type_into(page, page.get_by_label("Why is the working group making this change?"), rationale)
    press(page, page.get_by_role("button", name="Propose the change"))
    expect(page.get_by_text("Sent for approval")).to_be_visible()


def write_view(page, view: str) -> None:
    type_into(page, page.get_by_label("Your view of this change"), view)
    press(page, page.get_by_role("button", name="Record my view"))
    expect(page.get_by_text(view)).to_be_visible()


def test_changes_asked_for_then_resubmitted_approved_and_published(designer_server, new_context):  # noqa: F811 - the imported fixture
    server = designer_server
    dee = as_user(new_context, server, "dee")
    dee.goto(server["url"] + "/designer/")
    press(dee, dee.get_by_role("button", name="Redesign Strategy discussion"))
    add_question(dee, "The discussion", "Who chaired the discussion", "text")
    save_question(dee)
    propose(dee, "Nobody recorded who chaired the discussion.")
    assert_accessible(dee, context=NAV)
    review_url = dee.url

    mo = as_user(new_context, server, "mo")
    mo.goto(server["url"] + "/")
    expect(mo.get_by_text(re.compile(r"1 design or import from other people"))).to_be_visible()
    press(mo, mo.get_by_role("link", name="Waiting for approval"))
    expect(mo.get_by_role("table", name=re.compile("Waiting for your approval"))).to_be_visible()
    assert_accessible(mo, context=NAV)
    press(mo, mo.get_by_role("link", name=re.compile("Strategy discussion")))
    write_view(mo, "Useful, but say why.")
    asked = "Add a hint that says why we ask who chaired it."
    type_into(mo, mo.get_by_label("What should change"), asked)
    press(mo, mo.get_by_role("button", name="Ask for changes"))
    expect(mo.get_by_text("Sent back to its author")).to_be_visible()
    assert_accessible(mo, context=NAV)

    dee.goto(server["url"] + "/designer/")
    expect(dee.locator(".govuk-tag", has_text="Changes requested")).to_be_visible()
    assert_accessible(dee, context=NAV)
    press(dee, dee.get_by_role("link", name="Open the draft of Strategy discussion"))
    expect(dee.get_by_role("heading", name="Changes asked for")).to_be_visible()
    expect(dee.get_by_text(asked)).to_be_visible()
    assert_accessible(dee, context=NAV)
    type_into(
        dee,
        dee.get_by_label("Why is the working group making this change?"),
        "Nobody recorded who chaired the discussion; the hint says why it matters.",
    )
    press(dee, dee.get_by_role("button", name="Send it for approval again"))
    write_view(dee, "The chair's name matters for the conference.")

    mo.goto(review_url)
    expect(mo.get_by_text("Changes asked for earlier")).to_be_visible()
    press(mo, mo.get_by_role("button", name=re.compile("Approve revision")))
    expect(mo.get_by_text("Approved by Mo Hassan")).to_be_visible()
    assert_accessible(mo, context=NAV)

    dee.reload()
    press(dee, dee.get_by_role("button", name=re.compile("Publish version")))
    expect(dee.get_by_text(re.compile(r"Version \d+ is published"))).to_be_visible()
    assert_accessible(dee, context=NAV)
    log = sorted((server["library"] / "change_log" / "strategy_discussion").glob("*.yaml"))[-1]
    assert "Useful, but say why." in log.read_text()


def test_a_rejected_draft_and_a_discarded_one(designer_server, new_context):  # noqa: F811 - the imported fixture
    server = designer_server
    dee = as_user(new_context, server, "dee")
    dee.goto(server["url"] + "/designer/")
    press(dee, dee.get_by_role("button", name="Redesign Care plan"))
    propose(dee, "A shorter care plan.")
    write_view(dee, "Shorter is kinder.")
    review_url = dee.url

    mo = as_user(new_context, server, "mo")
    mo.goto(review_url)
    write_view(mo, "It drops what the plan review needs.")
    type_into(mo, mo.get_by_label("Why you are rejecting it"), "The review conference needs it.")
    press(mo, mo.get_by_role("button", name="Reject"))
    expect(mo.get_by_role("heading", name="Rejected")).to_be_visible()
    expect(mo.get_by_role("button", name=re.compile("Approve"))).to_have_count(0)
    assert_accessible(mo, context=NAV)

    dee.goto(server["url"] + "/designer/")
    expect(dee.locator(".govuk-tag", has_text="Rejected")).to_be_visible()
    press(dee, dee.get_by_role("link", name="Why the draft of Care plan was rejected"))
    expect(dee.get_by_text("Why: The review conference needs it.")).to_be_visible()
    expect(dee.get_by_role("button", name=re.compile("Publish"))).to_have_count(0)
    assert_accessible(dee, context=NAV)

    # Discard: asked first, then gone from the library.
    dee.goto(server["url"] + "/designer/")
    press(dee, dee.get_by_role("button", name="Redesign Phone call"))
    press(dee, dee.get_by_role("link", name="Review and publish"))
    press(dee, dee.get_by_role("link", name="Discard this draft"))
    expect(dee.get_by_role("heading", level=1)).to_have_text("Discard ‘Phone call’?")
    assert_accessible(dee, context=NAV)
    press(dee, dee.get_by_role("button", name="Yes, discard it"))
    expect(dee.get_by_text("‘Phone call’ was discarded.")).to_be_visible()
    expect(dee.get_by_role("button", name="Redesign Phone call")).to_be_visible()
    assert_accessible(dee, context=NAV)


def test_an_import_waits_for_a_second_person(designer_server, new_context, tmp_path):  # noqa: F811 - the imported fixture
    server = designer_server
    bundle = council_a_bundle(copy_library(tmp_path / "a"), tmp_path / "council-a.zip")
    dee = as_user(new_context, server, "dee")
    dee.goto(server["url"] + "/library/imports/new")
    dee.get_by_label("Bundle file").set_input_files(str(bundle))
    press(dee, dee.get_by_role("button", name="Check the bundle"))
    expect(dee.get_by_role("heading", name="Choose the changes to take")).to_be_visible()
    expect(
        dee.get_by_text("Plainer words after the learning lab in Northtown").first
    ).to_be_visible()
    assert_accessible(dee, context=NAV)
    type_into(
        dee, dee.get_by_label("Why are you taking these changes?"), "Their words are plainer."
    )
    press(dee, dee.get_by_role("button", name="Continue"))
    assert_accessible(dee, context=NAV)
    press(dee, dee.get_by_role("button", name="Send for approval"))
    expect(dee.get_by_text("You started this import, so someone else approves it.")).to_be_visible()
    expect(dee.get_by_role("button", name=re.compile("Approve"))).to_have_count(0)
    expect(dee.get_by_role("button", name=re.compile("Publish"))).to_have_count(0)
    assert_accessible(dee, context=NAV)
    review_url = dee.url
    before = (server["library"] / "form_library" / "strategy_discussion.yaml").read_text()

    mo = as_user(new_context, server, "mo")
    mo.goto(server["url"] + "/designer/waiting")
    press(mo, mo.get_by_role("link", name=re.compile("Changes from Council A")))
    # The reasons first, then each change as a sentence.
    expect(mo.get_by_text("Their words are plainer.")).to_be_visible()
    expect(mo.get_by_text("Added question 'What the child likes to be called'")).to_be_visible()
    assert_accessible(mo, context=NAV)
    write_view(mo, "Plainer for families; the statutory field stays.")
    press(mo, mo.get_by_role("button", name="Approve the import"))
    expect(mo.get_by_text("Approved by Mo Hassan")).to_be_visible()
    assert_accessible(mo, context=NAV)
    assert (server["library"] / "form_library" / "strategy_discussion.yaml").read_text() == before

    dee.goto(review_url)
    press(dee, dee.get_by_role("button", name="Publish the imported changes"))
    expect(dee.get_by_role("heading", name="The imported changes are live")).to_be_visible()
    assert_accessible(dee, context=NAV)
    after = (server["library"] / "form_library" / "strategy_discussion.yaml").read_text()
    assert after != before and "What the child likes to be called" in after
