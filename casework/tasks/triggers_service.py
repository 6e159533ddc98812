"""The pathway's triggers acting: tasks when a case opens or a stage completes, and
date triggers (the child's 16th birthday) scheduled for the worker to fire on the day;
the worker fires those of dated.py (a date answered, a deadline near) here too.

Triggers that *start a stage* on case opened or stage completed are the pathway
engine's (casework/pathway/engine.py); this module makes their *tasks*, and does both
for date triggers, which nothing else would ever fire.
"""

from __future__ import annotations

from datetime import date, datetime, time, timedelta

from sqlalchemy import select

from casework.cases.facts import facts
from casework.extensions import db
from casework.library import service as library
from casework.models import Case, Job, Person
from casework.pathway import engine
from casework.pathway import service as pathway_service
from casework.tasks import dated_service as dated
from casework.tasks import jobs_service as jobs
from casework.tasks import service as tasks
from renderer.definitions import Pathway, Trigger


def on_case_opened(case: Case, on: date) -> None:
    pathway = pathway_service.pathway_of(case)
    for trigger in pathway.triggers:
        if trigger.on_kind == "case_opened" and trigger.task:
            _make_task(case, pathway, trigger, on)
    schedule_dates(case)


def on_stage_completed(case: Case, stage_id: str, on: date) -> None:
    pathway = pathway_service.pathway_of(case)
    data = None
    for trigger in pathway.triggers:
        if not (trigger.on_kind == "stage_completed" and trigger.on_stage == stage_id):
            continue
        if not trigger.task:
            continue  # starting a stage is the engine's
        if trigger.when is not None:
            if data is None:
                data = engine.rule_data(pathway_service.latest_answers_by_stage(case), facts(case))
            if not engine.condition_holds(trigger.when, data):
                continue
        _make_task(case, pathway, trigger, on)


def schedule_dates(case: Case) -> None:
    """Schedule each date trigger for the day it falls, once per case and trigger. A
    date already past when the case opens is not fired late: it was not missed by us."""
    child = db.session.scalar(
        select(Person).where(Person.case_id == case.id, Person.is_subject.is_(True))
    )
    pathway = pathway_service.pathway_of(case)
    for trigger in pathway.triggers:
        if trigger.on_kind != "date_reached" or trigger.on_child_age_years is None:
            continue
        if child is None or child.date_of_birth is None:
            continue
        birthday = _birthday(child.date_of_birth, trigger.on_child_age_years)
        day = birthday - timedelta(days=trigger.on_days_before)
        if day < case.opened_on:
            continue
        jobs.schedule(
            "date_reached",
            key=f"date_reached:{case.id}:{trigger.id}",
            run_at=datetime.combine(day, time.min),
            case_id=case.id,
            payload={"trigger": trigger.id, "on": day.isoformat(), "date": birthday.isoformat()},
        )


def fire_date(job: Job) -> None:
    """The worker's handler for every dated trigger: its day has come (a birthday, a
    date answered in a form, a stage's deadline near)."""
    case = db.session.get(Case, job.case_id)
    if case is None or case.closed_on is not None:
        return
    pathway = library.pathway_model(case.pathway_version)
    trigger = next((t for t in pathway.triggers if t.id == job.payload["trigger"]), None)
    if trigger is None:
        return
    on = date.fromisoformat(job.payload["on"])
    # A task with no timescale of its own is due on the day the trigger is about.
    about = job.payload.get("date")
    if job.kind == dated.DEADLINE:
        about = dated.still_due(job.payload)
        if about is None:
            return  # the stage was finished or its deadline moved since
    if trigger.when is not None:
        data = engine.rule_data(pathway_service.latest_answers_by_stage(case), facts(case))
        if not engine.condition_holds(trigger.when, data):
            return
    if trigger.start:
        pathway_service.start_stage(case, pathway.stages_by_id[trigger.start], on)
        pathway_service.recompute_due_dates(case)
    if trigger.task:
        due = date.fromisoformat(about) if isinstance(about, str) else about
        _make_task(case, pathway, trigger, on, due_on=due)


def _make_task(
    case: Case, pathway: Pathway, trigger: Trigger, on: date, due_on: date | None = None
) -> None:
    task = trigger.task
    if task.due is not None:
        due_on = engine.due_date(pathway, task.due, {}, started_on=on)
    tasks.create(
        case,
        title=task.title,
        description=task.description or trigger.description,
        source=f"trigger:{trigger.id}",
        due_on=due_on,
    )


def _birthday(born: date, years: int) -> date:
    try:
        return born.replace(year=born.year + years)
    except ValueError:  # born on 29 February: the birthday is 1 March in other years
        return date(born.year + years, 3, 1)
