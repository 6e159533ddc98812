"""Everything held about one person, gathered for a subject access request.

The person is found in every case where the same name and date of birth appear. Where
they are the child of the case, every record on it is theirs; where they are someone
else in a child's life, only the records that mention them are. Anything in those
records naming other people (family, network) is flagged for redaction review: the
bundle is a draft for an information governance officer, never sent as it stands.
"""

from __future__ import annotations

import re
from dataclasses import asdict, dataclass, field
from datetime import date, datetime

from sqlalchemy import func, select

from casework.auditing.words import words_for
from casework.cases.facts import facts
from casework.clock import uk_time
from casework.extensions import db
from casework.facts import service as case_facts
from casework.library import service as library
from casework.models import AuditEvent, AuditEventCase, Case, Person, Record, User
from casework.models.documents import IssuedDocument
from casework.models.family_context import ContextPerson


@dataclass
class Answer:
    question: str
    answer: str
    third_party: list[str] = field(default_factory=list)  # other people named


@dataclass
class RecordHeld:
    case_reference: str
    title: str
    status: str
    started: str
    submitted: str
    answers: list[Answer]

    @property
    def third_party(self) -> bool:
        return any(a.third_party for a in self.answers)


@dataclass
class CaseHeld:
    reference: str
    team: str
    opened_on: str
    closed_on: str
    their_role: str
    details: dict  # what the case holds about the person themselves
    other_people: list[dict]  # third party: everyone else on the case
    services: list[dict]


@dataclass
class Bundle:
    name: str
    date_of_birth: str
    made_on: str
    cases: list[CaseHeld] = field(default_factory=list)
    records: list[RecordHeld] = field(default_factory=list)
    documents: list[dict] = field(default_factory=list)
    facts: list[dict] = field(default_factory=list)
    fact_history: list[dict] = field(default_factory=list)
    family_context: list[dict] = field(default_factory=list)
    seen_by: list[dict] = field(default_factory=list)
    case_ids: list[int] = field(default_factory=list)

    def as_json(self) -> dict:
        data = asdict(self)
        data.pop("case_ids")
        for record, held in zip(data["records"], self.records, strict=True):
            record["third_party"] = held.third_party
        return data


def _day(value: date | datetime | None) -> str:
    return value.strftime("%-d %B %Y") if value else ""


def same_person(person: Person) -> list[Person]:
    """The person's rows in every case: same name and date of birth (or this row only)."""
    if person.date_of_birth is None:
        return [person]
    return list(
        db.session.scalars(
            select(Person)
            .where(
                func.lower(Person.first_name) == person.first_name.lower(),
                func.lower(Person.last_name) == person.last_name.lower(),
                Person.date_of_birth == person.date_of_birth,
            )
            .order_by(Person.case_id)
        )
    )


def _readable(value, field_def, people: dict[str, Person], fields: dict) -> str:
    if value is None or value == "" or value == [] or value == {}:
        return ""
    if isinstance(value, bool):
        return "Yes" if value else "No"
    if isinstance(value, list):
        return "; ".join(t for t in (_readable(v, field_def, people, fields) for v in value) if t)
    if isinstance(value, dict):
        parts = []
        for key, inner in value.items():
            # A repeating group's item: its answers are keyed by the nested fields' ids.
            inner_def = fields.get(key)
            text = _readable(inner, inner_def, people, fields)
            if text:
                label = inner_def.label if inner_def and inner_def.label else None
                parts.append(f"{label or key.replace('_', ' ').capitalize()}: {text}")
        return "; ".join(parts)
    text = str(value)
    if field_def is not None:
        if field_def.type == "person" and text in people:
            return people[text].full_name
        for option in field_def.options:
            if option.id == text:
                return option.label
    return text


def _names_in(text: str, others: list[Person]) -> list[str]:
    found = []
    for other in others:
        for name in (other.full_name, other.first_name):
            if len(name) >= 3 and re.search(rf"\b{re.escape(name)}\b", text, re.IGNORECASE):
                found.append(other.full_name)
                break
    return found


def _answers(record: Record, people: dict[str, Person], others: list[Person]) -> list[Answer]:
    form = library.form_model(record.form_version)
    fields = {f.id: f for f in form.all_fields()}
    held = []
    for field_id, value in (record.answers or {}).items():
        field_def = fields.get(field_id)
        text = _readable(value, field_def, people, fields)
        if not text:
            continue
        question = (field_def.label if field_def and field_def.label else None) or field_id.replace(
            "_", " "
        ).capitalize()
        held.append(Answer(question, text, _names_in(text, others)))
    return held


def _mentions(answers: list[Answer], person: Person) -> bool:
    pattern = rf"\b{re.escape(person.full_name)}\b"
    return any(re.search(pattern, a.answer, re.IGNORECASE) for a in answers)


