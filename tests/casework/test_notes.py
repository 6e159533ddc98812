"""Case notes: a home visit note counts as the due visit, the chronology, search, access."""

from __future__ import annotations

import re
import subprocess
from datetime import date

import pytest
from sqlalchemy import select

from casework.accounts import service as accounts
from casework.cases import service as cases
from casework.extensions import db
from casework.library import service as library
from casework.models import AuditEvent, Case, Record, StageInstance
from casework.notes import chronology
from casework.notes import service as notes
from casework.pathway import service as pathway_service
from casework.records import saving
from casework.records import service as records
from tests.casework.conftest import csrf_from

VISIT_ON = date(2026, 11, 2)  # a Monday; no bank holiday in the ten working days after


@pytest.fixture
def published(app, demo_users):
    with app.test_request_context():
        library.sync(app.config["LIBRARY_PATH"])


def _case_with_visit_due(app, restricted=False) -> int:
    with app.test_request_context():
        case = cases.open_case(
            accounts.find("pat"),
            pathway_id="child_protection",
            child=cases.NewChild("Ruby", "Lane", date(2019, 5, 1)),
            referral_received=date(2026, 10, 1),
            restricted=restricted,
        )
        stage = pathway_service.pathway_of(case).stages_by_id["child_protection_visit"]
        pathway_service.start_stage(case, stage, date(2026, 10, 26))
        db.session.commit()
        return case.id


def _note(app, case_id, note_type, answers, *, significant=None, user="pat") -> int:
    with app.test_request_context():
        case = db.session.get(Case, case_id)
        record = notes.start(accounts.find(user), case, note_type)
        saving.save(
            accounts.find(user), record, answers, base_revision=0, idempotency_key=f"k{record.id}"
        )
        errors = records.form_of(record)
        from renderer.screens import compile_form

        problems = compile_form(errors).check(record.answers, today=date.today(), people=[])
        assert problems == {}, problems
        records.submit(accounts.find(user), record, problems, significant=significant)
        return record.id


SEEN = {
    "contact_date": VISIT_ON.isoformat(),
    "contact_time": "4pm",
    "child_seen": "yes",
    "child_seen_alone": "yes",
    "childs_words": "I like my new bed",
    "what_happened": "Ruby showed me her room.",
    "worker_view": "PROFESSIONAL-ONLY-9Z",
    "next_steps": "Visit again with the school nurse.",
}


def _visits(app, case_id):
    with app.app_context():
        return [
            (i.status, i.started_on, i.due_on, i.completed_on)
            for i in db.session.scalars(
                select(StageInstance)
                .where(
                    StageInstance.case_id == case_id,
                    StageInstance.stage_id == "child_protection_visit",
                )
                .order_by(StageInstance.id)
            )
        ]


def test_a_home_visit_with_the_child_seen_completes_the_due_visit_and_restarts_its_clock(
    app, published
):
    case_id = _case_with_visit_due(app)
    record_id = _note(app, case_id, "home_visit", SEEN)
    done, following = _visits(app, case_id)
    assert done[0] == "completed" and done[3] == VISIT_ON  # the day of the visit, not of typing
    # Ten working days from the visit, the day itself not counted.
    assert following == ("open", VISIT_ON, date(2026, 11, 16), None)
    with app.app_context():
        record = db.session.get(Record, record_id)
        # One recording: the note is the completed stage's record, on the case page too.
        assert record.stage_instance.stage_id == "child_protection_visit"
        assert record.status == "completed"


def test_a_visit_without_seeing_the_child_or_a_phone_call_leaves_the_visit_due(app, published):
    case_id = _case_with_visit_due(app)
    not_seen = SEEN | {"child_seen": "no"}
    del not_seen["child_seen_alone"], not_seen["childs_words"]
    _note(app, case_id, "home_visit", not_seen)
    _note(app, case_id, "phone_call", SEEN)
    assert [v[0] for v in _visits(app, case_id)] == ["open"]


