"""Fictional families that hang together: names, ages, genders, a home, a school, a GP.

Every family is drawn from a seed, so the same seed gives the same family: tests and
benchmarks are repeatable. Parents are 19 to 44 years older than their children,
siblings are born at least 15 months apart, a grandparent is a generation above the
parent whose parent they are. Phone numbers are in Ofcom's ranges kept for drama
(01632 960000-960999, 07700 900000-900999), so none of them rings a real person.
"""

from __future__ import annotations

import random
from dataclasses import dataclass, field
from datetime import date, timedelta

GIRLS = [
    "Amelia",
    "Lily-Mae",
    "Zara",
    "Maya",
    "Isla",
    "Poppy",
    "Ava",
    "Freya",
    "Sofia",
    "Ruby",
    "Esme",
    "Hana",
    "Orla",
    "Nia",
    "Aisha",
    "Mia",
    "Grace",
    "Evie",
]
BOYS = [
    "Jayden",
    "Noah",
    "Oliver",
    "Theo",
    "Reuben",
    "Kai",
    "Leo",
    "Elijah",
    "Harvey",
    "Yusuf",
    "Finley",
    "Alfie",
    "Tommy",
    "Jack",
    "Oscar",
    "Riley",
    "Mason",
    "Ezra",
]
WOMEN = [
    "Kerry",
    "Danielle",
    "Shannon",
    "Leanne",
    "Chantelle",
    "Jade",
    "Nadia",
    "Amira",
    "Gemma",
    "Stacey",
    "Laura",
    "Precious",
    "Marta",
    "Kayleigh",
]
MEN = [
    "Dean",
    "Craig",
    "Liam",
    "Ryan",
    "Jamal",
    "Tomasz",
    "Lee",
    "Wayne",
    "Kieran",
    "Darren",
    "Imran",
    "Curtis",
    "Scott",
    "Emeka",
]
GRANDMOTHERS = ["Pauline", "Irene", "Maureen", "Sandra", "Brenda", "Yvonne", "Carol"]
GRANDFATHERS = ["Keith", "Roy", "Derek", "Trevor", "Clive", "Barry"]
SURNAMES = [
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
    "Walsh",
    "Harding",
    "Bennett",
    "Rahman",
    "Foster",
    "Kelly",
    "Dunn",
]
STREETS = [
    "Canal Street",
    "Station Road",
    "Mill Lane",
    "Victoria Terrace",
    "Park View",
    "Orchard Close",
    "Chapel Street",
    "Ashfield Road",
    "Queens Crescent",
    "Brook Way",
    "Hawthorn Avenue",
    "Church Walk",
    "Foundry Lane",
    "Elm Grove",
]
TOWNS = [("Northfield", "NF"), ("Eastbrook", "EB"), ("Millbridge", "MB")]
PRIMARY = [
    "Northfield Primary School",
    "St Anne's Church of England Primary School",
    "Eastbrook Community Primary School",
    "Millbridge Junior School",
]
SECONDARY = ["Northfield Academy", "Eastbrook High School", "Millbridge School"]
NURSERIES = ["Little Acorns Nursery", "Rainbow Children's Centre nursery", "Sunflower Day Nursery"]
SURGERIES = ["Canal Street Surgery", "Eastbrook Medical Practice", "Millbridge Health Centre"]
PROFESSIONAL_NAMES = [
    ("Anita", "Shah"),
    ("Graham", "Wells"),
    ("Helen", "Cho"),
    ("Marcus", "Obi"),
    ("Rachel", "Dunmore"),
    ("Simon", "Pryce"),
    ("Bev", "Oduya"),
    ("Claire", "Henshaw"),
    ("Tariq", "Malik"),
    ("Joanne", "Fry"),
]
SCENARIOS = ("domestic_abuse", "neglect", "injury")


@dataclass(frozen=True)
class Member:
    """One person in a family (or a professional around it)."""

    key: str  # child, mother, father, sibling, grandparent, teacher, health, gp, police
    first_name: str
    last_name: str
    role: str  # as on a case: child, parent, sibling, grandparent, professional
    relationship: str  # in words, from the child's side: "Mother", "Class teacher"
    gender: str | None = None  # "female" or "male"
    date_of_birth: date | None = None
    phone: str | None = None
    lives_with_child: bool = True

    @property
    def full_name(self) -> str:
        return f"{self.first_name} {self.last_name}"

    def age_on(self, day: date) -> int | None:
        if self.date_of_birth is None:
            return None
        born = self.date_of_birth
        return day.year - born.year - ((day.month, day.day) < (born.month, born.day))


