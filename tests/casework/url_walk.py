"""Walk the service as each person would: every page their links reach, every form on them.

The walk gives real path parameters (ids from seeded data, as the pages link them) for
each rule in the URL map, and each form's fields with the values the page filled in, so
tests can post to every endpoint with something valid to start from.
"""

from __future__ import annotations

import re
from collections import deque
from dataclasses import dataclass, field
from html.parser import HTMLParser
from urllib.parse import quote, urlsplit

from werkzeug.exceptions import HTTPException
from werkzeug.routing import RequestRedirect

from casework import demo
from tests.casework.conftest import csrf_from

PEOPLE = {
    "practitioner": "pat",
    "team_manager": "mo",
    "designer": "dee",
    "auditor": "aud",
    "administrator": "ada",
}
SKIPPED = {"static"}
PER_ENDPOINT = 1  # distinct URLs the walk opens for one endpoint


class _Page(HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.links: list[str] = []
        self.forms: list[dict] = []
        self._form: dict | None = None
        self._select: str | None = None
        self._textarea: str | None = None

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        if tag == "a" and a.get("href"):
            self.links.append(a["href"])
        elif tag == "form":
            self._form = {
                "action": a.get("action") or "",
                "method": (a.get("method") or "get").upper(),
                "fields": [],
                "options": {},
            }
            self.forms.append(self._form)
        elif self._form is None or not a.get("name") and tag != "option":
            return
        elif tag in ("input", "button"):
            kind = (a.get("type") or "text").lower()
            name, value = a["name"], a.get("value") or ""
            if kind in ("checkbox", "radio"):
                self._form["options"].setdefault(name, []).append(value)
                if "checked" in a:
                    self._form["fields"].append((name, value))
            elif kind not in ("submit", "file", "image", "reset") or tag == "button":
                self._form["fields"].append((name, value))
        elif tag == "select":
            self._select = a["name"]
        elif tag == "option" and self._select:
            self._form["options"].setdefault(self._select, []).append(a.get("value") or "")
        elif tag == "textarea":
            self._textarea = a["name"]
            self._form["fields"].append((a["name"], ""))

    def handle_data(self, data):
        if self._textarea and self._form:
            name, value = self._form["fields"][-1]
            self._form["fields"][-1] = (name, value + data)

    def handle_endtag(self, tag):
        if tag == "form":
            self._form = None
        elif tag == "select":
            self._select = None
        elif tag == "textarea":
            self._textarea = None


@dataclass
class Walk:
    """What one person's walk found."""

    args: dict[str, list[dict]] = field(default_factory=dict)  # endpoint -> path parameters
    forms: dict[tuple[str, str], dict] = field(default_factory=dict)  # (method, path) -> form
    names: set[str] = field(default_factory=set)

    def baseline(self, method: str, path: str) -> list[tuple[str, str]]:
        """The form a page offers for this address, filled in as the page fills it."""
        form = self.forms.get((method, path))
        if form is None:
            return []
        fields = list(form["fields"])
        present = {name for name, _ in fields}
        for name, options in form["options"].items():
            if name not in present and options:
                fields.append((name, options[0]))
        return fields


def rules(app) -> list:
    return sorted(
        (r for r in app.url_map.iter_rules() if r.endpoint not in SKIPPED),
        key=lambda r: r.rule,
    )


def url_for_rule(rule, values: dict) -> str:
    """The rule's path with each value put in place as it is (quoted), valid or not."""
    path = rule.rule
    for name in rule.arguments:
        value = quote(str(values[name]), safe="", errors="surrogatepass")
        path = re.sub(r"<(?:[^<>:]+(?:\([^)]*\))?:)?" + re.escape(name) + ">", value, path)
    return path


def _match(adapter, url: str, method: str):
    parts = urlsplit(url)
    if parts.netloc and parts.netloc != "localhost" or not parts.path.startswith("/"):
        return None
    try:
        return adapter.match(parts.path, method=method)
    except (HTTPException, RequestRedirect):
        return None


def sign_in(client, username: str) -> None:
    token = csrf_from(client.get("/sign-in").get_data(as_text=True))
    response = client.post(
        "/sign-in",
        data={"csrf_token": token, "username": username, "password": demo.DEMO_PASSWORD},
    )
    assert response.status_code == 302, f"{username} could not sign in"


def walk(app, client, limit: int = PER_ENDPOINT) -> Walk:
    """Open every page reachable by links from the home page, `limit` per endpoint."""
    adapter = app.url_map.bind("localhost")
    found = Walk()
    seen: set[str] = set()
    opened: dict[str, int] = {}
    queue = deque(["/", "/cases/", "/designer/", "/library/changes", "/library/imports/new"])
    while queue:
        url = queue.popleft()
        path = urlsplit(url).path
        matched = _match(adapter, url, "GET")
        if url in seen or matched is None or matched[0] in SKIPPED:
            continue
        seen.add(url)
        endpoint, args = matched
        if opened.get(endpoint, 0) >= limit:
            continue
        opened[endpoint] = opened.get(endpoint, 0) + 1
        found.args.setdefault(endpoint, []).append(args)
        if path.endswith(".pdf"):
            continue  # its address is what the walk needs; drawing a PDF takes seconds
        response = client.get(url)
        if response.status_code != 200 or "html" not in (response.content_type or ""):
            continue
        page = _Page()
        page.feed(response.get_data(as_text=True))
        queue.extend(page.links)
        for form in page.forms:
            action = urlsplit(form["action"]).path or path
            target = _match(adapter, action, form["method"])
            if target is None:
                continue
            found.args.setdefault(target[0], []).append(target[1])
            found.forms.setdefault((form["method"], action), form)
            found.names.update(name for name, _ in form["fields"])
            found.names.update(form["options"])
    return found
