"""Each team reporting to a manager's manager, the way its own manager sees it:
overdue work, visits overdue, forms waiting for sign-off and caseload lights, as
figures (counted in the database), never children's names."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from sqlalchemy import select

from casework.caseloads import service as caseloads
from casework.caseloads.service import WorkerLoad
from casework.extensions import db
from casework.models import Team, User
from casework.pathway import overdue, team_figures_service

COLOURS = ("red", "amber", "green", "blue")


@dataclass
class TeamSummary:
    team: Team
    figures: team_figures_service.TeamFigures
    loads: list[WorkerLoad]

    @property
    def lights(self) -> dict[str, int]:
        """How many workers are at each colour, red first."""
        return {c: sum(1 for load in self.loads if load.colour == c) for c in COLOURS}

    @property
    def sustained_red(self) -> list[WorkerLoad]:
        return [load for load in self.loads if load.sustained_red]


@dataclass
class WorkerRow:
    load: WorkerLoad | None
    name: str
    overdue: overdue.WorkerOverdue | None
    awaiting_sign_off: int


def reporting_teams(manager: User) -> list[Team]:
    if manager.role != "team_manager":
        return []
    return caseloads.reporting_teams(manager.team_id)


def summaries(manager: User, today: date) -> list[TeamSummary]:
    """One row per reporting team; a handful of queries whatever their number."""
    teams = reporting_teams(manager)
    if not teams:
        return []
    ids = [t.id for t in teams]
    figures = team_figures_service.team_figures(ids, today)
    loads = caseloads.loads_for_teams(ids, today)
    return [TeamSummary(t, figures[t.id], loads[t.id]) for t in teams]


def reporting_team(manager: User, team_id: int) -> Team | None:
    """The team, if it reports to this manager; else None (the page is not found)."""
    return next((t for t in reporting_teams(manager) if t.id == team_id), None)


def team_view(team: Team, today: date) -> tuple[TeamSummary, list[WorkerRow]]:
    figures = team_figures_service.team_figures([team.id], today)[team.id]
    loads = caseloads.loads_for_teams([team.id], today)[team.id]
    late = {w.worker_id: w for w in overdue.by_worker(team.id, today)}
    waiting = team_figures_service.awaiting_by_worker(team.id)
    rows = [
        WorkerRow(
            load,
            load.worker.full_name,
            late.pop(load.worker.id, None),
            waiting.pop(load.worker.id, 0),
        )
        for load in loads
    ]
    # Work led by nobody, or by someone who is not one of the team's practitioners.
    names = dict(
        db.session.execute(
            select(User.id, User.full_name).where(User.id.in_([k for k in {*late, *waiting} if k]))
        ).all()
    )
    for worker_id, row in late.items():
        rows.append(
            WorkerRow(None, names.get(worker_id, "Nobody yet"), row, waiting.pop(worker_id, 0))
        )
    for worker_id, count in waiting.items():
        rows.append(WorkerRow(None, names.get(worker_id, "Nobody yet"), None, count))
    return TeamSummary(team, figures, loads), rows
