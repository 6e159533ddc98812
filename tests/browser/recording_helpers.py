"""Helpers for the recording tests: open a case, start a stage, fill any section by type.

``fill_section(page, answers)`` answers every visible required field of the section on
screen (``data-required`` or required now by ``data-required-if``) by its ``data-type``,
plus every field named in ``answers`` (field id -> text, option id, list of option ids
or ISO date), through the inputs and the events a person's typing fires. It repeats
while answering reveals more required fields, so the long shipped forms can be
completed without knowing them.
"""

from __future__ import annotations

import re
import time
from datetime import date

from playwright.sync_api import Page, expect

from .axe import assert_accessible

# Fill one pass in the page: returns the ids it answered. Runs in the browser so that a
# 60-question form takes one round trip, yet it sets values exactly as typing would
# (value, then input and change events that bubble to the form).
_FILL_JS = """
([answers, today, force]) => {
  const form = document.querySelector('form[data-autosave]');
  const filled = [];
  const CHOICES = ['yes_no', 'single_choice', 'multiple_choice', 'person', 'scale_score'];
  const visible = (el) => !el.closest('[hidden]');
  const own = (w) => [...w.querySelectorAll('input, textarea, select')].filter(
    (i) => i.closest('.convivial-field') === w && visible(i) && i.type !== 'hidden');
  const fire = (input) => {
    input.dispatchEvent(new Event('input', {bubbles: true}));
    input.dispatchEvent(new Event('change', {bubbles: true}));
  };
  const setText = (input, value) => { input.value = value; fire(input); };
  const setDate = (inputs, iso) => {
    const [y, m, d] = iso.split('-');
    for (const input of inputs) {
      const part = input.name.split('-').pop();
      setText(input, {day: String(Number(d)), month: String(Number(m)), year: y}[part]);
    }
  };
  const choose = (inputs, values) => {
    const select = inputs.find((i) => i.tagName === 'SELECT');
    if (select) {
      select.value = values ? values[0] : [...select.options].find((o) => o.value).value;
      fire(select);
      return;
    }
    const boxes = inputs.filter((i) => i.type === 'radio' || i.type === 'checkbox');
    const wanted = values || [boxes[0].value];
    for (const box of boxes) {
      const on = wanted.includes(box.value);
      if (box.checked !== on) { box.checked = on; fire(box); }
    }
  };
  const inside = (w) => [...w.querySelectorAll('input, textarea, select')].filter(
    (i) => visible(i) && i.type !== 'hidden');
  const answered = (w) => {
    const inputs = own(w);
    if (!inputs.length) {  // a composite or a list: answered if any part is
      return inside(w).some((i) => (i.type === 'radio' || i.type === 'checkbox')
        ? i.checked : i.value.trim() !== '');
    }
    if (inputs.some((i) => i.type === 'radio' || i.type === 'checkbox')) {
      return inputs.some((i) => i.checked);
    }
    return inputs.every((i) => i.value.trim() !== '');
  };
  // A composite needing "at least something" (child's words, a list): its parts that
  // are required are answered by the loop below, as they are fields of their own; here
  // answer its first text part, and the next pass answers what that makes required.
  const fillParts = (w) => {
    const part = [...w.querySelectorAll('.convivial-field[data-field]')].find(
      (p) => visible(p) && ['text', 'long_text'].includes(p.dataset.type) && own(p).length);
    if (part) {
      setText(own(part)[0], `Answer to ${part.dataset.field.replaceAll('_', ' ')}`);
      return;
    }
    for (const input of inside(w)) {
      const typed = input.tagName === 'TEXTAREA' || input.type === 'text';
      if (typed && !input.value.trim()) setText(input, 'Answered by the browser test');
    }
  };
  for (const w of form.querySelectorAll('.convivial-field[data-field]')) {
    if (!visible(w)) continue;
    const id = w.dataset.field;
    const given = Object.prototype.hasOwnProperty.call(answers, id) ? answers[id] : undefined;
    const required = w.dataset.required === 'true' || w.hasAttribute('data-required-now')
      || force.includes(id);
    if (given === undefined && (!required || answered(w))) continue;
    const inputs = own(w);
    const type = w.dataset.type;
    if ((type === 'text' || type === 'long_text') && inputs.length) {
      setText(inputs[0], given ?? `Answer to ${id.replaceAll('_', ' ')}`);
    } else if (type === 'number' && inputs.length) {
      setText(inputs[0], String(given ?? 1));
    } else if (type === 'date' && inputs.length) {
      setDate(inputs, given ?? today);
    } else if (CHOICES.includes(type) && inputs.length) {
      choose(inputs, given === undefined ? null : [].concat(given));
    } else {
      fillParts(w);
    }
    filled.push(id);
  }
  return filled;
}
"""


