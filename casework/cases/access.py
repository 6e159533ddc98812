"""Who may see a case.

Practitioners and team managers see their own team's cases. A restricted case (a
relative or colleague may be involved, or a high-profile family) is seen only by the
people named on it, whatever their team or role.
"""

from __future__ import annotations

from sqlalchemy import exists, or_, select

from casework.models import Case, CaseAccess, User

CASE_ROLES = frozenset({"practitioner", "team_manager"})


def visible_to(user: User):
    """A filter for queries over Case: the cases this person may see."""
    if user.role not in CASE_ROLES:
        return Case.id.is_(None)  # matches nothing
    named = exists().where(CaseAccess.case_id == Case.id, CaseAccess.user_id == user.id)
    return or_(named, (Case.team_id == user.team_id) & Case.restricted.is_(False))


def may_see(user: User, case: Case) -> bool:
    from casework.extensions import db

    return bool(db.session.scalar(select(Case.id).where(Case.id == case.id, visible_to(user))))
