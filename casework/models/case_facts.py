"""The history of each case fact: every value a submitted form gave it, newest last.

Rows are only ever added. The newest row of a fact is its value now; older rows are
its history, shown on the case page with the form, date and person that recorded each.
A submitted record keeps its own answers, so correcting a fact never rewrites one.
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import JSON, DateTime, ForeignKey, Index, Integer, String, Text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from casework.extensions import db
from casework.models.time import utcnow


class CaseFact(db.Model):
    __tablename__ = "case_facts"
    __table_args__ = (Index("ix_case_facts_case_id_name", "case_id", "name"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    case_id: Mapped[int] = mapped_column(ForeignKey("cases.id"))
    name: Mapped[str] = mapped_column(String(80))  # e.g. child.address
    value: Mapped[object] = mapped_column(JSON, nullable=True)
    # The answer in words as the recording form showed it (option labels, people's names).
    shown: Mapped[str] = mapped_column(Text, default="")
    record_id: Mapped[int | None] = mapped_column(ForeignKey("records.id"), nullable=True)
    # Kept as recorded: a form's title may change in a later version.
    form_title: Mapped[str] = mapped_column(String(200))
    field_id: Mapped[str] = mapped_column(String(64))
    recorded_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"), nullable=True)
    recorded_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow)

    recorded_by = relationship("User")
