"""Checking sign-in attempts: lockout per username, throttling per address.

Both are counted from the attempts table, so they hold across workers and restarts,
and an unknown username locks exactly like a real one (no way to learn who has an
account by watching which names lock).
"""

from __future__ import annotations

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

MINIMUM_PASSWORD_LENGTH = 12


@dataclass(frozen=True)
class Outcome:
    user: User | None = None
    locked: bool = False
    throttled: bool = False
    retry_after_seconds: int = 0


def hash_password(password: str) -> str:
    return generate_password_hash(password, method=current_app.config["PASSWORD_HASH_METHOD"])


def password_problem(password: str) -> str | None:
    if len(password) < MINIMUM_PASSWORD_LENGTH:
        return f"Password must be at least {MINIMUM_PASSWORD_LENGTH} characters long"
    return None


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


def _is_locked(username: str) -> bool:
    config = current_app.config
    since = utcnow() - timedelta(seconds=config["SIGN_IN_LOCKOUT_SECONDS"])
    last_success = _last_success_at(username)
    if last_success and last_success > since:
        since = last_success  # a successful sign-in resets the count
    failures = db.session.scalar(
        select(func.count(SignInAttempt.id)).where(
            SignInAttempt.username == username,
            SignInAttempt.at > since,
            SignInAttempt.succeeded.is_(False),
        )
    )
    return failures >= config["SIGN_IN_LOCKOUT_FAILURES"]


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
        return Outcome(locked=True, retry_after_seconds=config["SIGN_IN_LOCKOUT_SECONDS"])

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
    return Outcome(locked=_is_locked(username))
