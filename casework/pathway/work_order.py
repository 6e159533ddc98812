"""The work list's order, totals and pages, worked out in the database.

Each row of the work list is a key here: what it is (an open stage, a form started
outside any stage, a task), its id, its case and its due date, and whether it only
waits for a manager. The keys are ordered and counted in SQL, so a page of 50 rows
costs the same whether the person has 50 things to do or 5,000; only the rows on the
page are then loaded and drawn (casework/pathway/worklist.py).

The order is the work list's: what waits for a manager last, then by due date (so
overdue, due soon, due later: each band is a range of dates), undated last, then by
case; a stage before a loose form before a task on the same case and day.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from functools import cache

from sqlalchemy import (
    Date,
    Integer,
    and_,
    any_,
    bindparam,
    case,
    func,
    literal,
    select,
    union,
    union_all,
)
from sqlalchemy.sql import Select

from casework.cases.access import (
    candidate_cases_bound,
    viewer_params,
    visible_to_bound,
)
from casework.extensions import db
from casework.models import Case, Record, StageInstance, Task, User
from casework.pathway.id_lists import among_named

STAGE, LOOSE, TASK = 0, 1, 2
MINE = ("draft", "returned")


@dataclass(frozen=True)
class Key:
    kind: int
    id: int
    case_id: int
    due_on: date | None
    waiting: bool


@dataclass(frozen=True)
class Totals:
    total: int
    overdue: int
    waiting: int


def _newest_status():
    return (
        select(Record.status)
        .where(Record.stage_instance_id == StageInstance.id)
        .order_by(Record.id.desc())
        .limit(1)
        .correlate(StageInstance)
        .scalar_subquery()
    )


@cache
def _manager_cases_query(role: str, dialect: str) -> Select:
    """The open cases a manager sees of their team's: built once a role and database, the
    person a parameter."""
    return select(Case.id).where(
        candidate_cases_bound(role, dialect),
        Case.closed_on.is_(None),
        visible_to_bound(role),
    )


def _manager_cases(user: User) -> list[int]:
    query = _manager_cases_query(user.role, db.engine.dialect.name)
    return list(db.session.scalars(query, viewer_params(user)))


def _stage_keys(role: str, dialect: str) -> Select:
    if role == "team_manager":
        return _team_stage_keys(dialect)
    viewer = bindparam("viewer_id", type_=Integer)
    waiting = case((_newest_status() == "awaiting_authorisation", 1), else_=0)
    # Only open stages (the partial index on them): the rows are open stages anyway,
    # and a caseload's completed stages were most of what this read.
    led = (
        select(StageInstance.id)
        .join(Case, Case.id == StageInstance.case_id)
        .where(Case.lead_worker_id == viewer, StageInstance.status == "open")
    )
    started = select(Record.stage_instance_id).where(
        Record.created_by_id == viewer,
        Record.status.in_(MINE),
        Record.stage_instance_id.is_not(None),
    )
    return (
        select(
            literal(STAGE).label("kind"),
            StageInstance.id.label("id"),
            Case.id.label("case_id"),
            StageInstance.due_on.label("due_on"),
            waiting.label("waiting"),
        )
        .join(Case, Case.id == StageInstance.case_id)
        .where(
            StageInstance.status == "open",
            Case.closed_on.is_(None),
            StageInstance.id.in_(union(led, started)),
            visible_to_bound(role),
        )
    )


def _team_stage_keys(dialect: str) -> Select:
    """A manager's: the open stages of the open cases they see of their team's. The cases
    are worked out first, as a list (whether open and seen is decided there), and the
    database goes from each to its open stages by the covering index on them, never
    reading the stages' table; a join to the cases had it read every stage. On
    PostgreSQL the list is an array built inside the statement (one round trip); on
    SQLite it is given (``team_cases``)."""
    if dialect == "postgresql":
        team = func.array(_manager_cases_query("team_manager", dialect).scalar_subquery())
        whose = StageInstance.case_id == any_(team)
    else:
        whose = among_named(StageInstance.case_id, "team_cases", dialect)
    return select(
        literal(STAGE).label("kind"),
        StageInstance.id.label("id"),
        StageInstance.case_id.label("case_id"),
        StageInstance.due_on.label("due_on"),
        # Sign-off is the manager's to do: nothing of theirs only waits.
        literal(0).label("waiting"),
    ).where(StageInstance.status == "open", whose)


def _loose_keys(role: str) -> Select:
    return (
        select(
            literal(LOOSE).label("kind"),
            Record.id.label("id"),
            Case.id.label("case_id"),
            literal(None, StageInstance.due_on.type).label("due_on"),
            literal(0).label("waiting"),
        )
        .join(Case, Case.id == Record.case_id)
        .where(
            Record.stage_instance_id.is_(None),
            Record.created_by_id == bindparam("viewer_id", type_=Integer),
            Record.status.in_(MINE),
            visible_to_bound(role),
        )
    )


def _task_keys(role: str) -> Select:
    if role == "team_manager":
        whose = Case.team_id == bindparam("viewer_team_id", type_=Integer)
    else:
        whose = Task.owner_id == bindparam("viewer_id", type_=Integer)
    return (
        select(
            literal(TASK).label("kind"),
            Task.id.label("id"),
            Case.id.label("case_id"),
            Task.due_on.label("due_on"),
            literal(0).label("waiting"),
        )
        .join(Case, Case.id == Task.case_id)
        .where(Task.status == "open", Case.closed_on.is_(None), whose, visible_to_bound(role))
    )


def _keys(role: str, dialect: str):
    """Every key of anyone of this role, the person and their team's cases given at
    execution (``_params``)."""
    arms = [_stage_keys(role, dialect), _task_keys(role)]
    if role != "team_manager":  # a manager's own drafts are not their team's work
        arms.insert(1, _loose_keys(role))
    return union_all(*arms).subquery("work")


def _params(user: User, team_cases: list[int] | None, **more) -> dict:
    params = viewer_params(user) | more
    if user.role == "team_manager" and db.engine.dialect.name != "postgresql":
        params["team_cases"] = team_cases if team_cases is not None else _manager_cases(user)
    return params


# Built once per process for each role and database (building one cost 3-4 ms of
# Python a page: the person, their team's cases, today and the page are parameters).
_STATEMENTS: dict[tuple, Select] = {}


def _statement(name: str, role: str, build) -> Select:
    key = (name, role, db.engine.dialect.name)
    found = _STATEMENTS.get(key)
    if found is None:
        found = _STATEMENTS[key] = build(_keys(role, db.engine.dialect.name))
    return found


def team_cases(user: User) -> list[int] | None:
    """A manager's team's cases, to look up once for both the totals and the page (on
    PostgreSQL the statements find them themselves: None)."""
    if user.role != "team_manager" or db.engine.dialect.name == "postgresql":
        return None
    return _manager_cases(user)


_TODAY = bindparam("today", type_=Date)


def _totals(work) -> Select:
    overdue = and_(work.c.waiting == 0, work.c.due_on < _TODAY)
    return select(
        func.count(),
        func.coalesce(func.sum(case((overdue, 1), else_=0)), 0),
        func.coalesce(func.sum(work.c.waiting), 0),
    ).select_from(work)


def totals(user: User, today: date, team_cases: list[int] | None = None) -> Totals:
    query = _statement("totals", user.role, _totals)
    row = db.session.execute(query, _params(user, team_cases, today=today)).one()
    return Totals(int(row[0]), int(row[1]), int(row[2]))


def _page_with_totals(work) -> Select:
    overdue = case((and_(work.c.waiting == 0, work.c.due_on < _TODAY), 1), else_=0)
    everything = {"partition_by": None}
    return (
        select(
            work,
            func.count().over(**everything).label("total"),
            func.sum(overdue).over(**everything).label("overdue_total"),
            func.sum(work.c.waiting).over(**everything).label("waiting_total"),
        )
        .order_by(*_order(work))
        .limit(bindparam("limit", type_=Integer))
        .offset(bindparam("offset", type_=Integer))
    )


def page_with_totals(
    user: User, today: date, *, offset: int, limit: int, team_cases: list[int] | None = None
) -> tuple[list[Key], Totals | None]:
    """A page of keys and the totals across every page, in one query: the totals ride
    on each row as window sums over the whole list. None for the totals when the page is
    past the end (no row to carry them)."""
    query = _statement("page_with_totals", user.role, _page_with_totals)
    params = _params(user, team_cases, today=today, limit=limit, offset=offset)
    rows = db.session.execute(query, params).all()
    if not rows:
        return [], None
    first = rows[0]
    totals = Totals(int(first.total), int(first.overdue_total or 0), int(first.waiting_total or 0))
    return [Key(r.kind, r.id, r.case_id, r.due_on, bool(r.waiting)) for r in rows], totals


def _order(work):
    return (
        work.c.waiting,
        work.c.due_on.is_(None),
        work.c.due_on,
        work.c.case_id,
        work.c.kind,
        work.c.id,
    )


def page(
    user: User,
    *,
    offset: int = 0,
    limit: int | None = None,
    team_cases: list[int] | None = None,
) -> list[Key]:
    """The keys in the work list's order; all of them when ``limit`` is None."""
    query = _statement("page", user.role, lambda work: select(work).order_by(*_order(work)))
    if limit is not None:
        query = query.limit(limit).offset(offset)
    return [
        Key(row.kind, row.id, row.case_id, row.due_on, bool(row.waiting))
        for row in db.session.execute(query, _params(user, team_cases))
    ]
