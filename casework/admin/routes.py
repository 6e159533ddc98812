from __future__ import annotations

from flask import Blueprint, abort, flash, redirect, url_for
from flask_login import current_user
from flask_wtf import FlaskForm

from casework import access
from casework.accounts import service as accounts

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
