"""A team manager sees who has looked at a child's record on the case page."""

from __future__ import annotations

import pytest
from sqlalchemy import select

from casework.accounts import service as accounts
from casework.extensions import db
from casework.models import AuditEvent
from tests.casework.test_audit_search import _rows, _view
from tests.casework.test_cases import _open, published  # noqa: F401 - shared fixture

pytestmark = pytest.mark.usefixtures("published")


def test_the_case_page_shows_the_team_manager_who_has_looked(app, client, sign_in):
    case_id = _open(app)
    _view(app, "sam", case_id, times=3)
    _view(app, "pat", case_id)
    sign_in("mo")
    html = client.get(f"/cases/{case_id}").get_data(as_text=True)
    panel = html.split('id="who-looked"')[1].split("</table>")[0]
    # Most recent first: mo (this very visit), then pat, then sam three times.
    names = [n for n in ("Mo Hassan", "Pat Okafor", "Sam Whitley") if n in panel]
    assert names == ["Mo Hassan", "Pat Okafor", "Sam Whitley"]
    assert panel.index("Mo Hassan") < panel.index("Pat Okafor") < panel.index("Sam Whitley")
    assert "Looked at the case" in panel and "case_viewed" not in panel
    assert f'href="/cases/{case_id}/looked"' in html
    with app.app_context():
        listed = db.session.scalars(
            select(AuditEvent).where(AuditEvent.action == "viewers_listed")
        ).all()
        assert [(e.username, e.record_id) for e in listed] == [("mo", str(case_id))]


def test_practitioners_do_not_see_who_has_looked(app, client, sign_in):
    case_id = _open(app)
    sign_in("pat")
    html = client.get(f"/cases/{case_id}").get_data(as_text=True)
    assert "Who has looked at this record" not in html
    assert client.get(f"/cases/{case_id}/looked").status_code == 403


def test_another_teams_manager_cannot_see_who_has_looked(app, client, sign_in):
    case_id = _open(app)
    with app.test_request_context():
        accounts.create_user(
            "kim", password="a-long-enough-password", role="team_manager", team="Southfield"
        )
    sign_in("kim", password="a-long-enough-password")
    assert client.get(f"/cases/{case_id}/looked").status_code in (403, 404)


def test_the_full_list_pages_through_every_look_and_is_audited(app, client, sign_in):
    case_id = _open(app)
    _view(app, "sam", case_id, times=60)
    sign_in("mo")
    first = client.get(f"/cases/{case_id}/looked").get_data(as_text=True)
    assert len(_rows(first)) == 50 and 'rel="next"' in first
    older = first.split('rel="next"')[0].rsplit('href="', 1)[1].split('"')[0]
    rest = client.get(older.replace("&amp;", "&")).get_data(as_text=True)
    assert set(_rows(first)).isdisjoint(_rows(rest)) and len(_rows(rest)) >= 10
    with app.app_context():
        listed = db.session.scalars(
            select(AuditEvent).where(AuditEvent.action == "viewers_listed")
        ).all()
        assert [(e.username, e.record_id, e.detail) for e in listed] == [
            ("mo", str(case_id), {"all": True})
        ] * 2
