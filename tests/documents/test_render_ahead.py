"""Render ahead and the PDF cache in the service: a submitted record's PDFs are drawn
before anyone asks, downloads and issues are served from the cache, a failing render
never touches the submit, and the cache is reachable only through the access-checked
route. Renders are counted by our own counter (``cache.counts``) and the table's rows."""

from __future__ import annotations

import logging
import os
import re
import subprocess
import sys
from datetime import date, datetime

from sqlalchemy import select

from casework.documents import cache
from casework.documents import service as documents
from casework.documents.ahead import EXTENSION
from casework.extensions import db
from casework.models import Case, CaseAccess, Record, RenderedDocument, StageInstance
from casework.models.documents import IssuedDocument
from tests.casework.conftest import csrf_from, sign_out


def pdf_text(pdf: bytes, tmp_path) -> str:
    path = tmp_path / "d.pdf"
    path.write_bytes(pdf)
    return subprocess.run(["pdftotext", str(path), "-"], capture_output=True, text=True).stdout


def submit(client, record_id: int):
    page = client.get(f"/records/{record_id}/check").get_data(as_text=True)
    return client.post(
        f"/records/{record_id}/submit",
        data={"csrf_token": csrf_from(page)},
        follow_redirects=True,
    )


def cached_rows(app, record_id: int) -> list[RenderedDocument]:
    with app.app_context():
        return list(
            db.session.scalars(
                select(RenderedDocument).where(RenderedDocument.record_id == record_id)
            )
        )


def test_submitting_draws_both_pdfs_so_download_and_issue_are_hits(
    app, client, sign_in, visit, tmp_path
):
    sign_in("pat")
    renders = cache.counts.renders
    assert "First visit completed." in submit(client, visit.record_id).get_data(as_text=True)
    kept = {row.pdf for row in cached_rows(app, visit.record_id)}
    assert len(kept) == 2 and cache.counts.renders == renders + 2

    hits = cache.counts.hits
    family = client.get(f"/records/{visit.record_id}/document/family.pdf")
    professional = client.get(f"/records/{visit.record_id}/document/professional.pdf")
    assert family.status_code == professional.status_code == 200
    assert {family.data, professional.data} == kept
    assert cache.counts.renders == renders + 2 and cache.counts.hits == hits + 2

    # The family PDF from the cache is still only the family's.
    words = pdf_text(family.data, tmp_path)
    assert "i dont like it when daddy shouts" in words and "Grandma Jean" in words
    assert "POLICE-ONLY-7Q" not in words and "NOTE-ONLY-3K" not in words
    assert "POLICE-ONLY-7Q" in pdf_text(professional.data, tmp_path)

    # Issuing keeps its own copy of exactly those bytes, without drawing them again.
    page = client.get(f"/records/{visit.record_id}/document/issue?audience=family")
    today = date.today()
    client.post(
        f"/records/{visit.record_id}/document/issue",
        data={
            "csrf_token": csrf_from(page.get_data(as_text=True)),
            "audience": "family",
            "people": [str(visit.mum_id)],
            "method": "by_hand",
            "sent-day": str(today.day),
            "sent-month": str(today.month),
            "sent-year": str(today.year),
        },
    )
    with app.app_context():
        issued = db.session.scalar(select(IssuedDocument))
        assert issued.pdf == family.data
    assert cache.counts.renders == renders + 2


def test_a_signed_off_record_keeps_what_was_drawn_when_it_was_submitted(
    app, client, sign_in, visit
):
    """The plan needs a manager's sign-off: its PDFs are drawn at submit; signing off
    changes neither document (both are dated the day it was submitted), so nothing is
    drawn again and the manager's download is a hit."""
    from casework.accounts import service as accounts
    from casework.records import service as records

    sign_in("pat")
    submit(client, visit.record_id)
    with app.test_request_context():
        instance = db.session.scalar(select(StageInstance).where(StageInstance.stage_id == "plan"))
        case = db.session.get(Case, visit.case_id)
        plan = records.start(accounts.find("pat"), case, instance)
        plan.answers = {**plan.answers, "plan_summary": "Weekly visits; nursery place."}
        plan.revision += 1
        db.session.commit()
        plan_id = plan.id
    renders = cache.counts.renders
    assert "sent to a manager" in submit(client, plan_id).get_data(as_text=True)
    assert len(cached_rows(app, plan_id)) == 2 and cache.counts.renders == renders + 2

    sign_out(client)
    sign_in("mo")
    page = client.get(f"/records/{plan_id}").get_data(as_text=True)
    client.post(
        f"/records/{plan_id}/authorise",
        data={"csrf_token": csrf_from(page), "decision": "approve", "comments": "Good."},
    )
    with app.app_context():
        assert db.session.get(Record, plan_id).status == "completed"
    download = client.get(f"/records/{plan_id}/document/family.pdf")
    assert download.status_code == 200
    assert download.data in {row.pdf for row in cached_rows(app, plan_id)}
    assert cache.counts.renders == renders + 2


def test_a_failing_render_in_the_background_never_touches_the_submit(
    app, client, sign_in, visit, monkeypatch, caplog
):
    import weasyprint

    from renderer.documents import pdf

    def no_pango(*args, **kwargs):
        raise RuntimeError("Pango is not installed")

    app.config["DOCUMENTS_RENDER_AHEAD"] = "background"
    # The engine is broken by breaking WeasyPrint (not ours), so this app draws with it.
    monkeypatch.setattr(pdf, "_choice", ("weasyprint", app.config["PDF_CHROMIUM"]))
    monkeypatch.setattr(weasyprint.HTML, "write_pdf", no_pango)  # WeasyPrint, not ours
    sign_in("pat")
    with caplog.at_level(logging.ERROR, logger="casework.documents.ahead"):
        response = submit(client, visit.record_id)
        app.extensions[EXTENSION].wait_idle()
    assert response.status_code == 200 and "First visit completed." in response.get_data(
        as_text=True
    )
    with app.app_context():
        assert db.session.get(Record, visit.record_id).status == "completed"
    assert f"Render-ahead of record {visit.record_id} failed" in caplog.text
    assert cached_rows(app, visit.record_id) == []

    # With WeasyPrint working again, the download draws the PDF on demand.
    monkeypatch.undo()
    renders = cache.counts.renders
    assert client.get(f"/records/{visit.record_id}/document/family.pdf").status_code == 200
    assert cache.counts.renders == renders + 1


