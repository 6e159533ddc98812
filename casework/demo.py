"""Fictional demo data so a newcomer has something real to look at.

Every name here is invented. The demo password is printed, never used outside
development, and `convivial demo` refuses to run in production.
"""

from __future__ import annotations

from casework.accounts import service as accounts

DEMO_PASSWORD = "convivial-demo-2026"  # noqa: S105 - printed for the demo, by design

DEMO_USERS = [
    ("pat", "Pat Okafor", "practitioner", "Northfield children's social work team"),
    ("sam", "Sam Whitley", "practitioner", "Northfield children's social work team"),
    ("mo", "Mo Hassan", "team_manager", "Northfield children's social work team"),
    ("dee", "Dee Marsh", "designer", "Child protection working group"),
    ("ada", "Ada Lindqvist", "administrator", "Business support"),
    ("aud", "Aud Kerrigan", "auditor", "Quality assurance"),
]


def seed() -> list[tuple[str, str, str]]:
    """Create the demo accounts that do not exist yet; return (username, role, name) for all."""
    for username, name, role, team in DEMO_USERS:
        if accounts.find(username) is None:
            accounts.create_user(
                username, password=DEMO_PASSWORD, role=role, team=team, full_name=name
            )
    return [(username, role, name) for username, name, role, _ in DEMO_USERS]
