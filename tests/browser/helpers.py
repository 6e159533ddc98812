"""Helpers for browser tests: demo sign-ins, signing in and out, page checks."""

from __future__ import annotations

import re
from dataclasses import dataclass

from playwright.sync_api import APIResponse, Page, expect

ROLES = ("practitioner", "team_manager", "designer", "administrator", "auditor")

_PASSWORD_LINE = re.compile(r"password for all:\s*(?P<password>\S+?)\)?:?\s*$", re.IGNORECASE)
_USER_LINE = re.compile(r"^\s+(?P<username>[a-z0-9._-]+)\s+(?P<role>[a-z_]+)\s+(?P<name>.+?)\s*$")


@dataclass(frozen=True)
class DemoUser:
    username: str
    password: str
    role: str
    name: str


def parse_demo_output(output: str) -> dict[str, DemoUser]:
    """Read ``convivial demo``'s sign-ins: role -> the first demo user with that role."""
    password = None
    users: dict[str, DemoUser] = {}
    for line in output.splitlines():
        found = _PASSWORD_LINE.search(line)
        if found:
            password = found.group("password")
            continue
        found = _USER_LINE.match(line)
        if found and password and found.group("role") in ROLES:
            username, role, name = found.group("username", "role", "name")
            users.setdefault(role, DemoUser(username, password, role, name))
    return users


def sign_in(page: Page, base_url: str, username: str, password: str, *, path: str = "/sign-in"):
    """Fill in and submit the sign-in form; returns the response to the POST."""
    if not page.url.startswith(base_url + path) or page.get_by_label("Username").count() == 0:
        page.goto(base_url + path)
    page.get_by_label("Username").fill(username)
    page.get_by_label("Password", exact=True).fill(password)
    with page.expect_navigation() as navigation:
        page.get_by_role("button", name="Sign in").click()
    return navigation.value


_CSRF_INPUT = re.compile(r"<input\b[^>]*\bname=\"csrf_token\"[^>]*>")
_VALUE = re.compile(r"\bvalue=\"([^\"]+)\"")


def post_sign_in(page: Page, base_url: str, username: str, password: str) -> APIResponse:
    """Submit the sign-in form over HTTP without rendering it; returns the response.

    Uses the page's cookies and headers (so its session and client address), for
    tests that need many attempts quickly. Assert on pages with ``sign_in``.
    """
    form = page.request.get(base_url + "/sign-in").text()
    tag = _CSRF_INPUT.search(form)
    assert tag, "no csrf_token input on the sign-in page"
    token = _VALUE.search(tag.group(0)).group(1)
    response = page.request.post(
        base_url + "/sign-in",
        form={"csrf_token": token, "username": username, "password": password},
        max_redirects=0,
    )
    return response


def sign_out(page: Page):
    """Press the header's Sign out button (opening the menu on a small screen first);
    returns the response to the POST."""
    button = page.get_by_role("button", name="Sign out")
    if not button.is_visible():
        page.get_by_role("banner").get_by_role("button", name="Menu").click()
    with page.expect_navigation() as navigation:
        button.click()
    return navigation.value


def expect_signed_in_as(page: Page, user: DemoUser) -> None:
    """The header offers Sign out and names the user (perhaps inside a closed menu)."""
    expect(page.get_by_role("banner").locator("button", has_text="Sign out")).to_have_count(1)
    expect(page.get_by_role("banner")).to_contain_text(user.name)


def expect_sign_in_page(page: Page) -> None:
    expect(page.get_by_role("heading", level=1)).to_contain_text("Sign in")
    expect(page.get_by_label("Username")).to_be_visible()
    expect(page.locator("button", has_text="Sign out")).to_have_count(0)


def expect_no_traceback(page: Page) -> None:
    body = page.content()
    for marker in ("Traceback (most recent call last)", "werkzeug", "jinja2.exceptions", 'File "/'):
        assert marker not in body, f"page shows internals ({marker!r})"


def horizontal_overflow(page: Page) -> list[str]:
    """Empty if the page does not scroll sideways; else the widest offending elements.

    Content inside its own scrolling container (a wide table in an overflow-x: auto
    region, which WCAG 1.4.10 allows) does not count: only page-level scrolling does.
    """
    return page.evaluate(
        """() => {
          const root = document.documentElement;
          const width = root.clientWidth;
          if (root.scrollWidth <= width) return [];
          const scrolls = (el) => {
            for (let p = el.parentElement; p && p !== document.body; p = p.parentElement) {
              if (['auto', 'scroll', 'hidden', 'clip'].includes(getComputedStyle(p).overflowX)) {
                return true;
              }
            }
            return false;
          };
          const out = [`page scrolls sideways: scrollWidth ${root.scrollWidth} > ${width}`];
          const offenders = [];
          for (const el of document.body.querySelectorAll('*')) {
            const box = el.getBoundingClientRect();
            if (!box.width || box.right <= width + 1 || scrolls(el)) continue;
            if (box.left < -1000) continue;  // visually hidden
            const id = el.id ? '#' + el.id : '';
            const cls = el.classList.length ? '.' + [...el.classList].join('.') : '';
            const name = `${el.tagName.toLowerCase()}${id}${cls}`;
            offenders.push([box.right, `${name} (right edge ${Math.round(box.right)})`]);
          }
          offenders.sort((a, b) => b[0] - a[0]);
          return out.concat(offenders.slice(0, 8).map((o) => o[1]));
        }"""
    )


def brand_problems(page: Page) -> list[str]:
    """Convivial is not GOV.UK: no crown, no GDS Transport, no GOV.UK images."""
    return page.evaluate(
        """() => {
          const problems = [];
          const crownSelectors = [
            '.govuk-header__logotype', '.govuk-logo', 'svg.govuk-header__logotype',
            '.govuk-footer__copyright-logo', '[class*="crown"]', '[class*="crest"]',
          ];
          for (const sel of crownSelectors) {
            if (document.querySelector(sel)) problems.push(`page contains ${sel}`);
          }
          const texts = document.querySelectorAll('body, h1, p, a, button, label, input');
          for (const el of texts) {
            const family = getComputedStyle(el).fontFamily;
            if (/GDS Transport/i.test(family)) {
              problems.push(`${el.tagName} uses ${family}`);
              break;
            }
          }
          for (const img of document.querySelectorAll('img[src], link[rel~="icon"]')) {
            const src = img.getAttribute('src') || img.getAttribute('href');
            if (/govuk|crown|crest/i.test(src)) problems.push(`loads ${src}`);
          }
          return problems;
        }"""
    )
