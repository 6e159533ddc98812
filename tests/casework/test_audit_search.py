"""The auditor's search: filters, keyset pages, CSV, flags, plain words, and who may use it."""

from __future__ import annotations

import csv
import io
import re
from pathlib import Path

import pytest
from sqlalchemy import select, text

from casework import audit
from casework.auditing import search
from casework.auditing.words import ACTION_WORDS
from casework.extensions import db
from casework.models import AuditEvent
from tests.casework import audit_tampering
from tests.casework.test_cases import _open, published  # noqa: F401 - shared fixture

pytestmark = pytest.mark.usefixtures("published")
ROOT = Path(__file__).resolve().parents[2]

tamper = audit_tampering.tamper  # the fixture, shared with the other audit tests


def _view(app, username: str, case_id: int, times: int = 1) -> None:
    from casework.accounts import service as accounts

    with app.test_request_context():
        user = accounts.find(username)
        for _ in range(times):
            audit.record("case_viewed", user=user, record_type="case", record_id=case_id)


def _rows(html: str) -> list[str]:
    return re.findall(r'<tr class="govuk-table__row" id="entry-(\d+)"', html)


@pytest.mark.parametrize("username", ["pat", "mo", "dee", "ada"])
def test_only_auditors_may_search_or_download(client, sign_in, username):
    sign_in(username)
    assert client.get("/audit/").status_code == 403
    assert client.get("/audit/entries.csv").status_code == 403


def test_signed_out_people_are_sent_to_sign_in(client):
    assert client.get("/audit/").status_code in (302, 401)


def test_who_looked_at_this_child_survives_any_amount_of_later_activity(app, client, sign_in):
    amelia = _open(app)
    noah = _open(app, first="Noah", last="Quill")
    _view(app, "mo", amelia)
    _view(app, "pat", noah, times=120)  # far more than one page since
    sign_in("aud")
    html = client.get("/audit/?child=Amelia+Brook").get_data(as_text=True)
    assert "Entries about Amelia Brook (CV-" in html
    table = html.split('id="entries"')[1]
    assert "Looked at the case" in table and "case_viewed" not in table
    assert "Noah Quill" not in html
    with app.app_context():
        mo_view = db.session.scalar(
            select(AuditEvent.id).where(
                AuditEvent.username == "mo", AuditEvent.action == "case_viewed"
            )
        )
    assert str(mo_view) in _rows(html)
    reference = re.search(r"\((CV-\d+)\)", html).group(1)
    by_reference = client.get(f"/audit/?child={reference.lower()}").get_data(as_text=True)
    # The same entries, and now the auditor's own first search, which named Amelia.
    assert _rows(by_reference)[1:] == _rows(html)
    assert "Searched the audit log" in by_reference.split("</tr>")[1]


def test_filters_by_person_action_and_dates(app, client, sign_in):
    case_id = _open(app)
    _view(app, "mo", case_id)
    sign_in("aud")
    html = client.get("/audit/?person=mo&action=case_viewed").get_data(as_text=True)
    assert len(_rows(html)) == 1
    today = __import__("datetime").date.today()
    args = f"from-day={today.day}&from-month={today.month}&from-year={today.year}"
    assert len(_rows(client.get(f"/audit/?person=mo&{args}").get_data(as_text=True))) >= 1
    old = "to-day=1&to-month=1&to-year=2001"
    assert _rows(client.get(f"/audit/?person=mo&{old}").get_data(as_text=True)) == []


def test_a_bad_date_is_explained_and_nothing_is_lost(client, sign_in):
    sign_in("aud")
    response = client.get("/audit/?person=mo&from-day=31&from-month=2&from-year=2026")
    html = response.get_data(as_text=True)
    assert response.status_code == 400
    assert "The first day must be a real date" in html and 'value="mo"' in html
    response = client.get(
        "/audit/?from-day=2&from-month=2&from-year=2026&to-day=1&to-month=2&to-year=2026"
    )
    assert "The last day must be the same as or after the first day" in response.get_data(
        as_text=True
    )


