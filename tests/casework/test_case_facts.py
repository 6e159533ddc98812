"""Case facts end to end through the service: recorded once, carried forward, corrected,
shown beside the field with their source and on the case page with their history."""

from __future__ import annotations

import html
import re
import shutil
from datetime import date
from pathlib import Path

import pytest
from sqlalchemy import select

from casework.extensions import db
from casework.library import service as library
from casework.models import CaseFact, Record, StageInstance
from tests.casework.conftest import csrf_from

FACTS_LIBRARY = Path(__file__).parent / "facts_library"
SECTION = "about_the_child"


@pytest.fixture
def facts_library(app, demo_users, tmp_path):
    root = tmp_path / "library"
    shutil.copytree(FACTS_LIBRARY, root)
    app.config["LIBRARY_PATH"] = str(root)
    with app.test_request_context():
        library.sync(root)
    return root


def _open_case(client) -> int:
    page = client.get("/cases/new").get_data(as_text=True)
    today = date.today()
    response = client.post(
        "/cases/new",
        data={
            "csrf_token": csrf_from(page),
            "pathway": "facts",
            "first_name": "Ruby",
            "last_name": "Lane",
            "referral_received": [str(today.day), str(today.month), str(today.year)],
            "restricted": "no",
        },
    )
    return int(response.headers["Location"].rsplit("/", 1)[1])


def _start(app, client, case_id: int, stage_id: str) -> int:
    with app.app_context():
        instance = db.session.scalar(
            select(StageInstance).where(
                StageInstance.case_id == case_id, StageInstance.stage_id == stage_id
            )
        )
        assert instance is not None, f"stage {stage_id} has not started"
    page = client.get(f"/cases/{case_id}").get_data(as_text=True)
    response = client.post(
        f"/cases/{case_id}/stages/{instance.id}/record", data={"csrf_token": csrf_from(page)}
    )
    return int(response.headers["Location"].rsplit("/", 1)[1])


def _section(client, record_id: int) -> str:
    return html.unescape(
        client.get(f"/records/{record_id}/sections/{SECTION}").get_data(as_text=True)
    )


def _answer_and_submit(client, record_id: int, answers: dict) -> None:
    url = f"/records/{record_id}/sections/{SECTION}"
    page = client.get(url).get_data(as_text=True)
    state = {
        "csrf_token": csrf_from(page),
        "revision": re.search(r'name="revision" value="(\d+)"', page).group(1),
        "save_key": re.search(r'name="save_key" value="([^"]+)"', page).group(1),
    }
    response = client.post(url, data={**state, **answers, "_action": "continue"})
    assert response.status_code == 302, response.get_data(as_text=True)
    check = client.get(f"/records/{record_id}/check").get_data(as_text=True)
    response = client.post(f"/records/{record_id}/submit", data={"csrf_token": csrf_from(check)})
    assert response.status_code == 302


def _source_under(page: str, field_id: str) -> str | None:
    match = re.search(rf'id="{field_id}-source" data-source>([^<]*)<', page)
    return match.group(1).strip() if match else None


def test_a_fact_is_entered_once_corrected_once_and_carried_to_every_later_form(
    app, client, sign_in, facts_library
):
    sign_in("pat")
    today = date.today().strftime("%-d %B %Y")
    case_id = _open_case(client)

    referral = _start(app, client, case_id, "referral")
    _answer_and_submit(
        client,
        referral,
        {
            "child_address": "1 Old Road, Northfield",
            "category": "neglect",
            "police_officer": "DC Amber Shaw",
        },
    )

    # The strategy discussion starts from the referral's answers and says so beside each.
    discussion = _start(app, client, case_id, "discussion")
    page = _section(client, discussion)
    assert "1 Old Road, Northfield" in page
    assert _source_under(page, "child_address") == (
        f"Filled in for you. From Referral, {today}, by Pat Okafor. Check it is still right."
    )
    _answer_and_submit(
        client,
        discussion,
        {"child_address": "22 New Street, Northfield", "police_officer": "DC Amber Shaw"},
    )

    # The conference gets the corrected address, the referral's category, and asks afresh
    # for the police officer because the pathway says so.
    conference = _start(app, client, case_id, "conference")
    page = _section(client, conference)
    assert "22 New Street, Northfield" in page and "1 Old Road" not in page
    assert _source_under(page, "home").startswith("Filled in for you. From Strategy discussion")
    assert _source_under(page, "category").startswith("Filled in for you. From Referral")
    assert _source_under(page, "police_officer") == (
        "Asked afresh here: The officer at the conference is often a different one; ask who came."
    )
    with app.app_context():
        answers = db.session.get(Record, conference).answers
        assert answers["home"] == "22 New Street, Northfield"
        assert answers["category"] == "neglect"
        assert answers.get("police_officer") is None
        # The submitted referral still says what it said.
        assert db.session.get(Record, referral).answers["child_address"] == "1 Old Road, Northfield"
        # The unchanged police officer added no second row to the history.
        names = db.session.scalars(
            select(CaseFact.name).where(CaseFact.case_id == case_id).order_by(CaseFact.id)
        ).all()
        assert names == [
            "child.address",
            "case.category_of_concern",
            "case.police_officer",
            "child.address",
        ]

    # The case page shows each fact, newest first, with the form, date and person.
    case_page = html.unescape(client.get(f"/cases/{case_id}").get_data(as_text=True))
    facts = case_page[case_page.index('id="facts"') : case_page.index('id="people"')]
    assert "Where the child lives" in facts
    assert (
        facts.index("22 New Street")
        < facts.index("Earlier answers (1)")
        < facts.index("1 Old Road")
    )
    assert f"From Strategy discussion, {today}, by Pat Okafor" in facts
    assert "Neglect" in facts  # the option's words, not its id
    assert "case.category_of_concern" not in facts


def test_an_answer_changed_by_hand_no_longer_names_another_form(
    app, client, sign_in, facts_library
):
    sign_in("pat")
    case_id = _open_case(client)
    referral = _start(app, client, case_id, "referral")
    _answer_and_submit(client, referral, {"child_address": "1 Old Road", "category": "physical"})
    discussion = _start(app, client, case_id, "discussion")
    url = f"/records/{discussion}/sections/{SECTION}"
    page = client.get(url).get_data(as_text=True)
    client.post(
        url,
        data={
            "csrf_token": csrf_from(page),
            "revision": re.search(r'name="revision" value="(\d+)"', page).group(1),
            "save_key": "k1",
            "child_address": "3 Other Lane",
            "_action": "later",
        },
    )
    page = _section(client, discussion)
    assert "3 Other Lane" in page
    assert _source_under(page, "child_address") is None
    # Nothing is a fact until the form is sent: the draft changed no history.
    with app.app_context():
        rows = db.session.scalars(select(CaseFact).where(CaseFact.name == "child.address")).all()
        assert [r.value for r in rows] == ["1 Old Road"]
