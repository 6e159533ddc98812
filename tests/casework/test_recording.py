"""Recording on rendered forms, end to end through the service (no browser)."""

from __future__ import annotations

import re
import shutil
from datetime import date
from pathlib import Path

import pytest
from sqlalchemy import func, select

from casework.demo import DEMO_PASSWORD
from casework.extensions import db
from casework.library import service as library
from casework.models import Record, RecordSave, StageInstance
from casework.pathway.calendar import add_working_days
from tests.casework.conftest import csrf_from

MINI = Path(__file__).parent / "mini_library"


@pytest.fixture
def mini(app, demo_users, tmp_path):
    root = tmp_path / "library"
    shutil.copytree(MINI, root)
    app.config["LIBRARY_PATH"] = str(root)
    with app.test_request_context():
        library.sync(root)
    return root


def _open_case(client):
    page = client.get("/cases/new").get_data(as_text=True)
    today = date.today()
    response = client.post(
        "/cases/new",
        data={
            "csrf_token": csrf_from(page),
            "pathway": "mini",
            "first_name": "Ruby",
            "last_name": "Lane",
            "referral_received": [str(today.day), str(today.month), str(today.year)],
            "restricted": "no",
        },
    )
    return int(response.headers["Location"].rsplit("/", 1)[1])


def _start(app, client, case_id, stage_id):
    with app.app_context():
        instance = db.session.scalar(
            select(StageInstance).where(
                StageInstance.case_id == case_id, StageInstance.stage_id == stage_id
            )
        )
    page = client.get(f"/cases/{case_id}").get_data(as_text=True)
    response = client.post(
        f"/cases/{case_id}/stages/{instance.id}/record", data={"csrf_token": csrf_from(page)}
    )
    return int(response.headers["Location"].rsplit("/", 1)[1])


def _page_state(html: str) -> dict:
    return {
        "csrf_token": csrf_from(html),
        "revision": re.search(r'name="revision" value="(\d+)"', html).group(1),
        "save_key": re.search(r'name="save_key" value="([^"]+)"', html).group(1),
    }


def _post_section(client, record_id, section, answers, action="continue", json=False, state=None):
    url = f"/records/{record_id}/sections/{section}"
    state = state or _page_state(client.get(url).get_data(as_text=True))
    headers = {"Accept": "application/json"} if json else {}
    return client.post(url, data={**state, **answers, "_action": action}, headers=headers)


def _today_parts():
    today = date.today()
    return {
        "visit_date-day": str(today.day),
        "visit_date-month": str(today.month),
        "visit_date-year": str(today.year),
    }


def test_a_practitioner_records_a_visit_and_the_pathway_moves_on(app, client, sign_in, mini):
    sign_in("pat")
    case_id = _open_case(client)
    record_id = _start(app, client, case_id, "first_visit")

    contents = client.get(f"/records/{record_id}").get_data(as_text=True)
    assert "First visit" in contents and "Not yet started" in contents

    # Missing answers: the page says what to fix, and what was typed is saved anyway.
    response = _post_section(
        client, record_id, "visit", {"what_we_saw": "A tidy home; Ruby was playing."}
    )
    html = response.get_data(as_text=True)
    assert response.status_code == 200
    assert "govuk-error-summary" in html
    with app.app_context():
        assert (
            db.session.get(Record, record_id).answers["what_we_saw"]
            == "A tidy home; Ruby was playing."
        )

    # Conditional question: required only when the child was not seen. (A real page
    # posts every field it shows, so these posts carry the notes typed above.)
    notes = {"what_we_saw": "A tidy home; Ruby was playing."}
    response = _post_section(
        client, record_id, "visit", {**_today_parts(), **notes, "child_seen": "no"}
    )
    assert "Why was the child not seen?" in response.get_data(as_text=True)
    assert "govuk-error-summary" in response.get_data(as_text=True)
    response = _post_section(
        client, record_id, "visit", {**_today_parts(), **notes, "child_seen": "yes"}
    )
    assert response.status_code == 302 and response.headers["Location"].endswith(
        "/sections/decision"
    )

    response = _post_section(client, record_id, "decision", {"next_step": "plan"})
    assert response.headers["Location"].endswith(f"/records/{record_id}/check")
    check = client.get(f"/records/{record_id}/check").get_data(as_text=True)
    assert "A tidy home; Ruby was playing." in check and "Make a plan with the family" in check

    page = client.get(f"/records/{record_id}/check").get_data(as_text=True)
    response = client.post(
        f"/records/{record_id}/submit", data={"csrf_token": csrf_from(page)}, follow_redirects=True
    )
    assert "First visit completed." in response.get_data(as_text=True)

    with app.app_context():
        plan = db.session.scalar(select(StageInstance).where(StageInstance.stage_id == "plan"))
        assert plan is not None and plan.status == "open"
        assert plan.due_on == add_working_days(date.today(), 10)

    # The plan carries forward what was seen, and says where it came from.
    plan_record = _start(app, client, case_id, "plan")
    contents = client.get(f"/records/{plan_record}").get_data(as_text=True)
    assert "From First visit" in contents
    section = client.get(f"/records/{plan_record}/sections/plan_details").get_data(as_text=True)
    assert "A tidy home; Ruby was playing." in section


