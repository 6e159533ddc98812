"""Family and professional documents from records: HTML, print, PDF; plain-language checks.

    from renderer.documents import make_document, Person

    doc = make_document(form, answers, people=[Person("1", "Ruby Lane", "Child")],
                        audience="family", today=date.today(), history=None)
    doc.body         # <article> HTML, safe to put in a page
    doc.html         # a whole page with title, language and print stylesheet
    doc.pdf()        # tagged PDF bytes (Chromium or WeasyPrint: pdf.py; nothing fetched)

A form's ``output.template`` (untrusted: it may come from another council) runs in the
bounded sandbox (``sandbox.py``); a refused or stopped template raises
``TemplateRefused`` whose message names the template line. Pure: no Flask, casework or
designer. See docs/documents.md.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from .content import AUDIENCES, Person, document_data, family_fields
from .html import document_body, standalone_html, stylesheet
from .pdf import pdf_bytes, renderer_version
from .sandbox import TemplateProblem, TemplateRefused, template_problems


@dataclass(frozen=True)
class Document:
    data: dict
    body: str
    html: str

    @property
    def title(self) -> str:
        return self.data["title"]

    def pdf(self) -> bytes:
        return pdf_bytes(self.html)


def make_document(
    form,
    answers: dict,
    people=(),
    *,
    audience: str = "family",
    today: date | None = None,
    history: dict | None = None,
    extra: dict | None = None,
) -> Document:
    data = document_data(
        form, answers, people, audience=audience, today=today, history=history, extra=extra
    )
    template = form.output.template if form.output else None
    body = document_body(data, template)
    return Document(data=data, body=body, html=standalone_html(data, body))


__all__ = [
    "AUDIENCES",
    "Document",
    "Person",
    "TemplateProblem",
    "TemplateRefused",
    "document_body",
    "document_data",
    "family_fields",
    "make_document",
    "pdf_bytes",
    "renderer_version",
    "standalone_html",
    "stylesheet",
    "template_problems",
]
