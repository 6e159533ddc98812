"""What tasks hear from recording (casework/events)."""

from __future__ import annotations

from casework import events
from casework.library import service as library
from casework.tasks import jobs, triggers
from casework.tasks import service as tasks


def case_opened(case, on, **_) -> None:
    triggers.on_case_opened(case, on)


def stage_completed(case, instance, record, on, **_) -> None:
    triggers.on_stage_completed(case, instance.stage_id, on)


def record_submitted(case, record, on, **_) -> None:
    tasks.complete_for_record(case, record, library.form_model(record.form_version).title, on)


def lead_changed(case, worker_id, **_) -> None:
    tasks.reassign_open(case, worker_id)


def connect() -> None:
    events.case_opened.connect(case_opened)
    events.stage_completed.connect(stage_completed)
    events.record_submitted.connect(record_submitted)
    events.lead_changed.connect(lead_changed)
    jobs.HANDLERS["date_reached"] = triggers.fire_date
