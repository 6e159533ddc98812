"""The team manager's home's lists in one statement: a page of the team's work list with
its totals, who is overdue, a page of what is overdue and the longest overdue visits.

Both lists are the team's open work: the work list is every open stage of the open cases
the manager sees of their team's (casework/pathway/work_order.py) and every open task of
the team's cases; what is overdue is the part of it on the team's own cases past its date
(casework/pathway/overdue.py). They were two statements that each went from the team's
cases to their open stages and tasks (500 cases, a probe of an index each); here the
team's open work is read once, as a CTE, and each list is a part of a UNION ALL over it
(the first column says which): one round trip, one plan, half the reading.

A page asked for past the end of either list costs that list's usual statements.
"""

from __future__ import annotations

from datetime import date

from sqlalchemy import (
    Date,
    Integer,
    String,
    bindparam,
    case,
    func,
    literal,
    literal_column,
    null,
    select,
    union_all,
)

from casework.cases.access import candidate_cases_bound, viewer_params, visible_to_bound
from casework.extensions import db
from casework.models import Case, StageInstance, Task, User
from casework.pathway import overdue, visits_service, work_order, worklist

WORK_PART = 3  # after overdue.manager_parts' 0, 1 and 2
# Written into the statement, not a parameter: psycopg prepares a statement run often and
# PostgreSQL then plans it once for any parameters (a generic plan), which can use the
# partial indexes on open stages and tasks only if "open" is in the statement itself.
# With a parameter, the generic plan read every stage and task of each case instead.
OPEN = literal_column("'open'")


def manager_lists(
    manager: User, today: date, work_number: int = 1, overdue_number: int = 1
) -> tuple[worklist.WorkPage, overdue.ManagerOverdue]:
    """The work list's page (rows not loaded: worklist.items_for_lists loads them with
    the overdue lists') and what is overdue, as worklist.work_page and
    overdue.manager_overdue give them."""
    work_number, overdue_number = max(work_number, 1), max(overdue_number, 1)
    size = worklist.TEAM_PAGE_SIZE
    params = viewer_params(manager) | {
        "today": today,
        "offset": (overdue_number - 1) * overdue.PAGE_SIZE,
        "work_offset": (work_number - 1) * size,
        "work_limit": size,
    }
    rows = db.session.execute(overdue.statement("home", manager, _statement), params).all()
    work = [r for r in rows if r[0] == WORK_PART]
    if work:
        totals = work_order.Totals(int(work[0][8]), int(work[0][2] or 0), 0)
        keys = [work_order.Key(r[5], r[6], r[7], r[4], False) for r in work]
        pages = max((totals.total + size - 1) // size, 1)
        page = worklist.WorkPage([], work_number, pages, totals, size, keys)
    elif work_number == 1:  # nothing at all
        page = worklist.WorkPage([], 1, 1, work_order.Totals(0, 0, 0), size, [])
    else:  # a page past the end, or nothing at all
        page = worklist.work_page(manager, today, work_number, load=False)
    return page, overdue.from_rows(rows, manager, today, overdue_number)


def _statement(role: str):
    work = _open_work(role)
    today = bindparam("today", type_=Date)
    team = bindparam("viewer_team_id", type_=Integer)
    late = select(work).where(work.c.team_id == team, work.c.due_on < today).cte("overdue")
    return union_all(*overdue.manager_parts(late), _work_page(work, today))


def _open_work(role: str):
    """The open stages of the open cases the manager sees of their team's, and the open
    tasks of the team's own cases, with overdue.py's columns. The cases are found first
    (a bitmap over the cases' indexes on PostgreSQL), then each case's open stages and
    tasks from the covering indexes on them."""
    seen = (
        select(Case.id, Case.team_id, Case.lead_worker_id, Case.pathway_version_id)
        .where(
            candidate_cases_bound(role, db.engine.dialect.name),
            Case.closed_on.is_(None),
            visible_to_bound(role),
        )
        .cte("seen")
    )
    visit = visits_service.is_visit(
        seen.c.pathway_version_id, StageInstance.stage_id, visits_service.visit_stages()
    )
    stages = (
        select(
            literal(work_order.STAGE).label("kind"),
            StageInstance.id.label("id"),
            StageInstance.case_id.label("case_id"),
            seen.c.team_id.label("team_id"),
            StageInstance.due_on.label("due_on"),
            seen.c.lead_worker_id.label("worker_id"),
            case((visit, 1), else_=0).label("visit"),
        )
        .select_from(seen)
        .join(StageInstance, StageInstance.case_id == seen.c.id)
        .where(StageInstance.status == OPEN)
    )
    tasks = (
        select(
            literal(work_order.TASK).label("kind"),
            Task.id.label("id"),
            Task.case_id.label("case_id"),
            seen.c.team_id.label("team_id"),
            Task.due_on.label("due_on"),
            Task.owner_id.label("worker_id"),
            literal(0).label("visit"),
        )
        .select_from(seen)
        .join(Task, Task.case_id == seen.c.id)
        .where(Task.status == OPEN, seen.c.team_id == bindparam("viewer_team_id"))
    )
    return union_all(stages, tasks).cte("work")


def _work_page(work, today):
    """The work list's page in its order (a manager's rows never only wait: overdue is
    past its date), the totals riding on each row as window sums; in the columns of
    overdue.manager_parts, the overdue total where they have the stages."""
    everything = {"partition_by": None}
    late = case((work.c.due_on < today, 1), else_=0)
    page = (
        select(
            work.c.kind,
            work.c.id,
            work.c.case_id,
            work.c.due_on,
            func.count().over(**everything).label("total"),
            func.sum(late).over(**everything).label("overdue_total"),
        )
        .order_by(work.c.due_on.is_(None), work.c.due_on, work.c.case_id, work.c.kind, work.c.id)
        .limit(bindparam("work_limit", type_=Integer))
        .offset(bindparam("work_offset", type_=Integer))
        .subquery()
    )
    return select(
        literal(WORK_PART).label("part"),
        null().cast(Integer).label("worker_id"),
        page.c.overdue_total,
        literal(0),
        page.c.due_on,
        page.c.kind,
        page.c.id,
        page.c.case_id,
        page.c.total,
        null().cast(String),
    )
