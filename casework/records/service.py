"""The only door to records: start (with pre-fill), read, submit, authorise, move version."""

from __future__ import annotations

from datetime import date, datetime
from functools import cache

from sqlalchemy import Integer, bindparam, func, select
from sqlalchemy.orm.attributes import set_committed_value

from casework import audit, events
from casework.auth import persistent
from casework.cases import service as cases
from casework.cases.access import viewer_params, visible_to_bound
from casework.cases.facts import facts
from casework.driver_select import DriverSelect
from casework.extensions import db
from casework.facts import carry
from casework.facts import service as case_facts
from casework.library import service as library
from casework.models import (
    Case,
    CaseEvent,
    FormVersion,
    Record,
    RecordSave,
    StageInstance,
    User,
)
from casework.models.time import utcnow
from casework.notes import service as notes
from casework.pathway import clocks, engine
from casework.pathway import service as pathway_service
from renderer.definitions import Form
from renderer.screens.logic import form_state


class RecordNotFound(LookupError):
    pass


def form_of(record: Record) -> Form:
    return library.form_model(record.form_version)


def get(user: User, record_id: int, *, purpose: str | None = "record_viewed") -> Record:
    # The usual case in one round trip: the record, its case (the same access rule as
    # cases.get), its form version (without the definition, which the form cache keeps)
    # and the child's name for the page header. Not the people: joined, each of their
    # rows would repeat the answers.
    session = db.session()
    found = _visible_record(user.role).first(
        session.connection(), {"record_id": record_id, **viewer_params(user)}
    )
    if found is not None:
        record = _loaded(session, found)
        if purpose:
            audit.record(purpose, record_type="record", record_id=record.id)
        return record
    # Not found or not visible: the long way, which audits a refusal as cases.get does.
    record = db.session.get(Record, record_id)
    if record is None:
        raise RecordNotFound(record_id)
    try:
        cases.get(user, record.case_id, purpose=None)
    except cases.CaseNotFound as exc:
        raise RecordNotFound(record_id) from exc
    if purpose:
        audit.record(purpose, record_type="record", record_id=record.id)
    return record


_RECORD = persistent.columns(Record)
_CASE = persistent.columns(Case)
# Not the definition: the form cache (casework/library) keeps it, read when first needed.
_FORM_VERSION = tuple((k, c) for k, c in persistent.columns(FormVersion) if k != "definition")
_RECORD_AT = slice(0, len(_RECORD))
_CASE_AT = slice(_RECORD_AT.stop, _RECORD_AT.stop + len(_CASE))
_FORM_VERSION_AT = slice(_CASE_AT.stop, _CASE_AT.stop + len(_FORM_VERSION))


@cache
def _visible_record(role: str) -> DriverSelect:
    """The record with its case, form version and child's name, if this role's viewer may
    see it: built once a role (building it cost more Python than running it), the viewer a
    parameter; read as plain columns on the driver's cursor (casework/driver_select.py)."""
    return DriverSelect(
        select(
            *(column for _, column in _RECORD),
            *(column for _, column in _CASE),
            *(column for _, column in _FORM_VERSION),
            *cases.CHILD_NAME_COLUMNS,
        )
        .select_from(
            Record.__table__.join(Case.__table__, Record.case_id == Case.id).join(
                FormVersion.__table__, Record.form_version_id == FormVersion.id
            )
        )
        .where(Record.id == bindparam("record_id", type_=Integer), visible_to_bound(role))
    )


def _loaded(session, row: tuple) -> Record:
    """The record, its case and form version made from one row, persistent in the session
    as the ORM query with both relationships eagerly loaded gave them."""
    record = persistent.from_values(session, Record, persistent.values(_RECORD, row[_RECORD_AT]))
    case = persistent.from_values(session, Case, persistent.values(_CASE, row[_CASE_AT]))
    version = persistent.from_values(
        session, FormVersion, persistent.values(_FORM_VERSION, row[_FORM_VERSION_AT])
    )
    if "case" not in record.__dict__:
        set_committed_value(record, "case", case)
    if "form_version" not in record.__dict__:
        set_committed_value(record, "form_version", version)
    first_name, last_name = row[_FORM_VERSION_AT.stop :]
    cases.note_child_name(case, first_name, last_name)
    return record


