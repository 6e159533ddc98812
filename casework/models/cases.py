"""Cases, the people in them, the services involved, and what happened when."""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import JSON, Boolean, Date, DateTime, ForeignKey, Index, Integer, String, Text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from casework.extensions import db
from casework.models.time import utcnow

# Relationship to the child, as the language's person field roles name them.
PERSON_ROLES = {
    "child": "Child",
    "parent": "Parent",
    "carer": "Carer",
    "sibling": "Sibling",
    "grandparent": "Grandparent",
    "relative": "Relative",
    "friend": "Friend or neighbour",
    "professional": "Professional",
    "other": "Other",
}


class Case(db.Model):
    __tablename__ = "cases"
    __table_args__ = (Index("ix_cases_lead_worker_id", "lead_worker_id"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    reference: Mapped[str] = mapped_column(String(32), unique=True)
    pathway_version_id: Mapped[int] = mapped_column(ForeignKey("pathway_versions.id"))
    team_id: Mapped[int] = mapped_column(ForeignKey("teams.id"), index=True)
    lead_worker_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"), nullable=True)
    opened_on: Mapped[date] = mapped_column(Date)
    closed_on: Mapped[date | None] = mapped_column(Date, nullable=True)
    restricted: Mapped[bool] = mapped_column(Boolean, default=False)
    created_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow)

    people: Mapped[list[Person]] = relationship(
        back_populates="case", order_by="Person.id", cascade="all, delete-orphan"
    )
    involvements: Mapped[list[Involvement]] = relationship(
        back_populates="case", order_by="Involvement.id", cascade="all, delete-orphan"
    )
    pathway_version = relationship("PathwayVersion")
    team = relationship("Team")
    lead_worker = relationship("User", foreign_keys=[lead_worker_id])

    @property
    def child(self) -> Person | None:
        return next((p for p in self.people if p.is_subject), None)


class CaseAccess(db.Model):
    """Named people who may see a restricted case, beyond its lead and their managers."""

    __tablename__ = "case_access"
    __table_args__ = (Index("ix_case_access_user_id", "user_id"),)

    case_id: Mapped[int] = mapped_column(ForeignKey("cases.id"), primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id"), primary_key=True)
    granted_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow)
    # Why this person needs to see the case, in the words of whoever named them.
    reason: Mapped[str | None] = mapped_column(Text, nullable=True)
    granted_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"), nullable=True)

    user = relationship("User", foreign_keys=[user_id])
    granted_by = relationship("User", foreign_keys=[granted_by_id])


class BreakGlassGrant(db.Model):
    """Emergency access by someone not named on a case: a reason, audited, and short-lived."""

    __tablename__ = "break_glass_grants"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    case_id: Mapped[int] = mapped_column(ForeignKey("cases.id"), index=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id"), index=True)
    reason: Mapped[str] = mapped_column(Text)
    granted_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow)
    expires_at: Mapped[datetime] = mapped_column(DateTime)


class Person(db.Model):
    __tablename__ = "people"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    case_id: Mapped[int] = mapped_column(ForeignKey("cases.id"), index=True)
    is_subject: Mapped[bool] = mapped_column(Boolean, default=False)
    role: Mapped[str] = mapped_column(String(32))
    relationship_detail: Mapped[str | None] = mapped_column(String(120), nullable=True)
    first_name: Mapped[str] = mapped_column(String(80))
    last_name: Mapped[str] = mapped_column(String(80))
    date_of_birth: Mapped[date | None] = mapped_column(Date, nullable=True, index=True)
    gender: Mapped[str | None] = mapped_column(String(40), nullable=True)
    address: Mapped[str | None] = mapped_column(Text, nullable=True)
    phone: Mapped[str | None] = mapped_column(String(40), nullable=True)
    school: Mapped[str | None] = mapped_column(String(160), nullable=True)
    upn: Mapped[str | None] = mapped_column(String(13), nullable=True)
    ethnicity: Mapped[str | None] = mapped_column(String(8), nullable=True)
    disabilities: Mapped[list] = mapped_column(JSON, default=list)
    knows_danger_statement: Mapped[bool | None] = mapped_column(Boolean, nullable=True)

    case: Mapped[Case] = relationship(back_populates="people")

    @property
    def full_name(self) -> str:
        return person_name(self.first_name, self.last_name)

    @property
    def role_name(self) -> str:
        return self.relationship_detail or PERSON_ROLES.get(self.role, self.role)


def person_name(first_name: str, last_name: str) -> str:
    """A person's name as every page shows it (also for names read as bare columns)."""
    return f"{first_name} {last_name}".strip()


class Involvement(db.Model):
    """A professional or service involved with the family: who to call, and when last."""

    __tablename__ = "involvements"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    case_id: Mapped[int] = mapped_column(ForeignKey("cases.id"), index=True)
    service: Mapped[str] = mapped_column(String(80))
    organisation: Mapped[str | None] = mapped_column(String(160), nullable=True)
    lead_practitioner: Mapped[str | None] = mapped_column(String(160), nullable=True)
    contact: Mapped[str | None] = mapped_column(String(160), nullable=True)
    last_involved_on: Mapped[date | None] = mapped_column(Date, nullable=True)
    notes: Mapped[str | None] = mapped_column(Text, nullable=True)

    case: Mapped[Case] = relationship(back_populates="involvements")


class CaseEvent(db.Model):
    """The case timeline: significant events, in the order they happened."""

    __tablename__ = "case_events"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    case_id: Mapped[int] = mapped_column(ForeignKey("cases.id"), index=True)
    happened_on: Mapped[date] = mapped_column(Date)
    kind: Mapped[str] = mapped_column(String(40))
    # Set when the event starts a statutory clock, e.g. "event:referral_received" or
    # "stage_completed:strategy_discussion", so due dates can be worked out again.
    anchor: Mapped[str | None] = mapped_column(String(100), nullable=True, index=True)
    title: Mapped[str] = mapped_column(String(200))
    detail: Mapped[str | None] = mapped_column(Text, nullable=True)
    record_id: Mapped[int | None] = mapped_column(ForeignKey("records.id"), nullable=True)
    user_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"), nullable=True)
    created_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow)
