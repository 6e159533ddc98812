"""The only door to documents: build one from a record, draw its PDF, issue it, find
what was sent, and draw a submitted record's PDFs ahead of anyone asking.

Access to a record goes through ``casework.records.service.get`` (case access, restricted
cases); every view, print, download and issue is written to the audit log. PDFs go
through ``casework.documents.cache``, so the same document is drawn once.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from datetime import UTC, date

from sqlalchemy import select

from casework import audit
from casework.clock import UK
from casework.documents import cache
from casework.extensions import db
from casework.models import Case, Record, User
from casework.models.documents import AUDIENCES, METHODS, IssuedDocument
from casework.records import service as records
from renderer.documents import Document, Person, TemplateRefused, make_document

__all__ = [
    "AUDIENCES",
    "METHODS",
    "DocumentProblem",
    "IssueRequest",
    "TemplateRefused",
    "build",
    "get_issued",
    "issue",
    "issued_for",
    "pdf_of",
    "people_of",
    "render_ahead",
]

# Statuses in which a record's revision is settled: its document is drawn ahead.
SETTLED = ("awaiting_authorisation", "completed")


class DocumentProblem(ValueError):
    """Something the person can fix; the message says what."""


@dataclass(frozen=True)
class IssueRequest:
    audience: str
    person_ids: tuple[int, ...]
    professionals: tuple[str, ...]
    method: str
    sent_on: date


def people_of(case: Case) -> list[Person]:
    return [Person(str(p.id), p.full_name, p.role_name) for p in case.people]


def _history(record: Record, form) -> dict:
    """Earlier scores of this record's scale fields, from the case's earlier records."""
    scale_ids = {f.id for f in form.all_fields() if f.type == "scale"}
    if not scale_ids:
        return {}
    earlier = db.session.scalars(
        select(Record)
        .where(Record.case_id == record.case_id, Record.id < record.id)
        .order_by(Record.id)
    )
    history: dict[str, list] = {}
    for other in earlier:
        when = (other.submitted_at or other.updated_at).date().isoformat()
        for field_id in scale_ids:
            answer = (other.answers or {}).get(field_id)
            if isinstance(answer, dict) and answer.get("ratings"):
                history.setdefault(field_id, []).append({"date": when, "answer": answer})
    return history


def written_on(record: Record) -> date:
    """The document's date. A submitted record's document is dated the day it was
    submitted (UK time), as its answers were checked that day, so its HTML, and so its
    PDF, stays the same however late it is downloaded; a draft's is today."""
    if record.status in SETTLED and record.submitted_at is not None:
        return record.submitted_at.replace(tzinfo=UTC).astimezone(UK).date()
    return date.today()


def _document_of(record: Record, audience: str) -> Document:
    """The document of a record the caller has already been allowed to see."""
    form = records.form_of(record)
    return make_document(
        form,
        record.answers or {},
        people_of(record.case),
        audience=audience,
        today=written_on(record),
        history=_history(record, form),
        extra={"reference": record.case.reference},
    )


def build(user: User, record_id: int, audience: str, *, purpose: str | None) -> Document:
    """The document of a record for one audience. Raises records.RecordNotFound,
    DocumentProblem (unknown audience) or TemplateRefused (a template that may not run)."""
    if audience not in AUDIENCES:
        raise DocumentProblem(f"There is no {audience!r} version of a document")
    record = records.get(user, record_id, purpose=None)
    document = _document_of(record, audience)
    if purpose:
        audit.record(
            purpose,
            record_type="record",
            record_id=record.id,
            detail={"audience": audience, "revision": record.revision},
        )
    return document


def pdf_of(
    user: User, record_id: int, audience: str, *, purpose: str | None
) -> tuple[Document, bytes]:
    """The document and its PDF: from the cache when it was drawn before (ahead, or for
    anyone else who may see this record), else drawn now. Raises as ``build``."""
    document = build(user, record_id, audience, purpose=purpose)
    return document, cache.pdf_for(document.html, record_id=record_id)


def render_ahead(record_id: int, revision: int) -> int:
    """Draw and keep both PDFs of a settled record, so whoever downloads, prints or
    issues them next does not wait. No person asked, so nothing is audited; nothing is
    drawn if the record has moved on since. Returns how many PDFs were drawn (not
    already kept). Raises whatever drawing raises: the caller logs it."""
    record = db.session.get(Record, record_id)
    if record is None or record.revision != revision or record.status not in SETTLED:
        return 0
    drawn = 0
    for audience in AUDIENCES:  # family first: it is the one printed for the family
        html = _document_of(record, audience).html
        if cache.cached(html) is None:
            cache.pdf_for(html, record_id=record.id)
            drawn += 1
    return drawn


def issue(user: User, record_id: int, request: IssueRequest) -> IssuedDocument:
    """Make the PDF, keep its bytes, and record who it went to, how and when."""
    record = records.get(user, record_id, purpose=None)
    case = record.case
    if request.method not in METHODS:
        raise DocumentProblem("Select how the document was sent")
    people = {p.id: p for p in case.people}
    unknown = [pid for pid in request.person_ids if pid not in people]
    if unknown:
        raise DocumentProblem("Select people from this case only")
    recipients = [
        {
            "kind": "person",
            "person_id": pid,
            "name": people[pid].full_name,
            "relationship": people[pid].role_name,
        }
        for pid in request.person_ids
    ] + [{"kind": "professional", "name": name} for name in request.professionals]
    if not recipients:
        raise DocumentProblem("Select or enter who the document was sent to")
    if request.sent_on > date.today():
        raise DocumentProblem("The date it was sent must be today or in the past")
    document = build(user, record_id, request.audience, purpose=None)
    # The exact bytes sent are kept with the issue; the cache only saves drawing them.
    pdf = cache.pdf_for(document.html, record_id=record.id)
    issued = IssuedDocument(
        record_id=record.id,
        form_version_id=record.form_version_id,
        record_revision=record.revision,
        audience=request.audience,
        recipients=recipients,
        method=request.method,
        sent_on=request.sent_on,
        title=document.title[:200],
        issued_by_id=user.id,
        sha256=hashlib.sha256(pdf).hexdigest(),
        pdf=pdf,
    )
    db.session.add(issued)
    db.session.flush()
    audit.record(
        "document_issued",
        record_type="record",
        record_id=record.id,
        detail={
            "issued_document": issued.id,
            "audience": request.audience,
            "recipients": [r["name"] for r in recipients],
            "method": request.method,
            "sha256": issued.sha256,
            "revision": record.revision,
        },
        commit=False,
    )
    db.session.commit()
    return issued


def issued_for(user: User, record_id: int) -> list[IssuedDocument]:
    record = records.get(user, record_id, purpose=None)
    return list(
        db.session.scalars(
            select(IssuedDocument)
            .where(IssuedDocument.record_id == record.id)
            .order_by(IssuedDocument.id.desc())
        )
    )


def get_issued(user: User, issued_id: int) -> IssuedDocument:
    """An issued document, if the user may see its record; audited as a download."""
    issued = db.session.get(IssuedDocument, issued_id)
    if issued is None:
        raise records.RecordNotFound(issued_id)
    records.get(user, issued.record_id, purpose=None)
    audit.record(
        "issued_document_downloaded",
        record_type="record",
        record_id=issued.record_id,
        detail={"issued_document": issued.id, "sha256": issued.sha256},
    )
    return issued
