"""Setting passwords: a person changing their own, an administrator giving a temporary one.

Every way a password is set (``convivial create-user``, the demo, these two) goes
through ``policy_problem``, so there is one policy and one set of messages.
"""

from __future__ import annotations

from flask import current_app, request
from werkzeug.security import check_password_hash

from casework import audit
from casework.auth import passwords, sessions
from casework.auth import service as auth_service
from casework.auth.routes import minutes
from casework.auth.service import hash_password
from casework.models import User
from casework.models.time import utcnow

LOCKED = "You have entered a wrong current password too many times. Wait {wait}, then try again."


class PasswordRefused(ValueError):
    """A password that cannot be set; ``field`` says which box the message belongs to."""

    def __init__(self, field: str, message: str) -> None:
        super().__init__(message)
        self.field = field
        self.message = message


def about_the_service(username: str | None = None) -> list[str | None]:
    """Words anyone would try against this service: its name, the council's, the username."""
    config = current_app.config
    return ["convivial", config.get("SERVICE_NAME"), config.get("COUNCIL_NAME"), username]


def policy_problem(password: str, *, username: str | None = None) -> str | None:
    return passwords.problem(password, about_the_service=about_the_service(username))


def change_password(user: User, *, current: str, new: str) -> int:
    """A person sets their own password; every session they have ends (the caller starts a
    fresh one for this browser). Returns how many sessions were ended."""
    # Wrong current passwords count towards the sign-in lockout, so a session left open
    # on a shared computer cannot be used to guess the password at leisure.
    wait = auth_service.lock_remaining_seconds(user.username)
    if wait:
        raise PasswordRefused("current_password", LOCKED.format(wait=minutes(wait)))
    if not check_password_hash(user.password_hash, current):
        auth_service.count_failed_attempt(user.username, request.remote_addr or "unknown")
        audit.record(
            "password_change_failed",
            user=user,
            record_type="user",
            record_id=user.id,
            detail={"reason": "wrong_current_password"},
        )
        raise PasswordRefused("current_password", "Enter your current password correctly")
    problem = policy_problem(new, username=user.username)
    if problem:
        raise PasswordRefused("new_password", problem)
    if check_password_hash(user.password_hash, new):
        raise PasswordRefused(
            "new_password", "Enter a new password that is different from your current one"
        )
    audit.record(
        "password_changed",
        user=user,
        record_type="user",
        record_id=user.id,
        detail={"was_temporary": user.must_change_password},
        commit=False,
    )
    user.password_hash = hash_password(new)
    user.password_set_at = utcnow()
    user.must_change_password = False
    # One commit for the new password, its audit entry and the ended sessions.
    return sessions.end_all_for(user, "password_changed")


def set_temporary_password(user: User, password: str | None = None) -> str:
    """An administrator gives someone a temporary password (typed, or made up here when
    ``password`` is None). Their sessions end and they must choose their own at next sign-in.
    Returns the password so it can be shown once."""
    chosen_by = "administrator" if password else "generated"
    if password is None:
        password = passwords.temporary(about_the_service(user.username))
    problem = policy_problem(password, username=user.username)
    if problem:
        raise PasswordRefused("password", problem)
    audit.record(
        "temporary_password_set",
        record_type="user",
        record_id=user.id,
        detail={"username": user.username, "chosen_by": chosen_by},
        commit=False,
    )
    user.password_hash = hash_password(password)
    user.password_set_at = utcnow()
    user.must_change_password = True
    # One commit for the password, its audit entry and the ended sessions.
    sessions.end_all_for(user, "temporary_password")
    return password
