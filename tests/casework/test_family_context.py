"""Family context: administrators import other services' CSV files; the case page shows
who else knows the family; bad files are refused row by row and nothing is imported."""

from __future__ import annotations

import io
import re
from datetime import date

import pytest
from click.testing import CliRunner
from sqlalchemy import func, select

from casework.cases import service as cases
from casework.cli import main
from casework.extensions import db
from casework.family_context.matching import Candidate, match
from casework.models import AuditEvent, Case, ContextPerson, ContextService, Person
from tests.casework.conftest import csrf_from
from tests.casework.family_context_sets import bad_set, good_set, write
from tests.casework.test_cases import _open, published  # noqa: F401 - shared fixture
from tests.casework.test_cli import _env

pytestmark = pytest.mark.usefixtures("published")


def _case_with_parent(app) -> tuple[int, str]:
    case_id = _open(app)
    with app.test_request_context():
        case = db.session.get(Case, case_id)
        cases.add_person(
            case,
            first_name="Jade",
            last_name="Brook",
            role="parent",
            date_of_birth=date(1990, 5, 1),
        )
        return case_id, case.reference


def _upload(client, files: dict[str, str]):
    token = csrf_from(client.get("/admin/family-context/").get_data(as_text=True))
    data = {"csrf_token": token, "files": [(io.BytesIO(t.encode()), n) for n, t in files.items()]}
    return client.post("/admin/family-context/", data=data, content_type="multipart/form-data")


def _counts(app) -> tuple[int, int]:
    with app.app_context():
        return (
            db.session.scalar(select(func.count()).select_from(ContextPerson)),
            db.session.scalar(select(func.count()).select_from(ContextService)),
        )


def test_a_good_set_is_previewed_imported_and_shown_on_the_case_page(app, client, sign_in):
    case_id, reference = _case_with_parent(app)
    sign_in("ada")
    preview = _upload(client, good_set(reference))
    html = preview.get_data(as_text=True)
    assert preview.status_code == 200
    assert html.count("Matched</strong>") == 2 and html.count("Held for review") == 2
    assert _counts(app) == (0, 0), "a preview saves nothing"
    upload_id = html.split("/admin/family-context/")[1].split("/import")[0]
    done = client.post(
        f"/admin/family-context/{upload_id}/import", data={"csrf_token": csrf_from(html)}
    )
    assert done.status_code == 302 and done.location.endswith("/admin/family-context/review")
    review = client.get("/admin/family-context/review").get_data(as_text=True)
    assert "Noah Brook" in review and "Rose Brook" in review and "Jade Brook" not in review

    client.post("/sign-out", data={"csrf_token": csrf_from(review)})
    sign_in("pat")
    page = client.get(f"/cases/{case_id}").get_data(as_text=True)
    panel = page.split('id="family-context"')[1].split('id="timeline"')[0]
    for shown in (
        "Millbrook Primary School",
        "Ms Lena Ortiz, Designated safeguarding lead",
        "l.ortiz@millbrook.example.org",
        "28 November 2026",
        "Northfield Police",
        "DC Ravi Shah",
        "3 June 2019: Domestic abuse, Victim",
        "Rent arrears: Yes",
        "May be out of date",  # police last checked January 2020
        "Only records held since 2010",
        "Northfield Health Visiting",
        "Jade Brook · Parent",
    ):
        assert shown in panel, shown
    # Held people's services stay off the case until an administrator confirms them.
    assert "Northfield Adult Services" not in panel
    with app.app_context():
        seen = db.session.scalars(
            select(AuditEvent).where(AuditEvent.action == "family_context_viewed")
        ).all()
        assert [(e.username, e.record_id) for e in seen] == [("pat", str(case_id))]


def test_a_set_with_planted_mistakes_names_every_bad_row_and_imports_nothing(app, client, sign_in):
    _, reference = _case_with_parent(app)
    sign_in("ada")
    refused = _upload(client, bad_set(reference))
    html = refused.get_data(as_text=True)
    assert refused.status_code == 400
    assert "Nothing was imported: 5 problems to fix" in html
    body = html.split('id="problems"')[1].split("<tbody")[1]
    rows = [re.findall(r"<td[^>]*>(.*?)</td>", tr) for tr in body.split("</tr>")[:-1]]
    where = {(r[0], r[1], r[2]) for r in rows}
    assert where == {
        ("people.csv", "6", "date_of_birth"),
        ("people.csv", "7", "relationship"),
        ("people.csv", "8", "case_reference"),
        ("school.csv", "3", "person_id"),
        ("health.csv", "3", "organisation"),
    }
    assert all(r[4].startswith("Either") for r in rows)
    assert "&#39;31/02/2019&#39; is not a real date." in html
    assert _counts(app) == (0, 0)
    with app.app_context():
        assert db.session.scalar(
            select(AuditEvent.detail).where(AuditEvent.action == "family_context_refused")
        ) == {"problems": 5}


