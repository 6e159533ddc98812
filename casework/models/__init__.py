"""Database models. Only services (casework/*/service.py) use the session directly."""

from casework.models.accounts import ROLES, SignInAttempt, Team, User, UserSession
from casework.models.audit import AuditEvent

__all__ = ["ROLES", "AuditEvent", "SignInAttempt", "Team", "User", "UserSession"]
