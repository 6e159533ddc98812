"""Walk the service as each person would: every page their links reach, every form on them.

The walk gives real path parameters (ids from seeded data, as the pages link them) for
each rule in the URL map, and each form's fields with the values the page filled in, so
tests can post to every endpoint with something valid to start from.
"""

from __future__ import annotations

import re
import shutil
from collections import deque
from dataclasses import dataclass, field
from datetime import date, timedelta
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import quote, urlsplit

from werkzeug.exceptions import HTTPException
from werkzeug.routing import RequestRedirect

from casework import access, demo
from casework.accounts import service as accounts
from casework.cases import service as cases
from casework.demo_walk import advance
from casework.library import service as library
from designer.changes import Library, export_bundle
from designer.editor import service as drafts
from renderer.samples import make_family
from tests.casework.conftest import csrf_from

ROOT = Path(__file__).resolve().parents[2]

PEOPLE = {
    "practitioner": "pat",
    "team_manager": "mo",
    "designer": "dee",
    "auditor": "aud",
    "administrator": "ada",
}
SKIPPED = {"static"}
PER_ENDPOINT = 1  # distinct URLs the walk opens for one endpoint
# Cases differ (a stage to start, a record to go on with): open each seeded one.
OPEN_MORE = {"cases.show": 4, "records.contents": 3}


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


def allowed(app, rule, role: str) -> bool:
    with app.app_context():
        declared = access.declaration_for(rule.endpoint)
    if declared == access.PUBLIC:
        return True
    if role == "signed_out":
        return False
    return declared == access.SIGNED_IN or role in declared


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


def walk(app, client, also: tuple[str, ...] = (), limit: int = PER_ENDPOINT) -> Walk:
    """Open every page reachable by links from the home page (and `also`), `limit` per
    endpoint."""
    adapter = app.url_map.bind("localhost")
    found = Walk()
    seen: set[str] = set()
    opened: dict[str, int] = {}
    queue = deque(
        [
            "/",
            "/sign-in",
            "/cases/",
            "/designer/",
            "/library/changes",
            "/library/imports/new",
            *also,
        ]
    )
    while queue:
        url = queue.popleft()
        path = urlsplit(url).path
        matched = _match(adapter, url, "GET")
        if url in seen or matched is None or matched[0] in SKIPPED:
            continue
        seen.add(url)
        endpoint, args = matched
        if opened.get(endpoint, 0) >= OPEN_MORE.get(endpoint, limit):
            continue
        opened[endpoint] = opened.get(endpoint, 0) + 1
        found.args.setdefault(endpoint, []).append(args)
        if path.endswith(".pdf"):
            continue  # its address is what the walk needs; drawing a PDF takes seconds
        response = client.get(url)
        # Read a streamed download (the audit CSV) to its end and close it, as a browser
        # would: an open stream keeps its request's context, whose teardown would end the
        # next request's database session.
        body = response.get_data()
        response.close()
        if response.status_code != 200 or "html" not in (response.content_type or ""):
            continue
        page = _Page()
        page.feed(body.decode("utf-8"))
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


PATHWAY = "early_help"  # the smallest shipped pathway: every screen, fewer seconds
PATHWAY_FORMS = ("early_help_assessment", "family_plan", "early_help_review")


def _small_library(root: Path) -> Path:
    for kind, names in (("pathways", (PATHWAY,)), ("form_library", PATHWAY_FORMS)):
        (root / kind).mkdir(parents=True)
        for name in names:
            shutil.copy(ROOT / kind / f"{name}.yaml", root / kind)
    for name in (PATHWAY, *PATHWAY_FORMS):
        shutil.copytree(ROOT / "change_log" / name, root / "change_log" / name)
    return root


def seed(app, tmp_path) -> str:
    """Cases, records, drafts and an import under way; returns the import's address."""
    root = _small_library(tmp_path / "library")
    app.config.update(
        LIBRARY_PATH=str(root),
        DOCUMENTS_RENDER_AHEAD="off",
        # Hostile sign-ins must not lock the demo accounts out of the rest of the walk.
        SIGN_IN_LOCKOUT_FAILURES=10**6,
        SIGN_IN_THROTTLE_FAILURES=10**6,
    )
    with app.test_request_context():
        demo.seed()
        library.sync(root)
        pat, mo = accounts.find("pat"), accounts.find("mo")
        # Cases with a record in progress, one submitted, one further on, one not started.
        for steps in (0, 1, 2):
            family = make_family(steps, today=date.today())
            referred = date.today() - timedelta(days=7 * steps + 2)
            case = demo.open_family_case(pat, PATHWAY, family, referred)
            advance(case, pat, mo, steps, family)
        cases.open_case(  # its first stage waits to be started
            pat,
            pathway_id=PATHWAY,
            child=cases.NewChild("Noah", "Lane", None),
            referral_received=date.today(),
        )
        dee = accounts.find("dee")
        drafts.start_from_published(dee, PATHWAY_FORMS[0])
        drafts.start_pathway_draft(dee, PATHWAY)
        drafts.start_new_form(dee, "A form made here")
    bundle = tmp_path / "bundle.zip"
    export_bundle(Library(root), PATHWAY, bundle, council="Council A")
    client = app.test_client()
    sign_in(client, "dee")
    token = csrf_from(client.get("/library/imports/new").get_data(as_text=True))
    upload = client.post(
        "/library/imports/new",
        data={"csrf_token": token, "bundle": (bundle.open("rb"), "council-a.zip")},
        content_type="multipart/form-data",
    )
    assert upload.status_code == 302, "the seeded import did not start"
    return urlsplit(upload.headers["Location"]).path
