"""The library at a glance, starting drafts, editor assets."""

from __future__ import annotations

from pathlib import Path

from flask import (
    Response,
    abort,
    current_app,
    redirect,
    render_template,
    request,
    send_from_directory,
    url_for,
)
from flask_login import current_user

from casework import access
from casework.library import service as library
from designer.editor import service
from designer.editor.blueprint import EDIT, REVIEW, bp
from designer.editor.forms.operations import OperationRefused, statutory_fields
from designer.editor.pathways import case_sources, diagram
from designer.editor.pathways import pages as pathway_pages
from designer.history import service as exchange

STATIC = Path(__file__).resolve().parent.parent / "static"

# Named in a bundle exported from a service whose COUNCIL_NAME is not set.
DEFAULT_COUNCIL = "A council using Convivial"


@bp.route("/assets/<name>")
@access.roles(*REVIEW)
def asset(name: str):
    # Only the editor's own files: the blueprint serves nothing else from disk.
    if not name.startswith("editor.") or not name.endswith((".css", ".mjs")):
        abort(404)
    return send_from_directory(STATIC, name, max_age=300)


@bp.route("/")
@access.roles(*REVIEW)
def library_index():
    forms = library.latest_forms()
    drafts = {d.target_id: d for d in service.open_drafts()}
    pathways = library.latest_pathways()
    used_by: dict[str, list[str]] = {}
    for pathway in pathways:
        for stage in pathway.definition.get("stages") or []:
            if stage.get("form"):
                used_by.setdefault(stage["form"], []).append(pathway.title)
    rows = [
        {
            "version": form,
            "owner": form.definition.get("owner", ""),
            "statutory": statutory_fields(form.definition),
            "draft": drafts.get(form.form_id),
            "pathways": used_by.get(form.form_id, []),
        }
        for form in sorted(forms, key=lambda f: f.title)
    ]
    published = {f.form_id for f in forms}
    new_drafts = [d for d in drafts.values() if d.target_id not in published and d.kind == "form"]
    return render_template(
        "designer/library.html",
        title="Form library",
        rows=rows,
        new_drafts=new_drafts,
        pathways=pathways,
        published=service.recently_published(),
        drafts_by_target=drafts,
        rejected=service.last_closed([f.form_id for f in forms] + [p.pathway_id for p in pathways]),
        queue=service.review_queue(current_user),
    )


@bp.route("/forms/new", methods=["GET", "POST"])
@access.roles(*EDIT)
def new_form():
    errors: dict[str, str] = {}
    title = ""
    if request.method == "POST":
        title = request.form.get("title", "").strip()
        if not title:
            errors["title"] = "Enter the form's title"
        else:
            try:
                draft = service.start_new_form(current_user, title[:200])
            except OperationRefused as exc:
                errors["title"] = str(exc)
            else:
                return redirect(url_for("designer.structure", draft_id=draft.id))
    return render_template(
        "designer/new.html", title="Start a new form", errors=errors, value=title
    )


@bp.route("/forms/<form_id>/draft", methods=["POST"])
@access.roles(*EDIT)
def start_draft(form_id: str):
    try:
        draft = service.start_from_published(current_user, form_id)
    except service.DraftNotFound:
        abort(404)
    return redirect(url_for("designer.structure", draft_id=draft.id))


@bp.route("/pathways/<pathway_id>/export.zip")
@access.roles(*REVIEW)
def export(pathway_id: str):
    """The pathway, its forms and their change logs as a bundle for another council: the
    same bytes as `convivial export --council <this council's name>`."""
    if library.latest_pathway_version(pathway_id) is None:
        abort(404)
    council = current_app.config.get("COUNCIL_NAME") or DEFAULT_COUNCIL
    try:
        data = exchange.export_bytes(current_app.config["LIBRARY_PATH"], pathway_id, council)
    except FileNotFoundError:
        abort(404)  # published here but not in the library folder
    return Response(
        data,
        mimetype="application/zip",
        headers={"Content-Disposition": f'attachment; filename="{pathway_id}-bundle.zip"'},
    )


@bp.route("/pathways/<pathway_id>")
@access.roles(*REVIEW)
def pathway(pathway_id: str):
    version = library.latest_pathway_version(pathway_id)
    if version is None:
        abort(404)
    definition = version.definition
    return render_template(
        "designer/pathway.html",
        title=version.title,
        pathway=version,
        doc=definition,
        diagram=diagram.svg(definition, {f.form_id: f.title for f in library.latest_forms()}),
        transitions=diagram.transitions(definition),
        triggers=diagram.triggers(definition, pathway_pages.question_labels(definition)),
        timescale=lambda due: diagram.timescale(
            due, diagram.parameter_defaults(definition), diagram.start_names(definition)
        ),
        questions=pathway_pages.question_labels(definition),
        stage_titles=dict(pathway_pages.stage_choices(definition)),
        case_words=case_sources.in_sentence,
    )
