"""Family context in real Chromium: an administrator uploads a bad set and is told each
bad row; uploads a good set, previews, imports, confirms a held person; the practitioner
then sees who else knows the family on the case page. Axe on every page."""

from __future__ import annotations

from datetime import datetime

from playwright.sync_api import expect

from tests.casework.family_context_sets import bad_set, good_set, write

from .axe import assert_accessible


def _a_demo_case(page, live_server) -> tuple[str, str, tuple[str, str, str]]:
    """The first case on the practitioner's list whose child has a known date of birth:
    other browser tests on the same service add cases (an unborn child's, whose date
    is "Not known"), and which comes first depends on the order they ran in."""
    page.goto(live_server.url("/cases/"))
    links = page.locator("table a.govuk-link")
    paths = [links.nth(n).get_attribute("href") for n in range(links.count())]
    for path in paths:
        page.goto(live_server.url(path))
        born_text = page.locator(".govuk-summary-list__row", has_text="Date of birth").locator("dd")
        try:
            born = datetime.strptime(born_text.inner_text(), "%d %B %Y").date().isoformat()
        except ValueError:
            continue
        reference = page.locator(".govuk-caption-l").inner_text().split(" · ")[0]
        first, last = page.get_by_role("heading", level=1).inner_text().split(" ", 1)
        return path, reference, (first, last, born)
    raise AssertionError(f"no case on the list has a known date of birth: {paths}")


def test_an_administrator_imports_family_context_that_shows_on_the_case(
    page, new_context, live_server, sign_in_as, tmp_path
):
    worker = new_context().new_page()
    sign_in_as(worker, "practitioner")
    case_path, reference, child = _a_demo_case(worker, live_server)
    expect(worker.locator("#family-context")).to_be_visible()

    sign_in_as(page, "administrator")
    page.get_by_role("link", name="Import family context").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Import family context")
    assert_accessible(page)

    bad = write(tmp_path / "bad", bad_set(reference))
    page.get_by_label("The CSV files").set_input_files(sorted(bad.iterdir()))
    page.get_by_role("button", name="Check the files").click()
    expect(page.locator(".govuk-error-summary")).to_contain_text("Nothing was imported")
    problems = page.locator("#problems tbody tr")
    expect(problems).to_have_count(5)
    expect(page.locator("#problems")).to_contain_text("'31/02/2019' is not a real date.")
    expect(page).to_have_title("Error: Import family context – Convivial")
    assert_accessible(page)

    good = write(tmp_path / "good", good_set(reference, child))
    page.get_by_label("The CSV files").set_input_files(sorted(good.iterdir()))
    page.get_by_role("button", name="Check the files").click()
    expect(page.get_by_role("heading", level=1)).to_have_text(
        "Check the family context before importing"
    )
    expect(page.locator("#planned")).to_contain_text("Matched")
    assert_accessible(page)
    page.get_by_role("button", name="Import").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("People held for review")
    expect(page.locator(".govuk-notification-banner")).to_contain_text("Imported family context")
    assert_accessible(page)
    jade = page.locator("#held tbody tr", has_text=f"Jade {child[1]}").filter(has_text=reference)
    jade.get_by_role("button", name="Confirm").click()
    expect(page.locator(".govuk-notification-banner")).to_contain_text(
        f"Jade {child[1]}: confirmed"
    )

    worker.goto(live_server.url(case_path))
    panel = worker.locator("#family-context ~ .convivial-table-scroll")
    expect(panel.first).to_contain_text("Millbrook Primary School")
    expect(panel.first).to_contain_text("Ms Lena Ortiz, Designated safeguarding lead")
    expect(worker.locator("main")).to_contain_text("Northfield Police")
    expect(worker.locator("main")).to_contain_text("May be out of date")
    assert_accessible(worker)
