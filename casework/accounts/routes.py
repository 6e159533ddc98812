"""A person's own account: changing their password."""

from __future__ import annotations

from flask import Blueprint, flash, redirect, render_template, request, session
from flask_login import current_user

from casework import access
from casework.accounts import passwords
from casework.accounts.forms import ChangePasswordForm
from casework.auth import sessions
from casework.auth.routes import _safe_next

bp = Blueprint("account", __name__, url_prefix="/account")


@bp.route("/password", methods=["GET", "POST"])
@access.signed_in
def change_password():
    form = ChangePasswordForm()
    user = current_user._get_current_object()
    forced = user.must_change_password
    if form.validate_on_submit():
        try:
            passwords.change_password(
                user, current=form.current_password.data, new=form.new_password.data
            )
        except passwords.PasswordRefused as refused:
            getattr(form, refused.field).errors.append(refused.message)
        else:
            # Every session ended with the old password, this one too (a copied cookie
            # must not outlive the change): carry on in a fresh one.
            session["_user_id"] = sessions.start(user)
            flash(
                "You have changed your password. Anywhere else you were signed in, "
                "you have been signed out.",
                "success",
            )
            return redirect(_safe_next(request.args.get("next")))
    return render_template("accounts/change_password.html", form=form, forced=forced)
