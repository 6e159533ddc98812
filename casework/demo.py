"""Fictional demo data so a newcomer has something real to look at.

Every name here is invented. The demo password is printed, never used outside
development, and `convivial demo` refuses to run in production.
"""

from __future__ import annotations

from datetime import date, timedelta

from casework.accounts import service as accounts
from casework.cases import service as cases
from casework.library import service as library

DEMO_PASSWORD = "convivial-demo-2026"  # noqa: S105 - printed for the demo, by design

DEMO_USERS = [
    ("pat", "Pat Okafor", "practitioner", "Northfield children's social work team"),
    ("sam", "Sam Whitley", "practitioner", "Northfield children's social work team"),
    ("mo", "Mo Hassan", "team_manager", "Northfield children's social work team"),
    ("dee", "Dee Marsh", "designer", "Child protection working group"),
    ("ada", "Ada Lindqvist", "administrator", "Business support"),
    ("aud", "Aud Kerrigan", "auditor", "Quality assurance"),
]


DEMO_CASES = [
    # (first, last, date of birth, pathway, days since referral, worker, restricted)
    ("Amelia", "Brook", date(2018, 4, 2), "child_protection", 3, "pat", False),
    ("Jayden", "Okoro", date(2012, 9, 14), "child_protection", 20, "pat", False),
    ("Lily-Mae", "Carter", date(2021, 1, 30), "child_in_need", 30, "sam", False),
    ("Noah", "Fitzgerald", date(2015, 6, 8), "early_help", 10, "sam", False),
    ("Zara", "Hussain", date(2010, 11, 22), "children_in_care", 60, "pat", False),
    ("Oliver", "Grant", date(2016, 2, 17), "child_protection", 5, "pat", True),
]


def seed() -> list[tuple[str, str, str]]:
    """Create the demo accounts that do not exist yet; return (username, role, name) for all."""
    for username, name, role, team in DEMO_USERS:
        if accounts.find(username) is None:
            accounts.create_user(
                username, password=DEMO_PASSWORD, role=role, team=team, full_name=name
            )
    return [(username, role, name) for username, name, role, _ in DEMO_USERS]


def seed_cases(library_root: str) -> int:
    """Publish the shipped library and open the demo cases that do not exist yet."""
    library.sync(library_root)
    made = 0
    for first, last, born, pathway_id, days_ago, worker, restricted in DEMO_CASES:
        if cases.find(accounts.find(worker), f"{first} {last}"):
            continue
        cases.open_case(
            accounts.find(worker),
            pathway_id=pathway_id,
            child=cases.NewChild(first_name=first, last_name=last, date_of_birth=born),
            referral_received=date.today() - timedelta(days=days_ago),
            restricted=restricted,
        )
        made += 1
    return made