def stage_of(case: Case, instance_id: int) -> StageInstance | None:
    """The case's stage with this id; None when there is none or it is another case's."""
    instance = db.session.get(StageInstance, instance_id)
    return instance if instance is not None and instance.case_id == case.id else None


def last_saved_by(record: Record, user: User) -> datetime | None:
    """When this person last saved this record (None if they never have)."""
    return db.session.scalar(
        select(func.max(RecordSave.saved_at)).where(
            RecordSave.record_id == record.id, RecordSave.user_id == user.id
        )
    )


def for_stage(instance: StageInstance) -> Record | None:
    return db.session.scalar(
        select(Record).where(Record.stage_instance_id == instance.id).order_by(Record.id.desc())
    )


def by_stage(case: Case) -> dict[int, Record]:
    """The newest record of each stage of a case, by stage instance id."""
    rows = db.session.scalars(select(Record).where(Record.case_id == case.id).order_by(Record.id))
    return {r.stage_instance_id: r for r in rows if r.stage_instance_id}


def start(user: User, case: Case, instance: StageInstance) -> Record:
    """A record for a stage, with the pathway's pre-fill and where each value came from."""
    existing = for_stage(instance)
    if existing is not None:
        return existing
    pathway = pathway_service.pathway_of(case)
    stage = pathway.stages_by_id[instance.stage_id]
    version = library.latest_form_version(stage.form)
    newest = case_facts.newest(case)
    case_record = carry.with_corrections(facts(case), newest)
    values, not_carried = engine.prefill(
        pathway,
        stage,
        case_facts=case_record,
        latest_answers=pathway_service.latest_records_by_stage(case),
    )
    # Fields that read a case fact start from its newest value, whichever form gave it.
    from_facts = carry.from_facts(library.form_model(version), stage, newest, case_record)
    record = Record(
        case_id=case.id,
        stage_instance_id=instance.id,
        form_version_id=version.id,
        status="draft",
        answers={field_id: value.value for field_id, value in values.items()}
        | {field_id: value for field_id, (value, _) in from_facts.items()},
        prefill_sources={
            field_id: {
                "source": value.source,
                "label": value.source_label,
                "recorded_on": value.recorded_on.isoformat() if value.recorded_on else None,
                "value": value.value,
            }
            for field_id, value in values.items()
        }
        | {field_id: source for field_id, (_, source) in from_facts.items()}
        | {field_id: {"not_carried": note} for field_id, note in not_carried.items()},
        revision=0,
        created_by_id=user.id,
        updated_by_id=user.id,
    )
    db.session.add(record)
    db.session.flush()
    clocks.answers_saved(record, record.answers)  # a pre-filled date can start a clock
    audit.record(
        "record_started",
        record_type="record",
        record_id=record.id,
        detail={"form": version.form_id, "version": version.version},
        commit=False,
    )
    db.session.commit()
    return record


def submit(user: User, record: Record, errors: dict, *, significant: bool | None = None) -> str:
    """Submit a checked record: to a manager if the form asks for sign-off, else complete.

    ``significant`` is the practitioner's answer to "a significant event for the chronology";
    None leaves the form's default.
    """
    if errors:
        raise ValueError("A record with errors cannot be submitted")
    if record.status not in ("draft", "returned"):
        return record.status
    if significant is not None:
        record.significant = significant
    form = form_of(record)
    record.submitted_at = utcnow()
    record.updated_by_id = user.id
    record.revision += 1
    # Its facts carry forward from now on, even while a manager has yet to sign it off.
    top = [f for section in form.sections for f in section.fields]
    hidden = form_state(top, record.answers, date.today()).hidden
    people = cases.people_choices(record.case)
    case_facts.record_from(user, record, form, hidden=hidden, people=people)
    if form.authorisation_role:
        record.status = "awaiting_authorisation"
        audit.record("record_submitted", record_type="record", record_id=record.id, commit=False)
        events.record_submitted.send(_case(record), record=record, on=date.today())
        if record.stage_instance_id:
            instance = db.session.get(StageInstance, record.stage_instance_id)
            case = db.session.get(Case, record.case_id)
            pathway_service.submitted(case, instance, record, date.today())
        db.session.commit()
        _settled(record)
        return record.status
    events.record_submitted.send(_case(record), record=record, on=date.today())
    _complete(user, record)
    _settled(record)
    return record.status


