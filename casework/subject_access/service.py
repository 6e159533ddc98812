"""The only door to subject access exports: find the person, gather, render, audit.

An export is for an administrator (the council's information governance officers hold
that role in Convivial: they answer subject access requests but cannot open cases), and
every export names the request it answers and is audited against every case it draws on.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import date

from flask import current_app
from sqlalchemy import func, or_, select
from sqlalchemy.orm import joinedload

from casework import audit
from casework.extensions import db
from casework.models import Case, Person, User
from casework.subject_access.gather import Bundle, gather
from renderer.documents.pdf import pdf_bytes

FORMATS = ("html", "pdf", "json")


class RequestRefused(ValueError):
    """Something the officer can fix; the message says what."""


@dataclass(frozen=True)
class Export:
    bundle: Bundle
    html: str
    content: bytes
    media_type: str
    filename: str


def find_people(text: str, limit: int = 50) -> list[Person]:
    """People on any case whose name matches, for the officer to choose from."""
    text = text.strip().lower()
    if len(text) < 2:
        return []
    like = f"%{text}%"
    return list(
        db.session.scalars(
            select(Person)
            .where(
                or_(
                    func.lower(Person.first_name + " " + Person.last_name).like(like),
                    func.lower(Person.last_name).like(like),
                )
            )
            .options(joinedload(Person.case).joinedload(Case.team))
            .order_by(Person.last_name, Person.first_name, Person.id)
            .limit(limit)
        )
    )


def person(person_id: int) -> Person | None:
    return db.session.get(Person, person_id)


def export(
    officer: User | None, person_id: int, request_reference: str, fmt: str, today: date
) -> Export:
    """Gather and render everything held about the person; the export is audited."""
    request_reference = (request_reference or "").strip()
    if not request_reference:
        raise RequestRefused("Enter the subject access request this export answers")
    if len(request_reference) > 100:
        raise RequestRefused("The request reference must be 100 characters or fewer")
    if fmt not in FORMATS:
        raise RequestRefused("Choose a web page, a PDF or a JSON file")
    found = person(person_id)
    if found is None:
        raise RequestRefused("There is no such person")
    bundle = gather(found, today)
    # Rendered without the request's context: the same page from a screen or a command.
    html = current_app.jinja_env.get_template("subject_access/bundle.html").render(
        bundle=bundle, request_reference=request_reference
    )
    stem = f"subject-access-{found.last_name}-{found.first_name}-{today.isoformat()}".lower()
    stem = "".join(c if c.isalnum() or c == "-" else "-" for c in stem)
    if fmt == "pdf":
        # Drawn afresh and never cached: the bundle is kept only where the officer saves it.
        content, media = pdf_bytes(html), "application/pdf"
    elif fmt == "json":
        data = {"request": request_reference, **bundle.as_json()}
        content, media = json.dumps(data, indent=2, ensure_ascii=False).encode(), "application/json"
    else:
        content, media = html.encode(), "text/html"
    audit.record(
        "subject_access_exported",
        user=officer,
        record_type="person",
        record_id=found.id,
        detail={"request": request_reference, "format": fmt, "records": len(bundle.records)},
        case_ids=bundle.case_ids,
    )
    return Export(bundle, html, content, media, f"{stem}.{fmt}")
