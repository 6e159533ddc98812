"""Move a demo case along its pathway, completing its forms with sample answers.

Each step happens on its own day in the past (the service stamps "today"; the walk
then moves that step's dates back), so the stages of a case are spread over weeks and
the open ones are due, due soon or overdue, as on a real caseload.
"""

from __future__ import annotations

from datetime import UTC, date, datetime, time, timedelta

from sqlalchemy import select

from casework.cases.service import people_choices
from casework.extensions import db
from casework.models import Case, CaseEvent, Record, StageInstance, User
from casework.notes import service as notes
from casework.pathway import service as pathway_service
from casework.records import saving
from casework.records import service as records
from renderer.samples import Family, Sampler, transition_choices
from renderer.screens import compile_form


class DemoStuck(RuntimeError):
    """A shipped form could not be completed by the demo filler (a bug worth seeing)."""


def step_days(opened: date, steps: int, last: date) -> list[date]:
    """The day each step is completed on: spread evenly from the referral to `last`."""
    span = max((last - opened).days, 0)
    return [opened + timedelta(days=span * (k + 1) // steps) for k in range(steps)]


def advance(
    case: Case, worker: User, manager: User, steps: int, family: Family, lag: int = 0
) -> None:
    """Complete `steps` stages, the last of them `lag` days ago, and start the next."""
    pathway = pathway_service.pathway_of(case)
    today = date.today()
    days = step_days(case.opened_on, steps, today - timedelta(days=lag)) + [today]
    for step in range(steps + 1):
        instance = next(
            (
                i
                for i in pathway_service.open_stages(case)
                if i.status == "open" and pathway.stages_by_id[i.stage_id].form
            ),
            None,
        )
        if instance is None:
            db.session.commit()
            return
        mark = _marks(case)
        record = records.start(worker, case, instance)
        sampler = Sampler(family, today=days[step], referral=case.opened_on, people=_triples(case))
        if step == steps:
            _draft(record, worker, sampler)  # the last stage is left in progress, today
            return
        _complete(
            record,
            worker,
            manager,
            case,
            sampler,
            transition_choices(pathway, instance.stage_id),
            instance.stage_id,
        )
        _backdate(case, mark, days[step])


def _triples(case: Case) -> list[tuple[str, str, str]]:
    roles = {str(p.id): p.role for p in case.people}
    return [(pid, name, roles.get(pid)) for pid, name in people_choices(case)]


def _draft(record, worker, sampler: Sampler) -> None:
    form = records.form_of(record)
    answers = sampler.answers(form, existing=record.answers)
    changes = {f.id: answers[f.id] for f in form.sections[0].fields if f.id in answers}
    # Census items are among the first things written down (who referred, and when),
    # so a referral still being recorded already has what the census needs.
    changes |= {
        f.id: answers[f.id]
        for section in form.sections
        for f in section.fields
        if f.statutory and f.statutory[0] == "cin_census" and f.id in answers
    }
    saving.save(
        worker,
        record,
        changes,
        base_revision=record.revision,
        idempotency_key=f"demo-{record.id}-draft",
        kind="save",
    )


def _complete(record, worker, manager, case, sampler, choices, stage_id) -> None:
    form = records.form_of(record)
    compiled = compile_form(form)
    people = people_choices(case)
    answers = sampler.answers(form, choices=choices, existing=record.answers)
    errors = compiled.check(answers, today=date.today(), people=people)
    for attempt in range(1, 4):
        if not errors:
            break
        # Cross-field validations (this date before that one) are met by moving the
        # failing dates before every other date; anything else is a real problem.
        dates = sorted(
            value
            for key, value in answers.items()
            if value and key in form.fields_by_id and form.fields_by_id[key].type == "date"
        )
        earliest = date.fromisoformat(dates[0]) if dates else date.today()
        for key in errors:
            field = form.fields_by_id.get(key)
            if field is not None and field.type == "date":
                answers[key] = (earliest - timedelta(days=attempt)).isoformat()
        errors = compiled.check(answers, today=date.today(), people=people)
    if errors:
        raise DemoStuck(f"{stage_id}: {errors}")
    changes = {k: v for k, v in answers.items() if record.answers.get(k) != v}
    saving.save(
        worker,
        record,
        changes,
        base_revision=record.revision,
        idempotency_key=f"demo-{record.id}",
        kind="save",
    )
    if records.submit(worker, record, errors) == "awaiting_authorisation":
        records.authorise(manager, record, approve=True, comments="Agreed.")


def _marks(case: Case) -> tuple[int, int, int]:
    """The newest event, stage and record of the case so far: what a step adds is newer."""

    def top(model):
        return (
            select(db.func.coalesce(db.func.max(model.id), 0))
            .where(model.case_id == case.id)
            .scalar_subquery()
        )

    row = db.session.execute(select(top(CaseEvent), top(StageInstance), top(Record))).one()
    return tuple(row)


def _backdate(case: Case, mark: tuple[int, int, int], day: date) -> None:
    """Move what this step did today back to `day`, then let the engine redo due dates."""
    today = date.today()
    if day >= today:
        return
    events, instances, records_before = mark
    moved = False
    stamp = datetime.combine(day, time(10, 30), tzinfo=UTC).replace(tzinfo=None)
    for event in db.session.scalars(
        select(CaseEvent).where(CaseEvent.case_id == case.id, CaseEvent.id > events)
    ):
        if event.happened_on == today:
            event.happened_on = day
    for instance in db.session.scalars(
        select(StageInstance).where(StageInstance.case_id == case.id)
    ):
        if instance.completed_on == today:
            instance.completed_on = day
        if instance.id > instances and instance.started_on == today:
            instance.started_on = day
            instance.due_on = None
            moved = True
    for record in db.session.scalars(
        select(Record).where(Record.case_id == case.id, Record.id > records_before)
    ):
        for column in ("created_at", "updated_at", "submitted_at", "authorised_at"):
            moment = getattr(record, column)
            if moment is not None and moment.date() == today:
                setattr(record, column, stamp)
    if moved:
        pathway_service.recompute_due_dates(case)
    db.session.flush()  # committed with the next step's first save


def add_notes(case: Case, worker: User, family: Family, steps: int) -> None:
    """A few everyday notes: a home visit where the child was seen on a case with a visit
    due (child protection or child in need: the visit is done, its clock restarts), and a phone call
    on every other case, so the case page, chronology and work list have notes too."""
    today = date.today()
    stages = pathway_service.pathway_of(case).stages_by_id
    visit = next(
        (
            i
            for i in pathway_service.open_stages(case)
            if i.status == "open"
            and i.started_on < today  # the visit is written up on a day before today
            and "home_visit" in stages[i.stage_id].completed_by_notes
            # A visit already being written up on its own form is left to that form.
            and not db.session.scalar(select(Record.id).where(Record.stage_instance_id == i.id))
        ),
        None,
    )
    if visit is not None:
        day = max(visit.started_on, today - timedelta(days=2))
        _note(case, worker, family, "home_visit", day, {"child_seen": "yes"}, significant=True)
    if steps % 2 == 1:
        day = max(case.opened_on, today - timedelta(days=1 + steps))
        _note(case, worker, family, "phone_call", day, {}, significant=False)
    db.session.commit()


def _note(case, worker, family, form_id: str, day: date, choices: dict, *, significant) -> None:
    mark = _marks(case)
    record = notes.start(worker, case, form_id)
    form = records.form_of(record)
    sampler = Sampler(family, today=day, referral=case.opened_on, people=_triples(case))
    answers = sampler.answers(form, choices={form.note_date: day.isoformat(), **choices})
    errors = compile_form(form).check(answers, today=date.today(), people=people_choices(case))
    if errors:
        raise DemoStuck(f"{form_id}: {errors}")
    saving.save(
        worker,
        record,
        answers,
        base_revision=record.revision,
        idempotency_key=f"demo-note-{record.id}",
        kind="save",
    )
    records.submit(worker, record, errors, significant=significant)
    _backdate(case, mark, day)
