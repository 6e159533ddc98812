"""Warning before the idle timeout (WCAG 2.2 SC 2.2.1): how long is left, staying
signed in, and a page that says what is true once time has run out.

The page's script (static/js/session-timeout.mjs) asks ``/session/status`` before it
warns and before it gives up, so activity in another tab counts. Asking is public and
never counts as activity; staying signed in is a CSRF-protected POST that does.
"""

from __future__ import annotations

from datetime import UTC, datetime
from urllib.parse import urlsplit

from flask import (
    Blueprint,
    current_app,
    g,
    redirect,
    render_template,
    request,
    session,
    url_for,
)
from flask_login import current_user
from werkzeug.exceptions import HTTPException

from casework import access
from casework.auth import sessions
from casework.auth.routes import _safe_next

bp = Blueprint("timeout", __name__)


def duration(seconds: int) -> str:
    """'30 minutes', '1 minute', '45 seconds': how people say a length of time."""
    if seconds < 60:
        return f"{seconds} second" if seconds == 1 else f"{seconds} seconds"
    count = round(seconds / 60)
    return f"{count} minute" if count == 1 else f"{count} minutes"


def _token() -> str | None:
    # Flask-Login keeps the session token under this key (casework/auth/routes.py).
    return session.get("_user_id")


@bp.route("/session/status")
@access.public
def status():
    """Public, so that asking reads the session row without touching it."""
    left = sessions.seconds_left(_token())
    return {"signed_in": left > 0, "remaining_seconds": left}


@bp.route("/session/extend", methods=["POST"])
@access.signed_in
def extend():
    """'Stay signed in': idle time starts again from now, in every tab."""
    return {"signed_in": True, "remaining_seconds": sessions.extend(_token())}


@bp.route("/timed-out")
@access.public
def timed_out():
    token = _token()
    back = _safe_next(request.args.get("next"))
    if token and sessions.seconds_left(token) > 0:
        return redirect(back)  # still signed in (another tab kept it alive): carry on
    if token and sessions.end_reason(token) is None:
        # Within the last second the row may not have been ended yet: end it now, so the
        # page never shows someone as signed in once the warning said they are not.
        sessions.end(token, "expired")
        session.pop("_user_id", None)
    return render_template(
        "auth/timed_out.html",
        reason=sessions.end_reason(token),
        idle=duration(current_app.config["IDLE_TIMEOUT_SECONDS"]),
        saved_at=_moment(request.args.get("saved_at", "")),
        kept=request.args.get("kept") == "1",
        back=back,
    )


def _moment(text: str) -> datetime | None:
    """A save time the page passed on, as naive UTC like every stored time."""
    try:
        moment = datetime.fromisoformat(text[:40])
        if moment.tzinfo is not None:
            moment = moment.astimezone(UTC).replace(tzinfo=None)
    except (ValueError, OverflowError):
        return None
    # A hand-made link with the year 1 or 9999 would overflow on the way to UK time.
    return moment if 2000 <= moment.year <= 2999 else None


def page_settings() -> dict | None:
    """What a signed-in page's script needs to warn in time (None when signed out)."""
    last_seen = g.get("session_last_seen_at")  # set only by reading a live session
    if last_seen is None or not current_user.is_authenticated:
        return None
    config = current_app.config
    return {
        "remaining": sessions.remaining_seconds(last_seen),
        "warning": min(config["TIMEOUT_WARNING_SECONDS"], config["IDLE_TIMEOUT_SECONDS"]),
        "idle": duration(config["IDLE_TIMEOUT_SECONDS"]),
    }


def _page_to_return_to() -> str:
    """A page the person can GET after signing in: the one posted to if it has a GET
    (a form), else the page they posted from (a "Submit" button), else home."""
    adapter = current_app.url_map.bind("localhost")
    referrer = urlsplit(request.referrer or "")
    own_host = urlsplit(request.host_url).netloc
    candidates = [request.path]
    if referrer.netloc == own_host and referrer.path:
        candidates.append(referrer.path + (f"?{referrer.query}" if referrer.query else ""))
    for candidate in candidates:
        try:
            adapter.match(urlsplit(candidate).path, method="GET")
        except HTTPException:
            continue
        return _safe_next(candidate)
    return url_for("home.index")


def after_timeout_page(typed: list[tuple[str, str]]) -> str:
    from casework.records.after_timeout import describe

    view_args = request.view_args or {}
    record_id = (
        view_args.get("record_id") if (request.endpoint or "").startswith("records.") else None
    )
    truth = describe(sessions.timed_out_user(_token()), record_id, request.form)
    return render_template(
        "auth/signed_out_post.html",
        reason=sessions.end_reason(_token()),
        typed=[(truth.labels.get(name, _plain(name)), value) for name, value in typed],
        all_saved=truth.all_saved,
        saved_at=truth.saved_at,
        idle=duration(current_app.config["IDLE_TIMEOUT_SECONDS"]),
        back=_page_to_return_to(),
    )


def _plain(name: str) -> str:
    """A posted name with no question behind it, in words rather than as an id."""
    words = name.replace("_", " ").replace("-", " ").strip()
    return words[:1].upper() + words[1:]
