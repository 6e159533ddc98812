"""Every screen that shows a child's data leaves an audit entry naming the case."""

from __future__ import annotations

import pytest
from sqlalchemy import select

from casework.extensions import db
from casework.models import AuditEvent, AuditEventCase, Case, StageInstance
from tests.casework.test_cases import _open, published  # noqa: F401 - shared fixture

pytestmark = pytest.mark.usefixtures("published")


def _entries_naming(app, case_id: int) -> list[tuple[str, str]]:
    with app.app_context():
        rows = db.session.execute(
            select(AuditEvent.action, AuditEvent.username)
            .join(AuditEventCase, AuditEventCase.event_id == AuditEvent.id)
            .where(AuditEventCase.case_id == case_id)
            .order_by(AuditEvent.id)
        )
        return [tuple(r) for r in rows]


def _start_record(app, case_id: int) -> int:
    from casework.accounts import service as accounts
    from casework.records import service as records

    with app.test_request_context():
        case = db.session.get(Case, case_id)
        instance = db.session.scalars(
            select(StageInstance).where(StageInstance.case_id == case_id)
        ).first()
        return records.start(accounts.find("pat"), case, instance).id


@pytest.mark.parametrize(
    ("url", "action"),
    [
        ("/", "work_list_viewed"),
        ("/cases/", "cases_listed"),
        ("/cases/?q=Brook", "cases_searched"),
        ("/cases/?q=02/04/2018", "cases_searched"),
        ("/cases/{case}/people/new", "add_person_page_viewed"),
        ("/cases/{case}/services/new", "add_service_page_viewed"),
        ("/records/{record}/document/issue", "issue_page_viewed"),
    ],
)
def test_each_screen_showing_a_child_is_audited_naming_the_case(app, client, sign_in, url, action):
    case_id = _open(app)
    other_case = _open(app, first="Noah", last="Quill")
    record_id = _start_record(app, case_id)
    sign_in("pat")
    before = _entries_naming(app, case_id)
    response = client.get(url.format(case=case_id, record=record_id))
    assert response.status_code == 200
    assert "Amelia Brook" in response.get_data(as_text=True)
    new = _entries_naming(app, case_id)[len(before) :]
    assert (action, "pat") in new
    if "q=Brook" in url:  # a search names only the cases it showed
        assert (action, "pat") not in _entries_naming(app, other_case)[-1:]


def test_a_search_records_what_was_searched_for(app, client, sign_in):
    _open(app)
    sign_in("pat")
    client.get("/cases/?q=Brook")
    with app.app_context():
        entry = db.session.scalars(
            select(AuditEvent).where(AuditEvent.action == "cases_searched")
        ).one()
        assert entry.detail == {"query": "Brook"}
