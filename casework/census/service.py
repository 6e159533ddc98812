"""The only door from the census to the database: read each child's completed records."""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.orm import joinedload, selectinload

from casework import audit
from casework.cases.access import visible_to
from casework.census import build
from casework.census.items import asked, items
from casework.extensions import db
from casework.models import Case, Record, User


def children(user: User | None = None) -> list[build.Child]:
    """Every case's child (or, for a manager, the cases they may see), oldest case first."""
    query = select(Case).order_by(Case.id).options(selectinload(Case.people))
    if user is not None:
        query = query.where(visible_to(user))
    cases = list(db.session.scalars(query))
    records = db.session.scalars(
        select(Record)
        .where(Record.case_id.in_([c.id for c in cases]))
        .order_by(Record.id)
        .options(joinedload(Record.form_version))
    )
    sources: dict[int, list[build.Source]] = {}
    for record in records:
        # Drafts count (a referral being recorded is still a referral); an assessment
        # counts as authorised only once its record is completed.
        done = record.status == "completed" and record.authorised_at
        when = record.authorised_at.date() if done else None
        sources.setdefault(record.case_id, []).append(
            build.Source(
                form_id=record.form_version.form_id,
                record_id=record.id,
                items=items(record.form_version.definition, record.answers or {}),
                completed_on=when,
                authorised_on=when,
                asks=asked(record.form_version.definition),
            )
        )
    result = []
    for case in cases:
        child = case.child
        if child is None:
            continue
        result.append(
            build.Child(
                case_id=case.id,
                reference=case.reference,
                born=child.date_of_birth,
                sex={"female": "F", "male": "M"}.get((child.gender or "").lower()),
                upn=child.upn,
                ethnicity=child.ethnicity,
                disabilities=[d.upper() for d in child.disabilities or []],
                opened_on=case.opened_on,
                closed_on=case.closed_on,
                sources=sources.get(case.id, []),
            )
        )
    return result


def record_built(
    year: int,
    included: list[build.Child],
    *,
    username: str | None = None,
    action: str = "census_built",
):
    """The census names every child in it: an entry naming each of their cases."""
    audit.record(
        action,
        username=username,
        detail={"year": year, "children": len(included)},
        case_ids=[c.case_id for c in included],
    )
