"""Documents in the service: preview both versions, print, PDF, issue, audit, access."""

from __future__ import annotations

import hashlib
import subprocess
from datetime import date

from sqlalchemy import select

from casework.extensions import db
from casework.models import AuditEvent, FormVersion, Record
from casework.models.documents import IssuedDocument
from tests.casework.conftest import csrf_from, sign_out


def audit_actions(app, record_id):
    with app.app_context():
        rows = db.session.scalars(
            select(AuditEvent).where(AuditEvent.record_id == str(record_id)).order_by(AuditEvent.id)
        )
        return [(e.action, e.detail) for e in rows]


def pdf_text(pdf: bytes, tmp_path) -> str:
    path = tmp_path / "d.pdf"
    path.write_bytes(pdf)
    return subprocess.run(["pdftotext", str(path), "-"], capture_output=True, text=True).stdout


def test_preview_print_and_pdf_of_both_versions(app, client, sign_in, visit, tmp_path):
    sign_in("pat")
    family = client.get(f"/records/{visit.record_id}/document")
    html = family.get_data(as_text=True)
    assert family.status_code == 200
    assert "This is exactly what the family will get" in html
    assert "i dont like it when daddy shouts" in html and "Grandma Jean" in html
    assert "POLICE-ONLY-7Q" not in html and "NOTE-ONLY-3K" not in html
    assert "/documents/document.css" in html

    professional = client.get(f"/records/{visit.record_id}/document?version=professional")
    text = professional.get_data(as_text=True)
    assert "POLICE-ONLY-7Q" in text and "NOTE-ONLY-3K" in text

    printed = client.get(f"/records/{visit.record_id}/document/family/print")
    assert printed.status_code == 200
    assert "default-src 'none'" in printed.headers["Content-Security-Policy"]
    page = printed.get_data(as_text=True)
    assert "size: A4" in page and "POLICE-ONLY-7Q" not in page and "<script" not in page

    pdf = client.get(f"/records/{visit.record_id}/document/family.pdf")
    assert pdf.mimetype == "application/pdf"
    assert "attachment;" in pdf.headers["Content-Disposition"]
    words = pdf_text(pdf.data, tmp_path)
    assert "i dont like it when daddy shouts" in words
    assert "POLICE-ONLY-7Q" not in words and "NOTE-ONLY-3K" not in words
    assert len(pdf.data) < 200_000

    assert client.get(f"/records/{visit.record_id}/document/secret.pdf").status_code == 404
    actions = [a for a, _ in audit_actions(app, visit.record_id)]
    for action in ("document_previewed", "document_printed", "document_downloaded"):
        assert action in actions
    assert client.get("/documents/document.css").mimetype == "text/css"


def test_issuing_keeps_the_exact_pdf_and_who_it_went_to(app, client, sign_in, visit, tmp_path):
    sign_in("pat")
    url = f"/records/{visit.record_id}/document/issue"
    page = client.get(url + "?audience=family").get_data(as_text=True)
    assert "Amy Lane (Parent)" in page
    token = csrf_from(page)
    today = date.today()
    form = {
        "csrf_token": token,
        "audience": "family",
        "people": [str(visit.mum_id)],
        "professionals": "Dr Shah, GP\n\n",
        "method": "post",
        "sent-day": str(today.day),
        "sent-month": str(today.month),
        "sent-year": str(today.year),
    }
    missing = client.post(url, data={**form, "people": [], "professionals": ""})
    assert missing.status_code == 400
    assert "Select or enter who the document was sent to" in missing.get_data(as_text=True)
    future = client.post(url, data={**form, "sent-year": str(today.year + 1)})
    assert "must be today or in the past" in future.get_data(as_text=True)

    done = client.post(url, data=form)
    assert done.status_code == 302
    with app.app_context():
        issued = db.session.scalars(select(IssuedDocument)).one()
        record = db.session.get(Record, visit.record_id)
        assert issued.record_revision == record.revision
        assert issued.form_version_id == record.form_version_id
        assert db.session.get(FormVersion, issued.form_version_id).form_id == "first_visit"
        assert issued.audience == "family" and issued.method == "post"
        assert issued.sent_on == today
        assert [r["name"] for r in issued.recipients] == ["Amy Lane", "Dr Shah, GP"]
        assert issued.sha256 == hashlib.sha256(issued.pdf).hexdigest()
        issued_id, sha, kept = issued.id, issued.sha256, issued.pdf

    listing = client.get(done.headers["Location"]).get_data(as_text=True)
    assert f'id="issued-{issued_id}"' in listing and "Amy Lane (Parent), Dr Shah, GP" in listing

    # The record changes afterwards; what was sent stays exactly as sent.
    with app.app_context():
        record = db.session.get(Record, visit.record_id)
        record.answers = {**record.answers, "what_we_saw": "Changed later."}
        record.revision += 1
        db.session.commit()
    again = client.get(f"/documents/issued/{issued_id}.pdf")
    assert again.data == kept and again.headers["X-Content-SHA256"] == sha
    assert "A tidy home" in pdf_text(again.data, tmp_path)
    details = dict(audit_actions(app, visit.record_id))
    assert details["document_issued"]["recipients"] == ["Amy Lane", "Dr Shah, GP"]
    assert details["issued_document_downloaded"]["sha256"] == sha


def test_issued_documents_cannot_be_changed(app, client, sign_in, visit):
    import pytest

    from casework.models.documents import IssuedDocumentIsFixed

    with app.app_context():
        record = db.session.get(Record, visit.record_id)
        issued = IssuedDocument(
            record_id=record.id,
            form_version_id=record.form_version_id,
            record_revision=record.revision,
            audience="family",
            recipients=[],
            method="post",
            sent_on=date.today(),
            title="t",
            issued_by_id=record.created_by_id,
            sha256="0" * 64,
            pdf=b"%PDF",
        )
        db.session.add(issued)
        db.session.commit()
        issued.method = "email"
        with pytest.raises(IssuedDocumentIsFixed):
            db.session.commit()
        db.session.rollback()


def test_only_case_roles_with_access_see_documents(app, client, sign_in, visit):
    sign_in("dee")  # a designer: not a case role
    assert client.get(f"/records/{visit.record_id}/document").status_code == 403
    sign_out(client)
    sign_in("mo")  # the team manager of the case's team
    assert client.get(f"/records/{visit.record_id}/document").status_code == 200
    sign_out(client)
    for path in ("document", "document/family.pdf", "document/family/print"):
        assert client.get(f"/records/{visit.record_id}/{path}").status_code == 302


def test_a_refused_template_gives_a_clear_page_not_a_traceback(app, client, sign_in, visit):
    with app.app_context():
        record = db.session.get(Record, visit.record_id)
        version = db.session.get(FormVersion, record.form_version_id)
        definition = dict(version.definition)
        definition["output"] = {**definition["output"], "template": "ok\n{{ ''.__class__ }}"}
        db.session.execute(
            FormVersion.__table__.update()
            .where(FormVersion.id == version.id)
            .values(definition=definition, sha256="f" * 64)  # a new hash: not cached
        )
        db.session.commit()
    sign_in("pat")
    response = client.get(f"/records/{visit.record_id}/document")
    page = response.get_data(as_text=True)
    assert response.status_code == 422
    assert "Line 2: &#39;__class__&#39; starts with an underscore" in page
    assert "Traceback" not in page
    assert client.get(f"/records/{visit.record_id}/document/family.pdf").status_code == 422
