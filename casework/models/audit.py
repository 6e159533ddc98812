"""The append-only audit log: who did or saw what, to which record, when, from where.

Append-only is enforced three times over: the ORM refuses updates and deletes, and the
migration adds database triggers that refuse them on SQLite and PostgreSQL alike. Triggers
can be dropped by anyone who owns the database, so each entry is also sealed into a hash
chain (``prev_hash``, ``hash``; casework/auditing/chain.py) that ``convivial audit verify``
checks without trusting the database.
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import JSON, DateTime, ForeignKey, Index, Integer, String, event
from sqlalchemy.orm import Mapped, mapped_column

from casework.extensions import db
from casework.models.time import utcnow


class AuditEvent(db.Model):
    __tablename__ = "audit_events"

    # Assigned by the chain under its lock, so ids run in chain order.
    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=False)
    at: Mapped[datetime] = mapped_column(DateTime, default=utcnow, index=True)
    user_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"), nullable=True)
    username: Mapped[str | None] = mapped_column(String(80), nullable=True)
    action: Mapped[str] = mapped_column(String(64), index=True)
    record_type: Mapped[str | None] = mapped_column(String(64), nullable=True)
    record_id: Mapped[str | None] = mapped_column(String(64), nullable=True)
    detail: Mapped[dict] = mapped_column(JSON, default=dict)
    ip_address: Mapped[str | None] = mapped_column(String(64), nullable=True)
    user_agent: Mapped[str | None] = mapped_column(String(255), nullable=True)
    path: Mapped[str | None] = mapped_column(String(255), nullable=True)
    # Null only on a row written outside the service, which verify reports.
    prev_hash: Mapped[str | None] = mapped_column(String(64), nullable=True)
    hash: Mapped[str | None] = mapped_column(String(64), nullable=True)

    __table_args__ = (Index("ix_audit_events_user_id_id", "user_id", "id"),)


class AuditEventCase(db.Model):
    """Which cases an entry concerns (one, or every case on a list that was shown).

    The case ids are part of the entry's seal, so removing a row here to hide a view
    from "who has looked at this record" breaks the chain at that entry. No foreign key
    to cases: the log must outlive a case's deletion under a retention policy.
    """

    __tablename__ = "audit_event_cases"

    event_id: Mapped[int] = mapped_column(ForeignKey("audit_events.id"), primary_key=True)
    case_id: Mapped[int] = mapped_column(Integer, primary_key=True)

    __table_args__ = (Index("ix_audit_event_cases_case_id_event_id", "case_id", "event_id"),)


class AuditLogIsAppendOnly(RuntimeError):
    pass


@event.listens_for(AuditEvent, "before_update")
@event.listens_for(AuditEvent, "before_delete")
@event.listens_for(AuditEventCase, "before_update")
@event.listens_for(AuditEventCase, "before_delete")
def _refuse_change(mapper, connection, target):  # noqa: ARG001 - SQLAlchemy's signature
    raise AuditLogIsAppendOnly("The audit log is append-only: entries cannot be changed.")
