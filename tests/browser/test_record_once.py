"""Record once: a child protection case walked from contact to the initial conference in
real Chromium, entering each fact once (issue 12; docs/language.md, "Case facts").

Every question the test types is remembered (its id, type and wording). On every page of
every later form, each visible question that is still empty must be one no earlier form
asked, unless the page says it is asked afresh (the working group's note). An address
corrected in the strategy discussion reaches the later forms, the referral keeps what it
said, and every pre-filled question names its source beside itself. Axe runs on every page.
"""

from __future__ import annotations

import re
import secrets
from datetime import date

from playwright.sync_api import Page, expect

from .axe import assert_accessible
from .recording_helpers import (
    errored_fields,
    fill_section,
    open_case,
    save_and_continue,
    sign_off,
    start_stage,
)

# What every visible top-level question on the page holds: id, type, wording, choices,
# whether it is answered, and the line beside it saying where a pre-filled answer came
# from. A choice is the same question only with the same choices (as `convivial check`).
_QUESTIONS_JS = """
() => [...document.querySelectorAll('form[data-autosave] .convivial-field[data-field]')]
  .filter((w) => !w.hasAttribute('data-item-field') && !w.closest('[hidden]'))
  .map((w) => {
    const inputs = [...w.querySelectorAll('input, textarea, select')]
      .filter((i) => i.type !== 'hidden' && !i.closest('[hidden]'));
    const answered = inputs.some((i) => (i.type === 'radio' || i.type === 'checkbox')
      ? i.checked : i.value.trim() !== '');
    const label = w.querySelector('label, legend, h2, h3');
    const source = w.querySelector('[data-source]');
    const options = inputs.filter((i) => i.type === 'radio' || i.type === 'checkbox')
      .map((i) => i.value).concat([...w.querySelectorAll('option')].map((o) => o.value))
      .filter((v) => v).sort().join(' ');
    return {id: w.dataset.field, type: w.dataset.type, answered, options,
            label: label ? label.textContent.trim() : '',
            source: source ? source.textContent.trim() : null};
  })
"""
NOT_ASKED = {"guidance", "calculated", "manager_authorisation", "file"}


def _wording(text: str) -> str:
    return " ".join(re.sub(r"[^a-z0-9 ]", "", text.lower()).split())


class Walk:
    """The questions typed so far, and the checks each later page must pass."""

    def __init__(self, page: Page):
        self.page = page
        self.typed: dict[tuple, str] = {}  # (id, type, choices) -> form title
        self.wordings: dict[tuple, str] = {}  # (wording, type, choices) -> form title
        self.sources_seen: list[str] = []
        self.empty_checked = 0  # so the check below cannot pass by seeing nothing

    def questions(self) -> list[dict]:
        return self.page.evaluate(_QUESTIONS_JS)

    def check_nothing_asked_again(self, form_title: str) -> None:
        for q in self.questions():
            if q["type"] in NOT_ASKED:
                continue
            if q["source"]:
                self.sources_seen.append(q["source"])
                assert q["source"].startswith(("Filled in for you. From ", "Asked afresh here: "))
            if q["answered"] or (q["source"] or "").startswith("Asked afresh here: "):
                continue
            self.empty_checked += 1
            earlier = self.typed.get((q["id"], q["type"], q["options"])) or self.wordings.get(
                (_wording(q["label"]), q["type"], q["options"])
            )
            assert earlier is None, (
                f"{form_title} asks '{q['label']}' ({q['id']}) again, already answered on {earlier}"
            )

    def remember(self, form_title: str, filled: list[str]) -> None:
        by_id = {q["id"]: q for q in self.questions()}
        for field_id in filled:
            q = by_id.get(field_id)
            if q is None:
                continue
            self.typed.setdefault((q["id"], q["type"], q["options"]), form_title)
            self.wordings.setdefault((_wording(q["label"]), q["type"], q["options"]), form_title)

    def complete(
        self,
        record_url: str,
        form_title: str,
        answers: dict | None = None,
        force: tuple[str, ...] = (),
        on_section=None,
    ) -> None:
        """Fill each section (checking it first), then submit from the check page."""
        page = self.page
        answers = dict(answers or {})
        page.goto(record_url)
        assert_accessible(page)
        with page.expect_navigation():
            page.locator(".govuk-task-list a").first.click()
        while re.search(r"/sections/[a-z0-9_]+$", page.url):
            assert_accessible(page)
            self.check_nothing_asked_again(form_title)
            if on_section:
                on_section(page.url.rsplit("/", 1)[1])
            filled = fill_section(page, answers, force=[f for f in force if f not in answers])
            self.remember(form_title, filled)
            for field_id in filled:
                answers.pop(field_id, None)
            save_and_continue(page)
            if page.locator(".govuk-error-summary").count():
                filled = fill_section(page, force=errored_fields(page))
                self.remember(form_title, filled)
                save_and_continue(page)
            summary = page.locator(".govuk-error-summary")
            assert not summary.count(), summary.inner_text()
        expect(page).to_have_url(re.compile(r"/records/\d+/check$"))
        assert_accessible(page)
        with page.expect_navigation():
            page.get_by_role("button", name="Submit").click()
        expect(page).to_have_url(re.compile(r"/cases/\d+$"))


