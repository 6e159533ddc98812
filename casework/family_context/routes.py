"""Administrators import family context: upload, preview, confirm; then review held matches."""

from __future__ import annotations

from flask import Blueprint, abort, flash, redirect, render_template, request, url_for
from flask_login import current_user
from flask_wtf import FlaskForm

from casework import access
from casework.family_context import files as context_files
from casework.family_context import matching, service

bp = Blueprint("family_context", __name__, url_prefix="/admin/family-context")

MAX_UPLOAD_BYTES = 5 * 1024 * 1024


def _page(problems=(), status=200):
    return (
        render_template(
            "family_context/upload.html",
            problems=problems,
            files=context_files.FILES,
            rule=matching.RULE,
            limits=(context_files.MAX_FILES, context_files.MAX_FILE_BYTES // (1024 * 1024)),
        ),
        status,
    )


@bp.route("/", methods=["GET", "POST"])
@access.roles("administrator")
def upload():
    if request.method == "GET":
        return _page()
    if not FlaskForm().validate_on_submit():
        abort(400)
    sent = [f for f in request.files.getlist("files") if f and f.filename]
    if not sent:
        problem = context_files.Problem(
            "", None, None, "No files were chosen.", "Either choose the CSV files or cancel."
        )
        return _page([problem], 400)
    if request.content_length and request.content_length > MAX_UPLOAD_BYTES:
        problem = context_files.Problem(
            "",
            None,
            None,
            "The files together are larger than 5 MB.",
            "Either send people in smaller sets or leave out older rows.",
        )
        return _page([problem], 400)
    files = {f.filename: f.read(context_files.MAX_FILE_BYTES + 1) for f in sent}
    checked = service.preview(files)
    if checked.problems:
        service.record_refused(checked)
        return _page(checked.problems, 400)
    kept = service.keep_upload(files, current_user, checked)
    return render_template(
        "family_context/preview.html",
        checked=checked,
        upload=kept,
        relationships=context_files.RELATIONSHIPS,
    )


@bp.route("/<int:upload_id>/import", methods=["POST"])
@access.roles("administrator")
def confirm(upload_id: int):
    if not FlaskForm().validate_on_submit():
        abort(400)
    try:
        files = service.upload_files(upload_id, current_user)
    except service.UploadNotFound:
        abort(404)
    checked = service.import_files(files, user=current_user, upload_id=upload_id)
    if checked.problems:
        service.record_refused(checked)
        return _page(checked.problems, 400)
    flash(
        f"Imported family context for {len(checked.people)} people on "
        f"{len(checked.case_ids)} cases. {len(checked.held)} are held for you to review.",
        "success",
    )
    return redirect(url_for("family_context.review"))


@bp.route("/review")
@access.roles("administrator")
def review():
    return render_template("family_context/review.html", held=service.held(), rule=matching.RULE)


@bp.route("/review/<int:context_person_id>", methods=["POST"])
@access.roles("administrator")
def decide(context_person_id: int):
    if not FlaskForm().validate_on_submit():
        abort(400)
    choice = request.form.get("decision")
    if choice not in ("confirm", "reject"):
        abort(400)
    decided = service.decide(context_person_id, confirm=choice == "confirm", user=current_user)
    if decided is None:
        flash("That person was already decided.", "important")
    else:
        flash(
            f"{decided.full_name}: "
            + ("confirmed, now shown on the case." if choice == "confirm" else "rejected."),
            "success",
        )
    return redirect(url_for("family_context.review"))
