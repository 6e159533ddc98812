"""The only door to family context in the database: preview, import, review, show.

An import is one transaction: every file and row is checked first, and if anything is
wrong nothing is written. People are matched by the rule in matching.py.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from sqlalchemy import select
from sqlalchemy.orm import selectinload

from casework import audit
from casework.extensions import db
from casework.family_context import files as context_files
from casework.family_context.building import service_rows
from casework.family_context.matching import Candidate, Match, match
from casework.models import Case, ContextPerson, FamilyContextUpload, Person, User
from casework.models.time import utcnow

ROLE_OF_RELATIONSHIP = {
    "self": "child",
    "sibling": "sibling",
    "parent": "parent",
    "grandparent": "grandparent",
    "child": "relative",
    "other": "other",
}


class UploadNotFound(LookupError):
    pass


@dataclass
class Planned:
    row: dict
    case: Case
    match: Match
    candidate: Person | None
    services: int


@dataclass
class Preview:
    problems: list[context_files.Problem] = field(default_factory=list)
    people: list[Planned] = field(default_factory=list)
    parsed: context_files.Parsed | None = None

    @property
    def matched(self) -> list[Planned]:
        return [p for p in self.people if p.match.state == "matched"]

    @property
    def held(self) -> list[Planned]:
        return [p for p in self.people if p.match.state == "held"]

    @property
    def case_ids(self) -> list[int]:
        return sorted({p.case.id for p in self.people})


def preview(files: dict[str, bytes]) -> Preview:
    """Check the files against the cases; write nothing."""
    parsed = context_files.read(files, today=utcnow().date())
    result = Preview(problems=list(parsed.problems), parsed=parsed)
    references = {p["case_reference"].strip().upper() for p in parsed.people if p["case_reference"]}
    cases = {
        c.reference: c
        for c in db.session.scalars(
            select(Case).where(Case.reference.in_(references)).options(selectinload(Case.people))
        )
    }
    services_of: dict[str, int] = {}
    for row in parsed.services:
        services_of[row["person_id"]] = services_of.get(row["person_id"], 0) + 1
    for row in parsed.people:
        if not row["case_reference"]:
            continue
        case = cases.get(row["case_reference"].strip().upper())
        if case is None:
            result.problems.append(
                context_files.Problem(
                    "people.csv",
                    row["row"],
                    "case_reference",
                    f"There is no case {row['case_reference']}.",
                    "Either correct the case reference (like CV-000012) or remove the row.",
                )
            )
            continue
        found = match(
            row["first_name"] or "",
            row["last_name"] or "",
            row["date_of_birth"],
            [Candidate(p.id, p.first_name, p.last_name, p.date_of_birth) for p in case.people],
        )
        candidate = next((p for p in case.people if p.id == found.candidate_id), None)
        result.people.append(
            Planned(row, case, found, candidate, services_of.get(row["person_id"], 0))
        )
    result.problems.sort(key=lambda p: (p.file, p.row or 0))
    return result


def keep_upload(files: dict[str, bytes], user: User, checked: Preview) -> FamilyContextUpload:
    """Keep files that passed their check, so the import reads exactly what was previewed."""
    upload = FamilyContextUpload(
        user_id=user.id,
        state="previewed",
        files={name: body.decode("utf-8-sig") for name, body in files.items()},
    )
    return audit.created(
        upload,
        "family_context_previewed",
        record_type="family_context_upload",
        detail={"people": len(checked.people), "held": len(checked.held)},
        case_ids=checked.case_ids,
    )


def record_refused(checked: Preview, *, user: User | None = None, username: str | None = None):
    audit.record(
        "family_context_refused",
        user=user,
        username=username,
        detail={"problems": len(checked.problems)},
    )


def upload_files(upload_id: int, user: User) -> dict[str, bytes]:
    upload = db.session.get(FamilyContextUpload, upload_id)
    if upload is None or upload.user_id != user.id or upload.state != "previewed":
        raise UploadNotFound(upload_id)
    return {name: text.encode("utf-8") for name, text in upload.files.items()}


def import_files(
    files: dict[str, bytes],
    *,
    user: User | None = None,
    username: str | None = None,
    upload_id: int | None = None,
) -> Preview:
    """Check again and write everything in one transaction, or nothing if anything is wrong."""
    checked = preview(files)
    if checked.problems:
        return checked
    try:
        upload = db.session.get(FamilyContextUpload, upload_id) if upload_id else None
        if upload is None:
            upload = FamilyContextUpload(user_id=user.id if user else None, files={})
            db.session.add(upload)
        upload.state, upload.imported_at = "imported", utcnow()
        db.session.flush()
        rows = service_rows(checked.parsed)
        for planned in checked.people:
            _replace(planned, upload.id, rows.get(planned.row["person_id"], []))
        audit.record(
            "family_context_imported",
            user=user,
            username=username,
            record_type="family_context_upload",
            record_id=upload.id,
            detail={"people": len(checked.people), "held": len(checked.held)},
            case_ids=checked.case_ids,
            commit=False,
        )
        db.session.commit()
    except Exception:
        db.session.rollback()
        raise
    return checked


def _replace(planned: Planned, upload_id: int, services: list) -> None:
    """Newer data for someone replaces the older; a decision already made stands."""
    old = list(
        db.session.scalars(
            select(ContextPerson).where(
                ContextPerson.case_id == planned.case.id,
                ContextPerson.external_id == planned.row["person_id"],
            )
        )
    )
    state, person_id = planned.match.state, planned.match.candidate_id
    decided = next((o for o in old if o.state in ("confirmed", "rejected")), None)
    if state == "held" and decided and decided.person_id == person_id:
        state = decided.state
    for o in old:
        db.session.delete(o)
    row = planned.row
    db.session.add(
        ContextPerson(
            upload_id=upload_id,
            case_id=planned.case.id,
            external_id=row["person_id"],
            person_id=person_id,
            state=state,
            match_reason=planned.match.reason,
            relationship_to_child=row["relationship"],
            first_name=row["first_name"],
            last_name=row["last_name"],
            date_of_birth=row["date_of_birth"],
            gender=row["gender"],
            address=row["address"],
            decided_by_id=decided.decided_by_id if decided and state == decided.state else None,
            decided_at=decided.decided_at if decided and state == decided.state else None,
            services=services,
        )
    )


def for_case(case: Case) -> list[ContextPerson]:
    """What other services hold about the people on this case; looking is audited."""
    people = list(
        db.session.scalars(
            select(ContextPerson)
            .where(
                ContextPerson.case_id == case.id,
                ContextPerson.state.in_(("matched", "confirmed")),
            )
            .order_by(ContextPerson.id)
            .options(selectinload(ContextPerson.services))
        )
    )
    if people:
        audit.record(
            "family_context_viewed",
            record_type="case",
            record_id=case.id,
            detail={"people": len(people)},
        )
    return people


def held() -> list[ContextPerson]:
    """People waiting for an administrator; looking names their cases in the audit log."""
    waiting = list(
        db.session.scalars(
            select(ContextPerson)
            .where(ContextPerson.state == "held")
            .order_by(ContextPerson.case_id, ContextPerson.id)
            .options(selectinload(ContextPerson.services))
        )
    )
    audit.record(
        "family_context_review_viewed",
        detail={"held": len(waiting)},
        case_ids=[w.case_id for w in waiting],
    )
    return waiting


def decide(context_person_id: int, *, confirm: bool, user: User) -> ContextPerson | None:
    found = db.session.get(ContextPerson, context_person_id)
    if found is None or found.state != "held":
        return None
    if confirm and found.person_id is None:
        person = Person(
            case_id=found.case_id,
            is_subject=False,
            role=ROLE_OF_RELATIONSHIP.get(found.relationship_to_child, "other"),
            relationship_detail="Child" if found.relationship_to_child == "child" else None,
            first_name=found.first_name,
            last_name=found.last_name,
            date_of_birth=found.date_of_birth,
            address=found.address,
        )
        db.session.add(person)
        db.session.flush()
        found.person_id = person.id
    found.state = "confirmed" if confirm else "rejected"
    found.decided_by_id, found.decided_at = user.id, utcnow()
    audit.record(
        "family_context_match_confirmed" if confirm else "family_context_match_rejected",
        record_type="case",
        record_id=found.case_id,
        detail={"context_person": found.id, "person_id": found.person_id},
        commit=False,
    )
    db.session.commit()
    return found
