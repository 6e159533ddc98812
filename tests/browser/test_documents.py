"""Family documents in real Chromium: complete a form, preview both versions, print the
print view to PDF with Chromium, download the PDF, and read both PDFs with pdftotext:
the child's words are there, the professional-only answers are not."""

from __future__ import annotations

import os
import re
import secrets
import subprocess
import threading
import urllib.error
import urllib.request
from contextlib import contextmanager
from datetime import date
from pathlib import Path

import pytest
from playwright.sync_api import expect

from .axe import assert_accessible
from .recording_helpers import complete_form, start_stage, wait_until_saved

CHILDS_WORDS = "I like it when Mum reads me a story at bedtime"
PROFESSIONAL_ONLY = "PROFONLY" + secrets.token_hex(3).upper()


@contextmanager
def _environment(values: dict[str, str]):
    saved = {k: os.environ.get(k) for k in values}
    os.environ.update(values)
    try:
        yield
    finally:
        for key, value in saved.items():
            if value is None:
                os.environ.pop(key, None)
            else:
                os.environ[key] = value


@pytest.fixture(scope="module")
def documents_url(live_server):
    """The service's base URL with the documents screens. Until casework registers the
    documents blueprint, an in-process copy of the service (same database, same secret
    key, so the same sessions) serves them alongside."""
    try:
        urllib.request.urlopen(live_server.url("/documents/document.css"), timeout=5)  # noqa: S310
        yield live_server.base_url
        return
    except urllib.error.HTTPError:
        pass
    from werkzeug.serving import make_server

    from casework import create_app
    from casework.documents.routes import bp

    with _environment({k: v for k, v in live_server.env.items() if isinstance(v, str)}):
        app = create_app()
    if "documents" not in app.blueprints:
        app.register_blueprint(bp)
    server = make_server("127.0.0.1", 0, app, threaded=True)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_port}"
    server.shutdown()
    thread.join(5)


def _open_early_help_case(page, base_url: str, first_name: str) -> str:
    page.goto(base_url + "/cases/new")
    page.get_by_label("Early help", exact=True).check()
    page.get_by_label("First name").fill(first_name)
    page.get_by_label("Last name").fill("Document")
    today = date.today()
    for group, (day, month, year) in {
        "date_of_birth": ("2", "3", "2017"),
        "referral_received": (str(today.day), str(today.month), str(today.year)),
    }.items():
        page.locator(f"#{group}-day").fill(day)
        page.locator(f"#{group}-month").fill(month)
        page.locator(f"#{group}-year").fill(year)
    with page.expect_navigation():
        page.get_by_role("button", name=re.compile("Open")).click()
    return page.url


def _pdf_text(pdf: bytes, path: Path) -> str:
    path.write_bytes(pdf)
    return subprocess.run(
        ["pdftotext", "-layout", str(path), "-"], capture_output=True, text=True, check=True
    ).stdout


def test_complete_preview_print_and_download_the_family_document(
    page, live_server, sign_in_as, documents_url, tmp_path
):
    sign_in_as(page, "practitioner")
    name = "Doc" + secrets.token_hex(3)
    case_url = _open_early_help_case(page, live_server.base_url, name)
    record_url = start_stage(page, case_url, "Early help assessment")

    # The child's words, typed as the child said them, with the child's agreement.
    page.goto(record_url + "/sections/your_story")
    page.locator('textarea[name="childs_words-worries"]').fill(CHILDS_WORDS)
    page.locator('input[name="childs_words-facilitated_by"]').fill("Pat, the family worker")
    page.locator('input[name="childs_words-consent_to_share"][value="yes"]').check()
    wait_until_saved(page)
    complete_form(
        page,
        record_url,
        {"assessment_outcome": "social_care_referral", "referral_reason": PROFESSIONAL_ONLY},
        axe=False,
    )
    record_id = int(re.search(r"/records/(\d+)", record_url).group(1))

    # Preview: the family version is what the family gets; the professional one has all.
    page.goto(f"{documents_url}/records/{record_id}/document")
    preview = page.locator("#document-preview")
    expect(preview).to_contain_text(CHILDS_WORDS)
    expect(preview).not_to_contain_text(PROFESSIONAL_ONLY)
    expect(page.get_by_text("This is exactly what the family will get")).to_be_visible()
    assert_accessible(page)
    page.get_by_role("link", name="Professional version").click()
    expect(page.locator("#document-preview")).to_contain_text(PROFESSIONAL_ONLY)
    page.get_by_role("link", name="Family version").click()

    # Print: Chromium prints the print view (A4, print stylesheet) to PDF.
    with page.expect_navigation():
        page.locator("#print-view").click()
    expect(page).to_have_title(re.compile("What you told us about your family"))
    assert page.evaluate("() => document.documentElement.lang") == "en-GB"
    printed = page.pdf(prefer_css_page_size=True, print_background=False)
    printed_text = _pdf_text(printed, tmp_path / "printed.pdf")
    assert CHILDS_WORDS in " ".join(printed_text.split())
    assert PROFESSIONAL_ONLY not in printed_text
    size = subprocess.run(
        ["pdfinfo", str(tmp_path / "printed.pdf")], capture_output=True, text=True
    ).stdout
    assert re.search(r"Page size:.*pts \(A4\)", size), size

    # Download: the server's PDF, tagged and titled, with the same words and no others.
    page.goto(f"{documents_url}/records/{record_id}/document")
    with page.expect_download() as download_info:
        page.locator("#download-pdf").click()
    download = download_info.value
    assert download.suggested_filename.endswith("-family.pdf")
    saved = tmp_path / "downloaded.pdf"
    download.save_as(saved)
    downloaded_text = _pdf_text(saved.read_bytes(), tmp_path / "copy.pdf")
    assert CHILDS_WORDS in " ".join(downloaded_text.split())
    assert PROFESSIONAL_ONLY not in downloaded_text
    info = subprocess.run(["pdfinfo", str(saved)], capture_output=True, text=True).stdout
    assert re.search(r"^Tagged:\s+yes$", info, re.M)
    assert re.search(r"^Title:\s+What you told us about your family$", info, re.M)
    assert saved.stat().st_size < 200_000
    assert page.console_errors == []
