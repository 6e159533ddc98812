"""Every view declares who may use it; anything undeclared is refused.

Declarations are attributes on the view function, so a test can walk app.url_map and
fail on any endpoint that forgot one, and the request hook can enforce them centrally.
"""

from __future__ import annotations

from collections.abc import Callable

from flask import abort, current_app, request
from flask_login import current_user

from casework.models import ROLES

ACCESS_ATTRIBUTE = "_convivial_access"
PUBLIC = "public"
SIGNED_IN = "signed_in"

# Flask's own static route serves only built CSS, JS and images.
BUILT_IN_PUBLIC_ENDPOINTS = frozenset({"static"})


def public(view: Callable) -> Callable:
    """Anyone, signed in or not (sign-in page, health check, error pages)."""
    setattr(view, ACCESS_ATTRIBUTE, PUBLIC)
    return view


def signed_in(view: Callable) -> Callable:
    """Anyone signed in, whatever their role."""
    setattr(view, ACCESS_ATTRIBUTE, SIGNED_IN)
    return view


def roles(*allowed: str) -> Callable[[Callable], Callable]:
    """Only people holding one of these roles."""
    unknown = set(allowed) - set(ROLES)
    if unknown or not allowed:
        raise ValueError(f"Unknown roles {sorted(unknown)}; choose from {sorted(ROLES)}")

    def decorate(view: Callable) -> Callable:
        setattr(view, ACCESS_ATTRIBUTE, frozenset(allowed))
        return view

    return decorate


def declaration_for(endpoint: str | None) -> object | None:
    if endpoint is None:
        return None
    if endpoint in BUILT_IN_PUBLIC_ENDPOINTS:
        return PUBLIC
    view = current_app.view_functions.get(endpoint)
    return getattr(view, ACCESS_ATTRIBUTE, None)


def undeclared_endpoints(app) -> list[str]:
    with app.app_context():
        return sorted(
            rule.endpoint
            for rule in app.url_map.iter_rules()
            if declaration_for(rule.endpoint) is None
        )


def enforce():
    """before_request hook: apply the view's declaration."""
    if request.endpoint is None:
        return  # Flask will answer 404/405 itself.
    declared = declaration_for(request.endpoint)
    if declared is None:
        current_app.logger.error("Refused %s: the view declares no access rule", request.endpoint)
        abort(403)
    if declared == PUBLIC:
        return
    user = current_user._get_current_object()  # loads who is signed in, once a request
    if not user.is_authenticated:
        return current_app.login_manager.unauthorized()
    if declared == SIGNED_IN:
        return
    if user.role not in declared:
        abort(403)
