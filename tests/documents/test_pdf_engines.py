"""The two PDF engines: Chromium (a long-lived headless browser) and WeasyPrint.

Both must fetch nothing whatever a document holds, keep the document's look (the
"Page N of M" footer on every page, the headings) and its accessibility (title,
language, tags); Chromium must survive its browser dying; a service without Chromium
still draws PDFs, with WeasyPrint. Real engines throughout: nothing of ours is mocked.
"""

from __future__ import annotations

import re
import socket
import subprocess
import threading
import time

import pytest

from casework import create_app
from casework.config import ConfigError
from renderer.definitions import load_library
from renderer.documents import chromium, make_document, pdf
from renderer.documents.pdf import pdf_bytes
from tests.documents.fill import marked_answers
from tests.documents.test_content import PEOPLE, form, pdf_objects
from tests.documents.test_family_version import ROOT, TODAY

ENGINES = ["chromium", "weasyprint"]


@pytest.fixture(autouse=True)
def engine_restored():
    """Choosing an engine is per process: put back whatever was chosen before."""
    before = pdf._choice
    yield
    pdf._choice = before


def pdf_text(pdf_bytes_: bytes, tmp_path) -> str:
    path = tmp_path / "d.pdf"
    path.write_bytes(pdf_bytes_)
    return subprocess.run(["pdftotext", str(path), "-"], capture_output=True, text=True).stdout


def pdf_info(pdf_bytes_: bytes, tmp_path) -> str:
    path = tmp_path / "i.pdf"
    path.write_bytes(pdf_bytes_)
    return subprocess.run(["pdfinfo", str(path)], capture_output=True, text=True).stdout


class Listener:
    """A web server that counts who connects: a document must never reach it."""

    def __init__(self) -> None:
        self.socket = socket.create_server(("127.0.0.1", 0))
        self.socket.settimeout(0.2)
        self.port = self.socket.getsockname()[1]
        self.connections = 0
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._accept, daemon=True)
        self._thread.start()

    def _accept(self) -> None:
        while not self._stop.is_set():
            try:
                conn, _ = self.socket.accept()
            except OSError:
                continue
            self.connections += 1
            conn.close()

    def close(self) -> None:
        self._stop.set()
        self._thread.join(2)
        self.socket.close()


@pytest.fixture
def listener():
    server = Listener()
    yield server
    server.close()


@pytest.mark.parametrize("engine", ENGINES)
def test_a_hostile_answer_or_markup_fetches_nothing_and_the_pdf_still_draws(
    engine, listener, tmp_path
):
    url = f"http://127.0.0.1:{listener.port}"
    hostile = (
        f'<img src="{url}/answer.png"><style>body {{ background: url({url}/answer.css) }}</style>'
    )
    f = form([{"id": "note", "type": "long_text", "label": "What happened"}])
    doc = make_document(f, {"note": "A calm visit. " + hostile}, PEOPLE, audience="family")
    # Markup added after the allow-list, as if a template slipped it through: images,
    # stylesheets, CSS url() and @import, fonts, frames, scripts, a redirect.
    injected = (
        f'<link rel="stylesheet" href="{url}/link.css">'
        f"<style>@import url({url}/import.css); "
        f"@font-face {{ font-family: X; src: url({url}/font.woff) }} "
        f"p {{ font-family: X; background-image: url({url}/bg.png) }}</style>"
        f'<img src="{url}/img.png"><iframe src="{url}/frame"></iframe>'
        f'<object data="{url}/object"></object><script src="{url}/script.js"></script>'
        f'<meta http-equiv="refresh" content="0; url={url}/refresh">'
    )
    html = doc.html.replace("</body>", injected + "</body>")
    drawn = pdf_bytes(html, engine=engine)
    text = " ".join(pdf_text(drawn, tmp_path).split())
    assert "A calm visit." in text
    assert f'<img src="{url}/answer.png">' in text  # the answer shown as words, not markup
    time.sleep(0.3)  # a connection made late would still be counted
    assert listener.connections == 0


def largest_family_html() -> str:
    """The shipped form with the most fields, every one answered at length."""
    library = load_library([ROOT / "form_library"])
    largest = max(library.forms.values(), key=lambda f: len(f.all_fields()))
    answers, people = marked_answers(
        largest, lambda field_id: field_id + " said this at the visit. " * 12
    )
    return make_document(largest, answers, people, audience="family", today=TODAY).html


@pytest.mark.slow
def test_chromium_keeps_the_family_documents_look_and_accessibility(tmp_path):
    html = largest_family_html()
    drawn = pdf_bytes(html, engine="chromium")
    text = pdf_text(drawn, tmp_path)
    info = pdf_info(drawn, tmp_path)
    pages = int(re.search(r"^Pages:\s+(\d+)$", info, re.M).group(1))
    assert pages > 3
    assert set(re.findall(r"Page (\d+) of (\d+)", text)) == {
        (str(n), str(pages)) for n in range(1, pages + 1)
    }
    assert re.search(r"^Title:\s+What we found out about your family$", info, re.M), info
    assert re.search(r"^Tagged:\s+yes$", info, re.M)
    objects = pdf_objects(drawn)
    assert re.search(rb"/Lang\s*\(en-GB\)", objects)
    # The headings are tagged as headings and listed as bookmarks.
    assert re.search(rb"/S\s*/H1\b", objects) and re.search(rb"/S\s*/H2\b", objects)
    assert b"/Outlines" in objects
    assert len(drawn) < 250_000


