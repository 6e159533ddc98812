"""The only door to tasks: made by triggers or by hand, done by hand or by a form."""

from __future__ import annotations

from datetime import date

from sqlalchemy import select

from casework import audit
from casework.extensions import db
from casework.models import Case, Record, Task, User


class TaskNotFound(LookupError):
    pass


def create(
    case: Case,
    *,
    title: str,
    source: str,
    due_on: date | None,
    description: str | None = None,
    completes_with_form: str | None = None,
    created_by: User | None = None,
    owner_id: int | None = None,
) -> Task:
    """A task for the case's lead worker (or nobody yet: the manager's view shows it)."""
    task = Task(
        case_id=case.id,
        title=title,
        description=description,
        source=source,
        due_on=due_on,
        status="open",
        owner_id=owner_id if owner_id is not None else case.lead_worker_id,
        completes_with_form=completes_with_form,
        created_by_id=created_by.id if created_by else None,
    )
    db.session.add(task)
    db.session.flush()
    audit.record(
        "task_created",
        record_type="task",
        record_id=task.id,
        case_ids=[case.id],
        detail={"title": title, "due_on": due_on.isoformat() if due_on else None},
        commit=False,
    )
    return task


def add_one_off(
    user: User, case: Case, *, title: str, due_on: date | None, form: str | None = None
) -> Task:
    task = create(
        case,
        title=title,
        source="one_off",
        due_on=due_on,
        completes_with_form=form or None,
        created_by=user,
    )
    db.session.commit()
    return task


def mark_done(user: User, task: Task, on: date) -> None:
    if task.status != "open":
        return
    _finish(task, on, how="Marked done", by=user.id)
    db.session.commit()


def complete_for_record(case: Case, record: Record, form_title: str, on: date) -> list[Task]:
    """Open tasks on the case tied to this record's form are done by its submission."""
    return complete_for_form(
        case,
        record.form_version.form_id,
        how=f"{form_title} submitted",
        by=record.updated_by_id,
        on=on,
    )


def complete_for_form(
    case: Case, form_id: str, *, how: str, by: int | None, on: date
) -> list[Task]:
    """Open tasks on the case tied to this form are done, in words `how`."""
    tasks = list(
        db.session.scalars(
            select(Task).where(
                Task.case_id == case.id,
                Task.status == "open",
                Task.completes_with_form == form_id,
            )
        )
    )
    for task in tasks:
        _finish(task, on, how=how, by=by)
    return tasks


def complete_reminders(
    case: Case, sources: list[str], *, how: str, by: int | None, on: date
) -> list[Task]:
    """Open tasks on the case made by these triggers (``trigger:<id>``) are done: what
    they reminded the worker of has happened."""
    tasks = list(
        db.session.scalars(
            select(Task).where(
                Task.case_id == case.id, Task.status == "open", Task.source.in_(sources)
            )
        )
    )
    for task in tasks:
        _finish(task, on, how=how, by=by)
    return tasks


def reassign_open(case: Case, worker_id: int) -> int:
    tasks = list(
        db.session.scalars(select(Task).where(Task.case_id == case.id, Task.status == "open"))
    )
    for task in tasks:
        task.owner_id = worker_id
    return len(tasks)


def for_case(case: Case) -> list[Task]:
    return list(
        db.session.scalars(
            select(Task)
            .where(Task.case_id == case.id)
            .order_by(Task.status != "open", Task.due_on.is_(None), Task.due_on, Task.id)
        )
    )


def get(case: Case, task_id: int) -> Task:
    task = db.session.get(Task, task_id)
    if task is None or task.case_id != case.id:
        raise TaskNotFound(task_id)
    return task


def _finish(task: Task, on: date, *, how: str, by: int | None) -> None:
    task.status = "done"
    task.completed_on = on
    task.completed_how = how
    task.completed_by_id = by
    audit.record(
        "task_completed",
        record_type="task",
        record_id=task.id,
        case_ids=[task.case_id],
        detail={"how": how},
        commit=False,
    )
