"""The pathway engine against the database: stages started, due dates, completion."""

from __future__ import annotations

from datetime import date

from sqlalchemy import select

from casework import events
from casework.cases.facts import facts
from casework.extensions import db
from casework.library import service as library
from casework.models import Case, CaseEvent, Record, StageInstance
from casework.pathway import clocks, engine
from renderer.definitions import Pathway, Stage


def pathway_of(case: Case) -> Pathway:
    return library.pathway_model(case.pathway_version)


def anchors(case: Case) -> dict[str, date]:
    rows = db.session.execute(
        select(CaseEvent.anchor, CaseEvent.happened_on)
        .where(CaseEvent.case_id == case.id, CaseEvent.anchor.is_not(None))
        .order_by(CaseEvent.happened_on)
    )
    # The latest occurrence counts: a second strategy discussion restarts its clocks.
    found = {anchor: happened_on for anchor, happened_on in rows}
    started = db.session.execute(
        select(StageInstance.stage_id, StageInstance.started_on)
        .where(StageInstance.case_id == case.id)
        .order_by(StageInstance.started_on, StageInstance.id)
    )
    for stage_id, started_on in started:
        found[engine.anchor_key("stage_started", stage_id)] = started_on
    return found


def start_stage(case: Case, stage: Stage, started_on: date) -> StageInstance:
    """Open a stage, or return the one already open: two routes into the same stage
    (the enquiry and the assessment both lead to the report) must not make two."""
    already = db.session.scalar(
        select(StageInstance)
        .where(
            StageInstance.case_id == case.id,
            StageInstance.stage_id == stage.id,
            StageInstance.status == "open",
        )
        .order_by(StageInstance.id)
        .limit(1)
    )
    if already is not None:
        return already
    pathway = pathway_of(case)
    due_on = None
    if stage.due is not None:
        # A repeating stage (visits, core groups) is timed from its own start.
        known = anchors(case) | {engine.anchor_key("stage_started", stage.id): started_on}
        try:
            due_on = engine.due_date(pathway, stage.due, known, started_on=started_on)
        except engine.ClockNotStarted:
            due_on = None  # shown as "not yet due"; set once its clock starts
    instance = StageInstance(
        case_id=case.id,
        stage_id=stage.id,
        status="open",
        started_on=started_on,
        due_on=due_on,
        weight=int(round(stage.weight)),
    )
    db.session.add(instance)
    db.session.flush()
    events.stage_started.send(case, instance=instance, on=started_on)
    return instance


def start_case(case: Case) -> list[StageInstance]:
    return [
        start_stage(case, stage, case.opened_on)
        for stage in engine.opening_stages(pathway_of(case))
    ]


def case_opened(case: Case, on: date, **_) -> None:
    """Hears ``case_opened``: the pathway's opening stages start."""
    start_case(case)


def open_stages(case: Case) -> list[StageInstance]:
    return list(
        db.session.scalars(
            select(StageInstance)
            .where(StageInstance.case_id == case.id)
            .order_by(StageInstance.status.desc(), StageInstance.due_on, StageInstance.id)
        )
    )


def recompute_due_dates(case: Case) -> None:
    clocks.recompute_due_dates(case)


def submitted(case: Case, instance: StageInstance, record: Record, on: date) -> list:
    """A form sent for sign-off: start what its fire-on-submit transitions lead to. A
    form returned and submitted again starts only what its new answers now call for."""
    pathway = pathway_of(case)
    stage = pathway.stages_by_id[instance.stage_id]
    already = _started_on_submit(case, record, pathway, stage.id)
    db.session.add(
        CaseEvent(
            case_id=case.id,
            happened_on=on,
            kind="submitted",
            title=f"{stage.title} submitted for sign-off",
            record_id=record.id,
            user_id=record.updated_by_id,
        )
    )
    db.session.flush()
    data = engine.rule_data(latest_answers_by_stage(case), facts(case))
    steps = engine.next_stages(
        pathway, stage.id, data, moment="submitted", started_on_submit=already
    )
    started = [start_stage(case, step.stage, on) for step in steps]
    recompute_due_dates(case)
    return started


def _started_on_submit(case: Case, record: Record, pathway: Pathway, stage_id: str) -> frozenset:
    """Stages this record's fire-on-submit transitions have started since it was first
    submitted (the day counts), so neither a second submit nor sign-off starts them
    again, even once they are finished."""
    targets = {
        t.to_stage
        for t in pathway.transitions
        if t.from_stage == stage_id and t.fires_on == "submitted"
    }
    if not targets:
        return frozenset()
    first = db.session.scalar(
        select(db.func.min(CaseEvent.happened_on)).where(
            CaseEvent.record_id == record.id, CaseEvent.kind == "submitted"
        )
    )
    if first is None:
        return frozenset()
    return frozenset(
        db.session.scalars(
            select(StageInstance.stage_id).where(
                StageInstance.case_id == case.id,
                StageInstance.stage_id.in_(targets),
                StageInstance.started_on >= first,
            )
        )
    )


def complete_stage(
    case: Case, instance: StageInstance, record: Record, on: date
) -> list[StageInstance]:
    """Close a stage, start its clock anchors, and open the stages it leads to."""
    pathway = pathway_of(case)
    instance.status = "completed"
    instance.completed_on = on
    stage = pathway.stages_by_id[instance.stage_id]
    db.session.add(
        CaseEvent(
            case_id=case.id,
            happened_on=on,
            kind="stage_completed",
            anchor=engine.anchor_key("stage_completed", stage.id),
            title=f"{stage.title} completed",
            record_id=record.id,
            user_id=record.updated_by_id,
        )
    )
    db.session.flush()
    events.stage_completed.send(case, instance=instance, record=record, on=on)
    data = engine.rule_data(latest_answers_by_stage(case), facts(case))
    steps = engine.next_stages(
        pathway,
        stage.id,
        data,
        started_on_submit=_started_on_submit(case, record, pathway, stage.id),
    )
    started = [start_stage(case, step.stage, on) for step in steps]
    recompute_due_dates(case)
    return started


def latest_answers_by_stage(case: Case) -> dict[str, dict]:
    return {stage: answers for stage, (answers, _) in latest_records_by_stage(case).items()}


def latest_records_by_stage(case: Case) -> dict[str, tuple[dict, date]]:
    rows = db.session.execute(
        select(StageInstance.stage_id, Record.answers, Record.updated_at)
        .join(Record, Record.stage_instance_id == StageInstance.id)
        .where(StageInstance.case_id == case.id)
        .order_by(Record.updated_at)
    )
    return {stage: (answers, updated.date()) for stage, answers, updated in rows}


def stage_title(case: Case, stage_id: str) -> str:
    stage = pathway_of(case).stages_by_id.get(stage_id)
    return stage.title if stage else stage_id
