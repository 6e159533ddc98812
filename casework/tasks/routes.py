"""Adding a one-off task to a case, and marking a task done."""

from __future__ import annotations

from datetime import date

from flask import Blueprint, abort, redirect, render_template, request, url_for
from flask_login import current_user
from wtforms.fields.choices import SelectChoice

from casework import access
from casework.cases import service as cases
from casework.library import service as library
from casework.pathway import service as pathway_service
from casework.tasks import service as tasks
from casework.tasks.forms import TaskForm

bp = Blueprint("tasks", __name__, url_prefix="/cases/<int:case_id>/tasks")
CASE_ROLES = ("practitioner", "team_manager")


def _case_or_404(case_id: int, purpose: str = ""):
    try:
        return cases.get(current_user, case_id, purpose=purpose)
    except cases.CaseNotFound:
        abort(404)


def _form_choices(case) -> list[SelectChoice]:
    pathway = pathway_service.pathway_of(case)
    seen, choices = set(), []
    for stage in pathway.stages:
        if stage.form and stage.form not in seen:
            seen.add(stage.form)
            version = library.latest_form_version(stage.form)
            if version is not None:
                choices.append(SelectChoice(stage.form, library.form_model(version).title))
    return choices


@bp.route("/new", methods=["GET", "POST"])
@access.roles(*CASE_ROLES)
def new(case_id: int):
    case = _case_or_404(case_id, purpose="add_task_page_viewed" if request.method == "GET" else "")
    form = TaskForm()
    form.form.choices = [form.form.choices[0], *_form_choices(case)]
    if form.validate_on_submit():
        tasks.add_one_off(
            current_user,
            case,
            title=form.title.data.strip(),
            due_on=form.due_on.data,
            form=form.form.data,
        )
        return redirect(url_for("cases.show", case_id=case.id, _anchor="tasks"))
    return render_template("tasks/new.html", case=case, form=form)


@bp.route("/<int:task_id>/done", methods=["POST"])
@access.roles(*CASE_ROLES)
def done(case_id: int, task_id: int):
    case = _case_or_404(case_id)
    try:
        task = tasks.get(case, task_id)
    except tasks.TaskNotFound:
        abort(404)
    tasks.mark_done(current_user, task, date.today())
    return redirect(url_for("cases.show", case_id=case.id, _anchor="tasks"))
