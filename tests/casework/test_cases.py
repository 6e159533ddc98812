"""Opening cases, finding them, who may see them, and the case page."""

from __future__ import annotations

from datetime import date

import pytest
from sqlalchemy import select

from casework.cases import service
from casework.extensions import db
from casework.library import service as library
from casework.models import AuditEvent, Case, StageInstance
from tests.casework.conftest import csrf_from

LIBRARY = "."


@pytest.fixture
def published(app, demo_users):
    with app.test_request_context():
        library.sync(app.config["LIBRARY_PATH"])


def _open(app, username="pat", **kwargs):
    from casework.accounts import service as accounts

    with app.test_request_context():
        case = service.open_case(
            accounts.find(username),
            pathway_id=kwargs.pop("pathway_id", "child_protection"),
            child=service.NewChild(
                kwargs.pop("first", "Amelia"), kwargs.pop("last", "Brook"), date(2018, 4, 2)
            ),
            referral_received=kwargs.pop("referral", date(2026, 11, 20)),
            **kwargs,
        )
        return case.id


def test_opening_a_case_through_the_page_starts_the_first_stage_with_its_deadline(
    app, client, sign_in, published
):
    sign_in("pat")
    page = client.get("/cases/new").get_data(as_text=True)
    assert "Child protection" in page and "Children in care" in page
    response = client.post(
        "/cases/new",
        data={
            "csrf_token": csrf_from(page),
            "pathway": "child_protection",
            "first_name": "Amelia",
            "last_name": "Brook",
            "date_of_birth": ["2", "4", "2018"],
            "referral_received": ["20", "11", "2026"],
            "restricted": "no",
        },
        follow_redirects=True,
    )
    html = response.get_data(as_text=True)
    assert response.status_code == 200, html
    assert '<h1 class="govuk-heading-l">Amelia Brook</h1>' in html
    assert "Referral received" in html
    with app.app_context():
        stage = db.session.scalar(select(StageInstance))
        # Referral decision: 1 working day after Friday 20 November 2026.
        assert (stage.stage_id, stage.due_on) == ("contact_referral", date(2026, 11, 23))


def test_open_case_form_says_what_to_fix(client, sign_in, published):
    sign_in("pat")
    page = client.get("/cases/new").get_data(as_text=True)
    response = client.post(
        "/cases/new",
        data={
            "csrf_token": csrf_from(page),
            "first_name": "",
            "last_name": "Brook",
            "date_of_birth": ["31", "", "2018"],
            "referral_received": ["", "", ""],
        },
    )
    html = response.get_data(as_text=True)
    assert "govuk-error-summary" in html
    assert "Select a pathway" in html
    assert "Enter the child&#39;s first name" in html
    assert "must include a month" in html
    assert "Enter the date the referral was received" in html


def test_find_cases_by_name_reference_and_date_of_birth(app, published):
    case_id = _open(app)
    _open(app, first="Jayden", last="Okoro")
    from casework.accounts import service as accounts

    with app.test_request_context():
        pat = accounts.find("pat")
        assert [c.id for c in service.find(pat, "amelia")] == [case_id]
        assert [c.id for c in service.find(pat, f"CV-{case_id:06d}")] == [case_id]
        assert [c.id for c in service.find(pat, f"cv{case_id}")] == [case_id]
        assert len(service.find(pat, "02/04/2018")) == 2
        assert len(service.find(pat, "2018-04-02")) == 2
        assert service.find(pat, "nobody") == []


def test_restricted_cases_are_seen_only_by_named_people(app, client, sign_in, published):
    case_id = _open(app, username="pat", restricted=True)
    sign_in("sam")  # same team, not named
    assert client.get(f"/cases/{case_id}").status_code == 404
    assert "No cases you can see match" in client.get("/cases/?q=amelia").get_data(as_text=True)
    with app.app_context():
        refused = db.session.scalars(
            select(AuditEvent).where(AuditEvent.action == "case_access_refused")
        ).all()
        assert refused and refused[-1].username == "sam"


def test_other_roles_cannot_open_case_pages(app, client, sign_in, published):
    case_id = _open(app)
    sign_in("dee")
    assert client.get(f"/cases/{case_id}").status_code == 403
    assert client.get("/cases/").status_code == 403


def test_viewing_a_case_is_audited_and_never_cached(app, client, sign_in, published):
    case_id = _open(app)
    sign_in("mo")  # the team manager of pat's team
    response = client.get(f"/cases/{case_id}")
    assert response.status_code == 200
    assert response.headers["Cache-Control"] == "no-store"
    with app.app_context():
        viewed = db.session.scalars(
            select(AuditEvent).where(AuditEvent.action == "case_viewed")
        ).all()
        assert [(e.username, e.record_id) for e in viewed] == [("mo", str(case_id))]


def test_adding_people_and_services_shows_them_on_the_case_page(app, client, sign_in, published):
    case_id = _open(app)
    sign_in("pat")
    page = client.get(f"/cases/{case_id}/people/new").get_data(as_text=True)
    client.post(
        f"/cases/{case_id}/people/new",
        data={
            "csrf_token": csrf_from(page),
            "first_name": "Kerry",
            "last_name": "Brook",
            "role": "parent",
            "relationship_detail": "Mother",
            "phone": "07700 900123",
        },
    )
    page = client.get(f"/cases/{case_id}/services/new").get_data(as_text=True)
    client.post(
        f"/cases/{case_id}/services/new",
        data={
            "csrf_token": csrf_from(page),
            "service": "School",
            "organisation": "Northfield Primary",
            "lead_practitioner": "Ms Adeyemi, designated safeguarding lead",
            "last_involved_on": ["18", "11", "2026"],
        },
    )
    html = client.get(f"/cases/{case_id}").get_data(as_text=True)
    assert "Kerry Brook" in html and "Mother" in html and "07700 900123" in html
    assert "Ms Adeyemi, designated safeguarding lead" in html and "18 November 2026" in html


def test_a_published_version_cannot_change_in_place(app, published, tmp_path):
    import shutil

    shutil.copytree("form_library", tmp_path / "form_library")
    shutil.copytree("pathways", tmp_path / "pathways")
    path = tmp_path / "form_library" / "strategy_discussion.yaml"
    path.write_text(
        path.read_text().replace("title: Strategy discussion", "title: Strategy meeting", 1)
    )
    with (
        app.test_request_context(),
        pytest.raises(library.LibraryError, match="Published versions never change"),
    ):
        library.sync(tmp_path)
    with app.app_context():
        assert db.session.scalar(select(Case)) is None
