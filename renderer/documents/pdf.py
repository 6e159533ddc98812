"""PDFs: tagged for screen readers, titled, in the document's language, and built
without fetching anything, by one of two engines:

- ``chromium`` (chosen when the browser is installed): Chromium's print-to-PDF in a
  long-lived headless browser (``chromium.py``): tagged, with the headings as
  bookmarks, about 0.3 s for the largest record;
- ``weasyprint``: WeasyPrint, tagged as PDF/UA-1, about 0.6-0.75 s for the same record,
  and needing no browser. Its URL fetcher refuses every URL whatever its scheme (http,
  file, data), so neither a template nor an answer can make the server read a file or
  call another machine. Chromium's page has JavaScript off and every request refused.

The only metadata written is the document's title (the output's title, which is part of
the form definition, never an answer), its language and the generator.

A PDF is a pure function of the standalone HTML (which carries our stylesheet inline),
the options below and the engine that draws it: ``renderer_version()`` names them, so
a cache keyed on it and the HTML is never stale (see casework/documents/cache.py).

``use_engine`` chooses the engine for the process (the service does it from its
``PDF_ENGINE`` setting); until then the default is Chromium when it is installed.
"""

from __future__ import annotations

import logging
import threading
from functools import lru_cache
from importlib import metadata

from . import chromium

ENGINES = ("chromium", "weasyprint")
PDF_OPTIONS = {"pdf_variant": "pdf/ua-1", "pdf_tags": True, "custom_metadata": False}
# Bump whenever PDF_OPTIONS, chromium.PRINT_OPTIONS or pdf_bytes change how a PDF is
# drawn: it retires every cached PDF. (Upgrading the system's fonts also changes the
# bytes, but a PDF drawn with the older fonts is still a correct one, so that is left to
# age out.) 2: Chromium became an engine.
PDF_FORMAT = 2

log = logging.getLogger(__name__)
_choice_lock = threading.Lock()
_choice: tuple[str, str] | None = None  # (engine, Chromium's executable)


class FetchRefused(Exception):
    pass


def refuse_every_url(url: str, *args, **kwargs):
    """A document never fetches anything, not even data: URLs."""
    raise FetchRefused(f"documents do not fetch {url[:60]!r}")


def choose_engine(
    engine: str | None, executable: str = chromium.DEFAULT_EXECUTABLE
) -> tuple[str, str | None]:
    """The engine to use for a setting (None: Chromium if installed) and, when that is
    not what was asked for, why. Raises ValueError for an unknown engine or Chromium
    asked for by name and missing."""
    if engine and engine not in ENGINES:
        raise ValueError(f"unknown PDF engine {engine!r}")
    if engine == "chromium" and not chromium.usable(executable):
        raise ValueError(f"no browser at {executable}")
    if engine:
        return engine, None
    if chromium.usable(executable):
        return "chromium", None
    return "weasyprint", (
        f"no Chromium at {executable}, so PDFs are drawn with WeasyPrint "
        "(slower for long documents)"
    )


def use_engine(engine: str, executable: str = chromium.DEFAULT_EXECUTABLE) -> None:
    """Draw this process's PDFs with ``engine`` ("chromium" or "weasyprint")."""
    global _choice
    if engine not in ENGINES:
        raise ValueError(f"unknown PDF engine {engine!r}")
    with _choice_lock:
        _choice = (engine, executable)


def engine_in_use() -> tuple[str, str]:
    """(engine, Chromium's executable) for this process."""
    global _choice
    with _choice_lock:
        if _choice is None:
            _choice = (choose_engine(None)[0], chromium.DEFAULT_EXECUTABLE)
        return _choice


def start_engine() -> None:
    """Load the engine now rather than on the first PDF: WeasyPrint's import loads Pango
    and fontconfig (about a second); Chromium is launched on the printer's thread."""
    engine, executable = engine_in_use()
    if engine == "chromium":
        chromium.printer(executable).start()
        renderer_version()  # asks the browser its version: about 0.3 s, once
    else:
        import weasyprint  # noqa: F401


def renderer_version() -> str:
    """What, besides the HTML, decides a PDF's bytes. Asking neither imports WeasyPrint
    nor launches Chromium."""
    return _version(*engine_in_use())


@lru_cache(maxsize=4)
def _version(engine: str, executable: str) -> str:
    if engine == "chromium":
        return f"convivial-pdf {PDF_FORMAT} chromium ({chromium.version(executable)})"
    versions = ", ".join(f"{name} {metadata.version(name)}" for name in ("weasyprint", "pydyf"))
    return f"convivial-pdf {PDF_FORMAT} weasyprint ({versions})"


def pdf_bytes(html: str, *, engine: str | None = None) -> bytes:
    """The standalone HTML (see html.standalone_html) as a tagged PDF, drawn by the
    process's engine, or by ``engine`` when given.

    If Chromium will not start or crashes twice in a row, the document is drawn with
    WeasyPrint instead (logged): a slower PDF rather than none."""
    chosen, executable = engine_in_use()
    engine = engine or chosen
    if engine == "chromium":
        try:
            return chromium.printer(executable).pdf(html)
        except chromium.PrintTimedOut:
            raise
        except chromium.PrintFailed:
            log.exception("Chromium failed; this PDF is drawn with WeasyPrint")
    return weasyprint_pdf(html)


@lru_cache(maxsize=1)
def _fetcher():
    from weasyprint.urls import URLFetcher

    class RefuseEveryURL(URLFetcher):
        def fetch(self, url, headers=None):
            return refuse_every_url(url)

    return RefuseEveryURL(allowed_protocols=(), fail_on_errors=False)


def weasyprint_pdf(html: str) -> bytes:
    """WeasyPrint's PDF/UA-1.

    Compressed streams, no image optimisation: measured on the largest record,
    compression costs about 25 ms and makes the file a seventh of the size, and
    documents hold no raster images to optimise (uploads are named, never embedded)."""
    from weasyprint import HTML  # imported here: it loads Pango, which takes a moment

    logging.getLogger("weasyprint").setLevel(logging.CRITICAL)
    document = HTML(string=html, url_fetcher=_fetcher(), base_url=None)
    return document.write_pdf(**PDF_OPTIONS)
