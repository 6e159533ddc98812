from __future__ import annotations

from flask import Blueprint, render_template, request
from flask_login import current_user

from casework import access, audit
from casework.accounts import service as accounts
from casework.cases import naming
from casework.clock import uk_today
from casework.home.rows import Rows
from casework.library import service as library
from casework.pathway import overdue, worklist
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
        work = worklist.work_page(current_user, today, _page("page"))
        rows = Rows(today)
        context["work"] = work
        context["work_rows"] = rows(work.items)
        context["manager"] = role == "team_manager"
        shown = {item.case.id for item in work.items}
        if role == "team_manager":
            context["overdue"] = overdue.overdue_by_worker(current_user, today)
            context["overdue_items"] = overdue.overdue_page(
                current_user, today, _page("overdue_page")
            )
            context["overdue_rows"] = rows(context["overdue_items"].items)
            context["visits_overdue"], context["visits_total"] = overdue.visits_page(
                current_user, today
            )
            context["visit_rows"] = rows(context["visits_overdue"])
            for items in (context["overdue_items"].items, context["visits_overdue"]):
                shown |= {i.case.id for i in items}
            context["reports"] = teams.summaries(current_user, today)
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
