"""Server-side sessions: the cookie holds only a random token; the row decides.

Signing out, disabling an account or sitting idle past the timeout ends the row, and
with it every copy of the cookie.
"""

from __future__ import annotations

import hashlib
import secrets
from datetime import timedelta

from flask import current_app, g, request
from sqlalchemy import select, update

from casework import audit
from casework.extensions import db
from casework.models import User, UserSession
from casework.models.time import utcnow


def _hash(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def start(user: User) -> str:
    token = secrets.token_urlsafe(32)
    db.session.add(
        UserSession(
            token_hash=_hash(token),
            user_id=user.id,
            ip_address=request.remote_addr,
            user_agent=(request.user_agent.string or "")[:255],
        )
    )
    db.session.commit()
    user.session_token = token
    return token


def _touch_interval(timeout: timedelta) -> timedelta:
    # Writing last_seen on every request would turn each page view into a write;
    # a tenth of the timeout keeps the timeout honest to within 10%.
    return min(timedelta(seconds=30), timeout / 10)


def load(token: str) -> User | None:
    """Flask-Login's user loader: the user behind a live session token, or None."""
    row = db.session.scalar(select(UserSession).where(UserSession.token_hash == _hash(token)))
    if row is None or row.ended_at is not None:
        return None
    user = row.user
    now = utcnow()
    timeout = timedelta(seconds=current_app.config["IDLE_TIMEOUT_SECONDS"])
    if not user.active:
        end_row(row, "account_disabled")
        return None
    if now - row.last_seen_at > timeout:
        end_row(row, "expired")
        g.session_expired = True
        audit.record("session_expired", user=user, detail={"idle_timeout_seconds": timeout.seconds})
        return None
    if now - row.last_seen_at > _touch_interval(timeout):
        row.last_seen_at = now
        db.session.commit()
    user.session_token = token
    return user


def end_row(row: UserSession, reason: str) -> None:
    row.ended_at = utcnow()
    row.end_reason = reason
    db.session.commit()


def end(token: str | None, reason: str) -> None:
    if token:
        row = db.session.scalar(select(UserSession).where(UserSession.token_hash == _hash(token)))
        if row is not None and row.ended_at is None:
            end_row(row, reason)


def end_all_for(user: User, reason: str) -> int:
    result = db.session.execute(
        update(UserSession)
        .where(UserSession.user_id == user.id, UserSession.ended_at.is_(None))
        .values(ended_at=utcnow(), end_reason=reason)
    )
    db.session.commit()
    return result.rowcount or 0
