"""The designer by keyboard and at phone width: "Add a question" in a few key presses,
every history and import page's back link inside a landmark (axe with every rule,
`region` included), and the library, the duplication finder and the impact page at 360 px
without sideways scrolling.
"""

from __future__ import annotations

import re

from playwright.sync_api import Page, expect

from .axe import assert_accessible
from .helpers import horizontal_overflow, sign_in
from .test_designer import (  # noqa: F401 - fixtures used by name
    NAV,
    as_user,
    designer_server,
    keep_pages_on_failure,
    press,
)

MOST_TABS = 60  # the walk without the skip link gives up after this many


def _focused(page: Page) -> dict:
    return page.evaluate(
        "() => ({id: document.activeElement.id, text: document.activeElement.textContent.trim()})"
    )


def _tabs_until(page: Page, wanted, most: int = MOST_TABS) -> int | None:
    """Tab presses from the top of the page until `wanted(focused)` holds, or None."""
    for n in range(1, most + 1):
        page.keyboard.press("Tab")
        if wanted(_focused(page)):
            return n
    return None


def test_add_a_question_is_a_few_key_presses_from_the_top(designer_server, new_context):  # noqa: F811 - the imported fixture
    page = as_user(new_context, designer_server, "dee")
    page.goto(designer_server["url"] + "/designer/")
    press(page, page.get_by_role("button", name="Redesign Child and family assessment"))
    expect(page.get_by_role("heading", level=1)).to_have_text("Questions")
    skip = page.locator("a.govuk-skip-link", has_text="Skip to adding a question")
    wanted = skip.get_attribute("href").removeprefix("#")
    first_input = page.locator(f"#{wanted}")
    expect(first_input).to_have_accessible_name("Wording")

    # Without the skip link, the walk passes every question's Edit, Move and Delete.
    page.reload()
    plain = _tabs_until(page, lambda f: f["id"] == wanted, most=400)
    print(f"Tab presses to 'Add a question' walking the page: {plain}")
    assert plain is None or plain > MOST_TABS

    page.reload()
    tabs = _tabs_until(page, lambda f: f["text"] == "Skip to adding a question")
    page.keyboard.press("Enter")
    expect(first_input).to_be_focused()
    presses = tabs + 1
    print(f"'Add a question' reached in {presses} key presses ({tabs} Tab and Enter)")
    assert presses <= 3
    page.keyboard.type("How the child gets to school")
    expect(first_input).to_have_value("How the child gets to school")
    # The in-page list reaches every section's "Add a question" too.
    jump = page.get_by_role("navigation", name="Add a question to a section")
    expect(jump.get_by_role("link")).to_have_count(
        page.locator("section.convivial-section").count()
    )
    assert_accessible(page, context=NAV)


def _import_pages(page: Page, base: str) -> list[str]:
    """The upload page, then the choose and confirm pages of an import of this library's
    own export (uploaded by keyboard)."""
    export = page.request.get(base + "/designer/pathways/early_help/export.zip")
    assert export.ok
    page.goto(base + "/library/imports/new")
    pages = [page.url]
    page.locator("input[type=file]").set_input_files(
        files=[{"name": "council-a.zip", "mimeType": "application/zip", "buffer": export.body()}]
    )
    press(page, page.get_by_role("button", name="Check the bundle"))
    pages.append(page.url)
    return pages


def test_history_and_import_pages_have_every_element_in_a_landmark(designer_server, new_context):  # noqa: F811 - the imported fixture
    base = designer_server["url"]
    page = as_user(new_context, designer_server, "dee")
    urls = [
        "/library/changes",
        "/library/forms/strategy_discussion/history",
        "/library/forms/strategy_discussion/diff",
        "/library/forms/strategy_discussion/specification",
        "/library/pathways/child_protection/history",
        "/library/pathways/child_protection/diff",
        "/library/pathways/child_protection/specification",
    ]
    checked = []
    for url in urls:
        page.goto(base + url)
        assert page.locator("main h1").count() == 1, url
        assert_accessible(page, context=NAV, all_rules=True)
        checked.append(page.url)
    checked += _import_pages(page, base)
    assert_accessible(page, context=NAV, all_rules=True)
    page.goto(checked[-2])
    assert_accessible(page, context=NAV, all_rules=True)
    back = page.locator(".govuk-back-link")
    for url in checked:
        page.goto(url)
        for n in range(back.count()):
            inside = back.nth(n).evaluate("(a) => !!a.closest('main, nav, header, footer, aside')")
            assert inside, f"a back link outside any landmark on {url}"
    assert len(checked) >= 9