def authorise(user: User, record: Record, *, approve: bool, comments: str) -> str:
    if record.status != "awaiting_authorisation":
        return record.status
    record.revision += 1
    if approve:
        record.authorised_by_id = user.id
        record.authorised_at = utcnow()
        audit.record(
            "record_authorised",
            record_type="record",
            record_id=record.id,
            detail={"comments": comments},
            commit=False,
        )
        events.record_signed_off.send(_case(record), record=record, on=date.today())
        _complete(user, record)
        _settled(record)
    else:
        record.status = "returned"
        audit.record(
            "record_returned",
            record_type="record",
            record_id=record.id,
            detail={"comments": comments},
            commit=False,
        )
        db.session.add(
            CaseEvent(
                case_id=record.case_id,
                happened_on=date.today(),
                kind="returned",
                title=f"{form_of(record).title} returned by a manager",
                detail=comments or None,
                record_id=record.id,
                user_id=user.id,
            )
        )
        events.record_returned.send(_case(record), record=record, on=date.today())
        db.session.commit()
    return record.status


def _case(record: Record) -> Case:
    return db.session.get(Case, record.case_id)


def _settled(record: Record) -> None:
    """After commit: listeners that only save time (documents drawn ahead) hear it now."""
    events.record_settled.send(_case(record), record=record)


def _complete(user: User, record: Record) -> None:
    record.status = "completed"
    record.updated_by_id = user.id
    case = db.session.get(Case, record.case_id)
    if record.stage_instance_id:
        instance = db.session.get(StageInstance, record.stage_instance_id)
        if instance.status != "completed":
            pathway_service.complete_stage(case, instance, record, date.today())
    elif notes.count_visit(case, record, form_of(record)) is None:
        db.session.add(
            CaseEvent(
                case_id=case.id,
                happened_on=date.today(),
                kind="record",
                title=f"{form_of(record).title} completed",
                record_id=record.id,
                user_id=user.id,
            )
        )
    audit.record("record_completed", record_type="record", record_id=record.id, commit=False)
    db.session.commit()


def move_to_version(user: User, record: Record, version_id: int) -> dict:
    """Move a draft to a newer form version. Answers with nowhere to go are kept and shown."""

    target = db.session.get(FormVersion, version_id)
    if record.status not in ("draft", "returned") or target is None:
        raise ValueError("Only a draft can move to another version of its form")
    new_form = library.form_model(target)
    old_form = form_of(record)
    kept, unmapped = {}, dict(record.unmapped_answers or {})
    for field_id, value in record.answers.items():
        new_field = new_form.fields_by_id.get(field_id)
        old_field = old_form.fields_by_id.get(field_id)
        if new_field is not None and old_field is not None and new_field.type == old_field.type:
            kept[field_id] = value
        else:
            label = old_field.label if old_field else field_id
            unmapped[field_id] = {"label": label, "value": value, "from_version": old_form.version}
    record.answers = kept
    record.unmapped_answers = unmapped
    record.form_version_id = target.id
    record.revision += 1
    audit.record(
        "record_moved_version",
        record_type="record",
        record_id=record.id,
        detail={"to_version": target.version, "unmapped": sorted(unmapped)},
        commit=False,
    )
    db.session.commit()
    return unmapped
