"""A team's figures for the manager's manager (casework/teams): overdue work, visits
overdue and forms waiting for sign-off, as numbers only, with no child named."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from sqlalchemy import case, func, literal, literal_column, select, union_all

from casework.extensions import db
from casework.models import Case, Record, StageInstance, Task
from casework.pathway import visits_service

# Written into the statement, so that the plan PostgreSQL keeps for it can use the
# partial indexes on open stages and tasks and on forms waiting (manager_home_service.py).
OPEN = literal_column("'open'")
WAITING = literal_column("'awaiting_authorisation'")


@dataclass
class TeamFigures:
    overdue: int = 0
    visits_overdue: int = 0
    awaiting_sign_off: int = 0


def team_figures(team_ids: list[int], today: date) -> dict[int, TeamFigures]:
    """Per team: overdue work, visits overdue, forms waiting for sign-off. One query.

    The teams' open cases are found first (a CTE), then joined to their overdue open
    stages, overdue open tasks and forms waiting, each by the partial index holding only
    those (an index-only probe a case), one row a thing counted, summed per team. The
    database goes from the teams' cases to their rows by index (a few thousand probes)
    instead of joining every open stage in the council; as joins, not a correlated count
    a case for each figure, the overdue stages and visits share one probe."""
    figures = {t: TeamFigures() for t in team_ids}
    if not team_ids:
        return figures
    cases = (
        select(Case.id, Case.team_id, Case.pathway_version_id)
        .where(Case.closed_on.is_(None), Case.team_id.in_(team_ids))
        .cte("open_cases")
    )
    visit = visits_service.is_visit(
        cases.c.pathway_version_id, StageInstance.stage_id, visits_service.visit_stages()
    )

    def counted(model, late, visits, waiting, *where):
        return (
            select(
                cases.c.team_id,
                literal(late).label("late"),
                visits.label("visits"),
                literal(waiting).label("waiting"),
            )
            .select_from(cases)
            .join(model, model.case_id == cases.c.id)
            .where(*where)
        )

    one = union_all(
        counted(
            StageInstance,
            1,
            case((visit, 1), else_=0),
            0,
            StageInstance.status == OPEN,
            StageInstance.due_on < today,
        ),
        counted(Task, 1, literal(0), 0, Task.status == OPEN, Task.due_on < today),
        counted(Record, 0, literal(0), 1, Record.status == WAITING),
    ).subquery("counted")
    rows = db.session.execute(
        select(
            one.c.team_id, func.sum(one.c.late), func.sum(one.c.visits), func.sum(one.c.waiting)
        ).group_by(one.c.team_id)
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
