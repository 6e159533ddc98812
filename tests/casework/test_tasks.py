"""Tasks from the pathway's triggers, tasks done by forms, and the worker that fires
date triggers: through the services, on SQLite or (make test-db) PostgreSQL."""

from __future__ import annotations

import shutil
import threading
from datetime import date, timedelta
from pathlib import Path

import pytest
import time_machine
from sqlalchemy import func, select

from casework.accounts import service as accounts
from casework.cases import service as cases
from casework.extensions import db
from casework.library import service as library
from casework.models import Case, Job, StageInstance, Task
from casework.pathway import overdue, worklist
from casework.records import service as records
from casework.tasks import jobs_service as jobs
from casework.tasks import service as tasks

MINI = Path(__file__).parent / "mini_library"

# The mini pathway, with a trigger of each kind that makes a task.
TRIGGERS = """
  - id: check_agencies
    on: {case_opened: true}
    task:
      title: Check what other agencies know
      due: {working_days: 2}
  - id: closing_letter
    on:
      stage_completed: first_visit
      when: {"==": [{"var": "first_visit.next_step"}, "close"]}
    task:
      title: Write to the family about closing
      due: {calendar: {days: 7}}
  - id: sixteen
    on: {date_reached: {child_age_years: 16}}
    task:
      title: Start planning for leaving care
      due: {calendar: {weeks: 4}}
"""


@pytest.fixture
def mini(app, demo_users, tmp_path):
    root = tmp_path / "library"
    shutil.copytree(MINI, root)
    pathway = root / "pathways" / "mini.yaml"
    pathway.write_text(pathway.read_text() + TRIGGERS)
    app.config["LIBRARY_PATH"] = str(root)
    with app.test_request_context():
        library.sync(root)
    return root


def _open(name="Ruby", born=None, referred=None):
    pat = accounts.find("pat")
    return cases.open_case(
        pat,
        pathway_id="mini",
        child=cases.NewChild(first_name=name, last_name="Lane", date_of_birth=born),
        referral_received=referred or date.today(),
    )


def _submit_first_visit(case, next_step):
    pat = accounts.find("pat")
    instance = db.session.scalar(
        select(StageInstance).where(
            StageInstance.case_id == case.id, StageInstance.stage_id == "first_visit"
        )
    )
    record = records.start(pat, case, instance)
    record.answers = {
        "visit_date": date.today().isoformat(),
        "child_seen": "yes",
        "next_step": next_step,
    }
    db.session.commit()
    return records.submit(pat, record, {})


def _open_titles(case):
    return sorted(t.title for t in tasks.for_case(case) if t.status == "open")


def test_opening_a_case_gives_its_lead_worker_the_pathways_task(app, mini):
    with app.test_request_context():
        case = _open()
        [task] = tasks.for_case(case)
        assert task.title == "Check what other agencies know"
        assert task.owner_id == accounts.find("pat").id
        assert task.due_on > date.today()
        work = worklist.work_list(accounts.find("pat"), date.today())
        assert "Check what other agencies know" in [i.title for i in work if i.action == "task"]
        manager_rows = worklist.work_list(accounts.find("mo"), date.today())
        assert [i.worker.full_name for i in manager_rows if i.task] == ["Pat Okafor"]


def test_a_stage_completed_makes_a_task_only_when_its_condition_holds(app, mini):
    with app.test_request_context():
        planned, closed = _open("Ruby"), _open("Leo")
        _submit_first_visit(planned, "plan")
        _submit_first_visit(closed, "close")
        assert _open_titles(planned) == ["Check what other agencies know"]
        assert _open_titles(closed) == [
            "Check what other agencies know",
            "Write to the family about closing",
        ]


def test_a_task_tied_to_a_form_completes_itself_when_the_form_is_submitted(app, mini):
    with app.test_request_context():
        case = _open()
        pat = accounts.find("pat")
        tied = tasks.add_one_off(pat, case, title="Visit Ruby", due_on=None, form="first_visit")
        loose = tasks.add_one_off(pat, case, title="Ring the school", due_on=None)
        _submit_first_visit(case, "plan")
        assert (tied.status, tied.completed_how) == ("done", "First visit submitted")
        assert loose.status == "open"
        assert "Visit Ruby" not in [i.title for i in worklist.work_list(pat, date.today())]


def test_reassigning_a_case_reassigns_its_open_tasks_and_not_its_done_ones(app, mini):
    with app.test_request_context():
        case = _open()
        pat, sam, mo = (accounts.find(u) for u in ("pat", "sam", "mo"))
        done = tasks.add_one_off(pat, case, title="Ring the school", due_on=None)
        tasks.mark_done(pat, done, date.today())
        cases.reassign(mo, case, sam)
        owners = {t.title: t.owner_id for t in tasks.for_case(case)}
        assert owners == {"Check what other agencies know": sam.id, "Ring the school": pat.id}