def test_a_note_records_the_case_fact_it_carries(app, published):
    case_id = _case_with_visit_due(app)
    _note(app, case_id, "home_visit", SEEN)
    with app.app_context():
        from casework.facts import service as case_facts

        newest = case_facts.newest(db.session.get(Case, case_id))
        assert newest["child.seen_alone"].value == "yes"


def test_the_chronology_lists_significant_notes_and_records_by_when_they_happened(app, published):
    case_id = _case_with_visit_due(app)
    later = _note(
        app, case_id, "information_received", SEEN | {"contact_date": "2026-11-20"}
    )  # significant by its type
    earlier = _note(app, case_id, "home_visit", SEEN, significant=True)  # chosen by the worker
    _note(app, case_id, "phone_call", SEEN | {"contact_date": "2026-11-10"})  # not significant
    with app.test_request_context():
        case = db.session.get(Case, case_id)
        entries = chronology.chronology(case)
        assert [e.record_id for e in entries] == [earlier, later]
        assert entries[0].happened_on == VISIT_ON and entries[0].title == "Home visit"
        family = chronology.chronology(case, audience="family")
        text = repr(family)
        assert "I like my new bed" in text and "PROFESSIONAL-ONLY-9Z" not in text
        only_visits = chronology.chronology(case, chronology.Filters(form_id="home_visit"))
        assert [e.record_id for e in only_visits] == [earlier]
        after = chronology.chronology(case, chronology.Filters(start=date(2026, 11, 3)))
        assert [e.record_id for e in after] == [later]


def test_a_completed_statutory_form_is_in_the_chronology_by_default(app, published):
    case_id = _case_with_visit_due(app)
    with app.test_request_context():
        case = db.session.get(Case, case_id)
        instance = db.session.scalar(
            select(StageInstance).where(StageInstance.case_id == case_id).order_by(StageInstance.id)
        )
        record = records.start(accounts.find("pat"), case, instance)
        record.status = "completed"
        record.submitted_at = record.created_at
        db.session.commit()
        titles = [e.title for e in chronology.chronology(case)]
        assert titles == [records.form_of(record).title]


def pdf_info_and_text(pdf: bytes, tmp_path) -> tuple[str, str]:
    path = tmp_path / "c.pdf"
    path.write_bytes(pdf)
    info = subprocess.run(["pdfinfo", str(path)], capture_output=True, text=True).stdout
    text = subprocess.run(["pdftotext", str(path), "-"], capture_output=True, text=True).stdout
    return info, text


def _actions(app, case_id):
    with app.app_context():
        rows = db.session.scalars(select(AuditEvent).order_by(AuditEvent.id))
        return [e.action for e in rows if str(case_id) in (e.record_id or "")]


def test_chronology_page_print_and_tagged_pdf_leave_professional_answers_out_for_the_family(
    app, client, sign_in, published, tmp_path
):
    case_id = _case_with_visit_due(app)
    _note(app, case_id, "home_visit", SEEN, significant=True)
    sign_in("pat")
    page = client.get(f"/cases/{case_id}/chronology").get_data(as_text=True)
    assert "2 November 2026" in page and "PROFESSIONAL-ONLY-9Z" in page
    family = client.get(f"/cases/{case_id}/chronology?audience=family").get_data(as_text=True)
    assert "I like my new bed" in family and "PROFESSIONAL-ONLY-9Z" not in family
    printed = client.get(f"/cases/{case_id}/chronology/print?audience=family")
    assert "default-src 'none'" in printed.headers["Content-Security-Policy"]
    assert "PROFESSIONAL-ONLY-9Z" not in printed.get_data(as_text=True)
    pdf = client.get(f"/cases/{case_id}/chronology/family.pdf")
    assert pdf.mimetype == "application/pdf"
    info, text = pdf_info_and_text(pdf.data, tmp_path)
    assert re.search(r"^Tagged:\s+yes$", info, re.M)
    assert "I like my new bed" in text and "PROFESSIONAL-ONLY-9Z" not in text
    professional = client.get(f"/cases/{case_id}/chronology/professional.pdf")
    assert "PROFESSIONAL-ONLY-9Z" in pdf_info_and_text(professional.data, tmp_path)[1]
    assert client.get(f"/cases/{case_id}/chronology?start=32-13-2026").status_code == 200
    actions = _actions(app, case_id)
    assert actions.count("chronology_viewed") == 3
    assert "chronology_printed" in actions and actions.count("chronology_downloaded") == 2


