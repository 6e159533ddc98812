"""Triggers on dates the case itself gives: a date answered in a form (the next review
conference) and a stage's deadline approaching (3 working days before the conference).

Each is a job for the worker (casework/tasks/jobs_service.py), kept in step with the case:

- **A date answered**: when a record of the trigger's stage is submitted, its answer
  schedules the trigger for that day (less ``days_before``); the same record submitted
  again with another date moves it; an answer cleared cancels it. The newest record of
  the stage counts: its submission cancels what an earlier record of the stage had
  scheduled and not yet fired.
- **A deadline approaching**: each open stage with a due date schedules the trigger
  ``days_before`` it, counted as the stage's due rule counts (working days if it counts
  working days). Whenever due dates are worked out again the job moves with them, and
  it is cancelled once the stage is finished or loses its due date.

A day already past is not fired late (it was not missed by us); a trigger fires once
for each date it is given (jobs.put).
"""

from __future__ import annotations

from datetime import date, datetime, time, timedelta

from sqlalchemy import select

from casework.clock import uk_today
from casework.extensions import db
from casework.models import Case, Record, StageInstance
from casework.pathway import service as pathway_service
from casework.pathway.calendar import working_days_before
from casework.tasks import jobs_service as jobs
from renderer.definitions import Pathway, Trigger

ANSWERED = "date_answered"
DEADLINE = "deadline_approaching"


def answered_date(value) -> date | None:
    if not isinstance(value, str):
        return None  # unanswered, or a half-typed date kept as its parts
    try:
        return date.fromisoformat(value)
    except ValueError:
        return None


def on_record_submitted(case: Case, record: Record) -> None:
    if not record.stage_instance_id:
        return
    pathway = pathway_service.pathway_of(case)
    wanted = [t for t in pathway.triggers if t.on_answer_stage]
    if not wanted:
        return
    stage_id = db.session.get(StageInstance, record.stage_instance_id).stage_id
    today = uk_today()  # the service's one clock, as the worker's
    for trigger in wanted:
        if trigger.on_answer_stage != stage_id:
            continue
        prefix = f"{ANSWERED}:{case.id}:{trigger.id}:"
        key = f"{prefix}{record.id}"
        # The newest record of the stage counts; an earlier one's waiting day goes.
        jobs.cancel(k for k in jobs.waiting_keys(case.id, ANSWERED, prefix) if k != key)
        answered = answered_date((record.answers or {}).get(trigger.on_answer_field))
        if answered is None or answered < today:
            jobs.cancel([key])
            continue
        day = max(answered - timedelta(days=trigger.on_days_before), today)
        jobs.put(
            ANSWERED,
            key=key,
            run_at=_midnight(day),
            case_id=case.id,
            payload={"trigger": trigger.id, "on": day.isoformat(), "date": answered.isoformat()},
        )


def sync_deadlines(case: Case) -> None:
    """Schedule, move or cancel each deadline trigger's job to match the open stages'
    due dates as they stand now."""
    pathway = pathway_service.pathway_of(case)
    wanted = [t for t in pathway.triggers if t.on_kind == DEADLINE]
    if not wanted:
        return
    today = uk_today()
    open_stages = list(
        db.session.scalars(
            select(StageInstance).where(
                StageInstance.case_id == case.id,
                StageInstance.status == "open",
                StageInstance.stage_id.in_({t.on_stage for t in wanted}),
            )
        )
    )
    for trigger in wanted:
        prefix = f"{DEADLINE}:{case.id}:{trigger.id}:"
        keep: set[str] = set()
        for instance in open_stages:
            if instance.stage_id != trigger.on_stage or instance.due_on is None:
                continue
            day = fire_day(pathway, trigger, instance.due_on)
            if day < today:
                continue  # too close to the deadline already: not fired late
            key = f"{prefix}{instance.id}"
            keep.add(key)
            jobs.put(
                DEADLINE,
                key=key,
                run_at=_midnight(day),
                case_id=case.id,
                payload={
                    "trigger": trigger.id,
                    "on": day.isoformat(),
                    "instance": instance.id,
                    "due": instance.due_on.isoformat(),
                },
            )
        jobs.cancel(k for k in jobs.waiting_keys(case.id, DEADLINE, prefix) if k not in keep)


def fire_day(pathway: Pathway, trigger: Trigger, due_on: date) -> date:
    """``days_before`` the due date, in the units the stage's own due rule counts."""
    rule = pathway.stages_by_id[trigger.on_stage].due
    if rule is not None and rule.unit == "working_days":
        return working_days_before(due_on, trigger.on_days_before, region=rule.regions)
    return due_on - timedelta(days=trigger.on_days_before)


def still_due(job_payload: dict) -> date | None:
    """The stage's due date a deadline job was for, if the stage is still open and due
    then (a job outlived by a change is not fired)."""
    instance = db.session.get(StageInstance, job_payload["instance"])
    if instance is None or instance.status != "open" or instance.due_on is None:
        return None
    return instance.due_on if instance.due_on.isoformat() == job_payload["due"] else None


def _midnight(day: date) -> datetime:
    return datetime.combine(day, time.min)