def test_pages_through_everything_by_keyset(app, client, sign_in):
    case_id = _open(app)
    _view(app, "mo", case_id, times=120)
    sign_in("aud")
    seen: list[str] = []
    url = "/audit/?person=mo"
    while url:
        html = client.get(url).get_data(as_text=True)
        seen += _rows(html)
        older = re.search(r'href="([^"]+)" rel="next"', html)
        url = older.group(1).replace("&amp;", "&") if older else None
    assert len(seen) == 120 == len(set(seen))
    assert seen == sorted(seen, key=int, reverse=True)
    back = re.search(r'href="([^"]+)" rel="prev"', html).group(1).replace("&amp;", "&")
    assert len(_rows(client.get(back).get_data(as_text=True))) == search.PAGE_SIZE


def test_csv_holds_the_same_rows_as_the_screen_with_fixed_columns(app, client, sign_in):
    case_id = _open(app)
    _view(app, "mo", case_id, times=3)
    sign_in("aud")
    html = client.get("/audit/?person=mo").get_data(as_text=True)
    response = client.get("/audit/entries.csv?person=mo")
    assert response.mimetype == "text/csv"
    rows = list(csv.DictReader(io.StringIO(response.get_data(as_text=True))))
    assert [r["entry"] for r in rows] == _rows(html)
    assert list(rows[0]) == [
        "entry", "when_utc", "username", "name", "what", "record_type", "record_id",
        "cases", "from_address", "page", "chain_check", "hash",
    ]  # fmt: skip
    assert rows[0]["what"] == "Looked at the case" and rows[0]["chain_check"] == "ok"
    assert "Amelia Brook" in rows[0]["cases"]


def test_csv_cells_cannot_run_as_formulas(app, client, sign_in):
    with app.test_request_context():
        audit.record("sign_in_failed", username="=HYPERLINK(1)")
    sign_in("aud")
    body = client.get("/audit/entries.csv?action=sign_in_failed").get_data(as_text=True)
    assert "'=HYPERLINK(1)" in body


def test_the_auditors_searches_are_audited(app, client, sign_in):
    case_id = _open(app)
    sign_in("aud")
    client.get("/audit/?child=Amelia")
    client.get("/audit/entries.csv?child=Amelia")
    with app.app_context():
        entries = db.session.scalars(
            select(AuditEvent).where(AuditEvent.username == "aud").order_by(AuditEvent.id)
        ).all()
        actions = [(e.action, e.detail) for e in entries if e.action.startswith("audit_log")]
        assert actions == [
            ("audit_log_searched", {"child_or_case": "Amelia"}),
            ("audit_log_exported", {"child_or_case": "Amelia"}),
        ]
        linked = db.session.execute(
            text("SELECT case_id FROM audit_event_cases WHERE event_id = :id"),
            {"id": entries[-1].id},
        ).scalars()
        assert list(linked) == [case_id]


def test_entries_that_fail_the_chain_are_flagged(app, client, sign_in, tamper):
    case_id = _open(app)
    _view(app, "mo", case_id, times=3)
    with app.app_context():
        middle = db.session.scalars(
            select(AuditEvent.id).where(AuditEvent.username == "mo").order_by(AuditEvent.id)
        ).all()[1]
    tamper(f"UPDATE audit_events SET username = 'nobody' WHERE id = {middle}")
    sign_in("aud")
    html = client.get("/audit/").get_data(as_text=True)
    row = html.split(f'id="entry-{middle}"')[1].split("</tr>")[0]
    assert "Fails the tamper check" in row
    assert html.count("Fails the tamper check") == 1
    assert "1 entry on this page fails the tamper check" in html
    body = client.get("/audit/entries.csv").get_data(as_text=True)
    assert f"{middle}," in body and ",fails," in body


def test_every_action_the_code_writes_has_plain_words():
    written = set()
    for path in [*ROOT.glob("casework/**/*.py"), *ROOT.glob("designer/**/*.py")]:
        source = path.read_text()
        written |= set(re.findall(r"audit\.record\(\s*\"([a-z_]+)\"", source))
        written |= set(re.findall(r"purpose=\"([a-z_]+)\"", source))
        written |= set(re.findall(r"\"([a-z_]+)\" if request\.method == \"GET\"", source))
        written |= set(re.findall(r"_document\(record_id, audience, \"([a-z_]+)\"", source))
    written |= {"case_viewed", "record_viewed", "access_denied", "method_refused", "csrf_failed"}
    missing = sorted(written - set(ACTION_WORDS))
    assert missing == [], (
        f"Give these audit actions plain words in casework/auditing/words.py: {missing}"
    )
