"""Server-side sessions: the cookie holds only a random token; the row decides.

Signing out, disabling an account or sitting idle past the timeout ends the row, and
with it every copy of the cookie.
"""

from __future__ import annotations

import hashlib
import secrets
from datetime import datetime, timedelta
from typing import NamedTuple

from flask import current_app, g, request
from sqlalchemy import bindparam, select, update
from sqlalchemy.orm.attributes import set_committed_value

from casework import audit
from casework.auth import persistent
from casework.driver_select import DriverSelect
from casework.extensions import db
from casework.models import Team, User, UserSession
from casework.models.time import utcnow

_USER = persistent.columns(User)
_TEAM = persistent.columns(Team)
_sessions = UserSession.__table__

# Built once: every signed-in request runs it. One statement for the session, its user
# and their team (every page names the team in its header), read as plain columns: the
# user and team are made from them (casework/auth/persistent.py), and the session row
# is never an ORM object, being only read unless it is touched or ended.
_LIVE = DriverSelect(
    select(
        _sessions.c.id,
        _sessions.c.last_seen_at,
        _sessions.c.ended_at,
        *(column for _, column in _USER),
        *(column for _, column in _TEAM),
    )
    .select_from(
        _sessions.join(User.__table__, _sessions.c.user_id == User.id).join(
            Team.__table__, User.team_id == Team.id
        )
    )
    .where(_sessions.c.token_hash == bindparam("token_hash"))
)
# Where each part sits in a row of _LIVE (its columns share names such as "id").
_USER_AT = slice(3, 3 + len(_USER))
_TEAM_AT = slice(_USER_AT.stop, None)
_ACTIVE = _USER_AT.start + [key for key, _ in _USER].index("active")


class Live(NamedTuple):
    """A session row still in use, as read at the start of this request."""

    id: int
    last_seen_at: datetime
    read_at: datetime
    row: tuple

    def user(self) -> User:
        """The person, persistent in db.session with their team, as a query gives them."""
        session = db.session()
        user = persistent.from_values(session, User, persistent.values(_USER, self.row[_USER_AT]))
        team = persistent.values(_TEAM, self.row[_TEAM_AT])
        if "team" not in user.__dict__ and user.team_id == team["id"]:
            set_committed_value(user, "team", persistent.from_values(session, Team, team))
        return user


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


def _live(token: str | None) -> Live | None:
    """The session behind a token if it is still live; ends it if it has run out."""
    if not token:
        return None
    row = _LIVE.first(db.session.connection(), {"token_hash": _hash(token)})
    if row is None or row[2] is not None:  # no such session, or it has ended
        return None
    live = Live(row[0], row[1], utcnow(), row)
    if not row[_ACTIVE]:
        _end(live.id, "account_disabled")
        return None
    timeout = _timeout()
    if live.read_at - live.last_seen_at > timeout:
        _end(live.id, "expired")
        g.session_expired = True
        audit.record(
            "session_expired",
            user=live.user(),
            detail={"idle_timeout_seconds": int(timeout.total_seconds())},
        )
        return None
    return live


def load(token: str) -> User | None:
    """Flask-Login's user loader: the user behind a live session token, or None."""
    live = _live(token)
    if live is None:
        return None
    last_seen_at = live.last_seen_at
    if live.read_at - last_seen_at > _touch_interval(_timeout()):
        last_seen_at = _touch(live.id, live.read_at)
    g.session_last_seen_at = last_seen_at
    user = live.user()
    user.session_token = token
    return user


def _touch(session_id: int, now: datetime) -> datetime:
    db.session.execute(
        update(UserSession).where(UserSession.id == session_id).values(last_seen_at=now),
        execution_options={"synchronize_session": False},
    )
    db.session.commit()
    return now


def remaining_seconds(last_seen_at) -> int:
    """Whole seconds before a session last seen then is signed out for being idle."""
    left = _timeout() - (utcnow() - last_seen_at)
    return max(0, int(left.total_seconds()))


def seconds_left(token: str | None) -> int:
    """How long the session behind a token has left, without counting as activity:
    a page asking whether to warn must not itself keep the session alive."""
    live = _live(token)
    return 0 if live is None else remaining_seconds(live.last_seen_at)


def extend(token: str) -> int:
    """The person chose to stay signed in: idle time starts again from now."""
    live = _live(token)
    if live is None:
        return 0
    g.session_last_seen_at = _touch(live.id, utcnow())
    return remaining_seconds(g.session_last_seen_at)


def _end(session_id: int, reason: str) -> None:
    db.session.execute(
        update(UserSession)
        .where(UserSession.id == session_id, UserSession.ended_at.is_(None))
        .values(ended_at=utcnow(), end_reason=reason),
        execution_options={"synchronize_session": False},
    )
    db.session.commit()


def end(token: str | None, reason: str) -> None:
    if token:
        db.session.execute(
            update(UserSession)
            .where(UserSession.token_hash == _hash(token), UserSession.ended_at.is_(None))
            .values(ended_at=utcnow(), end_reason=reason),
            execution_options={"synchronize_session": False},
        )
        db.session.commit()


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