def open_case(page: Page, base_url: str, first_name: str, last_name: str = "Browser") -> str:
    """Open a child protection case through the form; returns the case page's URL."""
    page.goto(base_url + "/cases/new")
    page.get_by_label("Child protection", exact=True).check()
    page.get_by_label("First name").fill(first_name)
    page.get_by_label("Last name").fill(last_name)
    for group, (day, month, year) in {
        "date_of_birth": ("2", "3", "2016"),
        "referral_received": _parts(date.today()),
    }.items():
        page.locator(f"#{group}-day").fill(day)
        page.locator(f"#{group}-month").fill(month)
        page.locator(f"#{group}-year").fill(year)
    with page.expect_navigation():
        page.get_by_role("button", name=re.compile("Open")).click()
    expect(page.get_by_role("heading", level=1)).to_have_text(f"{first_name} {last_name}")
    return page.url


def _parts(day: date) -> tuple[str, str, str]:
    return str(day.day), str(day.month), str(day.year)


def start_stage(page: Page, case_url: str, stage_title: str) -> str:
    """From the case page, start (or open) a stage's form; returns the record's URL."""
    page.goto(case_url)  # fresh: a stage appears once the previous one is signed off
    with page.expect_navigation():
        page.get_by_role("button", name=re.compile(re.escape(stage_title))).click()
    expect(page).to_have_url(re.compile(r"/records/\d+$"))
    return page.url


def fill_section(
    page: Page, answers: dict | None = None, force: list[str] | tuple = ()
) -> list[str]:
    """Answer the section on screen; returns the field ids answered. ``force``: fields
    to answer as if required (those the server said were required)."""
    answers = dict(answers or {})
    today = date.today().isoformat()
    done: list[str] = []
    for _ in range(4):  # answering can reveal more required questions
        filled = page.evaluate(_FILL_JS, [answers, today, list(force)])
        done += filled
        for field_id in filled:
            answers.pop(field_id, None)
        if not filled:
            break
    return done


def errored_fields(page: Page) -> list[str]:
    """Field ids the error summary links to."""
    return page.evaluate(
        """() => [...document.querySelectorAll('.govuk-error-summary a[href^="#"]')]
              .map((a) => document.getElementById(a.getAttribute('href').slice(1)))
              .map((el) => el && el.closest('.convivial-field[data-field]'))
              .filter(Boolean).map((w) => w.dataset.field)"""
    )


def wait_until_saved(page: Page, timeout: float = 8_000) -> None:
    """Wait for the autosave status to say everything typed has been saved."""
    expect(page.locator(".convivial-saved")).to_have_text(
        re.compile(r"^Saved at \d\d:\d\d$"), timeout=timeout
    )


def save_and_continue(page: Page) -> None:
    with page.expect_navigation():
        page.get_by_role("button", name="Save and continue").click()


def complete_form(
    page: Page, record_url: str, answers: dict | None = None, *, axe: bool = True
) -> None:
    """Fill every section of a record in order, then submit it from the check page.

    Fails with the error summary's text if a section does not pass its checks.
    """
    answers = dict(answers or {})
    page.goto(record_url)
    if axe:
        assert_accessible(page)
    with page.expect_navigation():
        page.locator(".govuk-task-list a").first.click()
    while re.search(r"/sections/[a-z0-9_]+$", page.url):
        section = page.url.rsplit("/", 1)[1]
        if axe:
            assert_accessible(page)
        fill_section(page, answers)
        save_and_continue(page)
        if page.locator(".govuk-error-summary").count():
            # Required by a rule over another section's answer, which this page cannot
            # evaluate (see docs/recording.md, "rule data"): answer what the server named.
            fill_section(page, force=errored_fields(page))
            save_and_continue(page)
        summary = page.locator(".govuk-error-summary")
        if summary.count():
            raise AssertionError(f"section {section} did not pass: {summary.inner_text()}")
    expect(page).to_have_url(re.compile(r"/records/\d+/check$"))
    if axe:
        assert_accessible(page)
    with page.expect_navigation():
        page.get_by_role("button", name="Submit").click()
    expect(page).to_have_url(re.compile(r"/cases/\d+$"))


def sign_off(page: Page, record_url: str, *, axe: bool = False) -> None:
    """As a team manager: sign off a submitted record."""
    page.goto(record_url)
    if axe:
        assert_accessible(page)
    page.get_by_label("Sign it off").check()
    with page.expect_navigation():
        page.get_by_role("button", name="Record decision").click()
    expect(page.locator(".govuk-notification-banner")).to_contain_text("completed")


def server_answers(page: Page, record_url: str, section: str) -> dict:
    """What the server holds for a section, read from a fresh copy of its page (in a
    new page of the same context, so the page under test is left alone)."""
    other = page.context.new_page()
    try:
        other.goto(f"{record_url}/sections/{section}")
        return other.evaluate(
            """() => {
              const out = {};
              const form = document.querySelector('form[data-autosave]');
              for (const [name, value] of new FormData(form)) {
                if (['csrf_token', 'save_key', '_action', '_section'].includes(name)) continue;
                out[name] = name in out ? [].concat(out[name], value) : value;
              }
              return out;
            }"""
        )
    finally:
        other.close()


def wait_for(condition, timeout: float = 10.0, interval: float = 0.05):
    """Poll ``condition()`` until it returns something truthy; return that."""
    deadline = time.monotonic() + timeout
    while True:
        value = condition()
        if value or time.monotonic() > deadline:
            return value
        time.sleep(interval)
