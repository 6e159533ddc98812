"""Records made on forms, the stages of a case's pathway, and every save.

A record points at the exact form version it was recorded on and always re-renders
with it. Each save carries the revision it was based on and an idempotency key, so a
double-clicked submit saves once and two people editing one record get a conflict,
never a lost update.
"""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import (
    JSON,
    Boolean,
    Date,
    DateTime,
    ForeignKey,
    Index,
    Integer,
    String,
    UniqueConstraint,
    text,
)
from sqlalchemy.orm import Mapped, mapped_column, relationship

from casework.extensions import db
from casework.models.time import utcnow

RECORD_STATES = {
    "draft": "In progress",
    "awaiting_authorisation": "Waiting for a manager",
    "returned": "Returned by a manager",
    "completed": "Completed",
}


class StageInstance(db.Model):
    __tablename__ = "stage_instances"
    __table_args__ = (
        Index("ix_stage_instances_case_status_due", "case_id", "status", "due_on"),
        # The manager's lists and overdue counts per case (casework/pathway/overdue.py,
        # work_order.py): only the open stages, with the columns those lists read, so
        # PostgreSQL answers from the index alone.
        Index(
            "ix_stage_instances_open_case_due",
            "case_id",
            "due_on",
            postgresql_include=["id", "stage_id"],
            postgresql_where=text("status = 'open'"),
            sqlite_where=text("status = 'open'"),
        ),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    case_id: Mapped[int] = mapped_column(ForeignKey("cases.id"), index=True)
    stage_id: Mapped[str] = mapped_column(String(64))
    status: Mapped[str] = mapped_column(String(20), default="open")  # open | completed
    started_on: Mapped[date] = mapped_column(Date)
    due_on: Mapped[date | None] = mapped_column(Date, nullable=True)
    completed_on: Mapped[date | None] = mapped_column(Date, nullable=True)
    weight: Mapped[int] = mapped_column(Integer, default=0)

    case = relationship("Case")


class Record(db.Model):
    __tablename__ = "records"
    # The work list: a stage's newest record, a person's drafts, what waits for sign-off.
    __table_args__ = (
        Index("ix_records_stage_instance_id", "stage_instance_id", "id"),
        Index("ix_records_created_by_status", "created_by_id", "status"),
        Index("ix_records_status_case", "status", "case_id"),
        Index(
            "ix_records_awaiting_case",
            "case_id",
            postgresql_where=text("status = 'awaiting_authorisation'"),
            sqlite_where=text("status = 'awaiting_authorisation'"),
        ),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    case_id: Mapped[int] = mapped_column(ForeignKey("cases.id"), index=True)
    stage_instance_id: Mapped[int | None] = mapped_column(
        ForeignKey("stage_instances.id"), nullable=True
    )
    form_version_id: Mapped[int] = mapped_column(ForeignKey("form_versions.id"))
    status: Mapped[str] = mapped_column(String(32), default="draft")
    answers: Mapped[dict] = mapped_column(JSON, default=dict)
    # Where each pre-filled answer came from, for "from the strategy discussion, 3 March".
    prefill_sources: Mapped[dict] = mapped_column(JSON, default=dict)
    # Answers that could not be carried to a newer form version: kept and shown, never dropped.
    unmapped_answers: Mapped[dict] = mapped_column(JSON, default=dict)
    revision: Mapped[int] = mapped_column(Integer, default=0)
    # A significant event for the chronology; None leaves it to the form's default.
    significant: Mapped[bool | None] = mapped_column(Boolean, nullable=True)
    created_by_id: Mapped[int] = mapped_column(ForeignKey("users.id"))
    created_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow)
    updated_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"), nullable=True)
    updated_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow)
    submitted_at: Mapped[datetime | None] = mapped_column(DateTime, nullable=True)
    authorised_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"), nullable=True)
    authorised_at: Mapped[datetime | None] = mapped_column(DateTime, nullable=True)

    # The revision doubles as SQLAlchemy's optimistic lock: an UPDATE only succeeds if
    # the row still holds the revision this process read.
    __mapper_args__ = {"version_id_col": revision, "version_id_generator": False}

    case = relationship("Case")
    form_version = relationship("FormVersion")
    stage_instance = relationship("StageInstance")
    created_by = relationship("User", foreign_keys=[created_by_id])
    updated_by = relationship("User", foreign_keys=[updated_by_id])
    authorised_by = relationship("User", foreign_keys=[authorised_by_id])


class RecordSave(db.Model):
    """One acknowledged save. The idempotency key makes a repeated request a no-op."""

    __tablename__ = "record_saves"
    __table_args__ = (UniqueConstraint("record_id", "idempotency_key", name="uq_record_saves_key"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    record_id: Mapped[int] = mapped_column(ForeignKey("records.id"), index=True)
    idempotency_key: Mapped[str] = mapped_column(String(64))
    # The page (one render of a section) that sent this save: a page's own earlier
    # saves are never conflicts with its later ones.
    page_id: Mapped[str | None] = mapped_column(String(64), nullable=True)
    base_revision: Mapped[int] = mapped_column(Integer)
    revision: Mapped[int] = mapped_column(Integer)
    kind: Mapped[str] = mapped_column(String(20))  # autosave | save | submit | authorise
    changes: Mapped[dict] = mapped_column(JSON, default=dict)
    # The values these fields held before this save: how a later save based on an
    # older revision tells what its author actually changed.
    previous: Mapped[dict] = mapped_column(JSON, default=dict)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id"))
    saved_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow)
