"""Restricted cases that still work: the lead's manager signs off, named people with
reasons, break glass with a reason (audited, flagged, short-lived), and an administrator
names someone when nobody named can act. Everyone else is told the case does not exist."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
import time_machine
from click.testing import CliRunner
from sqlalchemy import select

from casework.accounts import service as accounts
from casework.cases import service as cases
from casework.cli import main
from casework.extensions import db
from casework.library import service as library
from casework.models import AuditEvent, AuditEventCase, CaseAccess, Record
from casework.models.time import utcnow
from casework.pathway import service as pathway_service
from casework.records import saving
from casework.records import service as records
from tests.casework.conftest import csrf_from, sign_out


@pytest.fixture
def published(app, demo_users):
    with app.test_request_context():
        library.sync(app.config["LIBRARY_PATH"])


def _restricted(app, first="Amelia", last="Brook") -> int:
    with app.test_request_context():
        return cases.open_case(
            accounts.find("pat"),
            pathway_id="child_protection",
            child=cases.NewChild(first, last, date(2018, 4, 2)),
            referral_received=date(2026, 11, 20),
            restricted=True,
        ).id


def _awaiting_sign_off(app, case_id: int) -> int:
    """Pat records a strategy discussion and sends it to the manager."""
    with app.test_request_context():
        case = cases.get(accounts.find("pat"), case_id)
        stage = pathway_service.pathway_of(case).stages_by_id["strategy_discussion"]
        instance = pathway_service.start_stage(case, stage, date(2026, 11, 21))
        db.session.commit()
        record = records.start(accounts.find("pat"), case, instance)
        saving.save(
            accounts.find("pat"),
            record,
            {
                "concern_date": "2026-11-20",
                "discussion_date": "2026-11-21",
                "decision": "section_47",
            },
            base_revision=record.revision,
            idempotency_key="s1",
        )
        assert records.submit(accounts.find("pat"), record, {}) == "awaiting_authorisation"
        return record.id


def _entries(app, action: str) -> list[AuditEvent]:
    with app.app_context():
        return list(db.session.scalars(select(AuditEvent).where(AuditEvent.action == action)))


def test_the_leads_manager_sees_the_record_at_home_and_signs_it_off(
    app, client, sign_in, published
):
    record_id = _awaiting_sign_off(app, _restricted(app))
    home = sign_in("mo", follow=True).get_data(as_text=True)
    assert f'href="/records/{record_id}"' in home  # on the manager's sign-off rows
    page = client.get(f"/records/{record_id}")
    assert page.status_code == 200
    response = client.post(
        f"/records/{record_id}/authorise",
        data={
            "csrf_token": csrf_from(page.get_data(as_text=True)),
            "decision": "approve",
            "comments": "Agreed.",
        },
    )
    assert response.status_code == 302
    with app.app_context():
        record = db.session.get(Record, record_id)
        assert record.status == "completed" and record.authorised_by.username == "mo"


def test_another_practitioner_is_told_nothing_exists_anywhere(app, client, sign_in, published):
    case_id = _restricted(app)
    record_id = _awaiting_sign_off(app, case_id)
    sign_in("sam")  # same team, not named
    for url in (
        f"/cases/{case_id}",
        f"/cases/{case_id}/named",
        f"/cases/{case_id}/people/new",
        f"/cases/{case_id}/services/new",
        f"/records/{record_id}",
        f"/records/{record_id}/print",
        f"/records/{record_id}/document",
        f"/records/{record_id}/document/family.pdf",
        f"/records/{record_id}/document/issue",
    ):
        assert client.get(url).status_code == 404, url
    assert "Amelia" not in client.get("/cases/?q=amelia").get_data(as_text=True)
    assert "Amelia" not in client.get("/cases/").get_data(as_text=True)
    assert f"/records/{record_id}" not in client.get("/").get_data(as_text=True)


def test_the_lead_names_someone_with_a_reason_and_can_remove_them(app, client, sign_in, published):
    case_id = _restricted(app)
    with app.app_context():
        sam_id = accounts.find("sam").id
    sign_in("pat")
    page = client.get(f"/cases/{case_id}/named")
    html = page.get_data(as_text=True)
    assert "Pat Okafor" in html and "Lead practitioner" in html
    assert "Mo Hassan" in html and "Team manager of the lead practitioner" in html
    token = csrf_from(html)
    refused = client.post(
        f"/cases/{case_id}/named", data={"csrf_token": token, "person": sam_id, "reason": " "}
    )
    assert "Enter why this person needs to see the case" in refused.get_data(as_text=True)
    with app.app_context():
        assert db.session.get(CaseAccess, (case_id, sam_id)) is None
    named = client.post(
        f"/cases/{case_id}/named",
        data={"csrf_token": token, "person": sam_id, "reason": "Covering Pat's leave"},
        follow_redirects=True,
    )
    assert "Covering Pat&#39;s leave" in named.get_data(as_text=True)
    [entry] = _entries(app, "case_person_named")
    assert entry.username == "pat" and entry.detail["reason"] == "Covering Pat's leave"
    sign_out(client)

    sign_in("sam")
    assert client.get(f"/cases/{case_id}").status_code == 200
    assert client.get(f"/cases/{case_id}/named").status_code == 200
    sign_out(client)

    sign_in("pat")
    token = csrf_from(client.get(f"/cases/{case_id}/named").get_data(as_text=True))
    client.post(f"/cases/{case_id}/named/{sam_id}/remove", data={"csrf_token": token})
    assert _entries(app, "case_person_removed")
    sign_out(client)
    sign_in("sam")
    assert client.get(f"/cases/{case_id}").status_code == 404


def test_break_glass_needs_a_reason_is_audited_flagged_and_runs_out(
    app, client, sign_in, published
):
    case_id = _restricted(app)
    with app.app_context():
        reference = cases.get(accounts.find("pat"), case_id, purpose="").reference
    sign_in("sam")
    token = csrf_from(client.get("/cases/break-glass").get_data(as_text=True))
    no_reason = client.post(
        "/cases/break-glass", data={"csrf_token": token, "reference": reference, "reason": ""}
    )
    assert "Enter why this person needs to see the case" in no_reason.get_data(as_text=True)
    assert client.get(f"/cases/{case_id}").status_code == 404
    assert _entries(app, "break_glass") == []

    response = client.post(
        "/cases/break-glass",
        data={
            "csrf_token": token,
            "reference": reference.lower(),
            "reason": "Police called out of hours about the child",
        },
    )
    assert response.headers["Location"].endswith(f"/cases/{case_id}")
    case_page = client.get(f"/cases/{case_id}")
    assert case_page.status_code == 200
    assert "seeing this restricted case in an emergency" in case_page.get_data(as_text=True)
    [entry] = _entries(app, "break_glass")
    assert entry.username == "sam"
    assert entry.detail["reason"] == "Police called out of hours about the child"
    with app.app_context():
        named_cases = list(
            db.session.scalars(
                select(AuditEventCase.case_id).where(AuditEventCase.event_id == entry.id)
            )
        )
    assert named_cases == [case_id]
    sign_out(client)

    sign_in("aud")
    home = client.get("/").get_data(as_text=True)
    assert "To review" in home and "broke the glass" in home
    found = client.get("/audit/?action=break_glass").get_data(as_text=True)
    assert "Sam Whitley" in found and "Emergency access: review" in found
    sign_out(client)

    # By default the access lasts until the end of the UK day.
    with time_machine.travel(utcnow() + timedelta(days=1), tick=False):
        sign_in("sam")
        assert client.get(f"/cases/{case_id}").status_code == 404


def test_an_administrator_names_someone_only_when_nobody_can_act(app, client, sign_in, published):
    case_id = _restricted(app)
    with app.test_request_context():
        from casework.cases import naming

        case = naming.restricted_case(case_id)
        with pytest.raises(naming.NamingRefused, match="not stalled"):
            naming.name_for_stalled(accounts.find("ada"), case, "sam", "Pat left")
        for username in ("pat", "mo"):
            accounts.set_active(accounts.find(username), False)
        sam_id = accounts.find("sam").id
    sign_in("ada")
    listing = client.get("/admin/restricted-cases").get_data(as_text=True)
    assert f"/admin/restricted-cases/{case_id}" in listing
    assert "Amelia" not in listing  # the administrator sees references, not children
    page = client.get(f"/admin/restricted-cases/{case_id}").get_data(as_text=True)
    client.post(
        f"/admin/restricted-cases/{case_id}",
        data={"csrf_token": csrf_from(page), "person": sam_id, "reason": "Pat and Mo left"},
    )
    [entry] = _entries(app, "case_person_named_by_administrator")
    assert entry.username == "ada" and entry.detail["reason"] == "Pat and Mo left"
    sign_out(client)
    sign_in("sam")
    assert client.get(f"/cases/{case_id}").status_code == 200


def test_the_command_names_someone_on_a_stalled_case_only_with_write(app, published):
    case_id = _restricted(app)
    with app.test_request_context():
        reference = cases.get(accounts.find("pat"), case_id, purpose="").reference
        for username in ("pat", "mo"):
            accounts.set_active(accounts.find(username), False)
        sam_id = accounts.find("sam").id
    env = {"DATABASE_URL": app.config["SQLALCHEMY_DATABASE_URI"], "SECRET_KEY": "cli-test"}
    command = ["case", "name-person", reference, "sam", "--reason", "Team left", "--by", "ada"]
    dry = CliRunner().invoke(main, command, env=env)
    assert dry.exit_code == 0, dry.output
    assert "Nothing changed" in dry.output
    with app.app_context():
        assert db.session.get(CaseAccess, (case_id, sam_id)) is None
    listed = CliRunner().invoke(main, ["case", "stalled"], env=env)
    assert reference in listed.output
    done = CliRunner().invoke(main, [*command, "--write"], env=env)
    assert done.exit_code == 0, done.output
    with app.app_context():
        db.session.expire_all()
        assert db.session.get(CaseAccess, (case_id, sam_id)).reason == "Team left"
    assert _entries(app, "case_person_named_by_administrator")
