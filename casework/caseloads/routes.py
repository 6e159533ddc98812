"""The team's weighted caseloads, and a case's complexity tier, for its manager."""

from __future__ import annotations

from flask import Blueprint, abort, current_app, redirect, render_template, request, url_for
from flask_login import current_user

from casework import access, audit
from casework.caseloads import service, weighing
from casework.caseloads.forms import CapacityForm
from casework.cases import service as cases
from casework.clock import uk_today

bp = Blueprint("caseloads", __name__, url_prefix="/caseloads")
CASES_PAGE = 50


@bp.route("/")
@access.roles("team_manager")
def index():
    today = uk_today()
    loads = service.team_loads(current_user.team_id, today)
    # A manager's manager sees the teams reporting to them the same way (figures only).
    reporting = service.reporting_teams(current_user.team_id)
    by_team = service.loads_for_teams([t.id for t in reporting], today) if reporting else {}
    reports = [(t, by_team[t.id]) for t in reporting]
    # Only the cases on the page are named: each worker's heaviest few.
    ids = sorted({c for load in loads for c in load.case_points})
    audit.record("caseloads_viewed", record_type="caseloads", case_ids=ids)
    thresholds = weighing.Thresholds.from_config(current_app.config)
    return render_template(
        "caseloads/index.html",
        loads=loads,
        reports=reports,
        cases=service.cases_by_id(ids),
        tiers=weighing.TIER_NAMES,
        thresholds=thresholds,
    )


@bp.route("/cases/<int:case_id>/tier", methods=["GET", "POST"])
@access.roles("team_manager")
def tier(case_id: int):
    try:
        case = cases.get(current_user, case_id, purpose="case_viewed")
    except cases.CaseNotFound:
        abort(404)
    error = None
    if request.method == "POST":
        choice = request.form.get("tier", "")
        if choice in {str(t) for t in weighing.TIER_NAMES}:
            service.set_tier(current_user, case, int(choice))
            return redirect(url_for("caseloads.index", _anchor=f"case-{case.id}"))
        error = "Choose how complex the case is"
    return render_template(
        "caseloads/tier.html",
        case=case,
        current=service.tier_of(case),
        tiers=weighing.TIER_NAMES,
        multipliers=weighing.TIER_MULTIPLIERS,
        error=error,
    )


@bp.route("/workers/<int:user_id>/capacity", methods=["GET", "POST"])
@access.roles("team_manager")
def capacity(user_id: int):
    worker = service.worker_in_team(user_id, current_user.team_id)
    if worker is None or worker.role != "practitioner":
        abort(404)
    now = service.capacity_of(worker)
    form = CapacityForm()
    if request.method == "GET":
        form.hours.data = now.hours
        form.newly_qualified.data = "yes" if now.newly_qualified else "no"
        form.reduction_points.data = now.reduction_points or None
        form.reduction_reason.data = now.reduction_reason
    if form.validate_on_submit():
        service.set_capacity(
            worker,
            weighing.Capacity(
                float(form.hours.data),
                form.newly_qualified.data == "yes",
                float(form.reduction_points.data or 0),
                (form.reduction_reason.data or "").strip() or None,
            ),
        )
        return redirect(url_for("caseloads.index", _anchor=f"worker-{worker.id}"))
    return render_template("caseloads/capacity.html", worker=worker, form=form)


@bp.route("/workers/<int:user_id>/cases")
@access.roles("team_manager")
def worker_cases(user_id: int):
    """All of one worker's cases, heaviest first, a page at a time."""
    worker = service.worker_in_team(user_id, current_user.team_id)
    if worker is None or worker.role != "practitioner":
        abort(404)
    today = uk_today()
    load = next(
        (x for x in service.team_loads(worker.team_id, today, cases_shown=0) if x.worker == worker),
        None,
    )
    total = load.cases if load else 0
    pages = max((total + CASES_PAGE - 1) // CASES_PAGE, 1)
    value = request.args.get("page", "1")
    number = min(int(value), pages) if value.isdigit() and len(value) < 7 and value != "0" else 1
    shown = service.heaviest_cases(
        [worker.id], worker.team_id, today, limit=CASES_PAGE, offset=(number - 1) * CASES_PAGE
    )[worker.id]
    ids = [case_id for case_id, _, _ in shown]
    audit.record("caseloads_viewed", record_type="caseloads", case_ids=sorted(ids))
    return render_template(
        "caseloads/worker_cases.html",
        worker=worker,
        load=load,
        shown=shown,
        cases=service.cases_by_id(ids),
        tiers=weighing.TIER_NAMES,
        number=number,
        page_count=pages,
        total=total,
    )
