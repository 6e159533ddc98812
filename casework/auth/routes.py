from __future__ import annotations

from urllib.parse import urlsplit

from flask import Blueprint, abort, flash, g, redirect, render_template, request, session, url_for
from flask_login import current_user, login_user, logout_user

from casework import access, audit
from casework.auth import service, sessions
from casework.auth.forms import SignInForm, SignOutForm

bp = Blueprint("auth", __name__)

LOCKED_MESSAGE = (
    "You have tried to sign in too many times. Wait {wait}, then try again, "
    "or ask your administrator for help."
)


def minutes(seconds: int) -> str:
    count = max(1, -(-seconds // 60))  # round up: "wait 0 minutes" helps nobody
    return f"{count} minute" if count == 1 else f"{count} minutes"


WRONG_MESSAGE = "Enter a correct username and password"


def _safe_next(target: str | None) -> str:
    """Only return to a page on this service: an open redirect would help phishing."""
    if not target:
        return url_for("home.index")
    parts = urlsplit(target)
    if parts.scheme or parts.netloc or not target.startswith("/") or target.startswith("//"):
        return url_for("home.index")
    return target


@bp.route("/sign-in", methods=["GET", "POST"])
@access.public
def sign_in():
    if current_user.is_authenticated and request.method == "GET":
        return redirect(_safe_next(request.args.get("next")))
    form = SignInForm()
    status = 200
    if form.validate_on_submit():
        outcome = service.authenticate(form.username.data, form.password.data)
        if outcome.throttled:
            abort(429)
        if outcome.user is not None:
            session.clear()
            login_user(outcome.user)
            sessions.start(outcome.user)
            # Flask-Login stored the id before the token existed; store the token.
            session["_user_id"] = outcome.user.session_token
            return redirect(_safe_next(request.args.get("next")))
        message = (
            LOCKED_MESSAGE.format(wait=minutes(outcome.retry_after_seconds))
            if outcome.locked
            else WRONG_MESSAGE
        )
        form.username.errors = [message]
        form.password.errors = [] if outcome.locked else [WRONG_MESSAGE]
        status = 200
    return render_template("auth/sign_in.html", form=form), status


@bp.route("/sign-out", methods=["POST"])
@access.public
def sign_out():
    form = SignOutForm()
    if not form.validate_on_submit():
        abort(400)
    if current_user.is_authenticated:
        audit.record("sign_out")
        sessions.end(current_user.get_id(), "signed_out")
        logout_user()
    session.clear()
    flash("You have signed out.", "success")
    return redirect(url_for("auth.signed_out"))


@bp.route("/signed-out")
@access.public
def signed_out():
    return render_template("auth/signed_out.html")


@bp.route("/session/csrf-token")
@access.signed_in
def fresh_csrf_token():
    """A page open since before the person signed in again needs a new token to save."""
    from flask_wtf.csrf import generate_csrf

    return {"csrf_token": generate_csrf()}


def typed_answers() -> list[tuple[str, str]]:
    """What a refused post carried, minus the page's own machinery, to show back."""
    return [
        (name, value)
        for name, value in request.form.items(multi=True)
        if value.strip()
        and not name.startswith("_")
        and name not in ("csrf_token", "revision", "save_key", "password")
    ]


def unauthorized():
    """Flask-Login's handler: a page asks you to sign in; a script gets a 401 it can handle."""
    expired = getattr(g, "session_expired", False)
    wants_json = request.accept_mimetypes.best == "application/json" or request.is_json
    if request.method not in ("GET", "HEAD") and not wants_json:
        # A page posted after the session ended: nothing from it is saved. Say what the
        # server holds and show what was typed, so nothing is lost.
        from casework.auth.timeout import after_timeout_page

        return after_timeout_page(typed_answers()), 401
    if wants_json or request.method not in ("GET", "HEAD"):
        body = {
            "error": "signed_out",
            "message": "Your session has ended. Sign in again; nothing you saved is lost.",
            "sign_in": url_for("auth.sign_in"),
        }
        return body, 401
    if expired:
        flash(
            "You were signed out because you had not done anything for a while. "
            "Sign in again to carry on where you left off.",
            "important",
        )
    return redirect(url_for("auth.sign_in", next=request.full_path.rstrip("?")))
