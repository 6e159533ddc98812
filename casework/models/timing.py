"""Time spent recording: active seconds per record, section and person.

Rows are increments, never updated: each batch the browser sends is one row, its
idempotency key unique, so a batch sent twice (a retry, a beacon, a draft kept offline
and sent again later) counts once. Totals are sums of rows.
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import Boolean, DateTime, ForeignKey, Integer, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from casework.extensions import db
from casework.models.time import utcnow


class TimeSpent(db.Model):
    __tablename__ = "time_spent"
    __table_args__ = (UniqueConstraint("idempotency_key", name="uq_time_spent_key"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    record_id: Mapped[int] = mapped_column(ForeignKey("records.id"), index=True)
    # The version the record was on when the time arrived: what the time measures.
    form_version_id: Mapped[int] = mapped_column(ForeignKey("form_versions.id"), index=True)
    section_id: Mapped[str] = mapped_column(String(64))
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id"), index=True)
    seconds: Mapped[int] = mapped_column(Integer)
    idempotency_key: Mapped[str] = mapped_column(String(64))
    received_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow)
    # Rows `convivial demo` made up, so the report can say its figures are invented.
    generated: Mapped[bool] = mapped_column(Boolean, default=False)
