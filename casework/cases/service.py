"""The only door to cases, people and involvements in the database."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date

from sqlalchemy import bindparam, func, inspect, or_, select
from sqlalchemy.orm import joinedload, selectinload

from casework import audit, events
from casework.cases.access import manages, visible_to
from casework.cases.facts import facts  # noqa: F401 - part of this service's API
from casework.extensions import db
from casework.library import service as library
from casework.models import Case, CaseAccess, CaseEvent, Involvement, Person, User
from casework.models.cases import person_name


class CaseNotFound(LookupError):
    """No such case, or not one this person may see (the two are not told apart)."""


@dataclass(frozen=True)
class NewChild:
    first_name: str
    last_name: str
    date_of_birth: date | None
    gender: str | None = None
    address: str | None = None
    school: str | None = None


def find(user: User, query: str = "", limit: int = 50) -> list[Case]:
    """Cases this person may see, matching a name, a case reference or a date of birth."""
    statement = (
        select(Case)
        .join(Person, (Person.case_id == Case.id) & Person.is_subject.is_(True))
        .where(visible_to(user))
        .order_by(Case.opened_on.desc(), Case.id.desc())
        .limit(limit)
        .options(selectinload(Case.people), joinedload(Case.pathway_version))
    )
    query = query.strip()
    if query:
        when = _parse_date(query)
        if when:
            statement = statement.where(Person.date_of_birth == when)
        elif match := re.fullmatch(r"(?i)cv-?(\d+)", query):
            statement = statement.where(Case.reference == f"CV-{int(match.group(1)):06d}")
        else:
            like = f"%{query.lower()}%"
            full_name = func.lower(Person.first_name + " " + Person.last_name)
            statement = statement.where(
                or_(full_name.like(like), func.lower(Person.last_name).like(like))
            )
    return list(db.session.scalars(statement))


def record_list_seen(cases: list[Case], query: str = "") -> None:
    """A list of children's names is a view of each of them: one entry naming every case."""
    audit.record(
        "cases_searched" if query.strip() else "cases_listed",
        detail={"query": query.strip()} if query.strip() else {},
        case_ids=[case.id for case in cases],
    )


def _parse_date(text: str) -> date | None:
    for pattern in (r"(\d{4})-(\d{1,2})-(\d{1,2})", r"(\d{1,2})/(\d{1,2})/(\d{4})"):
        match = re.fullmatch(pattern, text)
        if match:
            parts = [int(p) for p in match.groups()]
            year, month, day = parts if pattern.startswith("(\\d{4})") else parts[::-1]
            try:
                return date(year, month, day)
            except ValueError:
                return None
    return None


def may_see(user: User, case: Case) -> bool:
    """Whether ``user`` may see ``case``: the same rule as every list (``visible_to``)."""
    return bool(db.session.scalar(select(Case.id).where(Case.id == case.id, visible_to(user))))


def get(user: User, case_id: int, *, purpose: str = "case_viewed") -> Case:
    case = db.session.get(Case, case_id)
    if case is None or not may_see(user, case):
        audit.record(
            "case_access_refused" if case else "case_not_found",
            record_type="case",
            record_id=case_id,
        )
        raise CaseNotFound(case_id)
    if purpose:
        audit.record(purpose, record_type="case", record_id=case.id)
    return case


def open_case(
    user: User,
    *,
    pathway_id: str,
    child: NewChild,
    referral_received: date,
    restricted: bool = False,
    named_user_ids: tuple[int, ...] = (),
) -> Case:
    version = library.latest_pathway_version(pathway_id)
    if version is None:
        raise ValueError(f"No published pathway called {pathway_id!r}")
    case = Case(
        reference="pending",
        pathway_version=version,
        team_id=user.team_id,
        lead_worker_id=user.id if user.role == "practitioner" else None,
        opened_on=referral_received,
        restricted=restricted,
    )
    db.session.add(case)
    db.session.flush()
    case.reference = f"CV-{case.id:06d}"
    db.session.add(
        Person(
            case=case,
            is_subject=True,
            role="child",
            first_name=child.first_name.strip(),
            last_name=child.last_name.strip(),
            date_of_birth=child.date_of_birth,
            gender=child.gender,
            address=child.address,
            school=child.school,
        )
    )
    if restricted:
        for user_id in {user.id, *named_user_ids}:
            db.session.add(CaseAccess(case_id=case.id, user_id=user_id))
    db.session.add(
        CaseEvent(
            case_id=case.id,
            happened_on=referral_received,
            kind="referral",
            anchor="event:referral_received",
            title="Referral received",
            user_id=user.id,
        )
    )
    db.session.flush()
    events.case_opened.send(case, on=referral_received)  # the pathway starts its stages
    audit.record("case_opened", record_type="case", record_id=case.id, commit=False)
    db.session.commit()
    return case


