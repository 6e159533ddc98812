"""The only door to documents: build one from a record, issue it, find what was sent.

Access to a record goes through ``casework.records.service.get`` (case access, restricted
cases); every view, print, download and issue is written to the audit log.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from datetime import date

from sqlalchemy import select

from casework import audit
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
    "people_of",
]


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


def build(user: User, record_id: int, audience: str, *, purpose: str | None) -> Document:
    """The document of a record for one audience. Raises records.RecordNotFound,
    DocumentProblem (unknown audience) or TemplateRefused (a template that may not run)."""
    if audience not in AUDIENCES:
        raise DocumentProblem(f"There is no {audience!r} version of a document")
    record = records.get(user, record_id, purpose=None)
    form = records.form_of(record)
    case = record.case
    document = make_document(
        form,
        record.answers or {},
        people_of(case),
        audience=audience,
        today=date.today(),
        history=_history(record, form),
        extra={"reference": case.reference},
    )
    if purpose:
        audit.record(
            purpose,
            record_type="record",
            record_id=record.id,
            detail={"audience": audience, "revision": record.revision},
        )
    return document


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
    pdf = document.pdf()
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


def form_version_label(issued: IssuedDocument) -> str:
    version = issued.form_version
    return f"{version.title}, version {version.version}" if version else ""
