"""History, side-by-side diff and change specification screens, and who may use them."""

from __future__ import annotations

import re
import subprocess

from sqlalchemy import select

from casework import access
from casework.demo import DEMO_PASSWORD
from casework.extensions import db
from casework.models import AuditEvent
from tests.casework.conftest import csrf_from

from .conftest import shipped_version
from .test_service import relabel

SD = shipped_version("strategy_discussion")  # the shipped library moves on
S47 = shipped_version("section_47_enquiry")

HISTORY = "/library/forms/strategy_discussion/history"
DIFF = "/library/forms/strategy_discussion/diff"
SPEC = "/library/forms/strategy_discussion/specification"
READ_PAGES = ["/library/changes", HISTORY, DIFF, SPEC, "/library/pathways/child_protection/history"]


def no_inline_style_or_script(html: str) -> None:
    # The CSP allows no inline styles, and scripts only with the page's nonce.
    assert not re.search(r"\sstyle=", html) and "<style" not in html
    assert all("nonce=" in tag or "src=" in tag for tag in re.findall(r"<script[^>]*>", html))


def test_history_shows_every_version_with_who_when_why_and_each_change(library, sign_in, page):
    relabel(library)
    sign_in("dee")
    html = page(HISTORY)
    no_inline_style_or_script(html)
    for text in (
        "History of Strategy discussion",
        f"Version {SD + 1}",
        "Dee Signer",
        "Council B",
        "2026-11-22",
        "Plainer question",
        "https://example.org/minutes/12",
        "Relabelled &#39;What has happened that worries us?&#39; as &#39;Why are we worried?&#39;",
        "Convivial (shipped library)",
        "No version is live in this service yet.",
    ):
        assert text in html, text
    assert html.index(f"Version {SD + 1}") < html.index(f"Version {SD}")  # newest first
    assert f'href="/library/forms/strategy_discussion/diff?from={SD}&amp;to={SD + 1}"' in html


def test_side_by_side_diff_marks_the_changed_lines(library, sign_in, page):
    relabel(library)
    sign_in("mo")  # team managers may read history
    html = page(DIFF + f"?from={SD}&to={SD + 1}")
    no_inline_style_or_script(html)
    assert f"Version {SD} compared with version {SD + 1}" in html
    removed = re.findall(r'class="history-diff__line--removed">([^<]*)<', html)
    added = re.findall(r'class="history-diff__line--added">([^<]*)<', html)
    assert any("worries us?" in line for line in removed)
    assert any("Why are we worried?" in line for line in added)
    assert re.search(r"\d+ unchanged lines", html)
    assert '<link rel="stylesheet" href="/library/history.css">' in html
    assert "The two versions are the same." in page(DIFF + "?from=2&to=2")


def test_history_stylesheet_is_public_css(client):
    response = client.get("/library/history.css")
    assert response.status_code == 200 and response.mimetype == "text/css"
    css = response.get_data(as_text=True)
    assert ".history-diff__line--added" in css and "size: A4" in css


def test_unknown_definitions_and_versions_are_not_found(sign_in, page):
    sign_in("dee")
    for url in (
        "/library/forms/no_such_form/history",
        "/library/forms/child_protection/history",  # a pathway, asked for as a form
        f"/library/forms/strategy_discussion/diff?from=1&to={SD + 7}",
        "/library/forms/strategy_discussion/diff?from=x",
        "/library/forms/strategy_discussion/specification?first=0",
        "/library/forms/strategy_discussion/specification.pdf?last=9",
        "/library/widgets/strategy_discussion/history",
        "/library/forms/..%2Fpathways/history",
        "/library/imports/not-a-real-import-token-at-all",
    ):
        page(url, status=404)


def test_change_specification_as_a_printable_page_and_a_pdf(app, library, client, sign_in, page):
    relabel(library)
    relabel(library, "What worries us now?", "Second thoughts after the audit")
    sign_in("aud")  # auditors may read and download specifications
    html = page(SPEC + f"?first={SD + 1}&last={SD + 2}")
    no_inline_style_or_script(html)
    assert "Change specification: Strategy discussion" in html
    assert "Plainer question" in html and "Second thoughts after the audit" in html
    assert "Prepared by Council B" in html
    assert (
        f"/library/forms/strategy_discussion/specification.pdf?first={SD + 1}&amp;last={SD + 2}"
        in html
    )
    assert f"Version {SD}<" not in html  # outside the range

    response = client.get(
        f"/library/forms/strategy_discussion/specification.pdf?first={SD + 2}&last={SD + 1}"
    )
    assert response.status_code == 200 and response.mimetype == "application/pdf"
    assert (
        f'filename="strategy_discussion-changes-v{SD + 1}-v{SD + 2}.pdf"'
        in response.headers["Content-Disposition"]
    )
    text = subprocess.run(
        ["pdftotext", "-", "-"], input=response.data, capture_output=True, check=True
    ).stdout.decode()
    flat = " ".join(text.split())
    for expected in (
        "Change specification: Strategy discussion",
        "Second thoughts after the audit",
        "Plainer question",
        "Dee Signer, Council B",
        "What has happened that worries us?",
        "What worries us now?",
        "Page 1 of",
    ):
        assert expected in flat, expected
    with app.app_context():
        entry = db.session.scalars(
            select(AuditEvent).where(AuditEvent.action == "change_specification_downloaded")
        ).one()
        assert entry.username == "aud" and entry.detail == {"first": SD + 1, "last": SD + 2}


def test_every_history_route_declares_who_may_use_it(app):
    endpoints = {r.endpoint for r in app.url_map.iter_rules() if r.endpoint.startswith("history.")}
    assert {"history.history", "history.compare", "history.upload", "history.submit"} <= endpoints
    assert access.undeclared_endpoints(app) == []


def test_who_may_read_history_and_who_may_import(app, demo_users):
    for user, readable, may_import in [
        ("dee", True, True),
        ("mo", True, False),
        ("aud", True, False),
        ("pat", False, False),
        ("ada", False, False),
    ]:
        client = app.test_client()
        token = csrf_from(client.get("/sign-in").get_data(as_text=True))
        client.post(
            "/sign-in", data={"csrf_token": token, "username": user, "password": DEMO_PASSWORD}
        )
        for url in READ_PAGES:
            assert client.get(url).status_code == (200 if readable else 403), (user, url)
        assert client.get("/library/imports/new").status_code == (200 if may_import else 403)


def test_signed_out_visitors_are_sent_to_sign_in(client):
    for url in [*READ_PAGES, "/library/imports/new"]:
        response = client.get(url)
        assert response.status_code == 302 and "/sign-in" in response.headers["Location"]