def _address(page: Page) -> str:
    return page.locator('[data-field="child_address"] textarea').input_value()


def test_a_case_walked_to_conference_asks_each_fact_once(
    page, new_context, live_server, sign_in_as, demo_users
):
    sign_in_as(page, "practitioner")
    worker = demo_users["practitioner"].name
    manager = new_context().new_page()
    sign_in_as(manager, "team_manager")
    case_url = open_case(page, live_server.base_url, "Once" + secrets.token_hex(3))
    assert_accessible(page)
    walk = Walk(page)
    today = date.today().strftime("%-d %B %Y")
    first_address = "14 Larch Close, Northfield NF2 7QD"
    corrected = "Flat 3, 9 Mill Lane, Northfield NF1 4AB"

    contact = start_stage(page, case_url, "Contact and referral")
    walk.complete(
        contact,
        "Contact and referral",
        {
            "child_address": first_address,
            "child_school": "Northfield Primary School",
            "referral_decision": "strategy_discussion",
        },
    )
    sign_off(manager, contact, axe=True)

    # The strategy discussion starts from the contact's address, says so beside it, and
    # the practitioner corrects it.
    def strategy_page(section: str) -> None:
        if section == "about_the_child":
            assert _address(page) == first_address
            source = page.locator("#child_address-source")
            expect(source).to_have_text(
                f"Filled in for you. From Contact and referral, {today}, by {worker}. "
                "Check it is still right."
            )
            page.locator('[data-field="child_address"] textarea').fill(corrected)

    strategy = start_stage(page, case_url, "Strategy discussion")
    walk.complete(
        strategy,
        "Strategy discussion",
        {
            "police_present": "yes",
            "police_officer": "DC Ada Byrne 4521",
            "decision": "section_47",
            "joint_with_police": "yes",
        },
        force=("past_harm", "complicating_factors", "existing_strengths", "existing_safety"),
        on_section=strategy_page,
    )
    sign_off(manager, strategy)

    enquiry = start_stage(page, case_url, "Child protection enquiry (section 47)")
    walk.complete(
        enquiry,
        "Child protection enquiry (section 47)",
        {"enquiry_outcome": "conference_needed", "proposed_category": "neg_neglect"},
        force=("parents_views", "outcome_reason"),
    )
    sign_off(manager, enquiry)

    # The report starts from what the discussion and the enquiry hold.
    def report_page(section: str) -> None:
        for q in walk.questions():
            if q["id"] in ("past_harm", "existing_safety", "parents_views", "recommended_category"):
                assert q["answered"], f"{q['id']} was not carried into the report"
                assert q["source"].startswith("Filled in for you. From "), q

    report = start_stage(page, case_url, "Social work report to conference")
    walk.complete(report, "Social work report to conference", on_section=report_page)
    sign_off(manager, report)

    conference = start_stage(page, case_url, "Initial child protection conference")
    walk.complete(
        conference,
        "Initial child protection conference",
        {"conference_decision": "child_protection_plan"},
    )
    sign_off(manager, conference)

    assert walk.empty_checked > 50 and len(walk.typed) > 30

    # Pre-fills named their forms: the corrected address came from the strategy discussion.
    assert any(
        s.startswith("Filled in for you. From Strategy discussion") for s in walk.sources_seen
    )
    assert any(
        s.startswith("Filled in for you. From Section 47 enquiry") for s in walk.sources_seen
    )

    # The case page: the corrected address now, the contact's one in its history.
    page.goto(case_url)
    assert_accessible(page)
    facts = page.locator("dl.convivial-facts")
    row = facts.locator(".govuk-summary-list__row", has_text="Where the child lives")
    expect(row).to_contain_text(corrected)
    expect(row).to_contain_text(f"From Strategy discussion, {today}, by {worker}")
    row.get_by_text("Earlier answers (1)").click()
    expect(row).to_contain_text(first_address)
    assert_accessible(page)

    # The contact record still says what it said.
    page.goto(contact + "/check")
    expect(page.get_by_text(first_address)).to_be_visible()
    assert page.console_errors == []
