"""The Family Context files this service reads, and each one's columns (docs/family-context.md)."""

from __future__ import annotations

from dataclasses import dataclass

MAX_FILE_BYTES = 2 * 1024 * 1024
MAX_FILES = 10
MAX_ROWS = 5000

RELATIONSHIPS = {
    "self": "The child",
    "sibling": "Sibling",
    "parent": "Parent",
    "child": "Child",
    "grandparent": "Grandparent",
    "other": "Other",
}
SERVICES = {
    "police": "Police",
    "school": "School",
    "adult_social_care": "Adult social care",
    "housing": "Housing",
    "health": "Health",
    "other": "Other service",
}
INVOLVEMENT = {"current": True, "past": False, "historic": False}
YES_NO = {"yes": True, "no": False, "y": True, "n": False, "true": True, "false": False}
CONTACT = ("contact_name", "contact_role", "contact_email", "contact_phone")
OFFENCES = tuple(
    f"offence_{n}_{part}" for n in (1, 2, 3) for part in ("date", "type", "involvement")
)


@dataclass(frozen=True)
class Column:
    name: str
    kind: str = "text"  # text, date, yes_no, or a choice among `choices`
    required: bool = False
    choices: tuple[str, ...] = ()
    longest: int = 160


def _cols(*specs) -> dict[str, Column]:
    return {c.name: c for c in (s if isinstance(s, Column) else Column(s) for s in specs)}


PERSON_ID = Column("person_id", required=True, longest=64)
CONTACT_COLUMNS = [Column(n, longest=254 if n == "contact_email" else 160) for n in CONTACT]
WHEN = Column("last_involved_on", "date")
CURRENT = Column("involvement", "choice", choices=tuple(INVOLVEMENT))

FILES: dict[str, dict[str, Column]] = {
    "people.csv": _cols(
        PERSON_ID,
        Column("case_reference", required=True, longest=32),
        Column("first_name", required=True, longest=80),
        Column("last_name", required=True, longest=80),
        Column("date_of_birth", "date"),
        Column("gender", longest=40),
        Column("address", longest=400),
        Column("relationship", "choice", required=True, choices=tuple(RELATIONSHIPS)),
    ),
    "service_summaries.csv": _cols(
        PERSON_ID,
        Column("service", "choice", required=True, choices=tuple(SERVICES)),
        Column("last_synchronised", "date", required=True),
        Column("coverage_start", "date"),
        Column("coverage_end", "date"),
        Column("data_source"),
        Column("records_available", "yes_no"),
        Column("coverage_explanation", longest=1000),
    ),
    "police.csv": _cols(
        PERSON_ID,
        Column("police_area", required=True),
        *CONTACT_COLUMNS,
        CURRENT,
        WHEN,
        *(Column(n, "date" if n.endswith("_date") else "text") for n in OFFENCES),
        Column("non_safeguarding_records", "yes_no"),
    ),
    "school.csv": _cols(
        PERSON_ID,
        Column("school_name", required=True),
        Column("involvement", "choice", required=True, choices=tuple(INVOLVEMENT)),
        Column("admission_type"),
        *CONTACT_COLUMNS,
        WHEN,
    ),
    "adult_social_care.csv": _cols(
        PERSON_ID,
        Column("organisation", required=True),
        Column("involvement", "choice", required=True, choices=tuple(INVOLVEMENT)),
        *CONTACT_COLUMNS,
        Column("last_involvement_start", "date"),
        Column("most_recent_interaction", "date"),
    ),
    "housing.csv": _cols(
        PERSON_ID,
        Column("provider", required=True),
        *CONTACT_COLUMNS,
        CURRENT,
        WHEN,
        Column("tenancy_start", "date"),
        *(
            Column(n, "yes_no")
            for n in ("antisocial_behaviour", "rent_arrears", "notice_seeking_possession")
        ),
        Column("eviction", "yes_no"),
    ),
    "health.csv": _cols(
        PERSON_ID, Column("organisation", required=True), *CONTACT_COLUMNS, CURRENT, WHEN
    ),
    "other_services.csv": _cols(
        PERSON_ID,
        Column("service_name", required=True, longest=80),
        Column("organisation", required=True),
        *CONTACT_COLUMNS,
        CURRENT,
        WHEN,
    ),
}
SERVICE_OF_FILE = {
    "police.csv": "police",
    "school.csv": "school",
    "adult_social_care.csv": "adult_social_care",
    "housing.csv": "housing",
    "health.csv": "health",
    "other_services.csv": "other",
}
