"""What a team is overdue on, and what waits for sign-off: counted in SQL.

The manager's home shows who is overdue (a row per worker, counted in the database
whatever the team's size), a page of the overdue work itself, most overdue first, and
the visits not made within their timescale. A manager's manager sees the same counts
for each team reporting to them (team_figures_service.py), as figures without
children's names.

``viewer`` filters to the cases that person may see (a manager's own team); without
it, counts cover every case of the team, which is what a manager's manager gets, as
numbers only.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

from sqlalchemy import (
    Date,
    Integer,
    String,
    bindparam,
    case,
    func,
    literal,
    null,
    select,
    union_all,
)

from casework.cases.access import viewer_params, visible_to_bound
from casework.extensions import db
from casework.models import Case, StageInstance, Task, User
from casework.pathway import visits_service, work_order
from casework.pathway.worklist import WorkItem, items_for

PAGE_SIZE = 50
VISITS_SHOWN = 25


@dataclass
class WorkerOverdue:
    worker_id: int | None
    name: str
    stages: int
    tasks: int
    since: date  # the most overdue's due date

    @property
    def count(self) -> int:
        return self.stages + self.tasks


@dataclass
class OverduePage:
    items: list[WorkItem]
    number: int
    pages: int
    total: int
    keys: list[work_order.Key] = field(default_factory=list)


@dataclass
class ManagerOverdue:
    """Everything the manager's home shows of what is overdue, before the rows are
    loaded (casework/pathway/worklist.items_for_lists loads them with the work list's)."""

    workers: list[WorkerOverdue]
    page: OverduePage
    visit_keys: list[work_order.Key]
    visits_total: int


def _keys(viewer_role: str | None, *, cte: bool = False):
    """Every open stage and task of the team's open cases past its date; ``visit`` is 1
    for a stage the case's pathway marks as a visit (casework/pathway/visits_service).
    The team, today and the viewer are parameters (``_params``); built once per process
    for each kind of viewer and set of visit stages (``statement``)."""
    visits = visits_service.visit_stages()
    today = bindparam("today", type_=Date)
    stage = (
        select(
            literal(work_order.STAGE).label("kind"),
            StageInstance.id.label("id"),
            Case.id.label("case_id"),
            Case.team_id.label("team_id"),
            StageInstance.due_on.label("due_on"),
            Case.lead_worker_id.label("worker_id"),
            case(
                (
                    visits_service.is_visit(
                        Case.pathway_version_id, StageInstance.stage_id, visits
                    ),
                    1,
                ),
                else_=0,
            ).label("visit"),
        )
        .join(Case, Case.id == StageInstance.case_id)
        .where(StageInstance.status == "open", StageInstance.due_on < today)
    )
    task = (
        select(
            literal(work_order.TASK).label("kind"),
            Task.id.label("id"),
            Case.id.label("case_id"),
            Case.team_id.label("team_id"),
            Task.due_on.label("due_on"),
            Task.owner_id.label("worker_id"),
            literal(0).label("visit"),
        )
        .join(Case, Case.id == Task.case_id)
        .where(Task.status == "open", Task.due_on < today)
    )
    arms = []
    for query in (stage, task):
        query = query.where(
            Case.closed_on.is_(None), Case.team_id == bindparam("team_id", type_=Integer)
        )
        if viewer_role is not None:
            query = query.where(visible_to_bound(viewer_role))
        arms.append(query)
    together = union_all(*arms)
    return together.cte("overdue") if cte else together.subquery("overdue")


def _params(team_id: int, today: date, viewer: User | None, **more) -> dict:
    params = viewer_params(viewer) if viewer is not None else {}
    return params | {"team_id": team_id, "today": today} | more


# (what, viewer's role) -> (the visit stages it was built with, the statement). Building
# the manager's home's statement cost 4-5 ms of Python a request; the visit stages
# change only when a pathway is published.
_STATEMENTS: dict[tuple, tuple] = {}


def statement(name: str, viewer: User | None, build):
    role = viewer.role if viewer is not None else None
    key = (name, role, db.engine.dialect.name)
    visits = tuple(visits_service.visit_stages())
    found = _STATEMENTS.get(key)
    if found is None or found[0] != visits:
        found = _STATEMENTS[key] = (visits, build(role))
    return found[1]


def _names(ids) -> dict[int, str]:
    ids = [i for i in ids if i is not None]
    if not ids:
        return {}
    return dict(db.session.execute(select(User.id, User.full_name).where(User.id.in_(ids))).all())


def overdue_by_worker(manager: User, today: date) -> list[WorkerOverdue]:
    """Who in the manager's team is overdue on how much, most first."""
    return by_worker(manager.team_id, today, viewer=manager)


def by_worker(team_id: int, today: date, *, viewer: User | None = None) -> list[WorkerOverdue]:
    def build(role):
        keys = _keys(role)
        return select(
            keys.c.worker_id,
            func.sum(case((keys.c.kind == work_order.STAGE, 1), else_=0)),
            func.sum(case((keys.c.kind == work_order.TASK, 1), else_=0)),
            func.min(keys.c.due_on),
        ).group_by(keys.c.worker_id)

    rows = db.session.execute(
        statement("by_worker", viewer, build), _params(team_id, today, viewer)
    ).all()
    names = _names(r[0] for r in rows)
    workers = [
        WorkerOverdue(w, names.get(w, "Nobody yet"), int(s), int(t), since)
        for w, s, t, since in rows
    ]
    return sorted(workers, key=lambda w: (-w.count, w.name))


def overdue_page(manager: User, today: date, number: int = 1, *, load: bool = True) -> OverduePage:
    """A page of the team's overdue work, most overdue first; the total rides on each
    row (a window count), so one query unless the page asked for is past the end."""
    number = max(number, 1)
    rows = _ordered(manager, today, (number - 1) * PAGE_SIZE, PAGE_SIZE)
    if not rows and number > 1:
        total = (
            db.session.scalar(
                statement(
                    "count", manager, lambda role: select(func.count()).select_from(_keys(role))
                ),
                _params(manager.team_id, today, manager),
            )
            or 0
        )
        number = max((total + PAGE_SIZE - 1) // PAGE_SIZE, 1)
        rows = _ordered(manager, today, (number - 1) * PAGE_SIZE, PAGE_SIZE)
    total = rows[0].total if rows else 0
    pages = max((total + PAGE_SIZE - 1) // PAGE_SIZE, 1)
    found = [work_order.Key(r.kind, r.id, r.case_id, r.due_on, False) for r in rows]
    return OverduePage(items_for(manager, found) if load else [], number, pages, total, found)


def manager_overdue(manager: User, today: date, number: int = 1) -> ManagerOverdue:
    """Who is overdue, a page of what is overdue and the longest overdue visits, with
    their totals and the workers' names: one query (there were four, a round trip
    each), the overdue work worked out once as a CTE and each part a branch of a UNION
    ALL. A page asked for past the end costs the usual separate queries."""
    number = max(number, 1)
    rows = db.session.execute(
        statement("manager", manager, _manager_statement),
        _params(manager.team_id, today, manager, offset=(number - 1) * PAGE_SIZE),
    ).all()
    return from_rows(rows, manager, today, number)


def from_rows(rows, manager: User, today: date, number: int) -> ManagerOverdue:
    """``manager_overdue`` from the rows of its parts (``manager_parts``); rows of any
    other part are left alone."""
    found = sorted(
        (
            WorkerOverdue(r[1], r[9] or "Nobody yet", int(r[2]), int(r[3]), r[4])
            for r in rows
            if r[0] == 0
        ),
        key=lambda w: (-w.count, w.name),
    )

    def keys_of(part: int) -> list[work_order.Key]:
        return [work_order.Key(r[5], r[6], r[7], r[4], False) for r in rows if r[0] == part]

    page_keys, visit_keys = keys_of(1), keys_of(2)
    if not page_keys and number > 1:
        page = overdue_page(manager, today, number, load=False)
    else:
        total = next((r[8] for r in rows if r[0] == 1), 0)
        pages = max((total + PAGE_SIZE - 1) // PAGE_SIZE, 1)
        page = OverduePage([], number, pages, total, page_keys)
    visits_total = next((r[8] for r in rows if r[0] == 2), 0)
    return ManagerOverdue(found, page, visit_keys, visits_total)


def _manager_statement(role: str):
    """manager_overdue's one query: who is overdue, a page of what is overdue (from the
    parameter ``offset``) and the longest overdue visits."""
    return union_all(*manager_parts(_keys(role, cte=True)))


def manager_parts(keys) -> list:
    """The parts of ``manager_overdue``'s query over ``keys`` (a CTE with ``_keys``'s
    columns: what is overdue), each row's first column saying which part: 0 who is
    overdue, 1 a page of what is overdue, 2 the longest overdue visits."""

    def listed(part: int, offset, limit: int, *where):
        ranked = _ranked(keys, offset, limit, *where).subquery()
        return select(
            literal(part).label("part"),
            null().cast(Integer).label("worker_id"),
            literal(0).label("stages"),
            literal(0).label("tasks"),
            ranked.c.due_on,
            ranked.c.kind,
            ranked.c.id,
            ranked.c.case_id,
            ranked.c.total,
            null().cast(String),
        )

    by_worker = (
        select(
            keys.c.worker_id,
            func.sum(case((keys.c.kind == work_order.STAGE, 1), else_=0)).label("stages"),
            func.sum(case((keys.c.kind == work_order.TASK, 1), else_=0)).label("tasks"),
            func.min(keys.c.due_on).label("since"),
        )
        .group_by(keys.c.worker_id)
        .subquery()
    )
    workers = select(
        literal(0).label("part"),
        by_worker.c.worker_id,
        by_worker.c.stages,
        by_worker.c.tasks,
        by_worker.c.since,
        null().cast(Integer),
        null().cast(Integer),
        null().cast(Integer),
        null().cast(Integer),
        User.full_name,
    ).outerjoin(User, User.id == by_worker.c.worker_id)
    return [
        workers,
        listed(1, bindparam("offset", type_=Integer), PAGE_SIZE),
        listed(2, 0, VISITS_SHOWN, keys.c.visit == 1),
    ]


def _ranked(keys, offset, limit, *where):
    """Overdue work in the order every list shows it (longest overdue first), one page,
    each row carrying the total."""
    return (
        select(
            keys.c.kind,
            keys.c.id,
            keys.c.case_id,
            keys.c.due_on,
            func.count().over().label("total"),
        )
        .where(*where)
        .order_by(keys.c.due_on, keys.c.case_id, keys.c.kind, keys.c.id)
        .limit(limit)
        .offset(offset)
    )


def _ordered(manager: User, today: date, offset: int, limit: int, *, visits: bool = False):
    def build(role):
        keys = _keys(role)
        return _ranked(
            keys,
            bindparam("offset", type_=Integer),
            bindparam("limit", type_=Integer),
            *((keys.c.visit == 1,) if visits else ()),
        )

    return db.session.execute(
        statement("visits" if visits else "ordered", manager, build),
        _params(manager.team_id, today, manager, offset=offset, limit=limit),
    ).all()


def visits_page(
    manager: User, today: date, limit: int = VISITS_SHOWN
) -> tuple[list[WorkItem], int]:
    """Cases with no visit within its timescale: an open visit stage past its date,
    longest overdue first, and how many there are in all (one query). Which stages are
    visits comes from the pathways (casework/pathway/visits_service.py)."""
    rows = _ordered(manager, today, 0, limit, visits=True)
    items = items_for(
        manager, [work_order.Key(r.kind, r.id, r.case_id, r.due_on, False) for r in rows]
    )
    return items, (rows[0].total if rows else 0)


def visits_overdue(manager: User, today: date, limit: int = VISITS_SHOWN) -> list[WorkItem]:
    return visits_page(manager, today, limit)[0]


def visits_overdue_count(manager: User, today: date) -> int:
    return visits_page(manager, today, 1)[1]
