"""Fictional demo data so a newcomer has something real to look at.

Every name here is invented. The demo password is printed, never used outside
development, and `convivial demo` refuses to run in production.
"""

from __future__ import annotations

from datetime import date, timedelta

from casework.accounts import service as accounts
from casework.cases import service as cases
from casework.library import service as library
from renderer.samples import Family, make_family

# Passes the password policy like any other (the service's own name would not).
DEMO_PASSWORD = "kettle-orchard-demo"  # noqa: S105 - printed for the demo, by design

DEMO_USERS = [
    ("pat", "Pat Okafor", "practitioner", "Northfield children's social work team"),
    ("sam", "Sam Whitley", "practitioner", "Northfield children's social work team"),
    ("mo", "Mo Hassan", "team_manager", "Northfield children's social work team"),
    ("dee", "Dee Marsh", "designer", "Child protection working group"),
    ("ada", "Ada Lindqvist", "administrator", "Business support"),
    ("aud", "Aud Kerrigan", "auditor", "Quality assurance"),
    # A manager's manager: Northfield's manager reports to her (SERVICE_TEAMS).
    ("val", "Val Kaur", "team_manager", "Children's services north"),
]
# Team -> the team its manager reports to.
SERVICE_TEAMS = {"Northfield children's social work team": "Children's services north"}


PATHWAY_WORKERS = {
    "child_protection": "pat",
    "child_in_need": "sam",
    "early_help": "sam",
    "children_in_care": "pat",
}
# By the number of stages done: how many days before today the case was referred,
# beyond a week per stage, and how long ago its last stage was completed (so its open
# stage started then). Varied so that every practitioner's open work is overdue (a
# referral decision left for 5 days), due soon and due later.
EXTRA_DAYS = (5, 1, 9, 3, 12, 0, 7, 2, 10, 4, 13, 6)
LAGS = (0, 3, 10, 8, 2, 12, 5, 1, 9, 4, 11, 6)


def seed() -> list[tuple[str, str, str]]:
    """Create the demo accounts that do not exist yet; return (username, role, name) for all."""
    from casework.auth.service import hash_password

    shared_hash = None  # one slow hash for everyone: they share the demo password
    for username, name, role, team in DEMO_USERS:
        if accounts.find(username) is None:
            shared_hash = shared_hash or hash_password(DEMO_PASSWORD)
            accounts.create_user(
                username,
                password=DEMO_PASSWORD,
                role=role,
                team=team,
                full_name=name,
                password_hash=shared_hash,
            )
    for team, parent in SERVICE_TEAMS.items():
        accounts.set_parent_team(team, parent)
    return [(username, role, name) for username, name, role, _ in DEMO_USERS]


def seed_cases(library_root: str) -> int:
    """Publish the shipped library and open demo cases at every stage of every pathway."""
    from casework.demo_walk import add_notes, advance

    library.sync(library_root)
    manager = accounts.find("mo")
    n = 0
    made = 0
    today = date.today()
    for version in library.latest_pathways():
        pathway = library.pathway_model(version)
        worker = accounts.find(PATHWAY_WORKERS.get(pathway.id, "pat"))
        for steps in range(len(pathway.stages)):
            family = make_family(n, today=today)
            referred = today - timedelta(days=7 * steps + EXTRA_DAYS[steps % len(EXTRA_DAYS)])
            n += 1
            if cases.find(worker, family.child.full_name):
                continue
            restricted = pathway.id == "child_protection" and steps == 2
            case = open_family_case(worker, pathway.id, family, referred, restricted=restricted)
            advance(case, worker, manager, steps, family, lag=LAGS[steps % len(LAGS)])
            add_notes(case, worker, family, steps)
            made += 1
    return made


def open_family_case(
    worker, pathway_id: str, family: Family, referred: date, *, restricted: bool = False
):
    """A case for the family's child, with everyone in the family and around it."""
    child = family.child
    case = cases.open_case(
        worker,
        pathway_id=pathway_id,
        child=cases.NewChild(
            first_name=child.first_name,
            last_name=child.last_name,
            date_of_birth=child.date_of_birth,
            gender=child.gender.capitalize(),
            address=family.address,
            school=family.school,
        ),
        referral_received=referred,
        restricted=restricted,
    )
    cases.add_people(
        case,
        [
            {
                "first_name": member.first_name,
                "last_name": member.last_name,
                "role": member.role,
                "relationship_detail": member.relationship,
                "gender": member.gender.capitalize() if member.gender else None,
                "date_of_birth": member.date_of_birth,
                "phone": member.phone,
                "address": family.address if member.lives_with_child else None,
                "school": family.school if member.key == "sibling" else None,
            }
            for member in family.members[1:]
        ],
    )
    return case