def add_person(case: Case, **details) -> Person:
    return add_people(case, [details])[0]


def add_people(case: Case, people: list[dict]) -> list[Person]:
    """Add people to a case in one transaction (a family at once), each audited."""
    added = []
    for details in people:
        person = Person(case_id=case.id, is_subject=False, **details)
        db.session.add(person)
        db.session.flush()
        audit.record(
            "person_added",
            record_type="case",
            record_id=case.id,
            detail={"person_id": person.id, "role": person.role},
            commit=False,
        )
        added.append(person)
    db.session.commit()
    return added


def add_involvement(case: Case, **details) -> Involvement:
    involvement = Involvement(case_id=case.id, **details)
    db.session.add(involvement)
    audit.record(
        "involvement_added",
        record_type="case",
        record_id=case.id,
        detail={"service": involvement.service},
        commit=False,
    )
    db.session.commit()
    return involvement


def timeline(case: Case) -> list[CaseEvent]:
    return list(
        db.session.scalars(
            select(CaseEvent)
            .where(CaseEvent.case_id == case.id)
            .order_by(CaseEvent.happened_on.desc(), CaseEvent.id.desc())
        )
    )


def child_name(case: Case) -> str:
    """The child's name as ``case.child.full_name`` gives it ("" when there is none), for a
    page header: without loading everyone on the case, by a statement built once."""
    known = case.__dict__.get(_KNOWN_CHILD_NAME)
    if known is not None:
        return known
    if "people" not in inspect(case).unloaded:
        return case.child.full_name if case.child else ""
    # On the session's connection: two columns need none of the ORM's execution path
    # (a quarter of a millisecond a page). The flush is the ORM's autoflush, kept.
    db.session.flush()
    row = db.session.connection().execute(_CHILD_NAME, {"id": case.id}).first()
    return person_name(row.first_name, row.last_name) if row else ""


def note_child_name(case: Case, first_name: str | None, last_name: str | None) -> None:
    """Keep the child's name read beside the case (``CHILD_NAME_COLUMNS``) for
    ``child_name``, for as long as this session holds the case."""
    name = person_name(first_name, last_name or "") if first_name is not None else ""
    case.__dict__[_KNOWN_CHILD_NAME] = name


_KNOWN_CHILD_NAME = "_convivial_child_name"  # not a mapped attribute: the ORM ignores it

_CHILD_NAME = (
    select(Person.first_name, Person.last_name)
    .where(Person.case_id == bindparam("id"), Person.is_subject.is_(True))
    .order_by(Person.id)
    .limit(1)
)


def _child_column(column):
    return (
        select(column)
        .where(Person.case_id == Case.id, Person.is_subject.is_(True))
        .order_by(Person.id)
        .limit(1)
        .correlate(Case)
        .scalar_subquery()
    )


# For a statement that already reads the case: its child's names, two correlated
# subqueries on the people's case index (SQLite has no LATERAL join).
CHILD_NAME_COLUMNS = (_child_column(Person.first_name), _child_column(Person.last_name))


def people_choices(case: Case) -> list[tuple[str, str]]:
    return [(str(p.id), f"{p.full_name} ({p.role_name})") for p in case.people]


def lead_choices(case: Case) -> list[User]:
    """Who may lead the case: the active practitioners of its team."""
    return list(
        db.session.scalars(
            select(User)
            .where(
                User.team_id == case.team_id,
                User.role == "practitioner",
                User.active.is_(True),
            )
            .order_by(User.full_name)
        )
    )


class ReassignRefused(ValueError):
    pass


def reassign(manager: User, case: Case, worker: User) -> None:
    """Give a case to another worker in the team; their open tasks go with it."""
    if not manages(manager, case):
        raise ReassignRefused("Only a manager of the case's team can give it to someone else")
    if worker.team_id != case.team_id or worker.role != "practitioner" or not worker.active:
        raise ReassignRefused("A case can only go to a practitioner in its team")
    before = case.lead_worker.full_name if case.lead_worker else None
    case.lead_worker_id = worker.id
    db.session.flush()
    events.lead_changed.send(case, worker_id=worker.id)
    audit.record(
        "case_reassigned",
        record_type="case",
        record_id=case.id,
        detail={"from": before, "to": worker.full_name},
        commit=False,
    )
    db.session.commit()
