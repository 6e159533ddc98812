"""The one door to the audit log. Every view and change of a record comes through here."""

from __future__ import annotations

from flask import has_request_context, request
from flask_login import current_user
from sqlalchemy import select

from casework.extensions import db
from casework.models import AuditEvent, User


def record(
    action: str,
    *,
    user: User | None = None,
    username: str | None = None,
    record_type: str | None = None,
    record_id: str | int | None = None,
    detail: dict | None = None,
    commit: bool = True,
) -> AuditEvent:
    if user is None and has_request_context() and current_user.is_authenticated:
        user = current_user._get_current_object()
    entry = AuditEvent(
        action=action,
        user_id=user.id if user else None,
        username=(user.username if user else username),
        record_type=record_type,
        record_id=str(record_id) if record_id is not None else None,
        detail=detail or {},
    )
    if has_request_context():
        entry.ip_address = request.remote_addr
        entry.user_agent = (request.user_agent.string or "")[:255]
        entry.path = request.path[:255]
    db.session.add(entry)
    if commit:
        db.session.commit()
    return entry


def recent(limit: int = 100, action: str | None = None) -> list[AuditEvent]:
    query = select(AuditEvent).order_by(AuditEvent.id.desc()).limit(limit)
    if action:
        query = query.where(AuditEvent.action == action)
    return list(db.session.scalars(query))
