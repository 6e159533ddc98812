"""Fictional demo data so a newcomer has something real to look at.

Every name here is invented. The demo password is printed, never used outside
development, and `convivial demo` refuses to run in production.
"""

from __future__ import annotations

from datetime import date, timedelta

from casework.accounts import service as accounts
from casework.cases import service as cases
from casework.library import service as library

# Passes the password policy like any other (the service's own name would not).
DEMO_PASSWORD = "kettle-orchard-demo"  # noqa: S105 - printed for the demo, by design

DEMO_USERS = [
    ("pat", "Pat Okafor", "practitioner", "Northfield children's social work team"),
    ("sam", "Sam Whitley", "practitioner", "Northfield children's social work team"),
    ("mo", "Mo Hassan", "team_manager", "Northfield children's social work team"),
    ("dee", "Dee Marsh", "designer", "Child protection working group"),
    ("ada", "Ada Lindqvist", "administrator", "Business support"),
    ("aud", "Aud Kerrigan", "auditor", "Quality assurance"),
]


# Fictional children. Each pathway gets one case per stage, each advanced one stage
# further than the last, so every screen has something real to show.
FIRST_NAMES = [
    "Amelia",
    "Jayden",
    "Lily-Mae",
    "Noah",
    "Zara",
    "Oliver",
    "Maya",
    "Theo",
    "Isla",
    "Reuben",
    "Poppy",
    "Kai",
    "Ava",
    "Leo",
    "Freya",
    "Elijah",
    "Sofia",
    "Harvey",
    "Ruby",
    "Yusuf",
    "Esme",
    "Finley",
    "Hana",
    "Alfie",
    "Orla",
    "Tommy",
    "Nia",
    "Jack",
    "Aisha",
    "Oscar",
]
LAST_NAMES = [
    "Brook",
    "Okoro",
    "Carter",
    "Fitzgerald",
    "Hussain",
    "Grant",
    "Kowalski",
    "Adebayo",
    "McKenzie",
    "Shah",
    "Evans",
    "Nwosu",
    "Patel",
    "Byrne",
    "Lewis",
    "Osei",
    "Novak",
    "Reid",
    "Ahmed",
    "Doyle",
    "Quinn",
    "Mensah",
    "Price",
]


def demo_child(n: int) -> tuple[str, str, date]:
    born = date(2010, 1, 1) + timedelta(days=(n * 397) % (12 * 365))
    return FIRST_NAMES[n % len(FIRST_NAMES)], LAST_NAMES[(n * 7) % len(LAST_NAMES)], born


PATHWAY_WORKERS = {
    "child_protection": "pat",
    "child_in_need": "sam",
    "early_help": "sam",
    "children_in_care": "pat",
}
PARENTS = [
    ("Kerry", "parent", "Mother"),
    ("Dean", "parent", "Father"),
    ("Pauline", "grandparent", "Maternal grandmother"),
]


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
    return [(username, role, name) for username, name, role, _ in DEMO_USERS]


def seed_cases(library_root: str) -> int:
    """Publish the shipped library and open demo cases at every stage of every pathway."""
    from casework.demo_walk import advance

    library.sync(library_root)
    manager = accounts.find("mo")
    n = 0
    made = 0
    for version in library.latest_pathways():
        pathway = library.pathway_model(version)
        worker = accounts.find(PATHWAY_WORKERS.get(pathway.id, "pat"))
        for steps in range(len(pathway.stages)):
            first, surname, born = demo_child(n)
            n += 1
            if cases.find(worker, f"{first} {surname}"):
                continue
            case = cases.open_case(
                worker,
                pathway_id=pathway.id,
                child=cases.NewChild(first_name=first, last_name=surname, date_of_birth=born),
                referral_received=date.today() - timedelta(days=7 * steps + 2),
                restricted=(pathway.id == "child_protection" and steps == 2),
            )
            for given, role, relationship in PARENTS:
                cases.add_person(
                    case,
                    first_name=given,
                    last_name=surname,
                    role=role,
                    relationship_detail=relationship,
                )
            advance(case, worker, manager, steps)
            made += 1
    return made
