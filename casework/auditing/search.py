"""The auditor's search: by child or case, person, dates and action, paged by id.

Pages are keyset pages (``id < before`` or ``id > after``, newest first), so the millionth
entry costs what the first does; the CSV export walks the same query in batches.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta

from flask import current_app
from sqlalchemy import func, or_, select

from casework.auditing import chain
from casework.auditing.verify import bad_ids
from casework.auditing.words import ACTION_WORDS, words_for
from casework.extensions import db
from casework.models import AuditEvent, AuditEventCase, Case, Person, User

PAGE_SIZE = 50
EXPORT_BATCH = 1000


@dataclass
class Filters:
    child: str = ""
    person: str = ""
    since: date | None = None
    until: date | None = None
    action: str = ""
    # Resolved from ``child``: the cases whose child matched, or the case with that reference.
    case_ids: list[int] | None = None

    def as_detail(self) -> dict:
        return {
            key: value
            for key, value in {
                "child_or_case": self.child,
                "person": self.person,
                "from": self.since.isoformat() if self.since else "",
                "to": self.until.isoformat() if self.until else "",
                "action": self.action,
            }.items()
            if value
        }


@dataclass(frozen=True)
class Entry:
    id: int
    at: datetime
    username: str | None
    full_name: str | None
    what: str
    action: str
    record_type: str | None
    record_id: str | None
    cases: list[tuple[str, str]]  # (reference, child's name)
    ip_address: str | None
    path: str | None
    hash: str | None
    fails_check: bool


@dataclass
class Page:
    entries: list[Entry]
    newer: int | None = None  # id to pass as ``after`` for the newer page
    older: int | None = None  # id to pass as ``before`` for the older page
    matched_cases: list[tuple[str, str]] = field(default_factory=list)


def resolve_cases(text: str) -> list[int]:
    """Cases whose child's name matches, or the case with this reference; every team."""
    text = text.strip()
    if match := re.fullmatch(r"(?i)cv-?(\d+)", text):
        reference = f"CV-{int(match.group(1)):06d}"
        return list(db.session.scalars(select(Case.id).where(Case.reference == reference)))
    like = f"%{text.lower()}%"
    full_name = func.lower(Person.first_name + " " + Person.last_name)
    return list(
        db.session.scalars(
            select(Person.case_id)
            .where(Person.is_subject.is_(True), full_name.like(like))
            .order_by(Person.case_id)
            .limit(200)
        )
    )


def _statement(filters: Filters):
    statement = select(AuditEvent)
    if filters.case_ids is not None:
        named = select(AuditEventCase.event_id).where(AuditEventCase.case_id.in_(filters.case_ids))
        statement = statement.where(AuditEvent.id.in_(named))
    if filters.person:
        like = f"%{filters.person.strip().lower()}%"
        people = select(User.id).where(
            or_(func.lower(User.username).like(like), func.lower(User.full_name).like(like))
        )
        statement = statement.where(
            or_(AuditEvent.user_id.in_(people), func.lower(AuditEvent.username).like(like))
        )
    if filters.since:
        statement = statement.where(AuditEvent.at >= datetime.combine(filters.since, time.min))
    if filters.until:
        end = datetime.combine(filters.until + timedelta(days=1), time.min)
        statement = statement.where(AuditEvent.at < end)
    if filters.action in ACTION_WORDS:
        statement = statement.where(AuditEvent.action == filters.action)
    return statement


def page(filters: Filters, before: int | None = None, after: int | None = None) -> Page:
    statement = _statement(filters)
    if after is not None:
        rows = list(
            db.session.scalars(
                statement.where(AuditEvent.id > after)
                .order_by(AuditEvent.id.asc())
                .limit(PAGE_SIZE + 1)
            )
        )
        more_newer = len(rows) > PAGE_SIZE
        rows = list(reversed(rows[:PAGE_SIZE]))
        more_older = True
    else:
        if before is not None:
            statement = statement.where(AuditEvent.id < before)
        rows = list(
            db.session.scalars(statement.order_by(AuditEvent.id.desc()).limit(PAGE_SIZE + 1))
        )
        more_older = len(rows) > PAGE_SIZE
        rows = rows[:PAGE_SIZE]
        more_newer = before is not None
    entries = _entries(rows)
    return Page(
        entries=entries,
        newer=entries[0].id if entries and more_newer else None,
        older=entries[-1].id if entries and more_older else None,
    )


def export(filters: Filters) -> Iterator[Entry]:
    """Every matching entry, newest first, in keyset batches."""
    statement = _statement(filters).order_by(AuditEvent.id.desc())
    before = None
    while True:
        batch = statement if before is None else statement.where(AuditEvent.id < before)
        rows = list(db.session.scalars(batch.limit(EXPORT_BATCH)))
        if not rows:
            return
        yield from _entries(rows)
        before = rows[-1].id


def _entries(rows: list[AuditEvent]) -> list[Entry]:
    ids = [r.id for r in rows]
    cases = _cases_of(ids)
    names = dict(
        db.session.execute(
            select(User.id, User.full_name).where(User.id.in_({r.user_id for r in rows}))
        ).all()
    )
    bad = bad_ids(db.session.connection(), chain.key_from_config(current_app.config), ids)
    return [
        Entry(
            id=r.id,
            at=r.at,
            username=r.username,
            full_name=names.get(r.user_id),
            what=words_for(r.action),
            action=r.action,
            record_type=r.record_type,
            record_id=r.record_id,
            cases=cases.get(r.id, []),
            ip_address=r.ip_address,
            path=r.path,
            hash=r.hash,
            fails_check=r.id in bad,
        )
        for r in rows
    ]


def _cases_of(ids: list[int]) -> dict[int, list[tuple[str, str]]]:
    if not ids:
        return {}
    rows = db.session.execute(
        select(AuditEventCase.event_id, Case.reference, Person.first_name, Person.last_name)
        .join(Case, Case.id == AuditEventCase.case_id)
        .join(Person, (Person.case_id == Case.id) & Person.is_subject.is_(True))
        .where(AuditEventCase.event_id.in_(ids))
        .order_by(AuditEventCase.event_id, Case.reference)
    )
    found: dict[int, list[tuple[str, str]]] = {}
    for event_id, reference, first, last in rows:
        found.setdefault(event_id, []).append((reference, f"{first} {last}"))
    return found


def cases_named(case_ids: list[int]) -> list[tuple[str, str]]:
    rows = db.session.execute(
        select(Case.reference, Person.first_name, Person.last_name)
        .join(Person, (Person.case_id == Case.id) & Person.is_subject.is_(True))
        .where(Case.id.in_(case_ids))
        .order_by(Case.reference)
    )
    return [(reference, f"{first} {last}") for reference, first, last in rows]
