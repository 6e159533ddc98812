"""Who is named on a restricted case, emergency ("break glass") access, stalled cases.

The rules for who may see a case live in ``casework.cases.access``; this service
changes the facts those rules read (the named people and the break-glass grants),
always with a reason, always audited.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import datetime, timedelta

from flask import current_app
from sqlalchemy import func, select

from casework import audit
from casework.cases import access
from casework.extensions import db
from casework.models import BreakGlassGrant, Case, CaseAccess, User
from casework.models.time import utcnow

REASON_MAX = 500
REVIEW_DAYS = 30


class NamingRefused(ValueError):
    """A change that cannot be made, with the words to show the person."""


@dataclass(frozen=True)
class Named:
    user: User
    why: str  # "Lead practitioner", "Team manager", or the reason given
    kind: str  # lead | manager | named
    granted_by: User | None = None
    granted_at: datetime | None = None


def _reason(text: str | None) -> str:
    reason = (text or "").strip()
    if not reason:
        raise NamingRefused("Enter why this person needs to see the case")
    if len(reason) > REASON_MAX:
        raise NamingRefused(f"The reason must be {REASON_MAX} characters or fewer")
    return reason


def _managers(case: Case) -> list[User]:
    return list(
        db.session.scalars(
            select(User)
            .where(User.role == "team_manager", User.team_id == access.lead_team_id(case))
            .order_by(User.full_name)
        )
    )


def named(case: Case) -> list[Named]:
    """Everyone who may see a restricted case because of who they are, and why."""
    people: list[Named] = []
    if case.lead_worker:
        people.append(Named(case.lead_worker, "Lead practitioner", "lead"))
    people += [
        Named(m, "Team manager of the lead practitioner", "manager") for m in _managers(case)
    ]
    shown = {n.user.id for n in people}
    for grant in db.session.scalars(
        select(CaseAccess).where(CaseAccess.case_id == case.id).order_by(CaseAccess.granted_at)
    ):
        if grant.user_id not in shown:
            people.append(
                Named(
                    grant.user,
                    grant.reason or "Named when the case was opened",
                    "named",
                    grant.granted_by,
                    grant.granted_at,
                )
            )
    return people


def candidates(case: Case) -> list[User]:
    """Active practitioners and team managers not already named, by name."""
    already = {n.user.id for n in named(case)}
    return [
        user
        for user in db.session.scalars(
            select(User)
            .where(User.role.in_(access.CASE_ROLES), User.active.is_(True))
            .order_by(User.full_name)
        )
        if user.id not in already
    ]


def _name(actor: User, case: Case, user: User | None, reason: str | None, action: str) -> None:
    reason = _reason(reason)
    if user is None or not user.active or user.role not in access.CASE_ROLES:
        raise NamingRefused("Choose a practitioner or team manager who can sign in")
    if user.id in {n.user.id for n in named(case)}:
        raise NamingRefused(f"{user.full_name} can already see this case")
    db.session.add(CaseAccess(case_id=case.id, user_id=user.id, reason=reason, granted_by=actor))
    audit.record(
        action,
        user=actor,
        record_type="case",
        record_id=case.id,
        detail={"named": user.username, "reason": reason},
        case_ids=[case.id],
        commit=False,
    )
    db.session.commit()


def name_person(actor: User, case: Case, user_id: int, reason: str | None) -> User:
    if not access.may_name_people(actor, case):
        raise NamingRefused("Only the lead practitioner or their team manager can name people")
    user = db.session.get(User, user_id)
    _name(actor, case, user, reason, "case_person_named")
    return user


def remove_person(actor: User, case: Case, user_id: int) -> User:
    if not access.may_name_people(actor, case):
        raise NamingRefused("Only the lead practitioner or their team manager can remove people")
    grant = db.session.get(CaseAccess, (case.id, user_id))
    if grant is None:
        raise NamingRefused("That person is not named on this case")
    user = grant.user
    db.session.delete(grant)
    audit.record(
        "case_person_removed",
        user=actor,
        record_type="case",
        record_id=case.id,
        detail={"removed": user.username},
        commit=False,
    )
    db.session.commit()
    return user


def can_act(case: Case) -> list[User]:
    """Active people who can open the case without breaking the glass."""
    return [n.user for n in named(case) if n.user.active]


def stalled() -> list[Case]:
    """Open restricted cases that nobody who can sign in is able to open."""
    cases = db.session.scalars(
        select(Case)
        .where(Case.restricted.is_(True), Case.closed_on.is_(None))
        .order_by(Case.reference)
    )
    return [case for case in cases if not can_act(case)]


def by_reference(reference: str) -> Case | None:
    match = re.fullmatch(r"(?i)\s*cv-?(\d+)\s*", reference or "")
    if not match:
        return None
    return db.session.scalar(select(Case).where(Case.reference == f"CV-{int(match.group(1)):06d}"))


def restricted_case(case_id: int) -> Case | None:
    case = db.session.get(Case, case_id)
    return case if case is not None and case.restricted else None


def find_user(key: str | int | None) -> User | None:
    """By id (a screen's choice) or username (the command line)."""
    text = str(key or "").strip()
    if text.isdigit():
        return db.session.get(User, int(text))
    return db.session.scalar(select(User).where(User.username == text)) if text else None


def name_for_stalled(
    admin: User | None, case: Case, user_key: str | int | None, reason: str | None
) -> User:
    """An administrator names someone on a case nobody can open (screen or command)."""
    if people := can_act(case):
        names = ", ".join(u.full_name for u in people)
        raise NamingRefused(f"{case.reference} is not stalled: {names} can already open it")
    user = find_user(user_key)
    _name(admin, case, user, reason, "case_person_named_by_administrator")
    return user


def break_glass_hours() -> int:
    """How long break-glass access lasts; 0 (the default) means until the end of the day."""
    return int(current_app.config.get("BREAK_GLASS_HOURS") or 0)


def break_glass(user: User, reference: str, reason: str | None) -> BreakGlassGrant:
    """Emergency access for someone not named: the reason is kept and auditors told."""
    reason = _reason(reason)
    case = by_reference(reference)
    if case is None:
        audit.record("break_glass_no_case", user=user, detail={"reference": reference[:40]})
        raise NamingRefused("There is no case with that reference. Check it and try again")
    now = utcnow()
    hours = break_glass_hours()
    grant = BreakGlassGrant(
        case_id=case.id,
        user_id=user.id,
        reason=reason,
        granted_at=now,
        expires_at=access.break_glass_expiry(now, hours),
    )
    db.session.add(grant)
    audit.record(
        "break_glass",
        user=user,
        record_type="case",
        record_id=case.id,
        detail={"reason": reason, "until": grant.expires_at.isoformat(timespec="minutes")},
        commit=False,
    )
    db.session.commit()
    return grant


def glass_broken_by(user: User, case: Case) -> BreakGlassGrant | None:
    """This person's break-glass access to the case still running, if any."""
    return db.session.scalar(
        select(BreakGlassGrant)
        .where(
            BreakGlassGrant.case_id == case.id,
            BreakGlassGrant.user_id == user.id,
            BreakGlassGrant.expires_at > utcnow(),
        )
        .order_by(BreakGlassGrant.expires_at.desc())
        .limit(1)
    )


def recent_break_glass_count() -> int:
    """For the auditor's home page: how many times the glass was broken lately."""
    since = utcnow() - timedelta(days=REVIEW_DAYS)
    return db.session.scalar(
        select(func.count()).select_from(BreakGlassGrant).where(BreakGlassGrant.granted_at >= since)
    )
