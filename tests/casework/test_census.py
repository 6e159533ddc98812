"""The children in need census: built from the demo's records, it passes the DfE's own
rules (csc-validator-be-cin, in .venv-cin) with zero errors; three planted mistakes show
on the team manager's screen as exactly those three rule failures, each linked to the
record or case to fix."""

from __future__ import annotations

import re
from datetime import date, timedelta

import pytest
from click.testing import CliRunner
from sqlalchemy import select, update

from casework import demo
from casework.census import build
from casework.census.routes import _this_year
from casework.cli import main
from casework.extensions import db
from casework.models import AuditEvent, Case, FormVersion, Person, Record
from tests.casework.test_cli import _env

pytestmark = pytest.mark.usefixtures("demo_users")


@pytest.fixture
def seeded(app):
    with app.test_request_context():
        demo.seed_cases(app.config["LIBRARY_PATH"])


def _screen(client, sign_in) -> str:
    sign_in("mo")
    page = client.get(f"/census/?year={_this_year()}")
    assert page.status_code == 200
    html = page.get_data(as_text=True)
    assert "The census was not checked" not in html, "the DfE rules must be installed"
    return html


def _rules(html: str, table: str) -> dict[str, list[str]]:
    if f'id="{table}"' not in html:
        return {}
    body = html.split(f'id="{table}"')[1].split("</table>")[0].split("<tbody")[1]
    found: dict[str, list[str]] = {}
    for row in body.split("</tr>")[:-1]:
        cells = re.findall(r"<td[^>]*>(.*?)</td>", row, re.S)
        found.setdefault(cells[1], []).append(cells[0] + " " + cells[3])
    return found


def test_the_demo_census_passes_the_dfe_rules_with_zero_errors(
    app, client, sign_in, seeded, tmp_path
):
    html = _screen(client, sign_in)
    assert re.search(r'id="census-summary">0 errors and \d+ quer', html), html[-3000:]
    assert 'id="census-errors"' not in html
    children = int(re.search(r"(\d+) children</h2>", html).group(1))
    assert children >= 10
    download = client.get(f"/census/{_this_year()}.xml")
    assert download.headers["Content-Disposition"].startswith("attachment")
    assert download.data.count(b"<Child>") == children
    out = tmp_path / "census.xml"
    result = CliRunner().invoke(
        main,
        ["census", "--year", str(_this_year()), "-o", str(out)],
        env=_env(app.config["SQLALCHEMY_DATABASE_URI"]),
    )
    assert result.exit_code == 0, result.output
    # The command builds the council's whole return; the screen only the manager's cases.
    assert out.read_bytes().count(b"<Child>") >= children
    with app.app_context():
        actions = db.session.scalars(
            select(AuditEvent.action).where(AuditEvent.action.like("census_%"))
        ).all()
        assert sorted(actions) == ["census_built", "census_checked", "census_downloaded"]


def _records(form_id: str):
    return db.session.scalars(
        select(Record)
        .join(FormVersion)
        .where(FormVersion.form_id == form_id, Record.status == "completed")
        .order_by(Record.id)
    ).all()


def _set_answers(record: Record, **changes) -> None:
    answers = {k: v for k, v in {**record.answers, **changes}.items() if v is not None}
    db.session.execute(update(Record).where(Record.id == record.id).values(answers=answers))


def test_three_planted_mistakes_show_as_those_three_rule_failures(app, client, sign_in, seeded):
    with app.test_request_context():
        conference = _records("initial_child_protection_conference")[0]
        held = date.fromisoformat(conference.answers["conference_date"])
        saturday = held - timedelta(days=(held.weekday() - 5) % 7)
        _set_answers(
            conference, conference_date=saturday.isoformat(), cpp_start_date=saturday.isoformat()
        )
        referral = next(r for r in _records("contact_referral") if r.case_id != conference.case_id)
        _set_answers(referral, referral_source=None)
        third = db.session.scalars(
            select(Case)
            .where(Case.id.not_in([conference.case_id, referral.case_id]))
            .join(Record)
            .join(FormVersion)
            .where(FormVersion.form_id == "contact_referral")
        ).first()
        born_late = build.year_bounds(_this_year())[1] + timedelta(days=30)
        db.session.execute(
            update(Person)
            .where(Person.case_id == third.id, Person.is_subject.is_(True))
            .values(date_of_birth=born_late)
        )
        db.session.commit()
        planted = {
            "8875": (build.child_id(conference.case.reference), conference.id),
            "8866": (build.child_id(referral.case.reference), referral.id),
            "8520": (build.child_id(third.reference), None),
        }
    html = _screen(client, sign_in)
    errors = _rules(html, "census-errors")
    assert set(errors) == set(planted), errors
    for rule, (child, record_id) in planted.items():
        assert any(line.startswith(child) for line in errors[rule]), (rule, errors[rule])
        if record_id:
            assert any(f"/records/{record_id}" in line for line in errors[rule]), errors[rule]
