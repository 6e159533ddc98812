"""No id or type code of the shipped library on any designer, history or import page.

A working group reads these pages, so questions, options, stages and settings must be named
by their labels. The walk opens every designer and history page its links reach (with the
library synced, drafts of a form and a pathway, and an import under way) and reads the text a
person sees, leaving out the "Advanced" view (the YAML), which is allowed to show ids.
"""

from __future__ import annotations

import json
import re
from collections import deque
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import urlsplit

import yaml

from tests.casework import url_walk

ROOT = Path(__file__).resolve().parents[2]
BLUEPRINTS = ("designer.", "history.")
PER_ENDPOINT = 3  # a form draft, a pathway draft and a published document where they differ
_HIDDEN = {"script", "style", "textarea", "head", "title"}


class _Text(HTMLParser):
    """The visible text of a page, without the Advanced view's content."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []
        self.links: list[str] = []
        self._skip: list[str] = []  # tags whose content is not read, innermost last

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        if tag == "a" and a.get("href"):
            self.links.append(a["href"])
        if self._skip:
            if tag == self._skip[-1]:
                self._skip.append(tag)
            return
        if tag in _HIDDEN or "data-advanced" in a or "hidden" in a:
            self._skip.append(tag)

    def handle_endtag(self, tag):
        if self._skip and tag == self._skip[-1]:
            self._skip.pop()

    def handle_data(self, data):
        if not self._skip:
            self.parts.append(data)


def _options_and_ids(node, ids: set[str], labels: dict[str, str]) -> None:
    if isinstance(node, dict):
        ident = node.get("id") or node.get("value")
        label = node.get("label") or node.get("title") or node.get("text")
        if isinstance(ident, str):
            ids.add(ident)
            if isinstance(label, str):
                labels.setdefault(ident, label)
        for value in node.values():
            _options_and_ids(value, ids, labels)
    elif isinstance(node, list):
        for value in node:
            _options_and_ids(value, ids, labels)


def _type_codes() -> set[str]:
    schema = json.loads((ROOT / "renderer/definitions/schemas/form.schema.json").read_text())
    codes: set[str] = set()

    def walk(node):
        if isinstance(node, dict):
            if "type" in node.get("properties", {}):
                prop = node["properties"]["type"]
                codes.update(prop.get("enum", []))
                if "const" in prop:
                    codes.add(prop["const"])
            for value in node.values():
                walk(value)
        elif isinstance(node, list):
            for value in node:
                walk(value)

    walk(schema)
    return {c for c in codes if isinstance(c, str)}


def shipped_ids() -> set[str]:
    """Ids a person must never see: those with an underscore (never an ordinary word) or that
    are not their own label; ordinary words such as an option 'yes' are left out."""
    ids: set[str] = set()
    labels: dict[str, str] = {}
    for folder in ("form_library", "pathways"):
        for path in sorted((ROOT / folder).glob("*.yaml")):
            _options_and_ids(yaml.safe_load(path.read_text()), ids, labels)
    for path in sorted((ROOT / "pathways").glob("*.yaml")):
        for parameter in yaml.safe_load(path.read_text()).get("parameters", []):
            ids.add(parameter["id"])
    ids |= _type_codes()
    return {i for i in ids if "_" in i} | _case_attributes() | _census_codes()


def _case_attributes() -> set[str]:
    """What a stage can be pre-filled from on the case (child.full_name, case.reference)."""
    from renderer.definitions.prefill_types import CASE_ATTRIBUTES

    return set(CASE_ATTRIBUTES)


def _census_codes() -> set[str]:
    """The statutory returns and census item codes the library's questions feed
    (cin_census, CINreferralDate); codes that are also a plain word (Sex, UPN,
    Disability) are left out, as they may rightly be a label."""
    codes: set[str] = set()

    def walk(node):
        if isinstance(node, dict):
            statutory = node.get("statutory")
            if isinstance(statutory, dict):
                codes.update(str(v) for v in statutory.values())
            for value in node.values():
                walk(value)
        elif isinstance(node, list):
            for value in node:
                walk(value)

    for path in sorted((ROOT / "form_library").glob("*.yaml")):
        walk(yaml.safe_load(path.read_text()))
    return {c for c in codes if "_" in c or re.search(r"[a-z0-9][A-Z]|[A-Z]{2}[a-z]", c)}


def _crawl(
    app, client, start: tuple[str, ...], per_endpoint: int | None = PER_ENDPOINT
) -> dict[str, str]:
    adapter = app.url_map.bind("localhost")
    pages: dict[str, str] = {}
    opened: dict[str, int] = {}
    seen: set[str] = set()
    queue = deque(start)
    while queue:
        url = queue.popleft().split("#")[0]  # a place on a page is the same page
        parts = urlsplit(url)
        if url in seen or parts.netloc and parts.netloc != "localhost":
            continue
        seen.add(url)
        try:
            endpoint, _ = adapter.match(parts.path, method="GET")
        except Exception:  # noqa: BLE001 - not a page of ours
            continue
        if not endpoint.startswith(BLUEPRINTS) or parts.path.endswith(".pdf"):
            continue
        if per_endpoint is not None and opened.get(endpoint, 0) >= per_endpoint:
            continue
        opened[endpoint] = opened.get(endpoint, 0) + 1
        response = client.get(url)
        if response.status_code != 200 or "html" not in (response.content_type or ""):
            continue
        page = _Text()
        page.feed(response.get_data(as_text=True))
        pages[url] = " ".join(" ".join(page.parts).split())
        queue.extend(page.links)
    return pages


def _found(pages: dict[str, str]) -> list[str]:
    ids = shipped_ids()
    pattern = re.compile(r"(?<![\w-])(" + "|".join(map(re.escape, ids)) + r")(?![\w-])")
    return [
        f"{url}: {match.group(0)!r} in ...{text[max(0, match.start() - 60) : match.end() + 40]}..."
        for url, text in sorted(pages.items())
        for match in list(pattern.finditer(text))[:3]
    ]


def test_no_shipped_id_or_type_code_on_any_designer_history_or_import_page(app, tmp_path):
    pending_import = url_walk.seed(app, tmp_path / "walk")
    client = app.test_client()
    url_walk.sign_in(client, "dee")
    pages = _crawl(app, client, ("/designer/", "/library/changes", pending_import))
    assert len(pages) > 25, f"the crawl reached only {sorted(pages)}"
    assert any(url.startswith("/library/imports/") for url in pages), "no import page read"
    found = _found(pages)
    assert not found, "Ids or type codes on screen:\n" + "\n".join(found)


def test_the_whole_shipped_library_reads_in_plain_words(app, synced, tmp_path):
    """Every form and pathway of form_library/ and pathways/: a draft of each (every
    question's, stage's, transition's and trigger's page the draft links to, the details,
    preview, review and impact pages), the pathway and duplication pages, and each one's
    history, comparison and specification. The server-side test client, not a browser, so
    the walk over some thousand pages stays quick."""
    from casework.accounts import service as accounts
    from designer.editor import service

    forms = sorted(p.stem for p in (ROOT / "form_library").glob("*.yaml"))
    pathways = sorted(p.stem for p in (ROOT / "pathways").glob("*.yaml"))
    start = ["/designer/", "/library/changes"]
    with app.test_request_context():
        dee = accounts.find("dee")
        for form_id in forms:
            start.append(f"/designer/drafts/{service.start_from_published(dee, form_id).id}")
            start += [f"/library/forms/{form_id}/{page}" for page in PAGES]
        for pathway_id in pathways:
            draft = service.start_pathway_draft(dee, pathway_id)
            start.append(f"/designer/drafts/{draft.id}/pathway")
            start += [f"/library/pathways/{pathway_id}/{page}" for page in PAGES]
            start += [
                f"/designer/pathways/{pathway_id}",
                f"/designer/pathways/{pathway_id}/duplicates",
            ]
    client = app.test_client()
    url_walk.sign_in(client, "dee")
    pages = _crawl(app, client, tuple(start), per_endpoint=None)
    for form_id in forms:
        assert f"/library/forms/{form_id}/specification" in pages, form_id
    for pathway_id in pathways:
        assert f"/designer/pathways/{pathway_id}/duplicates" in pages, pathway_id
    field_pages = [url for url in pages if "/fields/" in url]
    assert len(field_pages) > 300, f"only {len(field_pages)} question pages read"
    found = _found(pages)
    # One example of each id, so a problem repeated on every draft reads once.
    first: dict[str, str] = {}
    for line in found:
        first.setdefault(line.split("'")[1], line)
    assert not found, f"Ids or type codes on screen ({len(found)}):\n" + "\n".join(first.values())


PAGES = ("history", "diff", "specification")
