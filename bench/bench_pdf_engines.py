"""The largest record's family PDF drawn cold, by each way we could draw it, side by side.

    .venv/bin/python -m bench.bench_pdf_engines [--repeats 5] [--chromium /usr/bin/chromium]

The same standalone HTML (bench_documents.py's "full" record: the child and family
assessment, every field answered, 400 characters per long answer, 3 items per list),
drawn "cold" (never from the PDF cache) in a process where each engine is already
loaded, interleaved round-robin so a busy neighbour disturbs every variant alike:

- WeasyPrint as the service draws it with PDF_ENGINE=weasyprint
  (`renderer.documents.pdf.weasyprint_pdf`: tagged PDF/UA-1);
- WeasyPrint with one FontConfiguration shared by every render (fonts looked up once);
- WeasyPrint untagged (what the structure tree costs);
- WeasyPrint with every tuning at once (see ``stripped``): the best WeasyPrint can do;
- Chromium as the service draws it (the default when installed:
  `renderer.documents.pdf_bytes(engine="chromium")`, i.e. the printer thread of
  `renderer/documents/chromium.py`, its queue and its long-lived browser; tagged, with
  bookmarks);
- Chromium's print-to-PDF driven directly in a second long-lived headless browser
  (Playwright driving Debian's /usr/bin/chromium; a fresh page per document,
  JavaScript off, every request refused), tagged without bookmarks, and untagged.

Prints wall and CPU time (CPU of this process and every process below it, so the
browsers' too), pages (`pdfinfo`) and size. Nothing is written to the repository.
"""

from __future__ import annotations

import argparse
import os
import platform
import statistics
import sys
import time
from datetime import date
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from bench.bench_documents import FAMILY, answers, page_count, tree_cpu  # noqa: E402
from renderer.definitions import load_library  # noqa: E402
from renderer.documents import Person, make_document, pdf_bytes  # noqa: E402
from renderer.documents.pdf import (  # noqa: E402
    PDF_OPTIONS,
    _fetcher,
    use_engine,
    weasyprint_pdf,
)

TARGET_SECONDS = 0.5


def footer_shown(pdf: bytes) -> str:
    """Whether every page carries the "Page N of M" footer (document.css's @page boxes)."""
    import re
    import subprocess

    try:
        text = subprocess.run(["pdftotext", "-", "-"], input=pdf, capture_output=True).stdout
    except FileNotFoundError:
        return "?"
    pages = page_count(pdf)
    found = len(set(re.findall(rb"Page (\d+) of (\d+)", text)))
    return "yes" if pages and found == pages else f"{found} of {pages} pages"


def largest_record_html() -> str:
    forms = load_library([ROOT / "form_library"]).forms
    form = max(forms.values(), key=lambda f: len(f.all_fields()))
    child, mother = FAMILY.child, FAMILY.mother
    people = [Person("1", child.full_name, "Child"), Person("2", mother.full_name, "Parent")]
    history = {
        f.id: [{"date": f"2026-0{m}-01", "answer": {"ratings": [
            {"rater": "worker", "score": m}, {"rater": "parent", "score": m + 2}]}}
            for m in range(3, 9)]
        for f in form.all_fields() if f.type == "scale"
    }  # fmt: skip
    filled = answers(form, people, items=3, chars=400)
    doc = make_document(
        form, filled, people, audience="family", today=date(2026, 11, 23), history=history
    )
    return doc.html


def weasyprint_variants():
    from weasyprint import CSS, HTML
    from weasyprint.text.fonts import FontConfiguration

    shared_fonts = FontConfiguration()

    def shared(html: str) -> bytes:
        document = HTML(string=html, url_fetcher=_fetcher(), base_url=None)
        return document.write_pdf(font_config=shared_fonts, **PDF_OPTIONS)

    def untagged(html: str) -> bytes:
        document = HTML(string=html, url_fetcher=_fetcher(), base_url=None)
        return document.write_pdf(custom_metadata=False)

    # Everything else WeasyPrint offers at once: fonts looked up once, one font instead
    # of the stack, a user-agent stylesheet of only the elements documents use (its own
    # has 256 lines of rules matched against every element; a private method, so not
    # something to ship) and uncompressed streams. Still tagged.
    minimal_ua = CSS(string=MINIMAL_UA)

    class MinimalHTML(HTML):
        def _ua_stylesheets(self, forms=False):
            return [minimal_ua]

    def stripped(html: str) -> bytes:
        one_font = html.replace(FONT_STACK, '"Liberation Sans", sans-serif')
        document = MinimalHTML(string=one_font, url_fetcher=_fetcher(), base_url=None)
        return document.write_pdf(font_config=shared_fonts, uncompressed_pdf=True, **PDF_OPTIONS)

    return {
        "WeasyPrint, as served (tagged PDF/UA-1)": weasyprint_pdf,
        "WeasyPrint, one shared FontConfiguration": shared,
        "WeasyPrint, untagged": untagged,
        "WeasyPrint, all tuning at once (shared fonts, one font, minimal UA sheet, "
        "uncompressed)": stripped,
    }


