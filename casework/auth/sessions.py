"""Server-side sessions: the cookie holds only a random token; the row decides.

Signing out, disabling an account or sitting idle past the timeout ends the row, and
with it every copy of the cookie.
"""

from __future__ import annotations

import hashlib
import secrets
from datetime import timedelta

from flask import current_app, g, request
from sqlalchemy import bindparam, select, update
from sqlalchemy.orm import joinedload

from casework import audit
from casework.extensions import db
from casework.models import User, UserSession
from casework.models.time import utcnow

# Built once: every signed-in request runs it, and building a select with its loader
# options costs more than fetching the row (SQLAlchemy caches only the compiled form).
# One query for the session, its user and their team (every page names the team in its
# header): three round trips on every request before.
_LIVE_ROW = (
    select(UserSession)
    .options(joinedload(UserSession.user).joinedload(User.team))
    .where(UserSession.token_hash == bindparam("token_hash"))
)


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


def _timeout() -> timedelta:
    return timedelta(seconds=current_app.config["IDLE_TIMEOUT_SECONDS"])


def _live_row(token: str | None) -> UserSession | None:
    """The session row behind a token if it is still live; ends it if it has run out."""
    if not token:
        return None
    row = db.session.scalar(_LIVE_ROW, {"token_hash": _hash(token)})
    if row is None or row.ended_at is not None:
        return None
    timeout = _timeout()
    if not row.user.active:
        end_row(row, "account_disabled")
        return None
    if utcnow() - row.last_seen_at > timeout:
        end_row(row, "expired")
        g.session_expired = True
        audit.record(
            "session_expired",
            user=row.user,
            detail={"idle_timeout_seconds": int(timeout.total_seconds())},
        )
        return None
    return row


def load(token: str) -> User | None:
    """Flask-Login's user loader: the user behind a live session token, or None."""
    row = _live_row(token)
    if row is None:
        return None
    now = utcnow()
    if now - row.last_seen_at > _touch_interval(_timeout()):
        row.last_seen_at = now
        db.session.commit()
    g.session_last_seen_at = row.last_seen_at
    user = row.user
    user.session_token = token
    return user


def remaining_seconds(last_seen_at) -> int:
    """Whole seconds before a session last seen then is signed out for being idle."""
    left = _timeout() - (utcnow() - last_seen_at)
    return max(0, int(left.total_seconds()))


def seconds_left(token: str | None) -> int:
    """How long the session behind a token has left, without counting as activity:
    a page asking whether to warn must not itself keep the session alive."""
    row = _live_row(token)
    return 0 if row is None else remaining_seconds(row.last_seen_at)


def extend(token: str) -> int:
    """The person chose to stay signed in: idle time starts again from now."""
    row = _live_row(token)
    if row is None:
        return 0
    row.last_seen_at = utcnow()
    db.session.commit()
    g.session_last_seen_at = row.last_seen_at
    return remaining_seconds(row.last_seen_at)


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


def end_reason(token: str | None) -> str | None:
    """Why the session behind this cookie ended ("expired", "signed_out", ...), if it has."""
    if not token:
        return None
    return db.session.scalar(
        select(UserSession.end_reason).where(UserSession.token_hash == _hash(token))
    )


def timed_out_user(token: str | None) -> User | None:
    """Whose session ran out behind this cookie: only an idle timeout, never a sign-out
    or a disabled account, so the page after it can say what that person had saved."""
    if not token:
        return None
    row = db.session.scalar(select(UserSession).where(UserSession.token_hash == _hash(token)))
    if row is None or row.end_reason != "expired" or not row.user.active:
        return None
    return row.user
