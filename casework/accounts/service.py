"""The only door to users and teams in the database."""

from __future__ import annotations

from sqlalchemy import select

from casework import audit
from casework.accounts.passwords import policy_problem
from casework.auth import sessions
from casework.auth.service import hash_password
from casework.extensions import db
from casework.models import ROLES, Team, User


class AccountError(ValueError):
    """A request to create or change an account that cannot be carried out, and why."""


def get_or_create_team(name: str) -> Team:
    name = name.strip()
    if not name:
        raise AccountError("Enter a team name")
    team = db.session.scalar(select(Team).where(Team.name == name))
    if team is None:
        team = Team(name=name)
        db.session.add(team)
        db.session.flush()
    return team


def create_user(
    username: str,
    *,
    password: str,
    role: str,
    team: str,
    full_name: str | None = None,
    password_hash: str | None = None,
) -> User:
    username = username.strip().lower()
    if not username or not username.replace(".", "").replace("-", "").replace("_", "").isalnum():
        raise AccountError(
            f"Usernames use letters, numbers, dots, hyphens and underscores only, not {username!r}"
        )
    if role not in ROLES:
        raise AccountError(f"Unknown role {role!r}. Choose one of: {', '.join(ROLES)}")
    problem = policy_problem(password, username=username)
    if problem:
        raise AccountError(problem)
    if db.session.scalar(select(User).where(User.username == username)):
        raise AccountError(f"There is already a user called {username!r}")
    user = User(
        username=username,
        full_name=(full_name or username).strip(),
        role=role,
        team=get_or_create_team(team),
        password_hash=password_hash or hash_password(password),
    )
    return audit.created(
        user,
        "user_created",
        record_type="user",
        detail={"username": username, "role": role, "team": team},
    )


def find(username: str) -> User | None:
    return db.session.scalar(select(User).where(User.username == username.strip().lower()))


def get(user_id: int) -> User | None:
    return db.session.get(User, user_id)


def all_users() -> list[User]:
    return list(db.session.scalars(select(User).order_by(User.username)))


def set_parent_team(team: str, parent: str) -> None:
    """The manager of ``team`` reports to the manager of ``parent`` (both made if new)."""
    child, above = get_or_create_team(team), get_or_create_team(parent)
    if child.parent_team_id != above.id:
        child.parent_team_id = above.id
        db.session.commit()


def team_members(team_id: int) -> list[User]:
    return list(
        db.session.scalars(select(User).where(User.team_id == team_id).order_by(User.username))
    )


def set_active(user: User, active: bool) -> int:
    """Disable or re-enable an account; disabling ends every session it has at once."""
    user.active = active
    audit.record(
        "user_enabled" if active else "user_disabled",
        record_type="user",
        record_id=user.id,
        detail={"username": user.username},
        commit=False,
    )
    db.session.commit()
    return 0 if active else sessions.end_all_for(user, "account_disabled")
