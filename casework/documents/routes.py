"""Document screens: preview both versions, print view, PDF download, issue, what was sent."""

from __future__ import annotations

import re
from datetime import date

from flask import Blueprint, Response, abort, redirect, render_template, request, url_for
from flask_login import current_user
from markupsafe import Markup

from casework import access, incoming
from casework.documents import engine
from casework.documents import service as documents
from casework.documents.ahead import RenderAhead
from casework.models.documents import AUDIENCES, METHODS
from casework.records import service as records
from renderer.documents import stylesheet
from renderer.documents.chromium import PrintTimedOut

bp = Blueprint("documents", __name__)
# The app that shows documents also draws them ahead (casework/documents/ahead.py).
bp.record_once(lambda state: RenderAhead(state.app))
# ... with the PDF engine its settings choose (casework/documents/engine.py).
bp.record_once(lambda state: engine.init_app(state.app))

CASE_ROLES = ("practitioner", "team_manager")
# The print view is the document alone: its own inline stylesheet, nothing fetched.
PRINT_CSP = (
    "default-src 'none'; style-src 'unsafe-inline'; img-src data:; base-uri 'none'; "
    "form-action 'none'; frame-ancestors 'self'"
)
MAX_PROFESSIONALS = 20


def _audience(value: str | None) -> str:
    return value if value in AUDIENCES else "family"


def _document(record_id: int, audience: str, purpose: str, make=documents.build):
    """(what ``make`` made, None) or (None, refusal response); 404 for a record the user
    cannot see. ``make`` is documents.build or documents.pdf_of."""
    try:
        return make(current_user, record_id, audience, purpose=purpose), None
    except records.RecordNotFound:
        abort(404)
    except documents.DocumentProblem:
        abort(404)
    except documents.TemplateRefused as exc:
        record = records.get(current_user, record_id, purpose=None)
        page = render_template(
            "documents/refused.html",
            record=record,
            case=record.case,
            form=records.form_of(record),
            message=str(exc),
        )
        return None, (page, 422)
    except PrintTimedOut:
        # A runaway document (renderer/documents/chromium.py stopped it): a page that
        # says so and offers the print view, not a server error.
        record = records.get(current_user, record_id, purpose=None)
        page = render_template(
            "documents/too_slow.html",
            record=record,
            case=record.case,
            form=records.form_of(record),
            audience=audience,
        )
        return None, (page, 503)


@bp.route("/documents/document.css")
@access.public
def document_css():
    response = Response(stylesheet(), mimetype="text/css")
    response.headers["Cache-Control"] = "public, max-age=3600"
    return response


@bp.route("/records/<int:record_id>/document")
@access.roles(*CASE_ROLES)
def preview(record_id: int):
    audience = _audience(request.args.get("version"))
    document, refused = _document(record_id, audience, "document_previewed")
    if refused:
        return refused
    record = records.get(current_user, record_id, purpose=None)
    return render_template(
        "documents/preview.html",
        record=record,
        case=record.case,
        form=records.form_of(record),
        audience=audience,
        audiences=AUDIENCES,
        body=Markup(document.body),  # noqa: S704 - built by the sandbox and the allow-list
        issued=documents.issued_for(current_user, record_id),
        methods=METHODS,
    )


@bp.route("/records/<int:record_id>/document/<audience>/print")
@access.roles(*CASE_ROLES)
def print_view(record_id: int, audience: str):
    if audience not in AUDIENCES:
        abort(404)
    document, refused = _document(record_id, audience, "document_printed")
    if refused:
        return refused
    response = Response(document.html, mimetype="text/html")
    response.headers["Content-Security-Policy"] = PRINT_CSP
    return response


@bp.route("/records/<int:record_id>/document/<audience>.pdf")
@access.roles(*CASE_ROLES)
def pdf(record_id: int, audience: str):
    if audience not in AUDIENCES:
        abort(404)
    made, refused = _document(record_id, audience, "document_downloaded", documents.pdf_of)
    if refused:
        return refused
    document, pdf_bytes = made
    name = _filename(document.title, audience)
    return Response(
        pdf_bytes,
        mimetype="application/pdf",
        headers={"Content-Disposition": f'attachment; filename="{name}"'},
    )


def _filename(title: str, audience: str) -> str:
    slug = re.sub(r"[^a-z0-9]+", "-", title.lower()).strip("-")[:60] or "document"
    return f"{slug}-{audience}.pdf"


@bp.route("/records/<int:record_id>/document/issue", methods=["GET", "POST"])
@access.roles(*CASE_ROLES)
def issue(record_id: int):
    # The page lists the family's names; a POST is audited as what it does.
    purpose = "issue_page_viewed" if request.method == "GET" else None
    try:
        record = records.get(current_user, record_id, purpose=purpose)
    except records.RecordNotFound:
        abort(404)
    case = record.case
    values = {
        "audience": _audience(request.values.get("audience")),
        "people": request.form.getlist("people"),
        "professionals": request.form.get("professionals", ""),
        "method": request.form.get("method", ""),
        "day": request.form.get("sent-day", str(date.today().day)),
        "month": request.form.get("sent-month", str(date.today().month)),
        "year": request.form.get("sent-year", str(date.today().year)),
    }
    error = None
    if request.method == "POST":
        try:
            issue_request = _issue_request(values)
            issued = documents.issue(current_user, record_id, issue_request)
        except documents.DocumentProblem as exc:
            error = str(exc)
        except documents.TemplateRefused as exc:
            error = f"The document cannot be made: {exc}"
        except PrintTimedOut:
            error = (
                "The PDF took too long to make, so it was not recorded as sent. "
                "Try again in a few minutes"
            )
        else:
            return redirect(
                url_for("documents.preview", record_id=record_id, version=issued.audience)
                + f"#issued-{issued.id}"
            )
    return render_template(
        "documents/issue.html",
        record=record,
        case=case,
        form=records.form_of(record),
        values=values,
        error=error,
        audiences=AUDIENCES,
        methods=METHODS,
        people=case.people,
    ), (400 if error else 200)


def _issue_request(values: dict) -> documents.IssueRequest:
    try:
        person_ids = tuple(incoming.whole_number(p) for p in values["people"])
    except ValueError:
        raise documents.DocumentProblem("Select people from this case only") from None
    professionals = tuple(
        line.strip()[:160] for line in values["professionals"].splitlines() if line.strip()
    )
    if len(professionals) > MAX_PROFESSIONALS:
        raise documents.DocumentProblem(f"Enter at most {MAX_PROFESSIONALS} professionals")
    try:
        sent_on = date(int(values["year"]), int(values["month"]), int(values["day"]))
    except (TypeError, ValueError):
        raise documents.DocumentProblem("The date it was sent must be a real date") from None
    return documents.IssueRequest(
        audience=values["audience"],
        person_ids=person_ids,
        professionals=professionals,
        method=values["method"],
        sent_on=sent_on,
    )


@bp.route("/documents/issued/<int:issued_id>.pdf")
@access.roles(*CASE_ROLES)
def issued_pdf(issued_id: int):
    try:
        issued = documents.get_issued(current_user, issued_id)
    except records.RecordNotFound:
        abort(404)
    name = _filename(issued.title, f"{issued.audience}-sent-{issued.sent_on.isoformat()}")
    return Response(
        issued.pdf,
        mimetype="application/pdf",
        headers={
            "Content-Disposition": f'attachment; filename="{name}"',
            "X-Content-SHA256": issued.sha256,
        },
    )
