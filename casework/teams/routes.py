"""A manager's manager opens one of the teams reporting to them."""

from __future__ import annotations

from flask import Blueprint, abort, current_app, render_template
from flask_login import current_user

from casework import access, audit
from casework.caseloads import weighing
from casework.clock import uk_today
from casework.teams import service

bp = Blueprint("teams", __name__, url_prefix="/teams")


@bp.route("/<int:team_id>")
@access.roles("team_manager")
def show(team_id: int):
    team = service.reporting_team(current_user, team_id)
    if team is None:
        abort(404)
    summary, rows = service.team_view(team, uk_today())
    # Figures only, no child named: kept as a view of the team, not of any case.
    audit.record("team_viewed", record_type="team", record_id=team.id)
    return render_template(
        "teams/show.html",
        summary=summary,
        rows=rows,
        thresholds=weighing.Thresholds.from_config(current_app.config),
    )