def test_chromium_draws_again_after_its_browser_dies(tmp_path):
    printer = chromium.Printer()
    try:
        first = printer.pdf("<!DOCTYPE html><title>One</title><p>Before the crash</p>")
        assert "Before the crash" in pdf_text(first, tmp_path)
        printer._kill_browser()  # as the kernel's OOM killer or a crash would
        again = printer.pdf("<!DOCTYPE html><title>Two</title><p>After the crash</p>")
        assert "After the crash" in pdf_text(again, tmp_path)
    finally:
        printer.close()
    assert chromium._pids_with(printer._mark.encode()) == []  # closed: no browser left


def test_one_document_leaves_nothing_in_the_next_drawn_in_the_same_page(tmp_path):
    printer = chromium.Printer()
    try:
        first = printer.pdf(
            "<!DOCTYPE html><html lang='en-GB'><title>Lane family</title>"
            "<style>p::after { content: ' STYLED-BY-LANE' }</style><p>Ruby Lane</p></html>"
        )
        second = printer.pdf(
            "<!DOCTYPE html><html lang='en-GB'><title>Okafor family</title><p>Sam Okafor</p>"
        )
    finally:
        printer.close()
    assert "STYLED-BY-LANE" in pdf_text(first, tmp_path)
    text, info = pdf_text(second, tmp_path), pdf_info(second, tmp_path)
    assert "Sam Okafor" in text
    assert "Ruby" not in text and "LANE" not in text and "Lane" not in info
    assert re.search(r"^Title:\s+Okafor family$", info, re.M)


def test_a_document_that_takes_too_long_is_stopped_and_the_next_one_draws(tmp_path):
    printer = chromium.Printer(timeout=0.001)
    try:
        with pytest.raises(chromium.PrintTimedOut):
            printer.pdf("<!DOCTYPE html><title>Slow</title><p>Too slow</p>")
        printer.timeout = 60
        drawn = printer.pdf("<!DOCTYPE html><title>Next</title><p>The next one</p>")
        assert "The next one" in pdf_text(drawn, tmp_path)
    finally:
        printer.close()


def test_a_chromium_that_will_not_start_falls_back_to_weasyprint(tmp_path, caplog):
    pdf.use_engine("chromium", "/bin/false")  # runs, but is no browser
    drawn = pdf_bytes("<!DOCTYPE html><html lang='en-GB'><title>T</title><p>Still drawn</p>")
    assert "Still drawn" in pdf_text(drawn, tmp_path)
    assert re.search(r"^Producer:\s+WeasyPrint", pdf_info(drawn, tmp_path), re.M)
    assert "drawn with WeasyPrint" in caplog.text


def test_the_cache_key_names_the_engine_so_switching_retires_old_pdfs():
    pdf.use_engine("chromium")
    with_chromium = pdf.renderer_version()
    pdf.use_engine("weasyprint")
    with_weasyprint = pdf.renderer_version()
    assert re.search(r"chromium \(Chromium \d+\.", with_chromium)
    assert re.search(r"weasyprint \(weasyprint \d+", with_weasyprint)
    assert with_chromium != with_weasyprint


def test_the_engine_is_chosen_by_setting_and_chromium_when_installed(
    database_url, tmp_path, caplog
):
    from tests.conftest import TEST_CONFIG

    config = {**TEST_CONFIG, "SQLALCHEMY_DATABASE_URI": database_url}
    assert create_app(config).config["PDF_ENGINE"] == "chromium"
    assert pdf.engine_in_use() == ("chromium", "/usr/bin/chromium")

    missing = str(tmp_path / "no-chromium")
    with caplog.at_level("WARNING"):
        app = create_app({**config, "PDF_CHROMIUM": missing})
    assert app.config["PDF_ENGINE"] == "weasyprint"
    assert pdf.engine_in_use()[0] == "weasyprint"
    assert f"no Chromium at {missing}, so PDFs are drawn with WeasyPrint" in caplog.text

    assert create_app({**config, "PDF_ENGINE": "weasyprint"}).config["PDF_ENGINE"] == "weasyprint"
    with pytest.raises(ConfigError, match="PDF_ENGINE is chromium, but there is no browser"):
        create_app({**config, "PDF_ENGINE": "chromium", "PDF_CHROMIUM": missing})
    with pytest.raises(ConfigError, match="PDF_ENGINE is 'prince'"):
        create_app({**config, "PDF_ENGINE": "prince"})


def test_a_pdf_that_takes_too_long_gives_a_clear_page_and_the_next_try_draws(
    app, client, sign_in, visit, monkeypatch
):
    assert app.config["PDF_ENGINE"] == "chromium"
    monkeypatch.setattr(chromium.printer(app.config["PDF_CHROMIUM"]), "timeout", 0.001)
    sign_in("pat")
    url = f"/records/{visit.record_id}/document/family.pdf"
    response = client.get(url)
    page = response.get_data(as_text=True)
    assert response.status_code == 503
    assert "is taking too long to make" in page and "Nothing in the record has been changed" in page
    assert f"/records/{visit.record_id}/document/family/print" in page
    monkeypatch.undo()
    again = client.get(url)
    assert again.status_code == 200 and again.data.startswith(b"%PDF")
