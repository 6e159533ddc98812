"""A team's weighted caseloads now and week by week, from the pathway's stage weights."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta

from flask import current_app
from sqlalchemy import or_, select

from casework import audit
from casework.caseloads import weighing
from casework.extensions import db
from casework.models import Case, CaseComplexity, StageInstance, Team, User, WorkerCapacity

HISTORY_WEEKS = 8


@dataclass
class Week:
    on: date
    weight: float
    percent: float
    colour: str


@dataclass
class WorkerLoad:
    worker: User
    cases: int
    weight: float
    available: float
    percent: float
    colour: str
    sustained_red: bool
    explanation: str
    history: list[Week]  # oldest first, the last is today
    case_points: dict[int, tuple[float, int]]  # case id -> (points now, tier)


def _points() -> weighing.Points:
    config = current_app.config
    return weighing.Points(
        full_time=float(config.get("CASELOAD_FULL_TIME_POINTS", 40)),
        newly_qualified=float(config.get("CASELOAD_NEWLY_QUALIFIED_POINTS", 36)),
    )


def capacity_of(user: User) -> weighing.Capacity:
    row = db.session.get(WorkerCapacity, user.id)
    if row is None:
        return weighing.Capacity()
    return weighing.Capacity(
        row.hours, row.newly_qualified, row.reduction_points, row.reduction_reason
    )


def set_capacity(user: User, capacity: weighing.Capacity) -> None:
    row = db.session.get(WorkerCapacity, user.id) or WorkerCapacity(user_id=user.id)
    row.hours = capacity.hours
    row.newly_qualified = capacity.newly_qualified
    row.reduction_points = capacity.reduction_points
    row.reduction_reason = capacity.reduction_reason
    db.session.add(row)
    db.session.commit()


def set_tier(manager: User, case: Case, tier: int) -> None:
    if tier not in weighing.TIER_MULTIPLIERS:
        raise ValueError("Choose standard, complex or highly complex")
    row = db.session.get(CaseComplexity, case.id) or CaseComplexity(case_id=case.id)
    row.tier, row.set_by_id = tier, manager.id
    db.session.add(row)
    audit.record(
        "case_complexity_set",
        record_type="case",
        record_id=case.id,
        detail={"tier": weighing.TIER_NAMES[tier]},
        commit=False,
    )
    db.session.commit()


def team_loads(team_id: int, today: date, *, weeks: int = HISTORY_WEEKS) -> list[WorkerLoad]:
    """Every practitioner in the team; history weekly back from today. Three queries."""
    workers = list(
        db.session.scalars(
            select(User)
            .where(User.team_id == team_id, User.role == "practitioner", User.active.is_(True))
            .order_by(User.full_name)
        )
    )
    days = [today - timedelta(weeks=n) for n in range(weeks - 1, -1, -1)]
    rows = db.session.execute(
        select(StageInstance, Case.lead_worker_id)
        .join(Case, Case.id == StageInstance.case_id)
        .where(Case.team_id == team_id, Case.lead_worker_id.is_not(None))
        .where(or_(StageInstance.completed_on.is_(None), StageInstance.completed_on > days[0]))
        .where(StageInstance.started_on <= today)
    ).all()
    tiers = dict(
        db.session.execute(
            select(CaseComplexity.case_id, CaseComplexity.tier)
            .join(Case, Case.id == CaseComplexity.case_id)
            .where(Case.team_id == team_id)
        ).all()
    )
    thresholds = weighing.Thresholds.from_config(current_app.config)
    points = _points()
    loads = []
    for worker in workers:
        theirs = [i for i, lead in rows if lead == worker.id]
        capacity = capacity_of(worker)
        free = weighing.available(capacity, points)
        history = []
        for day in days:
            by_case: dict[int, list[float]] = {}
            for i in theirs:
                if i.started_on <= day and (i.completed_on is None or i.completed_on > day):
                    by_case.setdefault(i.case_id, []).append(i.weight)
            weight = sum(
                weighing.case_weight(w, tiers.get(case_id, 1)) for case_id, w in by_case.items()
            )
            value = weighing.percent(weight, free)
            history.append(Week(day, weight, value, weighing.colour(value, thresholds)))
            if day == today:
                now_cases = by_case
        now = history[-1]
        loads.append(
            WorkerLoad(
                worker=worker,
                cases=len(now_cases),
                weight=now.weight,
                available=free,
                percent=now.percent,
                colour=now.colour,
                sustained_red=weighing.sustained_red([w.percent for w in history], thresholds),
                explanation=weighing.explain(
                    worker.full_name,
                    cases=len(now_cases),
                    weight=now.weight,
                    capacity=capacity,
                    points=points,
                    complex_cases=sum(1 for c in now_cases if tiers.get(c, 1) > 1),
                ),
                history=history,
                case_points={
                    c: (weighing.case_weight(w, tiers.get(c, 1)), tiers.get(c, 1))
                    for c, w in now_cases.items()
                },
            )
        )
    return loads


def cases_by_id(ids: list[int]) -> dict[int, Case]:
    from sqlalchemy.orm import selectinload

    rows = db.session.scalars(
        select(Case).where(Case.id.in_(ids)).options(selectinload(Case.people))
    )
    return {case.id: case for case in rows}


def tier_of(case: Case) -> int:
    row = db.session.get(CaseComplexity, case.id)
    return row.tier if row else 1


def reporting_teams(team_id: int) -> list[Team]:
    """Teams whose managers report to this team's manager (one level down)."""
    return list(
        db.session.scalars(select(Team).where(Team.parent_team_id == team_id).order_by(Team.name))
    )


def worker_in_team(user_id: int, team_id: int) -> User | None:
    user = db.session.get(User, user_id)
    return user if user is not None and user.team_id == team_id else None
