"""Documents as HTML: the default layout or a council's template, then the allow-list.

``document_body(data, template)`` is the document's content (an ``<article>``);
``standalone_html(data, body)`` wraps it as a whole page with its title, language and
the print stylesheet inlined, for the print view and the PDF.
"""

from __future__ import annotations

from functools import lru_cache
from importlib import resources

from markupsafe import escape

from .clean import clean_html
from .sandbox import compile_template, render

LANGUAGE = "en-GB"


def _read(name: str) -> str:
    return resources.files(__package__).joinpath("templates", name).read_text("utf-8")


@lru_cache(maxsize=1)
def stylesheet() -> str:
    return _read("document.css")


@lru_cache(maxsize=1)
def _default_template():
    return compile_template(_read("default.html"))


@lru_cache(maxsize=64)
def _custom_template(text: str):
    return compile_template(text)


def document_body(data: dict, template: str | None = None) -> str:
    """The document's content as safe HTML. Raises TemplateRefused for a bad template."""
    compiled = _custom_template(template) if template else _default_template()
    inner = render(compiled, {"document": data})
    audience = "family" if data.get("audience") == "family" else "professional"
    return (
        f'<article class="cv-document cv-{audience}" lang="{LANGUAGE}">'
        + clean_html(inner)
        + "</article>"
    )


def standalone_html(data: dict, body: str, *, extra_head: str = "") -> str:
    """A whole HTML page for print and PDF: title, language, the print stylesheet."""
    title = data.get("title") or "Document"
    if data.get("audience") != "family":
        title += " (professional version)"
    return (
        f'<!DOCTYPE html>\n<html lang="{LANGUAGE}"><head><meta charset="utf-8">'
        f"<title>{escape(title)}</title>"
        '<meta name="viewport" content="width=device-width, initial-scale=1">'
        f"<style>{stylesheet()}</style>{extra_head}</head>"
        f"<body>{body}</body></html>"
    )
