"""What a manager sets for caseload weighting: each worker's capacity, each case's tier."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import Boolean, DateTime, Float, ForeignKey, Integer, String
from sqlalchemy.orm import Mapped, mapped_column

from casework.extensions import db
from casework.models.time import utcnow


class WorkerCapacity(db.Model):
    """No row: a full-time, fully qualified worker with no reductions."""

    __tablename__ = "worker_capacity"

    user_id: Mapped[int] = mapped_column(ForeignKey("users.id"), primary_key=True)
    hours: Mapped[float] = mapped_column(Float, default=37.0)
    newly_qualified: Mapped[bool] = mapped_column(Boolean, default=False)
    reduction_points: Mapped[float] = mapped_column(Float, default=0.0)
    reduction_reason: Mapped[str | None] = mapped_column(String(200), nullable=True)
    updated_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow)


class CaseComplexity(db.Model):
    """No row: tier 1 (standard)."""

    __tablename__ = "case_complexity"

    case_id: Mapped[int] = mapped_column(ForeignKey("cases.id"), primary_key=True)
    tier: Mapped[int] = mapped_column(Integer, default=1)
    set_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"), nullable=True)
    updated_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow)
