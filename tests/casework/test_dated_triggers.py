"""Triggers on dates the case gives: a date answered in a form, and a stage's deadline
approaching. Scheduled, moved and cancelled as records are submitted and due dates are
worked out again; fired by the worker with the clock moved, never by waiting."""

from __future__ import annotations

import shutil
import uuid
from datetime import date, timedelta
from pathlib import Path

import pytest
import time_machine
from sqlalchemy import select

from casework.accounts import service as accounts
from casework.cases import service as cases
from casework.extensions import db
from casework.library import service as library
from casework.models import Case, Job, StageInstance
from casework.pathway.calendar import is_working_day, working_days_before
from casework.records import saving
from casework.records import service as records
from casework.tasks import jobs_service as jobs
from casework.tasks import service as tasks

MINI = Path(__file__).parent / "mini_library"

# The first visit is booked for a date, which is also when it is due; the plan asks
# when the plan will be reviewed.
EVENTS = """events:
  - id: visit_booked
    label: Visit booked
    recorded_by: {stage: first_visit, field: visit_date}
  - id: referral_received"""

TRIGGERS = """
  - id: review_coming
    on:
      date_reached:
        answer: {stage: plan, field: review_date}
        days_before: 7
    task:
      title: Review in a week - ask the family how the plan is going
  - id: visit_soon
    on:
      deadline_approaching: {stage: first_visit, days_before: 2}
    task:
      title: Visit in 2 days - ring the family to confirm
  - id: plan_soon
    on:
      deadline_approaching: {stage: plan, days_before: 2}
    task:
      title: Plan due in 2 working days - agree it with the family
      due: {working_days: 1}
"""

REVIEW_DATE = """      - id: review_date
        type: date
        label: When we will review the plan
"""


@pytest.fixture
def mini(app, demo_users, tmp_path):
    root = tmp_path / "library"
    shutil.copytree(MINI, root)
    pathway = root / "pathways" / "mini.yaml"
    text = pathway.read_text().replace("events:\n  - id: referral_received", EVENTS)
    text = text.replace(
        "      from: {event: referral_received}\n"
        "      working_days: {parameter: visit_working_days}",
        "      from: {event: visit_booked}\n      calendar: {days: 0}",
    )
    text = text.replace(
        "    description: Visit within 5 working days of the referral.\n", ""
    ).replace(
        "parameters:\n  - id: visit_working_days\n    default: 5\n    unit: working_days\n", ""
    )
    pathway.write_text(text + TRIGGERS)
    plan = root / "form_library" / "plan.yaml"
    plan.write_text(plan.read_text().replace("output:\n", REVIEW_DATE + "output:\n"))
    app.config["LIBRARY_PATH"] = str(root)
    with app.test_request_context():
        library.sync(root)
    return root


def _case(app) -> int:
    with app.test_request_context():
        case = cases.open_case(
            accounts.find("pat"),
            pathway_id="mini",
            child=cases.NewChild(first_name="Ruby", last_name="Lane", date_of_birth=None),
            referral_received=date.today(),
        )
        return case.id


def _record(case_id: int, stage_id: str):
    case = db.session.get(Case, case_id)
    instance = db.session.scalar(
        select(StageInstance).where(
            StageInstance.case_id == case_id,
            StageInstance.stage_id == stage_id,
            StageInstance.status == "open",
        )
    )
    existing = [r for r in records.by_stage(case).get(stage_id, []) if r.status != "completed"]
    return existing[0] if existing else records.start(accounts.find("pat"), case, instance)


def _save(app, case_id: int, stage_id: str, answers: dict) -> None:
    with app.test_request_context():
        record = _record(case_id, stage_id)
        saving.save(
            accounts.find("pat"),
            record,
            answers,
            base_revision=record.revision,
            idempotency_key=str(uuid.uuid4()),
        )


def _submit(app, case_id: int, stage_id: str, answers: dict) -> None:
    _save(app, case_id, stage_id, answers)
    with app.test_request_context():
        record = _record(case_id, stage_id)
        records.submit(accounts.find("pat"), record, {})


