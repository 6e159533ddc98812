"""Screens for restricted cases: who is named, breaking the glass, and stalled cases."""

from __future__ import annotations

from flask import Blueprint, abort, flash, redirect, render_template, url_for
from flask_login import current_user
from flask_wtf import FlaskForm
from wtforms.fields.choices import SelectChoice

from casework import access
from casework.cases import access as case_access
from casework.cases import naming, service
from casework.cases.forms import BreakGlassForm, NamePersonForm
from casework.clock import uk_time
from casework.models import User
from casework.models.time import utcnow

bp = Blueprint("restricted", __name__)

CASE_ROLES = ("practitioner", "team_manager")


def _case_or_404(case_id: int, purpose: str):
    try:
        return service.get(current_user, case_id, purpose=purpose)
    except service.CaseNotFound:
        abort(404)


def _person_choices(form: NamePersonForm, people: list[User]) -> None:
    form.person.choices = [SelectChoice("", "Choose a person")] + [
        SelectChoice(str(u.id), f"{u.full_name} ({u.role_name}, {u.team.name})") for u in people
    ]


@bp.route("/cases/<int:case_id>/named", methods=["GET", "POST"])
@access.roles(*CASE_ROLES)
def named(case_id: int):
    case = _case_or_404(case_id, purpose="case_named_people_viewed")
    if not case.restricted:
        abort(404)
    manage = case_access.may_name_people(current_user, case)
    form = NamePersonForm()
    _person_choices(form, naming.candidates(case))
    if manage and form.validate_on_submit():
        try:
            user = naming.name_person(current_user, case, int(form.person.data), form.reason.data)
        except (naming.NamingRefused, ValueError) as refused:
            form.person.errors = [*form.person.errors, str(refused)]
        else:
            flash(f"{user.full_name} can now see this case.", "success")
            return redirect(url_for("restricted.named", case_id=case.id))
    return render_template(
        "cases/named.html",
        case=case,
        people=naming.named(case),
        form=form if manage else None,
        remove_form=FlaskForm(),
    )


@bp.route("/cases/<int:case_id>/named/<int:user_id>/remove", methods=["POST"])
@access.roles(*CASE_ROLES)
def remove(case_id: int, user_id: int):
    case = _case_or_404(case_id, purpose="")
    if not FlaskForm().validate_on_submit():
        abort(400)
    try:
        user = naming.remove_person(current_user, case, user_id)
    except naming.NamingRefused as refused:
        flash(str(refused), "important")
    else:
        flash(f"{user.full_name} can no longer see this case.", "success")
    return redirect(url_for("restricted.named", case_id=case.id))


@bp.route("/cases/break-glass", methods=["GET", "POST"])
@access.roles(*CASE_ROLES)
def break_glass():
    form = BreakGlassForm()
    if form.validate_on_submit():
        try:
            grant = naming.break_glass(current_user, form.reference.data, form.reason.data)
        except naming.NamingRefused as refused:
            field = form.reason if "reason" in str(refused) else form.reference
            field.errors = [*field.errors, str(refused)]
        else:
            flash(
                f"You can see this case until {uk_time(grant.expires_at, '%H:%M on %-d %B')}. "
                "Auditors have been told.",
                "important",
            )
            return redirect(url_for("cases.show", case_id=grant.case_id))
    until = case_access.break_glass_expiry(utcnow(), naming.break_glass_hours())
    return render_template(
        "cases/break_glass.html", form=form, until=uk_time(until, "%H:%M on %-d %B")
    )


@bp.route("/admin/restricted-cases")
@access.roles("administrator")
def stalled():
    cases = naming.stalled()
    return render_template("admin/stalled_cases.html", cases=cases)


@bp.route("/admin/restricted-cases/<int:case_id>", methods=["GET", "POST"])
@access.roles("administrator")
def name_for_stalled(case_id: int):
    case = naming.restricted_case(case_id)
    if case is None:
        abort(404)
    form = NamePersonForm()
    _person_choices(form, naming.candidates(case))
    if form.validate_on_submit():
        try:
            user = naming.name_for_stalled(current_user, case, form.person.data, form.reason.data)
        except naming.NamingRefused as refused:
            form.person.errors = [*form.person.errors, str(refused)]
        else:
            flash(f"{user.full_name} can now open {case.reference}.", "success")
            return redirect(url_for("restricted.stalled"))
    return render_template(
        "admin/name_for_stalled.html", case=case, form=form, people=naming.named(case)
    )
