"""Move a demo case along its pathway by completing its forms with invented answers."""

from __future__ import annotations

from datetime import date, timedelta

from casework import demo_answers
from casework.cases.service import people_choices
from casework.models import Case, User
from casework.pathway import service as pathway_service
from casework.records import saving
from casework.records import service as records
from renderer.screens import compile_form


class DemoStuck(RuntimeError):
    """A shipped form could not be completed by the demo filler (a bug worth seeing)."""


def advance(case: Case, worker: User, manager: User, steps: int) -> None:
    pathway = pathway_service.pathway_of(case)
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
            return
        record = records.start(worker, case, instance)
        if step == steps:
            _draft(record, worker, case)  # the last stage is left in progress
            return
        _complete(record, worker, manager, case, pathway, instance.stage_id)


def _fill(record, case, pathway=None, stage_id=None) -> dict:
    form = records.form_of(record)
    people = [person_id for person_id, _ in people_choices(case)]
    choices = demo_answers.transition_choices(pathway, stage_id) if pathway else {}
    return demo_answers.fill(form, people=people, choices=choices, existing=record.answers)


def _draft(record, worker, case) -> None:
    answers = _fill(record, case)
    first_section = records.form_of(record).sections[0]
    changes = {f.id: answers[f.id] for f in first_section.fields if f.id in answers}
    saving.save(
        worker,
        record,
        changes,
        base_revision=record.revision,
        idempotency_key=f"demo-{record.id}-draft",
        kind="save",
    )


def _complete(record, worker, manager, case, pathway, stage_id) -> None:
    form = records.form_of(record)
    compiled = compile_form(form)
    people = people_choices(case)
    answers = _fill(record, case, pathway, stage_id)
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
