"""Checking sign-in attempts: lockout per username, throttling per address.

Both are counted from the attempts table, so they hold across workers and restarts,
and an unknown username locks exactly like a real one (no way to learn who has an
account by watching which names lock).
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from datetime import timedelta

from flask import current_app, request
from sqlalchemy import func, select
from werkzeug.security import check_password_hash, generate_password_hash

from casework import audit
from casework.extensions import db
from casework.models import SignInAttempt, User
from casework.models.time import utcnow

# A hash to compare against when the username is unknown, so both paths take as long.
_UNKNOWN_USER_HASH = generate_password_hash("not-a-real-password-" + "x" * 16)


@dataclass(frozen=True)
class Outcome:
    user: User | None = None
    locked: bool = False
    throttled: bool = False
    retry_after_seconds: int = 0


def hash_password(password: str) -> str:
    return generate_password_hash(password, method=current_app.config["PASSWORD_HASH_METHOD"])


def _failures_since(column, value, seconds: int) -> int:
    since = utcnow() - timedelta(seconds=seconds)
    return db.session.scalar(
        select(func.count(SignInAttempt.id)).where(
            column == value, SignInAttempt.at >= since, SignInAttempt.succeeded.is_(False)
        )
    )


def _last_success_at(username: str):
    return db.session.scalar(
        select(func.max(SignInAttempt.at)).where(
            SignInAttempt.username == username, SignInAttempt.succeeded.is_(True)
        )
    )


def lock_remaining_seconds(username: str) -> int:
    """How long until this username may try again: 0 if it is not locked.

    A lock lasts until the oldest of the failures that caused it is older than
    SIGN_IN_LOCKOUT_SECONDS; attempts made while locked count as failures too, so the
    answer is worked out afresh each time rather than assumed to be the whole period.
    """
    config = current_app.config
    needed = config["SIGN_IN_LOCKOUT_FAILURES"]
    period = timedelta(seconds=config["SIGN_IN_LOCKOUT_SECONDS"])
    now = utcnow()
    since = now - period
    last_success = _last_success_at(username)
    if last_success and last_success > since:
        since = last_success  # a successful sign-in resets the count
    password_set_at = db.session.scalar(
        select(User.password_set_at).where(User.username == username)
    )
    if password_set_at and password_set_at > since:
        since = password_set_at  # so does a new password, such as a temporary one
    recent = list(
        db.session.scalars(
            select(SignInAttempt.at)
            .where(
                SignInAttempt.username == username,
                SignInAttempt.at > since,
                SignInAttempt.succeeded.is_(False),
            )
            .order_by(SignInAttempt.at.desc())
            .limit(needed)
        )
    )
    if len(recent) < needed:
        return 0
    remaining = (recent[-1] + period - now).total_seconds()
    return max(1, math.ceil(remaining))


def count_failed_attempt(username: str, ip_address: str) -> None:
    """A wrong password given anywhere counts towards the sign-in lockout (it is stored
    with the caller's next commit)."""
    db.session.add(SignInAttempt(username=username, ip_address=ip_address, succeeded=False))


def _is_locked(username: str) -> bool:
    return lock_remaining_seconds(username) > 0


def authenticate(username: str, password: str) -> Outcome:
    config = current_app.config
    username = username.strip().lower()
    ip = request.remote_addr or "unknown"
    if (
        _failures_since(SignInAttempt.ip_address, ip, config["SIGN_IN_THROTTLE_SECONDS"])
        >= config["SIGN_IN_THROTTLE_FAILURES"]
    ):
        audit.record("sign_in_throttled", username=username, detail={"ip": ip})
        return Outcome(throttled=True, retry_after_seconds=config["SIGN_IN_THROTTLE_SECONDS"])
    if _is_locked(username):
        db.session.add(SignInAttempt(username=username, ip_address=ip, succeeded=False))
        audit.record("sign_in_failed", username=username, detail={"reason": "locked"})
        return Outcome(locked=True, retry_after_seconds=lock_remaining_seconds(username))

    user = db.session.scalar(select(User).where(User.username == username))
    if user is None:
        check_password_hash(_UNKNOWN_USER_HASH, password)
        reason = "unknown_user"
    elif not check_password_hash(user.password_hash, password):
        reason = "wrong_password"
    elif not user.active:
        reason = "account_disabled"
    else:
        db.session.add(SignInAttempt(username=username, ip_address=ip, succeeded=True))
        audit.record("sign_in", user=user)
        return Outcome(user=user)
    db.session.add(SignInAttempt(username=username, ip_address=ip, succeeded=False))
    audit.record("sign_in_failed", username=username, detail={"reason": reason})
    # The attempt that starts a lock is told the whole wait, not "1 minute".
    wait = lock_remaining_seconds(username)
    return Outcome(locked=wait > 0, retry_after_seconds=wait)