def _visit(day: date) -> dict:
    return {"visit_date": day.isoformat(), "child_seen": "yes", "next_step": "plan"}


def _jobs(app, kind: str) -> list[tuple[str, date]]:
    with app.app_context():
        rows = db.session.scalars(select(Job).where(Job.kind == kind).order_by(Job.id))
        return [(j.status, j.run_at.date()) for j in rows]


def _open_tasks(app, case_id: int) -> list[tuple[str, date | None]]:
    with app.app_context():
        case = db.session.get(Case, case_id)
        return [(t.title, t.due_on) for t in tasks.for_case(case) if t.status == "open"]


def _worker(app, day: date) -> int:
    with time_machine.travel(day, tick=False), app.app_context():
        return jobs.run_due("test-worker", limit=100)


def _next_working_day(day: date, n: int) -> date:
    while n:
        day += timedelta(days=1)
        n -= is_working_day(day)
    return day


REVIEW = "Review in a week - ask the family how the plan is going"
VISIT = "Visit in 2 days - ring the family to confirm"
PLAN = "Plan due in 2 working days - agree it with the family"


def _planned_case(app, review: date | None) -> int:
    case_id = _case(app)
    _submit(app, case_id, "first_visit", _visit(date.today()))
    answers = {"plan_summary": "Weekly visits"}
    if review:
        answers["review_date"] = review.isoformat()
    _submit(app, case_id, "plan", answers)
    return case_id


def test_a_date_answered_in_a_form_fires_a_week_before_from_the_worker(app, mini):
    today = date.today()
    review = today + timedelta(days=30)
    case_id = _planned_case(app, review)
    assert _jobs(app, "date_answered") == [("waiting", review - timedelta(days=7))]
    _worker(app, review - timedelta(days=8))
    assert REVIEW not in [t for t, _ in _open_tasks(app, case_id)]
    _worker(app, review - timedelta(days=7))
    # With no timescale of its own, the task is due on the date answered.
    assert (REVIEW, review) in _open_tasks(app, case_id)
    _worker(app, review)
    assert [t for t, _ in _open_tasks(app, case_id)].count(REVIEW) == 1  # fired once


def test_a_changed_date_moves_the_trigger_and_a_cleared_one_cancels_it(app, mini):
    today = date.today()
    case_id = _planned_case(app, today + timedelta(days=30))
    with app.test_request_context():  # the manager sends the plan back
        record = _record(case_id, "plan")
        records.authorise(accounts.find("mo"), record, approve=False, comments="Sooner")
    _submit(app, case_id, "plan", {"review_date": (today + timedelta(days=20)).isoformat()})
    assert _jobs(app, "date_answered") == [("waiting", today + timedelta(days=13))]
    with app.test_request_context():
        record = _record(case_id, "plan")
        records.authorise(accounts.find("mo"), record, approve=False, comments="Not yet")
    _submit(app, case_id, "plan", {"review_date": None})
    assert _jobs(app, "date_answered") == [("cancelled", today + timedelta(days=13))]
    _worker(app, today + timedelta(days=40))
    assert REVIEW not in [t for t, _ in _open_tasks(app, case_id)]


def test_a_date_already_past_is_not_fired_late_and_a_near_one_fires_today(app, mini):
    today = date.today()
    _planned_case(app, today - timedelta(days=1))
    assert _jobs(app, "date_answered") == []
    near = _planned_case(app, today + timedelta(days=3))
    assert _jobs(app, "date_answered") == [("waiting", today)]
    _worker(app, today)
    assert (REVIEW, today + timedelta(days=3)) in _open_tasks(app, near)


