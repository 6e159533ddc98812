"""Subject access screens, for administrators (information governance)."""

from __future__ import annotations

from datetime import date

from flask import Blueprint, Response, abort, render_template, request
from flask_login import current_user

from casework import access, audit
from casework.subject_access import service
from casework.subject_access.forms import ExportForm

bp = Blueprint("subject_access", __name__, url_prefix="/admin/subject-access")


@bp.route("/")
@access.roles("administrator")
def index():
    query = request.args.get("q", "")[:100]
    people = service.find_people(query) if query else []
    if people:
        audit.record(
            "subject_access_searched",
            detail={"query": query},
            case_ids=sorted({p.case_id for p in people}),
        )
    return render_template("subject_access/index.html", query=query, people=people)


@bp.route("/<int:person_id>", methods=["GET", "POST"])
@access.roles("administrator")
def export(person_id: int):
    person = service.person(person_id)
    if person is None:
        abort(404)
    form = ExportForm()
    if form.validate_on_submit():
        try:
            made = service.export(
                current_user, person.id, form.request_reference.data, form.format.data, date.today()
            )
        except service.RequestRefused as refused:
            form.request_reference.errors = [*form.request_reference.errors, str(refused)]
        else:
            headers = {"Cache-Control": "no-store"}
            if form.format.data != "html":
                headers["Content-Disposition"] = f'attachment; filename="{made.filename}"'
            return Response(made.content, mimetype=made.media_type, headers=headers)
    return render_template("subject_access/export.html", person=person, form=form)
