"""Who may see a case: worked out here and nowhere else.

Practitioners and team managers see their own team's cases. A restricted case (a
relative or colleague may be involved, or a high-profile family) is seen only by:

- its lead practitioner;
- the team managers of the lead's team (of the case's team if it has no lead), who
  must always be able to sign off its records;
- the people named on it, each with a reason;
- anyone who broke the glass on it with a reason, until their access runs out.

Everyone else is told the case does not exist. Every query over cases (the case list,
search, work lists, records, documents) filters with ``visible_to``, and so does
``cases.service.may_see``, which every page that opens one case asks, so the rules
cannot drift apart.
"""

from __future__ import annotations

from datetime import UTC, datetime, time, timedelta

from sqlalchemy import (
    DateTime,
    Integer,
    and_,
    any_,
    bindparam,
    exists,
    false,
    func,
    or_,
    select,
    union,
)

from casework.clock import UK
from casework.models import BreakGlassGrant, Case, CaseAccess, User
from casework.models.time import utcnow

CASE_ROLES = frozenset({"practitioner", "team_manager"})


def _lead_team():
    """The team whose managers answer for a case: the lead's, or the case's own."""
    lead_team = select(User.team_id).where(User.id == Case.lead_worker_id).scalar_subquery()
    return func.coalesce(lead_team, Case.team_id)


def _glass_unbroken(user_id, now):
    return exists().where(
        BreakGlassGrant.case_id == Case.id,
        BreakGlassGrant.user_id == user_id,
        BreakGlassGrant.expires_at > now,
    )


def visible_to(user: User):
    """A filter for queries over Case: the cases this person may see."""
    return _visible(user.role, user.id, user.team_id, utcnow())


def visible_to_bound(role: str):
    """``visible_to`` for anyone of this role, the person given at execution by
    ``viewer_params``: a statement built once serves every request (building one costs
    more Python than running it)."""
    return _visible(
        role,
        bindparam("viewer_id", type_=Integer),
        bindparam("viewer_team_id", type_=Integer),
        bindparam("viewer_now", type_=DateTime),
    )


def viewer_params(user: User) -> dict:
    """The parameters of ``visible_to_bound``, for this person now."""
    return {"viewer_id": user.id, "viewer_team_id": user.team_id, "viewer_now": utcnow()}


def _visible(role: str, user_id, team_id, now):
    if role not in CASE_ROLES:
        return Case.id.is_(None)  # matches nothing
    named = exists().where(CaseAccess.case_id == Case.id, CaseAccess.user_id == user_id)
    manages = _lead_team() == team_id if role == "team_manager" else false()
    return or_(
        and_(Case.team_id == team_id, Case.restricted.is_(False)),
        Case.lead_worker_id == user_id,
        manages,
        named,
        _glass_unbroken(user_id, now),
    )


def lead_team_id(case: Case) -> int:
    return case.lead_worker.team_id if case.lead_worker else case.team_id


def manages(user: User, case: Case) -> bool:
    """A team manager of the lead's team: may always open, sign off and name people."""
    return user.role == "team_manager" and user.team_id == lead_team_id(case)


def may_name_people(user: User, case: Case) -> bool:
    """The lead and their team managers decide who else is named on a restricted case."""
    return case.restricted and (user.id == case.lead_worker_id or manages(user, case))


def may_sign_off(user: User, case: Case, role: str = "team_manager") -> bool:
    if role == "team_manager":
        return manages(user, case)
    return user.role == role and user.team_id == lead_team_id(case)


def break_glass_expiry(now: datetime, hours: int = 0) -> datetime:
    """When break-glass access ends: after ``hours``, or (0) at the end of the UK day."""
    if hours > 0:
        return now + timedelta(hours=hours)
    local = now.replace(tzinfo=UTC).astimezone(UK)
    midnight = datetime.combine(local.date() + timedelta(days=1), time(0), tzinfo=UK)
    return midnight.astimezone(UTC).replace(tzinfo=None)


def candidate_case_ids(user: User):
    """A superset of the cases ``visible_to`` lets this person see, found through
    indexes (team, lead worker, named, glass) so a big council's other cases are never
    scanned; callers still filter with ``visible_to``, which decides."""
    return _candidates(user.role, user.id, user.team_id)


def candidate_case_ids_bound(role: str):
    """``candidate_case_ids`` for anyone of this role, given by ``viewer_params``."""
    return _candidates(
        role, bindparam("viewer_id", type_=Integer), bindparam("viewer_team_id", type_=Integer)
    )


def candidate_cases_bound(role: str, dialect: str):
    """``candidate_case_ids_bound`` as a condition on Case itself (a team manager's home
    asks it on every request). On PostgreSQL each part is an index condition, the short
    lists (the team's people, the cases the person is named on or broke the glass on)
    found first as arrays, so the database joins the indexes' matches into one bitmap
    and reads a team's cases from the few pages that hold them; the union of ids had it
    look each of a team's 500 cases up again by id."""
    if role not in CASE_ROLES:
        return false()
    if dialect != "postgresql":
        return Case.id.in_(candidate_case_ids_bound(role))
    user_id = bindparam("viewer_id", type_=Integer)
    team_id = bindparam("viewer_team_id", type_=Integer)

    def listed(model):
        ids = select(model.case_id).where(model.user_id == user_id).scalar_subquery()
        return any_(func.array(ids))

    parts = [
        Case.team_id == team_id,
        Case.lead_worker_id == user_id,
        Case.id == listed(CaseAccess),
        Case.id == listed(BreakGlassGrant),
    ]
    if role == "team_manager":
        team = select(User.id).where(User.team_id == team_id).scalar_subquery()
        parts.append(Case.lead_worker_id == any_(func.array(team)))
    return or_(*parts)


def _candidates(role: str, user_id, team_id):
    if role not in CASE_ROLES:
        return select(Case.id).where(false())
    arms = [
        select(Case.id).where(Case.team_id == team_id),
        select(Case.id).where(Case.lead_worker_id == user_id),
        select(CaseAccess.case_id).where(CaseAccess.user_id == user_id),
        select(BreakGlassGrant.case_id).where(BreakGlassGrant.user_id == user_id),
    ]
    if role == "team_manager":
        team = select(User.id).where(User.team_id == team_id)
        arms.append(select(Case.id).where(Case.lead_worker_id.in_(team)))
    return union(*arms)
