"""Case notes, the chronology and searching what was written on a case."""

from __future__ import annotations

from datetime import date

from flask import Blueprint, Response, abort, redirect, render_template, request, url_for
from flask_login import current_user

from casework import access, audit
from casework.cases import service as cases
from casework.notes import chronology as chron
from casework.notes import service as notes
from renderer.documents import AUDIENCES, pdf_bytes, standalone_html

bp = Blueprint("notes", __name__)

CASE_ROLES = ("practitioner", "team_manager")
PRINT_CSP = (
    "default-src 'none'; style-src 'unsafe-inline'; img-src data:; base-uri 'none'; "
    "form-action 'none'; frame-ancestors 'self'"
)


def _case_or_404(case_id: int):
    try:
        return cases.get(current_user, case_id, purpose=None)
    except cases.CaseNotFound:
        abort(404)


@bp.route("/cases/<int:case_id>/notes/new")
@access.roles(*CASE_ROLES)
def choose(case_id: int):
    case = _case_or_404(case_id)
    return render_template("notes/choose.html", case=case, types=notes.note_types())


@bp.route("/cases/<int:case_id>/notes", methods=["POST"])
@access.roles(*CASE_ROLES)
def start(case_id: int):
    case = _case_or_404(case_id)
    try:
        record = notes.start(current_user, case, request.form.get("note_type", ""))
    except notes.UnknownNoteType:
        return render_template(
            "notes/choose.html",
            case=case,
            types=notes.note_types(),
            error="Choose the kind of note to write",
        ), 400
    first = records_first_section(record)
    return redirect(url_for("records.section", record_id=record.id, section_id=first))


def records_first_section(record) -> str:
    from casework.records import service as records

    return records.form_of(record).sections[0].id


def _date_arg(name: str, errors: dict) -> date | None:
    raw = request.args.get(name, "").strip()
    if not raw:
        return None
    try:
        return date.fromisoformat(raw)
    except ValueError:
        errors[name] = "Enter a real date, for example 27 March 2026"
        return None


def _filters(errors: dict) -> chron.Filters:
    start = _date_arg("start", errors)
    end = _date_arg("end", errors)
    if start and end and end < start:
        errors["end"] = "The end date must be the same as or after the start date"
    return chron.Filters(
        start=start,
        end=end,
        form_id=request.args.get("form") or None,
        words=request.args.get("words", "")[:200],
    )


def _audience() -> str:
    value = request.args.get("audience", "professional")
    return value if value in AUDIENCES else "professional"


@bp.route("/cases/<int:case_id>/chronology")
@access.roles(*CASE_ROLES)
def chronology(case_id: int):
    case = _case_or_404(case_id)
    errors: dict = {}
    filters = _filters(errors)
    audience = _audience()
    entries = chron.chronology(case, filters, audience)
    audit.record(
        "chronology_viewed",
        record_type="case",
        record_id=case.id,
        detail={"audience": audience, "entries": len(entries)},
        case_ids=[case.id],
    )
    return render_template(
        "notes/chronology.html",
        case=case,
        entries=entries,
        filters=filters,
        errors=errors,
        audience=audience,
        forms=chron.forms_used(case),
        args=request.args,
    )


def _document_html(case, entries, audience: str) -> str:
    title = f"Chronology for {case.child.full_name}"
    if audience == "family":
        title = f"What has happened: {case.child.full_name}"
    data = {"title": title, "audience": audience}
    body = render_template(
        "notes/_chronology_document.html",
        case=case,
        entries=entries,
        audience=audience,
        title=title,
    )
    return standalone_html(data, body)


@bp.route("/cases/<int:case_id>/chronology/print")
@access.roles(*CASE_ROLES)
def print_chronology(case_id: int):
    case = _case_or_404(case_id)
    audience = _audience()
    entries = chron.chronology(case, _filters({}), audience)
    audit.record(
        "chronology_printed",
        record_type="case",
        record_id=case.id,
        detail={"audience": audience},
        case_ids=[case.id],
    )
    response = Response(_document_html(case, entries, audience), mimetype="text/html")
    response.headers["Content-Security-Policy"] = PRINT_CSP
    return response


@bp.route("/cases/<int:case_id>/chronology/<audience>.pdf")
@access.roles(*CASE_ROLES)
def chronology_pdf(case_id: int, audience: str):
    if audience not in AUDIENCES:
        abort(404)
    case = _case_or_404(case_id)
    entries = chron.chronology(case, _filters({}), audience)
    audit.record(
        "chronology_downloaded",
        record_type="case",
        record_id=case.id,
        detail={"audience": audience},
        case_ids=[case.id],
    )
    return Response(
        pdf_bytes(_document_html(case, entries, audience)),
        mimetype="application/pdf",
        headers={
            "Content-Disposition": f'attachment; filename="chronology-{case.reference}-'
            f'{audience}.pdf"'
        },
    )


@bp.route("/cases/<int:case_id>/notes/search")
@access.roles(*CASE_ROLES)
def search(case_id: int):
    case = _case_or_404(case_id)
    errors: dict = {}
    filters = _filters(errors)
    asked = bool(filters.words or filters.start or filters.end or filters.form_id)
    results = chron.search(case, filters) if asked and not errors else []
    if asked:
        audit.record(
            "case_notes_searched",
            record_type="case",
            record_id=case.id,
            detail={"words": filters.words, "found": len(results)},
            case_ids=[case.id],
        )
    return render_template(
        "notes/search.html",
        case=case,
        results=results,
        filters=filters,
        errors=errors,
        asked=asked,
        forms=chron.forms_used(case),
        args=request.args,
    )
