"""A team's figures for the manager's manager (casework/teams): overdue work, visits
overdue and forms waiting for sign-off, as numbers only, with no child named."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from sqlalchemy import func, select

from casework.extensions import db
from casework.models import Case, Record, StageInstance, Task
from casework.pathway import visits_service


@dataclass
class TeamFigures:
    overdue: int = 0
    visits_overdue: int = 0
    awaiting_sign_off: int = 0


def team_figures(team_ids: list[int], today: date) -> dict[int, TeamFigures]:
    """Per team: overdue work, visits overdue, forms waiting for sign-off. One query.

    Each open case counts its own overdue stages, visits, tasks and forms waiting in
    correlated subqueries, so the database goes from the teams' cases to their rows by
    index (a few thousand probes) instead of joining every open stage in the council."""
    figures = {t: TeamFigures() for t in team_ids}
    if not team_ids:
        return figures
    visits = visits_service.visit_stages()

    def count(model, *where):
        return (
            select(func.count())
            .select_from(model)
            .where(model.case_id == Case.id, *where)
            .scalar_subquery()
        )

    stage_late = (StageInstance.status == "open", StageInstance.due_on < today)
    per_case = (
        select(
            Case.team_id.label("team_id"),
            count(StageInstance, *stage_late).label("stages"),
            count(
                StageInstance,
                *stage_late,
                visits_service.is_visit(Case.pathway_version_id, StageInstance.stage_id, visits),
            ).label("visits"),
            count(Task, Task.status == "open", Task.due_on < today).label("tasks"),
            count(Record, Record.status == "awaiting_authorisation").label("waiting"),
        )
        .where(Case.closed_on.is_(None), Case.team_id.in_(team_ids))
        .subquery("per_case")
    )
    rows = db.session.execute(
        select(
            per_case.c.team_id,
            func.sum(per_case.c.stages + per_case.c.tasks),
            func.sum(per_case.c.visits),
            func.sum(per_case.c.waiting),
        ).group_by(per_case.c.team_id)
    )
    for team, late, visits_late, waiting in rows:
        figures[team] = TeamFigures(int(late or 0), int(visits_late or 0), int(waiting or 0))
    return figures


def awaiting_by_worker(team_id: int) -> dict[int | None, int]:
    """Forms waiting for sign-off on the team's open cases, by the case's lead worker."""
    return dict(
        db.session.execute(
            select(Case.lead_worker_id, func.count())
            .join(Record, Record.case_id == Case.id)
            .where(
                Record.status == "awaiting_authorisation",
                Case.closed_on.is_(None),
                Case.team_id == team_id,
            )
            .group_by(Case.lead_worker_id)
        ).all()
    )