def test_search_finds_words_and_dates_in_the_case_and_is_audited(app, client, sign_in, published):
    case_id = _case_with_visit_due(app)
    _note(app, case_id, "home_visit", SEEN)
    _note(app, case_id, "phone_call", SEEN | {"what_happened": "Mum rang about the dentist."})
    sign_in("pat")
    found = client.get(f"/cases/{case_id}/notes/search?words=dentist").get_data(as_text=True)
    assert "1 result" in found and "Mum rang about the dentist." in found
    none = client.get(f"/cases/{case_id}/notes/search?words=dentist&end=2026-11-01")
    assert "0 results" in none.get_data(as_text=True)
    bad = client.get(f"/cases/{case_id}/notes/search?words=x&start=2026-11-05&end=2026-11-01")
    assert "The end date must be the same as or after the start date" in bad.get_data(as_text=True)
    assert _actions(app, case_id).count("case_notes_searched") == 3


def test_two_presses_from_the_case_page_to_a_note_and_drafts_wait_to_be_finished(
    app, client, sign_in, published
):
    case_id = _case_with_visit_due(app)
    sign_in("pat")
    page = client.get(f"/cases/{case_id}").get_data(as_text=True)
    assert "Home visit" in page and "Information received" in page
    started = client.post(
        f"/cases/{case_id}/notes", data={"csrf_token": csrf_from(page), "note_type": "home_visit"}
    )
    assert started.status_code == 302 and "/sections/the_note" in started.headers["Location"]
    again = client.get(f"/cases/{case_id}").get_data(as_text=True)
    assert "Notes to finish" in again
    refused = client.post(
        f"/cases/{case_id}/notes",
        data={"csrf_token": csrf_from(again), "note_type": "child_protection_visit"},
    )
    assert refused.status_code == 400 and "Choose the kind of note" in refused.get_data(
        as_text=True
    )


def test_a_restricted_case_s_notes_and_chronology_are_hidden_from_others(
    app, client, sign_in, published
):
    case_id = _case_with_visit_due(app, restricted=True)
    sign_in("sam")
    for url in (
        f"/cases/{case_id}/chronology",
        f"/cases/{case_id}/chronology/family.pdf",
        f"/cases/{case_id}/notes/search?words=x",
        f"/cases/{case_id}/notes/new",
    ):
        assert client.get(url).status_code == 404, url


def test_the_next_note_uses_a_newly_published_version_and_older_notes_keep_theirs(
    app, published, tmp_path
):
    import shutil

    case_id = _case_with_visit_due(app)
    first = _note(app, case_id, "home_visit", SEEN)
    root = tmp_path / "library"
    shutil.copytree(app.config["LIBRARY_PATH"], root, ignore=shutil.ignore_patterns(".git"))
    path = root / "form_library" / "home_visit.yaml"
    text = path.read_text()
    path.write_text(
        text.replace("version: 1\n", "version: 2\n", 1).replace(
            "label: What happens next", "label: What will happen next", 1
        )
    )
    with app.test_request_context():
        library.sync(root)
    second = _note(app, case_id, "home_visit", SEEN | {"contact_date": "2026-11-03"})
    with app.app_context():
        old, new = db.session.get(Record, first), db.session.get(Record, second)
        assert old.form_version.version == 1 and new.form_version.version == 2
        assert records.form_of(new).fields_by_id["next_steps"].label == "What will happen next"
        assert records.form_of(old).fields_by_id["next_steps"].label == "What happens next"
