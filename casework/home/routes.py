from __future__ import annotations

from flask import Blueprint, render_template, request
from flask_login import current_user

from casework import access, audit
from casework.accounts import service as accounts
from casework.cases import naming
from casework.clock import uk_today
from casework.home.rows import Rows
from casework.library import service as library
from casework.pathway import manager_home_service, worklist
from casework.teams import service as teams

bp = Blueprint("home", __name__)


@bp.route("/")
@access.signed_in
def index():
    role = current_user.role
    context: dict = {}
    if role in ("practitioner", "team_manager"):
        # The movable clock's today: the moment a due date passes, the row says overdue.
        today = uk_today()
        manager = role == "team_manager"
        if manager:
            # The work list and what is overdue: one statement (manager_home_service.py).
            work, late = manager_home_service.manager_lists(
                current_user, today, _page("page"), _page("overdue_page")
            )
            lists = [work.keys, late.page.keys, late.visit_keys]
        else:
            work = worklist.work_page(current_user, today, _page("page"), load=False)
            lists = [work.keys]
        # Every list's rows in one go: one query for all of them.
        loaded = worklist.items_for_lists(current_user, *lists)
        work.items = loaded[0]
        rows = Rows(today)
        context.update(work=work, work_rows_service=rows(work.items), manager=manager)
        shown = {item.case.id for items in loaded for item in items}
        if manager:
            late.page.items = loaded[1]
            context.update(
                overdue=late.workers,
                overdue_items=late.page,
                overdue_rows=rows(loaded[1]),
                visits_overdue=loaded[2],
                visits_total=late.visits_total,
                visit_rows=rows(loaded[2]),
                reports=teams.summaries(current_user, today),
            )
        # The work list names children: who saw which cases is kept like any other view,
        # naming only the cases on the pages shown.
        audit.record(
            "work_list_viewed",
            record_type="work_list",
            case_ids=sorted(shown),
        )
    if role in ("team_manager", "designer"):
        context["designs_waiting"] = library.designs_waiting_for(current_user.id)
    if role == "team_manager":
        context["members"] = accounts.team_members(current_user.team_id)
    elif role == "designer":
        context["forms"] = [library.form_model(v) for v in library.latest_forms()]
        context["pathways"] = [library.pathway_model(v) for v in library.latest_pathways()]
    elif role == "administrator":
        context["users"] = accounts.all_users()
    elif role == "auditor":
        context["events"] = audit.recent(limit=50)
        context["break_glass_days"] = naming.REVIEW_DAYS
        context["break_glass_count"] = naming.recent_break_glass_count()
        audit.record("audit_log_viewed", record_type="audit_log")
    return render_template(f"home/{role}.html", **context)


def _page(name: str) -> int:
    """A page number from the address; anything else is the first page."""
    value = request.args.get(name, "1")
    return int(value) if value.isdigit() and len(value) < 7 else 1


@bp.route("/healthz")
@access.public
def healthz():
    # Also the benchmark baseline: the smallest route the app serves.
    return "ok", 200, {"Content-Type": "text/plain; charset=utf-8", "Cache-Control": "no-store"}