def gather(person: Person, today: date) -> Bundle:
    rows = same_person(person)
    bundle = Bundle(person.full_name, _day(person.date_of_birth), _day(today))
    for row in rows:
        case = db.session.get(Case, row.case_id)
        people = {str(p.id): p for p in case.people}
        others = [p for p in case.people if p.id != row.id]
        mine = []
        for record in db.session.scalars(
            select(Record).where(Record.case_id == case.id).order_by(Record.id)
        ):
            answers = _answers(record, people, others)
            if not row.is_subject and not _mentions(answers, row):
                continue
            mine.append(record)
            bundle.records.append(
                RecordHeld(
                    case.reference,
                    library.form_model(record.form_version).title,
                    record.status.replace("_", " "),
                    _day(record.created_at),
                    _day(record.submitted_at),
                    answers,
                )
            )
        bundle.case_ids.append(case.id)
        bundle.cases.append(_case_held(case, row, others))
        if row.is_subject:
            bundle.facts.append({"case": case.reference, **facts(case)["child"]})
            bundle.fact_history += _fact_history(case)
        bundle.family_context += _family_context(row, case)
        bundle.documents += _documents(mine, case)
    bundle.seen_by = _seen_by(bundle.case_ids)
    return bundle


def _case_held(case: Case, row: Person, others: list[Person]) -> CaseHeld:
    return CaseHeld(
        reference=case.reference,
        team=case.team.name,
        opened_on=_day(case.opened_on),
        closed_on=_day(case.closed_on),
        their_role="The child" if row.is_subject else row.role_name,
        details={
            "Name": row.full_name,
            "Date of birth": _day(row.date_of_birth),
            "Address": row.address or "",
            "Phone": row.phone or "",
            "School": row.school or "",
        },
        other_people=[
            {
                "name": p.full_name,
                "relationship": p.role_name,
                "date_of_birth": _day(p.date_of_birth),
            }
            for p in others
        ],
        services=[
            {
                "service": i.service,
                "organisation": i.organisation or "",
                "lead_practitioner": i.lead_practitioner or "",
                "last_involved": _day(i.last_involved_on),
            }
            for i in case.involvements
        ],
    )


def _documents(records: list[Record], case: Case) -> list[dict]:
    if not records:
        return []
    issued = db.session.scalars(
        select(IssuedDocument)
        .where(IssuedDocument.record_id.in_([r.id for r in records]))
        .order_by(IssuedDocument.id)
    )
    return [
        {
            "case": case.reference,
            "title": doc.title,
            "for": "The family" if doc.audience == "family" else "Professionals",
            "sent_on": _day(doc.sent_on),
            "how": doc.method.replace("_", " "),
            "sha256": doc.sha256,
        }
        for doc in issued
    ]


def _seen_by(case_ids: list[int]) -> list[dict]:
    """Who looked at or changed these cases, from the audit log: people, never ids."""
    if not case_ids:
        return []
    rows = db.session.execute(
        select(AuditEvent, User, Case.reference)
        .join(AuditEventCase, AuditEventCase.event_id == AuditEvent.id)
        .join(Case, Case.id == AuditEventCase.case_id)
        .outerjoin(User, User.id == AuditEvent.user_id)
        .where(AuditEventCase.case_id.in_(case_ids), AuditEvent.username.is_not(None))
        .order_by(AuditEvent.id)
    )
    return [
        {
            "when": uk_time(event.at, "%-d %B %Y %H:%M"),
            "who": user.full_name if user else event.username,
            "role": user.role_name if user else "",
            "what": words_for(event.action),
            "case": reference,
        }
        for event, user, reference in rows
    ]


def _fact_history(case: Case) -> list[dict]:
    """Every value a form gave a case fact about the child, newest first per fact."""
    return [
        {
            "case": case.reference,
            "about": heading,
            "fact": label,
            "value": value.shown,
            "form": value.form_title,
            "when": uk_time(value.recorded_at, "%-d %B %Y"),
        }
        for heading, rows in case_facts.for_case_page(case)
        for label, values in rows
        for value in values
    ]


def _family_context(row: Person, case: Case) -> list[dict]:
    """What other services hold about this person, as imported (family context)."""
    people = db.session.scalars(
        select(ContextPerson).where(
            ContextPerson.person_id == row.id,
            ContextPerson.state.in_(("matched", "confirmed")),
        )
    )
    return [
        {
            "case": case.reference,
            "service": service.service_name or service.service,
            "organisation": service.organisation or "",
            "current": {True: "Current", False: "Past"}.get(service.current, ""),
            "contact": ", ".join(
                part for part in (service.contact_name, service.contact_role) if part
            ),
            "last_involved": _day(service.last_involved_on),
            "source": service.data_source or "",
        }
        for person in people
        for service in person.services
    ]
