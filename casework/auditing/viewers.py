"""Who has looked at a child's record: for the team managers of the case's team.

Read from the audit log (entries naming the case), so it covers every screen that shows
the child, for as long as the log is kept. Showing it is itself audited.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import func, select

from casework import audit
from casework.auditing.words import words_for
from casework.extensions import db
from casework.models import AuditEvent, AuditEventCase, Case, User

SHORT_LIST = 5


@dataclass(frozen=True)
class Looker:
    name: str
    role: str | None
    times: int
    last_at: datetime
    last_what: str


def may_see(user: User, case: Case) -> bool:
    return user.role == "team_manager" and user.team_id == case.team_id


def who_looked(case: Case, limit: int = SHORT_LIST) -> tuple[list[Looker], int]:
    """The people who most recently looked, newest first, and how many people in all."""
    by_person = (
        select(
            AuditEvent.user_id,
            AuditEvent.username,
            func.max(AuditEvent.id).label("last_id"),
            func.count().label("times"),
        )
        .join(AuditEventCase, AuditEventCase.event_id == AuditEvent.id)
        .where(AuditEventCase.case_id == case.id, AuditEvent.username.is_not(None))
        .group_by(AuditEvent.user_id, AuditEvent.username)
    ).subquery()
    people = db.session.scalar(select(func.count()).select_from(by_person))
    rows = db.session.execute(
        select(by_person, AuditEvent, User)
        .join(AuditEvent, AuditEvent.id == by_person.c.last_id)
        .outerjoin(User, User.id == by_person.c.user_id)
        .order_by(by_person.c.last_id.desc())
        .limit(limit)
    ).all()
    lookers = [
        Looker(
            name=user.full_name if user else row.username,
            role=user.role_name if user else None,
            times=row.times,
            last_at=event.at,
            last_what=words_for(event.action),
        )
        for row, event, user in ((r, r.AuditEvent, r.User) for r in rows)
    ]
    audit.record(
        "viewers_listed",
        record_type="case",
        record_id=case.id,
        detail={"people_shown": len(lookers)},
    )
    return lookers, people


def record_full_list_seen(case: Case) -> None:
    audit.record("viewers_listed", record_type="case", record_id=case.id, detail={"all": True})