FONT_STACK = '"Helvetica Neue", Arial, "Liberation Sans", "DejaVu Sans", sans-serif'
MINIMAL_UA = """
html, body, article, section, header, div, p, dl, dt, dd, ul, ol, li, blockquote,
figure, h1, h2, h3, h4, h5 { display: block }
head, title, meta, style, script { display: none }
li { display: list-item }
h1 { font-size: 2em; font-weight: bold; bookmark-level: 1; bookmark-label: content(text) }
h2 { font-size: 1.5em; font-weight: bold; bookmark-level: 2; bookmark-label: content(text) }
h3 { font-size: 1.17em; font-weight: bold; bookmark-level: 3; bookmark-label: content(text) }
h4 { font-weight: bold; bookmark-level: 4; bookmark-label: content(text) }
p, dl, ul, blockquote, figure { margin: 1em 0 }
blockquote, figure { margin-left: 40px; margin-right: 40px }
dd { margin-left: 40px }
ul { padding-left: 40px; list-style-type: disc }
strong, b { font-weight: bold }
em, i { font-style: italic }
svg { display: inline }
"""


class Chromium:
    """One headless Chromium for the whole run, as a service would keep one."""

    def __init__(self, executable: str):
        from playwright.sync_api import sync_playwright

        self._playwright = sync_playwright().start()
        self.browser = self._playwright.chromium.launch(executable_path=executable)
        self.context = self.browser.new_context(java_script_enabled=False)
        # Nothing is fetched, as with WeasyPrint's fetcher: every request is refused.
        self.context.route("**/*", lambda route: route.abort())

    def pdf(self, html: str, *, tagged: bool) -> bytes:
        page = self.context.new_page()
        try:
            page.set_content(html, wait_until="load")
            return page.pdf(
                format="A4", print_background=True, prefer_css_page_size=True, tagged=tagged
            )
        finally:
            page.close()

    def close(self) -> None:
        self.browser.close()
        self._playwright.stop()


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--repeats", type=int, default=5)
    parser.add_argument("--chromium", default="/usr/bin/chromium")
    args = parser.parse_args()

    load_before = " ".join(Path("/proc/loadavg").read_text().split()[:3])
    html = largest_record_html()
    variants = weasyprint_variants()
    use_engine("chromium", args.chromium)
    variants["Chromium, as served (the service's printer thread; tagged, bookmarks)"] = lambda h: (
        pdf_bytes(h, engine="chromium")
    )
    chromium = Chromium(args.chromium)
    variants["Chromium print-to-PDF, tagged (long-lived browser)"] = lambda h: chromium.pdf(
        h, tagged=True
    )
    variants["Chromium print-to-PDF, untagged (long-lived browser)"] = lambda h: chromium.pdf(
        h, tagged=False
    )
    for draw in variants.values():  # load each engine (WeasyPrint's import, a first page)
        draw(html)

    results: dict[str, dict[str, list]] = {
        name: {"wall": [], "cpu": [], "out": []} for name in variants
    }
    for _ in range(args.repeats):
        for name, draw in variants.items():
            wall, cpu = time.perf_counter(), tree_cpu()
            pdf = draw(html)
            wall = time.perf_counter() - wall
            cpu = tree_cpu() - cpu
            results[name]["wall"].append(wall)
            results[name]["cpu"].append(cpu)
            results[name]["out"] = pdf
    chromium.close()

    load = " ".join(Path("/proc/loadavg").read_text().split()[:3])
    print(
        f"## PDF engines side by side (`bench/bench_pdf_engines.py`, {date.today()})\n\n"
        f"The largest record's family PDF ({len(html):,} characters of HTML), drawn cold, "
        f"median of {args.repeats} interleaved; Python {platform.python_version()}, "
        f"{os.cpu_count()} CPUs, load average {load_before} before and {load} at the end. "
        f"CPU of this process and every process below it (the browsers'). "
        f"Target: under {TARGET_SECONDS * 1000:.0f} ms.\n"
    )
    print(
        "| engine | wall, median | wall, fastest | CPU, median | pages | footer on every page "
        "| size | target |"
    )
    print("|---|---:|---:|---:|---:|---|---:|---|")
    for name, r in results.items():
        wall = statistics.median(r["wall"])
        print(
            f"| {name} | {wall * 1000:.0f} ms | {min(r['wall']) * 1000:.0f} ms | "
            f"{statistics.median(r['cpu']) * 1000:.0f} ms | {page_count(r['out'])} | "
            f"{footer_shown(r['out'])} | "
            f"{len(r['out']) / 1024:.0f} KB | {'met' if wall < TARGET_SECONDS else 'not met'} |"
        )
    return 0


if __name__ == "__main__":
    sys.exit(main())