def test_a_deadline_approaching_is_scheduled_and_moved_with_the_due_date(app, mini):
    today = date.today()
    booked = today + timedelta(days=20)
    case_id = _case(app)
    _save(app, case_id, "first_visit", {"visit_date": booked.isoformat()})
    assert _jobs(app, "deadline_approaching") == [("waiting", booked - timedelta(days=2))]
    # The visit is rebooked: its due date is worked out again and the reminder follows.
    rebooked = booked + timedelta(days=5)
    _save(app, case_id, "first_visit", {"visit_date": rebooked.isoformat()})
    assert _jobs(app, "deadline_approaching") == [("waiting", rebooked - timedelta(days=2))]
    assert _worker(app, booked - timedelta(days=2)) == 0
    assert VISIT not in [t for t, _ in _open_tasks(app, case_id)]
    assert _worker(app, rebooked - timedelta(days=2)) == 1
    # With no timescale of its own, the task is due when the stage is.
    assert (VISIT, rebooked) in _open_tasks(app, case_id)


def test_a_deadline_in_working_days_is_approached_in_working_days(app, mini):
    case_id = _case(app)
    _submit(app, case_id, "first_visit", _visit(date.today()))
    due = _next_working_day(date.today(), 10)  # the plan: 10 working days after the visit
    reminder = working_days_before(due, 2)
    assert ("waiting", reminder) in _jobs(app, "deadline_approaching")
    _worker(app, reminder - timedelta(days=1))
    assert PLAN not in [t for t, _ in _open_tasks(app, case_id)]
    _worker(app, reminder)
    assert (PLAN, _next_working_day(reminder, 1)) in _open_tasks(app, case_id)


def test_a_deadline_reminder_is_cancelled_when_the_stage_is_finished(app, mini):
    today = date.today()
    booked = today + timedelta(days=20)
    case_id = _case(app)
    _save(app, case_id, "first_visit", {"visit_date": booked.isoformat()})
    _submit(app, case_id, "first_visit", _visit(date.today()))
    # The visit happened early: its reminder goes (the plan's own reminder comes next).
    assert _jobs(app, "deadline_approaching")[0] == ("cancelled", booked - timedelta(days=2))
    _worker(app, booked)
    assert VISIT not in [t for t, _ in _open_tasks(app, case_id)]


def test_a_reminder_already_made_is_done_when_its_stage_is_finished(app, mini):
    today = date.today()
    booked = today + timedelta(days=20)
    case_id = _case(app)
    _save(app, case_id, "first_visit", {"visit_date": booked.isoformat()})
    assert _worker(app, booked - timedelta(days=2)) == 1
    assert (VISIT, booked) in _open_tasks(app, case_id)
    _submit(app, case_id, "first_visit", _visit(booked))
    # The visit happened: the reminder about it is not left open (and overdue) on the list.
    assert VISIT not in [t for t, _ in _open_tasks(app, case_id)]
    with app.app_context():
        case = db.session.get(Case, case_id)
        done = [t for t in tasks.for_case(case) if t.title == VISIT]
        assert [(t.status, t.completed_how) for t in done] == [("done", "First visit recorded")]


def _return_plan(app, case_id: int) -> None:
    with app.test_request_context():
        record = _record(case_id, "plan")
        records.authorise(accounts.find("mo"), record, approve=False, comments="Look again")


def test_a_fired_date_fires_again_only_for_a_new_date(app, mini):
    today = date.today()
    review = today + timedelta(days=10)
    case_id = _planned_case(app, review)
    _worker(app, review - timedelta(days=7))
    _return_plan(app, case_id)
    _submit(app, case_id, "plan", {"plan_summary": "Weekly visits, and a nursery place"})
    _worker(app, review - timedelta(days=7))
    assert [t for t, _ in _open_tasks(app, case_id)].count(REVIEW) == 1  # the same date
    later = review + timedelta(days=14)
    _return_plan(app, case_id)
    _submit(app, case_id, "plan", {"review_date": later.isoformat()})
    assert _jobs(app, "date_answered") == [("waiting", later - timedelta(days=7))]
    _worker(app, later - timedelta(days=7))
    assert [d for t, d in _open_tasks(app, case_id) if t == REVIEW] == [review, later]
