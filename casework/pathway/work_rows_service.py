"""What a page of work-list rows shows, read as columns, not as whole objects.

A row shows its case's reference, child and lead worker, its stage (and the stage's
newest form), loose form or task, and the task's owner. Loading each row's case, people,
lead worker and pathway version as ORM objects cost more Python than the rest of the
page, and a query per kind of row a round trip each (on a busy machine, each round trip
is a wait for the database's turn on a core). One query reads only the columns shown,
for every row of every list on the page, into small frozen records the templates read
the same way.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from sqlalchemy import Date, Integer, String, func, literal, null, select, union_all
from sqlalchemy.orm import aliased
from sqlalchemy.sql import Select

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
from casework.pathway import work_order
from casework.pathway.id_lists import among_named


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


@dataclass(frozen=True, slots=True)
class Loaded:
    """One row's data: its case, and its stage (with the stage's newest form), its loose
    form (with the form's title) or its task."""

    case: CaseRow
    stage: StageRow | None = None
    record: RecordRow | None = None
    form_title: str | None = None
    task: TaskRow | None = None


def load(stage_ids: list[int], loose_ids: list[int], task_ids: list[int]) -> dict:
    """(kind, id) -> Loaded for these open stages, loose forms and tasks, in one query
    whatever their number: each kind's columns side by side (NULL where another kind's),
    then each row's case with its child's name (the first person the case is about, as
    ``Case.child``) and its lead worker's name."""
    given = (bool(stage_ids), bool(loose_ids), bool(task_ids))
    if not any(given):
        return {}
    found = db.session.execute(
        _statement(db.engine.dialect.name, given),
        {"stage_ids": stage_ids, "loose_ids": loose_ids, "task_ids": task_ids},
    )
    return {(r.kind, r.id): _loaded(r) for r in found}


# Built once per database and mix of kinds (building it cost 4 ms a page of Python;
# the ids are parameters).
_STATEMENTS: dict[tuple, Select] = {}


def _statement(dialect: str, given: tuple[bool, bool, bool]) -> Select:
    key = (dialect, given)
    if key not in _STATEMENTS:
        arms = [arm(dialect) for arm, wanted in zip(_ARMS, given, strict=True) if wanted]
        rows = union_all(*arms).subquery("row")
        lead = aliased(User)
        _STATEMENTS[key] = (
            select(
                rows,
                Case.reference,
                Case.pathway_version_id,
                PathwayVersion.sha256,
                Person.id.label("person_id"),
                Person.first_name,
                Person.last_name,
                lead.full_name.label("lead_name"),
            )
            .join(Case, Case.id == rows.c.case_id)
            .join(PathwayVersion, PathwayVersion.id == Case.pathway_version_id)
            .outerjoin(Person, Person.id == _first_subject())
            .outerjoin(lead, lead.id == Case.lead_worker_id)
        )
    return _STATEMENTS[key]


def cases(ids: list[int]) -> dict[int, CaseRow]:
    """Cases by id, as the rows name them (reference, child, lead worker): one query."""
    if not ids:
        return {}
    found = db.session.execute(
        select(
            Case.id.label("case_id"),
            Case.reference,
            Case.pathway_version_id,
            PathwayVersion.sha256,
            Person.id.label("person_id"),
            Person.first_name,
            Person.last_name,
            User.full_name.label("lead_name"),
        )
        .join(PathwayVersion, PathwayVersion.id == Case.pathway_version_id)
        .outerjoin(Person, Person.id == _first_subject())
        .outerjoin(User, User.id == Case.lead_worker_id)
        .where(among_named(Case.id, "case_ids", db.engine.dialect.name)),
        {"case_ids": list(ids)},
    )
    return {r.case_id: _case(r) for r in found}


def _first_subject():
    return (
        select(func.min(Person.id))
        .where(Person.case_id == Case.id, Person.is_subject.is_(True))
        .correlate(Case)
        .scalar_subquery()
    )


def _case(r) -> CaseRow:
    child = Named(person_name(r.first_name, r.last_name)) if r.person_id is not None else None
    return CaseRow(
        r.case_id, r.reference, child, _named(r.lead_name), r.pathway_version_id, r.sha256
    )


def _loaded(r) -> Loaded:
    child = Named(person_name(r.first_name, r.last_name)) if r[-4] is not None else None
    case = CaseRow(r.case_id, r.reference, child, _named(r[-1]), r.pathway_version_id, r.sha256)
    if r.kind == work_order.STAGE:
        record = RecordRow(r.record_id, r.status) if r.record_id is not None else None
        return Loaded(case, stage=StageRow(r.id, r.stage_id, r.due_on), record=record)
    if r.kind == work_order.LOOSE:
        title = library.form_model_of(r.form_version_id, r.form_sha256).title
        return Loaded(case, record=RecordRow(r.id, r.status, r.form_version_id), form_title=title)
    return Loaded(case, task=TaskRow(r.id, r.title, r.due_on, _named(r.owner_name)))


def _columns(kind: int, id_, case_id, **given):
    """The arms' columns in one order and type, NULL where this kind has none."""
    types = {
        "stage_id": String,
        "title": String,
        "due_on": Date,
        "record_id": Integer,
        "status": String,
        "form_version_id": Integer,
        "form_sha256": String,
        "owner_name": String,
    }
    return [
        literal(kind).label("kind"),
        id_.label("id"),
        case_id.label("case_id"),
        *[given.get(n, null().cast(t)).label(n) for n, t in types.items()],
    ]


def _stage_arm(dialect: str):
    newest = (
        select(func.max(Record.id))
        .where(Record.stage_instance_id == StageInstance.id)
        .correlate(StageInstance)
        .scalar_subquery()
    )
    return (
        select(
            *_columns(
                work_order.STAGE,
                StageInstance.id,
                StageInstance.case_id,
                stage_id=StageInstance.stage_id,
                due_on=StageInstance.due_on,
                record_id=Record.id,
                status=Record.status,
            )
        )
        .outerjoin(Record, Record.id == newest)
        .where(among_named(StageInstance.id, "stage_ids", dialect))
    )


def _loose_arm(dialect: str):
    return (
        select(
            *_columns(
                work_order.LOOSE,
                Record.id,
                Record.case_id,
                status=Record.status,
                form_version_id=Record.form_version_id,
                form_sha256=FormVersion.sha256,
            )
        )
        .join(FormVersion, FormVersion.id == Record.form_version_id)
        .where(among_named(Record.id, "loose_ids", dialect))
    )


def _task_arm(dialect: str):
    owner = aliased(User)
    return (
        select(
            *_columns(
                work_order.TASK,
                Task.id,
                Task.case_id,
                title=Task.title,
                due_on=Task.due_on,
                owner_name=owner.full_name,
            )
        )
        .outerjoin(owner, owner.id == Task.owner_id)
        .where(among_named(Task.id, "task_ids", dialect))
    )


_ARMS = (_stage_arm, _loose_arm, _task_arm)
