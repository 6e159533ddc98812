"""Someone given a temporary password chooses their own before doing anything else.

One request hook, not a check in each view, so a new page cannot forget it. Only the
change-password page, the session's own machinery (sign out, a fresh form token, keeping
the session alive) and what anyone may see signed out (static files, stylesheets, the
health check) are let through.
"""

from __future__ import annotations

from flask import redirect, request, url_for
from flask_login import current_user

from casework import access

CHANGE_PAGE = "account.change_password"
# The auth blueprint holds sign-in and sign-out, the timeout one keeps the session alive
# and says when it ended: none of it shows data, and the warning must work on the
# change-password page too.
LET_THROUGH_BLUEPRINTS = frozenset({"auth", "timeout"})
LET_THROUGH_ENDPOINTS = frozenset({"static", CHANGE_PAGE})


def require_change():
    """before_request hook, after access.enforce has decided who is signed in."""
    endpoint = request.endpoint
    if endpoint is None or endpoint in LET_THROUGH_ENDPOINTS:
        return None
    if request.blueprint in LET_THROUGH_BLUEPRINTS:
        return None
    if access.declaration_for(endpoint) == access.PUBLIC:
        return None
    user = current_user._get_current_object()
    if not user.is_authenticated or not user.must_change_password:
        return None
    wants_json = request.accept_mimetypes.best == "application/json" or request.is_json
    if wants_json:
        return {
            "error": "password_change_required",
            "message": "Choose a new password before you carry on.",
            "change_password": url_for(CHANGE_PAGE),
        }, 403
    if request.method in ("GET", "HEAD"):
        return redirect(url_for(CHANGE_PAGE, next=request.full_path.rstrip("?")))
    return redirect(url_for(CHANGE_PAGE), 303)
