"""Subject access: everything held about one child, nothing about an unrelated child,
other people's information flagged for review, and every export audited."""

from __future__ import annotations

import json
from datetime import date

import pytest
from click.testing import CliRunner
from sqlalchemy import select

from casework.accounts import service as accounts
from casework.cases import service as cases
from casework.cli import main
from casework.extensions import db
from casework.library import service as library
from casework.models import AuditEvent, AuditEventCase, Case, Record, StageInstance
from casework.pathway import service as pathway_service
from casework.records import saving
from casework.records import service as records
from tests.casework.conftest import csrf_from, sign_out
from tests.casework.family_context_sets import good_set
from tests.casework.test_cases import published  # noqa: F401 - shared fixture
from tests.casework.test_family_context import _case_with_parent, _upload


@pytest.fixture
def seeded(app, demo_users):
    """Amelia (with her brother Noah on her case) and Ivy, an unrelated child."""
    with app.test_request_context():
        library.sync(app.config["LIBRARY_PATH"])
        pat = accounts.find("pat")
        found = {}
        for first, last, summary in (
            ("Amelia", "Brook", "Noah Brook said Amelia was hit by an adult at home."),
            ("Ivy", "Stone", "Ivy has a bruise on her arm she could not explain."),
        ):
            case = cases.open_case(
                pat,
                pathway_id="child_protection",
                child=cases.NewChild(first, last, date(2018, 4, 2)),
                referral_received=date(2026, 11, 20),
            )
            if first == "Amelia":
                cases.add_person(case, first_name="Noah", last_name="Brook", role="sibling")
            stage = pathway_service.pathway_of(case).stages_by_id["strategy_discussion"]
            instance = pathway_service.start_stage(case, stage, date(2026, 11, 21))
            db.session.commit()
            for inst in db.session.scalars(
                select(StageInstance).where(StageInstance.case_id == case.id)
            ):
                record = records.start(pat, case, inst)
                answers = {"child_name": f"{first} {last}"}
                if inst.id == instance.id:
                    answers["concern_summary"] = summary
                saving.save(
                    pat, record, answers, base_revision=record.revision, idempotency_key="k"
                )
            found[first] = (case.id, case.child.id, case.reference)
        return found


def _export(client, sign_in, person_id: int, fmt: str, signed_in: bool = False):
    if not signed_in:
        sign_in("ada")
    page = client.get(f"/admin/subject-access/{person_id}")
    return client.post(
        f"/admin/subject-access/{person_id}",
        data={
            "csrf_token": csrf_from(page.get_data(as_text=True)),
            "request_reference": "SAR-2026-0142",
            "format": fmt,
        },
    )


def test_the_export_holds_every_record_about_the_child_and_nothing_about_another(
    app, client, sign_in, seeded
):
    amelia_case, amelia_id, _ = seeded["Amelia"]
    ivy_case, _, ivy_reference = seeded["Ivy"]
    sign_in("sam")
    client.get(f"/cases/{amelia_case}")
    client.get(f"/cases/{ivy_case}")
    sign_out(client)
    response = _export(client, sign_in, amelia_id, "json")
    assert response.status_code == 200
    assert "attachment" in response.headers["Content-Disposition"]
    text = response.get_data(as_text=True)
    bundle = json.loads(text)
    with app.app_context():
        held = db.session.scalars(select(Record).where(Record.case_id == amelia_case)).all()
    assert len(held) >= 2 and len(bundle["records"]) == len(held)
    answers = [a["answer"] for r in bundle["records"] for a in r["answers"]]
    assert "Noah Brook said Amelia was hit by an adult at home." in answers
    assert answers.count("Amelia Brook") == len(held)
    for unrelated in ("Ivy", "Stone", "bruise", ivy_reference):
        assert unrelated not in text, unrelated
    # Her brother's words are flagged for review; her own name alone is not.
    flagged = {a["answer"]: a["third_party"] for r in bundle["records"] for a in r["answers"]}
    assert flagged["Noah Brook said Amelia was hit by an adult at home."] == ["Noah Brook"]
    assert flagged["Amelia Brook"] == []
    assert bundle["cases"][0]["other_people"][0]["name"] == "Noah Brook"
    seen = [(s["who"], s["what"]) for s in bundle["seen_by"]]
    assert ("Sam Whitley", "Looked at the case") in seen
    assert ("Pat Okafor", "Saved answers in a record") in seen
    with app.app_context():
        [entry] = db.session.scalars(
            select(AuditEvent).where(AuditEvent.action == "subject_access_exported")
        ).all()
        assert entry.username == "ada" and entry.detail["request"] == "SAR-2026-0142"
        named = db.session.scalars(
            select(AuditEventCase.case_id).where(AuditEventCase.event_id == entry.id)
        ).all()
        assert named == [amelia_case] and ivy_case not in named


