"""PDFs with WeasyPrint: tagged for screen readers (PDF/UA-1), titled, in the document's
language, and built without fetching anything: every URL is refused, whatever its
scheme (http, file, data), so neither a template nor an answer can make the server
read a file or call another machine.

The only metadata written is the document's title (the output's title, which is part of
the form definition, never an answer), its language and the generator.
"""

from __future__ import annotations

import logging
from functools import lru_cache


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


def pdf_bytes(html: str) -> bytes:
    """The standalone HTML (see html.standalone_html) as a tagged PDF."""
    from weasyprint import HTML  # imported here: it loads Pango, which takes a moment

    logging.getLogger("weasyprint").setLevel(logging.CRITICAL)
    document = HTML(string=html, url_fetcher=_fetcher(), base_url=None)
    return document.write_pdf(pdf_variant="pdf/ua-1", pdf_tags=True, custom_metadata=False)