def test_the_sixteenth_birthday_fires_from_the_worker_on_the_day_and_once(app, mini):
    start = date.today()
    with app.test_request_context():
        case = _open(born=start.replace(year=start.year - 16) + timedelta(days=3))
        assert jobs.run_due("test") == 0  # not yet: nothing fires early
        assert "Start planning for leaving care" not in _open_titles(case)
    later = start + timedelta(days=3, hours=1)
    with time_machine.travel(later, tick=False), app.test_request_context():
        assert jobs.run_due("test") == 1
        assert jobs.run_due("test") == 0
        case = db.session.get(type(case), case.id)
        [task] = [t for t in tasks.for_case(case) if t.source == "trigger:sixteen"]
        assert task.due_on == start + timedelta(days=3 + 28)


def test_a_birthday_already_past_when_the_case_opens_is_not_fired_late(app, mini):
    with app.test_request_context():
        _open(born=date.today().replace(year=date.today().year - 17))
        assert db.session.scalar(select(func.count()).select_from(Job)) == 0


def test_two_workers_at_once_never_fire_one_trigger_twice(app, mini):
    """Many date triggers due at once, claimed by two workers racing each other: on
    PostgreSQL with SKIP LOCKED, on SQLite under its single writer lock."""
    start = date.today()
    born = start.replace(year=start.year - 16) + timedelta(days=1)
    with app.test_request_context():
        for n in range(12):
            _open(name=f"Child{n}", born=born)
    ran: dict[str, int] = {}
    barrier = threading.Barrier(2)

    def work(name):
        with app.app_context():
            barrier.wait()
            ran[name] = jobs.run_due(name, limit=100)
            db.session.remove()

    with time_machine.travel(start + timedelta(days=2), tick=False):
        threads = [threading.Thread(target=work, args=(n,)) for n in ("one", "two")]
        for t in threads:
            t.start()
        for t in threads:
            t.join(timeout=120)
    with app.app_context():
        fired = db.session.scalar(
            select(func.count()).select_from(Task).where(Task.source == "trigger:sixteen")
        )
        attempts = db.session.scalars(select(Job.attempts)).all()
    assert fired == 12
    assert ran["one"] + ran["two"] == 12
    assert attempts == [1] * 12


def test_the_manager_sees_a_visit_not_made_within_its_timescale(app, mini):
    """The mini pathway's first visit is due 5 working days after the referral."""
    with app.test_request_context():
        case = _open("Ruby")
        due = db.session.scalar(
            select(StageInstance.due_on).where(StageInstance.case_id == case.id)
        )
    with time_machine.travel(due, tick=False), app.test_request_context():
        mo = accounts.find("mo")
        assert overdue.visits_overdue(mo, due) == []
    with time_machine.travel(due + timedelta(days=1), tick=False), app.test_request_context():
        late = overdue.overdue_by_worker(mo, due + timedelta(days=1))
        [visit] = overdue.visits_overdue(mo, due + timedelta(days=1))
        assert (visit.title, visit.worker.full_name) == ("First visit", "Pat Okafor")
        assert [w.name for w in late] == ["Pat Okafor"]


def test_a_home_visit_note_that_counts_as_the_visit_completes_the_visit_s_tasks(app, demo_users):
    from tests.casework.test_notes import SEEN, _case_with_visit_due, _note

    with app.test_request_context():
        library.sync(app.config["LIBRARY_PATH"])
    case_id = _case_with_visit_due(app)
    with app.test_request_context():
        case = db.session.get(Case, case_id)
        pat = accounts.find("pat")
        for title, form in (
            ("Visit Ruby at home", "child_protection_visit"),
            ("Write up the visit", "home_visit"),
            ("Ring the school", None),
        ):
            tasks.add_one_off(pat, case, title=title, due_on=date(2026, 11, 9), form=form)
    # Not seeing the child is no visit: the visit's task stays open.
    not_seen = SEEN | {"child_seen": "no"}
    del not_seen["child_seen_alone"], not_seen["childs_words"]
    _note(app, case_id, "home_visit", not_seen)
    with app.app_context():
        state = {t.title: t.status for t in db.session.scalars(select(Task))}
    assert state == {
        "Visit Ruby at home": "open",
        "Write up the visit": "done",
        "Ring the school": "open",
    }
    _note(app, case_id, "home_visit", SEEN)
    with app.app_context():
        done = {
            t.title: (t.status, t.completed_how, t.completed_by_id)
            for t in db.session.scalars(select(Task))
        }
        pat_id = accounts.find("pat").id
    assert done["Visit Ruby at home"] == (
        "done",
        "Home visit counted as the child protection visit",
        pat_id,
    )
    assert done["Ring the school"][0] == "open"