def test_the_readable_bundle_flags_third_parties_and_needs_a_request_reference(
    app, client, sign_in, seeded
):
    _, amelia_id, _ = seeded["Amelia"]
    sign_in("ada")
    page = client.get(f"/admin/subject-access/{amelia_id}")
    refused = client.post(
        f"/admin/subject-access/{amelia_id}",
        data={"csrf_token": csrf_from(page.get_data(as_text=True)), "format": "html"},
    )
    assert "Enter the subject access request this export answers" in refused.get_data(as_text=True)
    html = _export(client, sign_in, amelia_id, "html", signed_in=True).get_data(as_text=True)
    assert "Everything held about Amelia Brook" in html
    assert "Third party" in html and "Names Noah Brook" in html
    assert "Ivy" not in html


def test_practitioners_cannot_export(app, client, sign_in, seeded):
    _, amelia_id, _ = seeded["Amelia"]
    sign_in("pat")
    assert client.get(f"/admin/subject-access/{amelia_id}").status_code == 403


def test_the_command_writes_a_page_a_pdf_and_json(app, seeded, tmp_path):
    _, amelia_id, _ = seeded["Amelia"]
    env = {"DATABASE_URL": app.config["SQLALCHEMY_DATABASE_URI"], "SECRET_KEY": "cli-test"}
    result = CliRunner().invoke(
        main,
        [
            "subject-access",
            str(amelia_id),
            "-o",
            str(tmp_path / "out"),
            "--request",
            "SAR-1",
            "--by",
            "ada",
        ],
        env=env,
    )
    assert result.exit_code == 0, result.output
    files = {p.suffix: p for p in (tmp_path / "out").iterdir()}
    assert set(files) == {".html", ".pdf", ".json"}
    assert files[".pdf"].read_bytes().startswith(b"%PDF")
    assert "Ivy" not in files[".html"].read_text()
    with app.app_context():
        exports = db.session.scalars(
            select(AuditEvent).where(AuditEvent.action == "subject_access_exported")
        ).all()
        assert len(exports) == 3


@pytest.mark.usefixtures("published")
def test_the_export_holds_what_other_services_hold_about_each_person(app, client, sign_in):

    case_id, reference = _case_with_parent(app)
    sign_in("ada")
    preview = _upload(client, good_set(reference)).get_data(as_text=True)
    upload_id = preview.split("/admin/family-context/")[1].split("/import")[0]
    client.post(
        f"/admin/family-context/{upload_id}/import", data={"csrf_token": csrf_from(preview)}
    )
    with app.app_context():
        child = db.session.get(Case, case_id).child
        jade = next(p for p in db.session.get(Case, case_id).people if p.first_name == "Jade")
        child_id, jade_id = child.id, jade.id
    about_child = json.loads(_export(client, sign_in, child_id, "json", signed_in=True).data)
    services = {(c["service"], c["organisation"]) for c in about_child["family_context"]}
    assert ("school", "Millbrook Primary School") in {(s.lower(), o) for s, o in services}
    assert all(c["case"] == reference for c in about_child["family_context"])
    assert not any("Police" in c["organisation"] for c in about_child["family_context"])
    about_jade = json.loads(_export(client, sign_in, jade_id, "json", signed_in=True).data)
    assert any(c["organisation"] == "Northfield Police" for c in about_jade["family_context"])
    page = _export(client, sign_in, child_id, "html", signed_in=True).get_data(as_text=True)
    assert "What other services hold (family context)" in page