def test_a_form_needing_sign_off_waits_for_the_manager(app, client, sign_in, mini):
    sign_in("pat")
    case_id = _open_case(client)
    first = _start(app, client, case_id, "first_visit")
    _post_section(client, first, "visit", {**_today_parts(), "child_seen": "yes"})
    _post_section(client, first, "decision", {"next_step": "plan"})
    page = client.get(f"/records/{first}/check").get_data(as_text=True)
    client.post(f"/records/{first}/submit", data={"csrf_token": csrf_from(page)})
    plan = _start(app, client, case_id, "plan")
    _post_section(client, plan, "plan_details", {"plan_summary": "Weekly visits; nursery place."})
    page = client.get(f"/records/{plan}/check").get_data(as_text=True)
    response = client.post(
        f"/records/{plan}/submit", data={"csrf_token": csrf_from(page)}, follow_redirects=True
    )
    assert "sent to a manager to sign off" in response.get_data(as_text=True)

    # The practitioner cannot sign their own work off.
    page = client.get(f"/records/{plan}").get_data(as_text=True)
    assert "Manager sign-off" not in page
    client.post("/sign-out", data={"csrf_token": csrf_from(page)})

    sign_in("mo")
    page = client.get(f"/records/{plan}").get_data(as_text=True)
    assert "Manager sign-off" in page
    response = client.post(
        f"/records/{plan}/authorise",
        data={"csrf_token": csrf_from(page), "decision": "approve", "comments": "Good plan."},
        follow_redirects=True,
    )
    assert "Plan: completed." in response.get_data(as_text=True)
    with app.app_context():
        record = db.session.get(Record, plan)
        assert record.status == "completed" and record.authorised_by.username == "mo"


def test_autosave_answers_json_and_a_repeat_is_harmless(app, client, sign_in, mini):
    sign_in("pat")
    case_id = _open_case(client)
    record_id = _start(app, client, case_id, "first_visit")
    url = f"/records/{record_id}/sections/visit"
    state = _page_state(client.get(url).get_data(as_text=True))
    first = _post_section(
        client, record_id, "visit", {"what_we_saw": "Typed so far"}, json=True, state=state
    )
    again = _post_section(
        client, record_id, "visit", {"what_we_saw": "Typed so far"}, json=True, state=state
    )
    assert first.status_code == 200 and first.json["revision"] == 1
    assert again.json["replayed"] is True and again.json["revision"] == 1
    with app.app_context():
        assert db.session.scalar(select(func.count(RecordSave.id))) == 1