def test_the_background_worker_fills_the_cache(app, client, sign_in, visit):
    app.config["DOCUMENTS_RENDER_AHEAD"] = "background"
    sign_in("pat")
    submit(client, visit.record_id)
    app.extensions[EXTENSION].wait_idle()
    assert len(cached_rows(app, visit.record_id)) == 2


def test_the_convivial_worker_process_draws_ahead_with_the_chosen_engine(
    app, client, sign_in, visit, database_url, tmp_path
):
    """`convivial worker --once`, a process of its own, claims the submit's job and
    draws both PDFs with Chromium; the download is then a hit."""
    app.config["DOCUMENTS_RENDER_AHEAD"] = "worker"
    sign_in("pat")
    submit(client, visit.record_id)
    assert cached_rows(app, visit.record_id) == []  # nothing drawn in the request
    env = {
        **os.environ,
        "CONVIVIAL_ENV": "test",
        "SECRET_KEY": "test-secret-key-not-for-production",
        "DATABASE_URL": database_url,
        "PDF_ENGINE": "chromium",
    }
    ran = subprocess.run(
        [sys.executable, "-m", "casework", "worker", "--once"],
        env=env,
        capture_output=True,
        text=True,
        timeout=180,
    )
    assert ran.returncode == 0, ran.stderr
    assert "Ran 1 job(s)" in ran.stdout
    rows = cached_rows(app, visit.record_id)
    assert len(rows) == 2
    path = tmp_path / "ahead.pdf"
    path.write_bytes(rows[0].pdf)
    info = subprocess.run(["pdfinfo", str(path)], capture_output=True, text=True).stdout
    assert re.search(r"^Producer:\s+Skia/PDF", info, re.M)  # Chromium drew it
    assert re.search(r"^Tagged:\s+yes$", info, re.M)
    hits = cache.counts.hits
    assert client.get(f"/records/{visit.record_id}/document/family.pdf").status_code == 200
    assert cache.counts.hits == hits + 1


def test_with_render_ahead_off_the_first_download_draws_and_the_next_is_a_hit(
    app, client, sign_in, visit
):
    app.config["DOCUMENTS_RENDER_AHEAD"] = "off"
    sign_in("pat")
    renders = cache.counts.renders
    submit(client, visit.record_id)
    assert cached_rows(app, visit.record_id) == [] and cache.counts.renders == renders
    first = client.get(f"/records/{visit.record_id}/document/family.pdf").data
    second = client.get(f"/records/{visit.record_id}/document/family.pdf").data
    assert first == second and cache.counts.renders == renders + 1


def test_cached_pdfs_are_served_only_through_the_access_checked_route(app, client, sign_in, visit):
    sign_in("pat")
    submit(client, visit.record_id)
    assert len(cached_rows(app, visit.record_id)) == 2
    with app.app_context():  # the case becomes restricted to Pat alone
        pat = db.session.get(Record, visit.record_id).created_by_id
        db.session.get(Case, visit.case_id).restricted = True
        db.session.add(CaseAccess(case_id=visit.case_id, user_id=pat))
        db.session.commit()
    sign_out(client)
    sign_in("sam")  # same team, not named on the case
    hits = cache.counts.hits
    for audience in ("family", "professional"):
        assert client.get(f"/records/{visit.record_id}/document/{audience}.pdf").status_code == 404
    assert cache.counts.hits == hits  # refused before the cache was looked at
    sign_out(client)
    assert client.get(f"/records/{visit.record_id}/document/family.pdf").status_code == 302

    # No route reads the cache by key: the documents screens are the ones there were.
    rules = {r.endpoint: r.rule for r in app.url_map.iter_rules() if r.endpoint.startswith("doc")}
    assert set(rules) == {
        "documents.document_css",
        "documents.preview",
        "documents.print_view",
        "documents.pdf",
        "documents.issue",
        "documents.issued_pdf",
    }
    assert not any("render" in rule or "cache" in rule for rule in rules.values())


def test_a_submitted_record_is_dated_the_day_it_was_submitted_in_uk_time():
    record = Record(status="completed", submitted_at=datetime(2026, 6, 30, 23, 30))
    assert documents.written_on(record) == date(2026, 7, 1)  # 00:30 BST
    record = Record(status="awaiting_authorisation", submitted_at=datetime(2026, 1, 5, 9))
    assert documents.written_on(record) == date(2026, 1, 5)
    record = Record(status="returned", submitted_at=datetime(2026, 1, 5, 9))
    assert documents.written_on(record) == date.today()  # being changed again


def test_a_command_completing_records_draws_nothing_ahead(app, visit):
    """`convivial demo` completes records in a request context of its own, with no
    route: nobody is waiting for those PDFs, so none are drawn."""
    from casework.accounts import service as accounts
    from casework.records import service as records

    renders = cache.counts.renders
    with app.test_request_context():
        record = db.session.get(Record, visit.record_id)
        assert records.submit(accounts.find("pat"), record, {}) == "completed"
    assert cached_rows(app, visit.record_id) == [] and cache.counts.renders == renders
