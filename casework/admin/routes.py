from __future__ import annotations

from flask import Blueprint, abort, flash, redirect, render_template, url_for
from flask_login import current_user
from flask_wtf import FlaskForm

from casework import access
from casework.accounts import passwords
from casework.accounts import service as accounts
from casework.accounts.forms import TemporaryPasswordForm

bp = Blueprint("admin", __name__, url_prefix="/admin")


@bp.route("/users/<int:user_id>/active", methods=["POST"])
@access.roles("administrator")
def set_active(user_id: int):
    form = FlaskForm()
    if not form.validate_on_submit():
        abort(400)
    user = accounts.get(user_id)
    if user is None:
        abort(404)
    if user.id == current_user.id:
        flash("You cannot disable your own account.", "important")
        return redirect(url_for("home.index"))
    make_active = not user.active
    accounts.set_active(user, make_active)
    flash(f"{user.full_name} is now {'able' if make_active else 'unable'} to sign in.", "success")
    return redirect(url_for("home.index"))


@bp.route("/users/<int:user_id>/temporary-password", methods=["GET", "POST"])
@access.roles("administrator")
def temporary_password(user_id: int):
    user = accounts.get(user_id)
    if user is None:
        abort(404)
    if user.id == current_user.id:
        flash(
            "You cannot give yourself a temporary password. Change your password here.", "important"
        )
        return redirect(url_for("account.change_password"))
    form = TemporaryPasswordForm()
    if form.validate_on_submit():
        typed = form.password.data or None
        try:
            password = passwords.set_temporary_password(user, typed)
        except passwords.PasswordRefused as refused:
            form.password.errors.append(refused.message)
        else:
            # Shown on this response only: no page to come back to with it on.
            return render_template(
                "admin/temporary_password_set.html",
                user=user,
                password=None if typed else password,
            )
    return render_template("admin/temporary_password.html", form=form, user=user)
