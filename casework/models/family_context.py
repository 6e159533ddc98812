"""What other services hold about the people in a child's life (the Family Context model).

An upload is kept as sent until an administrator confirms it, so the preview and the
import read the very same files. Each person in it is matched to a person on a case;
uncertain matches wait for an administrator, and only matched or confirmed people show.
"""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import JSON, Boolean, Date, DateTime, ForeignKey, Integer, String, Text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from casework.extensions import db
from casework.models.time import utcnow

# How a person in an upload stands: shown on the case, or waiting for an administrator.
MATCH_STATES = ("matched", "held", "confirmed", "rejected")


class FamilyContextUpload(db.Model):
    __tablename__ = "family_context_uploads"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    created_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow)
    user_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"), nullable=True)
    # previewed, imported or refused
    state: Mapped[str] = mapped_column(String(16), default="previewed")
    files: Mapped[dict] = mapped_column(JSON, default=dict)
    imported_at: Mapped[datetime | None] = mapped_column(DateTime, nullable=True)


class ContextPerson(db.Model):
    __tablename__ = "context_people"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    upload_id: Mapped[int] = mapped_column(ForeignKey("family_context_uploads.id"))
    case_id: Mapped[int] = mapped_column(ForeignKey("cases.id"), index=True)
    external_id: Mapped[str] = mapped_column(String(64))
    # The case's person this is (or, while held, might be).
    person_id: Mapped[int | None] = mapped_column(ForeignKey("people.id"), nullable=True)
    state: Mapped[str] = mapped_column(String(16))
    match_reason: Mapped[str] = mapped_column(String(200))
    relationship_to_child: Mapped[str] = mapped_column(String(20))
    first_name: Mapped[str] = mapped_column(String(80))
    last_name: Mapped[str] = mapped_column(String(80))
    date_of_birth: Mapped[date | None] = mapped_column(Date, nullable=True)
    gender: Mapped[str | None] = mapped_column(String(40), nullable=True)
    address: Mapped[str | None] = mapped_column(Text, nullable=True)
    decided_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"), nullable=True)
    decided_at: Mapped[datetime | None] = mapped_column(DateTime, nullable=True)

    services: Mapped[list[ContextService]] = relationship(
        back_populates="person", order_by="ContextService.id", cascade="all, delete-orphan"
    )
    person = relationship("Person")
    case = relationship("Case")

    @property
    def full_name(self) -> str:
        return f"{self.first_name} {self.last_name}".strip()


class ContextService(db.Model):
    __tablename__ = "context_services"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    context_person_id: Mapped[int] = mapped_column(ForeignKey("context_people.id"), index=True)
    service: Mapped[str] = mapped_column(String(40))
    service_name: Mapped[str | None] = mapped_column(String(80), nullable=True)
    current: Mapped[bool | None] = mapped_column(Boolean, nullable=True)
    organisation: Mapped[str | None] = mapped_column(String(160), nullable=True)
    contact_name: Mapped[str | None] = mapped_column(String(160), nullable=True)
    contact_role: Mapped[str | None] = mapped_column(String(160), nullable=True)
    contact_email: Mapped[str | None] = mapped_column(String(254), nullable=True)
    contact_phone: Mapped[str | None] = mapped_column(String(40), nullable=True)
    last_involved_on: Mapped[date | None] = mapped_column(Date, nullable=True)
    last_synchronised: Mapped[date | None] = mapped_column(Date, nullable=True)
    coverage_start: Mapped[date | None] = mapped_column(Date, nullable=True)
    coverage_end: Mapped[date | None] = mapped_column(Date, nullable=True)
    data_source: Mapped[str | None] = mapped_column(String(160), nullable=True)
    records_available: Mapped[bool | None] = mapped_column(Boolean, nullable=True)
    coverage_explanation: Mapped[str | None] = mapped_column(Text, nullable=True)
    # Service-specific facts in plain words, e.g. [["Rent arrears", "Yes"]].
    details: Mapped[list] = mapped_column(JSON, default=list)

    person: Mapped[ContextPerson] = relationship(back_populates="services")