@dataclass(frozen=True)
class Family:
    """A child, the people around them, and where they live, learn and see a doctor."""

    seed: int
    scenario: str
    address: str
    school: str
    gp: str
    members: tuple[Member, ...] = field(default_factory=tuple)

    def get(self, key: str) -> Member | None:
        return next((m for m in self.members if m.key == key), None)

    @property
    def child(self) -> Member:
        return self.members[0]

    @property
    def mother(self) -> Member:
        return self.get("mother")

    @property
    def father(self) -> Member:
        return self.get("father")

    @property
    def relatives(self) -> tuple[Member, ...]:
        return tuple(m for m in self.members[1:] if m.role != "professional")

    @property
    def professionals(self) -> tuple[Member, ...]:
        return tuple(m for m in self.members if m.role == "professional")

    @property
    def he_she(self) -> str:
        return "she" if self.child.gender == "female" else "he"

    @property
    def his_her(self) -> str:
        return "her" if self.child.gender == "female" else "his"

    @property
    def him_her(self) -> str:
        return "her" if self.child.gender == "female" else "him"

    @property
    def sex_option(self) -> str:
        """The CIN census code for the child's sex."""
        return "f_female" if self.child.gender == "female" else "m_male"


def phone(rng: random.Random, mobile: bool = True) -> str:
    if mobile:
        return f"07700 900{rng.randrange(1000):03d}"
    return f"01632 960{rng.randrange(1000):03d}"


def make_family(seed: int, *, today: date | None = None) -> Family:
    """A fictional family, the same for the same seed (and day)."""
    rng = random.Random(seed)
    today = today or date(2026, 11, 23)
    surname = SURNAMES[seed % len(SURNAMES)]
    girl = rng.random() < 0.5
    child_age_days = rng.randrange(2 * 365, 15 * 365)
    child_born = today - timedelta(days=child_age_days)
    child = Member(
        "child",
        rng.choice(GIRLS if girl else BOYS),
        surname,
        "child",
        "Child",
        "female" if girl else "male",
        child_born,
    )
    mother_born = child_born - timedelta(days=rng.randrange(7000, 38 * 365))  # 19 years and more
    father_born = mother_born - timedelta(days=rng.randrange(-3 * 365, 6 * 365))
    father_born = min(father_born, child_born - timedelta(days=7000))
    father_apart = rng.random() < 0.5
    mother = Member(
        "mother", rng.choice(WOMEN), surname, "parent", "Mother", "female", mother_born, phone(rng)
    )
    father = Member(
        "father",
        rng.choice(MEN),
        surname if not father_apart else SURNAMES[(seed + 7) % len(SURNAMES)],
        "parent",
        "Father",
        "male",
        father_born,
        phone(rng),
        lives_with_child=not father_apart,
    )
    members = [child, mother, father]
    gap = rng.choice((-1, 1)) * rng.randrange(460, 5 * 365)
    sibling_born = child_born + timedelta(days=gap)
    if sibling_born > today - timedelta(days=120):
        sibling_born = child_born - timedelta(days=abs(gap))
    if (sibling_born - mother_born).days < 18 * 365:
        sibling_born = child_born + timedelta(days=500)
    brother = rng.random() < 0.5
    members.append(
        Member(
            "sibling",
            rng.choice(BOYS if brother else GIRLS),
            surname,
            "sibling",
            "Brother" if brother else "Sister",
            "male" if brother else "female",
            sibling_born,
        )
    )
    nan_born = mother_born - timedelta(days=rng.randrange(20 * 365, 32 * 365))
    members.append(
        Member(
            "grandparent",
            rng.choice(GRANDMOTHERS),
            surname,
            "grandparent",
            "Maternal grandmother",
            "female",
            nan_born,
            phone(rng),
            lives_with_child=False,
        )
    )
    age = child.age_on(today)
    school = (
        rng.choice(NURSERIES)
        if age < 4
        else rng.choice(PRIMARY)
        if age < 11
        else rng.choice(SECONDARY)
    )
    teacher_role = (
        "Nursery key worker" if age < 4 else "Class teacher" if age < 11 else "Head of year"
    )
    names = rng.sample(PROFESSIONAL_NAMES, 4)
    gp = rng.choice(SURGERIES)
    pros = [
        ("teacher", f"{teacher_role}, {school}"),
        ("health", "Health visitor" if age < 5 else "School nurse"),
        ("gp", f"GP, {gp}"),
        ("police", "Detective Constable, child abuse investigation team"),
    ]
    for (key, relationship), (first, last) in zip(pros, names, strict=True):
        members.append(
            Member(
                key,
                first,
                last,
                "professional",
                relationship,
                phone=phone(rng, mobile=key == "police"),
                lives_with_child=False,
            )
        )
    town, postcode = TOWNS[seed % len(TOWNS)]
    number = rng.randrange(2, 140)
    flat = f"Flat {rng.randrange(1, 9)}, " if rng.random() < 0.4 else ""
    address = (
        f"{flat}{number} {rng.choice(STREETS)}, {town}, "
        f"{postcode}{rng.randrange(1, 9)} {rng.randrange(1, 9)}{rng.choice('ABDEFGHJLNPQRSTUWXYZ')}"
        f"{rng.choice('ABDEFGHJLNPQRSTUWXYZ')}"
    )
    return Family(seed, SCENARIOS[seed % len(SCENARIOS)], address, school, gp, tuple(members))
