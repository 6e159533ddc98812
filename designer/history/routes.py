"""History, side-by-side diff and change specification screens (read-only).

Who may read: designers (they make the changes), team managers (they sign off forms
that change under their teams) and auditors (change history is part of the record of
how decisions about children were shaped). Practitioners see the live forms, not their
history; administrators manage accounts, not content.
"""

from __future__ import annotations

from importlib import resources

from flask import Blueprint, Response, abort, current_app, render_template, request
from flask_login import current_user
from markupsafe import Markup

from casework import access, audit
from casework.timing import design_service as design_time

from . import service

bp = Blueprint("history", __name__, url_prefix="/library")

READERS = ("designer", "team_manager", "auditor")
KINDS = "<any(forms, pathways):kinds>"


def _library():
    return service.library_at(current_app.config["LIBRARY_PATH"])


def _history(kinds: str, doc_id: str):
    try:
        return service.history(_library(), service.KINDS[kinds], doc_id)
    except service.NotFound:
        abort(404)


def _version_arg(name: str, default: int) -> int:
    raw = request.args.get(name, "")
    if raw == "":
        return default
    if not raw.isdigit() or len(raw) > 6:
        abort(404)
    return int(raw)


def _css() -> str:
    return resources.files("designer").joinpath("static", "history.css").read_text("utf-8")


@bp.route("/history.css")
@access.public  # a stylesheet: nothing in it is about anyone
def stylesheet():
    response = Response(_css(), mimetype="text/css")
    response.headers["Cache-Control"] = "public, max-age=3600"
    return response


@bp.route("/changes")
@access.roles(*READERS)
def index():
    return render_template(
        "history/index.html",
        title="Change history of the library",
        definitions=service.definitions(_library()),
        kinds={"form": "forms", "pathway": "pathways"},
        may_import=current_user.role == "designer",
    )


@bp.route(f"/{KINDS}/<doc_id>/history")
@access.roles(*READERS)
def history(kinds: str, doc_id: str):
    found = _history(kinds, doc_id)
    return render_template(
        "history/history.html",
        title=f"History of {found.title}",
        history=found,
        kinds=kinds,
        live=service.live_version(found.kind, doc_id),
        show=service.show_value,
        measured=(
            design_time.history_lines(doc_id, current_app.config["TIMING_MIN_RECORDS"])
            if found.kind == "form"
            else {}
        ),
    )


@bp.route(f"/{KINDS}/<doc_id>/diff")
@access.roles(*READERS)
def compare(kinds: str, doc_id: str):
    found = _history(kinds, doc_id)
    new = _version_arg("to", found.latest)
    old = _version_arg("from", max(new - 1, 1))
    try:
        comparison = service.compare(_library(), found.kind, doc_id, old, new)
    except service.NotFound:
        abort(404)
    return render_template(
        "history/diff.html",
        title=f"Compare versions of {found.title}",
        history=found,
        kinds=kinds,
        comparison=comparison,
        show=service.show_value,
    )


def _specification(kinds: str, doc_id: str):
    found = _history(kinds, doc_id)
    last = _version_arg("last", found.latest)
    first = _version_arg("first", min(2, last))
    try:
        found, versions = service.specification(_library(), found.kind, doc_id, first, last)
    except service.NotFound:
        abort(404)
    return found, versions, min(first, last), max(first, last)


@bp.route(f"/{KINDS}/<doc_id>/specification")
@access.roles(*READERS)
def specification(kinds: str, doc_id: str):
    found, versions, first, last = _specification(kinds, doc_id)
    return render_template(
        "history/specification.html",
        title=f"Change specification: {found.title}, versions {first} to {last}",
        history=found,
        kinds=kinds,
        versions=versions,
        first=first,
        last=last,
        council=current_app.config.get("COUNCIL_NAME"),
        show=service.show_value,
    )


@bp.route(f"/{KINDS}/<doc_id>/specification.pdf")
@access.roles(*READERS)
def specification_pdf(kinds: str, doc_id: str):
    from renderer.documents import pdf_bytes  # loads the PDF engine only when asked for

    found, versions, first, last = _specification(kinds, doc_id)
    # Our own stylesheet, not input: marked safe so autoescape leaves its quotes alone.
    css = Markup(_css())  # noqa: S704
    # This HTML is only ever given to the PDF engine (which fetches nothing), never served,
    # so its inline stylesheet does not meet the pages' CSP.
    html = render_template(
        "history/specification_pdf.html",
        title=f"Change specification: {found.title}, versions {first} to {last}",
        history=found,
        versions=versions,
        first=first,
        last=last,
        council=current_app.config.get("COUNCIL_NAME"),
        show=service.show_value,
        css=css,
    )
    audit.record(
        "change_specification_downloaded",
        record_type=found.kind,
        record_id=doc_id,
        detail={"first": first, "last": last},
    )
    name = f"{doc_id}-changes-v{first}-v{last}.pdf"
    return Response(
        pdf_bytes(html),
        mimetype="application/pdf",
        headers={"Content-Disposition": f'attachment; filename="{name}"'},
    )
