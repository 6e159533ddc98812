"""A team's weighted caseloads now and week by week, from the pathway's stage weights."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta

from flask import current_app
from sqlalchemy import Date, and_, case, distinct, func, literal, or_, select, union_all

from casework import audit
from casework.caseloads import weighing
from casework.extensions import db
from casework.models import Case, CaseComplexity, StageInstance, Team, User, WorkerCapacity
from casework.pathway import work_rows_service

HISTORY_WEEKS = 8
CASES_SHOWN = 10  # each worker's heaviest cases on the team view; the rest a page away


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
    # The heaviest cases now, at most CASES_SHOWN: case id -> (points now, tier).
    case_points: dict[int, tuple[float, int]]


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


def _tier_multiplier(tier):
    """The tier's multiplier in SQL, from the one table in weighing.py."""
    return case(
        *[(tier == t, m) for t, m in weighing.TIER_MULTIPLIERS.items() if t != 1],
        else_=weighing.TIER_MULTIPLIERS[1],
    )


def _weekly(team_ids: list[int], days: list[date]):
    """(team, worker, day) -> (cases, points, complex cases), summed in the database:
    each stage open on the day weighs its weight times its case's tier multiplier."""
    day_rows = union_all(*[select(literal(d, Date).label("day")) for d in days]).subquery("d")
    tier = func.coalesce(CaseComplexity.tier, 1)
    rows = db.session.execute(
        select(
            Case.team_id,
            Case.lead_worker_id,
            day_rows.c.day,
            func.count(distinct(Case.id)),
            func.sum(StageInstance.weight * _tier_multiplier(tier)),
            func.count(distinct(case((tier > 1, Case.id)))),
        )
        .select_from(day_rows)
        .join(
            StageInstance,
            and_(
                StageInstance.started_on <= day_rows.c.day,
                or_(
                    StageInstance.completed_on.is_(None),
                    StageInstance.completed_on > day_rows.c.day,
                ),
            ),
        )
        .join(Case, Case.id == StageInstance.case_id)
        .outerjoin(CaseComplexity, CaseComplexity.case_id == Case.id)
        .where(Case.team_id.in_(team_ids), Case.lead_worker_id.is_not(None))
        .group_by(Case.team_id, Case.lead_worker_id, day_rows.c.day)
    )
    found = {}
    for team, worker, day, cases, points, complex_cases in rows:
        if isinstance(day, str):  # SQLite hands back the literal as text
            day = date.fromisoformat(day)
        found[(team, worker, day)] = (int(cases), float(points or 0), int(complex_cases))
    return found


def heaviest_cases(
    worker_ids: list[int], team_id: int, today: date, *, limit: int, offset: int = 0
) -> dict[int, list[tuple[int, float, int]]]:
    """Each worker's cases now, heaviest first: worker -> [(case id, points, tier)].
    ``limit`` a worker, from ``offset``; one query for all of them."""
    if not worker_ids:
        return {}
    tier = func.coalesce(CaseComplexity.tier, 1)
    points = (func.sum(StageInstance.weight) * _tier_multiplier(tier)).label("points")
    per_case = (
        select(
            Case.lead_worker_id.label("worker"),
            Case.id.label("case_id"),
            points,
            tier.label("tier"),
        )
        .join(StageInstance, StageInstance.case_id == Case.id)
        .outerjoin(CaseComplexity, CaseComplexity.case_id == Case.id)
        .where(Case.team_id == team_id, Case.lead_worker_id.in_(worker_ids))
        .where(StageInstance.started_on <= today)
        .where(or_(StageInstance.completed_on.is_(None), StageInstance.completed_on > today))
        .group_by(Case.lead_worker_id, Case.id, tier)
        .subquery()
    )
    ranked = select(
        per_case,
        func.row_number()
        .over(
            partition_by=per_case.c.worker,
            order_by=(per_case.c.points.desc(), per_case.c.case_id),
        )
        .label("n"),
    ).subquery()
    rows = db.session.execute(
        select(ranked.c.worker, ranked.c.case_id, ranked.c.points, ranked.c.tier)
        .where(ranked.c.n > offset, ranked.c.n <= offset + limit)
        .order_by(ranked.c.worker, ranked.c.n)
    )
    found: dict[int, list[tuple[int, float, int]]] = {w: [] for w in worker_ids}
    for worker, case_id, case_points, case_tier in rows:
        found[worker].append((case_id, float(case_points), int(case_tier)))
    return found


def team_loads(
    team_id: int, today: date, *, weeks: int = HISTORY_WEEKS, cases_shown: int = CASES_SHOWN
) -> list[WorkerLoad]:
    """Every practitioner in the team; history weekly back from today."""
    return loads_for_teams([team_id], today, weeks=weeks, cases_shown=cases_shown)[team_id]


def loads_for_teams(
    team_ids: list[int], today: date, *, weeks: int = HISTORY_WEEKS, cases_shown: int = 0
) -> dict[int, list[WorkerLoad]]:
    """The same for several teams at once (a manager's manager's), a few queries in all
    whatever the number of cases: the sums are the database's."""
    workers = list(
        db.session.scalars(
            select(User)
            .where(User.team_id.in_(team_ids), User.role == "practitioner", User.active.is_(True))
            .order_by(User.full_name)
        )
    )
    days = [today - timedelta(weeks=n) for n in range(weeks - 1, -1, -1)]
    weekly = _weekly(team_ids, days) if workers else {}
    capacities = _capacities([w.id for w in workers])
    thresholds = weighing.Thresholds.from_config(current_app.config)
    points = _points()
    loads: dict[int, list[WorkerLoad]] = {t: [] for t in team_ids}
    for worker in workers:
        capacity = capacities.get(worker.id, weighing.Capacity())
        free = weighing.available(capacity, points)
        history = []
        for day in days:
            _, weight, _ = weekly.get((worker.team_id, worker.id, day), (0, 0.0, 0))
            value = weighing.percent(weight, free)
            history.append(Week(day, weight, value, weighing.colour(value, thresholds)))
        cases_now, weight_now, complex_now = weekly.get(
            (worker.team_id, worker.id, today), (0, 0.0, 0)
        )
        now = history[-1]
        loads[worker.team_id].append(
            WorkerLoad(
                worker=worker,
                cases=cases_now,
                weight=now.weight,
                available=free,
                percent=now.percent,
                colour=now.colour,
                sustained_red=weighing.sustained_red([w.percent for w in history], thresholds),
                explanation=weighing.explain(
                    worker.full_name,
                    cases=cases_now,
                    weight=weight_now,
                    capacity=capacity,
                    points=points,
                    complex_cases=complex_now,
                ),
                history=history,
                case_points={},
            )
        )
    if cases_shown:
        for team_id, team in loads.items():
            shown = heaviest_cases([w.worker.id for w in team], team_id, today, limit=cases_shown)
            for load in team:
                load.case_points = {c: (p, t) for c, p, t in shown[load.worker.id]}
    return loads


def _capacities(user_ids: list[int]) -> dict[int, weighing.Capacity]:
    if not user_ids:
        return {}
    rows = db.session.scalars(select(WorkerCapacity).where(WorkerCapacity.user_id.in_(user_ids)))
    return {
        r.user_id: weighing.Capacity(
            r.hours, r.newly_qualified, r.reduction_points, r.reduction_reason
        )
        for r in rows
    }


def cases_by_id(ids: list[int]) -> dict[int, work_rows_service.CaseRow]:
    """The cases a page names, as columns (reference, child): one query."""
    return work_rows_service.cases(ids)


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
