"""Clocks that start from an answer, and due dates that follow them.

A pathway event may be recorded by a date question of a stage's form (`recorded_by`):
the concern date in the strategy discussion starts the discussion's own clock. The
event is recorded as soon as a record saves a real date there, as a draft or on
submit, and moves if the date is corrected, so the due date is on screen the moment
the practitioner has told us when the clock started. Each record keeps its own event
row, so a second strategy discussion restarts the clocks without losing the first.
"""

from __future__ import annotations

from datetime import date

from sqlalchemy import select

from casework import events
from casework.extensions import db
from casework.models import Case, CaseEvent, Record, StageInstance
from casework.pathway import engine


def _as_date(value) -> date | None:
    if not isinstance(value, str):
        return None  # a half-typed date is kept as its parts and starts nothing
    try:
        return date.fromisoformat(value)
    except ValueError:
        return None


def answers_saved(record: Record, changed: dict) -> None:
    """Record (or move, or withdraw) the events this record's changed answers hold, and
    work out due dates again. Called inside the save's transaction; does not commit."""
    if not record.stage_instance_id or not changed:
        return
    from casework.pathway.service import pathway_of  # service imports this module

    instance = db.session.get(StageInstance, record.stage_instance_id)
    case = db.session.get(Case, record.case_id)
    pathway = pathway_of(case)
    moved = False
    for event in pathway.events:
        if event.recorded_by_stage != instance.stage_id or event.recorded_by_field not in changed:
            continue
        _record_event(case, record, event, _as_date(changed[event.recorded_by_field]))
        moved = True
    if moved:
        db.session.flush()
        recompute_due_dates(case)


def _record_event(case: Case, record: Record, event, happened_on: date | None) -> None:
    anchor = engine.anchor_key("event", event.id)
    row = db.session.scalar(
        select(CaseEvent).where(
            CaseEvent.case_id == case.id,
            CaseEvent.record_id == record.id,
            CaseEvent.anchor == anchor,
        )
    )
    if happened_on is None:
        if row is not None:
            db.session.delete(row)
        return
    if row is None:
        db.session.add(
            CaseEvent(
                case_id=case.id,
                happened_on=happened_on,
                kind="clock",
                anchor=anchor,
                title=event.label,
                record_id=record.id,
                user_id=record.updated_by_id,
            )
        )
    else:
        row.happened_on = happened_on


def recompute_due_dates(case: Case) -> None:
    """Every open stage's due date from the clocks as they stand now.

    A stage whose clock has not started keeps no date ("when its clock starts"); one whose
    start moved (a corrected concern date) moves with it."""
    from casework.pathway.service import anchors, pathway_of

    pathway = pathway_of(case)
    known = anchors(case)
    for instance in db.session.scalars(
        select(StageInstance).where(
            StageInstance.case_id == case.id, StageInstance.status == "open"
        )
    ):
        stage = pathway.stages_by_id.get(instance.stage_id)
        if stage is None or stage.due is None:
            continue
        # A repeating stage counts from its own start, not from a later occurrence's.
        own = known | {engine.anchor_key("stage_started", stage.id): instance.started_on}
        try:
            instance.due_on = engine.due_date(
                pathway, stage.due, own, started_on=instance.started_on
            )
        except engine.ClockNotStarted:
            instance.due_on = None
    db.session.flush()
    events.due_dates_changed.send(case)
