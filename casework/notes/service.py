"""The only door to case notes: which types there are, start one, and what a note counts for.

A note is a record on a case note type (`kind: case_note`) with no stage of its own, so
it has every guarantee of the recording screens (autosave, conflicts, drafts, sign-off).
A note whose type says it is a visit (`visit_when`) completes the open stage that the
pathway says such notes complete, and becomes that stage's record: one recording, whichever
screen it started from.
"""

from __future__ import annotations

from datetime import date

from sqlalchemy import select

from casework import audit
from casework.extensions import db
from casework.library import service as library
from casework.models import Case, FormVersion, Record, StageInstance, User
from casework.pathway import service as pathway_service
from renderer.definitions import Form
from renderer.definitions.rules import evaluate


class UnknownNoteType(LookupError):
    pass


def note_types() -> list[FormVersion]:
    """The newest published version of every case note type, by title."""
    return [v for v in library.latest_forms() if library.form_model(v).kind == "case_note"]


def start(user: User, case: Case, form_id: str) -> Record:
    version = library.latest_form_version(form_id)
    if version is None or library.form_model(version).kind != "case_note":
        raise UnknownNoteType(form_id)
    record = Record(
        case_id=case.id,
        stage_instance_id=None,
        form_version_id=version.id,
        status="draft",
        answers={},
        prefill_sources={},
        revision=0,
        created_by_id=user.id,
        updated_by_id=user.id,
    )
    return audit.created(
        record,
        "note_started",
        record_type="record",
        detail={"form": version.form_id, "version": version.version},
        case_ids=[case.id],
    )


def note_date(form: Form, record: Record) -> date | None:
    """When the contact happened, from the note type's own date field."""
    raw = (record.answers or {}).get(form.note_date) if form.note_date else None
    try:
        return date.fromisoformat(raw) if isinstance(raw, str) else None
    except ValueError:
        return None


def is_visit(form: Form, record: Record) -> bool:
    if form.kind != "case_note" or form.visit_when is None:
        return False
    data = dict(record.answers or {}) | {"today": date.today().isoformat()}
    return bool(evaluate(form.visit_when, data))


def count_visit(case: Case, record: Record, form: Form) -> StageInstance | None:
    """Complete the open visit stage this note satisfies; the caller commits.

    Returns the stage it completed, or None when the note was not a visit or no visit
    was due. The stage's clock restarts from the day of the visit, not the day of typing.
    """
    if not is_visit(form, record):
        return None
    pathway = pathway_service.pathway_of(case)
    for instance in pathway_service.open_stages(case):
        stage = pathway.stages_by_id.get(instance.stage_id)
        if stage is None or instance.status != "open" or form.id not in stage.completed_by_notes:
            continue
        record.stage_instance_id = instance.id
        on = note_date(form, record) or date.today()
        pathway_service.complete_stage(case, instance, record, max(on, instance.started_on))
        # complete_stage publishes stage_completed: tasks tied to the stage's form
        # complete in the same transaction (casework/tasks/listeners.py).
        return instance
    return None


def drafts(case: Case) -> list[tuple[Record, Form]]:
    """Notes on the case not yet submitted, newest first: to finish later."""
    rows = db.session.scalars(
        select(Record)
        .where(
            Record.case_id == case.id,
            Record.stage_instance_id.is_(None),
            Record.status.in_(("draft", "returned")),
        )
        .order_by(Record.updated_at.desc())
    )
    out = []
    for record in rows:
        form = library.form_model(record.form_version)
        if form.kind == "case_note":
            out.append((record, form))
    return out
