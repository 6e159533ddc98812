"""The work list: one row per thing a person has to do, overdue first.

A practitioner's rows are every open stage on the open cases they lead, and any form
they started on someone else's case that is still theirs to finish (a draft, or one a
manager returned). Each row says what to do (start, continue, put right what the
manager returned, or wait for sign-off) and leads straight to the form. A team
manager's rows are their team's open stages, with forms waiting for their sign-off.
Open tasks (casework/tasks) are rows too: a practitioner's own, or the whole team's
for a manager, each naming its owner.

Four queries whatever the number of rows: the open stages (with their cases, people
and pathway versions), the newest record of each, the reasons for returned ones, and
stage-less drafts.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from sqlalchemy import exists, or_, select
from sqlalchemy.orm import joinedload, selectinload

from casework.cases.access import visible_to
from casework.extensions import db
from casework.library import service as library
from casework.models import Case, CaseEvent, Record, StageInstance, Task, User
from casework.pathway.calendar import working_days_between

DUE_SOON_WORKING_DAYS = 5
MANAGER_ROWS = 200  # a team's list is long; the most urgent are first
MINE = ("draft", "returned")

# What the row asks the person to do, in the words the page shows.
ACTIONS = {
    "start": "Start",
    "continue": "Continue",
    "returned": "Returned: put right",
    "awaiting_sign_off": "Waiting for sign-off",
    "sign_off": "Sign off",
    "activity": "To do",
    "task": "Task",
    "stage": "Stage",
}


@dataclass(frozen=True)
class ReturnedReason:
    reason: str | None
    by: str | None
    on: date


@dataclass
class WorkItem:
    case: Case
    title: str
    action: str
    due_on: date | None = None
    instance: StageInstance | None = None
    record: Record | None = None
    returned: ReturnedReason | None = None
    task: Task | None = None

    @property
    def worker(self) -> User | None:
        """Whose it is: a task's owner, else the case's lead worker."""
        return self.task.owner if self.task else self.case.lead_worker

    @property
    def action_text(self) -> str:
        return ACTIONS[self.action]

    def urgency(self, today: date) -> str:
        """overdue | due_soon | due | undated"""
        if self.due_on is None:
            return "undated"
        if self.due_on < today:
            return "overdue"
        if working_days_between(today, self.due_on) <= DUE_SOON_WORKING_DAYS:
            return "due_soon"
        return "due"


def returned_reasons(record_ids: list[int]) -> dict[int, ReturnedReason]:
    """The newest manager's reason for each returned record."""
    if not record_ids:
        return {}
    rows = db.session.execute(
        select(CaseEvent.record_id, CaseEvent.detail, CaseEvent.happened_on, User)
        .outerjoin(User, User.id == CaseEvent.user_id)
        .where(CaseEvent.record_id.in_(record_ids), CaseEvent.kind == "returned")
        .order_by(CaseEvent.id)
    )
    return {
        record_id: ReturnedReason(detail, user.full_name if user else None, on)
        for record_id, detail, on, user in rows
    }


def _stage_rows(user: User) -> list[tuple[StageInstance, Case]]:
    query = (
        select(StageInstance, Case)
        .join(Case, Case.id == StageInstance.case_id)
        .where(StageInstance.status == "open", Case.closed_on.is_(None), visible_to(user))
        .options(
            selectinload(Case.people),
            joinedload(Case.pathway_version),
            joinedload(Case.lead_worker),
        )
        .order_by(StageInstance.due_on.is_(None), StageInstance.due_on, StageInstance.id)
    )
    if user.role == "team_manager":
        query = query.limit(MANAGER_ROWS)
    else:
        theirs = exists().where(
            Record.stage_instance_id == StageInstance.id,
            Record.created_by_id == user.id,
            Record.status.in_(MINE),
        )
        query = query.where(or_(Case.lead_worker_id == user.id, theirs))
    return [(instance, case) for instance, case in db.session.execute(query)]


def _newest_records(instance_ids: list[int]) -> dict[int, Record]:
    if not instance_ids:
        return {}
    rows = db.session.scalars(
        select(Record).where(Record.stage_instance_id.in_(instance_ids)).order_by(Record.id)
    )
    return {r.stage_instance_id: r for r in rows}


def _loose_drafts(user: User) -> list[Record]:
    """Forms started outside any stage that are still the person's to finish."""
    if user.role == "team_manager":
        return []
    return list(
        db.session.scalars(
            select(Record)
            .join(Case, Case.id == Record.case_id)
            .where(
                Record.stage_instance_id.is_(None),
                Record.created_by_id == user.id,
                Record.status.in_(MINE),
                visible_to(user),
            )
            .options(
                joinedload(Record.form_version),
                joinedload(Record.case).selectinload(Case.people),
            )
        )
    )