def test_two_people_on_one_record_get_a_conflict_not_a_lost_update(app, client, sign_in, mini):
    sign_in("pat")
    case_id = _open_case(client)
    record_id = _start(app, client, case_id, "first_visit")
    url = f"/records/{record_id}/sections/visit"
    pats_page = _page_state(client.get(url).get_data(as_text=True))

    other = app.test_client()
    page = other.get("/sign-in").get_data(as_text=True)
    other.post(
        "/sign-in",
        data={"csrf_token": csrf_from(page), "username": "sam", "password": DEMO_PASSWORD},
    )
    sams_page = _page_state(other.get(url).get_data(as_text=True))

    _post_section(
        client, record_id, "visit", {"what_we_saw": "Pat's notes"}, action="later", state=pats_page
    )
    response = _post_section(
        other, record_id, "visit", {"what_we_saw": "Sam's notes"}, action="later", state=sams_page
    )
    html = response.get_data(as_text=True)
    assert "Someone else changed these answers while you were working" in html
    assert "Pat&#39;s notes" in html and "Sam&#39;s notes" in html
    with app.app_context():
        assert db.session.get(Record, record_id).answers["what_we_saw"] == "Pat's notes"


def test_a_double_clicked_submit_submits_once(app, client, sign_in, mini):
    sign_in("pat")
    case_id = _open_case(client)
    record_id = _start(app, client, case_id, "first_visit")
    _post_section(client, record_id, "visit", {**_today_parts(), "child_seen": "yes"})
    _post_section(client, record_id, "decision", {"next_step": "plan"})
    page = client.get(f"/records/{record_id}/check").get_data(as_text=True)
    for _ in range(2):
        client.post(f"/records/{record_id}/submit", data={"csrf_token": csrf_from(page)})
    with app.app_context():
        plans = db.session.scalars(
            select(StageInstance).where(StageInstance.stage_id == "plan")
        ).all()
        assert len(plans) == 1


def _normalised(html: str) -> str:
    html = re.sub(r'nonce="[^"]+"', "", html)
    # The time left before the idle sign-out ticks between two requests.
    html = re.sub(r'data-remaining="[^"]+"', "", html)
    return re.sub(r'name="csrf_token" value="[^"]+"', "", html)


def test_a_record_renders_identically_after_a_new_version_is_published(app, client, sign_in, mini):
    sign_in("pat")
    case_id = _open_case(client)
    record_id = _start(app, client, case_id, "first_visit")
    _post_section(
        client, record_id, "visit", {**_today_parts(), "child_seen": "yes", "what_we_saw": "Calm."}
    )
    before = _normalised(client.get(f"/records/{record_id}/print").get_data(as_text=True))

    form_file = mini / "form_library" / "first_visit.yaml"
    text = form_file.read_text().replace("version: 1", "version: 2", 1)
    form_file.write_text(text.replace("What we saw and heard", "What we noticed"))
    with app.test_request_context():
        report = library.sync(mini)
    assert "first_visit version 2" in report.published

    after = _normalised(client.get(f"/records/{record_id}/print").get_data(as_text=True))
    assert after == before
    assert "What we saw and heard" in after and "What we noticed" not in after


def test_a_draft_can_move_to_a_new_version_and_keeps_answers_with_no_place(
    app, client, sign_in, mini
):
    sign_in("pat")
    case_id = _open_case(client)
    record_id = _start(app, client, case_id, "first_visit")
    _post_section(
        client,
        record_id,
        "visit",
        {**_today_parts(), "child_seen": "no", "why_not_seen": "Calm and warm: asleep upstairs."},
    )

    form_file = mini / "form_library" / "first_visit.yaml"
    text = form_file.read_text().replace("version: 1", "version: 2", 1)
    # Version 2 drops the "why was the child not seen" question.
    start = text.index("      - id: why_not_seen")
    end = text.index("      - id: what_we_saw")
    form_file.write_text(text[:start] + text[end:])
    with app.test_request_context():
        library.sync(mini)

    page = client.get(f"/records/{record_id}").get_data(as_text=True)
    assert "Version 2 of this form has been published since you started" in page
    response = client.post(
        f"/records/{record_id}/move-version",
        data={"csrf_token": csrf_from(page)},
        follow_redirects=True,
    )
    html = response.get_data(as_text=True)
    assert "Your answers are now on version 2 of this form. 1 answer(s) had no place" in html
    assert "Calm and warm: asleep upstairs." in html and "From version 1" in html
    with app.app_context():
        record = db.session.get(Record, record_id)
        assert record.form_version.version == 2
        assert record.answers["child_seen"] == "no"
        assert record.unmapped_answers["why_not_seen"]["value"] == "Calm and warm: asleep upstairs."