def test_the_command_previews_by_default_and_refuses_a_bad_folder_whole(app, tmp_path):
    _, reference = _case_with_parent(app)
    env = _env(app.config["SQLALCHEMY_DATABASE_URI"])
    runner = CliRunner()
    bad = write(tmp_path / "bad", bad_set(reference))
    result = runner.invoke(main, ["family-context", "import", str(bad), "--write"], env=env)
    assert result.exit_code != 0
    assert "people.csv, row 6, date_of_birth: '31/02/2019' is not a real date." in result.output
    assert "5 problem(s); nothing was imported." in result.output
    assert _counts(app) == (0, 0)

    good = write(tmp_path / "good", good_set(reference))
    preview = runner.invoke(main, ["family-context", "import", str(good)], env=env)
    assert preview.exit_code == 0, preview.output
    assert "Would import 4 people on 1 case(s); 2 held for review." in preview.output
    assert _counts(app) == (0, 0)
    written = runner.invoke(main, ["family-context", "import", str(good), "--write"], env=env)
    assert written.exit_code == 0, written.output
    assert _counts(app) == (4, 5)
    again = runner.invoke(main, ["family-context", "import", str(good), "--write"], env=env)
    assert again.exit_code == 0 and _counts(app) == (4, 5), "newer data replaces the older"


def test_an_administrator_confirms_or_rejects_each_held_person(app, client, sign_in):
    case_id, reference = _case_with_parent(app)
    sign_in("ada")
    html = _upload(client, good_set(reference)).get_data(as_text=True)
    upload_id = html.split("/admin/family-context/")[1].split("/import")[0]
    client.post(f"/admin/family-context/{upload_id}/import", data={"csrf_token": csrf_from(html)})
    with app.app_context():
        held = {
            c.first_name: c.id
            for c in db.session.scalars(select(ContextPerson).where(ContextPerson.state == "held"))
        }
    token = csrf_from(client.get("/admin/family-context/review").get_data(as_text=True))
    assert (
        client.post(
            f"/admin/family-context/review/{held['Noah']}", data={"decision": "confirm"}
        ).status_code
        == 400
    ), "no CSRF token, no decision"
    for name, decision in (("Noah", "confirm"), ("Rose", "reject")):
        client.post(
            f"/admin/family-context/review/{held[name]}",
            data={"csrf_token": token, "decision": decision},
        )
    with app.app_context():
        people = db.session.scalars(select(Person).where(Person.case_id == case_id)).all()
        assert "Noah Brook" in {p.full_name for p in people}, "confirming adds them to the case"
        assert "Rose Brook" not in {p.full_name for p in people}
        actions = db.session.scalars(
            select(AuditEvent.action).where(AuditEvent.action.like("family_context_match_%"))
        ).all()
        assert sorted(actions) == [
            "family_context_match_confirmed",
            "family_context_match_rejected",
        ]
    assert "Nobody is waiting for review" in client.get("/admin/family-context/review").get_data(
        as_text=True
    )


def test_only_administrators_import_or_review(app, client, sign_in):
    sign_in("pat")
    assert client.get("/admin/family-context/").status_code == 403
    assert client.get("/admin/family-context/review").status_code == 403


def test_the_matching_rule():
    born = date(1990, 5, 1)
    people = [Candidate(1, "Jade", "Brook", born), Candidate(2, "Amelia", "Brook", None)]
    assert match("jade", "BROOK", born, people).state == "matched"
    assert match("Jade", "Brook", date(1990, 5, 2), people) == match(
        "Jade", "Brook", date(1990, 5, 2), people
    )
    assert match("Jade", "Brook", date(1990, 5, 2), people).candidate_id == 1
    assert match("Jade", "Brook", date(1990, 5, 2), people).state == "held"
    assert match("Jayde", "Brook", born, people).reason.startswith("Same date of birth")
    assert match("Amelia", "Brook", date(2018, 4, 2), people).reason.endswith("missing")
    assert match("Sam", "Smith", born, people).candidate_id is None


def test_files_too_large_or_not_text_are_refused_with_what_to_do():
    from casework.family_context import files

    big = b"person_id,case_reference,first_name,last_name,relationship\n" + b"x" * (
        files.MAX_FILE_BYTES + 1
    )
    found = files.read(
        {"people.csv": big, "housing.csv": "provider\n".encode("utf-16")}, today=date(2026, 12, 6)
    )
    messages = {(p.file, p.message) for p in found.problems}
    assert ("people.csv", "The file is larger than 2 MB.") in messages
    assert ("housing.csv", "The file is not saved as UTF-8 text.") in messages
    assert all(p.fix.startswith("Either") for p in found.problems)
    assert found.people == [] and found.services == []