def _open_tasks(user: User) -> list[Task]:
    query = (
        select(Task)
        .join(Case, Case.id == Task.case_id)
        .where(Task.status == "open", Case.closed_on.is_(None), visible_to(user))
        .options(joinedload(Task.owner), joinedload(Task.case).selectinload(Case.people))
        .order_by(Task.due_on.is_(None), Task.due_on, Task.id)
    )
    if user.role == "team_manager":
        query = query.where(Case.team_id == user.team_id).limit(MANAGER_ROWS)
    else:
        query = query.where(Task.owner_id == user.id)
    return list(db.session.scalars(query))


def _action(record: Record | None, has_form: bool, manager: bool) -> str:
    if not has_form:
        return "activity"
    if record is None:
        return "start"
    if record.status == "awaiting_authorisation":
        return "sign_off" if manager else "awaiting_sign_off"
    return "returned" if record.status == "returned" else "continue"


def work_list(user: User, today: date) -> list[WorkItem]:
    manager = user.role == "team_manager"
    rows = _stage_rows(user)
    records = _newest_records([instance.id for instance, _ in rows])
    items: list[WorkItem] = []
    for instance, case in rows:
        stage = library.pathway_model(case.pathway_version).stages_by_id.get(instance.stage_id)
        record = records.get(instance.id)
        items.append(
            WorkItem(
                case=case,
                title=stage.title if stage else instance.stage_id,
                action=_action(record, bool(stage and stage.form), manager),
                due_on=instance.due_on,
                instance=instance,
                record=record,
            )
        )
    for record in _loose_drafts(user):
        items.append(
            WorkItem(
                case=record.case,
                title=library.form_model(record.form_version).title,
                action=_action(record, True, manager),
                record=record,
            )
        )
    for task in _open_tasks(user):
        items.append(
            WorkItem(case=task.case, title=task.title, action="task", due_on=task.due_on, task=task)
        )
    reasons = returned_reasons([i.record.id for i in items if i.action == "returned"])
    for item in items:
        if item.action == "returned":
            item.returned = reasons.get(item.record.id)
    order = {"overdue": 0, "due_soon": 1, "due": 2, "undated": 3}

    def key(item: WorkItem):
        # A form waiting for a manager is the practitioner's last concern: nothing to do.
        waiting = item.action == "awaiting_sign_off"
        return (waiting, order[item.urgency(today)], item.due_on or date.max, item.case.id)

    return sorted(items, key=key)


@dataclass
class WorkerOverdue:
    name: str
    items: list[WorkItem]


def overdue_by_worker(manager: User, today: date) -> list[WorkerOverdue]:
    """The manager's view of who is overdue on what, most overdue first: every open
    stage and task of the team past its date, whatever the work list's length."""
    team = Case.team_id == manager.team_id
    stages = db.session.execute(
        select(StageInstance, Case)
        .join(Case, Case.id == StageInstance.case_id)
        .where(StageInstance.status == "open", StageInstance.due_on < today)
        .where(Case.closed_on.is_(None), team, visible_to(manager))
        .options(selectinload(Case.people), joinedload(Case.lead_worker))
    )
    items = [
        WorkItem(
            case=case, title=_stage_title(case, i), action="stage", due_on=i.due_on, instance=i
        )
        for i, case in stages
    ]
    tasks = db.session.scalars(
        select(Task)
        .join(Case, Case.id == Task.case_id)
        .where(Task.status == "open", Task.due_on < today)
        .where(Case.closed_on.is_(None), team, visible_to(manager))
        .options(joinedload(Task.owner), joinedload(Task.case).selectinload(Case.people))
    )
    items += [
        WorkItem(case=t.case, title=t.title, action="task", due_on=t.due_on, task=t) for t in tasks
    ]
    by_worker: dict[str, list[WorkItem]] = {}
    for item in sorted(items, key=lambda i: (i.due_on, i.case.id)):
        name = item.worker.full_name if item.worker else "Nobody yet"
        by_worker.setdefault(name, []).append(item)
    return sorted(
        (WorkerOverdue(name, rows) for name, rows in by_worker.items()),
        key=lambda w: (-len(w.items), w.name),
    )


def _stage_title(case: Case, instance: StageInstance) -> str:
    stage = library.pathway_model(case.pathway_version).stages_by_id.get(instance.stage_id)
    return stage.title if stage else instance.stage_id


def visits_overdue(overdue: list[WorkerOverdue]) -> list[WorkItem]:
    """Cases with no visit within its timescale: an open visit stage past its date. A
    visit is a stage whose id says so (cin_visit, statutory_visit, ...): the language
    has no other mark for one."""
    rows = [
        item
        for worker in overdue
        for item in worker.items
        if item.instance is not None and "visit" in item.instance.stage_id
    ]
    return sorted(rows, key=lambda i: (i.due_on, i.case.id))
