"""Changing a case's lead worker from its page: only the team's manager, only to a
practitioner of the team, with CSRF; the open tasks follow the case."""

from __future__ import annotations

from datetime import date

from casework.accounts import service as accounts
from casework.cases import service as cases
from casework.extensions import db
from casework.library import service as library
from casework.models import AuditEvent, Case
from casework.tasks import service as tasks

from .conftest import csrf_from


def _case(app) -> int:
    with app.test_request_context():
        library.sync(app.config["LIBRARY_PATH"])
        pat = accounts.find("pat")
        case = cases.open_case(
            pat,
            pathway_id="child_in_need",
            child=cases.NewChild(first_name="Ruby", last_name="Lane", date_of_birth=None),
            referral_received=date.today(),
        )
        tasks.add_one_off(pat, case, title="Ring the school", due_on=None)
        return case.id


def _lead(app, case_id: int) -> str:
    with app.app_context():
        return db.session.get(Case, case_id).lead_worker.username


def test_a_practitioner_may_not_change_the_lead_worker(app, client, sign_in):
    case_id = _case(app)
    sign_in("pat")
    url = f"/cases/{case_id}/lead-worker"
    assert client.get(url).status_code == 403
    token = csrf_from(client.get(f"/cases/{case_id}").get_data(as_text=True))
    with app.app_context():
        sam_id = accounts.find("sam").id
    assert client.post(url, data={"csrf_token": token, "worker": sam_id}).status_code == 403
    assert _lead(app, case_id) == "pat"


def test_the_manager_gives_the_case_and_its_open_tasks_to_another_practitioner(
    app, client, sign_in
):
    case_id = _case(app)
    sign_in("mo")
    url = f"/cases/{case_id}/lead-worker"
    page = client.get(url).get_data(as_text=True)
    assert "Pat Okafor (leads it now)" in page and "Sam Whitley" in page
    assert "Dee Marsh" not in page  # a designer cannot lead a case
    with app.app_context():
        sam_id, dee_id = accounts.find("sam").id, accounts.find("dee").id
    # Without the CSRF token nothing changes.
    assert client.post(url, data={"worker": sam_id}).status_code == 400
    # Someone not offered is refused with a message, and nothing changes.
    refused = client.post(url, data={"csrf_token": csrf_from(page), "worker": dee_id})
    assert refused.status_code == 200
    assert "Select a practitioner of the case&#39;s team" in refused.get_data(as_text=True)
    assert _lead(app, case_id) == "pat"
    done = client.post(url, data={"csrf_token": csrf_from(page), "worker": sam_id})
    assert done.status_code == 302
    assert _lead(app, case_id) == "sam"
    with app.app_context():
        case = db.session.get(Case, case_id)
        assert [(t.title, t.owner.username) for t in tasks.for_case(case)] == [
            ("Ring the school", "sam")
        ]
        entry = db.session.query(AuditEvent).filter_by(action="case_reassigned").one()
        assert entry.detail == {"from": "Pat Okafor", "to": "Sam Whitley"}
