"""CSV sets in the Family Context shape for the tests: one good, one with planted mistakes."""

from __future__ import annotations

from pathlib import Path


def good_set(reference: str, child=("Amelia", "Brook", "2018-04-02")) -> dict[str, str]:
    first, last, born = child
    return {
        "people.csv": (
            "person_id,case_reference,first_name,last_name,date_of_birth,gender,address,relationship\n"
            f"P1,{reference},{first},{last},{born},Female,,self\n"
            f"P2,{reference},Jade,{last},1990-05-01,Female,1 Mill Lane,parent\n"
            f"P3,{reference},Noah,{last},2015-09-14,Male,,sibling\n"
            f"P4,{reference},Rose,{last},1961-01-01,Female,,grandparent\n"
        ),
        "service_summaries.csv": (
            "person_id,service,last_synchronised,coverage_start,coverage_end,data_source,"
            "records_available,coverage_explanation\n"
            "P2,police,2020-01-10,2010-01-01,2020-01-10,Force records,yes,"
            "Only records held since 2010\n"
            "P1,school,2026-11-30,2022-09-01,,School census,yes,\n"
        ),
        "police.csv": (
            "person_id,police_area,contact_name,contact_role,contact_email,contact_phone,"
            "involvement,offence_1_date,offence_1_type,offence_1_involvement,"
            "non_safeguarding_records\n"
            "P2,Northfield Police,DC Ravi Shah,Public protection officer,"
            "ravi.shah@police.example.org,01632 960111,past,2019-06-03,Domestic abuse,"
            "Victim,no\n"
        ),
        "school.csv": (
            "person_id,school_name,involvement,admission_type,contact_name,contact_role,"
            "contact_email,contact_phone,last_involved_on\n"
            "P1,Millbrook Primary School,current,Reception intake,Ms Lena Ortiz,"
            "Designated safeguarding lead,l.ortiz@millbrook.example.org,01632 960222,"
            "2026-11-28\n"
        ),
        "housing.csv": (
            "person_id,provider,contact_name,involvement,tenancy_start,antisocial_behaviour,"
            "rent_arrears,notice_seeking_possession,eviction\n"
            "P2,Northfield Homes,Tom Price,current,2021-03-01,no,yes,no,no\n"
        ),
        "adult_social_care.csv": (
            "person_id,organisation,involvement,contact_name,last_involvement_start,"
            "most_recent_interaction\n"
            "P4,Northfield Adult Services,current,Kay Bright,2025-02-01,2026-10-15\n"
        ),
        "health.csv": (
            "person_id,organisation,contact_name,contact_role,involvement,last_involved_on\n"
            "P1,Northfield Health Visiting,Ann Cole,School nurse,current,2026-09-01\n"
        ),
    }


def bad_set(reference: str) -> dict[str, str]:
    """Five planted mistakes, each on its own row, beside rows that are fine."""
    files = good_set(reference)
    files["people.csv"] += (
        f"P5,{reference},Kai,Brook,31/02/2019,,,sibling\n"  # row 6: no 31 February
        f"P6,{reference},Lee,Brook,2000-01-01,,,cousin\n"  # row 7: not a relationship
        "P7,CV-999999,Max,Brook,2001-01-01,,,other\n"  # row 8: no such case
    )
    files["school.csv"] += "P9,Oak School,current,,,,,,\n"  # row 3: nobody called P9
    files["health.csv"] += "P2,,Bo Hart,,past,\n"  # row 3: organisation empty
    return files


def write(folder: Path, files: dict[str, str]) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    for name, text in files.items():
        (folder / name).write_text(text)
    return folder
