"""Tasks on a case, and the jobs the worker runs when their time comes.

A task has an owner and a due date. One tied to a form (``completes_with_form``)
completes itself when that form is submitted on the case. A job is claimed by one
worker at a time (casework/tasks/jobs_service.py); its ``key`` is unique, so the same trigger
for the same case is scheduled, and so fired, at most once.
"""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import JSON, Date, DateTime, ForeignKey, Index, Integer, String, Text, text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from casework.extensions import db
from casework.models.time import utcnow

TASK_STATES = {"open": "To do", "done": "Done", "cancelled": "No longer needed"}


class Task(db.Model):
    __tablename__ = "tasks"
    __table_args__ = (
        Index("ix_tasks_owner_status_due", "owner_id", "status", "due_on"),
        Index("ix_tasks_case_status_due", "case_id", "status", "due_on"),
        # A team's open tasks, overdue or not (casework/pathway/overdue.py, work_order.py):
        # only the open ones, with the columns those lists read (an index-only scan).
        Index(
            "ix_tasks_open_case_due",
            "case_id",
            "due_on",
            postgresql_include=["id", "owner_id"],
            postgresql_where=text("status = 'open'"),
            sqlite_where=text("status = 'open'"),
        ),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    case_id: Mapped[int] = mapped_column(ForeignKey("cases.id"), index=True)
    title: Mapped[str] = mapped_column(String(200))
    description: Mapped[str | None] = mapped_column(Text, nullable=True)
    owner_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"), nullable=True)
    due_on: Mapped[date | None] = mapped_column(Date, nullable=True)
    status: Mapped[str] = mapped_column(String(20), default="open")
    # Where it came from: "trigger:<trigger id>" or "one_off".
    source: Mapped[str] = mapped_column(String(100))
    completes_with_form: Mapped[str | None] = mapped_column(String(64), nullable=True)
    created_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow)
    created_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"), nullable=True)
    completed_on: Mapped[date | None] = mapped_column(Date, nullable=True)
    completed_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"), nullable=True)
    # In words, how it was done: "Strategy discussion submitted", "Marked done".
    completed_how: Mapped[str | None] = mapped_column(String(200), nullable=True)

    case = relationship("Case")
    owner = relationship("User", foreign_keys=[owner_id])


class Job(db.Model):
    __tablename__ = "jobs"
    __table_args__ = (Index("ix_jobs_status_run_at", "status", "run_at"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    # date_reached | date_answered | deadline_approaching | render_ahead
    kind: Mapped[str] = mapped_column(String(40))
    key: Mapped[str] = mapped_column(String(200), unique=True)
    case_id: Mapped[int | None] = mapped_column(ForeignKey("cases.id"), nullable=True)
    payload: Mapped[dict] = mapped_column(JSON, default=dict)
    run_at: Mapped[datetime] = mapped_column(DateTime)
    status: Mapped[str] = mapped_column(String(20), default="waiting")
    # waiting | done | failed | cancelled (a date cleared, a stage finished first)
    attempts: Mapped[int] = mapped_column(Integer, default=0)
    claimed_by: Mapped[str | None] = mapped_column(String(100), nullable=True)
    finished_at: Mapped[datetime | None] = mapped_column(DateTime, nullable=True)
    error: Mapped[str | None] = mapped_column(Text, nullable=True)