def test_the_library_and_the_finder_fit_a_360_px_screen(designer_server, new_context):  # noqa: F811 - the imported fixture
    page = new_context(viewport={"width": 360, "height": 740}).new_page()
    sign_in(page, designer_server["url"], "dee", designer_server["password"])
    for url in (
        "/designer/",
        "/designer/pathways/child_protection/duplicates",
    ):
        page.goto(designer_server["url"] + url)
        assert horizontal_overflow(page) == [], url
        assert_accessible(page, context=NAV)
    page.goto(designer_server["url"] + "/designer/")
    row = page.get_by_role("row").filter(has_text="Strategy discussion").first
    # Each cell on a line of its own, its column named before it.
    expect(row.locator("td[data-label='Why it exists']")).to_be_visible()
    label = row.locator("td[data-label='Why it exists']").evaluate(
        "(td) => getComputedStyle(td, '::before').content"
    )
    assert "Why it exists" in label
    box = row.bounding_box()
    assert box is not None and box["width"] <= 360


def test_a_duplicate_answered_by_keyboard_and_the_impact_page(designer_server, new_context):  # noqa: F811 - the imported fixture
    base = designer_server["url"]
    page = as_user(new_context, designer_server, "dee")
    page.goto(base + "/designer/pathways/child_in_need/duplicates")
    expect(page.locator("#summary")).to_contain_text("2 questions are still to decide")
    assert_accessible(page, context=NAV)
    card = page.locator(".govuk-summary-card").first
    # A reason is needed: the page says so next to the box and keeps the other answers.
    press(page, card.get_by_role("button", name=re.compile("Not the same question")))
    expect(page.locator(".govuk-error-message").first).to_contain_text(
        "Say why it is not the same question"
    )
    card = page.locator(".govuk-summary-card").first
    box = card.get_by_label("If it is not the same question, why not?")
    box.focus()
    page.keyboard.type("The outcome records what the family disagrees with now.")
    press(page, card.get_by_role("button", name=re.compile("Not the same question")))
    expect(page.locator(".govuk-notification-banner")).to_contain_text("kept apart")
    expect(page.locator("#summary")).to_contain_text("1 question is still to decide")
    assert_accessible(page, context=NAV)
    # The decision is an edit to the pathway's draft: its impact says what happens to cases.
    press(page, page.get_by_role("link", name="draft of this pathway"))
    press(page, page.get_by_role("link", name="Review and publish"))
    press(page, page.get_by_role("link", name="What publishing will do, on a page of its own"))
    expect(page.get_by_role("heading", level=1)).to_have_text("What publishing will do")
    expect(page.get_by_text("Open cases stay on the version they were opened on")).to_be_visible()
    expect(page.locator("#cases-by-version")).to_contain_text("Version")
    assert_accessible(page, context=NAV)


def test_the_pathway_page_fits_a_360_px_screen(designer_server, new_context):  # noqa: F811 - the imported fixture
    """The pathway page: the page itself never scrolls sideways; the diagram scrolls inside
    its own labelled region, which a keyboard user can reach; each stage reads as a block."""
    page = new_context(viewport={"width": 360, "height": 740}).new_page()
    sign_in(page, designer_server["url"], "dee", designer_server["password"])
    page.goto(designer_server["url"] + "/designer/pathways/child_protection")
    expect(page.get_by_role("heading", level=1)).to_be_visible()
    assert horizontal_overflow(page) == []
    assert_accessible(page, context=NAV)
    region = page.get_by_role("region", name=re.compile("Pathway diagram"))
    expect(region).to_be_visible()
    assert region.evaluate("(el) => el.tabIndex") == 0
    box = region.bounding_box()
    assert box is not None and box["x"] >= 0 and box["x"] + box["width"] <= 360
    row = page.get_by_role("row").filter(has_text="Strategy discussion").first
    label = row.locator("td[data-label='Timescale']").evaluate(
        "(td) => getComputedStyle(td, '::before').content"
    )
    assert "Timescale" in label
    box = row.bounding_box()
    assert box is not None and box["width"] <= 360
    # The draft's own "Stages and diagram" page, with its stage list and controls.
    page.goto(designer_server["url"] + "/designer/")
    press(page, page.get_by_role("button", name="Redesign the pathway Early help"))
    expect(page.get_by_role("heading", level=1)).to_have_text("Stages and diagram")
    assert horizontal_overflow(page) == []
    assert_accessible(page, context=NAV)
    expect(page.get_by_role("region", name=re.compile("Pathway diagram"))).to_be_visible()
