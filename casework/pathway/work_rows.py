"""What a page of work-list rows shows, read as columns, not as whole objects.

A row shows its case's reference, child and lead worker, its stage (and the stage's
newest form), loose form or task, and the task's owner. Loading each row's case, people,
lead worker and pathway version as ORM objects cost more Python than the rest of the
page; these queries read only the columns shown (one query per kind of row, one for the
cases), into small frozen records the templates read the same way.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from sqlalchemy import func, select
from sqlalchemy.orm import aliased

from casework.extensions import db
from casework.library import service as library
from casework.models import (
    Case,
    FormVersion,
    PathwayVersion,
    Person,
    Record,
    StageInstance,
    Task,
    User,
)
from casework.models.cases import person_name
from casework.pathway.id_lists import among


@dataclass(frozen=True, slots=True)
class Named:
    full_name: str


@dataclass(frozen=True, slots=True)
class CaseRow:
    id: int
    reference: str
    child: Named | None  # the child the case is about, if recorded
    lead_worker: Named | None
    pathway_version_id: int
    pathway_sha256: str

    @property
    def pathway(self):
        """The pathway's model, cached by the version's hash (casework/library)."""
        return library.pathway_model_of(self.pathway_version_id, self.pathway_sha256)


@dataclass(frozen=True, slots=True)
class StageRow:
    id: int
    stage_id: str
    due_on: date | None


@dataclass(frozen=True, slots=True)
class RecordRow:
    id: int
    status: str
    form_version_id: int | None = None


@dataclass(frozen=True, slots=True)
class TaskRow:
    id: int
    title: str
    due_on: date | None
    owner: Named | None


def _named(name: str | None) -> Named | None:
    return Named(name) if name is not None else None


def cases(ids: set[int]) -> dict[int, CaseRow]:
    """Each case with its child's name (the first person the case is about, as
    ``Case.child``) and its lead worker's name: one query."""
    if not ids:
        return {}
    first_subject = (
        select(func.min(Person.id))
        .where(Person.case_id == Case.id, Person.is_subject.is_(True))
        .correlate(Case)
        .scalar_subquery()
    )
    lead = aliased(User)
    rows = db.session.execute(
        select(
            Case.id,
            Case.reference,
            Case.pathway_version_id,
            PathwayVersion.sha256,
            Person.first_name,
            Person.last_name,
            Person.id,
            lead.full_name,
        )
        .join(PathwayVersion, PathwayVersion.id == Case.pathway_version_id)
        .outerjoin(Person, Person.id == first_subject)
        .outerjoin(lead, lead.id == Case.lead_worker_id)
        .where(among(Case.id, ids))
    )
    return {
        case_id: CaseRow(
            case_id,
            reference,
            Named(person_name(first, last)) if person_id is not None else None,
            _named(lead_name),
            version_id,
            sha256,
        )
        for case_id, reference, version_id, sha256, first, last, person_id, lead_name in rows
    }


def stages(ids: list[int]) -> dict[int, tuple[StageRow, RecordRow | None]]:
    """Each open stage and its newest form (by id), if any: one query."""
    if not ids:
        return {}
    newest = (
        select(func.max(Record.id))
        .where(Record.stage_instance_id == StageInstance.id)
        .correlate(StageInstance)
        .scalar_subquery()
    )
    rows = db.session.execute(
        select(
            StageInstance.id,
            StageInstance.stage_id,
            StageInstance.due_on,
            Record.id,
            Record.status,
        )
        .outerjoin(Record, Record.id == newest)
        .where(among(StageInstance.id, ids))
    )
    return {
        stage_id: (
            StageRow(stage_id, stage, due_on),
            RecordRow(record_id, status) if record_id is not None else None,
        )
        for stage_id, stage, due_on, record_id, status in rows
    }


def loose_records(ids: list[int]) -> dict[int, RecordRow]:
    if not ids:
        return {}
    rows = db.session.execute(
        select(Record.id, Record.status, Record.form_version_id).where(among(Record.id, ids))
    )
    return {i: RecordRow(i, status, version) for i, status, version in rows}


def tasks(ids: list[int]) -> dict[int, TaskRow]:
    if not ids:
        return {}
    owner = aliased(User)
    rows = db.session.execute(
        select(Task.id, Task.title, Task.due_on, owner.full_name)
        .outerjoin(owner, owner.id == Task.owner_id)
        .where(among(Task.id, ids))
    )
    return {i: TaskRow(i, title, due_on, _named(name)) for i, title, due_on, name in rows}


def form_titles(version_ids: set[int]) -> dict[int, str]:
    if not version_ids:
        return {}
    versions = db.session.scalars(select(FormVersion).where(FormVersion.id.in_(version_ids)))
    return {v.id: library.form_model(v).title for v in versions}
