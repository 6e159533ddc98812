"""PDFs with WeasyPrint: tagged for screen readers (PDF/UA-1), titled, in the document's
language, and built without fetching anything: every URL is refused, whatever its
scheme (http, file, data), so neither a template nor an answer can make the server
read a file or call another machine.

The only metadata written is the document's title (the output's title, which is part of
the form definition, never an answer), its language and the generator.

A PDF is a pure function of the standalone HTML (which carries our stylesheet inline),
the options below and the WeasyPrint that draws it: ``renderer_version()`` names the last
two, so a cache keyed on it and the HTML is never stale (see casework/documents/cache.py).
"""

from __future__ import annotations

import logging
from functools import lru_cache
from importlib import metadata

PDF_OPTIONS = {"pdf_variant": "pdf/ua-1", "pdf_tags": True, "custom_metadata": False}
# Bump whenever PDF_OPTIONS or pdf_bytes change how a PDF is drawn: it retires every
# cached PDF. (Upgrading the system's fonts also changes the bytes, but a PDF drawn with
# the older fonts is still a correct one, so that is left to age out.)
PDF_FORMAT = 1


class FetchRefused(Exception):
    pass


def refuse_every_url(url: str, *args, **kwargs):
    """A document never fetches anything, not even data: URLs."""
    raise FetchRefused(f"documents do not fetch {url[:60]!r}")


@lru_cache(maxsize=1)
def _fetcher():
    from weasyprint.urls import URLFetcher

    class RefuseEveryURL(URLFetcher):
        def fetch(self, url, headers=None):
            return refuse_every_url(url)

    return RefuseEveryURL(allowed_protocols=(), fail_on_errors=False)


@lru_cache(maxsize=1)
def renderer_version() -> str:
    """What, besides the HTML, decides a PDF's bytes. Read from the package metadata, so
    asking does not import WeasyPrint (about a second of CPU)."""
    versions = ", ".join(f"{name} {metadata.version(name)}" for name in ("weasyprint", "pydyf"))
    return f"convivial-pdf {PDF_FORMAT} ({versions})"


def pdf_bytes(html: str) -> bytes:
    """The standalone HTML (see html.standalone_html) as a tagged PDF.

    Compressed streams, no image optimisation: measured on the largest record,
    compression costs about 25 ms and makes the file a seventh of the size, and
    documents hold no raster images to optimise (uploads are named, never embedded)."""
    from weasyprint import HTML  # imported here: it loads Pango, which takes a moment

    logging.getLogger("weasyprint").setLevel(logging.CRITICAL)
    document = HTML(string=html, url_fetcher=_fetcher(), base_url=None)
    return document.write_pdf(**PDF_OPTIONS)
