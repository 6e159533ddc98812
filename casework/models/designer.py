"""Drafts of forms in the visual designer, and the working group's review of them.

A draft is never a published version: recording only ever reads `form_versions`, so
nothing here can affect live work. Every edit is kept as a snapshot of the document at
its revision, so an edit made on an older page can be merged by id (three-way, with the
change engine) against everything saved since, and nobody's work is overwritten.
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import JSON, DateTime, ForeignKey, Integer, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, declared_attr, mapped_column, relationship

from casework.extensions import db
from casework.models.time import utcnow

DRAFT_STATES = {
    "draft": "Draft",
    "proposed": "Waiting for approval",
    "returned": "Changes requested",
    "approved": "Approved",
    "published": "Published",
    "rejected": "Rejected",
    "discarded": "Discarded",
}
# GOV.UK tag colours for the states a list marks (docs/designer.md, Review).
STATE_TAGS = {
    "draft": "govuk-tag--grey",
    "proposed": "govuk-tag--blue",
    "returned": "govuk-tag--yellow",
    "approved": "govuk-tag--green",
    "published": "govuk-tag--green",
    "rejected": "govuk-tag--red",
    "discarded": "govuk-tag--grey",
}
COMMENT_PURPOSES = ("comment", "changes", "rejection")


class DesignDraft(db.Model):
    __tablename__ = "design_drafts"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    kind: Mapped[str] = mapped_column(
        String(16), default="form"
    )  # form | pathway | import (another council's changes)
    target_id: Mapped[str] = mapped_column(String(64), index=True)
    title: Mapped[str] = mapped_column(String(200))
    document: Mapped[dict] = mapped_column(JSON)
    # The published version the draft started from (0 for a new form) and its hash:
    # publishing refuses a draft whose base is no longer the latest version.
    base_version: Mapped[int] = mapped_column(Integer, default=0)
    base_sha256: Mapped[str | None] = mapped_column(String(64), nullable=True)
    revision: Mapped[int] = mapped_column(Integer, default=0)
    status: Mapped[str] = mapped_column(String(16), default="draft")
    rationale: Mapped[str] = mapped_column(Text, default="")
    created_by_id: Mapped[int] = mapped_column(ForeignKey("users.id"))
    created_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow)
    updated_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"), nullable=True)
    updated_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow)
    proposed_at: Mapped[datetime | None] = mapped_column(DateTime, nullable=True)
    published_version: Mapped[int | None] = mapped_column(Integer, nullable=True)
    published_at: Mapped[datetime | None] = mapped_column(DateTime, nullable=True)
    # Rejected or discarded: the draft is closed, never deleted (history keeps it).
    closed_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"), nullable=True)
    closed_at: Mapped[datetime | None] = mapped_column(DateTime, nullable=True)

    # Optimistic lock, as for records: two workers saving one draft cannot both win.
    __mapper_args__ = {"version_id_col": revision, "version_id_generator": False}

    created_by = relationship("User", foreign_keys=[created_by_id])
    updated_by = relationship("User", foreign_keys=[updated_by_id])
    closed_by = relationship("User", foreign_keys=[closed_by_id])

    @property
    def status_name(self) -> str:
        return DRAFT_STATES.get(self.status, self.status)

    @property
    def status_tag(self) -> str:
        return STATE_TAGS.get(self.status, "govuk-tag--grey")


class DraftEdit(db.Model):
    """One acknowledged edit: what it was, who made it, and the document after it."""

    __tablename__ = "design_draft_edits"
    __table_args__ = (UniqueConstraint("draft_id", "revision", name="uq_draft_edits_revision"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    draft_id: Mapped[int] = mapped_column(ForeignKey("design_drafts.id"), index=True)
    revision: Mapped[int] = mapped_column(Integer)
    base_revision: Mapped[int] = mapped_column(Integer)
    summary: Mapped[str] = mapped_column(String(300))
    operation: Mapped[dict] = mapped_column(JSON)
    document: Mapped[dict] = mapped_column(JSON)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id"))
    at: Mapped[datetime] = mapped_column(DateTime, default=utcnow)

    user = relationship("User")


class _ByReviewer:
    """What a view, a comment and an approval share: one person's word on one draft."""

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    draft_id: Mapped[int] = mapped_column(ForeignKey("design_drafts.id"), index=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id"))
    at: Mapped[datetime] = mapped_column(DateTime, default=utcnow)

    @declared_attr
    def user(cls):
        return relationship("User")


class DraftView(_ByReviewer, db.Model):
    """A reviewer's own view, written before they may read anyone else's."""

    __tablename__ = "design_draft_views"
    __table_args__ = (UniqueConstraint("draft_id", "user_id", name="uq_draft_views_user"),)

    text: Mapped[str] = mapped_column(Text)


class DraftComment(_ByReviewer, db.Model):
    """A comment in the discussion, or what a reviewer asked to change (purpose
    "changes"), or why they rejected the draft ("rejection"): all are kept."""

    __tablename__ = "design_draft_comments"

    text: Mapped[str] = mapped_column(Text)
    purpose: Mapped[str] = mapped_column(String(16), default="comment", server_default="comment")


class DraftApproval(_ByReviewer, db.Model):
    """An approval of one revision: editing the draft afterwards makes it stale."""

    __tablename__ = "design_draft_approvals"
    __table_args__ = (UniqueConstraint("draft_id", "user_id", name="uq_draft_approvals_user"),)

    revision: Mapped[int] = mapped_column(Integer)
