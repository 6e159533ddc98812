"""What tasks hear from recording (casework/events)."""

from __future__ import annotations

from casework import events
from casework.library import service as library
from casework.pathway import service as pathway_service
from casework.tasks import dated_service as dated
from casework.tasks import jobs_service as jobs
from casework.tasks import service as tasks
from casework.tasks import triggers_service as triggers


def case_opened(case, on, **_) -> None:
    triggers.on_case_opened(case, on)


def stage_completed(case, instance, record, on, **_) -> None:
    triggers.on_stage_completed(case, instance.stage_id, on)
    dated.sync_deadlines(case)  # a finished stage's deadline reminder is not needed
    pathway = pathway_service.pathway_of(case)
    stage = pathway.stages_by_id.get(instance.stage_id)
    # A reminder already made ("Initial conference in 3 working days: ...") is done once
    # the stage it was about is finished; left open it would sit overdue on the lists.
    reminders = [
        f"trigger:{t.id}"
        for t in pathway.triggers
        if t.on_kind == dated.DEADLINE and t.on_stage == instance.stage_id and t.task
    ]
    if reminders and stage is not None:
        tasks.complete_reminders(
            case, reminders, how=f"{stage.title} recorded", by=record.updated_by_id, on=on
        )
    # A note that counts as a visit completes the visit stage without its own form being
    # submitted; a task tied to that form is done all the same.
    if stage is not None and stage.form and record.form_version.form_id != stage.form:
        visit = stage.title[:1].lower() + stage.title[1:]
        how = f"{library.form_model(record.form_version).title} counted as the {visit}"
        tasks.complete_for_form(case, stage.form, how=how, by=record.updated_by_id, on=on)


def record_submitted(case, record, on, **_) -> None:
    tasks.complete_for_record(case, record, library.form_model(record.form_version).title, on)
    dated.on_record_submitted(case, record)


def stage_started(case, instance, on, **_) -> None:
    dated.sync_deadlines(case)


def due_dates_changed(case, **_) -> None:
    dated.sync_deadlines(case)


def lead_changed(case, worker_id, **_) -> None:
    tasks.reassign_open(case, worker_id)


def connect() -> None:
    events.case_opened.connect(case_opened)
    events.stage_completed.connect(stage_completed)
    events.record_submitted.connect(record_submitted)
    events.stage_started.connect(stage_started)
    events.due_dates_changed.connect(due_dates_changed)
    events.lead_changed.connect(lead_changed)
    for kind in ("date_reached", dated.ANSWERED, dated.DEADLINE):
        jobs.HANDLERS[kind] = triggers.fire_date
